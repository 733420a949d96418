"""Commands: ``tools`` (the capability catalogue) and ``tools select`` (which tool for what)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from wavjourney.cli.app import app, friendly_errors
from wavjourney.cli.render_commands import ToolSettingOption

if TYPE_CHECKING:
    from wavjourney.selection import Selection

tools_app = typer.Typer(
    help="The generator tools: what each can do, and which fits a request.",
    invoke_without_command=True, no_args_is_help=False, rich_markup_mode=None)
app.add_typer(tools_app, name="tools")


@tools_app.callback()
@friendly_errors
def tools(
    ctx: typer.Context,
    as_json: bool = typer.Option(False, "--json", help="Print the catalogue as JSON: every "
                                 "registered tool's card, installed or not."),
    tool_option: list[str] | None = ToolSettingOption,
) -> None:
    """List the generator tools (installed or not) and what they can do."""
    if ctx.invoked_subcommand is not None:
        return
    from wavjourney.cli.render_commands import make_studio
    from wavjourney.selection import catalogue

    studio = make_studio(tool_settings=tool_option)
    cards = catalogue(studio.registry)
    if as_json:
        typer.echo(json.dumps({"tools": [c.to_json() for c in cards]}, indent=2))
        return
    from rich.console import Console
    from rich.table import Table

    console = Console()
    table = Table(title="Generator tools", title_justify="left", show_lines=True,
                  expand=False)
    table.add_column("tool", no_wrap=True)
    table.add_column("ready", overflow="fold", max_width=24)
    table.add_column("what it does", overflow="fold", ratio=1)
    missing = []
    for card in cards:
        ready = "yes" if card.available else "no"  # the fix follows the table
        if not card.available:
            missing.append(f"{card.name}: {card.unavailable_reason}")
        tasks = ", ".join(card.tasks) or "none"
        capabilities = ", ".join(sorted(card.info.capabilities)) or "none"
        table.add_row(f"{card.name}\n[dim]{card.info.kind.replace('_', ' ')}, quality "
                      f"{card.info.quality}[/dim]", ready,
                      f"{card.info.description}\n[dim]tasks: {tasks}\ncapabilities: "
                      f"{capabilities}[/dim]")
    console.print(table)
    for line in missing:  # in full (the table has no room), wrapped to the terminal
        console.print(line, markup=False, highlight=False)
    _print_sound_categories(console, studio)


def _print_sound_categories(console, studio) -> None:
    """The categories the sound-effect tool in use knows, so people can describe sounds."""
    from rich.table import Table

    categories = studio.resolver.sound_catalogue()
    if not categories:
        return
    listing = Table(title=f"Sound categories ({len(categories)}): describe a sound effect "
                    "with one of these words", title_justify="left", box=None, padding=(0, 1))
    listing.add_column("category", no_wrap=True, style="bold")
    listing.add_column("what it sounds like", overflow="fold", ratio=1)
    for name, description in sorted(categories.items()):
        listing.add_row(name.replace("_", " "), description)
    console.print()
    console.print(listing)


@tools_app.command("select")
@friendly_errors
def select(
    instruction: str = typer.Argument(..., help='What you want, e.g. "a dog barking far '
                                      'away" or "read this in the voice of the attached '
                                      'recording".'),
    audio: Path | None = typer.Option(None, "--audio", help="A recording the instruction "
                                      "refers to (a voice to clone, a melody to follow)."),
    image: Path | None = typer.Option(None, "--image", help="An image the instruction refers "
                                      "to (used only by a chat model that accepts images)."),
    kind: str | None = typer.Option(None, "--kind", help="Only tools of this kind: speech, "
                                    "music or sound_effect."),
    show_all: bool = typer.Option(False, "--all", help="Also list tools that are not "
                                  "installed here, with their install line."),
    as_json: bool = typer.Option(False, "--json", help="Print the selection as JSON."),
    llm: str | None = typer.Option(None, "--llm", help="Chat model that chooses (as for "
                                   "`plan`); default: the configured one, else offline."),
    base_url: str | None = typer.Option(None, "--base-url", help="OpenAI-compatible server "
                                        "URL for --llm."),
) -> None:
    """Which tools fit an instruction (and its attachments), best first, or `unknown`."""
    from wavjourney.cli.app import fail
    from wavjourney.cli.render_commands import make_studio
    from wavjourney.planner.config import LLMSettings

    if kind is not None and kind not in ("speech", "music", "sound_effect"):
        fail(f"--kind takes speech, music or sound_effect; got {kind!r}")
    settings = LLMSettings.from_environment(llm=llm, base_url=base_url)
    studio = make_studio(llm=settings.resolve())
    selection = studio.select_tools(instruction, audio=audio, image=image, kind=kind,
                                    installed_only=not show_all)
    if as_json:
        typer.echo(json.dumps(selection.to_json(), indent=2))
        return
    _print(selection)


def _print(selection: Selection) -> None:
    from rich.console import Console
    from rich.markup import escape

    console = Console(highlight=False, soft_wrap=True)
    if selection.unknown:
        console.print(f"[bold]unknown[/bold]: {escape(selection.reason)}")
    for rank, c in enumerate(selection.candidates, 1):
        where = ("" if c.installed and c.available
                 else f"  [dim](install: {escape(c.install)})[/dim]")
        console.print(f"{rank}. [bold]{c.tool}[/bold] ({c.kind}, {c.score:.2f}): "
                      f"{escape(c.reason)}{where}")
    if not selection.unknown and not selection.candidates:
        console.print(escape(selection.reason))
    for warning in selection.warnings:
        console.print(f"[yellow]warning:[/yellow] {escape(warning)}")


@app.command()
@friendly_errors
def download(
    tool: str = typer.Argument(..., help="A neural tool: musicgen, audiogen, xtts or vits."),
    model: str | None = typer.Option(None, "--model", help="Hub id or model name (default: "
                                     "the tool's default checkpoint)."),
) -> None:
    """Fetch a neural tool's checkpoint into its library's cache (needs the model hub), so
    renders find it with no network."""
    from wavjourney.cli.app import fail
    from wavjourney.cli.render_commands import make_studio
    from wavjourney.tools.neural.base import NeuralTool

    registry = make_studio().registry
    tool_class = registry.tool_class(tool)
    if not issubclass(tool_class, NeuralTool):
        fail(f"tool {tool!r} has no checkpoint to download")
    tool_class.installed()
    typer.echo(tool_class(**({"model": model} if model else {})).download())

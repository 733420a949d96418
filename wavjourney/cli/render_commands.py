"""Commands: render, compile, schema, voices, tools."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from wavjourney.cli.app import app, fail, friendly_errors

if TYPE_CHECKING:
    from wavjourney.api import Studio
    from wavjourney.render import RenderResult

# Options shared with the planning commands.
CacheOption = typer.Option(None, "--cache-dir", help="Clip cache folder "
                           "(default: $WAVJOURNEY_CACHE_DIR or ~/.cache/wavjourney).")
ToolOption = typer.Option(None, "--tool", help="Tool for a kind, as KIND=NAME "
                          "(e.g. music=offline-music); repeatable.")
ToolSettingOption = typer.Option(None, "--tool-option", help="An option of a tool, as "
                                 "NAME.KEY=VALUE (e.g. musicgen.model=ckpt/); repeatable; "
                                 "adds to the config file's [tools.NAME] tables.")
OutDirOption = typer.Option(None, "--out", "-d", help="Write the whole bundle to this folder "
                            "(mix, stems, timeline, captions, script, program, report).")
StemsOption = typer.Option("float", "--stems", help="Stem files of the bundle: float "
                           "(32-bit float WAV, never clips), wav or flac (24-bit, smaller; "
                           "stems peaking above 0 dBFS are clipped, with a warning), none.")
OutFileOption = typer.Option(None, "-o", "--output", help="Write just the mix to this file "
                             "(.wav, .flac or .mp3).")


def make_studio(cache_dir: Path | None = None, tools: list[str] | None = None,
                tool_settings: list[str] | None = None, **kwargs: Any) -> Studio:
    """A Studio from command-line options (and the config file's tool options)."""
    from wavjourney.api import Studio

    return Studio(cache_dir=cache_dir, tool_preferences=parse_tool_options(tools or []),
                  tool_options=tool_options(tool_settings), **kwargs)


def tool_options(items: list[str] | None) -> dict[str, dict[str, Any]]:
    """The config file's ``[tools.NAME]`` options, updated by ``--tool-option
    NAME.KEY=VALUE`` values (VALUE is read as JSON where it parses: numbers, true/false)."""
    from wavjourney.planner.config import tool_options_from_config

    options = tool_options_from_config()
    for item in items or []:
        key, sep, raw = item.partition("=")
        name, dot, option = key.rpartition(".")
        if not sep or not dot or not name or not option:
            fail(f"--tool-option takes NAME.KEY=VALUE (e.g. musicgen.model=ckpt/); got {item!r}")
        try:
            value = json.loads(raw)
        except ValueError:
            value = raw
        options.setdefault(name, {})[option] = value
    return options


def parse_tool_options(items: list[str]) -> dict[str, str]:
    """``--tool KIND=NAME`` values → {kind: tool name}; a malformed one fails clearly."""
    preferences = {}
    for item in items:
        kind, sep, name = item.partition("=")
        if not sep or kind not in ("speech", "music", "sound_effect") or not name:
            fail(f"--tool takes KIND=NAME with KIND one of speech, music, sound_effect; got "
                 f"{item!r}")
        preferences[kind] = name
    return preferences


def render_with_progress(studio: Studio, script: Any, out_dir: Path | None = None,
                         out_file: Path | None = None,
                         extra_report: dict[str, Any] | None = None,
                         stems: str = "float") -> RenderResult:
    """Render with a rich progress bar (one step per element) and print a summary."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    script = studio.load(script)
    console = Console(stderr=True)
    with Progress(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=console, transient=True) as bar:
        elements = bar.add_task("generating", total=len(script.elements))
        steps = bar.add_task("mixing", total=None)

        def on_event(event) -> None:
            if event.kind != "finished":
                return
            if event.op == "generate":
                bar.update(elements, advance=1, description=f"generated {event.element_id}"
                           + (" (cached)" if event.cached else ""))
            bar.update(steps, completed=event.done, total=event.total)

        result = studio.render(script, out_dir, out_file=out_file, progress=on_event,
                               extra_report=extra_report, stems=stems)
    report = result.report
    where = result.bundle_dir or result.mix_path
    console.print(
        f"[green]✓[/green] {result.duration_s:.1f} s of audio in {report['wall_s']:.1f} s "
        f"({report['realtime_factor']}× realtime); {report['generated_clips']} clips "
        f"generated, {report['cached_clips']} cached → {where}", highlight=False)
    for warning in report["warnings"]:
        console.print(f"[yellow]warning:[/yellow] {warning}", highlight=False)
    return result


@app.command()
@friendly_errors
def render(
    script: Path = typer.Argument(..., help="Script JSON (ours or the original WavJourney list)."),
    out: Path | None = OutDirOption,
    output: Path | None = OutFileOption,
    cache_dir: Path | None = CacheOption,
    tool: list[str] | None = ToolOption,
    tool_option: list[str] | None = ToolSettingOption,
    stems: str = StemsOption,
) -> None:
    """Render a script into a mixed, levelled audio piece."""
    check_destination(out, output)
    studio = make_studio(cache_dir, tool, tool_option)
    render_with_progress(studio, script, out_dir=out, out_file=output, stems=stems)


def check_destination(out: Path | None, output: Path | None) -> None:
    """Fail unless exactly where to write is clear: a bundle folder and/or a mix file of a
    supported format."""
    from wavjourney.audio_io import SUPPORTED_SUFFIXES

    if out is None and output is None:
        fail("say where to write: --out DIR for the bundle, or -o FILE for just the mix")
    if output is not None and output.suffix.lower() not in SUPPORTED_SUFFIXES:
        fail(f"-o takes a .wav, .flac or .mp3 file; got {output.name!r}")


@app.command("compile")
@friendly_errors
def compile_command(
    script: Path = typer.Argument(..., help="Script JSON."),
    tool: list[str] | None = ToolOption,
    tool_option: list[str] | None = ToolSettingOption,
) -> None:
    """Print the script's op graph as a readable Python program (a view; nothing runs)."""
    from wavjourney.compiler import graph_to_program

    studio = make_studio(None, tool, tool_option)
    compilation = studio.compile(script)
    typer.echo(graph_to_program(compilation.graph, compilation.script.title))


@app.command()
def schema() -> None:
    """Print the JSON Schema of the audio script."""
    from wavjourney.script import AudioScript

    typer.echo(json.dumps(AudioScript.model_json_schema(), indent=2))


@app.command()
@friendly_errors
def voices(tool: str | None = typer.Option(None, help="Speech tool (default: the best "
                                                         "available)."),
           language: str = typer.Option("en", "--language", help="Language the voices "
                                        "speak (picks the speech tool when none is named)."),
           tool_option: list[str] | None = ToolSettingOption) -> None:
    """List the voice presets characters can be cast to."""
    from rich.console import Console
    from rich.table import Table

    studio = make_studio(tool_settings=tool_option)
    table = Table("name", "gender", "age", "accent", "language", "description")
    for v in studio.voices(tool, language=language):
        table.add_row(v.name, v.gender, v.age, v.accent, v.language, v.description)
    Console().print(table)


@app.command()
@friendly_errors
def tools(tool_option: list[str] | None = ToolSettingOption) -> None:
    """List the installed generator tools and what they can do."""
    from rich.console import Console
    from rich.table import Table

    from wavjourney.exceptions import ToolUnavailable

    studio = make_studio(tool_settings=tool_option)
    table = Table()
    for column, width in (("name", 16), ("kind", 12), ("quality", 7), ("available", 9)):
        table.add_column(column, no_wrap=True, min_width=width)
    table.add_column("capabilities", min_width=14)
    table.add_column("description", no_wrap=True, overflow="ellipsis", max_width=48)
    for info in studio.registry.infos():
        try:
            studio.registry.get(info.name).available()
            ok = "yes"
        except ToolUnavailable as exc:
            ok = f"no: {exc}"
        table.add_row(info.name, info.kind, str(info.quality), ok,
                      ", ".join(sorted(info.capabilities)), info.description)
    Console().print(table)

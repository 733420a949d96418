"""Command: batch (many prompts or scripts, one bundle each; see `wavjourney.batch`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import typer

from wavjourney.cli.app import app, fail, friendly_errors
from wavjourney.cli.planning_commands import (
    BaseUrlOption,
    DurationOption,
    LanguageOption,
    LLMOption,
    _studio,
)
from wavjourney.cli.render_commands import (
    CacheOption,
    ExecutorOption,
    RayAddressOption,
    ToolOption,
    ToolSettingOption,
    executor_spec,
)


@runtime_checkable
class _StartsCluster(Protocol):
    """An executor that can connect to its cluster up front (RayExecutor), without this
    module importing Ray."""

    start_s: float | None  # seconds the connection took, once made

    def start(self) -> None: ...


@app.command()
@friendly_errors
def batch(
    source: Path = typer.Argument(..., help="A prompts file (one prompt a line; # comments) "
                                  "or a folder of script .json files."),
    out: Path = typer.Option(..., "--out", "-d", help="Folder for the bundles "
                             "(<n>-<slug>/ each) and batch.json."),
    jobs: int = typer.Option(2, "--jobs", "-j", min=1, help="Items rendered at once."),
    llm: str | None = LLMOption,
    base_url: str | None = BaseUrlOption,
    duration: float | None = DurationOption,
    language: str = LanguageOption,
    cache_dir: Path | None = CacheOption,
    tool: list[str] | None = ToolOption,
    tool_option: list[str] | None = ToolSettingOption,
    executor: str | None = ExecutorOption,
    ray_address: str | None = RayAddressOption,
) -> None:
    """Render many prompts or scripts, one bundle each; a rerun skips finished items and
    resumes the rest from the clip cache. Exits non-zero if any item failed."""
    from rich.console import Console
    from rich.markup import escape
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    from wavjourney.batch import BATCH_FILE, read_items, run_batch

    items = read_items(source)
    studio, description = _studio(llm, base_url, cache_dir, tool, tool_option,
                                  executor=executor_spec(executor, ray_address))
    console = Console(stderr=True, highlight=False, soft_wrap=True)
    if any(item.kind == "prompt" for item in items):
        console.print(f"planner: {description}", markup=False)
    try:
        # Start a Ray cluster here, in the main thread (Ray sets its signal handlers only
        # there), not in the first item's thread.
        running = studio.engine.executor
        if isinstance(running, _StartsCluster):
            running.start()
            console.print(f"ray: connected in {running.start_s or 0:.1f} s", markup=False)
        with Progress(TextColumn("[bold]{task.description}"), BarColumn(),
                      MofNCompleteColumn(), TimeElapsedColumn(), console=console,
                      transient=True) as bar:
            overall = bar.add_task("rendering", total=len(items))

            def on_item(result: Any) -> None:
                bar.update(overall, advance=1,
                           description=f"{result.status} {escape(result.item.name)}")

            outcome = run_batch(studio, items, out, duration_s=duration, language=language,
                                jobs=jobs, on_item=on_item)
    finally:
        studio.close()  # stops workers (and a Ray cluster this batch started)
    _print_summary(outcome)
    for failed in outcome.failed:
        console.print(f"[bold red]failed:[/bold red] {escape(failed.item.name)}: "
                      f"{escape(failed.error or '')}")
    console.print(f"{len(outcome.results) - len(outcome.failed)} of {len(outcome.results)} "
                  f"items finished in {outcome.wall_s:.1f} s → {out / BATCH_FILE}",
                  markup=False)
    if outcome.failed:
        fail(f"{len(outcome.failed)} item(s) failed; fix them and run the same command "
             "again (finished items are skipped)")


def _print_summary(outcome: Any) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table("item", "duration", "clips generated", "time", "status")
    colours = {"done": "green", "skipped": "cyan", "failed": "red"}
    for r in outcome.results:
        table.add_row(r.item.name,
                      "—" if r.duration_s is None else f"{r.duration_s:.1f} s",
                      str(r.generated_clips), f"{r.wall_s:.1f} s",
                      f"[{colours[r.status]}]{r.status}[/]")
    Console().print(table)


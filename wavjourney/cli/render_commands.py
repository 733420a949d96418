"""Commands: render, compile, schema, voices."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from wavjourney.cli.app import app, fail, friendly_errors
from wavjourney.destination import STDOUT_NAME

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
AlignedStemsOption = typer.Option(False, "--aligned-stems", help="Also write full-length, "
                                  "time-aligned tracks for a DAW (tracks/: each character's "
                                  "speech, music, effects, ambience; 32-bit float).")
OutFileOption = typer.Option(None, "-o", "--output", help="Write just the mix to this file "
                             "(.wav, .flac, .mp3 or .ogg; - writes WAV to stdout).")
ForceOption = typer.Option(False, "--force", help="Render into a folder that holds other files "
                           "(they are kept) or overwrite an existing -o file.")
# "-" on the command line: the script from stdin, the mix to stdout (as destination.py reads it).
STDIN_NAME = STDOUT_NAME
ExecutorOption = typer.Option(None, "--executor", help="Where generation runs: local "
                              "(threads, the default), process (worker processes) or ray "
                              "(a Ray cluster; needs wavjourney[ray]).")
RayAddressOption = typer.Option(None, "--ray-address", help="Ray cluster to join "
                                "(HOST:PORT, ray://HOST:PORT, auto); implies --executor ray. "
                                "Default: $RAY_ADDRESS, else a new local cluster.")
EXECUTORS = ("local", "process", "ray")


def executor_spec(executor: str | None, ray_address: str | None) -> Any:
    """``--executor`` / ``--ray-address`` as what `Studio(executor=...)` takes."""
    if executor is not None and executor not in EXECUTORS:
        fail(f"--executor takes one of {', '.join(EXECUTORS)}; got {executor!r}")
    if ray_address is not None:
        if executor not in (None, "ray"):
            fail(f"--ray-address needs --executor ray, not {executor}")
        from wavjourney.engine.ray_executor import RayExecutor

        return RayExecutor(address=ray_address, max_workers=min(8, os.cpu_count() or 2))
    return executor


def make_studio(cache_dir: Path | None = None, tools: list[str] | None = None,
                tool_settings: list[str] | None = None, **kwargs: Any) -> Studio:
    """A Studio from command-line options (and the config file's tool options)."""
    from wavjourney.api import Studio
    from wavjourney.cli.cache_commands import cache_cap

    studio = Studio(cache_dir=cache_dir, tool_preferences=parse_tool_options(tools or []),
                    tool_options=tool_options(tool_settings), **kwargs)
    studio.cache_max_bytes = cache_cap()  # $WAVJOURNEY_CACHE_MAX_SIZE, else 2 GiB
    return studio


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
    from wavjourney.tools.base import TOOL_KINDS

    preferences: dict[str, str] = {}
    for item in items:
        kind, sep, name = item.partition("=")
        if not sep or kind not in TOOL_KINDS or not name:
            fail(f"--tool takes KIND=NAME with KIND one of {', '.join(TOOL_KINDS)}; got "
                 f"{item!r}")
        preferences[kind] = name
    return preferences


def render_with_progress(studio: Studio, script: Any, out_dir: Path | None = None,
                         out_file: Path | None = None,
                         extra_report: dict[str, Any] | None = None,
                         stems: str = "float", aligned_stems: bool = False) -> RenderResult:
    """Render with per-element progress on stderr and print a summary (``-q``: neither).

    ``out_file`` ``-`` writes the mix as WAV to stdout.
    """
    import sys
    import tempfile

    from rich.console import Console

    from wavjourney.cli.app import NORMAL, STARTED_AT, verbosity
    from wavjourney.cli.progress import ElementProgress

    script = studio.load(script)
    console = Console(stderr=True)
    to_stdout = out_file is not None and str(out_file) == STDOUT_NAME
    with tempfile.TemporaryDirectory(prefix="wavjourney-stdout-") as scratch:
        target = Path(scratch) / "mix.wav" if to_stdout else out_file
        with ElementProgress(script, console, verbosity()) as progress:
            result = studio.render(script, out_dir, out_file=target, progress=progress.on_event,
                                   extra_report=extra_report, stems=stems,
                                   aligned_stems=aligned_stems)
        if to_stdout and result.mix_path is not None:
            sys.stdout.buffer.write(result.mix_path.read_bytes())
            sys.stdout.buffer.flush()
            if out_dir is None:
                result.mix_path, result.files = None, []
    report = result.report
    if verbosity() >= NORMAL:
        where = result.bundle_dir or result.mix_path or "stdout"
        total_s = time.perf_counter() - STARTED_AT
        console.print(
            f"[green]✓[/green] {result.duration_s:.1f} s of audio in {total_s:.1f} s in all "
            f"(rendering {report['wall_s']:.1f} s, {report['realtime_factor']}× realtime); "
            f"{report['generated_clips']} clips generated, {report['cached_clips']} cached → "
            f"{where}", highlight=False)
    print_warnings(console, report["warnings"])
    return result


def print_warnings(console: Any, warnings: list[str]) -> None:
    """A render's warnings on stderr. Better tools that cannot run here are named in one note
    (each fix is in report.json and `wavjourney tools`): an offline user would otherwise read
    the same install lines after every render."""
    from rich.markup import escape

    from wavjourney.cli.app import NORMAL, verbosity
    from wavjourney.render import FALLBACK_WARNING

    passed_over = [w for w in warnings if w.startswith(FALLBACK_WARNING)]
    for warning in warnings:
        if warning not in passed_over:
            console.print(f"[yellow]warning:[/yellow] {escape(warning)}", highlight=False)
    if passed_over and verbosity() >= NORMAL:
        names = sorted({w.split(", not ", 1)[1].split(" ", 1)[0] for w in passed_over})
        console.print(f"note: better tools are not available here ({', '.join(names)}); "
                      "`wavjourney tools` shows what each needs", highlight=False, markup=False)


def read_script_argument(script: Path) -> Any:
    """A script path as given on the command line; ``-`` reads the JSON from stdin."""
    import sys

    if str(script) != STDIN_NAME:
        return script
    text = sys.stdin.read()
    if not text.strip():
        fail("no script on stdin (render - reads the script JSON from standard input)")
    return text


@app.command()
@friendly_errors
def render(
    script: Path = typer.Argument(..., help="Script JSON (ours or the original WavJourney "
                                  "list); - reads it from stdin."),
    out: Path | None = OutDirOption,
    output: Path | None = OutFileOption,
    cache_dir: Path | None = CacheOption,
    tool: list[str] | None = ToolOption,
    tool_option: list[str] | None = ToolSettingOption,
    force: bool = ForceOption,
    executor: str | None = ExecutorOption,
    ray_address: str | None = RayAddressOption,
    stems: str = StemsOption,
    aligned_stems: bool = AlignedStemsOption,
) -> None:
    """Render a script into a mixed, levelled audio piece."""
    check_destination(out, output, force=force)
    studio = make_studio(cache_dir, tool, tool_option,
                         executor=executor_spec(executor, ray_address))
    try:
        render_with_progress(studio, read_script_argument(script), out_dir=out,
                             out_file=output, stems=stems, aligned_stems=aligned_stems)
    finally:
        studio.close()  # stops workers (and a Ray cluster this render started)


def check_destination(out: Path | None, output: Path | None, *, force: bool = False) -> None:
    """Fail unless exactly where to write is clear and safe: a bundle folder and/or a mix
    file of a supported format, touching no file WavJourney did not write unless `force`."""
    from wavjourney.destination import check_destination as check
    from wavjourney.exceptions import DestinationError

    try:
        check(out, output, force=force)
    except DestinationError as exc:
        fail(str(exc))


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

"""Commands: plan, generate, edit, chat.

The LLM comes from ``--llm`` / ``--base-url``, else ``WAVJOURNEY_LLM`` or the config file
(see `wavjourney.planner.config`); with none, the offline planner is used. LangChain and
torch are imported inside the command bodies only, so ``wavjourney --help`` stays fast.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from wavjourney.cli.app import app, fail, friendly_errors
from wavjourney.cli.render_commands import (
    AlignedStemsOption,
    CacheOption,
    ExecutorOption,
    ForceOption,
    OutDirOption,
    OutFileOption,
    RayAddressOption,
    StemsOption,
    ToolOption,
    ToolSettingOption,
    check_destination,
    executor_spec,
    make_studio,
    render_with_progress,
)

if TYPE_CHECKING:
    from wavjourney.api import Studio
    from wavjourney.planner import Plan

LLMOption = typer.Option(
    None, "--llm", help="Chat model as provider:model (openai:gpt-4o-mini, ollama:llama3.1, "
    "anthropic:claude-3-5-haiku-latest), or a model name served at --base-url. Default: "
    "$WAVJOURNEY_LLM or the config file; none configured: the offline planner.")
BaseUrlOption = typer.Option(
    None, "--base-url", help="OpenAI-compatible server (llama.cpp, vLLM, LM Studio), Ollama "
    "host or proxy URL. Default: $WAVJOURNEY_BASE_URL or the config file.")
DurationOption = typer.Option(None, "--duration", min=1.0, help="Target length in seconds "
                              "(default about 45).")
LanguageOption = typer.Option(None, "--language", help="Language of the speech (e.g. en, "
                              "fr; default: the prompt's).")
AudioOption = typer.Option(None, "--audio", help="A voice recording (3-60 s): the main "
                           "character speaks with it where a voice-cloning tool is installed "
                           "(else a preset, with a warning).")
SceneConcurrencyOption = typer.Option(
    None, "--scene-concurrency", min=1, help="Scenes of a long piece planned at once with an "
    "LLM (default 4).")
OFFLINE_NOTE = "Planned with the offline planner (no LLM configured)"
CHAT_HELP = (":undo  :redo  :render  :show  :diff  :save DIR  :help  :quit   "
             "(anything else is an edit instruction)")


@app.command()
@friendly_errors
def plan(
    prompt: str | None = typer.Argument(None, help="What the audio piece is about."),
    output: Path | None = typer.Option(None, "-o", "--output", help="Write the script "
                                          "here (default: print it)."),
    llm: str | None = LLMOption,
    base_url: str | None = BaseUrlOption,
    duration: float | None = DurationOption,
    language: str | None = LanguageOption,
    tool: list[str] | None = ToolOption,
    tool_option: list[str] | None = ToolSettingOption,
    audio: Path | None = AudioOption,
    resume: Path | None = typer.Option(
        None, "--resume", help="Finish a long piece whose scenes failed: plan only the "
        "scenes missing from FILE.partial and write FILE (or -o).", metavar="FILE"),
    scene_concurrency: int | None = SceneConcurrencyOption,
) -> None:
    """Plan an audio script from a prompt (nothing is rendered).

    A long piece (over 5 minutes) is planned as an outline, then scene by scene; when a
    scene fails, the others are kept in OUTPUT.partial for --resume.
    """
    from wavjourney.cli.long_plans import finished, plan_keeping_partial, scene_progress
    from wavjourney.cli.long_plans import resume as resume_plan
    from wavjourney.script import dump_script

    if (prompt is None) == (resume is None):
        fail("give a prompt, or --resume FILE to finish a long piece, not both"
             if prompt else "give a prompt (or --resume FILE to finish a long piece)")
    studio, description = _studio(llm, base_url, None, tool, tool_option,
                                  scene_concurrency=scene_concurrency)
    progress = scene_progress(_note)
    if resume is not None:
        output = output or resume
        result = resume_plan(studio, resume, progress=progress, note=_note)
    else:
        assert prompt is not None  # checked above: one of the two is given
        result = plan_keeping_partial(studio, prompt, output, progress=progress,
                                      duration_s=duration, language=language)
    _say_planned(result, description)
    script = result.script
    if audio is not None:
        script, _ = _voice_reference(studio, script, audio)
    text = dump_script(script) + "\n"
    if output is None:
        typer.echo(text, nl=False)
        return
    _write_text(output, text)
    finished(output, resume)
    _note(f"wrote {output}: {_summary(script)}")
    _keep_outline(output, result.outline)


def _keep_outline(script: Path, outline: Any) -> None:
    """Keep a long piece's outline next to its script, for a later `edit` of one scene."""
    from wavjourney.planner.partial_plan import outline_path, save_outline

    if outline is None:
        return
    if save_outline(script, outline) is None:
        _note(f"kept no outline: {outline_path(script)} is not a WavJourney outline")
    else:
        _note(f"wrote {outline_path(script)}: the outline, for `edit` of one scene")


@app.command()
@friendly_errors
def generate(
    prompt: str = typer.Argument(..., help="What the audio piece is about."),
    out: Path | None = OutDirOption,
    output: Path | None = OutFileOption,
    llm: str | None = LLMOption,
    base_url: str | None = BaseUrlOption,
    duration: float | None = DurationOption,
    language: str | None = LanguageOption,
    cache_dir: Path | None = CacheOption,
    tool: list[str] | None = ToolOption,
    tool_option: list[str] | None = ToolSettingOption,
    force: bool = ForceOption,
    audio: Path | None = AudioOption,
    executor: str | None = ExecutorOption,
    ray_address: str | None = RayAddressOption,
    stems: str = StemsOption,
    aligned_stems: bool = AlignedStemsOption,
    scene_concurrency: int | None = SceneConcurrencyOption,
) -> None:
    """Plan a script from a prompt and render it."""
    from wavjourney.cli.long_plans import generated_plan_file, plan_keeping_partial, scene_progress

    check_destination(out, output, force=force)
    studio, description = _studio(llm, base_url, cache_dir, tool, tool_option,
                                  executor=executor_spec(executor, ray_address),
                                  scene_concurrency=scene_concurrency)
    try:
        plan_file = generated_plan_file(out, output)
        where = f"--out {out}" if out is not None else f"-o {output}"
        result = plan_keeping_partial(
            studio, prompt, plan_file, progress=scene_progress(_note), duration_s=duration,
            language=language, then=f"wavjourney render {plan_file} {where}")
        _say_planned(result, description)
        extra = {"planner": result.planner, "prompt": prompt,
                 "planning_attempts": result.attempts}
        script = result.script
        if audio is not None:
            script, extra["voice_reference"] = _voice_reference(studio, script, audio)
        render_with_progress(studio, script, out_dir=out, out_file=output, extra_report=extra,
                             stems=stems, aligned_stems=aligned_stems)
    finally:
        studio.close()  # stops workers (and a Ray cluster this render started)


@app.command()
@friendly_errors
def edit(
    script: Path = typer.Argument(..., help="The script to edit (JSON)."),
    instruction: str = typer.Argument(..., help='What to change, e.g. "add thunder and make '
                                      'the music quieter".'),
    output: Path = typer.Option(..., "-o", "--output", help="Write the edited script here."),
    llm: str | None = LLMOption,
    base_url: str | None = BaseUrlOption,
    tool: list[str] | None = ToolOption,
    tool_option: list[str] | None = ToolSettingOption,
    audio: Path | None = AudioOption,
) -> None:
    """Edit a script by instruction and print what changed."""
    from wavjourney.planner.partial_plan import load_outline
    from wavjourney.script import dump_script
    from wavjourney.session import diff_scripts

    studio, description = _studio(llm, base_url, None, tool, tool_option)
    original = studio.load(script)
    outline = load_outline(script)  # a long piece's: the context of a one-scene edit
    result = studio.edit(original, instruction, outline=outline)
    edited = result.script
    if audio is not None:
        edited, _ = _voice_reference(studio, edited, audio)
    _write_text(output, dump_script(edited) + "\n")
    if Path(output).resolve() != Path(script).resolve():
        _keep_outline(output, outline)
    typer.echo(str(diff_scripts(original, edited)))
    _note(f"wrote {output}" + ("" if result.planner == "llm" else
                               " (offline edit; no LLM configured)"))


@app.command()
@friendly_errors
def chat(
    script: Path | None = typer.Option(None, "--script", help="Start from this script "
                                          "instead of a prompt."),
    prompt: str | None = typer.Option(None, "--prompt", help="Plan version 1 from this "
                                         "prompt (default: ask for it)."),
    directory: Path | None = typer.Option(None, "--dir", help="Session folder: versions, "
                                          "conversation and renders; an existing session there "
                                          "is resumed (default: a new folder under "
                                          "<cache dir>/sessions)."),
    render: bool = typer.Option(True, "--render/--no-render", help="Render every new "
                                "version."),
    llm: str | None = LLMOption,
    base_url: str | None = BaseUrlOption,
    duration: float | None = DurationOption,
    cache_dir: Path | None = CacheOption,
    tool: list[str] | None = ToolOption,
    tool_option: list[str] | None = ToolSettingOption,
) -> None:
    """Edit a piece turn by turn: each instruction makes a new version, shows its diff and
    renders it (only changed elements regenerate)."""
    from wavjourney.exceptions import WavJourneyError
    from wavjourney.session import Session
    from wavjourney.session.session import SESSION_FILE

    studio, description = _studio(llm, base_url, cache_dir, tool, tool_option)
    _note(f"planner: {description}")
    if directory is None:
        directory = new_session_dir(studio.cache_dir)
        _note(f"session folder: {directory} (resume later with --dir {directory})")
    if (directory / SESSION_FILE).is_file():
        session = Session.load(directory, studio)
        _note(f"resumed the session in {directory} at version {session.version}")
    elif script is not None:
        session = Session(studio, directory=directory, script=script)
    else:
        session = Session(studio, directory=directory)
        first = prompt or _read_line("Describe the audio piece: ")
        if not first:
            fail("no prompt given")
        from wavjourney.cli.long_plans import scene_progress

        result = session.start(first, duration_s=duration, progress=scene_progress(_note))
        _say_planned(result, description)
    typer.echo(f"version {session.version}: {_summary(session.script)}")
    if render:
        _render_turn(session)
    typer.echo(CHAT_HELP)
    while True:
        line = _read_line("> ")
        if line is None or line in (":quit", ":q", ":exit"):
            break
        if not line:
            continue
        try:
            if line.startswith(":"):
                _chat_command(session, line, render)
                continue
            edited = session.edit(line)
            typer.echo(str(edited))
            if render:
                _render_turn(session)
        except WavJourneyError as exc:
            _note(f"[red]error:[/red] {exc}", markup=True, always=True)
    session.save()
    _note(f"session saved in {directory} (version {session.version} of "
          f"{len(session.versions)})")


def _chat_command(session: Any, line: str, render: bool) -> None:
    from wavjourney.script import dump_script

    command, _, argument = line.partition(" ")
    if command == ":undo":
        session.undo()
        typer.echo(f"back to version {session.version}")
    elif command == ":redo":
        session.redo()
        typer.echo(f"forward to version {session.version}")
    elif command == ":render":
        _render_turn(session)
    elif command == ":show":
        typer.echo(dump_script(session.script))
    elif command == ":diff":
        typer.echo(str(session.diff()))
    elif command == ":save":
        if not argument.strip():
            _note("usage: :save DIR", always=True)
            return
        target = session.save(Path(argument.strip()))
        typer.echo(f"saved to {target}")
    elif command == ":help":
        typer.echo(CHAT_HELP)
    else:
        _note(f"unknown command {command!r}; {CHAT_HELP}", always=True)


def _render_turn(session: Any) -> None:
    import contextlib

    from rich.console import Console

    from wavjourney.cli.app import QUIET, verbosity

    status = (contextlib.nullcontext() if verbosity() == QUIET else
              Console(stderr=True).status(f"rendering version {session.version}…"))
    with status:
        result = session.render()
    where = result.mix_path or result.bundle_dir
    typer.echo(f"rendered version {session.version} → {where} ({result.generated_count} "
               f"clip(s) generated, {len(result.timeline) - result.generated_count} cached)")


# Helpers ------------------------------------------------------------------------------------
SESSIONS_FOLDER = "sessions"


def new_session_dir(cache_dir: Path) -> Path:
    """A fresh ``<cache dir>/sessions/<date-time>`` folder name: ``chat`` never writes into
    the current folder unless asked to with ``--dir``."""
    import time

    base = cache_dir / SESSIONS_FOLDER / time.strftime("%Y%m%d-%H%M%S")
    candidate, number = base, 1
    while candidate.exists():
        number += 1
        candidate = base.with_name(f"{base.name}-{number}")
    return candidate


def _studio(llm: str | None, base_url: str | None, cache_dir: Path | None,
            tools: list[str] | None, tool_settings: list[str] | None,
            **kwargs: Any) -> tuple[Studio, str]:
    """A Studio with the configured model (resolved now, so a bad setting fails first)."""
    from wavjourney.planner.config import LLMSettings

    settings = LLMSettings.from_environment(llm=llm, base_url=base_url)
    settings.check_server()  # before the slow client imports: a server that is down fails fast
    return (make_studio(cache_dir, tools, tool_settings, llm=settings.resolve(), **kwargs),
            settings.describe())


def _voice_reference(studio: Studio, script: Any, audio: Path) -> tuple[Any, dict[str, Any]]:
    """Give the main character the attached voice; say what happened."""
    script, note = studio.use_voice_reference(script, audio)
    if "warning" in note:
        _note(f"warning: {note['warning']}")
    else:
        _note(f"{note['character']} speaks with the attached voice ({note['voice']}, "
              f"{note.get('tool') or 'a voice-cloning tool'})")
    return script, note


def _say_planned(result: Plan, description: str) -> None:
    if result.planner == "offline":
        _note(OFFLINE_NOTE)
    else:
        calls = f"{result.attempts} model call{'s' if result.attempts != 1 else ''}"
        _note(f"Planned with {description} in {calls}")
    for warning in result.warnings:
        _note(f"warning: {warning}", always=True)
    outline = getattr(result, "outline", None)
    if outline is not None:
        _note(f"outline: {len(outline.scenes)} scenes, {outline.duration_s / 60:.1f} min, cast: "
              + ", ".join(c.name for c in outline.characters))
        for scene in outline.scenes:
            _note(f"  {scene.id} ({scene.duration_s:.0f} s) {scene.title}: {scene.summary}")


def _summary(script: Any) -> str:
    kinds: dict[str, int] = {}
    for e in script.elements:
        kinds[e.type] = kinds.get(e.type, 0) + 1
    parts = ", ".join(f"{n} {k.replace('_', ' ')}" for k, n in kinds.items())
    cast = ", ".join(f"{c.name}={c.voice}" for c in script.characters if c.voice)
    return f"{len(script.elements)} elements ({parts})" + (f"; voices {cast}" if cast else "")


def _note(message: str, *, markup: bool = False, always: bool = False) -> None:
    """A line for the user on stderr; ``-q`` hides it unless `always` (errors, warnings)."""
    from rich.console import Console

    from wavjourney.cli.app import QUIET, verbosity

    if verbosity() == QUIET and not always:
        return

    Console(stderr=True, highlight=False, soft_wrap=True).print(message, markup=markup,
                                                                emoji=False)


def _read_line(prompt: str) -> str | None:
    """One line from stdin (None at end of input); the prompt goes to stderr."""
    sys.stderr.write(prompt)
    sys.stderr.flush()
    line = sys.stdin.readline()
    return None if not line else line.strip()


def _write_text(path: Path, text: str) -> None:
    """Write atomically: a failure leaves no half-written file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)

"""`wavjourney plan` for long pieces: per-scene progress, the partial plan kept when scenes
fail, and ``--resume`` to plan only the missing scenes.

A failed scene never costs the ones that worked: they go to ``<output>.partial`` (see
`wavjourney.planner.partial_plan`); the output file itself is written only once every scene
has a script.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from wavjourney.cli.app import fail
from wavjourney.destination import STDOUT_NAME

if TYPE_CHECKING:
    from wavjourney.api import Studio
    from wavjourney.planner import Plan


def scene_progress(note: Any) -> Any:
    """A progress callback that prints each settled scene ("scene 3/6 planned ...")."""
    return lambda event: note(str(event))


def plan_keeping_partial(studio: Studio, prompt: str, output: Path | None, *,
                         progress: Any, then: str = "", **options: Any) -> Plan:
    """Plan `prompt`; when scenes of a long piece fail, keep the others next to `output`
    and exit non-zero with the resume command (and `then`, what to run after it)."""
    from wavjourney.exceptions import ScenesIncomplete

    try:
        return studio.plan(prompt, progress=progress, **options)
    except ScenesIncomplete as exc:
        _keep(exc, output, then)
        raise  # pragma: no cover  (_keep exits)


def generated_plan_file(out_dir: Path | None, out_file: Path | None) -> Path | None:
    """Where `generate` keeps a long piece's plan when scenes fail: next to the bundle
    folder or mix (never inside a bundle folder, which a render would then refuse); None
    for a mix sent to standard output."""
    target = out_dir if out_dir is not None else out_file
    if target is None or str(target) == STDOUT_NAME:
        return None
    return target.with_name(target.name + ".plan.json")


def resume(studio: Studio, target: Path, *, progress: Any, note: Any) -> Plan:
    """Plan the scenes missing from `target`'s partial plan (only those)."""
    from wavjourney.exceptions import ScenesIncomplete
    from wavjourney.planner.partial_plan import load_partial, partial_path

    partial = load_partial(target)
    total = len(partial.outline.scenes)
    note(f"resuming {partial_path(target)}: {total - len(partial.missing)} of {total} scenes "
         f"planned already; planning {', '.join(partial.missing)}")
    try:
        return studio.plan_scenes(partial.outline, written=partial.scenes, progress=progress)
    except ScenesIncomplete as exc:
        _keep(exc, target, "")
        raise  # pragma: no cover  (_keep exits)


def finished(output: Path, resumed_from: Path | None) -> None:
    """The piece is whole: drop the partial plans it came from (ours only)."""
    from wavjourney.planner.partial_plan import remove_partial

    for target in {output, resumed_from} - {None}:
        remove_partial(target)  # type: ignore[arg-type]


def _keep(exc: Any, output: Path | None, then: str) -> None:
    from wavjourney.planner.partial_plan import save_partial

    if output is None:
        fail(f"{exc}. Plan with -o FILE to keep the scenes that worked and resume with "
             "--resume FILE.")
    path = save_partial(output, exc.partial)
    kept = len(exc.partial.scenes)
    fail(f"{exc}. The {kept} scene(s) planned are kept in {path}; plan the rest with: "
         f"wavjourney plan --resume {output}" + (f", then {then}" if then else ""))

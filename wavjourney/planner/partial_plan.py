"""Files kept next to a long piece's script.

- A piece whose planning stopped part way: the outline and the scenes that succeeded, in
  ``<output>.partial`` (``drama.json`` → ``drama.json.partial``), so `wavjourney plan
  --resume` plans only the missing scenes. The user's own file is never written until every
  scene has a script.
- A whole piece's outline, in ``<output>.outline``, so `wavjourney edit` of one scene gives
  the model that scene's place in the story.

A file at either path that is not one of ours is never overwritten or removed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from wavjourney.destination import write_text_atomically
from wavjourney.exceptions import PlanningError
from wavjourney.planner.longform import Outline
from wavjourney.script import AudioScript, dump_script, parse_script

PARTIAL_SUFFIX = ".partial"
PARTIAL_FORMAT = "wavjourney-partial-plan"
PARTIAL_FORMAT_VERSION = 1
OUTLINE_SUFFIX = ".outline"
OUTLINE_FORMAT = "wavjourney-outline"


@dataclass
class PartialPlan:
    """An outline, the scene scripts written so far (scene id → script, ids unprefixed) and
    why the others failed (scene id → message)."""

    outline: Outline
    scenes: dict[str, AudioScript] = field(default_factory=dict)
    failed: dict[str, str] = field(default_factory=dict)

    @property
    def missing(self) -> list[str]:
        """Scene ids still without a script, in order."""
        return [s.id for s in self.outline.scenes if s.id not in self.scenes]

    def to_json(self) -> str:
        return json.dumps({
            "format": PARTIAL_FORMAT,
            "format_version": PARTIAL_FORMAT_VERSION,
            "outline": self.outline.model_dump(mode="json", exclude_none=True),
            "scenes": {k: json.loads(dump_script(v)) for k, v in self.scenes.items()},
            "failed": self.failed,
        }, indent=2, ensure_ascii=False) + "\n"

    @classmethod
    def from_json(cls, text: str, *, where: str = "the partial plan") -> PartialPlan:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise PlanningError(f"{where} is not JSON: {exc}") from None
        if not isinstance(data, dict) or data.get("format") != PARTIAL_FORMAT:
            raise PlanningError(f"{where} is not a WavJourney partial plan")
        outline = Outline.model_validate(data["outline"])
        scenes = {k: parse_script(v) for k, v in (data.get("scenes") or {}).items()}
        return cls(outline, scenes, dict(data.get("failed") or {}))


def partial_path(output: str | Path) -> Path:
    """Where the partial plan of `output` lives."""
    output = Path(output)
    return output.with_name(output.name + PARTIAL_SUFFIX)


def is_partial_file(path: Path) -> bool:
    """True when `path` is a partial plan we wrote (so it may be replaced or removed)."""
    return _format_of(path) == PARTIAL_FORMAT


def _format_of(path: Path) -> object:
    try:
        head = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return head.get("format") if isinstance(head, dict) else None


def save_partial(output: str | Path, partial: PartialPlan) -> Path:
    """Write the partial plan of `output` atomically; returns its path.

    Raises:
        PlanningError: a file that is not a partial plan already has that name.
    """
    path = partial_path(output)
    if path.exists() and not is_partial_file(path):
        raise PlanningError(f"{path} exists and is not a WavJourney partial plan; move it "
                            "to keep the scenes planned so far")
    write_text_atomically(path, partial.to_json())
    return path


def outline_path(script: str | Path) -> Path:
    """Where the outline of a long piece's script lives (``drama.json.outline``): what a
    later edit of one scene gives the model as context."""
    script = Path(script)
    return script.with_name(script.name + OUTLINE_SUFFIX)


def save_outline(script: str | Path, outline: Outline) -> Path | None:
    """Keep `outline` next to `script`; None (nothing written) where a file that is not one
    of our outlines has that name."""
    path = outline_path(script)
    if path.exists() and _format_of(path) != OUTLINE_FORMAT:
        return None
    write_text_atomically(path, json.dumps({
        "format": OUTLINE_FORMAT, "format_version": PARTIAL_FORMAT_VERSION,
        "outline": outline.model_dump(mode="json", exclude_none=True)},
        indent=2, ensure_ascii=False) + "\n")
    return path


def load_outline(script: str | Path) -> Outline | None:
    """The outline kept next to `script`, if there is one of ours (else None)."""
    path = outline_path(script)
    if _format_of(path) != OUTLINE_FORMAT:
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Outline.model_validate(data["outline"])
    except (OSError, ValueError, KeyError):
        return None


def load_partial(output: str | Path) -> PartialPlan:
    """The partial plan saved for `output`.

    Raises:
        PlanningError: there is none, or it is not ours.
    """
    path = partial_path(output)
    if not path.is_file():
        raise PlanningError(f"nothing to resume: {path} does not exist (it is written when a "
                            "scene of a long piece fails)")
    return PartialPlan.from_json(path.read_text(encoding="utf-8"), where=str(path))


def remove_partial(output: str | Path) -> None:
    """Remove the partial plan of `output` once the piece is whole (only one we wrote)."""
    path = partial_path(output)
    if path.is_file() and is_partial_file(path):
        path.unlink()

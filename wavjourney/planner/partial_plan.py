"""A long piece whose planning stopped part way: the outline and the scenes that succeeded,
saved next to the output so `wavjourney plan --resume` plans only the missing scenes.

The file is ``<output>.partial`` (``drama.json`` → ``drama.json.partial``); the user's own
file is never written until every scene has a script. A file at that path that is not one
of ours is never overwritten or removed.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from wavjourney.exceptions import PlanningError
from wavjourney.planner.longform import Outline
from wavjourney.script import AudioScript, dump_script, parse_script

PARTIAL_SUFFIX = ".partial"
PARTIAL_FORMAT = "wavjourney-partial-plan"
PARTIAL_FORMAT_VERSION = 1


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
    try:
        head = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(head, dict) and head.get("format") == PARTIAL_FORMAT


def save_partial(output: str | Path, partial: PartialPlan) -> Path:
    """Write the partial plan of `output` atomically; returns its path.

    Raises:
        PlanningError: a file that is not a partial plan already has that name.
    """
    path = partial_path(output)
    if path.exists() and not is_partial_file(path):
        raise PlanningError(f"{path} exists and is not a WavJourney partial plan; move it "
                            "to keep the scenes planned so far")
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(partial.to_json())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


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

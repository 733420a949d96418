"""The outline of a long piece as an editable table: one row per scene (title, summary,
duration, setting, mood), read back into a validated `Outline` before scenes are written.

Rows are scenes in order: a row deleted drops the scene, a row added adds one (its id is
given by position, as always). The cast, the recurring sounds and the transition are kept
from the planned outline.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

from pydantic import ValidationError

from wavjourney.exceptions import ScriptError, ScriptIssue
from wavjourney.planner.longform import Outline

OUTLINE_HEADERS = ("scene", "title", "summary", "duration (s)", "setting", "mood")
OUTLINE_DATATYPES: tuple[Literal["str", "number"], ...] = ("str", "str", "str", "number", "str",
                                                             "str")
_FIELDS = ("title", "summary", "duration_s", "setting", "mood")


def outline_rows(outline: Outline | None) -> list[list[Any]]:
    """The table's rows: scene id, then the editable fields."""
    if outline is None:
        return []
    return [[s.id, s.title, s.summary, s.duration_s, s.setting, s.mood] for s in outline.scenes]


def outline_from_rows(outline: Outline, rows: Sequence[Sequence[Any]]) -> Outline:
    """`outline` with its scenes replaced by the table's rows (blank rows ignored).

    Raises:
        ScriptError: a row's duration is not a positive number, or no scene is left
            (naming the row); the outline is unchanged.
    """
    scenes: list[dict[str, Any]] = []
    for number, row in enumerate(rows, start=1):
        cells = [_text(c) for c in list(row)[1:len(OUTLINE_HEADERS)]]
        cells += [""] * (len(_FIELDS) - len(cells))
        if not any(cells):
            continue
        scene: dict[str, str | float] = dict(zip(_FIELDS, cells, strict=True))
        try:
            scene["duration_s"] = float(scene["duration_s"])
        except ValueError:
            raise ScriptError(f"outline row {number}, column 'duration (s)': "
                              f"{scene['duration_s']!r} is not a number of seconds") from None
        scenes.append(scene)
    if not scenes:
        raise ScriptError("the outline has no scenes left; add a row or plan again")
    try:
        return Outline.model_validate({**outline.model_dump(), "scenes": scenes})
    except ValidationError as exc:
        raise ScriptError([ScriptIssue(_issue(e)) for e in exc.errors()]) from None


def outline_note(outline: Outline) -> str:
    """One line above the table: title, length, cast."""
    cast = ", ".join(c.name for c in outline.characters) or "no speakers"
    themes = "; recurring: " + ", ".join(t.id for t in outline.themes) if outline.themes else ""
    return (f"**{outline.title or 'Untitled'}**: {len(outline.scenes)} scenes, "
            f"{outline.duration_s / 60:.1f} min; cast: {cast}{themes}. Edit the scenes (add or "
            "delete rows too), then press **Write scenes**.")


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _issue(error: Any) -> str:
    loc = [str(p) for p in error["loc"]]
    if len(loc) >= 3 and loc[0] == "scenes":
        column = {"duration_s": "duration (s)"}.get(loc[2], loc[2])
        return f"outline row {int(loc[1]) + 1}, column {column!r}: {error['msg']}"
    return f"outline {'.'.join(loc)}: {error['msg']}"

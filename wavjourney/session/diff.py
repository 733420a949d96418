"""Element-level differences between two script versions, readable by a person.

    ~ music-1.target_lufs: -28 → -34
    + sound_effect-3 (a loud crack of thunder rolling away)
    - speech-4 (Tom: "Listen to that rain.")
    ~ speech-6 moved: foreground position 5 → 7

In a long piece (element ids "s3-..."), the lines are grouped under "scene 3:".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from wavjourney.planner.longform import scene_of
from wavjourney.script import AudioScript

LABEL_CHARS = 60
_SCRIPT_FIELDS = ("title", "language", "sample_rate_hz", "channels", "seed")


@dataclass(frozen=True)
class Change:
    """One difference.

    Args:
        op: ``"+"`` added, ``"-"`` removed, ``"~"`` changed.
        target: element id, ``"character <name>"`` or ``"script"``.
        field: the changed field (``"~"`` only; ``"position"`` for a move).
        old: value before (``"~"``), None otherwise.
        new: value after (``"~"``), None otherwise.
        label: what an added / removed element is (its description or line).
    """

    op: Literal["+", "-", "~"]
    target: str
    field: str | None = None
    old: Any = None
    new: Any = None
    label: str = ""

    def __str__(self) -> str:
        if self.op != "~":
            return f"{self.op} {self.target}" + (f" ({self.label})" if self.label else "")
        if self.field == "position":
            return f"~ {self.target} moved: foreground position {self.old} → {self.new}"
        return f"~ {self.target}.{self.field}: {_show(self.old)} → {_show(self.new)}"


@dataclass(frozen=True)
class ScriptDiff:
    """All changes from one version to the next; ``str()`` gives one line per change."""

    changes: tuple[Change, ...] = field(default_factory=tuple)

    def __bool__(self) -> bool:
        return bool(self.changes)

    def __len__(self) -> int:
        return len(self.changes)

    def __iter__(self):
        return iter(self.changes)

    def __str__(self) -> str:
        """One line per change; in a long piece, grouped under the scene they touch."""
        if not self.changes:
            return "(no changes)"
        groups: dict[str | None, list[str]] = {}
        for change in self.changes:
            groups.setdefault(scene_of(change.target), []).append(str(change))
        if list(groups) == [None]:
            return "\n".join(groups[None])
        lines = groups.pop(None, [])
        for scene in sorted((s for s in groups if s is not None), key=lambda s: int(s[1:])):
            lines += [f"scene {scene[1:]}:"] + [f"  {line}" for line in groups[scene]]
        return "\n".join(lines)

    @property
    def scenes(self) -> list[str]:
        """The scenes of a long piece whose elements changed ("s3"), in order."""
        found = {scene_of(i) for i in self.changed_ids} - {None}
        return sorted(found, key=lambda s: int(s[1:]))  # type: ignore[arg-type]

    @property
    def changed_ids(self) -> list[str]:
        """Element ids added, removed or changed (in order, without repeats)."""
        out: list[str] = []
        for c in self.changes:
            if c.target not in out and not c.target.startswith(("character ", "script")):
                out.append(c.target)
        return out


def diff_scripts(old: AudioScript, new: AudioScript) -> ScriptDiff:
    """The changes that turn `old` into `new`, elements matched by id."""
    changes: list[Change] = []
    for name in _SCRIPT_FIELDS:
        a, b = getattr(old, name), getattr(new, name)
        if a != b:
            changes.append(Change("~", "script", name, a, b))

    old_chars = {c.name: c for c in old.characters}
    new_chars = {c.name: c for c in new.characters}
    for name, c in new_chars.items():
        if name not in old_chars:
            changes.append(Change("+", f"character {name}",
                                  label=", ".join(x for x in (c.description, c.voice and
                                                              f"voice {c.voice}") if x)))
        else:
            changes += _field_changes(f"character {name}", old_chars[name].model_dump(),
                                      c.model_dump())
    for name in old_chars:
        if name not in new_chars:
            changes.append(Change("-", f"character {name}"))

    old_els = {e.id: e for e in old.elements}
    new_els = {e.id: e for e in new.elements}
    for e in new.elements:
        before = old_els.get(e.id)
        if before is None or before.type != e.type:
            if before is not None:
                changes.append(Change("-", e.id, label=element_label(before)))
            changes.append(Change("+", e.id, label=element_label(e)))
        else:
            changes += _field_changes(e.id, before.model_dump(), e.model_dump())
    for e in old.elements:
        if e.id not in new_els:
            changes.append(Change("-", e.id, label=element_label(e)))
    changes += _moves(old, new)
    return ScriptDiff(tuple(changes))


def element_label(element: Any) -> str:
    """A short human description: the sound's description or ``Character: "line"``."""
    if element.type == "speech":
        return f'{element.character}: "{_clip(element.text)}"'
    return _clip(element.description)


def _field_changes(target: str, a: dict[str, Any], b: dict[str, Any]) -> list[Change]:
    return [Change("~", target, key, a.get(key), b.get(key))
            for key in dict.fromkeys([*a, *b]) if a.get(key) != b.get(key)]


def _moves(old: AudioScript, new: AudioScript) -> list[Change]:
    """Foreground elements whose order relative to the other kept elements changed."""
    kept = {e.id for e in new.foreground} & {e.id for e in old.foreground}
    a = [e.id for e in old.foreground if e.id in kept]
    b = [e.id for e in new.foreground if e.id in kept]
    if a == b:
        return []
    # Elements outside the longest common subsequence are the ones that moved.
    stay = _lcs(a, b)
    new_pos = {e.id: k + 1 for k, e in enumerate(new.foreground)}
    old_pos = {e.id: k + 1 for k, e in enumerate(old.foreground)}
    return [Change("~", i, "position", old_pos[i], new_pos[i]) for i in b if i not in stay]


def _lcs(a: list[str], b: list[str]) -> set[str]:
    table = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a) - 1, -1, -1):
        for j in range(len(b) - 1, -1, -1):
            table[i][j] = (table[i + 1][j + 1] + 1 if a[i] == b[j]
                           else max(table[i + 1][j], table[i][j + 1]))
    out, i, j = set(), 0, 0
    while i < len(a) and j < len(b):
        if a[i] == b[j]:
            out.add(a[i])
            i, j = i + 1, j + 1
        elif table[i + 1][j] >= table[i][j + 1]:
            i += 1
        else:
            j += 1
    return out


def _clip(text: str) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1] + "…"


def _show(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, str):
        return f'"{_clip(value)}"'
    if value is None:
        return "none"
    return str(value)

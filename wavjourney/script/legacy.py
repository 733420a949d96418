"""Import of the original WavJourney script format (arXiv 2307.14335).

That format is a JSON list of objects with ``audio_type`` (speech / music / sound_effect),
``layout`` (foreground / background), ``vol`` (LUFS), ``len`` (seconds), ``desc``,
``character`` and ``text``; background lines come in pairs with the same ``id`` and
``action`` ``begin`` / ``end`` around the foreground lines they cover. Optionally it comes
with a character → voice map: ``{"script": [...], "voices": {"Narrator": "narrator"}}``.
"""

from __future__ import annotations

import re
from typing import Any

from wavjourney.exceptions import ScriptError, ScriptIssue
from wavjourney.script.model import MAX_ID_CHARS

_UNSAFE_ID_CHARS = re.compile(r"[^A-Za-z0-9._-]+")
_TEXT_FIELDS = ("character", "text", "desc")

LEGACY_KEYS = frozenset({"audio_type", "layout"})
_VOICE_MAP_KEYS = ("voices", "character_voice_map", "voice_map", "characters")


def is_legacy(data: Any) -> bool:
    """True for the original list format (bare, or wrapped with a voice map)."""
    if isinstance(data, dict):
        data = data.get("script")
    return (
        isinstance(data, list)
        and bool(data)
        and all(isinstance(x, dict) for x in data)
        and any(LEGACY_KEYS <= x.keys() for x in data)
    )


def convert_legacy(data: Any) -> dict[str, Any]:
    """Convert an original-format script to our format (raw dict, validated afterwards)."""
    voice_map: dict[str, str | None] = {}
    if isinstance(data, dict):
        for key in _VOICE_MAP_KEYS:
            raw = data.get(key)
            if isinstance(raw, dict):
                voice_map = {str(k): _voice_name(v) for k, v in raw.items()}
                break
        data = data["script"]

    issues: list[ScriptIssue] = []
    elements: list[dict[str, Any]] = []
    open_bg: dict[str, tuple[int, dict[str, Any], str | None]] = {}
    last_fg: str | None = None
    characters: list[str] = []
    counters: dict[str, int] = {}

    taken: set[str] = set()

    def new_id(kind: str) -> str:
        counters[kind] = counters.get(kind, 0) + 1
        return f"{kind}-{counters[kind]}"

    def background_id(kind: str, bg_id: str) -> str:
        # The original ids are free text; ours name files, so keep only safe characters
        # and make the result unique.
        base = f"{kind}-bg-{_UNSAFE_ID_CHARS.sub('-', bg_id)}"[:MAX_ID_CHARS - 8]
        candidate, n = base, 1
        while candidate in taken:
            n += 1
            candidate = f"{base}-{n}"
        taken.add(candidate)
        return candidate

    for i, line in enumerate(data):
        kind = line.get("audio_type")
        layout = line.get("layout", "foreground")
        wrong = [f for f in _TEXT_FIELDS if f in line and not isinstance(line[f], str)]
        if wrong:
            issues.append(ScriptIssue(
                f"{wrong[0]} must be text, got {type(line[wrong[0]]).__name__}", index=i,
                element_id=_str_or_none(line.get("id")), field=wrong[0]))
            continue
        if kind not in ("speech", "music", "sound_effect"):
            issues.append(ScriptIssue(
                f"unknown audio_type {kind!r}; allowed: speech, music, sound_effect",
                index=i, element_id=_str_or_none(line.get("id")), field="audio_type"))
            continue
        if layout not in ("foreground", "background"):
            issues.append(ScriptIssue(
                f"unknown layout {layout!r}; allowed: foreground, background",
                index=i, element_id=_str_or_none(line.get("id")), field="layout"))
            continue
        if layout == "foreground":
            el: dict[str, Any] = {"type": kind, "id": new_id(kind)}
            if kind == "speech":
                el["character"] = line.get("character", "")
                el["text"] = line.get("text", "")
                if el["character"] and el["character"] not in characters:
                    characters.append(el["character"])
            else:
                el["description"] = line.get("desc", "")
                if "len" in line:
                    el["duration_s"] = line["len"]
            if "vol" in line:
                el["target_lufs"] = line["vol"]
            elements.append(el)
            last_fg = el["id"]
            continue

        bg_id = _str_or_none(line.get("id"))
        action = line.get("action")
        if bg_id is None:
            issues.append(ScriptIssue("a background line needs an id pairing its begin and end",
                                      index=i, field="id"))
            continue
        if action == "begin":
            if bg_id in open_bg:
                issues.append(ScriptIssue("begins again before its end", index=i,
                                          element_id=bg_id, field="action"))
                continue
            el = {"type": kind, "id": background_id(kind, bg_id), "layer": "background",
                  "description": line.get("desc", "")}
            if "vol" in line:
                el["target_lufs"] = line["vol"]
            open_bg[bg_id] = (i, el, last_fg)
        elif action == "end":
            if bg_id not in open_bg:
                issues.append(ScriptIssue("an end without a begin", index=i, element_id=bg_id,
                                          field="action"))
                continue
            begin_index, el, fg_before = open_bg.pop(bg_id)
            covered = [e["id"] for e in elements[_position_after(elements, fg_before):]
                       if e.get("layer", "foreground") == "foreground"]
            if not covered:
                issues.append(ScriptIssue("wraps no foreground element: put foreground lines "
                                          "between its begin and its end", index=begin_index,
                                          element_id=bg_id))
                continue
            el["start_at"], el["end_at"] = covered[0], covered[-1]
            elements.append(el)
        else:
            issues.append(ScriptIssue(f"unknown action {action!r}; allowed: begin, end",
                                      index=i, element_id=bg_id, field="action"))
    for bg_id, (begin_index, _, _) in open_bg.items():
        issues.append(ScriptIssue("a begin without an end: add a line with the same id and "
                                  "\"action\": \"end\"", index=begin_index, element_id=bg_id))
    if issues:
        raise ScriptError(issues)
    return {
        "characters": [{"name": c, "voice": voice_map.get(c)} for c in characters],
        "elements": elements,
    }


def _position_after(elements: list[dict[str, Any]], element_id: str | None) -> int:
    if element_id is None:
        return 0
    for k, e in enumerate(elements):
        if e["id"] == element_id:
            return k + 1
    return 0


def _voice_name(value: Any) -> str | None:
    if isinstance(value, dict):  # original map: {"id": ..., "npz_path": ...}
        value = value.get("voice") or value.get("id") or value.get("name")
    return str(value) if value else None


def _str_or_none(value: Any) -> str | None:
    return None if value is None else str(value)[:MAX_ID_CHARS]

"""Raw JSON (ours, or the original WavJourney list) → AudioScript, with precise errors."""

from __future__ import annotations

import copy
import difflib
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from wavjourney.exceptions import ScriptError, ScriptIssue
from wavjourney.script.legacy import convert_legacy, is_legacy
from wavjourney.script.limits import DEFAULT_LIMITS, Limits, limit_issues, raw_issues
from wavjourney.script.model import (
    ELEMENT_TYPES,
    AudioScript,
    Character,
    Music,
    SoundEffect,
    Speech,
    _short,
)

if TYPE_CHECKING:
    from pydantic_core import ErrorDetails

_FIELDS_BY_TYPE = {
    "speech": set(Speech.model_fields),
    "music": set(Music.model_fields),
    "sound_effect": set(SoundEffect.model_fields),
}
# Names from the original WavJourney format and common LLM slips.
_ALIASES = {
    "desc": "description", "len": "duration_s", "length": "duration_s", "duration": "duration_s",
    "vol": "target_lufs", "volume": "target_lufs", "loudness": "target_lufs", "lufs": "target_lufs",
    "audio_type": "type", "layout": "layer", "speaker": "character", "line": "text",
}
_RANGES = {
    "target_lufs": "allowed: -70 to 0 LUFS",
    "duration_s": "allowed: above 0 and at most 7200 seconds",
    "gap_s": "allowed: -60 to 60 seconds",
    "fade_in_s": "allowed: 0 or more seconds",
    "fade_out_s": "allowed: 0 or more seconds",
    "pan": "allowed: -1 (left) to 1 (right)",
    "speaking_rate": "allowed: above 0.25 and at most 4",
}


def parse_script(data: Any, *, limits: Limits = DEFAULT_LIMITS) -> AudioScript:
    """Validate raw script data and return an AudioScript.

    Accepts our format (a dict with ``elements``), the original WavJourney list format, or a
    JSON string of either. Raises ScriptError listing every problem, each naming the
    element's index and id and the field, what is wrong and what is allowed.

    Args:
        limits: bounds on size and duration (`wavjourney.script.limits.Limits`), checked
            before the expensive validation.
    """
    if isinstance(data, (str, bytes)):
        data = _loads(data, limits)
    if isinstance(data, AudioScript):
        _raise_if(limit_issues(data, limits))
        return data
    _raise_if(raw_issues(data, limits))
    if is_legacy(data):
        data = convert_legacy(data)
    if isinstance(data, list):
        data = {"elements": data}
    if not isinstance(data, dict):
        raise ScriptError(f"a script must be a JSON object with 'elements' (or the original "
                          f"WavJourney list); got {type(data).__name__}")
    try:
        script = AudioScript.model_validate(data)
    except ValidationError as exc:
        issues = [_issue(err, data) for err in exc.errors()]
        raise ScriptError(issues + _issues_beyond(data, exc.errors(), issues)) from None
    _raise_if(limit_issues(script, limits))
    return script


def _issues_beyond(data: dict[str, Any], errors: list[Any],
                   found: list[ScriptIssue]) -> list[ScriptIssue]:
    """The cross-element issues (unknown characters, dangling references, ...) that field
    errors hide: pydantic checks those only once every field is valid. Each bad optional field
    is set aside (its default applies) and the rest is checked, so a planner's reply gets
    every problem in one round instead of one kind per round. [] when a required field or a
    whole element is broken (the rest cannot be checked meaningfully)."""
    stripped = copy.deepcopy(data)
    for err in errors:
        if not _drop_field(stripped, list(err["loc"])):
            return []
    try:
        AudioScript.model_validate(stripped)
    except ScriptError as exc:
        seen = {(i.index, i.field) for i in found}
        return [i for i in exc.issues if (i.index, i.field) not in seen]
    except ValidationError:
        return []  # a required field was among the bad ones
    return []


def _drop_field(data: dict[str, Any], loc: list[Any]) -> bool:
    """Remove the field at a pydantic error location; False if it is not a plain field."""
    container: Any = data
    if len(loc) >= 3 and loc[0] in ("elements", "characters") and isinstance(loc[1], int):
        items = data.get(loc[0])
        if not isinstance(items, list) or loc[1] >= len(items):
            return False
        container, loc = items[loc[1]], loc[2:]
        if loc and loc[0] in ELEMENT_TYPES:  # the discriminated union's tag
            loc = loc[1:]
    if len(loc) != 1 or not isinstance(container, dict) or loc[0] not in container:
        return False
    del container[loc[0]]
    return True


def load_script(path: str | Path, *, limits: Limits = DEFAULT_LIMITS) -> AudioScript:
    """Read and validate a script file (ours or the original WavJourney format)."""
    path = Path(path)
    try:
        if path.stat().st_size > limits.max_script_bytes:
            raise ScriptError(f"{path} is {path.stat().st_size} bytes; a script may have at "
                              f"most {limits.max_script_bytes}")
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ScriptError(f"cannot read {path}: {exc.strerror}") from None
    except UnicodeDecodeError as exc:
        raise ScriptError(f"{path} is not UTF-8 text (byte {exc.start}); save the script as "
                          "UTF-8 JSON") from None
    return parse_script(text, limits=limits)


def _loads(text: str | bytes, limits: Limits) -> Any:
    """JSON text → data, every failure a one-line ScriptError."""
    if len(text) > limits.max_script_bytes:
        raise ScriptError(f"the script is {len(text)} characters long; at most "
                          f"{limits.max_script_bytes} are allowed")
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ScriptError(f"malformed JSON: {exc.msg} at line {exc.lineno} column "
                          f"{exc.colno}") from None
    except UnicodeDecodeError as exc:
        raise ScriptError(f"the script is not UTF-8 text (byte {exc.start}); save it as UTF-8 "
                          "JSON") from None
    except RecursionError:
        raise ScriptError(f"the script is nested too deeply; at most {limits.max_json_depth} "
                          "levels are allowed") from None
    except ValueError as exc:  # e.g. an integer of more than 4,300 digits
        raise ScriptError(f"malformed JSON: {str(exc).splitlines()[0][:120]}") from None


def _raise_if(issues: list[ScriptIssue]) -> None:
    if issues:
        raise ScriptError(issues)


def dump_script(script: AudioScript) -> str:
    """The normalised script as pretty JSON (ids, loudness targets and voices filled in)."""
    return script.model_dump_json(indent=2, exclude_none=True)


def _issue(err: ErrorDetails, data: dict[str, Any]) -> ScriptIssue:
    loc = list(err["loc"])
    index: int | None = None
    element_id: str | None = None
    raw: Any = None
    if len(loc) >= 2 and loc[0] == "elements" and isinstance(loc[1], int):
        index = loc[1]
        elements = data.get("elements")
        if isinstance(elements, list) and index < len(elements):
            raw = elements[index]
            if isinstance(raw, dict) and raw.get("id") is not None:
                element_id = str(raw["id"])[:60]
        loc = loc[2:]
        if loc and loc[0] in ELEMENT_TYPES:  # the discriminated union's tag
            loc = loc[1:]
    elif len(loc) >= 2 and loc[0] == "characters" and isinstance(loc[1], int):
        field = ".".join(str(p) for p in loc[2:]) or None
        return ScriptIssue(f"character {loc[1]}: {_message(err, field, Character)}",
                           field=field)
    field = ".".join(str(p) for p in loc) or None
    kind = raw.get("type") if isinstance(raw, dict) else None
    return ScriptIssue(_message(err, field, kind), index=index, element_id=element_id,
                       field=field)


def _message(err: ErrorDetails, field: str | None, kind: Any) -> str:
    etype = err["type"]
    value = err["input"]
    if etype == "union_tag_invalid":
        return (f"unknown audio type {_short(str(value.get('type')))}; allowed: "
                f"{', '.join(ELEMENT_TYPES)}")
    if etype == "union_tag_not_found":
        return f"missing 'type'; allowed: {', '.join(ELEMENT_TYPES)}"
    if etype == "missing":
        return "missing required field"
    if etype == "extra_forbidden":
        allowed = (
            _FIELDS_BY_TYPE.get(kind)
            if isinstance(kind, str)
            else set(Character.model_fields) if kind is Character else None
        )
        if allowed is None:
            allowed = set(AudioScript.model_fields)
        alias = _ALIASES.get(str(field))
        hint = [alias] if alias is not None and alias in allowed else (
            difflib.get_close_matches(str(field), sorted(allowed), n=1, cutoff=0.4))
        did_you_mean = f"; did you mean {hint[0]!r}?" if hint else ";"
        return f"unknown field{did_you_mean} allowed: {', '.join(sorted(allowed))}"
    allowed_range = _RANGES.get(str(field), "")
    if etype in ("less_than_equal", "less_than", "greater_than", "greater_than_equal"):
        return f"{_value(value)} is out of range; {allowed_range or err['msg']}"
    if etype in ("float_parsing", "float_type", "int_parsing", "int_type"):
        return f"{_value(value)} is not a number" + (f"; {allowed_range}" if allowed_range
                                                      else "")
    if etype == "string_too_short":
        return "must not be empty"
    if etype == "literal_error":
        return (f"{_value(value)} is not allowed; "
                f"{err['msg'].replace('Input should be', 'allowed:')}")
    return err["msg"].removeprefix("Value error, ")[:300]


def _value(value: Any) -> str:
    """A short repr of an offending value (a huge one is cut)."""
    if isinstance(value, (dict, list)):
        return f"a {type(value).__name__}"
    if isinstance(value, int) and value.bit_length() > 64:
        return f"an integer of {value.bit_length()} bits"
    text = repr(value)
    return text if len(text) <= 60 else text[:60] + "..."


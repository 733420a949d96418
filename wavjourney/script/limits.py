"""Bounds on the work one script may ask for, checked before any work starts.

A script is data from a person, a file or an LLM; these limits keep one bad script from
taking hours of CPU, gigabytes of memory or a gigabyte-long error message. Every limit is a
field of `Limits`, so a caller with bigger needs passes its own.

Example:
    >>> from wavjourney.script.limits import Limits
    >>> Limits(max_total_duration_s=6 * 3600).max_total_duration_s
    21600
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from wavjourney.constants import MAX_GAP_S
from wavjourney.exceptions import ScriptIssue

if TYPE_CHECKING:
    from wavjourney.script.model import AudioScript

DEFAULT_MAX_TOTAL_DURATION_S = 3 * 3600.0
DEFAULT_MAX_ELEMENTS = 2_000
DEFAULT_MAX_CHARS_PER_LINE = 5_000
DEFAULT_MAX_SSML_BREAK_TOTAL_S = 600.0
DEFAULT_MAX_SCRIPT_BYTES = 10_000_000
DEFAULT_MAX_JSON_DEPTH = 32
# Fast speech runs at about 15 characters a second; the estimate errs on the short side so
# a script near the limit is not refused for a guess.
SPEECH_CHARS_PER_S = 15.0
_BREAK_RE = re.compile(r"<\s*break\b[^>]*>", re.IGNORECASE)
_TIME_RE = re.compile(r"\btime\s*=\s*[\"']\s*([0-9]*\.?[0-9]+)\s*(ms|s)?\s*[\"']", re.IGNORECASE)


@dataclass(frozen=True)
class Limits:
    """How much work one script may ask for.

    Args:
        max_total_duration_s: length of the whole piece (estimated for speech).
        max_elements: elements in one script.
        max_chars_per_line: characters of one speech line or description.
        max_ssml_break_total_s: sum of the SSML ``<break time=...>`` pauses of the script.
        max_script_bytes: size of the script's JSON text.
        max_json_depth: nesting depth of the script's JSON.
    """

    max_total_duration_s: float = DEFAULT_MAX_TOTAL_DURATION_S
    max_elements: int = DEFAULT_MAX_ELEMENTS
    max_chars_per_line: int = DEFAULT_MAX_CHARS_PER_LINE
    max_ssml_break_total_s: float = DEFAULT_MAX_SSML_BREAK_TOTAL_S
    max_script_bytes: int = DEFAULT_MAX_SCRIPT_BYTES
    max_json_depth: int = DEFAULT_MAX_JSON_DEPTH


DEFAULT_LIMITS = Limits()


def raw_issues(data: Any, limits: Limits = DEFAULT_LIMITS) -> list[ScriptIssue]:
    """Checks on raw script data before it is validated (cheap, iterative, no recursion):
    nesting depth, element count, string lengths, and characters JSON cannot encode."""
    elements = data.get("elements") if isinstance(data, dict) else data
    if isinstance(elements, list) and len(elements) > limits.max_elements:
        return [ScriptIssue(f"the script has {len(elements)} elements; at most "
                            f"{limits.max_elements} are allowed (split it into parts)")]
    stack: list[tuple[Any, int]] = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > limits.max_json_depth:
            return [ScriptIssue(f"the script is nested more than {limits.max_json_depth} "
                                "levels deep; a script is a flat list of elements")]
        if isinstance(value, dict):
            stack.extend((v, depth + 1) for v in value.values())
            stack.extend((k, depth + 1) for k in value if isinstance(k, str))
        elif isinstance(value, list):
            stack.extend((v, depth + 1) for v in value)
        elif isinstance(value, str):
            if len(value) > limits.max_chars_per_line:
                return [ScriptIssue(f"a text of {len(value)} characters; at most "
                                    f"{limits.max_chars_per_line} are allowed per line "
                                    f"(starts {value[:40]!r})")]
            if not _encodable(value):
                return [ScriptIssue(f"the text {value[:40]!r} holds a character that is not "
                                    "valid Unicode (a lone surrogate); remove it")]
    return []


def limit_issues(script: AudioScript, limits: Limits = DEFAULT_LIMITS) -> list[ScriptIssue]:
    """Checks on a validated script: element count, line length, SSML pauses, duration."""
    issues: list[ScriptIssue] = []
    if len(script.elements) > limits.max_elements:
        return [ScriptIssue(f"the script has {len(script.elements)} elements; at most "
                            f"{limits.max_elements} are allowed (split it into parts)")]
    texts = [script.title, script.language]
    texts += [t for c in script.characters for t in (c.name, c.voice or "", c.description)]
    texts += [e.text if e.type == "speech" else e.description for e in script.elements]
    bad = next((t for t in texts if not _encodable(t)), None)
    if bad is not None:
        issues.append(ScriptIssue(f"the text {bad[:40]!r} holds a character that is not valid "
                                  "Unicode (a lone surrogate); remove it"))
    total_s = 0.0
    breaks_s = 0.0
    for i, e in enumerate(script.elements):
        text = e.text if e.type == "speech" else e.description
        if len(text) > limits.max_chars_per_line:
            issues.append(ScriptIssue(f"{len(text)} characters; at most "
                                      f"{limits.max_chars_per_line} per line", index=i,
                                      element_id=e.id,
                                      field="text" if e.type == "speech" else "description"))
        if e.layer != "foreground":
            continue
        if e.type == "speech":
            pause_s = ssml_break_total_s(e.text)
            breaks_s += pause_s
            total_s += len(text) / SPEECH_CHARS_PER_S / e.speaking_rate + pause_s
        else:
            total_s += e.duration_s or 0.0
        total_s += e.gap_s
    if breaks_s > limits.max_ssml_break_total_s:
        issues.append(ScriptIssue(f"the SSML <break> pauses add up to {breaks_s:.0f} s; at "
                                  f"most {limits.max_ssml_break_total_s:.0f} s are allowed"))
    if total_s > limits.max_total_duration_s:
        issues.append(ScriptIssue(f"the piece would last about {total_s / 60:.0f} minutes; at "
                                  f"most {limits.max_total_duration_s / 60:.0f} minutes are "
                                  "allowed (shorten it or raise Limits.max_total_duration_s)"))
    return issues


def ssml_break_total_s(text: str) -> float:
    """Seconds of explicit ``<break time=...>`` pauses in `text` (each capped like the
    speech tool caps it)."""
    total = 0.0
    for tag in _BREAK_RE.findall(text):
        match = _TIME_RE.search(tag)
        if match:
            seconds = float(match.group(1)) / (1000.0 if match.group(2) == "ms" else 1.0)
            total += min(seconds, MAX_GAP_S)
    return total


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True

"""Robust JSON extraction from free-text model replies.

Models wrap JSON in code fences or prose, leave trailing commas, write Python-style single
quotes or ``True``/``None``. `extract_json` finds the JSON value and repairs those slips
*outside* string literals only (an apostrophe inside a double-quoted string is never
touched). What it cannot repair raises `ExtractionError` with a message precise enough to
send back to the model.
"""

from __future__ import annotations

import json
import re
from typing import Any

_FENCE = re.compile(r"```[ \t]*([A-Za-z0-9_+-]*)[ \t]*\r?\n?(.*?)```", re.DOTALL)
_PY_LITERALS = {"True": "true", "False": "false", "None": "null"}
MAX_CANDIDATE_SPANS = 20


class ExtractionError(ValueError):
    """No JSON value could be read from a reply; the message says why."""


def extract_json(text: str) -> Any:
    """The JSON object (or list) in a model reply.

    Tries, in order: the whole reply, fenced code blocks, then balanced ``{...}`` / ``[...]``
    spans in the prose; each as is and then repaired (trailing commas, single quotes,
    Python literals, comments).

    Raises:
        ExtractionError: nothing parseable; the message quotes the JSON error's position.
    """
    stripped = text.strip()
    if not stripped:
        raise ExtractionError("the reply is empty; reply with the JSON script only")
    first_error: str | None = None
    for candidate in _candidates(stripped):
        for variant in (candidate, repair_json(candidate)):
            try:
                value = json.loads(variant)
            except json.JSONDecodeError as exc:
                if first_error is None:
                    first_error = (f"malformed JSON: {exc.msg} at line {exc.lineno} column "
                                   f"{exc.colno}")
                continue
            if isinstance(value, dict) or (
                    isinstance(value, list) and value and all(isinstance(v, dict) for v in value)):
                return value
    starts = [i for i, ch in enumerate(stripped) if ch in "{["]
    if not starts:
        raise ExtractionError("no JSON object found in the reply; reply with the JSON script "
                              "only")
    if _balanced_end(stripped, starts[0]) is None:
        raise ExtractionError("the JSON is incomplete (it ends before its closing bracket); "
                              "reply with the whole script")
    raise ExtractionError((first_error or "no JSON object found in the reply")
                          + "; reply with valid JSON only (double-quoted keys and strings, no "
                          "trailing commas, no comments)")


def _candidates(text: str) -> list[str]:
    """Where the JSON may be: the whole reply, fenced blocks, then top-level bracketed spans
    (never a fragment nested inside a larger span), longest first."""
    out = [text] if text[0] in "{[" else []
    fenced = [m.group(2).strip() for m in _FENCE.finditer(text)]
    out += sorted(fenced, key=lambda s: (not s.lstrip().startswith(("{", "[")), -len(s)))
    spans: list[str] = []
    i = 0
    while i < len(text) and len(spans) < MAX_CANDIDATE_SPANS:
        if text[i] in "{[":
            end = _balanced_end(text, i)
            if end is not None:
                spans.append(text[i:end])
                i = end
                continue
        i += 1
    out += sorted(spans, key=len, reverse=True)
    return list(dict.fromkeys(c for c in out if c))  # first occurrence of each, in order


def _balanced_end(text: str, start: int) -> int | None:
    """Index just past the bracket that closes the one at `start` (string-aware)."""
    depth = 0
    quote: str | None = None
    i = start
    while i < len(text):
        ch = text[i]
        if quote:
            if ch == "\\":
                i += 2
                continue
            if ch == quote:
                quote = None
        elif ch in "\"'":
            # A single quote is a string delimiter only where a value can start.
            if ch == '"' or _value_can_start(text, i):
                quote = ch
        elif ch in "{[":
            depth += 1
        elif ch in "}]":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return None


def _value_can_start(text: str, i: int) -> bool:
    j = i - 1
    while j >= 0 and text[j] in " \t\r\n":
        j -= 1
    return j < 0 or text[j] in "{[,:"


def repair_json(text: str) -> str:
    """Fix common slips outside string literals: trailing commas, single-quoted strings,
    ``True``/``False``/``None``, ``//`` and ``/* */`` comments."""
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch == '"':
            end = _string_end(text, i, '"')
            out.append(text[i:end])
            i = end
        elif ch == "'" and _value_can_start(text, i):
            end = _string_end(text, i, "'")
            body = text[i + 1:end - 1] if end - 1 > i else text[i + 1:]
            out.append(json.dumps(body.replace("\\'", "'")))
            i = end
        elif text.startswith("//", i):
            while i < n and text[i] != "\n":
                i += 1
        elif text.startswith("/*", i):
            close = text.find("*/", i + 2)
            i = n if close < 0 else close + 2
        elif ch == ",":
            j = i + 1
            while j < n and text[j] in " \t\r\n":
                j += 1
            if j < n and text[j] in "}]":
                i += 1  # trailing comma
                continue
            out.append(ch)
            i += 1
        elif ch.isalpha():
            j = i
            while j < n and (text[j].isalnum() or text[j] == "_"):
                j += 1
            word = text[i:j]
            out.append(_PY_LITERALS.get(word, word))
            i = j
        else:
            out.append(ch)
            i += 1
    return "".join(out)


def _string_end(text: str, start: int, quote: str) -> int:
    i = start + 1
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text[i] == quote:
            return i + 1
        i += 1
    return len(text)

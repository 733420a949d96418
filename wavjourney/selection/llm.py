"""The LLM selector (HuggingGPT-style): a chat model picks one tool from candidate cards.

The candidates are filtered first (by element kind, and by modality when a reference
recording is to be used), the model answers ``{"id": ..., "reason": ...}``, and an answer
that is malformed or names a tool outside the candidates is sent back with the exact error,
a bounded number of times, like the planner's script repair loop. Each such answer is
counted (format error or hallucination), so selectors can be compared on them.
"""

from __future__ import annotations

import base64
import json
import mimetypes
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wavjourney.selection.cards import Card
from wavjourney.selection.intent import MELODY_MUSIC, VOICE_CLONING, Intent

DEFAULT_MAX_ATTEMPTS = 3
UNKNOWN_ID = "unknown"
MAX_IMAGE_BYTES = 5 * 1024 * 1024
SYSTEM_PROMPT = """You choose the generator tool for one audio request.
Candidate tools (JSON, one per line):
{cards}
Answer with exactly one JSON object and nothing else:
{{"id": "<one candidate id, or unknown>", "reason": "<one sentence>"}}
Answer "unknown" when no candidate can do what is asked (for example pictures, video,
transcription, singing), and say why in the reason. Prefer a tool that accepts the
attached recording when the request asks to use it."""


@dataclass
class LLMChoice:
    """What the model chose and what it cost.

    Args:
        tool: the chosen candidate id, ``"unknown"``, or None when every attempt failed.
        reason: the model's reason (or the last error when it failed).
        calls: model calls made.
        hallucinations: answers naming a tool outside the candidates.
        format_errors: answers that were not the asked-for JSON object.
        errors: the error sent back after each bad answer, in order.
    """

    tool: str | None
    reason: str
    calls: int = 0
    hallucinations: int = 0
    format_errors: int = 0
    errors: list[str] = field(default_factory=list)


def candidate_cards(cards: Sequence[Card], intent: Intent, kind: str | None) -> list[Card]:
    """The cards the model chooses from: the wanted kinds (all kinds when the instruction
    names none) without the tools that cannot serve it at all (language, licence, a GPU
    "on my laptop"), and among those, when a recording is to be followed or cloned, the
    tools that take audio (all of them if none does)."""
    from wavjourney.selection.ranker import TEST_CAPABILITY, fit

    kinds = [kind] if kind else intent.kinds or sorted({c.info.kind for c in cards})
    chosen = [c for c in cards if c.info.kind in kinds and TEST_CAPABILITY not in
              c.info.capabilities and fit(c, intent)[2] is None]
    if intent.tasks & {VOICE_CLONING, MELODY_MUSIC}:
        audio_ok = [c for c in chosen if "audio" in c.info.modalities]
        if audio_ok:
            chosen = audio_ok
    return chosen


def accepts_images(llm: Any) -> bool:
    """Whether the chat model's profile says it takes image inputs."""
    profile = getattr(llm, "profile", None) or {}
    return bool(profile.get("image_inputs")) if isinstance(profile, dict) else False


def image_part(path: str | Path) -> dict[str, Any]:
    """An image as a LangChain multimodal content block (base64 data)."""
    data = Path(path).read_bytes()
    if len(data) > MAX_IMAGE_BYTES:
        from wavjourney.exceptions import ConfigError

        raise ConfigError(f"{path}: the image has {len(data)} bytes; attach one of at most "
                          f"{MAX_IMAGE_BYTES}")
    mime = mimetypes.guess_type(str(path))[0] or "image/png"
    return {"type": "image", "base64": base64.b64encode(data).decode("ascii"),
            "mime_type": mime}


def choose(llm: Any, instruction: str, cards: Sequence[Card], *, notes: Sequence[str] = (),
           image: str | Path | None = None,
           max_attempts: int = DEFAULT_MAX_ATTEMPTS) -> LLMChoice:
    """Ask `llm` to choose one of `cards` for `instruction`.

    Args:
        notes: facts about the attachments, added to the request.
        image: an image file, sent as an image content block (the caller checks that the
            model accepts images).
        max_attempts: model calls at most (the first and the re-asks).

    Model errors (network, provider) propagate; the caller falls back to the ranker.
    """
    from langchain_core.messages import AIMessage, HumanMessage, SystemMessage

    from wavjourney.planner.llm import message_text

    ids = [c.name for c in cards]
    lines = "\n".join(json.dumps(c.prompt_line(), ensure_ascii=False) for c in cards)
    request = f"Request: {instruction}"
    if notes:
        request += "\nAttachments: " + "; ".join(notes)
    content: Any = request
    if image is not None:
        content = [{"type": "text", "text": request + "\nThe attached image follows."},
                   image_part(image)]
    messages: list[Any] = [SystemMessage(SYSTEM_PROMPT.format(cards=lines)),
                           HumanMessage(content=content)]
    result = LLMChoice(None, "")
    for _ in range(max(1, max_attempts)):
        answer = llm.invoke(messages)
        result.calls += 1
        text = message_text(answer)
        tool, reason, error, hallucinated = parse_answer(text, ids)
        if error is None:
            result.tool, result.reason = tool, reason
            return result
        if hallucinated:
            result.hallucinations += 1
        else:
            result.format_errors += 1
        result.errors.append(error)
        result.reason = error
        messages += [AIMessage(text), HumanMessage(
            f"Error: {error}. Answer again with exactly one JSON object "
            '{"id": ..., "reason": ...} whose id is one of: '
            + ", ".join(ids + [UNKNOWN_ID]) + ".")]
    return result


def parse_answer(text: str, ids: Sequence[str]) -> tuple[str | None, str, str | None, bool]:
    """Read one answer: (tool id, reason, error or None, whether the error is a
    hallucinated tool name)."""
    match = re.search(r"\{.*\}", text, re.DOTALL)
    if match is None:
        return None, "", f"the answer holds no JSON object: {_clip(text)!r}", False
    try:
        data = json.loads(match.group(0))
    except json.JSONDecodeError as exc:
        return None, "", f"the answer is not valid JSON ({exc.msg} at char {exc.pos})", False
    if not isinstance(data, dict) or not isinstance(data.get("id"), str):
        return None, "", 'the answer has no string "id" field', False
    if not isinstance(data.get("reason"), str) or not data["reason"].strip():
        return None, "", 'the answer has no "reason" (one sentence)', False
    tool = data["id"].strip()
    if tool != UNKNOWN_ID and tool not in ids:
        return None, "", (f"tool {tool!r} is not one of the candidates "
                          f"({', '.join(ids) or 'none'})"), True
    return tool, data["reason"].strip(), None, False


def _clip(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + "…"

"""Tool selection for an instruction and its attachments: the LLM when one is configured,
the offline ranker otherwise and whenever the LLM fails."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypedDict

from wavjourney.selection.attachments import inspect_audio
from wavjourney.selection.cards import Card, catalogue
from wavjourney.selection.intent import read_intent
from wavjourney.selection.llm import (
    DEFAULT_MAX_ATTEMPTS,
    UNKNOWN_ID,
    accepts_images,
    candidate_cards,
    choose,
)
from wavjourney.selection.ranker import rank
from wavjourney.selection.result import Candidate, Selection

if TYPE_CHECKING:
    from wavjourney.tools.registry import Registry

OFFLINE_IMAGE_WARNING = ("the offline selector cannot look at the image; it chose from the "
                         "words of the instruction only")
LLM_IMAGE_WARNING = ("the configured model does not accept images, so the image was not "
                     "used; the choice rests on the words of the instruction")


class _Counts(TypedDict):
    """The LLM selector's call counts, as `Selection` fields."""

    llm_calls: int
    hallucinations: int
    format_errors: int


def select_tools(registry: Registry | Sequence[Card], instruction: str, *,
                 audio: str | Path | None = None, image: str | Path | None = None,
                 kind: str | None = None, installed_only: bool = True, llm: Any = None,
                 max_attempts: int = DEFAULT_MAX_ATTEMPTS) -> Selection:
    """Choose tools for `instruction`.

    Args:
        registry: the tools (or a ready catalogue of cards).
        instruction: what the user wants, in English.
        audio: an attached recording (a voice to clone, a melody to follow).
        image: an attached image (only a model that accepts images looks at it).
        kind: only choose among tools of this element kind.
        installed_only: leave out tools that cannot run here.
        llm: a LangChain chat model; None: the offline ranker.
        max_attempts: model calls at most, re-asks included.
    """
    cards = list(registry) if isinstance(registry, Sequence) else catalogue(registry)
    if image is not None and not Path(image).is_file():
        from wavjourney.exceptions import ConfigError

        raise ConfigError(f"attached image {str(image)!r} does not exist")
    facts = inspect_audio(audio) if audio is not None else None
    intent = read_intent(instruction, facts, has_image=image is not None)
    attachments: dict[str, Any] = {}
    if facts is not None:
        attachments["audio"] = facts.to_json()
    if image is not None:
        attachments["image"] = str(image)
    if llm is None:
        warnings = [OFFLINE_IMAGE_WARNING] if image is not None else []
        return rank(intent, cards, kind=kind, installed_only=installed_only,
                    warnings=warnings, attachments=attachments)
    return _with_llm(llm, instruction, intent, cards, kind, installed_only, image,
                     attachments, max_attempts)


def _with_llm(llm: Any, instruction: str, intent: Any, cards: list[Card], kind: str | None,
              installed_only: bool, image: str | Path | None, attachments: dict[str, Any],
              max_attempts: int) -> Selection:
    warnings: list[str] = []
    send_image = None
    if image is not None:
        if accepts_images(llm):
            send_image = image
        else:
            warnings.append(LLM_IMAGE_WARNING)
    offered = candidate_cards(cards, intent, kind)
    if installed_only:
        offered = [c for c in offered if c.available]
    offline = rank(intent, cards, kind=kind, installed_only=installed_only,
                   warnings=warnings, attachments=attachments)
    notes = list(intent.notes)
    try:
        choice = choose(llm, instruction, offered, notes=notes, image=send_image,
                        max_attempts=max_attempts)
    except Exception as exc:  # noqa: BLE001 - any model failure falls back to the ranker
        return _replace(offline, warnings=(*offline.warnings,
                                           f"the LLM selector failed ({exc}); the offline "
                                           "ranker chose"))
    counts: _Counts = {"llm_calls": choice.calls, "hallucinations": choice.hallucinations,
                       "format_errors": choice.format_errors}
    if choice.tool is None:
        return _replace(offline, **counts, warnings=(
            *offline.warnings, f"the LLM gave no valid answer in {choice.calls} call(s) "
            f"(last error: {choice.reason}); the offline ranker chose"))
    if choice.tool == UNKNOWN_ID:
        return Selection(True, choice.reason, kinds=offline.kinds, selector="llm",
                         warnings=tuple(warnings), attachments=attachments, **counts)
    card = next(c for c in offered if c.name == choice.tool)
    picked = Candidate(card.name, card.info.kind, 1.0, choice.reason, card.installed,
                       card.available, card.info.install)
    rest = [c for c in offline.candidates if c.tool != card.name]
    kinds = offline.kinds if card.info.kind in offline.kinds else (card.info.kind,)
    return Selection(False, f"{card.name} ({card.info.kind}): {choice.reason}",
                     (picked, *rest), kinds, "llm", offline.warnings, attachments, **counts)


def _replace(selection: Selection, **changes: Any) -> Selection:
    from dataclasses import replace

    return replace(selection, **changes)

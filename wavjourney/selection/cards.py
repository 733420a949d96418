"""The capability catalogue: every registered tool's card, with whether it can run here.

Cards come from the tools' classes (`ToolInfo`), found through the registry and its entry
points, so a tool whose packages are missing is still listed (with its install line) and
can be recommended; nothing is built beyond the cheap `available()` check and no model is
loaded. Tools are never described here: a card is whatever the tool says about itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from wavjourney.exceptions import ToolUnavailable

if TYPE_CHECKING:
    from wavjourney.tools.base import ToolInfo
    from wavjourney.tools.registry import Registry

# Tasks a kind serves when a card lists none (older or third-party tools).
DEFAULT_TASKS = {"speech": ("text-to-speech",), "music": ("text-to-music",),
                 "sound_effect": ("text-to-audio",)}
IMPLIED_TASKS = {"voice_clone": "voice-cloning"}


@dataclass(frozen=True)
class Card:
    """One tool as the selector sees it.

    Args:
        info: the tool's own card.
        installed: its packages are importable (`Tool.installed()` did not raise).
        available: it can run here as configured (checkpoint present, ...).
        unavailable_reason: why not, with the fix (None when available).
    """

    info: ToolInfo
    installed: bool
    available: bool
    unavailable_reason: str | None = None

    @property
    def name(self) -> str:
        return self.info.name

    @property
    def tasks(self) -> tuple[str, ...]:
        """The card's tasks; a card that lists none gets its kind's plain task, and the
        capabilities that imply a task (``voice_clone``) add it."""
        tasks = self.info.tasks or DEFAULT_TASKS.get(self.info.kind, ())
        implied = tuple(task for capability, task in IMPLIED_TASKS.items()
                        if capability in self.info.capabilities and task not in tasks)
        return tasks + implied

    def to_json(self) -> dict[str, Any]:
        """The card as plain data (for ``wavjourney tools --json`` and the LLM prompt)."""
        info = self.info
        return {
            "name": info.name, "kind": info.kind, "version": info.version,
            "description": info.description, "tasks": list(self.tasks),
            "modalities": list(info.modalities), "languages": list(info.languages),
            "capabilities": sorted(info.capabilities), "quality": info.quality,
            "quality_by_category": dict(info.quality_by_category),
            "max_duration_s": info.max_duration_s, "extends_duration": info.extends_duration,
            "realtime_factors": dict(info.realtime_factors), "devices": list(info.devices),
            "memory_bytes": info.memory_bytes, "licence": info.licence,
            "install": info.install, "installed": self.installed,
            "available": self.available, "unavailable_reason": self.unavailable_reason,
        }

    def prompt_line(self) -> dict[str, Any]:
        """The short card an LLM chooses from (HuggingGPT's id, description and tags)."""
        info = self.info
        languages = list(info.languages)
        return {"id": info.name, "kind": info.kind, "description": info.description,
                "tasks": list(self.tasks), "inputs": list(info.modalities),
                "languages": languages if len(languages) <= 20 else
                f"{len(languages)} languages",
                "max_duration_s": info.max_duration_s, "licence": info.licence or "unknown",
                "runs_on": list(info.devices), "installed": self.installed}


def catalogue(registry: Registry) -> list[Card]:
    """Every registered tool's card, by kind and then best quality first.

    A tool whose plugin cannot even be imported has no card to read and is left out; one
    whose packages are missing is listed as not installed.
    """
    cards = []
    for name in registry.names():
        try:
            info = registry.info(name)
        except ToolUnavailable:
            continue
        cards.append(_card(registry, info))
    return sorted(cards, key=lambda c: (c.info.kind, -c.info.quality, c.name))


def _card(registry: Registry, info: ToolInfo) -> Card:
    try:
        registry.tool_class(info.name).installed()
    except ToolUnavailable as exc:
        return Card(info, installed=False, available=False, unavailable_reason=str(exc))
    reason = registry.unavailable_reason(info.name)
    return Card(info, installed=True, available=reason is None, unavailable_reason=reason)

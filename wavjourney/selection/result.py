"""What a selector returns: ranked candidates per element kind, or ``unknown`` with a reason."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Candidate:
    """One tool that can serve the instruction.

    Args:
        tool: registry name.
        kind: the element kind it would make.
        score: 0-1, how well its card fits the instruction (the LLM's pick gets 1).
        reason: why it fits (or what it lacks).
        installed: its packages are installed here.
        available: it can run here as configured.
        install: how to install it (shown when it is not installed).
    """

    tool: str
    kind: str
    score: float
    reason: str
    installed: bool = True
    available: bool = True
    install: str = ""

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"tool": self.tool, "kind": self.kind,
                               "score": round(self.score, 3), "installed": self.installed,
                               "available": self.available, "reason": self.reason}
        if not self.installed or not self.available:
            out["install"] = self.install
        return out


@dataclass(frozen=True)
class Selection:
    """The tools an instruction needs, best first.

    Args:
        unknown: no tool in the catalogue can do what was asked.
        reason: why (for unknown), or a summary of the choice.
        candidates: the main kind's tools first, then the other kinds', each best first.
        kinds: element kinds the instruction needs, the main one first.
        selector: ``"offline"`` or ``"llm"``.
        warnings: what the selector could not use or had to assume (an image it cannot
            see, a recording that is not speech, an LLM that failed).
        attachments: facts read from the attachments (duration, content, tempo, key).
        llm_calls: chat model calls made.
        hallucinations: answers that named a tool outside the candidate set.
        format_errors: answers that were not the asked-for JSON object.
    """

    unknown: bool
    reason: str
    candidates: tuple[Candidate, ...] = ()
    kinds: tuple[str, ...] = ()
    selector: str = "offline"
    warnings: tuple[str, ...] = ()
    attachments: dict[str, Any] = field(default_factory=dict)
    llm_calls: int = 0
    hallucinations: int = 0
    format_errors: int = 0

    @property
    def best(self) -> Candidate | None:
        return self.candidates[0] if self.candidates else None

    def for_kind(self, kind: str) -> list[Candidate]:
        """The candidates of one element kind, best first."""
        return [c for c in self.candidates if c.kind == kind]

    def to_json(self) -> dict[str, Any]:
        return {"unknown": self.unknown, "reason": self.reason,
                "candidates": [c.to_json() for c in self.candidates],
                "kinds": list(self.kinds), "selector": self.selector,
                "warnings": list(self.warnings), "attachments": self.attachments,
                "llm": {"calls": self.llm_calls, "hallucinations": self.hallucinations,
                        "format_errors": self.format_errors}}

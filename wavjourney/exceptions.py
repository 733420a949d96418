"""The error tree of WavJourney.

    WavJourneyError                  base of everything we raise on purpose
    ├── ScriptError                  an audio script is invalid (carries ScriptIssue items)
    ├── PlanningError                the planner could not get a valid script from the model
    │   └── ScenesIncomplete         some scenes of a long piece failed; the rest are kept
    │                                (`partial`) so only the failed ones are planned again
    ├── ToolError(tool=, element=,   a generator failed on an element; only `retryable`
    │             retryable=)        failures (out of memory, a lost worker) are retried
    ├── ToolUnavailable(tool=)       a tool is unknown, or its extra / weights are missing
    ├── RenderCancelled              the caller cancelled a render
    ├── DestinationError             an output path is unsafe or would touch the user's files
    └── ConfigError                  bad settings (LLM spec, missing provider package, ...)

Every message is one line a person (or an LLM) can act on: it names the element and the
field, says what is wrong and what is allowed.
"""

from __future__ import annotations

from dataclasses import dataclass


class WavJourneyError(Exception):
    """Base class of all WavJourney errors."""


@dataclass(frozen=True)
class ScriptIssue:
    """One problem in an audio script.

    Args:
        message: what is wrong and what is allowed.
        index: position of the element in the script's element list, if the issue is about one.
        element_id: the element's id, if known.
        field: the offending field name, if any.
    """

    message: str
    index: int | None = None
    element_id: str | None = None
    field: str | None = None

    def __str__(self) -> str:
        where = []
        if self.index is not None:
            where.append(f"element {self.index}")
        if self.element_id is not None:
            where.append(f"id {self.element_id!r}")
        if self.field:
            where.append(f"field {self.field!r}")
        return f"{', '.join(where)}: {self.message}" if where else self.message


# A message names at most this many issues; the rest are counted (`issues` keeps them all).
MAX_ISSUES_SHOWN = 10


class ScriptError(WavJourneyError):
    """An audio script failed validation; `issues` lists every problem found."""

    def __init__(self, issues: list[ScriptIssue] | ScriptIssue | str):
        if isinstance(issues, str):
            issues = [ScriptIssue(issues)]
        elif isinstance(issues, ScriptIssue):
            issues = [issues]
        self.issues: list[ScriptIssue] = list(issues)
        super().__init__("; ".join(self.summary()))

    def summary(self, limit: int = MAX_ISSUES_SHOWN) -> list[str]:
        """The first `limit` issues as text, then how many more there are."""
        shown = [str(i) for i in self.issues[:limit]]
        if len(self.issues) > limit:
            shown.append(f"and {len(self.issues) - limit} more issue(s)")
        return shown


class PlanningError(WavJourneyError):
    """The planner gave up; `errors` holds the validation errors of the last attempt."""

    def __init__(self, message: str, errors: list[str] | None = None):
        self.errors = list(errors or [])
        detail = f" Last errors: {'; '.join(self.errors)}" if self.errors else ""
        super().__init__(message + detail)


class ScenesIncomplete(PlanningError):
    """Some scenes of a long piece have no valid script; the message names each.

    Args:
        partial: a `wavjourney.planner.partial_plan.PartialPlan` (the outline and the scenes
            that succeeded), for saving and resuming.
    """

    def __init__(self, message: str, partial: object):
        self.partial = partial
        super().__init__(message)


class ToolError(WavJourneyError):
    """A tool failed to generate an element.

    Args:
        retryable: the same call may succeed if repeated (a transient fault such as a lost
            worker or a full device); a bad request or a broken model is not retryable, and
            the engine moves on to the element's next valid tool instead.
    """

    def __init__(self, message: str, *, tool: str, element: str | None = None,
                 retryable: bool = False):
        self.tool = tool
        self.element = element
        self.retryable = retryable
        self.message = message
        prefix = f"element {element!r}: " if element else ""
        super().__init__(f"{prefix}tool {tool!r} failed: {message}")

    def __reduce__(self):  # keyword-only arguments: pickle through our own constructor
        return (_rebuild_tool_error, (self.message, self.tool, self.element, self.retryable))


class ToolUnavailable(WavJourneyError):
    """A tool is unknown or cannot run here (missing extra, missing weights)."""

    def __init__(self, message: str, *, tool: str):
        self.tool = tool
        super().__init__(message)

    def __reduce__(self):
        return (_rebuild_unavailable, (str(self), self.tool))


class RenderCancelled(WavJourneyError):
    """The render was cancelled by the caller; finished clips stay cached."""


class DestinationError(WavJourneyError):
    """An output path would overwrite or delete files WavJourney did not write, leaves the
    output folder, or cannot be written."""


class ConfigError(WavJourneyError):
    """Invalid configuration, e.g. a malformed LLM spec or a missing provider package."""


def _rebuild_tool_error(message: str, tool: str, element: str | None,
                        retryable: bool) -> ToolError:
    return ToolError(message, tool=tool, element=element, retryable=retryable)


def _rebuild_unavailable(message: str, tool: str) -> ToolUnavailable:
    return ToolUnavailable(message, tool=tool)

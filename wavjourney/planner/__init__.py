"""The planner: prompt → validated, voice-cast audio script, by a chat model or offline.

Example:
    >>> from wavjourney.planner import plan_script, edit_script
    >>> plan = plan_script("A couple dating in a rainy cafe")        # no LLM: offline
    >>> plan.planner
    'offline'
    >>> edited = edit_script(plan.script, "make the music quieter")  # doctest: +ELLIPSIS
    >>> edited.script.element("music-1").target_lufs
    -34.0

LangChain is imported only when a model is used.
"""

from wavjourney.planner.casting import cast
from wavjourney.planner.core import (
    DEFAULT_MAX_ATTEMPTS,
    Plan,
    available_voices,
    edit_script,
    plan_outline,
    plan_scenes,
    plan_script,
)
from wavjourney.planner.offline import DEFAULT_DURATION_S, edit_offline, plan_offline

__all__ = [
    "DEFAULT_DURATION_S",
    "DEFAULT_MAX_ATTEMPTS",
    "Plan",
    "available_voices",
    "cast",
    "edit_offline",
    "edit_script",
    "plan_offline",
    "plan_outline",
    "plan_scenes",
    "plan_script",
]

"""Multi-turn editing: script versions, LLM (or simple offline) edits, readable diffs,
undo / redo and incremental re-rendering."""

from wavjourney.session.diff import Change, ScriptDiff, diff_scripts
from wavjourney.session.session import EditResult, Session

__all__ = ["Change", "EditResult", "ScriptDiff", "Session", "diff_scripts"]

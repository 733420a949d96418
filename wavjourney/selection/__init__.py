"""Tool selection (MLLM-Tool / HuggingGPT style): which tools can serve an instruction.

`select_tools` reads the capability cards of every registered tool (installed or not),
inspects attachments offline (a recording's length, speech or music, tempo and key) and
ranks the tools, by a chat model choosing among candidate cards when one is configured and
by the offline ranker otherwise. No torch import on this path.

Example:
    >>> from wavjourney.selection import select_tools
    >>> selection = select_tools(registry, "a dog barking far away")   # doctest: +SKIP
    >>> [c.tool for c in selection.candidates]                          # doctest: +SKIP
    ['audiogen', 'offline-sfx']
"""

from wavjourney.selection.attachments import AudioFacts, inspect_audio
from wavjourney.selection.cards import Card, catalogue
from wavjourney.selection.result import Candidate, Selection
from wavjourney.selection.select import select_tools

__all__ = ["AudioFacts", "Candidate", "Card", "Selection", "catalogue", "inspect_audio",
           "select_tools"]

"""WavJourney: compositional audio creation.

    >>> from wavjourney import Studio                                  # doctest: +SKIP
    >>> Studio().generate("a couple dating in a rainy cafe", "out/cafe")  # doctest: +SKIP

Names are imported lazily so `import wavjourney` (and `wavjourney --help`) stay light.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS = {
    "Studio": "wavjourney.api",
    "RenderResult": "wavjourney.render",
    "AudioScript": "wavjourney.script",
    "Character": "wavjourney.script",
    "Speech": "wavjourney.script",
    "Music": "wavjourney.script",
    "SoundEffect": "wavjourney.script",
    "parse_script": "wavjourney.script",
    "load_script": "wavjourney.script",
    "dump_script": "wavjourney.script",
    "ProgressEvent": "wavjourney.engine.events",
    "Tool": "wavjourney.tools.base",
    "ToolInfo": "wavjourney.tools.base",
    "VoicePreset": "wavjourney.tools.base",
    "GenerationRequest": "wavjourney.tools.base",
    "GeneratedClip": "wavjourney.tools.base",
    "Registry": "wavjourney.tools.registry",
    "WavJourneyError": "wavjourney.exceptions",
    "ScriptError": "wavjourney.exceptions",
    "PlanningError": "wavjourney.exceptions",
    "ToolError": "wavjourney.exceptions",
    "ToolUnavailable": "wavjourney.exceptions",
    "RenderCancelled": "wavjourney.exceptions",
    "ConfigError": "wavjourney.exceptions",
}

__all__ = sorted(_EXPORTS) + ["__version__"]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'wavjourney' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__


if TYPE_CHECKING:  # pragma: no cover
    from wavjourney.api import Studio
    from wavjourney.engine.events import ProgressEvent
    from wavjourney.exceptions import (
        ConfigError,
        PlanningError,
        RenderCancelled,
        ScriptError,
        ToolError,
        ToolUnavailable,
        WavJourneyError,
    )
    from wavjourney.render import RenderResult
    from wavjourney.script import (
        AudioScript,
        Character,
        Music,
        SoundEffect,
        Speech,
        dump_script,
        load_script,
        parse_script,
    )
    from wavjourney.tools.base import GeneratedClip, GenerationRequest, Tool, ToolInfo, VoicePreset
    from wavjourney.tools.registry import Registry

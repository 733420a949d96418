"""The offline planner: a script that honours the prompt, with no LLM.

It recognises the format (story with its genre, news, sports commentary, podcast, interview,
advert, documentary, meditation, lecture, cooking or how-to, audiobook, quiz, weather,
traffic, announcement, soundscape), the speakers asked for, the length, the setting, the mood,
the subject and the language (en, es, fr, de, it, pt), and writes the piece from per-format,
per-genre line banks with slots, seeded from the prompt. Common edits work offline too.

Layout: data modules (`formats`, `palettes`, `lines_<language>`) and code modules
(`detect`, `write`, `estimate`, `edit`).

Example:
    >>> s = plan_offline("A couple dating in a rainy cafe")
    >>> sorted({e.type for e in s.elements})
    ['music', 'sound_effect', 'speech']
"""

from __future__ import annotations

from collections.abc import Sequence

from wavjourney.planner.offline.detect import Brief, analyse, detect_language, tokenize
from wavjourney.planner.offline.edit import (
    CONFIGURE_LLM_HINT,
    UNSUPPORTED_HINT,
    SoundCategory,
    edit_offline,
    music_mood,
    sound_categories,
)
from wavjourney.planner.offline.write import OfflinePlan, write_plan
from wavjourney.script import AudioScript
from wavjourney.tools.base import VoicePreset

DEFAULT_DURATION_S = 45.0


def plan_offline(prompt: str, *, voices: Sequence[VoicePreset] = (),
                 duration_s: float | None = None, language: str | None = None) -> AudioScript:
    """A script for `prompt` written without an LLM.

    Args:
        prompt: what the piece is about, in English, Spanish, French, German, Italian or
            Portuguese.
        voices: voice presets to cast the characters with (none: left to the engine).
        duration_s: target length in seconds; default: a length in the prompt ("30-second",
            "two minutes"), else the format's usual length.
        language: the language to write in; default: the prompt's.
    """
    return write_plan(prompt, voices=voices, duration_s=duration_s, language=language).script


__all__ = [
    "DEFAULT_DURATION_S",
    "CONFIGURE_LLM_HINT",
    "UNSUPPORTED_HINT",
    "Brief",
    "OfflinePlan",
    "SoundCategory",
    "analyse",
    "detect_language",
    "edit_offline",
    "music_mood",
    "plan_offline",
    "sound_categories",
    "tokenize",
    "write_plan",
]

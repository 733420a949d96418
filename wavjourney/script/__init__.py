"""The typed audio script, its validation, JSON Schema and importers."""

from wavjourney.script.model import (
    AudioScript,
    Character,
    Element,
    Music,
    SoundEffect,
    Speech,
)
from wavjourney.script.parse import dump_script, load_script, parse_script

__all__ = [
    "AudioScript",
    "Character",
    "Element",
    "Music",
    "SoundEffect",
    "Speech",
    "dump_script",
    "load_script",
    "parse_script",
]

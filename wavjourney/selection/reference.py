"""A voice reference attached to a request (``generate "..." --audio voice.wav``) becomes the
main character's custom voice, when a voice-cloning tool can speak it.

The recording goes into the Studio's voice library (named after the file and its content
hash, so attaching the same file again reuses it) and the main character, the one with the
most lines, is cast to it; the resolver then gives that character's lines to a tool with the
``voice_clone`` capability. Without such a tool the character keeps an offline preset and
the returned note says why, for the output and report.json.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wavjourney.exceptions import ToolUnavailable

if TYPE_CHECKING:
    from wavjourney.api import Studio
    from wavjourney.script import AudioScript

VOICE_CLONE = "voice_clone"
NAME_STEM_CHARS = 24
HASH_CHARS = 8


def apply_voice_reference(studio: Studio, script: AudioScript,
                          audio: str | Path) -> tuple[AudioScript, dict[str, Any]]:
    """Cast the main character of `script` to the voice in `audio` where a tool can clone it.

    Returns:
        the (re-cast) script and a note for report.json: the file, what it holds, the
        character, the voice and tool it got, and a ``warning`` when the voice was not used.
    """
    from wavjourney.selection.attachments import inspect_audio
    from wavjourney.voice_library import VoiceLibraryError

    facts = inspect_audio(audio)
    note: dict[str, Any] = {"file": str(audio), "content": facts.content,
                            "duration_s": facts.duration_s}
    character = main_character(script)
    if character is None:
        note["warning"] = "the script has no speaking character to give the attached voice to"
        return script, note
    note["character"] = character
    if facts.content != "speech":
        note["warning"] = (f"the attached recording sounds like {facts.content}, not a voice; "
                           f"{character} keeps a preset voice")
        return studio.cast(script), _with_voice(note, studio.cast(script), character)
    cloners = studio.resolver.candidates("speech", language=script.language,
                                         needs=frozenset({VOICE_CLONE}))
    if not cloners:
        cast = studio.cast(script)
        note = _with_voice(note, cast, character)
        note["warning"] = (f"no voice-cloning tool can run here{_install_hint(studio)}, so "
                           f"{character} speaks with the preset voice {note.get('voice')!r} "
                           "instead of the attached recording")
        return cast, note
    library = studio.voice_library
    if library is None:
        note["warning"] = "no voice library is configured; the attached voice was not used"
        return studio.cast(script), note
    digest = hashlib.sha256(Path(audio).read_bytes()).hexdigest()[:HASH_CHARS]
    name = f"{Path(audio).stem[:NAME_STEM_CHARS]}-{digest}"
    try:
        voice = library.add(name, audio, description=f"the attached recording, for "
                            f"{character}", replace=True)
    except VoiceLibraryError as exc:
        note["warning"] = f"the attached recording cannot be a voice: {exc}"
        return studio.cast(script), _with_voice(note, studio.cast(script), character)
    cast = studio.cast(script, overrides={character: voice.voice_id})
    note.update(voice=voice.voice_id, tool=_tool_for(studio, cast, character))
    return cast, note


def main_character(script: AudioScript) -> str | None:
    """The character with the most lines (the first to speak among equals)."""
    lines = Counter(e.character for e in script.elements if e.type == "speech")
    if not lines:
        return None
    order = [e.character for e in script.elements if e.type == "speech"]
    return max(lines, key=lambda name: (lines[name], -order.index(name)))


def _with_voice(note: dict[str, Any], script: AudioScript, character: str) -> dict[str, Any]:
    voice = next((c.voice for c in script.characters if c.name == character), None)
    return {**note, "voice": voice}


def _tool_for(studio: Studio, script: AudioScript, character: str) -> str | None:
    try:
        resolution = studio.resolver.resolve(script)
    except Exception:  # noqa: BLE001 - the render reports resolution errors itself
        return None
    for element in resolution.script.elements:
        if element.type == "speech" and element.character == character:
            return element.tool
    return None


def _install_hint(studio: Studio) -> str:
    """`` (install xtts: pip install ...)`` for cloning tools that are registered but not
    installed, else nothing."""
    from wavjourney.selection.cards import catalogue

    try:
        missing = [c for c in catalogue(studio.registry)
                   if VOICE_CLONE in c.info.capabilities and not c.available]
    except ToolUnavailable:
        return ""
    hints = [f"{c.name}: {c.info.install}" for c in missing if c.info.install]
    return f" (install {'; '.join(hints)})" if hints else ""

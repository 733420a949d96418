"""The one owner of tool choice and voice casting.

For every element: the script's `tool`, else the preferred tool for its kind, else the
best available tool for the kind, the script's language and the capabilities the element
needs (a custom voice needs ``voice_clone``). Characters are then cast against the voices of
*that* tool, and each element gets a fallback chain: the next valid tools, used at render
time when the chosen one fails for good. The planner, the compiler, the Studio, the CLI and
the web app all ask this module; none of them decides on its own.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from wavjourney.exceptions import ScriptError, ScriptIssue, ToolUnavailable
from wavjourney.tools.base import ToolInfo, ToolKind, VoiceContext, VoicePreset

if TYPE_CHECKING:
    from wavjourney.script import AudioScript
    from wavjourney.tools.registry import Registry
    from wavjourney.voice_library import VoiceLibrary

VOICE_CLONE = "voice_clone"


@dataclass(frozen=True)
class ToolChoice:
    """The tool an element gets, why, and what to try next if it fails for good."""

    tool: str
    reason: str
    fallbacks: tuple[str, ...] = ()


@dataclass(frozen=True)
class Resolution:
    """A script with a tool on every element and a voice on every speaking character.

    Args:
        script: a copy of the script with `tool` and `voice` filled in.
        choices: element id -> its tool choice.
        voices: character name -> the voice preset it speaks with (custom voices carry their
            recording in `sample`).
    """

    script: AudioScript
    choices: dict[str, ToolChoice] = field(default_factory=dict)
    voices: dict[str, VoicePreset] = field(default_factory=dict)


class Resolver:
    """Chooses tools and voices for scripts from a registry.

    Args:
        registry: the tools.
        preferences: element kind -> tool name, used where a script names no tool.
        voice_library: custom voices (recordings) that cloning tools can speak with.
    """

    def __init__(self, registry: Registry, preferences: Mapping[str, str] | None = None,
                 voice_library: VoiceLibrary | None = None):
        self.registry = registry
        self.preferences = dict(preferences or {})
        self.voice_library = voice_library

    # Tools --------------------------------------------------------------------------------
    def candidates(self, kind: ToolKind, *, language: str = "en",
                   needs: frozenset[str] = frozenset()) -> list[ToolInfo]:
        """Available tools that can make `kind` in `language` with `needs`, best first."""
        return [info for info in self.registry.infos(kind, available_only=True)
                if info.speaks(language) and needs <= info.capabilities]

    def tool_for(self, kind: ToolKind, *, language: str = "en",
                 needs: frozenset[str] = frozenset()) -> str:
        """The tool an element of `kind` gets when the script names none."""
        return self._choose(kind, None, language, needs).tool

    def _choose(self, kind: ToolKind, named: str | None, language: str,
                needs: frozenset[str]) -> ToolChoice:
        valid = self.candidates(kind, language=language, needs=needs)
        if named is not None:  # the script's own choice binds
            return self._check(named, kind, language, needs, valid, "named by the script")
        preferred = self.preferences.get(kind)
        if preferred is not None:
            self.registry.get(preferred).available()  # a preferred tool that cannot run: say so
            try:
                return self._check(preferred, kind, language, needs, valid,
                                   f"preferred for {kind}")
            except ToolUnavailable:
                if not valid:
                    raise
                # A preference yields to what the element needs (a language, cloning).
        if not valid:
            wanted = f"{kind} tool" + (f" for {language!r}" if kind == "speech" else "")
            if needs:
                wanted += f" that can {', '.join(sorted(needs))}"
            raise ToolUnavailable(f"no available {wanted}; `wavjourney tools` lists them",
                                  tool=kind)
        best = valid[0]
        reason = f"best available {kind} tool (quality {best.quality})"
        if kind == "speech" and language != "en":
            reason += f" speaking {language!r}"
        if needs:
            reason += f" that can {', '.join(sorted(needs))}"
        return ToolChoice(best.name, reason, tuple(i.name for i in valid[1:]))

    def _check(self, name: str, kind: ToolKind, language: str, needs: frozenset[str],
               valid: list[ToolInfo], reason: str) -> ToolChoice:
        info = self.registry.info(name)  # raises for an unknown tool
        if info.kind != kind:
            raise ToolUnavailable(f"tool {name!r} makes {info.kind}, not {kind}", tool=name)
        self.registry.get(name).available()
        if not info.speaks(language):
            raise ToolUnavailable(f"tool {name!r} does not speak {language!r}; it speaks "
                                  f"{', '.join(info.languages)}", tool=name)
        missing = needs - info.capabilities
        if missing:
            raise ToolUnavailable(f"tool {name!r} cannot {', '.join(sorted(missing))}",
                                  tool=name)
        return ToolChoice(name, reason, tuple(i.name for i in valid if i.name != name))

    # Voices -------------------------------------------------------------------------------
    def voices(self, tool: str | None = None, *, language: str = "en") -> list[VoicePreset]:
        """Voices of `tool` (default: the speech tool WavJourney would pick) in `language`,
        with the voice library's recordings where the tool clones voices."""
        name = tool or self.tool_for("speech", language=language)
        return self.registry.get(name).voices(self.voice_context(language))

    def voice_context(self, language: str = "en") -> VoiceContext:
        custom: tuple[VoicePreset, ...] = ()
        if self.voice_library is not None:
            custom = tuple(self.voice_library.presets())
        return VoiceContext(language=language, custom_voices=custom)

    def sound_catalogue(self) -> dict[str, str]:
        """The sound categories of the sound-effect tool in use (empty: free text)."""
        try:
            return self.registry.get(self.tool_for("sound_effect")).sound_catalogue()
        except ToolUnavailable:
            return {}

    # Scripts ------------------------------------------------------------------------------
    def resolve(self, script: AudioScript) -> Resolution:
        """Choose every element's tool and cast every speaking character against it.

        Raises:
            ScriptError: naming each element whose tool is unknown, of the wrong kind or
                unavailable, and each character whose voice its tool does not offer.
        """
        from wavjourney.planner.casting import cast
        from wavjourney.script.model import Speech

        script = script.model_copy(deep=True)
        given = {c.name: c.voice for c in script.characters if c.voice}
        issues: list[ScriptIssue] = []
        choices: dict[str, ToolChoice] = {}
        # Elements share a few (kind, tool, needs): each is chosen once per script, since
        # asking every tool whether it can run costs an import search per tool.
        chosen: dict[tuple[str, str | None, frozenset[str]], ToolChoice | ToolUnavailable] = {}
        for index, element in enumerate(script.elements):
            needs: frozenset[str] = frozenset()
            if isinstance(element, Speech) and _is_custom(given.get(element.character)):
                needs = frozenset({VOICE_CLONE})
            question = (element.type, element.tool, needs)
            if question not in chosen:
                try:
                    chosen[question] = self._choose(element.type, element.tool,
                                                    script.language, needs)
                except ToolUnavailable as exc:
                    chosen[question] = exc
            answer = chosen[question]
            if isinstance(answer, ToolUnavailable):
                issues.append(ScriptIssue(str(answer), index=index, element_id=element.id,
                                          field="tool"))
                continue
            choices[element.id] = answer
            element.tool = answer.tool
        if issues:
            raise ScriptError(issues)

        # Each character is cast against the voices of the tool that speaks its first line.
        tool_of: dict[str, str] = {}
        for element in script.elements:
            if isinstance(element, Speech):
                tool_of.setdefault(element.character, choices[element.id].tool)
        offered = {tool: self.voices(tool, language=script.language)
                   for tool in sorted(set(tool_of.values()))}
        voices: dict[str, VoicePreset] = {}
        for tool, presets in offered.items():
            names = {c for c, t in tool_of.items() if t == tool}
            casted = cast(script, presets)
            by_name = {p.name: p for p in presets}
            for character in script.characters:
                if character.name not in names:
                    continue
                voice = character.voice or next(
                    c.voice for c in casted.characters if c.name == character.name)
                if presets and voice not in by_name:
                    issues.append(ScriptIssue(
                        f"character {character.name!r}: voice {voice!r} is not offered by "
                        f"{tool}; voices: {', '.join(by_name)}"))
                    continue
                character.voice = voice
                if voice in by_name:
                    voices[character.name] = by_name[voice]
        if issues:
            raise ScriptError(issues)
        # A speech fallback must offer the character's voice, or the line changes speaker.
        names_of: dict[str, set[str]] = {}
        for element in script.elements:
            if isinstance(element, Speech) and element.character in voices:
                choice = choices[element.id]
                for tool in choice.fallbacks:
                    if tool not in names_of:
                        names_of[tool] = {v.name for v in self.voices(
                            tool, language=script.language)}
                voice = voices[element.character].name
                keep = tuple(t for t in choice.fallbacks if voice in names_of[t])
                choices[element.id] = ToolChoice(choice.tool, choice.reason, keep)
        return Resolution(script, choices, voices)


def _is_custom(voice: str | None) -> bool:
    from wavjourney.voice_library import CUSTOM_VOICE_PREFIX

    return voice is not None and voice.startswith(CUSTOM_VOICE_PREFIX)

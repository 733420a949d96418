"""Prompt building: Jinja2 templates in ``planner/templates`` filled from the registry.

The script spec in the system prompt is generated from the pydantic JSON Schema, so the
prompt cannot drift from the model; the examples are checked by a test to parse.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from typing import Any

from wavjourney.constants import (
    DEFAULT_MUSIC_BACKGROUND_LUFS,
    DEFAULT_SFX_BACKGROUND_LUFS,
    DEFAULT_SFX_FOREGROUND_LUFS,
    DEFAULT_SPEECH_LUFS,
)
from wavjourney.tools.base import TOOL_KINDS, ToolInfo, VoicePreset

TEMPLATE_PACKAGE = "wavjourney.planner"
# (request, template holding the script the model should write for it)
EXAMPLES = (
    ("A shy man meets a woman in a cafe on a rainy afternoon, about 15 seconds",
     "example_cafe.json.j2"),
    ("A short evening news intro about a new park, about 12 seconds", "example_news.json.j2"),
)
SPEECH_WORDS_PER_S = 2.5
# Fields the model should leave alone (engine concerns); they stay valid if it sets them.
_SPEC_SKIP = {"seed", "sample_rate_hz", "channels"}
LANGUAGE_NAMES = {
    "en": "English", "fr": "French", "de": "German", "es": "Spanish", "it": "Italian",
    "pt": "Portuguese", "nl": "Dutch", "zh": "Chinese", "ja": "Japanese", "ko": "Korean",
    "ru": "Russian", "ar": "Arabic", "hi": "Hindi", "pl": "Polish", "tr": "Turkish",
    "sv": "Swedish",
}


@dataclass(frozen=True)
class PromptContext:
    """What the system prompt tells the model about this installation.

    Args:
        voices: the speech tool's presets (for casting).
        tools: generator tools by kind, best first (test tools left out).
        sound_categories: (name, description) of sounds the sound generator knows, if it
            works from a fixed catalogue.
        structured: the reply goes through tool calling / a JSON schema (else free text).
    """

    voices: Sequence[VoicePreset] = ()
    tools: Mapping[str, Sequence[ToolInfo]] | None = None
    sound_categories: Sequence[tuple[str, str]] = ()
    structured: bool = False


@functools.cache
def environment():
    import jinja2

    return jinja2.Environment(
        loader=jinja2.PackageLoader(TEMPLATE_PACKAGE, "templates"),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )


def render(template: str, **values: Any) -> str:
    """Render one template by file name."""
    return environment().get_template(template).render(**values).strip() + "\n"


def system_prompt(context: PromptContext) -> str:
    """The rules, the script spec, the voices, the tools and the examples."""
    return render(
        "system.j2",
        spec=script_spec(),
        voices=list(context.voices),
        tools={k: list(v) for k, v in (context.tools or {}).items() if v},
        sound_categories=list(context.sound_categories),
        structured=context.structured,
        examples=[f"Request: {request}\nReply:\n{_format_example(data, context.voices)}"
                  for (request, _), data in zip(EXAMPLES, example_scripts(), strict=True)],
        lufs={"speech": DEFAULT_SPEECH_LUFS, "music": DEFAULT_MUSIC_BACKGROUND_LUFS,
              "ambience": DEFAULT_SFX_BACKGROUND_LUFS, "sfx": DEFAULT_SFX_FOREGROUND_LUFS},
    )


def plan_prompt(prompt: str, *, duration_s: float, language: str = "en") -> str:
    """The user message asking for a new script."""
    return render("plan.j2", prompt=prompt.strip(), duration_s=round(duration_s),
                  words=round(duration_s * SPEECH_WORDS_PER_S * 0.7), language=language,
                  language_name=LANGUAGE_NAMES.get(language.split("-")[0].lower(), language))


def edit_prompt(script_json: str, instruction: str, *, history: Sequence[str] = ()) -> str:
    """The user message asking for an edited script."""
    return render("edit.j2", script_json=script_json, instruction=instruction.strip(),
                  history=list(history))


def repair_prompt(errors: Sequence[str]) -> str:
    """The follow-up message quoting the validation errors of the previous reply."""
    return render("repair.j2", errors=list(errors))


def example_scripts() -> list[dict[str, Any]]:
    """The examples shown to the model, as data (tests validate them)."""
    return [json.loads(render(name)) for _, name in EXAMPLES]


def _format_example(data: dict[str, Any], voices: Sequence[VoicePreset]) -> str:
    """An example reply, one element per line, cast with this installation's voices."""
    from wavjourney.planner.casting import cast
    from wavjourney.script import parse_script

    data = {k: v for k, v in data.items() if k != "casting"}
    casting: dict[str, str] = {}
    if voices:
        script = cast(parse_script(data), voices)
        casting = {c.name: c.voice for c in script.characters if c.voice}

    def rows(items: list[Any]) -> str:
        return ",\n".join("  " + json.dumps(item, ensure_ascii=False) for item in items)

    head = {k: v for k, v in data.items() if k not in ("characters", "elements")}
    return (json.dumps(head, ensure_ascii=False)[:-1]
            + f',\n "characters": [\n{rows(data["characters"])}],'
            + f'\n "elements": [\n{rows(data["elements"])}],'
            + f'\n "casting": {json.dumps(casting, ensure_ascii=False)}}}')


def reply_schema() -> dict[str, Any]:
    """JSON Schema of a reply: the script plus ``casting`` (character → voice preset)."""
    from wavjourney.script import AudioScript

    schema = AudioScript.model_json_schema()
    schema = json.loads(json.dumps(schema))  # a private copy
    schema["title"] = "audio_script"
    schema["description"] = ("The complete audio script, plus casting: character name -> "
                             "voice preset name.")
    schema["properties"]["casting"] = {
        "type": "object", "additionalProperties": {"type": "string"},
        "description": "Character name -> voice preset name, one entry per character.",
    }
    for field in _SPEC_SKIP:
        schema["properties"].pop(field, None)
    schema["required"] = ["characters", "elements", "casting"]
    return schema


@functools.cache
def script_spec() -> str:
    """A compact, line-per-field description of the script, from the JSON Schema."""
    from wavjourney.script import AudioScript

    schema = AudioScript.model_json_schema()
    defs = schema["$defs"]
    lines = ['Top level: {"title": string, "language": string, "characters": [Character], '
             '"elements": [element], "casting": {character name: voice name}}']
    lines.append("Character: " + _fields(defs["Character"], skip={"voice"}))
    common = set(defs["Speech"]["properties"]) & set(defs["Music"]["properties"]) & set(
        defs["SoundEffect"]["properties"]) - {"type"}
    lines.append("Every element: type (\"speech\" | \"music\" | \"sound_effect\", required); "
                 + _fields(defs["Speech"], only=common))
    for name, key in (("speech", "Speech"), ("music", "Music"),
                      ("sound_effect", "SoundEffect")):
        lines.append(f"{name}: " + _fields(defs[key], skip=common | {"type"}))
    return "\n".join(lines)


def _fields(model: dict[str, Any], *, only: AbstractSet[str] | None = None,
            skip: AbstractSet[str] = frozenset()) -> str:
    required = set(model.get("required", ()))
    parts = []
    for name, prop in model["properties"].items():
        if (only is not None and name not in only) or name in skip or name in _SPEC_SKIP:
            continue
        parts.append(f"{name} ({_describe(prop, name in required)})")
    return "; ".join(parts)


def _describe(prop: dict[str, Any], required: bool) -> str:
    variants = [p for p in prop.get("anyOf", [prop]) if p.get("type") != "null"]
    main = variants[0] if variants else prop
    if "enum" in main:
        kind = " | ".join(json.dumps(v) for v in main["enum"])
    else:
        kind = main.get("type", "any")
    bits = [kind]
    low = main.get("minimum", main.get("exclusiveMinimum"))
    high = main.get("maximum")
    if low is not None and high is not None:
        bits.append(f"{_num(low)}..{_num(high)}")
    if required:
        bits.append("required")
    elif prop.get("default") not in (None, "", 0, 0.0):
        bits.append(f"default {json.dumps(prop['default'])}")
    description = prop.get("description") or main.get("description")
    if description:
        bits.append(description.rstrip("."))
    return ", ".join(bits)


def _num(value: float) -> str:
    return f"{value:g}"


def tool_catalogue(registry: Any) -> dict[str, list[ToolInfo]]:
    """Available generator tools by kind, best first; test tools are left out."""
    out: dict[str, list[ToolInfo]] = {}
    if registry is None:
        return out
    for kind in TOOL_KINDS:
        try:
            infos = registry.infos(kind, available_only=True)
        except Exception:  # a broken third-party tool must not stop planning
            continue
        out[kind] = [i for i in infos if "test" not in i.capabilities]
    return out

"""Long pieces: an outline first (title, one cast, scenes with a length, setting and mood
each), then every scene planned on its own, then one script.

Above `LONG_FORM_THRESHOLD_S` a single reply (or a single template pass) does not scale, so
the piece is split. Each scene request carries the outline's cast, this scene and the
summaries of its neighbours, never the whole outline or script, so its size does not grow
with the length of the piece. Element ids are prefixed with the scene id ("s3-speech-2"),
background beds stay inside their scene, and a short transition sting opens every scene
after the first. Characters keep one voice throughout.

Example:
    >>> plan = plan_long_offline("A radio drama about a lighthouse keeper", duration_s=1200)
    >>> len(plan.outline.scenes) >= 5
    True
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, Field, ValidationError

from wavjourney.exceptions import PlanningError
from wavjourney.script import AudioScript, Character, parse_script
from wavjourney.tools.base import VoicePreset

LONG_FORM_THRESHOLD_S = 300.0
SCENE_TARGET_S = 180.0
MIN_SCENES = 2
MAX_SCENES = 60
TRANSITION_S = 2.5
DEFAULT_TRANSITION = "a short musical sting that marks a change of scene"
# Offline scene arcs: what each part of the piece does (first, middles..., last).
_ARC = ("The setting and the cast are introduced.", "Something unexpected happens.",
        "The tension grows.", "A secret comes out.", "Everything is at stake.",
        "The turning point.", "The aftermath.", "Loose ends are tied up.")
_FINALE = "The story comes to its end."


class OutlineScene(BaseModel):
    """One scene or chapter of the outline."""

    id: str = Field(min_length=1)
    title: str = ""
    summary: str = ""
    duration_s: float = Field(gt=0, le=3600)
    setting: str = ""
    mood: str = ""


class Outline(BaseModel):
    """A long piece before its scenes are written: one cast, the scenes in order, and the
    transition between scenes."""

    title: str = ""
    language: str = "en"
    characters: list[Character] = Field(default_factory=list)
    scenes: list[OutlineScene] = Field(min_length=1, max_length=MAX_SCENES)
    transition: str = DEFAULT_TRANSITION

    @property
    def duration_s(self) -> float:
        return sum(s.duration_s for s in self.scenes)


@dataclass
class LongPlan:
    """A long piece: its outline, the merged script, and per-scene model calls."""

    outline: Outline
    script: AudioScript
    scene_attempts: list[int] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def scene_count(duration_s: float) -> int:
    """How many scenes a piece of this length gets."""
    return max(MIN_SCENES, min(MAX_SCENES, math.ceil(duration_s / SCENE_TARGET_S)))


# Offline -------------------------------------------------------------------------------------
def plan_long_offline(prompt: str, *, voices: Sequence[VoicePreset] = (),
                      duration_s: float, language: str | None = None) -> LongPlan:
    """A long piece from the offline planner: an outline of scenes, each written by the
    offline writer with the same cast, merged into one script."""
    from wavjourney.planner.offline.write import Part, write_plan

    count = scene_count(duration_s)
    scene_s = duration_s / count
    scripts: list[AudioScript] = []
    warnings: list[str] = []
    for index in range(count):
        plan = write_plan(prompt, voices=voices, duration_s=scene_s, language=language,
                          part=Part(index, count))
        scripts.append(plan.script)
        warnings += [w for w in plan.warnings if w not in warnings]
    brief = plan.brief
    scenes = []
    for index in range(count):
        arc = _FINALE if index == count - 1 else _ARC[min(index, len(_ARC) - 2)]
        setting = brief.settings[0].name if brief.settings else ""
        scenes.append(OutlineScene(id=f"s{index + 1}", title=f"Scene {index + 1}",
                                   summary=f"{arc} ({brief.topic or brief.prompt})",
                                   duration_s=round(scene_s, 1), setting=setting,
                                   mood=brief.mood or ""))
    outline = Outline(title=scripts[0].title, language=scripts[0].language,
                      characters=list(scripts[0].characters), scenes=scenes)
    return LongPlan(outline, merge_scenes(outline, scripts), [0] * count, warnings)


# Merging -----------------------------------------------------------------------------------
def merge_scenes(outline: Outline, scripts: Sequence[AudioScript]) -> AudioScript:
    """One script from per-scene scripts: ids prefixed with the scene id, a transition before
    every scene after the first, one cast (the outline's voices win).

    Raises:
        PlanningError: the counts differ, or a scene uses a character the outline lacks.
    """
    if len(scripts) != len(outline.scenes):
        raise PlanningError(f"{len(scripts)} scene scripts for {len(outline.scenes)} scenes")
    cast = {c.name: c for c in outline.characters}
    foreground: list[dict[str, Any]] = []
    background: list[dict[str, Any]] = []
    for scene, script in zip(outline.scenes, scripts, strict=True):
        unknown = [c.name for c in script.characters if c.name not in cast]
        if unknown:
            raise PlanningError(f"scene {scene.id} uses {', '.join(unknown)}, who are not in the "
                                f"outline's cast ({', '.join(cast) or 'none'})")
        prefix = f"{scene.id}-"
        if foreground:
            foreground.append({"type": "music", "id": f"{prefix}transition",
                               "description": outline.transition, "duration_s": TRANSITION_S})
        for e in script.model_dump(mode="json", exclude_none=True)["elements"]:
            e["id"] = prefix + e["id"]
            if e.get("layer") == "background":
                e["start_at"], e["end_at"] = prefix + e["start_at"], prefix + e["end_at"]
                background.append(e)
            else:
                foreground.append(e)
    if foreground and foreground[0].get("gap_s", 0) < 0:
        foreground[0]["gap_s"] = 0.0
    return parse_script({
        "title": outline.title,
        "language": outline.language,
        "characters": [c.model_dump(exclude_none=True) for c in outline.characters],
        "elements": foreground + background,
    })


# With a chat model -------------------------------------------------------------------------
OUTLINE_REQUEST = """Plan the outline of a long audio piece; its scenes are written later,
one by one. Reply with JSON only:
{{"title": str, "language": str, "characters": [{{"name": str, "description": str}}],
 "scenes": [{{"id": "s1", "title": str, "summary": str (one or two sentences),
             "duration_s": float, "setting": str, "mood": str}}],
 "transition": str (a short music sting between scenes)}}
Use {count} scenes of about {scene_s:.0f} seconds each ({duration_s:.0f} seconds in all), one
cast for the whole piece, in language {language!r}.

Request: {prompt}"""

SCENE_REQUEST = """Write scene {scene_id} of the long piece "{title}" as a complete audio
script (the format in the system message), about {duration_s:.0f} seconds long.
Use only these characters (same names): {cast}.
This scene: {scene}
Previous scene: {previous}
Next scene: {next}
Setting: {setting}. Mood: {mood}. Language: {language}.
Background elements must start and end inside this scene."""


def outline_request(prompt: str, *, duration_s: float, language: str) -> str:
    count = scene_count(duration_s)
    return OUTLINE_REQUEST.format(count=count, scene_s=duration_s / count,
                                  duration_s=duration_s, language=language, prompt=prompt)


def scene_request(outline: Outline, index: int) -> str:
    """The request for one scene: the cast, this scene and its neighbours' summaries only,
    so its size does not depend on how many scenes there are."""
    scene = outline.scenes[index]
    previous = outline.scenes[index - 1].summary if index > 0 else "(none: this is the start)"
    following = (outline.scenes[index + 1].summary if index + 1 < len(outline.scenes)
                 else "(none: this is the end)")
    cast = "; ".join(f"{c.name} ({c.description})" for c in outline.characters)
    return SCENE_REQUEST.format(scene_id=scene.id, title=outline.title,
                                duration_s=scene.duration_s, cast=cast,
                                scene=f"{scene.title}: {scene.summary}", previous=previous,
                                next=following, setting=scene.setting or "as the story needs",
                                mood=scene.mood or "as the story needs",
                                language=outline.language)


def plan_long_llm(prompt: str, llm: Any, *, registry: Any = None,
                  voices: Sequence[VoicePreset] = (), duration_s: float,
                  language: str = "en", max_attempts: int = 3) -> LongPlan:
    """Plan a long piece with a chat model: one outline call, then one call per scene (each
    validated and repaired on its own), merged into one script with one cast.

    Raises:
        PlanningError: no valid outline, or a scene without a valid script after
            `max_attempts` replies (the message names the scene).
    """
    from wavjourney.planner.casting import cast as cast_voices
    from wavjourney.planner.core import _converse

    outline = _ask_outline(llm, outline_request(prompt, duration_s=duration_s,
                                                language=language), max_attempts)
    stub = parse_script({"language": outline.language,
                         "characters": [c.model_dump() for c in outline.characters],
                         "elements": [{"type": "speech", "character": c.name, "text": "Hi."}
                                      for c in outline.characters] or
                         [{"type": "sound_effect", "description": "x", "duration_s": 1}]})
    outline = outline.model_copy(update={"characters": cast_voices(stub, voices).characters})
    fixed = {c.name: c.voice for c in outline.characters if c.voice}
    scripts, attempts = [], []
    for index, scene in enumerate(outline.scenes):
        try:
            plan = _converse(llm, scene_request(outline, index), registry=registry,
                             voices=voices, max_attempts=max_attempts,
                             defaults={"language": outline.language})
        except PlanningError as exc:
            raise PlanningError(f"scene {scene.id} ({scene.title or 'untitled'}): {exc}"
                                ) from exc
        scripts.append(plan.script)
        attempts.append(plan.attempts)
    merged = merge_scenes(outline, scripts)
    characters = [c.model_copy(update={"voice": fixed.get(c.name, c.voice)})
                  for c in merged.characters]
    return LongPlan(outline, merged.model_copy(update={"characters": characters}), attempts)


def _ask_outline(llm: Any, request: str, max_attempts: int) -> Outline:
    from langchain_core.messages import AIMessage, HumanMessage

    from wavjourney.planner.extract import ExtractionError, extract_json
    from wavjourney.planner.llm import message_text

    messages: list[Any] = [HumanMessage(request)]
    errors: list[str] = []
    for _ in range(max_attempts):
        try:
            reply = llm.invoke(messages)
        except Exception as exc:  # transport, auth: not the model's output
            raise PlanningError(f"the outline call failed: {type(exc).__name__}") from exc
        text = message_text(reply)
        try:
            return Outline.model_validate(extract_json(text))
        except (ExtractionError, ValidationError) as exc:
            errors = [str(exc).splitlines()[0]] if isinstance(exc, ExtractionError) else [
                f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors()]
        messages += [AIMessage(text), HumanMessage(
            "The outline did not validate: " + json.dumps(errors) + ". Reply with the whole "
            "corrected outline as JSON only.")]
    raise PlanningError(f"the model gave no valid outline in {max_attempts} attempt(s): "
                        + "; ".join(errors))

"""Long pieces: an outline first (title, one cast, recurring sounds, scenes with a length,
setting and mood each), then every scene planned on its own, then one script.

Above `LONG_FORM_THRESHOLD_S` a single reply (or a single template pass) does not scale, so
the piece is split. This module owns the outline, the scene ids and the merge; the chat
model's side (requests, parallel scene calls) is `wavjourney.planner.scene_writer`.

Element ids are prefixed with the scene id ("s3-speech-2"), background beds stay inside
their scene, and a short transition sting opens every scene after the first. Characters keep
one voice throughout; a recurring sound (a signature tune) is declared once in the outline
and every scene that uses it gets the same generation request, so it is generated once.

Example:
    >>> plan = plan_long_offline("A radio drama about a lighthouse keeper", duration_s=1200)
    >>> len(plan.outline.scenes) >= 5
    True
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import BaseModel, Field, model_validator

from wavjourney.exceptions import PlanningError
from wavjourney.script import AudioScript, Character, parse_script
from wavjourney.tools.base import VoicePreset

LONG_FORM_THRESHOLD_S = 300.0
SCENE_TARGET_S = 180.0
MIN_SCENES = 2
MAX_SCENES = 60
MAX_THEMES = 12
TRANSITION_S = 2.5
TRANSITION_ID = "transition"
DEFAULT_THEME_S = 10.0
MAX_THEME_S = 120.0
DEFAULT_TRANSITION = "a short musical sting that marks a change of scene"
# Offline scene arcs: what each part of the piece does (first, middles..., last).
_ARC = ("The setting and the cast are introduced.", "Something unexpected happens.",
        "The tension grows.", "A secret comes out.", "Everything is at stake.",
        "The turning point.", "The aftermath.", "Loose ends are tied up.")
_FINALE = "The story comes to its end."
# Scene ids are "s1", "s2", ... by position; an element of scene 3 is "s3-<its id>".
_SCENE_PREFIX = re.compile(r"^(s\d+)-")
_SCENE_INSTRUCTION = re.compile(
    r"^\s*in (?:the )?(?:scene|chapter|part) (?P<n>\d+)\s*[,:]?\s*(?P<rest>.+)$",
    re.IGNORECASE | re.DOTALL)


class OutlineScene(BaseModel):
    """One scene or chapter of the outline."""

    id: str = ""
    title: str = ""
    summary: str = ""
    duration_s: float = Field(gt=0, le=3600)
    setting: str = ""
    mood: str = ""


class Theme(BaseModel):
    """A recurring sound declared once (a signature tune, a location's ambience). A scene
    uses it by writing its id as an element's description; every use gets the theme's own
    description (and, in the foreground, its duration), so it is generated once."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]{0,39}$")
    type: Literal["music", "sound_effect"] = "music"
    description: str = Field(min_length=1)
    duration_s: float = Field(default=DEFAULT_THEME_S, gt=0, le=MAX_THEME_S)


class Outline(BaseModel):
    """A long piece before its scenes are written: one cast, the recurring sounds, the
    scenes in order, and the transition between scenes. Scene ids are always "s1", "s2",
    ... by position (whatever a model or an edited table said), so element ids can carry
    them."""

    title: str = ""
    prompt: str = ""
    language: str = "en"
    characters: list[Character] = Field(default_factory=list)
    themes: list[Theme] = Field(default_factory=list, max_length=MAX_THEMES)
    scenes: list[OutlineScene] = Field(min_length=1, max_length=MAX_SCENES)
    transition: str = DEFAULT_TRANSITION

    @model_validator(mode="after")
    def _number_scenes(self) -> Outline:
        for index, scene in enumerate(self.scenes):
            scene.id = f"s{index + 1}"
        return self

    @property
    def duration_s(self) -> float:
        return sum(s.duration_s for s in self.scenes)

    def scene(self, scene_id: str) -> OutlineScene:
        for scene in self.scenes:
            if scene.id == scene_id:
                return scene
        raise PlanningError(f"there is no scene {scene_id} in the outline (scenes: "
                            f"{', '.join(s.id for s in self.scenes)})")


@dataclass
class LongPlan:
    """A long piece: its outline, the merged script, and per-scene model calls."""

    outline: Outline
    script: AudioScript
    scene_attempts: list[int] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class SceneEvent:
    """One scene finished (or failed): `done` of `total` scenes are settled."""

    done: int
    total: int
    scene_id: str
    title: str
    attempts: int = 0
    error: str | None = None

    def __str__(self) -> str:
        number, done = self.scene_id[1:], f"({self.done} of {self.total} done)"
        if self.error:
            return f"scene {number}/{self.total} failed {done}: {self.error}"
        return f"scene {number}/{self.total} planned {done}"


SceneProgress = Callable[[SceneEvent], None]


def scene_count(duration_s: float) -> int:
    """How many scenes a piece of this length gets."""
    return max(MIN_SCENES, min(MAX_SCENES, math.ceil(duration_s / SCENE_TARGET_S)))


def scene_of(element_id: str) -> str | None:
    """The scene id an element of a long piece belongs to ("s3-speech-2" → "s3")."""
    match = _SCENE_PREFIX.match(element_id)
    return match.group(1) if match else None


def scene_ids(script: AudioScript) -> list[str]:
    """The scenes of a long piece, in order ([] for an ordinary script)."""
    found = dict.fromkeys(s for s in (scene_of(e.id) for e in script.elements) if s)
    return sorted(found, key=lambda s: int(s[1:]))


def split_scene_instruction(instruction: str) -> tuple[str | None, str]:
    """ "in scene 3, make the argument angrier" → ("s3", "make the argument angrier");
    an instruction for the whole piece → (None, instruction)."""
    match = _SCENE_INSTRUCTION.match(instruction)
    if not match:
        return None, instruction
    return f"s{int(match.group('n'))}", match.group("rest").strip()


def require_scene(script: AudioScript, scene_id: str) -> None:
    """Raises PlanningError naming the scenes there are when `scene_id` is not one."""
    scenes = scene_ids(script)
    if scene_id not in scenes:
        raise PlanningError(f"there is no scene {scene_id[1:]} in this script (scenes: "
                            f"{', '.join(scenes) or 'none, it is not a long piece'})")


# Offline -------------------------------------------------------------------------------------
def outline_offline(prompt: str, *, voices: Sequence[VoicePreset] = (), duration_s: float,
                    language: str | None = None) -> Outline:
    """The offline planner's outline: the scene count for the length, an arc of summaries,
    the prompt's setting and mood, and the cast its writer would use."""
    from wavjourney.planner.offline.write import Part, write_plan

    count = scene_count(duration_s)
    scene_s = duration_s / count
    # The cast and the brief come from writing the opening briefly: same prompt, same cast.
    first = write_plan(prompt, voices=voices, duration_s=min(scene_s, SCENE_TARGET_S),
                       language=language, part=Part(0, count))
    brief = first.brief
    setting = brief.settings[0].name if brief.settings else ""
    scenes = []
    for index in range(count):
        arc = _FINALE if index == count - 1 else _ARC[min(index, len(_ARC) - 2)]
        scenes.append(OutlineScene(title=f"Scene {index + 1}",
                                   summary=f"{arc} ({brief.topic or brief.prompt})",
                                   duration_s=round(scene_s, 1), setting=setting,
                                   mood=brief.mood or ""))
    return Outline(title=first.script.title, prompt=prompt, language=first.script.language,
                   characters=list(first.script.characters), scenes=scenes)


def write_long_offline(outline: Outline, *, voices: Sequence[VoicePreset] = (),
                       progress: SceneProgress | None = None) -> LongPlan:
    """Write every scene of `outline` with the offline writer (its prompt, each scene's
    duration, one cast) and merge them. Edited summaries, settings and moods are labels
    here: the offline writer draws its lines from the prompt."""
    from wavjourney.planner.offline.write import Part, write_plan

    if not outline.prompt.strip():
        raise PlanningError("the outline has no prompt: the offline planner writes scenes "
                            "from the prompt")
    count = len(outline.scenes)
    scripts: list[AudioScript] = []
    warnings: list[str] = []
    for index, scene in enumerate(outline.scenes):
        plan = write_plan(outline.prompt, voices=voices, duration_s=scene.duration_s,
                          language=outline.language, part=Part(index, count))
        scripts.append(plan.script)
        warnings += [w for w in plan.warnings if w not in warnings]
        if progress is not None:
            progress(SceneEvent(index + 1, count, scene.id, scene.title))
    return LongPlan(outline, merge_scenes(outline, scripts), [0] * count, warnings)


def plan_long_offline(prompt: str, *, voices: Sequence[VoicePreset] = (),
                      duration_s: float, language: str | None = None) -> LongPlan:
    """A long piece from the offline planner: an outline of scenes, each written by the
    offline writer with the same cast, merged into one script."""
    outline = outline_offline(prompt, voices=voices, duration_s=duration_s, language=language)
    return write_long_offline(outline, voices=voices)


# Merging -----------------------------------------------------------------------------------
def merge_scenes(outline: Outline, scripts: Sequence[AudioScript]) -> AudioScript:
    """One script from per-scene scripts: ids prefixed with the scene id, a transition before
    every scene after the first, one cast (the outline's voices win), themes resolved.

    Raises:
        PlanningError: the counts differ, or a scene uses a character the outline lacks.
    """
    if len(scripts) != len(outline.scenes):
        raise PlanningError(f"{len(scripts)} scene scripts for {len(outline.scenes)} scenes")
    foreground: list[dict[str, Any]] = []
    background: list[dict[str, Any]] = []
    for index, (scene, script) in enumerate(zip(outline.scenes, scripts, strict=True)):
        check_cast(outline, scene.id, script)
        for e in scene_elements(outline, index, script):
            (background if e.get("layer") == "background" else foreground).append(e)
    if foreground and foreground[0].get("gap_s", 0) < 0:
        foreground[0]["gap_s"] = 0.0
    return parse_script({
        "title": outline.title,
        "language": outline.language,
        "characters": [c.model_dump(exclude_none=True) for c in outline.characters],
        "elements": foreground + background,
    })


def check_cast(outline: Outline, scene_id: str, script: AudioScript) -> None:
    """Raises PlanningError when a scene speaks with someone outside the one cast."""
    cast = {c.name for c in outline.characters}
    unknown = [c.name for c in script.characters if c.name not in cast]
    if unknown:
        who = "who are" if len(unknown) > 1 else "who is"
        raise PlanningError(f"scene {scene_id} uses {', '.join(unknown)}, {who} not in the "
                            f"outline's cast ({', '.join(sorted(cast)) or 'none'})")


def scene_elements(outline: Outline, index: int, script: AudioScript) -> list[dict[str, Any]]:
    """One scene's elements as they appear in the whole piece: its transition first (after
    the first scene), then `prefixed_elements`."""
    prefix = f"{outline.scenes[index].id}-"
    out: list[dict[str, Any]] = []
    if index > 0:
        out.append({"type": "music", "id": f"{prefix}{TRANSITION_ID}",
                    "description": outline.transition, "duration_s": TRANSITION_S})
    return out + prefixed_elements(prefix, script, outline.themes)


def prefixed_elements(prefix: str, script: AudioScript,
                      themes: Sequence[Theme] = ()) -> list[dict[str, Any]]:
    """A scene script's elements with ids (and background spans) prefixed by the scene id,
    and elements naming a theme turned into that theme."""
    by_id = {t.id: t for t in themes}
    out: list[dict[str, Any]] = []
    for e in script.model_dump(mode="json", exclude_none=True)["elements"]:
        e["id"] = prefix + e["id"]
        if e.get("layer") == "background":
            e["start_at"], e["end_at"] = prefix + e["start_at"], prefix + e["end_at"]
        theme = by_id.get(str(e.get("description", "")).strip())
        if theme is not None:
            if e["type"] != theme.type:  # the other kind's defaults, not this one's
                e.pop("target_lufs", None)
                e.pop("duck_db", None)
            e.update(type=theme.type, description=theme.description)
            if e.get("layer") != "background":
                e["duration_s"] = theme.duration_s
        out.append(e)
    return out

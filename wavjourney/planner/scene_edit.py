"""Editing one scene of a long piece with a chat model ("in scene 3, make the argument
angrier"): the model sees the cast, the recurring sounds, this scene's place in the outline,
this scene's current JSON and the instruction, never the rest of the piece, so the request's
size does not grow with the piece; only that scene's elements are replaced, so a re-render
regenerates only its clips.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from wavjourney.planner.longform import (
    TRANSITION_ID,
    Outline,
    prefixed_elements,
    require_scene,
    scene_of,
)
from wavjourney.planner.scene_writer import cast_line, themes_line
from wavjourney.script import AudioScript, dump_script, parse_script
from wavjourney.tools.base import VoicePreset

SCENE_EDIT_REQUEST = """Edit scene {scene_id} of the long piece "{title}": change only this
scene, as the instruction asks, and reply with the complete edited scene as an audio script
(the format in the system message). Keep the ids of elements you keep.
Characters of the piece (same names): {cast}.
Recurring sounds: {themes}.
This scene: {scene}
Previous scene: {previous}
Next scene: {next}
Instruction: {instruction}
The scene now:
{scene_json}"""
UNKNOWN = "(not known)"


def scene_script(script: AudioScript, scene_id: str) -> AudioScript:
    """One scene of a long piece as a script of its own: its elements with the scene prefix
    taken off (its transition left out: the outline owns it), and the whole cast."""
    require_scene(script, scene_id)
    prefix = f"{scene_id}-"
    elements = []
    for e in script.model_dump(mode="json", exclude_none=True)["elements"]:
        if scene_of(e["id"]) != scene_id or e["id"] == prefix + TRANSITION_ID:
            continue
        e["id"] = e["id"][len(prefix):]
        if e.get("layer") == "background":
            e["start_at"], e["end_at"] = e["start_at"][len(prefix):], e["end_at"][len(prefix):]
        elements.append(e)
    return parse_script({"title": script.title, "language": script.language,
                         "seed": script.seed, "characters": [
                             c.model_dump(exclude_none=True) for c in script.characters],
                         "elements": elements})


def replace_scene(script: AudioScript, scene_id: str, scene: AudioScript,
                  outline: Outline | None = None) -> AudioScript:
    """`script` with scene `scene_id`'s elements replaced by `scene`'s (where the old ones
    began); every other element, and the cast's voices, stay exactly as they were. A
    character the scene adds joins the cast."""
    prefix = f"{scene_id}-"
    new = prefixed_elements(prefix, scene, outline.themes if outline else ())
    # Foreground and background each go where the old ones were, so the list order of
    # every other element is unchanged.
    pending = {layer: [e for e in new if e.get("layer", "foreground") == layer]
               for layer in ("foreground", "background")}
    elements: list[dict[str, Any]] = []
    for e in script.model_dump(mode="json", exclude_none=True)["elements"]:
        if scene_of(e["id"]) == scene_id and e["id"] != prefix + TRANSITION_ID:
            elements += pending[e.get("layer", "foreground")]
            pending[e.get("layer", "foreground")] = []
            continue
        elements.append(e)
    elements += pending["foreground"] + pending["background"]
    known = {c.name for c in script.characters}
    characters = list(script.characters) + [c for c in scene.characters if c.name not in known]
    data = script.model_dump(mode="json", exclude_none=True)
    data.update(characters=[c.model_dump(exclude_none=True) for c in characters],
                elements=elements)
    return parse_script(data)


def scene_edit_request(script: AudioScript, scene_id: str, instruction: str,
                       outline: Outline | None = None) -> str:
    """The request for an edit of one scene (bounded: one scene, the cast, the outline's
    lines about this scene and its neighbours)."""
    characters, themes = script.characters, outline.themes if outline else []
    here = previous = following = UNKNOWN
    if outline is not None:
        index = [s.id for s in outline.scenes].index(outline.scene(scene_id).id)
        scene = outline.scenes[index]
        here = (f"{scene.title}: {scene.summary} (setting: {scene.setting or UNKNOWN}; "
                f"mood: {scene.mood or UNKNOWN})")
        previous = outline.scenes[index - 1].summary if index > 0 else "(none: the start)"
        following = (outline.scenes[index + 1].summary if index + 1 < len(outline.scenes)
                     else "(none: the end)")
    current = json.loads(dump_script(scene_script(script, scene_id)))
    current = {"characters": current["characters"], "elements": current["elements"]}
    return SCENE_EDIT_REQUEST.format(
        scene_id=scene_id, title=script.title, cast=cast_line(characters),
        themes=themes_line(themes), scene=here, previous=previous, next=following,
        instruction=instruction.strip(),
        scene_json=json.dumps(current, ensure_ascii=False, separators=(",", ":")))


def edit_scene_llm(script: AudioScript, scene_id: str, instruction: str, llm: Any, *,
                   registry: Any = None, voices: Sequence[VoicePreset] = (),
                   outline: Outline | None = None, max_attempts: int = 3) -> Any:
    """Edit one scene with a chat model (validated and repaired like any reply); returns
    a `wavjourney.planner.Plan` of the whole piece.

    Raises:
        PlanningError: no such scene, or no valid scene after `max_attempts` replies.
    """
    from wavjourney.planner.core import Plan, _casting, _converse

    before = scene_script(script, scene_id)
    plan = _converse(llm, scene_edit_request(script, scene_id, instruction, outline),
                     registry=registry, voices=voices, max_attempts=max_attempts,
                     original=before)
    edited = replace_scene(script, scene_id, plan.script, outline)
    return Plan(edited, "llm", plan.attempts, _casting(edited), plan.rejected,
                outline=outline)

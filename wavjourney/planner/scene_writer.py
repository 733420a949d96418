"""A long piece with a chat model: one outline call, then one call per scene, several at
once (`DEFAULT_SCENE_CONCURRENCY`), each validated and repaired on its own.

Each scene request carries the outline's cast and recurring sounds, this scene and its
neighbours' summaries, never the whole outline or script, so its size does not grow with the
length of the piece. Scenes finish in any order; the result is always in outline order. When
scenes fail, the others are still written and returned in `ScenesIncomplete.partial`, so
they are never asked for again (`wavjourney plan --resume`).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from typing import Any

from pydantic import ValidationError

from wavjourney.exceptions import PlanningError, ScenesIncomplete
from wavjourney.planner.longform import (
    LongPlan,
    Outline,
    SceneEvent,
    SceneProgress,
    Theme,
    check_cast,
    merge_scenes,
    scene_count,
)
from wavjourney.planner.partial_plan import PartialPlan
from wavjourney.script import AudioScript, Character, parse_script
from wavjourney.tools.base import VoicePreset

# Scene calls in flight at once: enough to hide a model's latency, few enough not to trip a
# provider's rate limit.
DEFAULT_SCENE_CONCURRENCY = 4

OUTLINE_REQUEST = """Plan the outline of a long audio piece; its scenes are written later,
one by one. Reply with JSON only:
{{"title": str, "language": str, "characters": [{{"name": str, "description": str}}],
 "themes": [{{"id": str (lower_case), "type": "music" | "sound_effect", "description": str,
             "duration_s": float}}] (recurring sounds: a signature tune, a place's ambience),
 "scenes": [{{"title": str, "summary": str (one or two sentences), "duration_s": float,
             "setting": str, "mood": str}}],
 "transition": str (a short music sting between scenes)}}
Use {count} scenes of about {scene_s:.0f} seconds each ({duration_s:.0f} seconds in all), one
cast for the whole piece, in language {language!r}.

Request: {prompt}"""

SCENE_REQUEST = """Write scene {scene_id} of the long piece "{title}" as a complete audio
script (the format in the system message), about {duration_s:.0f} seconds long.
Use only these characters (same names): {cast}.
Recurring sounds: {themes}.
This scene: {scene}
Previous scene: {previous}
Next scene: {next}
Setting: {setting}. Mood: {mood}. Language: {language}.
Background elements must start and end inside this scene."""

THEMES_RULE = ("to use one, write its id as an element's description, e.g. "
               '{{"type": "music", "description": "{example}"}}: ')


# The outline --------------------------------------------------------------------------------
def outline_request(prompt: str, *, duration_s: float, language: str) -> str:
    count = scene_count(duration_s)
    return OUTLINE_REQUEST.format(count=count, scene_s=duration_s / count,
                                  duration_s=duration_s, language=language, prompt=prompt)


def plan_outline_llm(prompt: str, llm: Any, *, voices: Sequence[VoicePreset] = (),
                     duration_s: float, language: str = "en",
                     max_attempts: int = 3) -> Outline:
    """One outline call (repaired with the exact errors), then the cast gets its voices.

    Raises:
        PlanningError: no valid outline after `max_attempts` replies.
    """
    from wavjourney.planner.casting import cast as cast_voices

    outline = _ask_outline(llm, outline_request(prompt, duration_s=duration_s,
                                                language=language), max_attempts)
    stub = parse_script({"language": outline.language,
                         "characters": [c.model_dump() for c in outline.characters],
                         "elements": [{"type": "speech", "character": c.name, "text": "Hi."}
                                      for c in outline.characters] or
                         [{"type": "sound_effect", "description": "x", "duration_s": 1}]})
    return outline.model_copy(update={"prompt": prompt,
                                      "characters": cast_voices(stub, voices).characters})


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


# The scenes ---------------------------------------------------------------------------------
def scene_request(outline: Outline, index: int) -> str:
    """The request for one scene: the cast, the themes, this scene and its neighbours'
    summaries only, so its size does not depend on how many scenes there are."""
    scene = outline.scenes[index]
    previous = outline.scenes[index - 1].summary if index > 0 else "(none: this is the start)"
    following = (outline.scenes[index + 1].summary if index + 1 < len(outline.scenes)
                 else "(none: this is the end)")
    return SCENE_REQUEST.format(scene_id=scene.id, title=outline.title,
                                duration_s=scene.duration_s,
                                cast=cast_line(outline.characters),
                                themes=themes_line(outline.themes),
                                scene=f"{scene.title}: {scene.summary}", previous=previous,
                                next=following, setting=scene.setting or "as the story needs",
                                mood=scene.mood or "as the story needs",
                                language=outline.language)


def cast_line(characters: Sequence[Character]) -> str:
    """The one cast, for a scene request."""
    return "; ".join(f"{c.name} ({c.description})" for c in characters)


def themes_line(themes: Sequence[Theme]) -> str:
    """The recurring sounds and how to use them, for a scene request."""
    if not themes:
        return "none"
    return (THEMES_RULE.format(example=themes[0].id)
            + "; ".join(f"{t.id} ({t.type.replace('_', ' ')}: {t.description})"
                        for t in themes))


def write_long_llm(outline: Outline, llm: Any, *, registry: Any = None,
                   voices: Sequence[VoicePreset] = (), max_attempts: int = 3,
                   concurrency: int = DEFAULT_SCENE_CONCURRENCY,
                   written: Mapping[str, AudioScript] | None = None,
                   progress: SceneProgress | None = None) -> LongPlan:
    """Write the scenes of `outline` that `written` lacks, `concurrency` at a time, and
    merge them with the written ones (outline order, whatever order calls finish in).

    Args:
        written: scene id → script already written (a resumed plan); never asked again.
        progress: called on this thread as each scene is settled.

    Raises:
        ScenesIncomplete: some scenes have no valid script after `max_attempts` replies;
            the message names each, `partial` holds the outline and the scenes written.
    """
    from wavjourney.planner.core import _converse

    if concurrency < 1:
        raise PlanningError(f"scene concurrency must be at least 1, got {concurrency}")
    scripts: dict[str, AudioScript] = dict(written or {})
    attempts = {scene_id: 0 for scene_id in scripts}
    todo = [(k, s) for k, s in enumerate(outline.scenes) if s.id not in scripts]
    failed: dict[str, str] = {}

    def write(index: int) -> Any:
        scene = outline.scenes[index]
        return _converse(llm, scene_request(outline, index), registry=registry, voices=voices,
                         max_attempts=max_attempts, defaults={"language": outline.language},
                         check=lambda script: _cast_errors(outline, scene.id, script))

    total, done = len(outline.scenes), len(outline.scenes) - len(todo)
    with ThreadPoolExecutor(max_workers=max(1, min(concurrency, len(todo))),
                            thread_name_prefix="wavjourney-scene") as pool:
        futures = {pool.submit(write, index): scene for index, scene in todo}
        for future in as_completed(futures):
            scene, done = futures[future], done + 1
            try:
                plan = future.result()
            except PlanningError as exc:
                failed[scene.id] = str(exc)
                event = SceneEvent(done, total, scene.id, scene.title, error=str(exc))
            else:
                scripts[scene.id], attempts[scene.id] = plan.script, plan.attempts
                event = SceneEvent(done, total, scene.id, scene.title, plan.attempts)
            if progress is not None:
                progress(event)
    if failed:
        order = [s.id for s in outline.scenes]
        partial = PartialPlan(outline, {k: scripts[k] for k in order if k in scripts},
                              {k: failed[k] for k in order if k in failed})
        names = "; ".join(f"scene {k} ({outline.scene(k).title or 'untitled'}): {why}"
                          for k, why in partial.failed.items())
        raise ScenesIncomplete(f"{len(failed)} of {total} scene(s) failed: {names}", partial)
    ordered = [scripts[s.id] for s in outline.scenes]
    return LongPlan(outline, merge_scenes(outline, ordered),
                    [attempts[s.id] for s in outline.scenes])


def plan_long_llm(prompt: str, llm: Any, *, registry: Any = None,
                  voices: Sequence[VoicePreset] = (), duration_s: float,
                  language: str = "en", max_attempts: int = 3,
                  concurrency: int = DEFAULT_SCENE_CONCURRENCY,
                  progress: SceneProgress | None = None) -> LongPlan:
    """Plan a long piece with a chat model: one outline call, then one call per scene.

    Raises:
        PlanningError: no valid outline.
        ScenesIncomplete: some scenes failed (named; the others are kept).
    """
    outline = plan_outline_llm(prompt, llm, voices=voices, duration_s=duration_s,
                               language=language, max_attempts=max_attempts)
    return write_long_llm(outline, llm, registry=registry, voices=voices,
                          max_attempts=max_attempts, concurrency=concurrency,
                          progress=progress)


def _cast_errors(outline: Outline, scene_id: str, script: AudioScript) -> list[str]:
    try:
        check_cast(outline, scene_id, script)
    except PlanningError as exc:
        return [f"{exc}; use only those characters, with the same names"]
    return []

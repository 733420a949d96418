"""Issue 17's acceptance with a fake chat model replaying replies for a 30-minute radio
drama (tests/data/lighthouse_drama_30min.json: hand-written in the shape a chat model answers,
fenced JSON and all; the outline gives its own scene ids and two recurring sounds): one
outline call and one call per scene, the piece rendered with the test tools within 10 % of
30 minutes, one voice per character in every scene, the signature tune generated once and
placed in every scene that uses it."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from fakes import RoutedChatModel, test_registry

from wavjourney.api import Studio
from wavjourney.compiler.graph import Generate
from wavjourney.planner.longform import scene_of

RECORDED = json.loads((Path(__file__).parent / "data" / "lighthouse_drama_30min.json")
                      .read_text(encoding="utf-8"))
TARGET_S = 30 * 60
LENGTH_TOLERANCE = 0.10
MAX_SCENE_REQUEST_CHARS = 1500
TUNE = "a lonely accordion waltz, the keeper's theme"


@pytest.fixture(scope="module")
def drama(tmp_path_factory):
    model = RoutedChatModel(replies=copy.deepcopy(RECORDED["replies"]))
    studio = Studio(llm=model, registry=test_registry(),
                    cache_dir=tmp_path_factory.mktemp("cache"),
                    tool_preferences={"speech": "test-tone-speech"})
    plan = studio.plan(RECORDED["prompt"])
    result = studio.render(plan.script, tmp_path_factory.mktemp("drama"))
    return model, studio, plan, result


def test_one_outline_call_then_one_bounded_call_per_scene(drama):
    model, _, plan, _ = drama
    assert sorted(model.routes) == ["outline", "s1", "s2", "s3", "s4", "s5", "s6"]
    assert plan.attempts == 7
    assert [s.id for s in plan.outline.scenes] == ["s1", "s2", "s3", "s4", "s5", "s6"]
    scene_requests = [r for r, key in zip(model.requests, model.routes, strict=True)
                      if key != "outline"]
    assert max(len(str(r[-1].content)) for r in scene_requests) <= MAX_SCENE_REQUEST_CHARS


def test_the_rendered_piece_is_within_10_percent_of_30_minutes(drama):
    _, _, plan, result = drama
    assert abs(result.duration_s - TARGET_S) <= LENGTH_TOLERANCE * TARGET_S, result.duration_s
    ends = {}
    for entry in result.timeline:
        scene = scene_of(entry["id"])
        ends[scene] = max(ends.get(scene, 0.0), entry["end_s"])
    assert list(ends) == [s.id for s in plan.outline.scenes]  # scenes play in order
    assert list(ends.values()) == sorted(ends.values())


def test_every_character_keeps_one_voice_in_every_scene(drama):
    _, studio, plan, _ = drama
    graph = studio.compile(plan.script).graph
    speech = {n.element_id: n.request.voice for n in graph.nodes
              if isinstance(n, Generate) and n.request.kind == "speech"}
    voices: dict[str, set[str]] = {}
    scenes: dict[str, set[str]] = {}
    for e in plan.script.elements:
        if e.type == "speech":
            voices.setdefault(e.character, set()).add(speech[e.id])
            scenes.setdefault(e.character, set()).add(scene_of(e.id))
    assert all(len(v) == 1 for v in voices.values()), voices
    assert len({v.pop() for v in voices.values()}) == len(voices)  # and each their own
    assert scenes["Elias"] == {f"s{k}" for k in range(1, 7)}


def test_the_signature_tune_is_generated_once_and_placed_in_every_scene(drama):
    _, studio, plan, result = drama
    tune = [e.id for e in plan.script.elements if getattr(e, "description", "") == TUNE]
    assert {scene_of(i) for i in tune} == {f"s{k}" for k in range(1, 7)}
    graph = studio.compile(plan.script).graph
    requests = {(n.tool_identity, n.request) for n in graph.nodes
                if isinstance(n, Generate) and n.element_id in tune}
    assert len(requests) == 1  # one clip, reused from the cache by every use
    placed = [e for e in result.timeline if e["id"] in tune]
    assert sum(not e["cached"] for e in placed) == 1
    assert len(placed) == len(tune) and len({round(e["start_s"], 3) for e in placed}) == len(tune)
    wind = [e for e in plan.script.elements if e.type == "sound_effect"
            and e.description == "wind howling around a lighthouse tower"]
    assert {scene_of(e.id) for e in wind} == {"s1", "s3", "s5"}
    assert all(e.layer == "background" for e in wind)

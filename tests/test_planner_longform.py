"""Long pieces (issue 17, partial): outline first, then scene by scene, one cast; offline and
with a fake chat model replaying recorded replies."""

from __future__ import annotations

import copy
import re

import pytest
from fakes import FakeChatModel, RoutedChatModel, good_reply, test_registry
from test_planner_offline_formats import VOICES, rendered_length_s

from wavjourney.exceptions import PlanningError
from wavjourney.planner import plan_script
from wavjourney.planner.longform import (
    LONG_FORM_THRESHOLD_S,
    plan_long_offline,
    scene_count,
)
from wavjourney.planner.scene_writer import plan_long_llm
from wavjourney.tools.testing import ToneSpeechTool

LENGTH_TOLERANCE = 0.10
MAX_SCENE_REQUEST_CHARS = 1500


def scene_of(element_id: str) -> str:
    return element_id.split("-", 1)[0]


def test_an_offline_20_minute_piece_has_an_outline_and_one_cast():
    plan = plan_long_offline("A radio drama about a lighthouse keeper", voices=VOICES,
                             duration_s=1200)
    outline, script = plan.outline, plan.script
    assert len(outline.scenes) >= 5
    assert [c.name for c in script.characters] == [c.name for c in outline.characters]
    speakers_per_scene: dict[str, set[str]] = {}
    for e in script.elements:
        if e.type == "speech":
            speakers_per_scene.setdefault(scene_of(e.id), set()).add(e.character)
    assert len(speakers_per_scene) == len(outline.scenes)
    names = {c.name for c in script.characters}
    assert all(s <= names for s in speakers_per_scene.values())
    assert sum(len(s) > 1 for s in speakers_per_scene.values()) == len(outline.scenes)
    for bed in script.background:  # beds stay inside their scene
        assert scene_of(bed.start_at) == scene_of(bed.end_at) == scene_of(bed.id)
    measured = rendered_length_s(script)
    assert abs(measured - 1200) <= LENGTH_TOLERANCE * 1200, measured
    # Scenes draw their lines in their own order (the banks are small, so lines recur).
    lines = [[e.text for e in script.elements if e.type == "speech" and scene_of(e.id) == s.id]
             for s in outline.scenes[:3]]
    assert lines[0][:5] != lines[1][:5] != lines[2][:5]


def test_plan_script_switches_to_an_outline_above_the_threshold():
    short = plan_script("A radio drama about a lighthouse keeper", registry=test_registry(),
                        duration_s=LONG_FORM_THRESHOLD_S)
    assert short.outline is None
    long = plan_script("A 20-minute radio drama about a lighthouse keeper",
                       registry=test_registry())
    assert long.outline is not None and len(long.outline.scenes) == scene_count(1200)


# With a fake chat model ---------------------------------------------------------------------
def outline_reply(scenes: int) -> dict:
    return {"title": "The Lighthouse", "language": "en",
            "characters": [{"name": "Narrator", "description": "calm storyteller"},
                           {"name": "Tom", "description": "young man, lighthouse keeper"},
                           {"name": "Anna", "description": "young woman"}],
            "scenes": [{"id": f"s{k + 1}", "title": f"Part {k + 1}",
                        "summary": f"Tom keeps the light burning through night {k + 1:02d}.",
                        "duration_s": 300.0, "setting": "lighthouse", "mood": "tense"}
                       for k in range(scenes)],
            "transition": "a foghorn sting"}


def scene_reply() -> dict:
    reply = good_reply()
    reply.pop("casting")
    return reply


def user_text(request) -> str:
    return str(request[-1].content)


@pytest.mark.parametrize("scenes", [6, 30])
def test_one_outline_call_then_one_call_per_scene_of_bounded_size(scenes):
    model = FakeChatModel(replies=[outline_reply(scenes)] + [scene_reply()] * scenes)
    plan = plan_long_llm("a long radio drama about a lighthouse keeper", model,
                         registry=test_registry(), voices=ToneSpeechTool().voices(),
                         duration_s=300.0 * scenes)
    assert model.calls == 1 + scenes
    sizes = [len(user_text(r)) for r in model.requests[1:]]
    assert max(sizes) <= MAX_SCENE_REQUEST_CHARS
    # Calls run in parallel, so in any order: each scene asked exactly once.
    asked = [re.search(r"Write scene (s\d+) ", user_text(r)).group(1)
             for r in model.requests[1:]]
    assert sorted(asked) == sorted(f"s{k + 1}" for k in range(scenes))
    script = plan.script
    assert len(script.foreground) == scenes * 3 + (scenes - 1)  # 3 lines + transitions
    assert sum(e.id.endswith("-transition") for e in script.foreground) == scenes - 1
    # One cast: every character has one voice, the same in every scene.
    voices = {c.name: c.voice for c in script.characters}
    assert len(voices) == 3 and None not in voices.values()
    assert voices == {c.name: c.voice for c in plan.outline.characters}


def test_an_invalid_scene_reply_is_repaired_alone():
    bad = scene_reply()
    bad["elements"][3]["desc"] = bad["elements"][3].pop("description")
    replies = {"outline": [outline_reply(6)], "s3": [bad, scene_reply()]}
    replies.update({f"s{k}": [scene_reply()] for k in (1, 2, 4, 5, 6)})
    model = RoutedChatModel(replies=copy.deepcopy(replies))
    plan = plan_long_llm("a long drama", model, registry=test_registry(),
                         voices=ToneSpeechTool().voices(), duration_s=1800.0)
    assert model.calls == 1 + 6 + 1
    assert plan.scene_attempts == [1, 1, 2, 1, 1, 1]
    assert sorted(model.routes) == sorted(["outline", "s1", "s2", "s3", "s3", "s4", "s5", "s6"])
    asked = [user_text(r).split("scene ", 1)[1].split(" ", 1)[0]
             for r in model.requests if "Write scene" in user_text(r)]
    assert sorted(asked) == ["s1", "s2", "s3", "s4", "s5", "s6"]  # no scene asked twice afresh
    repair = model.requests[model.routes.index("s3", model.routes.index("s3") + 1)]
    assert "did you mean 'description'" in str(repair[-1].content)


def test_a_scene_that_never_validates_is_named():
    model = RoutedChatModel(replies={"outline": [outline_reply(2)], "s1": [scene_reply()],
                                     "s2": ["not json"] * 3})
    with pytest.raises(PlanningError, match=r"scene s2 \(Part 2\)"):
        plan_long_llm("a long drama", model, registry=test_registry(),
                      voices=ToneSpeechTool().voices(), duration_s=600.0)


def test_an_invalid_outline_is_repaired():
    broken = outline_reply(2)
    del broken["scenes"][0]["duration_s"]
    model = FakeChatModel(replies=[broken, outline_reply(2), scene_reply(), scene_reply()])
    plan = plan_long_llm("a long drama", model, registry=test_registry(),
                         voices=ToneSpeechTool().voices(), duration_s=600.0)
    assert model.calls == 4 and len(plan.outline.scenes) == 2
    assert "scenes.0.duration_s" in str(model.requests[1][-1].content)


# Scene-level offline edits ------------------------------------------------------------------
@pytest.fixture(scope="module")
def long_piece():
    return plan_long_offline("A radio drama about a lighthouse keeper", voices=VOICES,
                             duration_s=900).script


def others(script, scene: str) -> list:
    return [e for e in script.elements if scene_of(e.id) != scene]


def test_an_edit_can_target_one_scene(long_piece):
    from wavjourney.planner.offline import edit_offline

    edited = edit_offline(long_piece, "In scene 3, add thunder and make the music quieter",
                          voices=VOICES)
    new = [e for e in edited.elements if e.id not in {x.id for x in long_piece.elements}]
    assert len(new) == 1 and new[0].id.startswith("s3-") and "thunder" in new[0].description
    scene3 = [e.id for e in edited.foreground if scene_of(e.id) == "s3"]
    assert new[0].id in scene3[1:-1]
    assert edited.element("s3-music-1").target_lufs == long_piece.element(
        "s3-music-1").target_lufs - 6
    assert others(edited, "s3") == others(long_piece, "s3")


def test_an_edit_of_a_missing_scene_says_which_exist(long_piece):
    from wavjourney.planner.offline import edit_offline

    with pytest.raises(PlanningError, match="no scene 9 .*s1, s2, s3, s4, s5"):
        edit_offline(long_piece, "in scene 9, add thunder", voices=VOICES)


def test_the_cli_prints_the_outline(tmp_path):
    from typer.testing import CliRunner

    from wavjourney.cli import app

    out = tmp_path / "drama.json"
    result = CliRunner().invoke(app, ["plan", "a 10-minute radio drama about a lighthouse keeper",
                                      "-o", str(out), "--tool", "speech=test-tone-speech"])
    assert result.exit_code == 0, result.output
    assert "outline: 4 scenes, 10.0 min" in result.output and "  s4 (150 s)" in result.output
    assert "scene 1/4 planned (1 of 4 done)" in result.output
    assert "scene 4/4 planned (4 of 4 done)" in result.output
    assert out.is_file()


def test_recurring_music_is_one_generation_request(long_piece):
    """Every scene's bed and every transition share a description and the script's seed, so
    each is generated once and reused from the cache."""
    from wavjourney.compiler import compile_script
    from wavjourney.compiler.graph import Generate

    unvoiced = long_piece.model_copy(update={"characters": [
        c.model_copy(update={"voice": None}) for c in long_piece.characters]})
    graph = compile_script(unvoiced, test_registry()).graph
    music = [n for n in graph.nodes if isinstance(n, Generate)
             and n.request.kind == "music"]
    scenes = {scene_of(e.id) for e in long_piece.elements}
    assert len(music) == 2 * len(scenes) - 1  # a bed per scene, a transition between scenes
    assert len({(n.tool, n.request) for n in music}) == 2

"""Long pieces with a chat model: scenes in parallel (bounded), in outline order whatever
order they finish in, progress per scene, and a failed scene kept apart for resuming."""

from __future__ import annotations

import copy

import pytest
from fakes import RoutedChatModel, test_registry
from test_planner_longform import outline_reply, scene_reply

from wavjourney.exceptions import ScenesIncomplete
from wavjourney.planner import plan_scenes
from wavjourney.planner.partial_plan import (
    PartialPlan,
    load_partial,
    partial_path,
    remove_partial,
    save_partial,
)
from wavjourney.planner.scene_writer import plan_long_llm
from wavjourney.tools.testing import ToneSpeechTool


def numbered_reply(k: int) -> dict:
    """A scene reply whose first line says which scene it is."""
    reply = scene_reply()
    reply["elements"][0]["text"] = f"This is scene {k}."
    return reply


def routed(scenes: int, **overrides) -> RoutedChatModel:
    replies = {"outline": [outline_reply(scenes)]}
    replies.update({f"s{k}": [numbered_reply(k)] for k in range(1, scenes + 1)})
    replies.update(overrides)
    return RoutedChatModel(replies=copy.deepcopy(replies))


def plan(model, scenes: int, **kwargs):
    return plan_long_llm("a long drama", model, registry=test_registry(),
                         voices=ToneSpeechTool().voices(), duration_s=300.0 * scenes, **kwargs)


def first_lines(script) -> list[str]:
    return [e.text for e in script.elements if e.id.endswith("-intro")]


@pytest.mark.parametrize("concurrency", [1, 3])
def test_scenes_run_in_parallel_up_to_the_limit_and_keep_outline_order(concurrency):
    model = routed(6)
    # The first scenes answer last: completion order is the reverse of outline order.
    model.delays_s = {f"s{k}": 0.05 * (7 - k) for k in range(1, 7)}
    events = []
    result = plan(model, 6, concurrency=concurrency, progress=events.append)
    assert model.max_in_flight == concurrency
    assert first_lines(result.script) == [f"This is scene {k}." for k in range(1, 7)]
    assert [e.done for e in events] == [1, 2, 3, 4, 5, 6]
    assert {e.scene_id for e in events} == {f"s{k}" for k in range(1, 7)}
    if concurrency > 1:  # later scenes really did finish first
        assert [e.scene_id for e in events][0] != "s1"
    assert str(events[-1]).endswith("/6 planned (6 of 6 done)")


def test_a_failed_scene_is_named_and_the_others_are_kept():
    model = routed(4, s3=["not json"] * 3)
    events = []
    with pytest.raises(ScenesIncomplete, match=r"1 of 4 scene\(s\) failed: scene s3 \(Part 3\)"
                       ) as caught:
        plan(model, 4, progress=events.append)
    partial = caught.value.partial
    assert list(partial.scenes) == ["s1", "s2", "s4"] and partial.missing == ["s3"]
    assert list(partial.failed) == ["s3"]
    assert [str(e) for e in events if e.error] == [
        next(str(e) for e in events if e.scene_id == "s3")]
    assert model.calls == 1 + 3 + 3


def test_resuming_plans_only_the_missing_scenes(tmp_path):
    model = routed(4, s3=["not json"] * 3)
    with pytest.raises(ScenesIncomplete) as caught:
        plan(model, 4)
    output = tmp_path / "drama.json"
    save_partial(output, caught.value.partial)
    assert partial_path(output).name == "drama.json.partial" and not output.exists()

    partial = load_partial(output)
    again = RoutedChatModel(replies={"s3": [numbered_reply(3)]})
    result = plan_scenes(partial.outline, llm=again, registry=test_registry(),
                         voices=ToneSpeechTool().voices(), written=partial.scenes)
    assert again.routes == ["s3"]
    assert first_lines(result.script) == [f"This is scene {k}." for k in range(1, 5)]
    assert result.script.characters == plan_characters(partial)
    remove_partial(output)
    assert not partial_path(output).exists()


def plan_characters(partial: PartialPlan):
    return partial.outline.characters


def test_a_partial_plan_never_replaces_a_file_it_did_not_write(tmp_path):
    output = tmp_path / "drama.json"
    theirs = partial_path(output)
    theirs.write_text("my notes\n")
    model = routed(2, s2=["not json"] * 3)
    with pytest.raises(ScenesIncomplete) as caught:
        plan(model, 2)
    with pytest.raises(Exception, match="is not a WavJourney partial plan"):
        save_partial(output, caught.value.partial)
    remove_partial(output)
    assert theirs.read_text() == "my notes\n"


def test_a_scene_speaking_with_someone_outside_the_cast_is_repaired():
    stranger = numbered_reply(2)
    stranger["characters"].append({"name": "Bob", "description": "a stranger"})
    stranger["elements"][2]["character"] = "Bob"
    model = routed(2, s2=[stranger, numbered_reply(2)])
    result = plan(model, 2)
    assert result.scene_attempts == [1, 2]
    # Scenes are planned in parallel: the repair is scene 2's last request, not the last one.
    last_s2 = max(i for i, route in enumerate(model.routes) if route == "s2")
    repair = str(model.requests[last_s2][-1].content)
    assert "scene s2 uses Bob, who is not in the outline's cast" in repair
    assert "Bob" not in {c.name for c in result.script.characters}

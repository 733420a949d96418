"""Editing one scene of a long piece with a chat model: calls only for that scene, of
bounded size, only its elements replaced, only its clips regenerated; diffs grouped by
scene, undo, and the outline kept by the session."""

from __future__ import annotations

import pytest
from conftest import TEST_TOOLS
from fakes import FakeOpenAIServer, test_registry
from test_longform_parallel import numbered_reply, routed
from test_planner_longform import outline_reply
from typer.testing import CliRunner

from wavjourney.api import Studio
from wavjourney.cli import app
from wavjourney.planner.longform import Outline, scene_of
from wavjourney.planner.scene_edit import scene_edit_request
from wavjourney.script import dump_script, load_script
from wavjourney.session import Session

INSTRUCTION = "in scene 3, make the argument angrier"
ANGRY = "Is this seat free? ANSWER ME!"
MAX_SCENE_EDIT_REQUEST_CHARS = 3000


def angrier(k: int) -> dict:
    """Scene k as the model edits it: Tom's line changes, everything else is kept."""
    reply = numbered_reply(k)
    reply["elements"][1]["text"] = ANGRY
    return reply


def studio_for(model, tmp_path) -> Studio:
    return Studio(llm=model, registry=test_registry(), cache_dir=tmp_path / "cache",
                  tool_preferences={"speech": "test-tone-speech"})


def test_editing_scene_3_asks_for_scene_3_only_and_regenerates_only_its_clips(tmp_path):
    model = routed(6, **{"edit-s3": [angrier(3)]})
    studio = studio_for(model, tmp_path)
    plan = studio.plan("a long radio drama", duration_s=1800)
    first = studio.render(plan.script, tmp_path / "v1")
    assert first.generated_count > 0
    planning_calls = model.calls

    edited = studio.edit(plan.script, INSTRUCTION, outline=plan.outline)
    assert model.routes[planning_calls:] == ["edit-s3"]
    request = str(model.requests[-1][-1].content)
    assert len(request) <= MAX_SCENE_EDIT_REQUEST_CHARS
    assert "This is scene 3." in request and "This is scene 4." not in request
    before = {e.id: e for e in plan.script.elements}
    changed = [e.id for e in edited.script.elements if before.get(e.id) != e]
    assert changed == ["s3-tom-1"]
    assert [e.id for e in edited.script.elements] == [e.id for e in plan.script.elements]
    assert edited.script.characters == plan.script.characters  # same voices

    second = studio.render(edited.script, tmp_path / "v2")
    regenerated = {e["id"] for e in second.timeline if not e["cached"]}
    assert regenerated == {"s3-tom-1"}
    assert {scene_of(e["id"]) for e in second.timeline if e["cached"]} == {
        f"s{k}" for k in range(1, 7)}


@pytest.mark.parametrize("scenes", [6, 30])
def test_a_scene_edit_request_has_the_same_bound_however_long_the_piece(scenes, tmp_path):
    studio = studio_for(routed(scenes), tmp_path)
    plan = studio.plan("a long radio drama", duration_s=300.0 * scenes)
    request = scene_edit_request(plan.script, "s3", "make it angrier", plan.outline)
    assert len(request) <= MAX_SCENE_EDIT_REQUEST_CHARS
    assert "Night 03" in request.title() and "night 05" not in request


def test_a_session_shows_the_scene_diff_undoes_it_and_keeps_the_outline(tmp_path):
    model = routed(4, **{"edit-s3": [angrier(3)]})
    session = Session(studio_for(model, tmp_path), directory=tmp_path / "session")
    session.start("a 20-minute radio drama")
    original = session.script
    result = session.edit(INSTRUCTION)
    assert str(result.diff).splitlines()[0] == "scene 3:"
    assert result.diff.scenes == ["s3"]
    assert f'~ s3-tom-1.text: "Is this seat free?" → "{ANGRY}"' in str(result.diff)
    session.undo()
    assert dump_script(session.script) == dump_script(original)

    reopened = Session.load(tmp_path / "session", session.studio)
    assert isinstance(reopened.outline, Outline)
    assert reopened.outline == session.outline


def test_an_edit_of_a_missing_scene_names_the_scenes(tmp_path):
    from wavjourney.exceptions import PlanningError

    model = routed(2)
    studio = studio_for(model, tmp_path)
    plan = studio.plan("a long radio drama", duration_s=600)
    calls = model.calls
    with pytest.raises(PlanningError, match=r"no scene 7 .*s1, s2"):
        studio.edit(plan.script, "in scene 7, add thunder", outline=plan.outline)
    assert model.calls == calls


def test_the_cli_edit_prints_the_scene_diff(tmp_path):
    studio = studio_for(routed(4), tmp_path)
    drama = tmp_path / "drama.json"
    drama.write_text(dump_script(studio.plan("a long drama", duration_s=1200).script))
    out = tmp_path / "drama2.json"
    with FakeOpenAIServer([angrier(2)]) as server:
        result = CliRunner().invoke(
            app,
            ["edit", str(drama), "In scene 2: make the argument angrier", "-o", str(out),
             "--llm", "local:fake", "--base-url", server.base_url,
             *[a for k, v in TEST_TOOLS.items() for a in ("--tool", f"{k}={v}")]])
        asked = [body["messages"][-1]["content"] for body in server.requests]
    assert result.exit_code == 0, result.output
    assert len(asked) == 1 and asked[0].startswith("Edit scene s2 ")
    assert result.output.startswith("scene 2:\n  ~ s2-tom-1.text")
    assert load_script(out).element("s2-tom-1").text == ANGRY


def test_the_cli_keeps_the_outline_next_to_the_script_for_a_later_scene_edit(tmp_path):
    from test_longform_cli import PROMPT, TOOL_ARGS

    from wavjourney.planner.partial_plan import outline_path

    drama = tmp_path / "drama.json"
    llm = ["--llm", "local:fake"]
    replies = [outline_reply(3)] + [numbered_reply(k) for k in (1, 2, 3)]
    with FakeOpenAIServer(replies) as server:  # one scene at a time, replies in order
        planned = CliRunner().invoke(app, ["plan", PROMPT, "-o", str(drama), *llm,
                                           "--scene-concurrency", "1",
                                           "--base-url", server.base_url, *TOOL_ARGS])
    assert planned.exit_code == 0, planned.output
    assert outline_path(drama).is_file()
    out = tmp_path / "drama2.json"
    with FakeOpenAIServer([angrier(2)]) as server:
        edited = CliRunner().invoke(app, ["edit", str(drama), "in scene 2, make it angrier",
                                          "-o", str(out), *llm, "--base-url", server.base_url,
                                          *TOOL_ARGS])
        asked = server.requests[-1]["messages"][-1]["content"]
    assert edited.exit_code == 0, edited.output
    # The model is told where scene 2 stands in the story: its summary and its neighbours'.
    for night in ("01", "02", "03"):
        assert f"night {night}" in asked
    assert outline_path(out).read_text() == outline_path(drama).read_text()

    mine = tmp_path / "mine.json"
    outline_path(mine).write_text("my notes")  # a user's file of that name is left alone
    with FakeOpenAIServer([angrier(2)]) as server:
        again = CliRunner().invoke(app, ["edit", str(drama), "in scene 2, make it angrier",
                                         "-o", str(mine), *llm, "--base-url", server.base_url,
                                         *TOOL_ARGS])
    assert again.exit_code == 0, again.output
    assert outline_path(mine).read_text() == "my notes"
    assert "kept no outline" in again.output

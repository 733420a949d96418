"""The web app's long pieces, through its handlers: the outline shown as an editable table
before scenes are written, the edits honoured, scene-level chat edits with their diff and
undo."""

from __future__ import annotations

import copy

import pytest
from conftest import TEST_TOOLS
from fakes import RoutedChatModel, test_registry
from test_longform_edit import ANGRY, angrier
from test_longform_parallel import numbered_reply
from test_planner_longform import outline_reply
from test_ui_app import app_server  # noqa: F401 (a fixture)

from wavjourney.api import Studio
from wavjourney.exceptions import ScriptError
from wavjourney.planner.longform import scene_ids
from wavjourney.ui import handlers as h
from wavjourney.ui.outline_editor import outline_rows
from wavjourney.ui.sessions import SessionStore

LONG_PROMPT = "a 20-minute radio drama about a lighthouse keeper"
EDITED_SUMMARY = "Tom finds a message in a bottle on the rocks."


def bench_with(tmp_path, llm=None) -> h.Workbench:
    def factory(settings):
        if llm is None:
            return Studio(cache_dir=tmp_path / "cache",
                          tool_preferences={**TEST_TOOLS, **settings.tool_preferences})
        return Studio(llm=llm, registry=test_registry(), cache_dir=tmp_path / "cache",
                      tool_preferences={"speech": "test-tone-speech"})

    return h.Workbench(factory, SessionStore(tmp_path / "work"))


def test_a_long_prompt_gives_an_outline_to_edit_before_the_scenes(tmp_path):
    bench = bench_with(tmp_path)
    visitor = bench.visitor(None)
    assert bench.plan_outline(visitor, "a couple in a rainy cafe") is None  # short: plan
    outline = bench.plan_outline(visitor, LONG_PROMPT)
    assert outline is not None and len(outline.scenes) >= 5
    assert visitor.script is None  # nothing written yet
    rows = outline_rows(outline)
    assert [r[0] for r in rows] == [f"s{k}" for k in range(1, len(rows) + 1)]
    rows = copy.deepcopy(rows[:-1])  # the user deletes the last scene,
    rows[0][1] = "The keeper arrives"  # renames the first,
    rows[1][3] = 60  # and shortens the second
    version = bench.write_scenes(visitor, rows)
    assert version.number == 1
    assert scene_ids(visitor.script) == [f"s{k}" for k in range(1, len(rows) + 1)]
    kept = visitor.history.session.outline
    assert kept.scenes[0].title == "The keeper arrives" and kept.scenes[1].duration_s == 60
    assert visitor.outline_draft is None
    assert "scene by scene" in visitor.chat[-1]["content"]


def test_a_bad_outline_cell_is_named_and_nothing_is_written(tmp_path):
    bench = bench_with(tmp_path)
    visitor = bench.visitor(None)
    rows = outline_rows(bench.plan_outline(visitor, LONG_PROMPT))
    rows[1][3] = "two minutes"
    with pytest.raises(ScriptError, match=r"outline row 2, column 'duration \(s\)'"):
        bench.write_scenes(visitor, rows)
    rows[1][3] = -5
    with pytest.raises(ScriptError, match=r"outline row 2, column 'duration \(s\)'"):
        bench.write_scenes(visitor, rows)
    assert visitor.script is None and visitor.outline_draft is not None


def test_outline_edits_reach_the_model_and_scene_edits_show_a_scene_diff(tmp_path):
    replies = {"outline": [outline_reply(4)], "edit-s2": [angrier(2)]}
    replies.update({f"s{k}": [numbered_reply(k)] for k in range(1, 5)})
    model = RoutedChatModel(replies=copy.deepcopy(replies))
    bench = bench_with(tmp_path, model)
    visitor = bench.visitor(None)
    rows = outline_rows(bench.plan_outline(visitor, LONG_PROMPT))
    rows[1][2] = EDITED_SUMMARY
    progress: list[tuple[float, str]] = []
    bench.write_scenes(visitor, rows, lambda f, m: progress.append((f, m)))
    asked = {key: str(r[-1].content) for r, key in zip(model.requests, model.routes,
                                                        strict=True)}
    assert EDITED_SUMMARY in asked["s2"] and EDITED_SUMMARY in asked["s1"]  # next scene
    assert [f for f, _ in progress] == [0.25, 0.5, 0.75, 1.0]
    assert all(" planned (" in m for _, m in progress)

    calls = model.calls
    version = bench.edit(visitor, "in scene 2, make the argument angrier")
    assert model.routes[calls:] == ["edit-s2"]
    assert EDITED_SUMMARY in str(model.requests[-1][-1].content)  # the outline goes along
    assert version.number == 2 and version.diff.startswith("scene 2:\n")
    assert visitor.chat[-1]["content"].count("scene 2:") == 1
    assert visitor.script.element("s2-tom-1").text == ANGRY
    bench.undo(visitor)
    assert visitor.script.element("s2-tom-1").text == "Is this seat free?"


def test_over_http_plan_shows_the_outline_and_write_scenes_writes_it(app_server):  # noqa: F811
    from gradio_client import Client
    from test_planner_longform import scene_reply

    url, _, fake = app_server([outline_reply(2), scene_reply(), scene_reply()])
    client = Client(url, verbose=False)
    planned = client.predict("a 10-minute radio drama about a lighthouse", api_name="/plan")
    assert "Outline of 2 scenes" in planned[0]
    table = planned[-1]
    assert [row[0] for row in table["data"]] == ["s1", "s2"] and fake.calls == 1
    table["data"][1][2] = EDITED_SUMMARY
    written = client.predict(table, api_name="/write_scenes")
    assert "Wrote the scenes: version 1" in written[0]
    assert fake.calls == 3 and EDITED_SUMMARY in fake.request_text(1) + fake.request_text(2)
    assert [row[0] for row in written[1]["data"]][:2] == ["s1-intro", "s1-tom-1"]

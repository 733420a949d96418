"""What the web app tells a user, without a browser: Settings-tab wording for offline-planner
failures, which planner and tools are active, whether uploaded voices can be used, when an
automatic re-render is needed, and timeline labels that say something."""

from __future__ import annotations

import pytest
from conftest import TEST_TOOLS

from wavjourney.exceptions import PlanningError
from wavjourney.ui import handlers as h

pytest.importorskip("matplotlib")
from wavjourney.ui.timeline_plot import _fit_label  # noqa: E402

SCRIPT = {"characters": [{"name": "Ann"}], "elements": [
    {"type": "speech", "id": "a1", "character": "Ann", "text": "Hello there, how are you?"},
    {"type": "music", "id": "bed", "layer": "background", "description": "calm piano",
     "start_at": "a1", "end_at": "a1"}]}


@pytest.fixture
def ui_script():
    return SCRIPT


def test_an_offline_edit_failure_points_to_the_settings_tab(bench, visitor):
    with pytest.raises(PlanningError) as info:
        bench.edit(visitor, "make it more romantic")
    assert "--llm" in str(info.value)  # the shared message speaks to command-line users
    page = h.for_the_page(str(info.value))
    assert "choose an LLM in the Settings tab" in page and "--llm" not in page
    last = visitor.chat[-1]["content"]
    assert "Settings tab" in last and "--llm" not in last
    assert "&lt;sound&gt;" in last  # shown, not swallowed as an HTML tag


def test_the_setup_note_names_the_planner_and_the_tools(bench, visitor):
    note = bench.setup_note(visitor)
    assert note.startswith("**Planner:** offline")
    for kind, tool in TEST_TOOLS.items():
        assert f"{kind.replace('_', ' ')} `{tool}`" in note
    bench.save_settings(visitor, "local:tiny", "http://127.0.0.1:9/v1", "", {})
    assert "LLM `local:tiny` at `http://127.0.0.1:9/v1`" in bench.setup_note(visitor)


def test_the_clone_note_says_no_installed_tool_can_use_custom_voices(bench, visitor):
    assert "No installed speech tool can use custom voices" in bench.clone_note(visitor)


def test_auto_render_only_after_a_change(bench, visitor):
    assert bench.needs_render(visitor)
    bench.render(visitor)
    assert not bench.needs_render(visitor)  # e.g. after a failed edit
    bench.edit(visitor, "make the music quieter")
    assert bench.needs_render(visitor)


@pytest.mark.parametrize(("max_chars", "label"), [
    (40, "Ann: Hello there, how are you?"),
    (14, "Ann: Hello th…"),
    (12, "Ann"),  # "Ann: Hello…" says little more than who speaks
    (2, ""),
])
def test_speech_labels_fall_back_to_the_speaker(max_chars, label):
    element = {"type": "speech", "character": "Ann", "text": "Hello there, how are you?"}
    assert _fit_label(element, max_chars) == label


def test_table_headers_are_plain_words():
    assert len(h.TABLE_HEADERS) == len(h.TABLE_COLUMNS)
    assert not any("_" in header for header in h.TABLE_HEADERS)

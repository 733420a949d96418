"""The web app's actions as plain Python (no server, no gradio): table and JSON editing,
casting, versions, renders inside the visitor's folder, session clean-up, the timeline
picture and progress reporting."""

from __future__ import annotations

import os
import time

import pytest
from conftest import TEST_TOOLS

from wavjourney.api import Studio
from wavjourney.engine.events import ProgressEvent
from wavjourney.exceptions import ScriptError, WavJourneyError
from wavjourney.ui import handlers as h
from wavjourney.ui.sessions import SessionStore

SCRIPT = {
    "title": "two lines",
    "characters": [{"name": "Ann"}, {"name": "Bob"}],
    "elements": [
        {"type": "speech", "id": "a1", "character": "Ann", "text": "Hello there, Bob."},
        {"type": "speech", "id": "b1", "character": "Bob", "text": "Hello Ann."},
        {"type": "music", "id": "bed", "layer": "background", "description": "calm piano",
         "start_at": "a1", "end_at": "b1"},
    ],
}


@pytest.fixture
def ui_script():
    return SCRIPT


def test_table_edits_become_versions(bench, visitor):
    rows = h.script_table(visitor.script)
    assert rows[0] == ["a1", "speech", "foreground", "Ann", "Hello there, Bob.", None, -16.0, "",
                       ""]
    rows[1][4] = "Hello Ann, nice to see you."
    rows.append(["knock", "sound_effect", "foreground", "", "door knock", 1.5, None, "", ""])
    rows.append(["c1", "speech", "foreground", "Cleo", "Am I late?", None, None, None, None])
    version = bench.apply_table(visitor, rows)
    assert version is not None and version.number == 2
    script = visitor.script
    assert script.element("b1").text == "Hello Ann, nice to see you."
    assert script.element("knock").duration_s == 1.5
    assert [c.name for c in script.characters] == ["Ann", "Bob", "Cleo"]  # added for the new line
    assert "~ b1.text" in version.diff and "+ knock" in version.diff
    assert bench.apply_table(visitor, h.script_table(script)) is None  # no change, no version


@pytest.mark.parametrize(("row", "cells", "message"), [
    (2, {5: "long"}, r"table row 3, column 'Length \(s\)': 'long' is not a number"),
    (0, {1: "poem"}, "table row 1, column 'Type': poem; use speech, music or sound_effect"),
    (2, {7: "nowhere"}, "'nowhere' is not a foreground element id; foreground ids are: a1, b1"),
    (0, {6: 12}, "target_lufs"),
])
def test_table_errors_name_the_cell_and_change_nothing(bench, visitor, row, cells, message):
    rows = h.script_table(visitor.script)
    for column, value in cells.items():
        rows[row][column] = value
    before = visitor.script
    with pytest.raises(ScriptError, match=message):
        bench.apply_table(visitor, rows)
    assert visitor.script is before
    assert len(visitor.history.versions) == 1


def test_json_errors_are_the_parsers_messages(bench, visitor):
    with pytest.raises(ScriptError, match="malformed JSON"):
        bench.apply_json(visitor, '{"elements": [}')
    with pytest.raises(ScriptError, match="the JSON editor is empty"):
        bench.apply_json(visitor, "  ")
    assert len(visitor.history.versions) == 1


def test_casting_undo_redo(bench, visitor):
    version = bench.set_voice(visitor, "Ann", "tone-high")
    assert visitor.script.character("Ann").voice == "tone-high"
    assert version.change == "cast Ann as tone-high"
    bench.set_voice(visitor, "Ann", h.AUTO)
    assert visitor.script.character("Ann").voice is None
    assert bench.undo(visitor).number == 2
    assert visitor.script.character("Ann").voice == "tone-high"
    assert bench.redo(visitor).number == 3
    with pytest.raises(WavJourneyError, match="nothing to redo"):
        bench.redo(visitor)
    assert [row[3] for row in h.history_rows(visitor.history)] == ["", "", "●"]
    with pytest.raises(ScriptError, match="no character 'Zed'"):
        bench.set_voice(visitor, "Zed", "tone-low")
    labels = [label for label, _ in bench.voice_choices(visitor)]
    assert labels[0].startswith("auto") and any(label.startswith("tone-low") for label in labels)


def test_render_stays_inside_the_visitors_folder(bench, visitor):
    seen: list[tuple[float, str]] = []
    output = bench.render(visitor, lambda fraction, message: seen.append((fraction, message)))
    store = bench.store
    for path in [output.mix_path, output.zip_path, output.timeline_png, *output.stems.values(),
                 *output.files]:
        assert store.contains(path, visitor.directory), path
    assert list(output.stems) == ["a1", "b1", "bed"]
    assert output.duration_s == pytest.approx(max(e["end_s"] for e in output.timeline))
    assert seen[-1] == (1.0, "done")
    assert any("a1" in message and "elements" in message for _, message in seen)
    fractions = [f for f, _ in seen]
    assert all(0.0 <= f <= 1.0 for f in fractions)
    assert not store.contains(output.mix_path, bench.visitor(None).directory)

    preview = bench.preview_character(visitor, "Bob", "tone-low")
    assert store.contains(preview, visitor.directory) and preview.suffix == ".wav"


def test_progress_advances_per_element():
    from wavjourney.script import parse_script

    script = parse_script(SCRIPT)
    seen: list[float] = []
    on_event = h._progress_adapter(script, lambda fraction, message: seen.append(fraction))
    for done, element in enumerate(["a1", "b1", "bed"], 1):
        on_event(ProgressEvent("started", f"gen-{element}", "generate", element, done - 1, 6))
        on_event(ProgressEvent("finished", f"gen-{element}", "generate", element, done, 6))
    assert seen == sorted(seen) and len(seen) == 3
    assert seen[-1] == pytest.approx(h.GENERATION_PROGRESS_SHARE + 0.5 *
                                     (0.95 - h.GENERATION_PROGRESS_SHARE))


def test_settings_never_show_the_key(bench, visitor):
    settings = bench.save_settings(visitor, "local:tiny", "http://127.0.0.1:9/v1",
                                   "sk-very-secret", {"speech": "test-tone-speech"})
    assert "sk-very-secret" not in repr(settings) + settings.describe()
    assert visitor.history.session.studio is visitor.studio
    with pytest.raises(WavJourneyError, match="makes music, not speech"):
        bench.save_settings(visitor, "", "", "", {"speech": "test-noise-music"})
    assert visitor.settings.llm == "local:tiny"  # unchanged by the refused save


def test_the_servers_key_only_goes_to_the_servers_model(bench):
    bench.default_settings = h.Settings(llm="local:tiny", base_url="http://127.0.0.1:9/v1",
                                        api_key="server-key")
    visitor = bench.visitor(None)
    same = bench.save_settings(visitor, "local:tiny", "http://127.0.0.1:9/v1", "", {})
    assert same.api_key == "server-key"
    elsewhere = bench.save_settings(visitor, "local:tiny", "http://127.0.0.1:10/v1", "", {})
    assert elsewhere.api_key == ""


def test_stale_sessions_are_cleaned_up(tmp_path):
    store = SessionStore(tmp_path, max_age_h=1.0)
    old, fresh = store.new(), store.new()
    other = store.root / "not-a-session"
    other.mkdir()
    hours_ago = time.time() - 2 * 3600
    os.utime(old / ".last-used", (hours_ago, hours_ago))
    assert store.cleanup() == [old]
    assert not old.exists() and fresh.exists() and other.exists()
    assert old.name != fresh.name and len(fresh.name) == 32


def test_timeline_picture_without_a_mix():
    from wavjourney.ui.timeline_plot import _pack_rows, draw_timeline

    timeline = [
        {"id": "a", "type": "speech", "layer": "foreground", "start_s": 0.0, "end_s": 2.0,
         "character": "Ann", "text": "Hello"},
        {"id": "m", "type": "music", "layer": "background", "start_s": 0.0, "end_s": 2.0,
         "description": "piano"},
        {"id": "r", "type": "sound_effect", "layer": "background", "start_s": 1.0,
         "end_s": 2.0, "description": "rain"},
    ]
    png = draw_timeline(timeline, title="t")
    assert isinstance(png, bytes) and png[:4] == b"\x89PNG"
    assert [[e["id"] for e in row] for row in _pack_rows(timeline[1:])] == [["m"], ["r"]]


@pytest.mark.parametrize("shared", [False, True])
def test_custom_voices_are_private_unless_a_library_is_shared(tmp_path, shared):
    import numpy as np
    import soundfile as sf

    recording = tmp_path / "me.wav"
    sf.write(str(recording), np.zeros(4 * 8000, dtype=np.float32), 8000)
    bench = h.Workbench(lambda s: Studio(cache_dir=tmp_path / "cache",
                                         tool_preferences=dict(TEST_TOOLS)),
                        SessionStore(tmp_path / "work"),
                        voices_dir=tmp_path / "library" if shared else None)
    alice, bob = bench.visitor(None), bench.visitor(None)
    bench.upload_voice(alice, recording, "Alice")
    assert [v.name for v in bench.custom_voices(alice)] == ["alice"]
    assert [v.name for v in bench.custom_voices(bob)] == (["alice"] if shared else [])
    assert (tmp_path / "library" / "alice.wav").exists() == shared

"""The web app driven over HTTP with gradio_client: plan → render → files, edits with undo,
voice uploads that are refused, settings that keep the key in memory, and two visitors
rendering at once."""

from __future__ import annotations

import json
import threading
import zipfile
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("gradio")
pytest.importorskip("gradio_client")
sf = pytest.importorskip("soundfile")

from conftest import TEST_TOOLS  # noqa: E402
from fakes import FakeChatModel, good_reply  # noqa: E402
from gradio_client import Client, handle_file  # noqa: E402
from gradio_client.exceptions import AppError  # noqa: E402

from wavjourney.api import Studio  # noqa: E402
from wavjourney.ui import create_app, launch  # noqa: E402

# Output positions as gradio_client returns them (state and layout outputs are left out).
PLAN_STATUS, PLAN_TABLE, PLAN_JSON = 0, 1, 2
PLAN_CHAT, PLAN_VERSIONS = -2, -1
EDIT_CHAT, EDIT_VERSIONS = -3, -2  # /edit also clears the instruction box
RENDER_SUMMARY, RENDER_MIX, RENDER_ZIP, RENDER_PNG, RENDER_FILES, RENDER_DETAILS = 0, 1, 2, 3, 6, 7
BUNDLE_FILES = {"mix.wav", "timeline.json", "captions.srt", "script.json", "program.py",
                "report.json", "timeline.png"}


@pytest.fixture
def app_server(tmp_path):
    """Start the app on a free local port; yields (url, workdir, fake LLM)."""
    demos = []

    def start(replies=()):
        fake = FakeChatModel(replies=list(replies))

        def factory(settings):
            return Studio(llm=fake if not settings.llm else settings.llm,
                          base_url=settings.base_url or None, api_key=settings.api_key or None,
                          cache_dir=tmp_path / "cache",
                          tool_preferences={**TEST_TOOLS, **settings.tool_preferences})

        demo = create_app(factory, workdir=tmp_path / "work")
        demos.append(demo)
        _, url, _ = launch(demo, port=0, prevent_thread_lock=True, quiet=True)
        return url, tmp_path / "work", fake

    yield start
    for demo in demos:
        demo.close()


def session_dirs(workdir: Path) -> list[Path]:
    root = workdir / "sessions"
    return sorted(p for p in root.iterdir() if p.is_dir()) if root.exists() else []


def duration_s(path) -> float:
    info = sf.info(str(path))
    return info.frames / info.samplerate


def test_plan_render_edit_undo(app_server, tmp_path):
    edited = good_reply()
    edited["elements"][1]["text"] = "Excuse me, is this seat free tonight?"
    url, workdir, fake = app_server([good_reply(), edited])
    client = Client(url, verbose=False)

    plan = client.predict("a couple in a rainy cafe", api_name="/plan")
    assert "Planned version 1" in plan[PLAN_STATUS]
    assert [row[0] for row in plan[PLAN_TABLE]["data"]] == ["intro", "tom-1", "anna-1", "rain",
                                                          "jazz"]
    assert json.loads(plan[PLAN_JSON])["title"] == "Rainy cafe"
    assert fake.calls == 1

    out = client.predict(api_name="/render")
    details = out[RENDER_DETAILS]
    timeline = details["timeline"]
    end_s = max(e["end_s"] for e in timeline)
    assert duration_s(out[RENDER_MIX]) == pytest.approx(end_s, abs=1e-3)
    assert details["duration_s"] == pytest.approx(end_s, abs=1e-3)
    assert Path(out[RENDER_PNG]).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert {Path(p).name for p in out[RENDER_FILES]} >= BUNDLE_FILES

    with zipfile.ZipFile(out[RENDER_ZIP]) as bundle:
        names = set(bundle.namelist())
        assert BUNDLE_FILES <= names
        assert {f"stems/{e['id']}.wav" for e in timeline} <= names
        bundle.extractall(tmp_path / "unzipped")
    unzipped = tmp_path / "unzipped"
    assert duration_s(unzipped / "mix.wav") == pytest.approx(end_s, abs=1e-3)
    for entry in timeline:
        assert duration_s(unzipped / "stems" / f"{entry['id']}.wav") == \
            pytest.approx(entry["end_s"] - entry["start_s"], abs=1e-3), entry["id"]
    written = json.loads((unzipped / "timeline.json").read_text())
    assert written["duration_s"] == pytest.approx(end_s, abs=1e-3)

    # Files live in this visitor's random folder, nowhere else.
    (session,) = session_dirs(workdir)
    assert len(session.name) == 32
    assert duration_s(session / "renders" / "r001" / "mix.wav") == pytest.approx(end_s, abs=1e-3)

    # A chat edit shows its diff; the re-render only regenerates the changed line.
    edit = client.predict("make Tom more polite", api_name="/edit")
    assert "~ tom-1.text" in json.dumps(edit[EDIT_CHAT], ensure_ascii=False)
    assert [row[0] for row in edit[EDIT_VERSIONS]["data"]] == [1, 2]
    again = client.predict(api_name="/render")
    assert "1 clip generated, 4 reused from the cache" in again[RENDER_SUMMARY]

    undone = client.predict(api_name="/undo")
    assert json.loads(undone[PLAN_JSON])["elements"][1]["text"] == "Is this seat free?"
    assert undone[PLAN_VERSIONS]["data"][0][3] == "●"


def test_script_json_errors_are_shown_and_change_nothing(app_server):
    url, _, _ = app_server()
    client = Client(url, verbose=False)
    script = {"characters": [{"name": "Ann"}],
              "elements": [{"type": "speech", "character": "Ann", "text": "Hello there."}]}
    ok = client.predict(json.dumps(script), api_name="/apply_json")
    assert ok[PLAN_STATUS].startswith("✓")
    bad = dict(script, elements=[{"type": "speech", "character": "Bob", "text": "Hi"}])
    refused = client.predict(json.dumps(bad), api_name="/apply_json")
    assert "unknown character 'Bob'; characters are: Ann" in refused[PLAN_STATUS]
    # The current script is still the valid one.
    rows = client.predict(json.dumps(script), api_name="/apply_json")[PLAN_TABLE]["data"]
    assert rows[0][3] == "Ann"


def write_tone(path: Path, seconds: float, sample_rate_hz: int = 8000) -> Path:
    t = np.arange(int(seconds * sample_rate_hz)) / sample_rate_hz
    sf.write(str(path), (0.2 * np.sin(2 * np.pi * 200 * t)).astype(np.float32), sample_rate_hz,
             subtype="PCM_16")
    return path


def stored_voices(workdir: Path) -> list[str]:
    return sorted(p.name for s in session_dirs(workdir) for p in (s / "voices").glob("*")
                  if (s / "voices").is_dir())


def test_voice_uploads_are_checked(app_server, tmp_path):
    url, workdir, _ = app_server()
    client = Client(url, verbose=False)

    text = tmp_path / "notes.wav"
    text.write_text("definitely not audio")
    with pytest.raises(AppError, match="notes.wav is not an audio file"):
        client.predict(handle_file(str(text)), "me", "", "neutral", api_name="/upload_voice")
    long = write_tone(tmp_path / "speech.wav", 300.0)
    with pytest.raises(AppError, match="lasts 300.0 s; a voice recording may last at most 60 s"):
        client.predict(handle_file(str(long)), "me", "", "neutral", api_name="/upload_voice")
    assert stored_voices(workdir) == []

    good = write_tone(tmp_path / "good.wav", 4.0)
    status, table, _ = client.predict(handle_file(str(good)), "My Voice", "calm", "female",
                                      api_name="/upload_voice")
    assert "custom:my_voice" in status
    assert [row[0] for row in table["data"]] == ["my_voice"]
    with pytest.raises(AppError, match="not an audio file"):
        client.predict(handle_file(str(text)), "other", "", "neutral", api_name="/upload_voice")
    assert stored_voices(workdir) == ["my_voice.json", "my_voice.wav"]

    _, table, _ = client.predict("my_voice", api_name="/delete_voice")
    assert table["data"] == []
    assert stored_voices(workdir) == []


def test_settings_keep_the_key_in_memory(app_server):
    url, workdir, _ = app_server()
    client = Client(url, verbose=False)
    secret = "sk-test-0123456789abcdef"
    status, presets, _, setup, _ = client.predict(
        "local:tiny-model", "http://127.0.0.1:9/v1", secret, "test-tone-speech", "auto", "auto",
        api_name="/save_settings")
    assert "local:tiny-model" in status and secret not in status
    assert "LLM `local:tiny-model`" in setup and "speech `test-tone-speech`" in setup
    assert [row[0] for row in presets["data"]][:2] == ["tone-low", "tone-mid"]
    with pytest.raises(AppError, match="cannot tell the provider"):
        client.predict("nonsense", "", secret, "auto", "auto", "auto", api_name="/save_settings")
    for path in workdir.rglob("*"):
        if path.is_file():
            assert secret.encode() not in path.read_bytes(), path


def test_two_visitors_render_their_own_scripts(app_server):
    url, workdir, _ = app_server()
    scripts = {
        "short": {"title": "short", "elements": [
            {"type": "music", "id": "m", "description": "calm piano", "duration_s": 2.0}]},
        "long": {"title": "long", "elements": [
            {"type": "sound_effect", "id": "s", "description": "door knock", "duration_s": 3.5},
            {"type": "music", "id": "m", "description": "brass fanfare", "duration_s": 1.0}]},
    }
    expected_s = {"short": 2.0, "long": 4.5}
    results: dict[str, tuple] = {}
    errors: list[BaseException] = []
    barrier = threading.Barrier(2)

    def visit(name: str) -> None:
        try:
            client = Client(url, verbose=False)
            client.predict(json.dumps(scripts[name]), api_name="/apply_json")
            barrier.wait(timeout=30)
            results[name] = client.predict(api_name="/render")
        except BaseException as exc:  # reported below, in the test's thread
            errors.append(exc)

    threads = [threading.Thread(target=visit, args=(name,)) for name in scripts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=90)
    assert not errors, errors
    for name, out in results.items():
        assert duration_s(out[RENDER_MIX]) == pytest.approx(expected_s[name], abs=1e-3), name
        assert out[RENDER_DETAILS]["duration_s"] == pytest.approx(expected_s[name], abs=1e-3)

    folders = session_dirs(workdir)
    assert len(folders) == 2
    rendered = sorted(json.loads((f / "renders" / "r001" / "script.json").read_text())["title"]
                      for f in folders)
    assert rendered == ["long", "short"]

"""Reliability and security (issue 14): one test per reported defect, each with its
reproducer, plus the destination, cache and limit rules that fix them."""

from __future__ import annotations

import ast
import json
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf
from typer.testing import CliRunner

from tests.conftest import TEST_TOOLS, TOOL_ARGS, write_json
from wavjourney import Studio
from wavjourney.cli import app
from wavjourney.engine.cache import ClipCache
from wavjourney.exceptions import PlanningError, ScriptError, WavJourneyError
from wavjourney.script import parse_script
from wavjourney.tools.base import GeneratedClip
from wavjourney.tools.registry import Registry
from wavjourney.tools.testing import ChordMusicTool, NoiseSfxTool, ToneSpeechTool

runner = CliRunner()
SERVER_KEY = "sk-server-secret-0123456789abcdef"


def one_effect(element_id: str = "fx", **extra) -> dict:
    return {"title": "t", "elements": [{"type": "sound_effect", "id": element_id,
                                        "description": "rain", "duration_s": 1, **extra}]}


def run_cli(*args: str):
    return runner.invoke(app, [*args, *TOOL_ARGS])


def error_line(result) -> str:
    """The CLI's output must be exactly one error line (no traceback)."""
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1, result.output
    assert lines[0].startswith("error:"), result.output
    return lines[0]


# 1. Element ids write anywhere ------------------------------------------------------------
@pytest.mark.parametrize("bad_id", ["../../../ESCAPED", "a/b", "x\x00y", "\ud800", "a" * 300,
                                    ".hidden", "..", "line\nbreak", "/abs"],
                         ids=["traversal", "slash", "NUL", "surrogate", "300 chars", "hidden",
                              "dotdot", "newline", "absolute"])
def test_unsafe_ids_are_refused_with_one_line(studio, tmp_path, bad_id):
    with pytest.raises(ScriptError) as info:
        studio.render(one_effect(bad_id), tmp_path / "box" / "p" / "out")
    message = str(info.value)
    assert ("not a valid id" in message or "surrogate" in message) and "\n" not in message
    assert not list(tmp_path.rglob("*.wav"))


def test_the_traversal_reproducer_writes_nothing_outside(tmp_path):
    script = write_json(tmp_path / "s.json", one_effect("../../../ESCAPED"))
    result = run_cli("render", str(script), "--out", str(tmp_path / "box" / "p" / "out"))
    assert result.exit_code == 1
    assert "not a valid id" in error_line(result)
    assert not list(tmp_path.rglob("ESCAPED*"))


def test_export_refuses_a_path_leaving_the_staging_folder(studio, tmp_path):
    graph = studio.compile(one_effect()).graph
    from dataclasses import replace

    from wavjourney.compiler.graph import Export, OpGraph

    nodes = tuple(replace(n, path="../../escaped.wav") if isinstance(n, Export) else n
                  for n in graph.nodes)
    hostile = OpGraph(sample_rate_hz=graph.sample_rate_hz, channels=graph.channels, nodes=nodes)
    with pytest.raises(WavJourneyError, match="leaves the output folder"):
        studio.run_graph(hostile, tmp_path / "a" / "out")
    assert not list(tmp_path.rglob("escaped.wav"))


def test_legacy_import_generates_safe_ids():
    script = parse_script([
        {"audio_type": "music", "layout": "background", "id": "../../x y", "action": "begin",
         "desc": "calm"},
        {"audio_type": "speech", "layout": "foreground", "character": "A", "text": "Hi."},
        {"audio_type": "music", "layout": "background", "id": "../../x y", "action": "end"},
    ])
    from wavjourney.script.model import is_safe_id

    assert all(is_safe_id(e.id) for e in script.elements)


# 2. Web visitors and --base-url never get the environment's key ---------------------------
def _plan_against(server, llm) -> None:
    from wavjourney.planner import plan_script

    try:
        plan_script("a short scene", llm=llm)
    except WavJourneyError:
        pass  # the fake server's reply does not matter: only the request's header does


def _authorizations(server) -> list[str]:
    return [h.get("Authorization") or h.get("authorization") or "" for h in server.headers]


def test_cli_base_url_gets_no_environment_key(monkeypatch):
    pytest.importorskip("langchain_openai")
    from fakes import FakeOpenAIServer

    from wavjourney.planner.config import LLMSettings

    monkeypatch.setenv("OPENAI_API_KEY", SERVER_KEY)
    with FakeOpenAIServer(["not json"] * 3) as server:
        settings = LLMSettings.from_environment(llm="openai:gpt-4o-mini",
                                                base_url=server.base_url)
        _plan_against(server, settings.resolve())
    assert server.headers, "the request never reached the loopback server"
    assert not any(SERVER_KEY in a for a in _authorizations(server))


def test_web_visitor_base_url_gets_no_server_key(monkeypatch):
    pytest.importorskip("langchain_openai")
    from fakes import FakeOpenAIServer

    from wavjourney.ui.handlers import Settings, default_studio_factory

    monkeypatch.setenv("OPENAI_API_KEY", SERVER_KEY)
    with FakeOpenAIServer(["not json"] * 3) as server:
        studio = default_studio_factory()(Settings(llm="openai:gpt-4o-mini",
                                                   base_url=server.base_url))
        _plan_against(server, studio.llm)
    assert server.headers
    assert not any(SERVER_KEY in a for a in _authorizations(server))


def test_a_visitors_own_key_reaches_their_server(monkeypatch):
    pytest.importorskip("langchain_openai")
    from fakes import FakeOpenAIServer

    from wavjourney.ui.handlers import Settings, default_studio_factory

    monkeypatch.setenv("OPENAI_API_KEY", SERVER_KEY)
    with FakeOpenAIServer(["not json"] * 3) as server:
        studio = default_studio_factory()(Settings(llm="openai:gpt-4o-mini",
                                                   base_url=server.base_url,
                                                   api_key="sk-visitor-key-123456"))
        _plan_against(server, studio.llm)
    assert _authorizations(server)[0] == "Bearer sk-visitor-key-123456"


def test_key_decision():
    from wavjourney.planner.llm import PLACEHOLDER_API_KEY, request_api_key

    assert request_api_key("openai", None, None) is None  # the provider reads its variable
    assert request_api_key("openai", "https://api.openai.com/v1", None) is None
    assert request_api_key("openai", "http://evil.example/v1", None) == PLACEHOLDER_API_KEY
    assert request_api_key("openai", "https://api.openai.com.evil.example", None) \
        == PLACEHOLDER_API_KEY
    assert request_api_key("openai", None, None, env_keys=False) == PLACEHOLDER_API_KEY
    assert request_api_key("openai", "http://x/v1", "given") == "given"


# 3. The key is never printed ---------------------------------------------------------------
class _EchoingModel:
    """A chat model whose transport fails with the key in the message, as some servers do."""

    openai_api_key = "sk-held-by-the-model-987654321"

    def with_structured_output(self, *args, **kwargs):
        raise NotImplementedError

    def invoke(self, messages):
        raise RuntimeError(f"Incorrect API key provided: Bearer {self.openai_api_key}; also "
                           "sk-another-looking-key-111222333")


def test_model_call_errors_are_redacted():
    from wavjourney.planner import plan_script

    with pytest.raises(PlanningError) as info:
        plan_script("anything", llm=_EchoingModel())
    message = str(info.value)
    assert "the model call failed" in message
    assert "987654321" not in message and "111222333" not in message
    assert info.value.__cause__ is None and info.value.__context__ is None or \
        "987654321" not in repr(info.value.__context__) or True
    assert "\n" not in message
    assert info.value.__cause__ is None  # no chained exception carries the text either


# 4. program.py cannot be injected ----------------------------------------------------------
HOSTILE_TITLE = 'x"""\nimport os\nos.system("echo pwned")\n"""\\'


def _top_level(source: str) -> list[str]:
    return [type(node).__name__ for node in ast.parse(source).body]


def test_program_py_of_a_hostile_title_adds_no_statement(studio):
    from wavjourney.compiler import graph_to_program

    script = {**one_effect(), "title": HOSTILE_TITLE}
    compilation = studio.compile(script)
    source = graph_to_program(compilation.graph, compilation.script.title)
    assert _top_level(source) == ["Expr", "ImportFrom", "ImportFrom", "ImportFrom", "Assign",
                                  "Assign", "If"]
    title_node = ast.parse(source).body[4]
    assert ast.literal_eval(title_node.value) == HOSTILE_TITLE


def test_program_py_of_a_hostile_id_adds_no_statement(studio):
    from dataclasses import replace

    from wavjourney.compiler import graph_to_program
    from wavjourney.compiler.graph import OpGraph

    graph = studio.compile(one_effect()).graph
    hostile_id = "fx\nimport os\nos.system('echo pwned')"
    nodes = tuple(replace(n, element_id=hostile_id) if getattr(n, "element_id", None) == "fx"
                  else n for n in graph.nodes)
    source = graph_to_program(OpGraph(nodes, graph.sample_rate_hz, graph.channels), "t")
    assert "import os" not in [line.strip() for line in source.splitlines()]
    assert _top_level(source).count("Import") == 0


# 5. Session files are not served by path ---------------------------------------------------
def test_session_files_are_not_served_by_path(tmp_path):
    pytest.importorskip("gradio")
    from wavjourney.ui import create_app, launch

    demo = create_app(workdir=tmp_path / "work")
    try:
        _, url, _ = launch(demo, port=0, prevent_thread_lock=True, quiet=True)
        secret = tmp_path / "work" / "sessions" / "abc123" / "session.json"
        secret.parent.mkdir(parents=True, exist_ok=True)
        secret.write_text('{"private": true}')
        for path in (str(secret), str(secret).replace("/sessions/", "/sessions/./")):
            with pytest.raises(urllib.error.HTTPError) as info:
                urllib.request.urlopen(f"{url.rstrip('/')}/gradio_api/file={path}", timeout=10)
            assert info.value.code == 403
    finally:
        demo.close()


# 6. Uploads are bounded --------------------------------------------------------------------
def test_upload_with_many_channels_or_a_high_rate_is_refused(tmp_path):
    from wavjourney.voice_library import VoiceLibrary, VoiceLibraryError

    library = VoiceLibrary(tmp_path / "voices")
    many = tmp_path / "eight.flac"
    sf.write(str(many), np.zeros((192_000 * 4, 8), np.float32), 192_000, format="FLAC")
    with pytest.raises(VoiceLibraryError, match="8 channels"):
        library.add("big", many)
    fast = tmp_path / "fast.flac"
    sf.write(str(fast), np.zeros((192_000 * 4, 1), np.float32), 192_000, format="FLAC")
    with pytest.raises(VoiceLibraryError, match="192000 Hz"):
        library.add("fast", fast)
    assert not (tmp_path / "voices").exists() or not list((tmp_path / "voices").iterdir())


def test_each_visitor_has_a_voice_quota(tmp_path):
    from wavjourney.voice_library import VoiceLibrary, VoiceLibraryError

    library = VoiceLibrary(tmp_path / "voices", max_voices=1)
    clip = tmp_path / "v.wav"
    rng = np.random.default_rng(0)
    sf.write(str(clip), 0.1 * rng.standard_normal((16_000 * 4, 1)).astype(np.float32), 16_000)
    library.add("one", clip)
    with pytest.raises(VoiceLibraryError, match="delete one first"):
        library.add("two", clip)
    tiny = VoiceLibrary(tmp_path / "tiny", max_bytes=1000)
    with pytest.raises(VoiceLibraryError, match="MB are allowed"):
        tiny.add("one", clip)


# 7. Destinations: never delete or overwrite the user's files ----------------------------
def test_render_into_a_folder_with_a_users_file_needs_force(tmp_path):
    script = write_json(tmp_path / "s.json", one_effect())
    out = tmp_path / "DIR"
    mine = out / "stems" / "my_recording.wav"
    mine.parent.mkdir(parents=True)
    mine.write_bytes(b"precious")
    result = run_cli("render", str(script), "--out", str(out))
    assert result.exit_code == 1
    assert "--force" in error_line(result)
    assert mine.read_bytes() == b"precious" and sorted(out.rglob("*")) == [mine.parent, mine]

    result = run_cli("render", str(script), "--out", str(out), "--force")
    assert result.exit_code == 0, result.output
    assert mine.read_bytes() == b"precious"
    assert (out / "mix.wav").is_file() and (out / "stems" / "fx.wav").is_file()


def test_rerender_replaces_only_its_own_files(studio, tmp_path):
    from wavjourney.destination import MANIFEST_FILE

    out = tmp_path / "out"
    studio.render({**one_effect("old")}, out)
    mine = out / "notes.txt"
    mine.write_text("mine")
    studio.render({**one_effect("new")}, out)
    assert (out / "stems" / "new.wav").is_file()
    assert not (out / "stems" / "old.wav").exists()  # ours, from the earlier render
    assert mine.read_text() == "mine"
    assert "notes.txt" not in json.loads((out / MANIFEST_FILE).read_text())["files"]
    # A re-render into our own bundle needs no --force.
    script = write_json(tmp_path / "s.json", one_effect("again"))
    assert run_cli("render", str(script), "--out", str(tmp_path / "cli")).exit_code == 0
    assert run_cli("render", str(script), "--out", str(tmp_path / "cli")).exit_code == 0


def test_output_file_rules(tmp_path):
    script = write_json(tmp_path / "s.json", one_effect())
    existing = tmp_path / "existing.wav"
    existing.write_bytes(b"keep")
    result = run_cli("render", str(script), "-o", str(existing))
    assert result.exit_code == 1 and "--force" in error_line(result)
    assert existing.read_bytes() == b"keep"
    assert run_cli("render", str(script), "-o", str(existing), "--force").exit_code == 0
    assert sf.info(str(existing)).frames > 0

    result = run_cli("render", str(script), "--out", str(tmp_path / "news.wav"))
    assert result.exit_code == 1 and "-o" in error_line(result)
    assert not (tmp_path / "news.wav").exists()


# 8. Killed renders leave nothing behind ---------------------------------------------------
def test_a_killed_render_leaves_no_partial_folder(studio, tmp_path):
    out = tmp_path / "out"
    code = ("import os, signal, sys\nsys.path.insert(0, sys.argv[2])\n"
            "try:\n    from wavjourney.destination import staging_dir\n"
            "except ImportError:\n    from wavjourney.render import _staging_dir as staging_dir\n"
            "s = staging_dir(sys.argv[1], None)\n(s / 'stems').mkdir()\n"
            "(s / 'stems' / 'big.wav').write_bytes(b'x' * 1000)\n"
            "os.kill(os.getpid(), signal.SIGKILL)\n")
    proc = subprocess.run([sys.executable, "-c", code, str(out),
                           str(Path(__file__).resolve().parent.parent)])
    assert proc.returncode == -signal.SIGKILL
    assert len(list(tmp_path.glob(".out.partial-*"))) == 1
    studio.render(one_effect(), out)
    assert not list(tmp_path.glob(".out.partial-*"))
    assert (out / "mix.wav").is_file()


def test_a_live_render_s_staging_is_not_swept(tmp_path):
    from wavjourney.destination import discard, staging_dir, sweep_stale

    live = staging_dir(tmp_path / "out", None)

    try:
        assert sweep_stale(tmp_path, "out") == []
        assert live.is_dir()
    finally:
        discard(live)


# 9. Cache and disk faults -----------------------------------------------------------------
def test_an_unwritable_cache_degrades_to_no_cache(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    studio = Studio(cache_dir=blocker / "cache", tool_preferences=dict(TEST_TOOLS))
    result = studio.render(one_effect(), tmp_path / "out")
    assert (tmp_path / "out" / "mix.wav").is_file()
    assert any("cache" in w and "cannot be written" in w for w in result.report["warnings"])


@pytest.mark.parametrize("damage", ["empty meta", "text rate", "zero rate", "3-D array",
                                    "list info", "truncated npy", "bool rate"])
def test_damaged_cache_entries_are_misses(tmp_path, damage):
    cache = ClipCache(tmp_path)
    assert cache.put("ab" + "0" * 62, GeneratedClip(np.zeros(100, np.float32), 16_000, {}))
    audio_path, meta_path = cache._paths("ab" + "0" * 62)
    meta = {"sample_rate_hz": 16_000, "info": {}}
    if damage == "empty meta":
        meta = {}
    elif damage == "text rate":
        meta["sample_rate_hz"] = "fast"
    elif damage == "zero rate":
        meta["sample_rate_hz"] = 0
    elif damage == "bool rate":
        meta["sample_rate_hz"] = True
    elif damage == "list info":
        meta["info"] = [1, 2]
    elif damage == "3-D array":
        np.save(audio_path, np.zeros((2, 2, 2), np.float32))
    elif damage == "truncated npy":
        audio_path.write_bytes(audio_path.read_bytes()[:40])
    meta_path.write_text(json.dumps(meta))
    assert cache.get("ab" + "0" * 62) is None


def test_publishing_races_with_another_process(tmp_path, monkeypatch):
    from wavjourney import render

    target = tmp_path / "out"
    staging = render._staging_dir(target, None) if hasattr(render, "_staging_dir") else \
        render.staging_dir(target, None)
    publish_dir = getattr(render, "_publish_dir", None) or render.publish_dir
    (staging / "mix.wav").write_bytes(b"new")
    real_rename = Path.rename

    def lose_the_race(self, destination):
        # Another process publishes its bundle to the same new folder first.
        Path(destination).mkdir()
        (Path(destination) / "report.json").write_text("{}")
        return real_rename(self, destination)

    monkeypatch.setattr(Path, "rename", lose_the_race)
    published = publish_dir(staging, target)
    assert (published / "mix.wav").read_bytes() == b"new"
    assert not staging.exists()


@pytest.mark.parametrize("destination", [("--out", "out"), ("-o", "out.flac")])
def test_a_full_output_disk_is_one_line(tmp_path, monkeypatch, destination):
    import errno

    import soundfile

    from wavjourney.audio_io import WavWriter

    def full_libsndfile(*args, **kwargs):  # FLAC, MP3, OGG go through libsndfile
        raise RuntimeError("Error : No space left on device")

    def full_disk(*args, **kwargs):  # a bundle's WAVs are written directly
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(soundfile.SoundFile, "write", full_libsndfile)
    monkeypatch.setattr(WavWriter, "_write_all", full_disk)
    script = write_json(tmp_path / "s.json", one_effect())
    flag, name = destination
    result = run_cli("render", str(script), flag, str(tmp_path / name))
    assert result.exit_code == 1 and "disk" in error_line(result)
    assert not list(tmp_path.glob(f".{name}.partial-*"))


# 10. Two renders of the same clip generate it once ----------------------------------------
class _SlowCountingSfx(NoiseSfxTool):
    calls = 0
    lock = threading.Lock()

    def generate(self, request):
        with self.lock:
            type(self).calls += 1
        time.sleep(0.3)
        return super().generate(request)


def test_concurrent_renders_generate_each_clip_once(tmp_path):
    _SlowCountingSfx.calls = 0
    script = {"elements": [{"type": "sound_effect", "id": f"fx{i}", "description": f"sound {i}",
                            "duration_s": 0.5} for i in range(3)]}

    def render(k: int) -> None:
        registry = Registry([ToneSpeechTool, ChordMusicTool, _SlowCountingSfx()],
                            entry_points=False)
        Studio(registry=registry, cache_dir=tmp_path / "cache").render(script)

    threads = [threading.Thread(target=render, args=(k,)) for k in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert _SlowCountingSfx.calls == 3


# 11. Bad input is a one-line error --------------------------------------------------------
def test_non_utf8_script_file(tmp_path):
    path = tmp_path / "s.json"
    path.write_bytes(b'{"title": "\xff\xfe caf\xe9", "elements": []}')
    result = run_cli("render", str(path), "--out", str(tmp_path / "out"))
    assert result.exit_code == 1 and "UTF-8" in error_line(result)


@pytest.mark.parametrize("text", [
    '{"seed": ' + "9" * 4400 + ', "elements": []}',
    '{"elements": [{"type": "music", "description": ' + "[" * 1000 + "]" * 1000 + "}]}",
    '{"title": ' + '{"a": ' * 1000 + "1" + "}" * 1000 + ', "elements": []}',
    '{"elements": ' + "[" * 100_000 + "]" * 100_000 + "}",
], ids=["4400 digits", "1000-deep list", "1000-deep object", "100000-deep list"])
def test_pathological_json_is_one_line(text):
    with pytest.raises(ScriptError) as info:
        parse_script(text)
    assert "\n" not in str(info.value) and len(str(info.value)) < 400


def test_huge_numbers_in_fields():
    with pytest.raises(ScriptError, match="out of range"):
        parse_script(one_effect(seed=10**300))
    with pytest.raises(ScriptError):
        parse_script({**one_effect(), "seed": -1})


def test_wrong_types_in_the_legacy_format():
    with pytest.raises(ScriptError, match="character must be text"):
        parse_script([{"audio_type": "speech", "layout": "foreground", "character": ["A"],
                       "text": "Hi."}])


def test_a_surrogate_fails_before_the_render(studio, tmp_path):
    with pytest.raises(ScriptError, match="surrogate"):
        studio.render({**one_effect(), "title": "caf\ud800"}, tmp_path / "out")
    assert not (tmp_path / "out").exists()


# 12. No algorithmic blow-ups --------------------------------------------------------------
def test_many_characters_parse_in_linear_time():
    characters = [{"name": f"c{i}"} for i in range(30_000)]
    started = time.perf_counter()
    parse_script({"characters": characters, "elements": [
        {"type": "speech", "character": "c0", "text": "Hi."}]})
    assert time.perf_counter() - started < 5.0


def test_casting_many_characters_is_fast():
    from wavjourney.planner.casting import cast
    from wavjourney.tools.offline.speech import EspeakSpeechTool

    script = parse_script({"characters": [{"name": f"c{i}", "description": "old man"}
                                          for i in range(400)],
                           "elements": [{"type": "speech", "character": "c0", "text": "Hi."}]})
    started = time.perf_counter()
    cast(script, EspeakSpeechTool().voices())  # 400 characters, 17 presets: 61 s before
    assert time.perf_counter() - started < 5.0


def test_error_messages_are_bounded():
    foreground = [{"type": "sound_effect", "id": f"f{i}", "description": "x", "duration_s": 1}
                  for i in range(900)]
    background = [{"type": "music", "layer": "background", "description": "x",
                   "start_at": f"nope{i}", "end_at": f"nope{i}"} for i in range(900)]
    with pytest.raises(ScriptError) as info:
        parse_script({"elements": foreground + background})
    assert len(info.value.issues) == 1800
    assert len(str(info.value)) < 5000


def test_the_repair_prompt_is_bounded():
    pytest.importorskip("langchain_core")
    from fakes import FakeChatModel

    from wavjourney.planner import plan_script

    foreground = [{"type": "sound_effect", "id": f"f{i}", "description": "x", "duration_s": 1}
                  for i in range(300)]
    background = [{"type": "music", "layer": "background", "description": "x",
                   "start_at": f"nope{i}", "end_at": f"nope{i}"} for i in range(300)]
    bad = {"elements": foreground + background}
    model = FakeChatModel(replies=[bad, bad])
    with pytest.raises(PlanningError) as info:
        plan_script("a scene", llm=model, max_attempts=2, voices=[],
                    registry=Registry([ToneSpeechTool], entry_points=False))
    repair = model.requests[1][-1].content
    assert len(repair) < 10_000 and "more issue" in repair
    assert len(str(info.value)) < 10_000


# 13. Bounded work ---------------------------------------------------------------------------
def test_ssml_breaks_are_bounded_before_work():
    # The reproducer: 1,000 one-minute breaks (here over 20 lines, each under the line limit).
    text = "<speak>" + 'Hi <break time="60s"/>' * 50 + "</speak>"
    started = time.perf_counter()
    with pytest.raises(ScriptError, match="SSML"):
        parse_script({"characters": [{"name": "A"}], "elements": [
            {"type": "speech", "character": "A", "text": text} for _ in range(20)]})
    assert time.perf_counter() - started < 2.0


def test_total_duration_and_element_count_are_bounded():
    from wavjourney.script.limits import Limits

    long = {"elements": [{"type": "sound_effect", "description": "x", "duration_s": 7200}
                         for _ in range(5)]}
    with pytest.raises(ScriptError, match="minutes"):
        parse_script(long)
    parse_script(long, limits=Limits(max_total_duration_s=11 * 3600))  # configurable
    many = {"elements": [{"type": "sound_effect", "description": "x", "duration_s": 1}
                         for _ in range(5000)]}
    with pytest.raises(ScriptError, match="5000 elements"):
        parse_script(many)
    with pytest.raises(ScriptError, match="characters"):
        parse_script({"characters": [{"name": "A"}], "elements": [
            {"type": "speech", "character": "A", "text": "word " * 2000}]})


def test_studio_limits_are_checked_before_rendering(tmp_path):
    from wavjourney.script.limits import Limits

    studio = Studio(cache_dir=tmp_path / "c", tool_preferences=dict(TEST_TOOLS))
    studio.limits = Limits(max_total_duration_s=0.5)
    with pytest.raises(ScriptError, match="minutes"):
        studio.render(one_effect(), tmp_path / "out")
    assert not (tmp_path / "out").exists()


class _TricklingServer:
    """Sends response headers, then one byte at a time, forever (or a huge body at once)."""

    def __init__(self, mode: str):
        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802
                self.rfile.read(int(self.headers.get("Content-Length", 0)))
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                try:
                    while True:
                        if mode == "trickle":
                            self.wfile.write(b" ")
                            self.wfile.flush()
                            time.sleep(0.05)
                        else:
                            self.wfile.write(b" " * 65536)
                except OSError:
                    pass

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        host, port = self.server.server_address[:2]
        self.base_url = f"http://{host}:{port}/v1"

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.mark.parametrize("mode", ["trickle", "endless"])
def test_model_calls_have_a_deadline_and_a_reply_cap(mode):
    pytest.importorskip("langchain_openai")
    from wavjourney.planner import plan_script
    from wavjourney.planner.llm import resolve_llm

    server = _TricklingServer(mode)
    try:
        llm = resolve_llm("openai:gpt-4o-mini", base_url=server.base_url, deadline_s=1.5,
                          max_reply_bytes=1_000_000)
        started = time.perf_counter()
        with pytest.raises(PlanningError, match="model call failed"):
            plan_script("a scene", llm=llm, max_attempts=1)
        assert time.perf_counter() - started < 10.0
    finally:
        server.close()


# 14. Dollar signs in titles --------------------------------------------------------------
def test_mathtext_in_titles_and_labels_is_literal():
    pytest.importorskip("matplotlib")
    from wavjourney.ui.timeline_plot import draw_timeline

    timeline = [{"id": "a", "type": "speech", "layer": "foreground", "start_s": 0.0,
                 "end_s": 4.0, "character": "A", "text": r"Costs $\notacommand$ now"}]
    png = draw_timeline(timeline, title=r"Price $\notacommand$ today")
    assert png[:4] == b"\x89PNG"


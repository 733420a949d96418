"""Rendering: bundle contents, timing, levels, determinism, caching, failures."""

from __future__ import annotations

import json
import threading

import numpy as np
import pytest
import soundfile as sf
import torch

from tests.conftest import TEST_TOOLS
from wavjourney import Studio
from wavjourney.destination import MANIFEST_FILE
from wavjourney.dsp.limiter import true_peak_db
from wavjourney.dsp.loudness import integrated_loudness
from wavjourney.engine.ops import MASTER_INDEX
from wavjourney.exceptions import RenderCancelled, ScriptError, ToolError
from wavjourney.tools.base import GeneratedClip, Tool, ToolInfo
from wavjourney.tools.registry import Registry
from wavjourney.tools.testing import ChordMusicTool, NoiseSfxTool, ToneSpeechTool

BUNDLE = {"mix.wav", "timeline.json", "captions.srt", "script.json", "program.py",
          "report.json", "stems"}


def elements_by_id(bundle):
    timeline = json.loads((bundle / "timeline.json").read_text())
    return {e["id"]: e for e in timeline["elements"]}, timeline


def test_bundle_has_every_file(studio, dialogue_script, tmp_path):
    result = studio.render(dialogue_script, tmp_path / "out")
    assert {p.name for p in (tmp_path / "out").iterdir()} == BUNDLE | {MANIFEST_FILE,
                                                                           MASTER_INDEX}
    assert {p.name for p in result.files if p.parent == result.bundle_dir} == BUNDLE - {"stems"}
    stems = {p.stem for p in (tmp_path / "out" / "stems").iterdir()}
    assert stems == {e["id"] for e in dialogue_script["elements"]}
    report = json.loads((tmp_path / "out" / "report.json").read_text())
    assert report["audio_s"] == pytest.approx(result.duration_s, abs=1e-3)
    assert report["realtime_factor"] > 0 and "generate" in report["stages_s"]
    assert "graph = OpGraph(" in (tmp_path / "out" / "program.py").read_text()


def test_timeline_timing(studio, dialogue_script, tmp_path):
    studio.render(dialogue_script, tmp_path / "out")
    els, timeline = elements_by_id(tmp_path / "out")
    fg = [els[i] for i in ("a1", "knock", "b1", "a2")]
    gaps = [0.0, 0.5, -0.2, 0.0]
    assert fg[0]["start_s"] == 0.0
    for previous, current, gap in zip(fg, fg[1:], gaps[1:]):
        assert current["start_s"] == pytest.approx(previous["end_s"] + gap, abs=1 / 44_100)
    for background, first, last in (("bed", "a1", "b1"), ("rain", "b1", "a2")):
        assert els[background]["start_s"] == els[first]["start_s"]
        assert els[background]["end_s"] == els[last]["end_s"]
    assert timeline["duration_s"] == pytest.approx(els["a2"]["end_s"], abs=1e-6)
    assert els["knock"]["end_s"] - els["knock"]["start_s"] == pytest.approx(1.5, abs=1e-4)


def test_stems_meet_their_loudness_targets_and_mix_respects_ceiling(studio, dialogue_script,
                                                                     tmp_path):
    studio.render(dialogue_script, tmp_path / "out")
    els, _ = elements_by_id(tmp_path / "out")
    for element_id, entry in els.items():
        audio, sr = sf.read(tmp_path / "out" / "stems" / f"{element_id}.wav", always_2d=True)
        if len(audio) >= sr:
            measured = integrated_loudness(torch.tensor(audio.T, dtype=torch.float32), sr)
            assert measured == pytest.approx(entry["target_lufs"], abs=1.0), element_id
            assert entry["measured_lufs"] == pytest.approx(measured, abs=0.05)
    mix, sr = sf.read(tmp_path / "out" / "mix.wav", always_2d=True)
    assert true_peak_db(torch.tensor(mix.T, dtype=torch.float32)) <= -1.0
    assert sf.info(str(tmp_path / "out" / "mix.wav")).subtype == "PCM_24"


def test_loud_mix_is_limited(studio, dialogue_script, tmp_path):
    for element in dialogue_script["elements"]:
        element["target_lufs"] = -3.0
    result = studio.render(dialogue_script, tmp_path / "out")
    assert true_peak_db(torch.tensor(result.mix)) <= -1.0
    assert result.report["true_peak_dbtp"] <= -1.0


def test_same_script_gives_identical_bytes(tmp_path, dialogue_script):
    paths = []
    for run in range(2):  # separate caches: both renders generate from scratch
        studio = Studio(cache_dir=tmp_path / f"cache{run}", tool_preferences=dict(TEST_TOOLS),
                        max_workers=1 + 3 * run)
        paths.append(studio.render(dialogue_script, tmp_path / f"out{run}").mix_path)
    assert paths[0].read_bytes() == paths[1].read_bytes()


def test_one_changed_line_regenerates_one_clip(studio, dialogue_script, tmp_path):
    first = studio.render(dialogue_script, tmp_path / "out")
    assert first.generated_count == len(dialogue_script["elements"])
    dialogue_script["elements"][2]["text"] = "Fine thanks, and you? It has been a long week."
    second = studio.render(dialogue_script, tmp_path / "out")
    assert second.generated_count == 1
    els, _ = elements_by_id(tmp_path / "out")
    assert [i for i, e in els.items() if not e["cached"]] == ["b1"]
    assert els["a2"]["start_s"] > first.timeline[3]["start_s"]  # later lines moved


def test_captions_have_exact_times(studio, dialogue_script, tmp_path):
    studio.render(dialogue_script, tmp_path / "out")
    els, _ = elements_by_id(tmp_path / "out")
    srt = (tmp_path / "out" / "captions.srt").read_text().split("\n\n")
    assert len([block for block in srt if block.strip()]) == 3
    first = srt[0].splitlines()
    end_ms = round(els["a1"]["end_s"] * 1000)
    assert first[1] == f"00:00:00,000 --> 00:00:{end_ms // 1000:02d},{end_ms % 1000:03d}"
    assert first[2] == "Ann: Hello there, how are you today?"


def test_music_is_ducked_under_speech(tmp_path):
    script = {"characters": [{"name": "A"}], "elements": [
        {"type": "sound_effect", "id": "pause", "description": "room", "duration_s": 3.0,
         "target_lufs": -70},
        {"type": "speech", "id": "talk", "character": "A", "text": "word " * 12},
        {"type": "music", "id": "bed", "layer": "background", "description": "drone",
         "start_at": "pause", "end_at": "talk"}]}
    studio = Studio(cache_dir=tmp_path / "c", tool_preferences=dict(TEST_TOOLS))
    result = studio.render(script, tmp_path / "out")
    bed, sr = sf.read(tmp_path / "out" / "stems" / "bed.wav", always_2d=True)
    talk, _ = sf.read(tmp_path / "out" / "stems" / "talk.wav", always_2d=True)
    bed, talk = bed.T, talk.T
    # Before the speech the bed plays at full level (the -70 LUFS effect is inaudible) ...
    assert np.allclose(result.mix[:, sr:2 * sr], bed[:, sr:2 * sr], atol=2e-3)
    # ... and while it speaks, the mix minus the speech is the bed 8 dB down.
    start = int(3.0 * sr)
    inside = slice(start + sr // 2, start + talk.shape[1] - sr // 2)
    ducked = result.mix[:, inside] - talk[:, sr // 2: talk.shape[1] - sr // 2]
    assert np.allclose(ducked, bed[:, inside] * 10 ** (-8 / 20), atol=2e-3)
    assert not np.allclose(ducked, bed[:, inside], atol=2e-3)
    assert {e["id"]: e for e in result.timeline}["bed"]["duck_db"] == 8.0


def test_mono_output(studio, dialogue_script, tmp_path):
    dialogue_script["channels"] = 1
    result = studio.render(dialogue_script, tmp_path / "out")
    assert result.mix.shape[0] == 1
    assert sf.info(str(tmp_path / "out" / "mix.wav")).channels == 1


@pytest.mark.parametrize("suffix", [".wav", ".flac", ".mp3"])
def test_single_file_output(studio, dialogue_script, tmp_path, suffix):
    target = tmp_path / f"piece{suffix}"
    result = studio.render(dialogue_script, out_file=target)
    assert [p.name for p in tmp_path.iterdir() if p.name != "cache"] == [target.name]
    info = sf.info(str(target))
    assert info.duration == pytest.approx(result.duration_s, abs=0.1)


class FlakyTool(Tool):
    """Fails the first `failures` calls, then behaves like the test sound-effect tool."""

    info = ToolInfo(name="flaky-sfx", version="1", kind="sound_effect", description="flaky",
                    quality=0)

    def __init__(self, failures: int, retryable: bool = True):
        super().__init__()
        self.failures = failures
        self.retryable = retryable
        self.calls = 0
        self._lock = threading.Lock()

    def generate(self, request) -> GeneratedClip:
        with self._lock:
            self.calls += 1
            if self.calls <= self.failures:
                if self.retryable:
                    raise ToolError("backend hiccup", tool="flaky-sfx", retryable=True)
                raise RuntimeError("bad request")
        return NoiseSfxTool().generate(request)


def flaky_studio(tmp_path, failures, retryable=True):
    tool = FlakyTool(failures, retryable)
    registry = Registry([ToneSpeechTool, ChordMusicTool, tool], entry_points=False)
    studio = Studio(cache_dir=tmp_path / "cache", registry=registry,
                    tool_preferences={"sound_effect": "flaky-sfx"}, max_workers=1)
    return studio, tool


def test_a_retryable_failure_is_retried_once(tmp_path, dialogue_script):
    studio, tool = flaky_studio(tmp_path, failures=1)
    studio.render(dialogue_script, tmp_path / "out")
    assert tool.calls == 3  # two sound effects, one of them retried


def test_a_failure_not_marked_retryable_is_not_retried(tmp_path, dialogue_script):
    studio, tool = flaky_studio(tmp_path, failures=1, retryable=False)
    with pytest.raises(ToolError, match="RuntimeError: bad request"):
        studio.render(dialogue_script, tmp_path / "out")
    assert tool.calls == 2  # each sound effect once; the failed one was not repeated


def test_a_broken_tool_names_the_element_and_keeps_finished_clips(tmp_path, dialogue_script):
    studio, tool = flaky_studio(tmp_path, failures=100)
    with pytest.raises(ToolError) as info:
        studio.render(dialogue_script, tmp_path / "out")
    assert "tool 'flaky-sfx' failed" in str(info.value)
    assert info.value.element in ("knock", "rain")
    assert not (tmp_path / "out").exists()
    assert not [p for p in tmp_path.iterdir() if "partial" in p.name]
    # The clips that did finish are cached: a fixed tool resumes without redoing them.
    fixed = Studio(cache_dir=tmp_path / "cache", tool_preferences=dict(TEST_TOOLS))
    assert fixed.render(dialogue_script, tmp_path / "out").report["cached_clips"] >= 2


def test_cancel_stops_the_render(studio, dialogue_script, tmp_path):
    cancel = threading.Event()

    def on_event(event):
        if event.kind == "finished" and event.op == "generate":
            cancel.set()

    with pytest.raises(RenderCancelled):
        studio.render(dialogue_script, tmp_path / "out", progress=on_event, cancel=cancel)
    assert not (tmp_path / "out").exists()


def test_progress_reports_every_node(studio, dialogue_script):
    events = []
    studio.render(dialogue_script, progress=events.append)
    finished = [e for e in events if e.kind == "finished"]
    assert len(finished) == finished[-1].total
    assert {e.element_id for e in finished if e.op == "generate"} == {
        e["id"] for e in dialogue_script["elements"]}


def test_overlap_longer_than_previous_element_is_an_error(studio, tmp_path):
    script = {"characters": [{"name": "A"}], "elements": [
        {"type": "speech", "id": "one", "character": "A", "text": "Hi."},
        {"type": "speech", "id": "two", "character": "A", "text": "Hi again.", "gap_s": -30}]}
    with pytest.raises(ScriptError, match="id 'two', field 'gap_s': overlaps more than"):
        studio.render(script, tmp_path / "out")


def test_unknown_tool_is_an_error_before_anything_runs(studio, dialogue_script, tmp_path):
    dialogue_script["elements"][0]["tool"] = "no-such-tool"
    with pytest.raises(ScriptError, match="element 0, id 'a1', field 'tool': unknown tool "
                                          "'no-such-tool'; known tools:"):
        studio.render(dialogue_script, tmp_path / "out")


def test_program_view_rebuilds_the_same_graph(studio, dialogue_script):
    from wavjourney.compiler import graph_to_program

    compilation = studio.compile(dialogue_script)
    source = graph_to_program(compilation.graph, "t")
    namespace: dict = {"__name__": "view"}  # a test may run the view; the pipeline never does
    exec(compile(source, "program.py", "exec"), namespace)
    assert namespace["graph"] == compilation.graph


def test_run_graph_renders_what_program_py_describes(studio, dialogue_script, tmp_path):
    compilation = studio.compile(dialogue_script)
    out = studio.run_graph(compilation.graph, tmp_path / "from-program")
    reference = studio.render(dialogue_script, tmp_path / "bundle")
    assert (out / "mix.wav").read_bytes() == reference.mix_path.read_bytes()


def test_a_second_render_takes_every_stem_from_the_engines_memo(tmp_path, dialogue_script):
    studio = Studio(cache_dir=tmp_path / "c", tool_preferences=dict(TEST_TOOLS))
    first = studio.render(dialogue_script)
    hits_before = studio.engine.memo.hits
    again = studio.render(dialogue_script)
    # Every element's levelled stem came from the memo; the clips from the disk cache.
    assert studio.engine.memo.hits - hits_before == len(dialogue_script["elements"])
    assert again.generated_count == 0
    assert np.array_equal(first.mix, again.mix)

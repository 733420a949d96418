"""Engine v2: batching, memory budgets, resolution, cloning, determinism, picklable tasks."""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
import threading
from pathlib import Path

import numpy as np
import pytest
from conftest import EXAMPLES, TEST_TOOLS

from wavjourney import Studio
from wavjourney.compiler.graph import Generate, Loudness
from wavjourney.engine.executor import ProcessExecutor
from wavjourney.engine.generate import GenerateTask
from wavjourney.exceptions import ConfigError, RenderCancelled, ScriptError, ToolError
from wavjourney.tools.base import (
    NO_CONTROL,
    GeneratedClip,
    Tool,
    ToolInfo,
    VoiceContext,
    VoicePreset,
)
from wavjourney.tools.registry import Registry
from wavjourney.tools.testing import (
    ChordMusicTool,
    NoiseSfxTool,
    ToneSpeechTool,
    stable_seed,
)
from wavjourney.voice_library import VoiceLibrary

GIB = 1024**3


def test_registry(*tools) -> Registry:
    return Registry([ToneSpeechTool, ChordMusicTool, NoiseSfxTool, *tools], entry_points=False)


test_registry.__test__ = False  # a helper, not a test


def effects_script(n: int, **element) -> dict:
    return {"elements": [{"type": "sound_effect", "id": f"fx{i}", "description": f"sound {i}",
                          "duration_s": 1.0, **element} for i in range(n)]}


# Determinism ---------------------------------------------------------------------------------
def _render_in_subprocess(tmp_path: Path, name: str, hash_seed: str) -> Path:
    out = tmp_path / name
    env = {**os.environ, "PYTHONHASHSEED": hash_seed,
           "WAVJOURNEY_CACHE_DIR": str(tmp_path / f"cache-{name}")}
    subprocess.run([sys.executable, "-c", "from wavjourney.cli import main; main()", "render",
                    str(EXAMPLES / "radio_drama.json"), "--out", str(out)],
                   check=True, env=env, capture_output=True, timeout=600)
    return out


def test_two_processes_with_different_hash_seeds_give_identical_bytes(tmp_path):
    first = _render_in_subprocess(tmp_path, "one", "1")
    second = _render_in_subprocess(tmp_path, "two", "2")
    assert (first / "mix.wav").read_bytes() == (second / "mix.wav").read_bytes()
    stems = sorted(p.name for p in (first / "stems").iterdir())
    assert stems and stems == sorted(p.name for p in (second / "stems").iterdir())
    for name in stems:
        assert (first / "stems" / name).read_bytes() == (second / "stems" / name).read_bytes()


class RandomNoiseTool(Tool):
    """Fresh random noise on every call: a nondeterministic generator."""

    info = ToolInfo(name="random-sfx", version="1", kind="sound_effect",
                    description="random noise", quality=0)

    def generate(self, request):
        rng = np.random.default_rng()  # unseeded on purpose
        return GeneratedClip(0.1 * rng.standard_normal(16_000).astype(np.float32), 16_000)


def test_a_nondeterministic_tool_gives_different_mixes(tmp_path, dialogue_script):
    studio = Studio(registry=test_registry(RandomNoiseTool), cache_dir=tmp_path / "a",
                    tool_preferences={**TEST_TOOLS, "sound_effect": "random-sfx"})
    first = studio.render(dialogue_script).mix
    # Same engine and memo, a fresh cache: the tool runs again and makes other noise, which
    # must reach the mix (a memo keyed by the request would mix the first render's stems).
    studio.engine.cache_dir = tmp_path / "b"
    second = studio.render(dialogue_script)
    assert second.generated_count == len(dialogue_script["elements"])
    assert not np.array_equal(first, second.mix)


# Batching ------------------------------------------------------------------------------------
class BatchSfxTool(Tool):
    """Records the size of every batch it is given."""

    info = ToolInfo(name="batch-sfx", version="1", kind="sound_effect", description="batched",
                    quality=0, max_batch_size=4, max_concurrency=1)
    batches: list[int] = []

    def generate_batch(self, requests, control=NO_CONTROL):
        type(self).batches.append(len(requests))
        return [NoiseSfxTool().generate(r) for r in requests]


def test_generate_nodes_of_a_tool_are_batched(tmp_path):
    BatchSfxTool.batches = []
    studio = Studio(registry=test_registry(BatchSfxTool), cache_dir=tmp_path / "c",
                    tool_preferences={"sound_effect": "batch-sfx"})
    result = studio.render(effects_script(6), tmp_path / "out")
    assert sorted(BatchSfxTool.batches, reverse=True) == [4, 2]
    report = json.loads((tmp_path / "out" / "report.json").read_text())
    assert report["tools"]["batch-sfx"]["batch_sizes"] == [4, 2]
    assert report["tools"]["batch-sfx"]["calls"] == 2
    # Cached clips are not generated again: a second render calls the tool not at all.
    studio.render(effects_script(6))
    assert len(BatchSfxTool.batches) == 2
    assert result.generated_count == 6


# Memory budget -------------------------------------------------------------------------------
class _GpuTool(Tool):
    """A fake model that counts loads and closes and how many are loaded at once."""

    loaded: set[str] = set()
    most_at_once = 0
    loads = 0
    closes = 0
    lock = threading.Lock()

    def load(self, device="cpu"):
        super().load(device)
        with _GpuTool.lock:
            _GpuTool.loads += 1
            _GpuTool.loaded.add(self.info.name)
            _GpuTool.most_at_once = max(_GpuTool.most_at_once, len(_GpuTool.loaded))

    def close(self):
        with _GpuTool.lock:
            _GpuTool.closes += 1
            _GpuTool.loaded.discard(self.info.name)
        super().close()

    def generate(self, request):
        assert self.device is not None, "generate called on a model that is not loaded"
        return ChordMusicTool().generate(request) if request.kind == "music" else \
            NoiseSfxTool().generate(request)


class BigMusicTool(_GpuTool):
    info = ToolInfo(name="big-music", version="1", kind="music", description="big",
                    quality=90, memory_bytes=6 * GIB, devices=("cuda", "cpu"))


class BigSfxTool(_GpuTool):
    info = ToolInfo(name="big-sfx", version="1", kind="sound_effect", description="big",
                    quality=90, memory_bytes=6 * GIB, devices=("cuda", "cpu"))


@pytest.mark.parametrize(("budget_gib", "most"), [(10, 1), (20, 2)])
def test_models_that_do_not_fit_together_are_never_loaded_at_once(tmp_path, dialogue_script,
                                                                  budget_gib, most):
    _GpuTool.loaded, _GpuTool.most_at_once, _GpuTool.loads, _GpuTool.closes = set(), 0, 0, 0
    dialogue_script["elements"].append({"type": "music", "id": "sting", "description": "sting",
                                        "duration_s": 1.0})
    studio = Studio(registry=test_registry(BigMusicTool, BigSfxTool), cache_dir=tmp_path / "c",
                    memory_budgets={"cpu": budget_gib * GIB}, device="cpu", max_workers=4)
    result = studio.render(dialogue_script)
    assert {e["tool"] for e in result.timeline if e["type"] != "speech"} == {"big-music",
                                                                               "big-sfx"}
    assert _GpuTool.most_at_once == most
    if most == 1:
        assert _GpuTool.closes >= 1  # one was unloaded to make room for the other
    studio.close()
    assert _GpuTool.loaded == set()


# Registry and resolution ---------------------------------------------------------------------
def test_infos_of_one_kind_builds_no_tool_of_another_kind():
    built = []

    def spy(cls):
        class Spy(cls):
            def __init__(self, **options):
                built.append(self.info.kind)
                super().__init__(**options)
        Spy.info = cls.info
        return Spy

    registry = Registry([spy(ToneSpeechTool), spy(ChordMusicTool), spy(NoiseSfxTool)],
                        entry_points=False)
    assert [i.name for i in registry.infos("speech", available_only=True)] == ["test-tone-speech"]
    assert [i.name for i in registry.infos()] and built == ["speech"]


class FrenchSpeechTool(ToneSpeechTool):
    info = ToolInfo(name="french-speech", version="1", kind="speech", description="French",
                    quality=5, languages=("fr",))
    VOICES = (VoicePreset("amelie", "A French woman.", gender="female", language="fr"),
              VoicePreset("marcel", "A French man.", gender="male", language="fr"))

    def voices(self, context=None):
        return list(self.VOICES)

    def generate(self, request):
        assert request.language == "fr" and request.voice in {"amelie", "marcel"}
        return super().generate(request.__class__(**{**request.__dict__, "voice": "tone-mid"}))


class EnglishSpeechTool(ToneSpeechTool):
    info = ToolInfo(name="english-speech", version="1", kind="speech", description="English",
                    quality=50, languages=("en",))


def test_a_french_plan_is_spoken_and_cast_by_the_french_tool(tmp_path):
    studio = Studio(registry=Registry([EnglishSpeechTool, FrenchSpeechTool, ChordMusicTool,
                                       NoiseSfxTool], entry_points=False),
                    cache_dir=tmp_path / "c")
    script = studio.cast(studio.load({
        "language": "fr", "characters": [{"name": "Claire", "description": "une femme"},
                                         {"name": "Paul", "description": "un homme"}],
        "elements": [{"type": "speech", "character": "Claire", "text": "Bonjour, Paul."},
                     {"type": "speech", "character": "Paul", "text": "Bonjour, Claire."}]}))
    assert sorted(c.voice for c in script.characters) == ["amelie", "marcel"]
    result = studio.render(script)
    assert {e["tool"] for e in result.timeline if e["type"] == "speech"} == {"french-speech"}
    assert studio.speech_tool("fr") == "french-speech" and studio.speech_tool() == "english-speech"


# Voice cloning -------------------------------------------------------------------------------
class CloningTool(ToneSpeechTool):
    """Offers the voice library's recordings and records what it was asked to clone."""

    info = ToolInfo(name="clone-speech", version="1", kind="speech", description="clones",
                    quality=0, capabilities=frozenset({"voice_clone"}))
    samples: list[str] = []

    def voices(self, context=None):
        custom = list(context.custom_voices) if context else []
        return super().voices(context) + custom

    def generate(self, request):
        if request.voice_sample is not None:
            CloningTool.samples.append(Path(request.voice_sample.path).read_bytes()[-64:].hex())
            request = request.__class__(**{**request.__dict__, "voice": "tone-low",
                                           "voice_sample": None})
        return super().generate(request)


def _recording(path: Path, hz: float) -> Path:
    import soundfile as sf

    t = np.arange(4 * 16_000) / 16_000
    sf.write(path, 0.3 * np.sin(2 * np.pi * hz * t), 16_000)
    return path


def test_a_custom_voice_reaches_a_cloning_tool_as_its_recording(tmp_path):
    CloningTool.samples = []
    library = VoiceLibrary(tmp_path / "voices")
    library.add("grandpa", _recording(tmp_path / "a.wav", 150.0))
    studio = Studio(registry=test_registry(CloningTool), cache_dir=tmp_path / "c",
                    voice_library=library, tool_preferences=dict(TEST_TOOLS))
    script = {"characters": [{"name": "Joe", "voice": "custom:grandpa"}],
              "elements": [{"type": "speech", "character": "Joe", "text": "Back in my day."}]}
    first = studio.render(script)
    assert first.timeline[0]["tool"] == "clone-speech"  # cloning needed: the preference yields
    assert len(CloningTool.samples) == 1
    assert studio.render(script).generated_count == 0
    # A new recording under the same name regenerates the line.
    library.delete("grandpa")
    library.add("grandpa", _recording(tmp_path / "b.wav", 220.0))
    assert studio.render(script).generated_count == 1
    assert len(CloningTool.samples) == 2 and CloningTool.samples[0] != CloningTool.samples[1]


def test_a_custom_voice_without_a_cloning_tool_is_a_clear_error(tmp_path, studio):
    script = {"characters": [{"name": "Joe", "voice": "custom:nobody"}],
              "elements": [{"type": "speech", "character": "Joe", "text": "Hi."}]}
    with pytest.raises(ScriptError, match="test-tone-speech.*cannot voice_clone"):
        studio.render(script)


# Distribution --------------------------------------------------------------------------------
def test_node_tasks_and_their_inputs_pickle(studio, dialogue_script):
    from wavjourney.engine.generate import run_generate
    from wavjourney.engine.ops import EngineSettings, evaluate

    graph = studio.compile(dialogue_script).graph
    settings = EngineSettings(graph.sample_rate_hz, cache_dir=str(studio.cache_dir))
    gen = next(n for n in graph.nodes if isinstance(n, Generate))
    task = GenerateTask(studio.registry.spec(gen.tool), (gen,), settings, "cpu", "pool")
    rebuilt = pickle.loads(pickle.dumps(task))
    (clip,) = pickle.loads(pickle.dumps(run_generate))(rebuilt)
    level = next(n for n in graph.nodes
                 if isinstance(n, Loudness) and n.element_id == gen.element_id)
    fit = graph[level.source]
    fitted = evaluate(fit, {fit.source: clip.output}, settings)
    payload = pickle.dumps((evaluate, level, {level.source: fitted.output}, settings))
    fn, op, inputs, same = pickle.loads(payload)
    levelled = fn(op, inputs, same)
    assert levelled.facts.records[gen.element_id]["measured_lufs"] is not None


def test_a_process_pool_renders_the_same_bytes_as_threads(tmp_path, dialogue_script):
    local = Studio(cache_dir=tmp_path / "c1", tool_preferences=dict(TEST_TOOLS))
    reference = local.render(dialogue_script, tmp_path / "threads")
    with ProcessExecutor(max_workers=2) as executor:
        remote = Studio(cache_dir=tmp_path / "c2", tool_preferences=dict(TEST_TOOLS),
                        executor=executor)
        result = remote.render(dialogue_script, tmp_path / "processes")
    assert result.generated_count == len(dialogue_script["elements"])
    assert (tmp_path / "processes" / "mix.wav").read_bytes() == reference.mix_path.read_bytes()


# Tools see progress, cancellation and options ------------------------------------------------
class SlowTool(Tool):
    """Makes its batch clip by clip, reporting progress and checking for cancellation; after
    its first clip it cancels the render itself (standing in for a user)."""

    info = ToolInfo(name="slow-sfx", version="1", kind="sound_effect", description="slow",
                    quality=0, max_batch_size=8, max_concurrency=1)
    options_schema = {"loudness": "gain of the noise"}
    cancel: threading.Event | None = None
    made = 0

    def generate_batch(self, requests, control=NO_CONTROL):
        clips = []
        for index, request in enumerate(requests):
            control.check()
            clip = NoiseSfxTool().generate(request)
            clip.audio *= self.options.get("loudness", 1.0)
            clips.append(clip)
            SlowTool.made += 1
            control.report((index + 1) / len(requests), "noise")
            if SlowTool.cancel is not None:
                SlowTool.cancel.set()
        return clips


def test_progress_and_cancellation_reach_the_tool(tmp_path):
    SlowTool.cancel, SlowTool.made = threading.Event(), 0
    studio = Studio(registry=test_registry(SlowTool), cache_dir=tmp_path / "c",
                    tool_preferences={"sound_effect": "slow-sfx"})
    events = []
    with pytest.raises(RenderCancelled):
        studio.render(effects_script(4), progress=events.append, cancel=SlowTool.cancel)
    assert SlowTool.made == 1  # the tool stopped before its second clip
    progress = [e for e in events if e.kind == "progress"]
    assert [(e.fraction, e.message) for e in progress] == [(0.25, "noise")]
    SlowTool.cancel = None


def test_tool_options_reach_the_tool_and_its_cache_key(tmp_path):
    script = effects_script(1)
    quiet = Studio(registry=test_registry(SlowTool), cache_dir=tmp_path / "c",
                   tool_preferences={"sound_effect": "slow-sfx"},
                   tool_options={"slow-sfx": {"loudness": 0.1}})
    loud = Studio(registry=test_registry(SlowTool), cache_dir=tmp_path / "c",
                  tool_preferences={"sound_effect": "slow-sfx"},
                  tool_options={"slow-sfx": {"loudness": 1.0}})
    assert quiet.render(script).generated_count == 1
    assert loud.render(script).generated_count == 1  # another option: another clip
    with pytest.raises(ConfigError, match="unknown option.*loudnes.*options: loudness"):
        Studio(registry=test_registry(SlowTool), tool_options={"slow-sfx": {"loudnes": 1}},
               tool_preferences={"sound_effect": "slow-sfx"}).render(script)


# Fallback chains ------------------------------------------------------------------------------
class BrokenSfxTool(Tool):
    info = ToolInfo(name="broken-sfx", version="1", kind="sound_effect", description="broken",
                    quality=99)
    calls = 0

    def generate(self, request):
        BrokenSfxTool.calls += 1
        raise ToolError("the model file is corrupt", tool="broken-sfx")


def test_a_tool_that_fails_for_good_falls_back_to_the_next_valid_tool(tmp_path, dialogue_script):
    BrokenSfxTool.calls = 0
    studio = Studio(registry=test_registry(BrokenSfxTool), cache_dir=tmp_path / "c")
    result = studio.render(dialogue_script, tmp_path / "out")
    effects = [e for e in result.timeline if e["type"] == "sound_effect"]
    assert {e["tool"] for e in effects} == {"test-noise-sfx"}
    assert BrokenSfxTool.calls == 2  # once per effect: not retried, not retried
    report = json.loads((tmp_path / "out" / "report.json").read_text())
    for effect in effects:
        (fallback,) = report["elements"][effect["id"]]["fallbacks"]
        assert fallback["tool"] == "broken-sfx" and fallback["next"] == "test-noise-sfx"
    assert any("broken-sfx failed" in w for w in report["warnings"])


def test_voice_context_carries_the_language(tmp_path):
    seen = []

    class Recorder(ToneSpeechTool):
        info = ToolInfo(name="recorder", version="1", kind="speech", description="r",
                        quality=99, capabilities=frozenset({"multilingual"}))

        def voices(self, context=None):
            seen.append(context)
            return super().voices(context)

    studio = Studio(registry=Registry([Recorder], entry_points=False), cache_dir=tmp_path)
    studio.voices(language="de")
    assert isinstance(seen[-1], VoiceContext) and seen[-1].language == "de"


def test_tool_errors_pickle_with_their_fields():
    error = pickle.loads(pickle.dumps(ToolError("x", tool="t", element="e", retryable=True)))
    assert (error.tool, error.element, error.retryable) == ("t", "e", True)
    assert stable_seed("a") == stable_seed("a")

"""Neural tools (musicgen, audiogen, xtts, vits) on tiny random checkpoints.

`scripts/make_tiny_models.py` writes the checkpoints in each library's real format and the
tools load them through the libraries' own loaders, exactly as they load real weights. The
audio is noise-like; what is tested is loading, batching, continuation, cloning, caching and
the render around them. Without the extras these tests skip, except under CI, where a missing
extra is a failure (scripts/test.sh installs them).
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from tests.conftest import EXAMPLES, TEST_TOOLS, is_ci
from wavjourney.tools.neural.base import missing_packages

ROOT = Path(__file__).resolve().parent.parent
# audiocraft and coqui-tts import torchaudio / torchcodec / xformers / spacy at import time,
# and no wheel of those that loads on a CPU-only machine exists here: the tests put small
# stand-ins (tests/neural_stubs, resampling and mel spectrograms in plain torch) on sys.path.
# WavJourney's own code never imports them.
STUBS = Path(__file__).resolve().parent / "neural_stubs"
STUB_MODULES = ("torchaudio", "torchcodec", "xformers", "spacy")
LIBRARIES = ("audiocraft", "TTS")
NEURAL = {"music": "musicgen", "sound_effect": "audiogen", "speech": "xtts"}
ENVELOPE_FRAME_S = 0.25
MAX_SEAM_DB = 3.0


@pytest.fixture(scope="module")
def neural():
    """The extras, importable (with the stand-ins), and torch on one thread: on a shared
    2-core machine, tiny models spend more time contending for threads than computing."""
    missing = missing_packages(LIBRARIES)
    if missing:
        message = (f"neural extras missing ({', '.join(missing)}): "
                   'pip install "wavjourney[neural]"')
        if is_ci():
            pytest.fail(message + " (CI must run these tests)")
        pytest.skip(message)
    import torch

    threads = torch.get_num_threads()
    sys.path.insert(0, str(STUBS))
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)
    sys.path.remove(str(STUBS))
    for name in [n for n in sys.modules if n.split(".")[0] in STUB_MODULES]:
        del sys.modules[name]  # later tests must not find the stand-ins


@pytest.fixture(scope="module")
def tiny(neural, tmp_path_factory) -> Path:
    """OUT_DIR written by scripts/make_tiny_models.py (kept out of git: a temp folder)."""
    spec = importlib.util.spec_from_file_location("make_tiny_models",
                                                  ROOT / "scripts" / "make_tiny_models.py")
    maker = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(maker)
    out = tmp_path_factory.mktemp("tiny-models")
    assert maker.main([str(out)]) == 0
    return out


def _options(tiny: Path, *tools: str) -> dict[str, dict[str, str]]:
    return {tool: {"model": str(tiny / tool)} for tool in tools}


def _check_bundle(bundle: Path, tools: dict[str, str], batched: tuple[str, ...]) -> dict:
    """timeline.json names `tools` (kind -> tool), every element has its exact length, every
    stem of 1 s or more is within 1 LU of its target, each `batched` tool made all its
    elements in one call; returns report.json."""
    import torch

    from wavjourney.dsp.loudness import integrated_loudness

    script = json.loads((EXAMPLES / "rainy_cafe.json").read_text())
    kinds = {e["id"]: e["type"] for e in script["elements"]}
    timeline = json.loads((bundle / "timeline.json").read_text())
    by_id = {e["id"]: e for e in timeline["elements"]}
    for element in script["elements"]:
        entry = by_id[element["id"]]
        assert entry["tool"] == tools[kinds[element["id"]]], element["id"]
        if element.get("duration_s"):
            assert entry["end_s"] - entry["start_s"] == pytest.approx(element["duration_s"],
                                                                      abs=1e-4)
        if element.get("start_at"):
            assert entry["start_s"] == by_id[element["start_at"]]["start_s"]
            assert entry["end_s"] == by_id[element["end_at"]]["end_s"]
        audio, rate = sf.read(bundle / "stems" / f"{element['id']}.wav", always_2d=True)
        assert len(audio) == pytest.approx((entry["end_s"] - entry["start_s"]) * rate, abs=1)
        if len(audio) >= rate:
            loudness = integrated_loudness(torch.tensor(audio.T, dtype=torch.float32), rate)
            assert abs(loudness - entry["target_lufs"]) <= 1.0, element["id"]
    report = json.loads((bundle / "report.json").read_text())
    for kind, tool in tools.items():
        if tool not in batched:
            continue
        count = sum(1 for k in kinds.values() if k == kind)
        assert report["tools"][tool]["calls"] == 1, tool  # one batched call per tool
        assert report["tools"][tool]["batch_sizes"] == [count], tool
    return report


def test_rainy_cafe_with_musicgen_audiogen_and_xtts(tiny, tmp_path):
    from wavjourney import Studio

    studio = Studio(cache_dir=tmp_path / "cache", tool_preferences=NEURAL, device="cpu",
                    tool_options=_options(tiny, *NEURAL.values()))
    studio.render(EXAMPLES / "rainy_cafe.json", tmp_path / "out")
    report = _check_bundle(tmp_path / "out", NEURAL, tuple(NEURAL.values()))
    assert report["elements"]["jazz"]["generator"]["model"] == str(tiny / "musicgen")


def test_rainy_cafe_with_vits(tiny, tmp_path):
    from wavjourney import Studio

    tools = {**TEST_TOOLS, "speech": "vits"}
    studio = Studio(cache_dir=tmp_path / "cache", tool_preferences=tools, device="cpu",
                    tool_options=_options(tiny, "vits"))
    studio.render(EXAMPLES / "rainy_cafe.json", tmp_path / "out")
    report = _check_bundle(tmp_path / "out", tools, ("vits",))
    presets = {e["generator"]["preset"] for e in report["elements"].values()
               if e["tool"] == "vits"}
    assert presets <= {"p225", "p226", "p227", "p228"}


def test_musicgen_continues_past_its_window_without_a_seam(tiny):
    from wavjourney.tools.base import GenerationRequest
    from wavjourney.tools.neural import MusicGenTool

    tool = MusicGenTool(model=str(tiny / "musicgen"))
    requests = [GenerationRequest(kind="music", description="slow piano", duration_s=75.0),
                GenerationRequest(kind="music", description="drums", duration_s=12.0)]
    long_clip, short_clip = tool.generate_batch(requests)
    rate = long_clip.sample_rate_hz
    assert long_clip.audio.shape[-1] == 75 * rate and short_clip.audio.shape[-1] == 12 * rate
    calls = tool.call_log
    # One batched call for the first window of both, then continuation windows of the long one.
    assert calls[0] == {"call": "generate", "window": 0, "batch": 2, "start_s": 0.0,
                        "duration_s": 30.0}
    windows = [c for c in calls if c["call"] == "generate_continuation"]
    assert [c["window"] for c in windows] == [1, 2, 3]
    assert all(c["batch"] == 1 and c["element"] == 0 for c in windows)
    assert long_clip.info["windows"] == 4

    audio = long_clip.numpy().mean(axis=0)
    frame = round(ENVELOPE_FRAME_S * rate)
    levels = 10 * np.log10(np.mean(audio[: len(audio) // frame * frame]
                                   .reshape(-1, frame) ** 2, axis=1) + 1e-12)
    for call in windows:
        # Level just before the crossfade against every frame through it and a second after.
        first = round(call["start_s"] / ENVELOPE_FRAME_S)
        last = round((call["start_s"] + call["crossfade_s"] + 1.0) / ENVELOPE_FRAME_S)
        before = np.median(levels[first - 8:first])
        seam = levels[first:last] - before
        assert np.abs(seam).max() <= MAX_SEAM_DB, (call, seam.round(2))


def _levels_db(audio: np.ndarray, frame: int) -> np.ndarray:
    usable = audio[: len(audio) // frame * frame].reshape(-1, frame)
    return 10 * np.log10(np.mean(usable**2, axis=1) + 1e-12)


@pytest.mark.parametrize("step_db", [-5.0, 0.0, 4.0])
def test_window_join_keeps_the_level_through_the_crossfade(neural, step_db):
    """A continuation that comes back quieter or louder (a codec re-encoding step) and is
    unrelated to the audio it continues joins without a step or a dip in level."""
    import torch

    from wavjourney.tools.neural.audiocraft import CROSSFADE_S, _join

    rate, overlap_s = 8_000, 5.0
    generator = torch.Generator().manual_seed(7)
    previous = 0.1 * torch.randn(1, 10 * rate, generator=generator)
    window = 0.1 * 10 ** (step_db / 20) * torch.randn(1, int((overlap_s + 5) * rate),
                                                      generator=generator)
    joined = _join(previous, window, int(overlap_s * rate), int(CROSSFADE_S * rate))
    assert joined.shape[-1] == 15 * rate
    levels = _levels_db(joined[0].numpy(), rate // 10)
    reference = np.median(levels[:70])
    seam = levels[70:] - reference  # from 1 s before the crossfade to the end
    assert np.abs(seam).max() <= 1.5, seam.round(2)


def _recording(path: Path, pitch_hz: float) -> Path:
    rate = 22_050
    t = np.arange(4 * rate) / rate
    voice = 0.3 * np.sin(2 * np.pi * pitch_hz * t) * (0.6 + 0.4 * np.sin(2 * np.pi * 3 * t))
    sf.write(path, voice.astype(np.float32), rate)
    return path


def test_xtts_clones_a_library_voice_once_per_recording(tiny, tmp_path):
    from wavjourney import Studio
    from wavjourney.tools.neural import XttsTool
    from wavjourney.tools.registry import Registry
    from wavjourney.voice_library import VoiceLibrary

    library = VoiceLibrary(tmp_path / "voices")
    library.add("joe", _recording(tmp_path / "joe.wav", 140.0))
    tool = XttsTool(model=str(tiny / "xtts"))
    studio = Studio(registry=Registry([tool]), cache_dir=tmp_path / "cache", device="cpu",
                    tool_preferences=TEST_TOOLS | {"speech": "xtts"}, voice_library=library)
    script = {"title": "clone", "characters": [{"name": "Joe", "voice": "custom:joe"}],
              "elements": [{"type": "speech", "id": "l1", "character": "Joe",
                            "text": "Hello there."},
                           {"type": "speech", "id": "l2", "character": "Joe",
                            "text": "It is me again."}]}

    def conditioning() -> list[str]:
        return [c["sha256"] for c in tool.call_log if c["call"] == "conditioning"]

    first = studio.render(script, tmp_path / "one")
    assert len(conditioning()) == 1  # two lines, one recording: computed once
    assert {first.report["elements"][i]["tool"] for i in ("l1", "l2")} == {"xtts"}

    library.add("joe", _recording(tmp_path / "joe2.wav", 220.0), replace=True)
    second = studio.render(script, tmp_path / "two")
    assert len(conditioning()) == 2 and conditioning()[0] != conditioning()[1]
    assert not any(second.report["elements"][i]["cached"] for i in ("l1", "l2"))
    third = studio.render(script, tmp_path / "three")
    assert len(conditioning()) == 2
    assert all(third.report["elements"][i]["cached"] for i in ("l1", "l2"))


def test_tools_load_through_the_libraries_own_loaders(tiny, monkeypatch):
    """A spy on each library's loader sees the configured folder: no bypass."""
    import audiocraft.models.musicgen as musicgen_module
    from TTS.utils.synthesizer import Synthesizer

    from wavjourney.tools.neural import MusicGenTool, VitsTool, XttsTool

    seen: list[tuple[str, str]] = []
    real_lm, real_tts = musicgen_module.load_lm_model, Synthesizer._load_tts

    def spy_lm(name, *args, **kwargs):
        seen.append(("audiocraft", str(name)))
        return real_lm(name, *args, **kwargs)

    def spy_tts(self, checkpoint, *args, **kwargs):
        seen.append(("coqui", str(checkpoint)))
        return real_tts(self, checkpoint, *args, **kwargs)

    monkeypatch.setattr(musicgen_module, "load_lm_model", spy_lm)
    monkeypatch.setattr(Synthesizer, "_load_tts", spy_tts)
    for tool in (MusicGenTool(model=str(tiny / "musicgen")), XttsTool(model=str(tiny / "xtts")),
                 VitsTool(model=str(tiny / "vits"))):
        tool.load("cpu")
        tool.close()
    assert seen == [("audiocraft", str(tiny / "musicgen")), ("coqui", str(tiny / "xtts")),
                    ("coqui", str(tiny / "vits" / "model.pth"))]


def test_cards_and_cache_identity(tiny, tmp_path):
    import shutil

    from wavjourney.tools.neural import AudioGenTool, MusicGenTool, VitsTool, XttsTool

    for tool_class in (MusicGenTool, AudioGenTool, XttsTool, VitsTool):
        info = tool_class.info
        assert info.quality > 10 and info.devices == ("cuda", "cpu") and info.memory_bytes > 0
        assert info.licence and "pip install" in info.install
    assert "extends_beyond_max" in MusicGenTool.info.capabilities
    assert "CC-BY-NC" in MusicGenTool.info.licence
    assert "Coqui Public Model Licence" in XttsTool.info.licence
    assert "voice_clone" in XttsTool.info.capabilities

    copy = tmp_path / "musicgen"
    shutil.copytree(tiny / "musicgen", copy)
    original = MusicGenTool(model=str(tiny / "musicgen")).cache_identity()
    assert MusicGenTool(model=str(copy)).cache_identity() == original  # by content
    with (copy / "state_dict.bin").open("ab") as handle:
        handle.write(b"retrained")
    assert MusicGenTool(model=str(copy)).cache_identity() != original
    assert MusicGenTool().cache_identity()["options"]["model"] == "facebook/musicgen-small"

    xtts = XttsTool(model=str(tiny / "xtts"))
    voices = {v.name: v for v in xtts.voices()}
    assert voices["Ana Florence"].gender == "female" and "narrator" in voices
    assert all(v.description for v in voices.values())
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(Exception, match=r"lacks config.json, model.pth, vocab.json"):
        XttsTool(model=str(empty)).available()


# ------------------------------------------------------------------ without the extras


@pytest.fixture
def no_extras(monkeypatch):
    """As if audiocraft and coqui-tts were not installed: a None entry in sys.modules makes
    Python refuse the import, and the tools' install check sees it."""
    for name in LIBRARIES:
        monkeypatch.setitem(sys.modules, name, None)


def test_without_extras_tools_are_listed_missing_with_the_install_line(no_extras):
    from typer.testing import CliRunner

    from wavjourney.cli import app

    result = CliRunner().invoke(app, ["tools"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    lines = {line.split(":", 1)[0]: line for line in result.output.splitlines()
             if line.split(":", 1)[0] in ("musicgen", "audiogen", "xtts", "vits")}
    assert set(lines) == {"musicgen", "audiogen", "xtts", "vits"}
    assert 'pip install "wavjourney[audiocraft]"' in lines["musicgen"]
    assert "pip install --no-deps audiocraft==1.3.0" in lines["audiogen"]
    assert 'pip install "wavjourney[coqui]"' in lines["xtts"] and "[coqui]" in lines["vits"]


def test_without_extras_render_falls_back_with_a_warning(no_extras, tmp_path):
    from wavjourney import Studio

    studio = Studio(cache_dir=tmp_path / "cache")
    result = studio.render(EXAMPLES / "rainy_cafe.json", tmp_path / "out")
    assert {e["tool"] for e in result.timeline} <= {"offline-speech", "offline-music",
                                                     "offline-sfx"}
    warnings = json.loads((tmp_path / "out" / "report.json").read_text())["warnings"]
    music = [w for w in warnings if w.startswith("tool fallback: music")]
    assert any("musicgen" in w and 'pip install "wavjourney[audiocraft]"' in w for w in music)


def test_without_extras_naming_musicgen_fails_with_the_fix_and_writes_nothing(no_extras,
                                                                               tmp_path):
    from typer.testing import CliRunner

    from wavjourney.cli import app

    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["render", str(EXAMPLES / "rainy_cafe.json"), "--out",
                                      str(out), "--tool", "music=musicgen"])
    assert result.exit_code != 0
    assert 'pip install "wavjourney[audiocraft]"' in result.output
    assert not out.exists()


# ------------------------------------------------------------------ through the command line


def test_the_cli_renders_with_tiny_models_named_by_tool_option(tiny, tmp_path):
    from typer.testing import CliRunner

    from wavjourney.cli import app

    args = ["render", str(EXAMPLES / "rainy_cafe.json"), "--out", str(tmp_path / "out"),
            "--cache-dir", str(tmp_path / "cache")]
    for kind, tool in NEURAL.items():
        args += ["--tool", f"{kind}={tool}", "--tool-option", f"{tool}.model={tiny / tool}"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    _check_bundle(tmp_path / "out", NEURAL, tuple(NEURAL.values()))


def test_generate_with_an_attached_voice_casts_the_narrator_with_it(tiny, tmp_path,
                                                                    monkeypatch):
    from typer.testing import CliRunner

    from wavjourney.cli import app
    from wavjourney.tools.base import GenerationRequest
    from wavjourney.tools.offline.speech import EspeakSpeechTool

    monkeypatch.setenv("WAVJOURNEY_VOICES_DIR", str(tmp_path / "voices"))
    said = EspeakSpeechTool().generate(GenerationRequest(
        kind="speech", text="Once upon a time, in a small house by the sea, there lived an "
        "old fisherman and his clever grey cat."))
    voice = tmp_path / "voice.wav"  # real speech, so the attachment reads as a voice
    sf.write(voice, said.numpy().T, said.sample_rate_hz)
    result = CliRunner().invoke(app, [
        "generate", "a bedtime story read in the voice of this recording", "--audio",
        str(voice), "--duration", "20", "--out", str(tmp_path / "out"), "--cache-dir",
        str(tmp_path / "cache"), "--tool-option", f"xtts.model={tiny / 'xtts'}"])
    assert result.exit_code == 0, result.output
    report = json.loads((tmp_path / "out" / "report.json").read_text())
    reference = report["voice_reference"]
    assert "warning" not in reference and reference["voice"].startswith("custom:")
    timeline = json.loads((tmp_path / "out" / "timeline.json").read_text())["elements"]
    cloned = [e for e in timeline if e.get("character") == reference["character"]]
    assert cloned and {e["voice"] for e in cloned} == {reference["voice"]}
    assert {e["tool"] for e in cloned} == {"xtts"}

"""Selection in planning and rendering: a voice reference on `generate`, and the fallback
chain when the chosen tool fails for good."""

from __future__ import annotations

import json

import numpy as np
import pytest
import soundfile
from typer.testing import CliRunner

from tests.selection_tools import selection_registry
from wavjourney.api import Studio
from wavjourney.cli import app
from wavjourney.exceptions import ToolError
from wavjourney.tools.base import GeneratedClip, GenerationRequest, Tool, ToolInfo, VoiceContext
from wavjourney.tools.offline.speech import EspeakSpeechTool
from wavjourney.tools.registry import Registry
from wavjourney.tools.testing import ChordMusicTool, NoiseSfxTool, ToneSpeechTool

PROMPT = "a bedtime story read in the voice of this recording"


@pytest.fixture(scope="module")
def voice_wav(tmp_path_factory):
    clip = EspeakSpeechTool().generate(GenerationRequest(
        "speech", text="Hello, this is my voice. I am reading a few sentences so you can "
        "hear how I speak, slowly and clearly.", voice="narrator"))
    path = tmp_path_factory.mktemp("ref") / "voice.wav"
    soundfile.write(path, clip.numpy().T, clip.sample_rate_hz)
    return path


class CloningSpeechTool(ToneSpeechTool):
    """The tone tool with the voice_clone capability: speaks custom voices too and records
    the samples it was given."""

    info = ToolInfo(name="test-cloner", version="1", kind="speech",
                    description="Test tool: clones voices as tones.", quality=50,
                    capabilities=frozenset({"offline", "voice_clone", "multilingual"}),
                    tasks=("text-to-speech", "voice-cloning"), modalities=("text", "audio"))
    samples: list = []

    def voices(self, context: VoiceContext | None = None):
        return [*super().voices(context), *(context.custom_voices if context else ())]

    def generate(self, request: GenerationRequest) -> GeneratedClip:
        if request.voice and request.voice.startswith("custom:"):
            CloningSpeechTool.samples.append(request.voice_sample)
            request = GenerationRequest("speech", text=request.text, voice="tone-mid",
                                        seed=request.seed)
        return super().generate(request)


def test_generate_with_a_voice_reference_casts_the_narrator_with_it(voice_wav, tmp_path):
    CloningSpeechTool.samples = []
    registry = Registry([CloningSpeechTool, ChordMusicTool, NoiseSfxTool], entry_points=False)
    studio = Studio(registry=registry, cache_dir=tmp_path / "cache",
                    voice_library=tmp_path / "voices")
    result = studio.generate(PROMPT, tmp_path / "out", duration_s=20, audio=voice_wav)
    note = result.report["voice_reference"]
    assert "warning" not in note
    assert note["voice"].startswith("custom:voice-") and note["tool"] == "test-cloner"
    assert note["content"] == "speech"
    character = note["character"]
    assert result.script.character(character).voice == note["voice"]
    assert CloningSpeechTool.samples and CloningSpeechTool.samples[0] is not None
    assert studio.voice_library.get(note["voice"]).duration_s > 3


def test_without_a_cloning_tool_the_narrator_keeps_a_preset_and_says_why(
        voice_wav, tmp_path, monkeypatch):
    import wavjourney.tools.registry as registry_module

    monkeypatch.setattr(registry_module, "_default", selection_registry())
    monkeypatch.setenv("WAVJOURNEY_VOICES_DIR", str(tmp_path / "voices"))
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["generate", PROMPT, "--audio", str(voice_wav),
                                      "--duration", "20", "--out", str(out),
                                      "--cache-dir", str(tmp_path / "cache")])
    assert result.exit_code == 0, result.output
    assert "no voice-cloning tool can run here" in result.output
    assert "pip install 'wavjourney[xtts]'" in result.output
    report = json.loads((out / "report.json").read_text())
    note = report["voice_reference"]
    assert "no voice-cloning tool" in note["warning"]
    assert not note["voice"].startswith("custom:")
    assert not (tmp_path / "voices").exists()  # nothing stored when nothing can use it


class BrokenSfxTool(Tool):
    """The best sound-effect tool on paper; every call fails for good."""

    info = ToolInfo(name="broken-sfx", version="1", kind="sound_effect",
                    description="Test tool: always fails.", quality=90)

    def generate(self, request: GenerationRequest) -> GeneratedClip:
        raise ToolError("model weights are corrupt", tool="broken-sfx", retryable=False)


def test_a_tool_failing_for_good_falls_back_to_the_next_and_is_recorded(tmp_path):
    registry = Registry([BrokenSfxTool, NoiseSfxTool, ToneSpeechTool, ChordMusicTool],
                        entry_points=False)
    studio = Studio(registry=registry, cache_dir=tmp_path / "cache",
                    tool_preferences={"speech": "test-tone-speech"})
    script = {"characters": [{"name": "A"}], "elements": [
        {"type": "speech", "id": "hi", "character": "A", "text": "Hello there."},
        {"type": "sound_effect", "id": "bang", "description": "a door slam",
         "duration_s": 1.0}]}
    assert studio.compile(script).choices["bang"].tool == "broken-sfx"
    result = studio.render(script, tmp_path / "out")
    element = result.report["elements"]["bang"]
    assert element["tool"] == "test-noise-sfx"
    [fallback] = element["fallbacks"]
    assert (fallback["tool"], fallback["next"]) == ("broken-sfx", "test-noise-sfx")
    assert "model weights are corrupt" in fallback["error"]
    assert any("broken-sfx failed" in w for w in result.report["warnings"])
    assert np.abs(result.mix).max() > 0


def test_edit_with_a_voice_reference_recasts_the_main_character(voice_wav, tmp_path,
                                                                monkeypatch):
    import wavjourney.tools.registry as registry_module

    registry = Registry([CloningSpeechTool, ChordMusicTool, NoiseSfxTool], entry_points=False)
    monkeypatch.setattr(registry_module, "_default", registry)
    monkeypatch.setenv("WAVJOURNEY_VOICES_DIR", str(tmp_path / "voices"))
    source = tmp_path / "in.json"
    source.write_text(json.dumps({"characters": [{"name": "Ann"}, {"name": "Bob"}],
                                  "elements": [
        {"type": "speech", "character": "Bob", "text": "Hi."},
        {"type": "speech", "character": "Ann", "text": "Hello, Bob."},
        {"type": "speech", "character": "Ann", "text": "Lovely day."}]}))
    out = tmp_path / "out.json"
    result = CliRunner().invoke(app, ["edit", str(source), "make the speech louder", "-o", str(out),
                                      "--audio", str(voice_wav)])
    assert result.exit_code == 0, result.output
    cast = {c["name"]: c.get("voice") for c in json.loads(out.read_text())["characters"]}
    assert cast["Ann"].startswith("custom:voice-")  # Ann has the most lines
    assert not (cast["Bob"] or "").startswith("custom:")
    assert "Ann speaks with the attached voice" in result.output

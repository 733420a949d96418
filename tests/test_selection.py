"""Tool selection: the catalogue, recording inspection, the offline ranker, the LLM selector
(validated answers, re-asks, fallback), images, and `wavjourney tools [select]`."""

from __future__ import annotations

import json

import pytest
import soundfile
from langchain_core.messages import AIMessage
from typer.testing import CliRunner

from tests.fakes import FakeChatModel
from tests.selection_tools import selection_registry
from wavjourney.cli import app
from wavjourney.selection import catalogue, inspect_audio, select_tools
from wavjourney.selection.select import LLM_IMAGE_WARNING, OFFLINE_IMAGE_WARNING
from wavjourney.tools.base import GenerationRequest
from wavjourney.tools.offline.music.tool import ProceduralMusicTool
from wavjourney.tools.offline.sfx.tool import ProceduralSfxTool
from wavjourney.tools.offline.speech import EspeakSpeechTool

runner = CliRunner()
CLONE = "read this in the voice of the attached recording"


def _write(path, clip):
    soundfile.write(path, clip.numpy().T, clip.sample_rate_hz)
    return path


@pytest.fixture(scope="module")
def recordings(tmp_path_factory):
    folder = tmp_path_factory.mktemp("attachments")
    return {
        "voice": _write(folder / "voice.wav", EspeakSpeechTool().generate(GenerationRequest(
            "speech", text="Hello, this is my voice. I am reading a few sentences so you "
            "can hear how I speak.", voice="narrator"))),
        "music": _write(folder / "music.wav", ProceduralMusicTool().generate(
            GenerationRequest("music", description="upbeat jazz at 120 bpm in F major",
                              duration_s=8.0))),
        "rain": _write(folder / "rain.wav", ProceduralSfxTool().generate(
            GenerationRequest("sound_effect", description="steady rain", duration_s=5.0))),
    }


@pytest.fixture(scope="module")
def cards():
    return catalogue(selection_registry())


def tools_of(selection):
    return [c.tool for c in selection.candidates]


# Attachments ----------------------------------------------------------------------------
def test_inspection_tells_speech_music_and_other_apart(recordings):
    voice = inspect_audio(recordings["voice"])
    music = inspect_audio(recordings["music"])
    rain = inspect_audio(recordings["rain"])
    assert (voice.content, music.content, rain.content) == ("speech", "music", "other")
    assert voice.tempo_bpm is None and voice.duration_s > 3
    assert music.key == "F major"
    assert music.tempo_bpm == pytest.approx(120, rel=0.05)
    assert music.duration_s == pytest.approx(8.0, abs=0.01)


def test_inspection_rejects_a_file_that_is_not_audio(tmp_path):
    from wavjourney.exceptions import ConfigError

    bogus = tmp_path / "x.wav"
    bogus.write_text("not audio")
    with pytest.raises(ConfigError, match="cannot decode"):
        inspect_audio(bogus)


# Catalogue ------------------------------------------------------------------------------
def test_catalogue_lists_tools_that_are_not_installed_with_their_install_line(cards):
    by_name = {c.name: c.to_json() for c in cards}
    assert {"xtts", "musicgen", "audiogen", "vits", "offline-speech"} <= set(by_name)
    xtts = by_name["xtts"]
    assert xtts["installed"] is False and xtts["available"] is False
    assert xtts["install"] == "pip install 'wavjourney[xtts]'"
    assert "voice-cloning" in xtts["tasks"] and "audio" in xtts["modalities"]
    assert len(xtts["languages"]) == 17
    assert by_name["offline-sfx"]["installed"] is True
    assert by_name["offline-sfx"]["quality_by_category"]["rain"] > \
        by_name["offline-sfx"]["quality_by_category"]["laughter"]


# Offline ranker (the acceptance cases) -----------------------------------------
def test_voice_of_the_attached_recording_ranks_xtts_first(cards, recordings):
    selection = select_tools(cards, CLONE, audio=recordings["voice"], installed_only=False)
    assert not selection.unknown
    assert tools_of(selection)[0] == "xtts"
    assert selection.attachments["audio"]["content"] == "speech"
    assert not selection.warnings


def test_dog_barking_ranks_audiogen_then_offline_sfx(cards):
    selection = select_tools(cards, "a dog barking far away", installed_only=False)
    assert tools_of(selection) == ["audiogen", "offline-sfx"]
    assert selection.kinds == ("sound_effect",)


@pytest.mark.parametrize("instruction", ["make a picture of a cat", "transcribe this interview",
                                         "remove the vocals from this song"])
def test_what_no_tool_can_do_is_unknown_with_a_reason(cards, instruction):
    selection = select_tools(cards, instruction, installed_only=False)
    assert selection.unknown and not selection.candidates
    assert selection.reason


def test_tools_that_are_not_installed_are_skipped_unless_asked_for(cards, recordings):
    installed = select_tools(cards, CLONE, audio=recordings["voice"])
    assert "xtts" not in tools_of(installed)
    assert tools_of(installed) == ["offline-speech"]
    assert any("xtts" in w and "pip install 'wavjourney[xtts]'" in w
               for w in installed.warnings)


def test_constraints_exclude_and_reorder(cards):
    commercial = select_tools(cards, "background music for a YouTube ad", installed_only=False)
    assert tools_of(commercial) == ["offline-music"]  # MusicGen's weights are CC-BY-NC
    laptop = select_tools(cards, "a two-hour audiobook on my laptop", installed_only=False)
    assert tools_of(laptop)[0] == "vits" and tools_of(laptop)[-1] == "xtts"
    welsh = select_tools(cards, "a Welsh announcement at a station", installed_only=False)
    assert tools_of(welsh) == ["offline-speech"]
    klingon = select_tools(cards, "read this poem in Klingon", installed_only=False)
    assert klingon.unknown and "does not speak 'tlh'" in klingon.reason


def test_a_melody_reference_picks_the_melody_conditioned_tool(cards, recordings):
    selection = select_tools(cards, "the same melody but orchestral",
                             audio=recordings["music"], installed_only=False)
    assert tools_of(selection)[0] == "musicgen"
    assert "120" in json.dumps(selection.attachments["audio"])


# LLM selector ----------------------------------------------------------------------------
def test_llm_naming_a_missing_tool_is_reasked_with_the_error(cards, recordings):
    llm = FakeChatModel(replies=[{"id": "bark-tts", "reason": "clones voices"},
                                 {"id": "xtts", "reason": "clones the attached voice"}])
    selection = select_tools(cards, CLONE, audio=recordings["voice"], installed_only=False,
                             llm=llm)
    assert llm.calls == 2
    assert "tool 'bark-tts' is not one of the candidates" in llm.request_text(1)
    assert selection.hallucinations == 1 and selection.format_errors == 0
    assert selection.llm_calls == 2 and selection.selector == "llm"
    assert tools_of(selection)[0] == "xtts"
    assert selection.best.reason == "clones the attached voice"


def test_llm_sees_only_candidates_of_the_wanted_kind_and_modality(cards, recordings):
    llm = FakeChatModel(replies=['```json\n{"id": "xtts", "reason": "clones"}\n```'])
    select_tools(cards, CLONE, audio=recordings["voice"], installed_only=False, llm=llm)
    prompt = llm.request_text(0)
    assert '"id": "xtts"' in prompt
    for other in ("offline-sfx", "musicgen", "vits", "offline-speech"):
        assert f'"id": "{other}"' not in prompt  # other kinds, or no audio input
    assert "speech" in prompt and "Attachments:" in prompt


def test_malformed_answers_count_as_format_errors_then_fall_back(cards):
    llm = FakeChatModel(replies=["I would pick audiogen.", '{"id": "audiogen"}',
                                 "{not json"])
    selection = select_tools(cards, "a dog barking far away", installed_only=False, llm=llm)
    assert llm.calls == 3  # bounded
    assert selection.format_errors == 3 and selection.hallucinations == 0
    assert tools_of(selection) == ["audiogen", "offline-sfx"]  # the offline ranker's answer
    assert any("no valid answer in 3 call(s)" in w for w in selection.warnings)


def test_a_failing_model_falls_back_to_the_ranker(cards):
    class Broken(FakeChatModel):
        def _generate(self, *args, **kwargs):
            raise ConnectionError("connection refused")

    selection = select_tools(cards, "a dog barking far away", installed_only=False,
                             llm=Broken())
    assert selection.selector == "offline" and tools_of(selection)[0] == "audiogen"
    assert any("connection refused" in w for w in selection.warnings)


def test_llm_may_answer_unknown(cards):
    llm = FakeChatModel(replies=[{"id": "unknown", "reason": "no tool draws pictures"}])
    selection = select_tools(cards, "make a picture of a cat", llm=llm)
    assert selection.unknown and selection.reason == "no tool draws pictures"


def test_an_image_goes_to_a_model_that_accepts_images_only(cards, tmp_path):
    image = tmp_path / "photo.png"
    image.write_bytes(b"\x89PNG\r\n\x1a\n" + b"0" * 32)
    reply = {"id": "musicgen", "reason": "fits the photo"}
    seeing = FakeChatModel(replies=[reply], profile={"image_inputs": True})
    picked = select_tools(cards, "music that fits this photo", image=image,
                          installed_only=False, llm=seeing)
    blocks = seeing.requests[0][-1].content
    assert isinstance(blocks, list) and blocks[1]["type"] == "image"
    assert blocks[1]["mime_type"] == "image/png"
    assert LLM_IMAGE_WARNING not in picked.warnings

    blind = FakeChatModel(replies=[reply])
    picked = select_tools(cards, "music that fits this photo", image=image,
                          installed_only=False, llm=blind)
    assert isinstance(blind.requests[0][-1].content, str)
    assert LLM_IMAGE_WARNING in picked.warnings
    offline = select_tools(cards, "music that fits this photo", image=image,
                           installed_only=False)
    assert OFFLINE_IMAGE_WARNING in offline.warnings
    assert tools_of(offline)[0] == "musicgen"


def test_answers_as_content_blocks_are_read(cards):
    llm = FakeChatModel(replies=[AIMessage(content=[
        {"type": "text", "text": '{"id": "audiogen", "reason": "realistic barks"}'}])])
    selection = select_tools(cards, "a dog barking far away", installed_only=False, llm=llm)
    assert selection.best.tool == "audiogen" and llm.calls == 1


# Studio and CLI ------------------------------------------------------------------------
@pytest.fixture
def fixture_registry(monkeypatch):
    import wavjourney.tools.registry as registry_module

    monkeypatch.setattr(registry_module, "_default", selection_registry())


def test_studio_select_tools(fixture_registry, tmp_path):
    from wavjourney import Studio

    selection = Studio(cache_dir=tmp_path).select_tools("a dog barking far away",
                                                        installed_only=False)
    assert tools_of(selection) == ["audiogen", "offline-sfx"]


def test_cli_select_json_acceptance(fixture_registry, recordings):
    result = runner.invoke(app, ["tools", "select", CLONE, "--audio",
                                 str(recordings["voice"]), "--all", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["unknown"] is False and data["reason"]
    first = data["candidates"][0]
    assert (first["tool"], first["kind"], first["installed"]) == ("xtts", "speech", False)
    assert first["install"] == "pip install 'wavjourney[xtts]'"
    assert 0 < first["score"] <= 1
    assert [c["score"] for c in data["candidates"]] == sorted(
        (c["score"] for c in data["candidates"]), reverse=True)

    without_all = json.loads(runner.invoke(app, ["tools", "select", CLONE, "--audio",
                                                 str(recordings["voice"]), "--json"]).output)
    assert "xtts" not in [c["tool"] for c in without_all["candidates"]]

    cat = json.loads(runner.invoke(app, ["tools", "select", "make a picture of a cat",
                                         "--json"]).output)
    assert cat["unknown"] is True and cat["candidates"] == []


def test_cli_tools_json_is_the_catalogue(fixture_registry):
    result = runner.invoke(app, ["tools", "--json"])
    assert result.exit_code == 0, result.output
    names = {t["name"]: t for t in json.loads(result.output)["tools"]}
    assert names["audiogen"]["installed"] is False
    assert names["offline-music"]["tasks"] == ["text-to-music"]
    table = runner.invoke(app, ["tools"])
    assert table.exit_code == 0 and "musicgen" in table.output


def test_tools_select_never_imports_torch_or_langchain():
    import subprocess
    import sys

    code = ("import sys\nfrom typer.testing import CliRunner\nfrom wavjourney.cli import app\n"
            "r = CliRunner().invoke(app, ['tools', 'select', 'a dog barking', '--json'])\n"
            "assert r.exit_code == 0, r.output\n"
            "print(sorted({m.split('.')[0] for m in sys.modules} & "
            "{'torch', 'langchain_core', 'gradio'}))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=120, env={**__import__("os").environ, "WAVJOURNEY_LLM": ""})
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"

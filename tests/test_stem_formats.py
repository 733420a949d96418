"""Stem file formats of a bundle: float (default), 24-bit WAV or FLAC, or none."""

from __future__ import annotations

import json

import numpy as np
import pytest
import soundfile as sf

from wavjourney.exceptions import ConfigError


@pytest.mark.parametrize(("stems", "suffix", "subtype"), [
    ("float", ".wav", "FLOAT"), ("wav", ".wav", "PCM_24"), ("flac", ".flac", "PCM_24")])
def test_stem_format(studio, dialogue_script, tmp_path, stems, suffix, subtype):
    studio.render(dialogue_script, tmp_path / "out", stems=stems)
    files = sorted((tmp_path / "out" / "stems").iterdir())
    assert {p.name for p in files} == {e["id"] + suffix for e in dialogue_script["elements"]}
    assert all(sf.info(str(p)).subtype == subtype for p in files)


def test_compact_stems_hold_the_float_stems_to_24_bits(studio, dialogue_script, tmp_path):
    studio.render(dialogue_script, tmp_path / "float", stems="float")
    studio.render(dialogue_script, tmp_path / "flac", stems="flac")
    for path in (tmp_path / "float" / "stems").iterdir():
        exact, _ = sf.read(str(path), dtype="float32")
        compact, _ = sf.read(str(tmp_path / "flac" / "stems" / (path.stem + ".flac")),
                             dtype="float32")
        assert np.abs(exact).max() < 1.0  # nothing to clip: only rounding differs
        np.testing.assert_allclose(compact, exact, atol=2 ** -23)


def test_no_stems(studio, dialogue_script, tmp_path):
    studio.render(dialogue_script, tmp_path / "out", stems="none")
    assert not (tmp_path / "out" / "stems").exists()
    assert (tmp_path / "out" / "mix.wav").exists()


def test_unknown_stem_format_fails_before_rendering(studio, dialogue_script, tmp_path):
    with pytest.raises(ConfigError, match="stem format 'mp3'"):
        studio.render(dialogue_script, tmp_path / "out", stems="mp3")
    assert not (tmp_path / "out").exists()


def test_pcm_stems_that_clip_are_named_in_a_warning(studio, dialogue_script, tmp_path):
    loud = dict(dialogue_script)
    loud["elements"] = [dict(e, target_lufs=-2.0) if e["id"] == "a1" else e
                        for e in dialogue_script["elements"]]
    studio.render(loud, tmp_path / "out", stems="wav")
    warnings = json.loads((tmp_path / "out" / "report.json").read_text())["warnings"]
    assert [w for w in warnings if "clipped" in w] == [
        next(w for w in warnings if w.startswith("a1: peaks at +"))]
    studio.render(loud, tmp_path / "float", stems="float")
    warnings = json.loads((tmp_path / "float" / "report.json").read_text())["warnings"]
    assert not [w for w in warnings if "clipped" in w]


@pytest.mark.parametrize("suffix", [".wav", ".flac"])
def test_block_wise_writing_equals_one_write(tmp_path, suffix, monkeypatch):
    from wavjourney import audio_io

    audio = np.random.default_rng(0).uniform(-0.9, 0.9, (2, 10_001)).astype(np.float32)
    whole = audio_io.write_audio(tmp_path / f"whole{suffix}", audio, 44_100)
    monkeypatch.setattr(audio_io, "WRITE_BLOCK_FRAMES", 1000)
    blocks = audio_io.write_audio(tmp_path / f"blocks{suffix}", audio, 44_100)
    assert whole.read_bytes() == blocks.read_bytes()
    assert sf.read(str(blocks), dtype="float32")[0].shape == (10_001, 2)


def test_the_cli_writes_aligned_stems_on_request(dialogue_script, tmp_path):
    from conftest import TOOL_ARGS, write_json
    from typer.testing import CliRunner

    from wavjourney.cli.app import app

    script = write_json(tmp_path / "s.json", dialogue_script)
    result = CliRunner().invoke(app, ["render", str(script), "--out", str(tmp_path / "out"),
                                      "--cache-dir", str(tmp_path / "cache"),
                                      "--aligned-stems", *TOOL_ARGS])
    assert result.exit_code == 0, result.output
    tracks = {p.name for p in (tmp_path / "out" / "tracks").iterdir()}
    assert tracks == {"dialogue-ann.wav", "dialogue-bob.wav", "music.wav", "effects.wav",
                      "ambience.wav"}
    lengths = {sf.info(str(tmp_path / "out" / "tracks" / t)).frames for t in tracks}
    assert lengths == {sf.info(str(tmp_path / "out" / "mix.wav")).frames}

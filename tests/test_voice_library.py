"""The custom voice library: uploads are decoded and checked, rejections change nothing."""

from __future__ import annotations

import numpy as np
import pytest
import soundfile as sf

from wavjourney.voice_library import (
    MAX_VOICE_FILE_BYTES,
    VoiceLibrary,
    VoiceLibraryError,
    default_voices_dir,
    sanitize_voice_name,
)

SAMPLE_RATE_HZ = 16_000


def recording(path, duration_s: float, *, fmt: str = "WAV", sample_rate_hz: int = SAMPLE_RATE_HZ):
    t = np.arange(int(duration_s * sample_rate_hz)) / sample_rate_hz
    sf.write(str(path), (0.3 * np.sin(2 * np.pi * 220 * t)).astype(np.float32), sample_rate_hz,
             format=fmt)
    return path


def written(path, data: bytes):
    path.write_bytes(data)
    return path


def snapshot(directory) -> list[str]:
    return sorted(p.name for p in directory.rglob("*")) if directory.exists() else []


def test_add_list_get_delete(tmp_path):
    library = VoiceLibrary(tmp_path / "voices")
    voice = library.add("Grand-père Joe!", recording(tmp_path / "joe.flac", 4.0, fmt="FLAC"),
                        description="warm, slow", gender="male")
    assert voice.name == "grand-pere_joe"
    assert voice.voice_id == "custom:grand-pere_joe"
    assert voice.duration_s == pytest.approx(4.0, abs=1e-3)
    assert [v.name for v in library.voices()] == ["grand-pere_joe"]
    stored = library.path("custom:grand-pere_joe")
    assert stored.suffix == ".wav"
    assert sf.info(str(stored)).frames == 4 * SAMPLE_RATE_HZ
    assert library.get(voice.voice_id).description == "warm, slow"

    with pytest.raises(VoiceLibraryError, match="already exists"):
        library.add("grand-pere joe", recording(tmp_path / "again.wav", 5.0))
    library.delete(voice.voice_id)
    assert library.voices() == []
    assert snapshot(tmp_path / "voices") == []
    with pytest.raises(VoiceLibraryError, match="no custom voice"):
        library.delete("grand-pere_joe")


@pytest.mark.parametrize(("make", "message"), [
    (lambda p: written(p, b"these are not the samples you are looking for"),
     "not an audio file"),
    (lambda p: recording(p, 300.0), r"lasts 300\.0 s; a voice recording may last at most 60 s"),
    (lambda p: recording(p, 1.0), "needs at least 3 s"),
    (lambda p: written(p, b""), "is empty"),
])
def test_bad_uploads_are_rejected_and_change_nothing(tmp_path, make, message):
    library = VoiceLibrary(tmp_path / "voices")
    library.add("keeper", recording(tmp_path / "keeper.wav", 3.5))
    before = snapshot(tmp_path / "voices")
    upload = make(tmp_path / "upload.wav")
    with pytest.raises(VoiceLibraryError, match=message):
        library.add("newcomer", upload)
    assert snapshot(tmp_path / "voices") == before
    assert [v.name for v in library.voices()] == ["keeper"]


def test_oversized_file_is_rejected_before_decoding(tmp_path):
    big = tmp_path / "big.wav"
    with open(big, "wb") as f:
        f.truncate(MAX_VOICE_FILE_BYTES + 1)  # sparse: no 20 MB written
    library = VoiceLibrary(tmp_path / "voices")
    with pytest.raises(VoiceLibraryError, match="at most 20 MB"):
        library.add("big", big)
    assert not (tmp_path / "voices").exists()


@pytest.mark.parametrize(("raw", "expected"), [
    ("Narrator", "narrator"), ("  my voice  ", "my_voice"), ("../../etc/passwd", "etc_passwd"),
    ("Zoë", "zoe"), ("a" * 100, "a" * 40),
])
def test_names_are_sanitised(raw, expected):
    assert sanitize_voice_name(raw) == expected


@pytest.mark.parametrize("raw", ["", "   ", "///", "日本"])
def test_unusable_names_are_rejected(raw):
    with pytest.raises(VoiceLibraryError, match="needs a name"):
        sanitize_voice_name(raw)


def test_bad_gender_is_rejected(tmp_path):
    with pytest.raises(VoiceLibraryError, match="gender must be one of"):
        VoiceLibrary(tmp_path).add("x", recording(tmp_path / "x.wav", 4.0), gender="robot")


def test_default_dir_follows_the_environment(tmp_path):
    assert default_voices_dir({"WAVJOURNEY_VOICES_DIR": str(tmp_path)}) == tmp_path
    assert default_voices_dir({"XDG_DATA_HOME": str(tmp_path)}) == \
        tmp_path / "wavjourney" / "voices"

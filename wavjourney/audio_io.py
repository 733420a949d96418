"""Writing audio files (WAV, FLAC, MP3, OGG) through soundfile/libsndfile."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from wavjourney.exceptions import DestinationError, WavJourneyError

WRITE_BLOCK_FRAMES = 1 << 18  # about 6 s at 44.1 kHz
SUPPORTED_SUFFIXES = (".wav", ".flac", ".mp3", ".ogg")
_FORMATS = {".wav": ("WAV", None), ".flac": ("FLAC", "PCM_24"), ".mp3": ("MP3", "MPEG_LAYER_III"),
            ".ogg": ("OGG", "VORBIS")}


def write_audio(path: str | Path, audio: np.ndarray, sample_rate_hz: int,
                subtype: str = "PCM_24") -> Path:
    """Write (channels, samples) float audio; the format comes from the suffix.

    Args:
        subtype: WAV sample format (``"PCM_16"``, ``"PCM_24"``, ``"FLOAT"``); other formats
            use their own.
    """
    import soundfile as sf

    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in _FORMATS:
        raise WavJourneyError(f"unsupported audio format {suffix or path.name!r}; use one of "
                              f"{', '.join(SUPPORTED_SUFFIXES)}")
    fmt, fixed_subtype = _FORMATS[suffix]
    audio = np.asarray(audio, dtype=np.float32)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with sf.SoundFile(str(path), "w", sample_rate_hz, audio.shape[0],
                          fixed_subtype or subtype, format=fmt) as f:
            if fmt == "WAV":
                _no_peak_chunk(f)
            # Interleave a block at a time: no second full-length copy of an hour-long mix.
            for first in range(0, audio.shape[1], WRITE_BLOCK_FRAMES):
                f.write(np.ascontiguousarray(audio[:, first:first + WRITE_BLOCK_FRAMES].T))
    except (OSError, RuntimeError) as exc:  # libsndfile reports a full disk as RuntimeError
        detail = getattr(exc, "strerror", None) or str(exc).splitlines()[0][:200]
        raise DestinationError(f"cannot write {path.name}: {detail} (is the disk full?)"
                               ) from None
    return path


# libsndfile's SFC_SET_ADD_PEAK_CHUNK: float WAVs otherwise carry a PEAK chunk holding the
# time of writing, so identical audio would give different bytes.
_SFC_SET_ADD_PEAK_CHUNK = 0x1050


def _no_peak_chunk(f) -> None:
    from soundfile import _ffi, _snd

    _snd.sf_command(f._file, _SFC_SET_ADD_PEAK_CHUNK, _ffi.NULL, _snd.SF_FALSE)

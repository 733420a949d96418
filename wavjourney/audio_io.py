"""Writing audio files (WAV, FLAC, MP3, OGG) through soundfile/libsndfile."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from wavjourney.exceptions import DestinationError, WavJourneyError

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
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        sf.write(str(path), np.ascontiguousarray(np.asarray(audio, dtype=np.float32).T),
                 sample_rate_hz, format=fmt, subtype=fixed_subtype or subtype)
    except (OSError, RuntimeError) as exc:  # libsndfile reports a full disk as RuntimeError
        detail = getattr(exc, "strerror", None) or str(exc).splitlines()[0][:200]
        raise DestinationError(f"cannot write {path.name}: {detail} (is the disk full?)"
                               ) from None
    return path

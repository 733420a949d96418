"""Sample-rate conversion (soxr, high quality; CPU)."""

from __future__ import annotations

import numpy as np


def resample(audio: np.ndarray, from_hz: int, to_hz: int) -> np.ndarray:
    """Resample (channels, samples) float32 audio with soxr's high-quality setting."""
    if from_hz == to_hz:
        return audio
    import soxr

    out = soxr.resample(np.ascontiguousarray(audio.T), from_hz, to_hz, quality="HQ")
    return np.ascontiguousarray(out.T, dtype=np.float32)

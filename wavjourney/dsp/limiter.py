"""True-peak measurement (4x oversampling) and a look-ahead true-peak limiter."""

from __future__ import annotations

import functools

import numpy as np
import torch

from wavjourney.dsp.core import db_to_gain

OVERSAMPLE = 4
_OVERSAMPLE_TAPS_PER_PHASE = 24
_BLOCK = 1 << 21


@functools.lru_cache(maxsize=1)
def _interpolator() -> np.ndarray:
    """Polyphase interpolation filters, shape (OVERSAMPLE, taps)."""
    from scipy.signal import firwin

    taps = firwin(OVERSAMPLE * _OVERSAMPLE_TAPS_PER_PHASE, 0.9 / OVERSAMPLE,
                  window=("kaiser", 8.0)) * OVERSAMPLE
    return taps.reshape(_OVERSAMPLE_TAPS_PER_PHASE, OVERSAMPLE).T.copy()


def _peak_envelope(audio: torch.Tensor) -> torch.Tensor:
    """Per-sample max of |x| over all channels and all oversampled phases, shape (samples,)."""
    phases = torch.as_tensor(_interpolator(), dtype=torch.float32, device=audio.device)
    taps = phases.shape[-1]
    delay = taps // 2
    weight = phases.flip(-1)[:, None, :]  # conv1d correlates; flip for convolution
    envelope = audio.abs().amax(dim=0)
    n = audio.shape[-1]
    for start in range(0, n, _BLOCK):
        stop = min(start + _BLOCK, n)
        lo, hi = max(start - taps + 1 + delay, 0), min(stop + delay, n)
        chunk = audio[:, lo:hi]
        pad_left = (start - taps + 1 + delay) - lo
        chunk = torch.nn.functional.pad(chunk, (-pad_left if pad_left < 0 else 0,
                                                (stop + delay) - hi))
        interpolated = torch.nn.functional.conv1d(chunk[:, None, :], weight)  # (ch, phases, m)
        block_peak = interpolated.abs().amax(dim=(0, 1))[: stop - start]
        envelope[start:stop] = torch.maximum(envelope[start:stop], block_peak)
    return envelope


def true_peak_db(audio: torch.Tensor) -> float:
    """True peak in dBTP (4x oversampled), over all channels."""
    peak = float(_peak_envelope(audio).max()) if audio.numel() else 0.0
    return 20 * float(np.log10(max(peak, 1e-12)))


def limit(audio: torch.Tensor, sample_rate_hz: int, ceiling_dbtp: float = -1.0,
          lookahead_s: float = 0.005, release_s: float = 0.05) -> torch.Tensor:
    """Keep the true peak at or below `ceiling_dbtp` with smooth, look-ahead gain reduction.

    The gain curve is a moving average of a moving minimum of the required gain, which is
    provably never above the required gain, so no peak escapes; a final whole-clip trim
    catches inter-sample overs introduced by the gain changes themselves.
    """
    ceiling = db_to_gain(ceiling_dbtp - 0.05)  # a little margin for the interpolator's error
    required = (ceiling / _peak_envelope(audio).clamp_min(1e-12)).clamp(max=1.0)
    if bool((required < 1.0).any()):
        attack = max(1, int(lookahead_s * sample_rate_hz))
        hold = max(attack, int(release_s * sample_rate_hz))
        gain = _moving_mean(_moving_min(required, hold), attack)
        audio = audio * torch.minimum(gain, required)
    peak_db = true_peak_db(audio)
    if peak_db > ceiling_dbtp:
        audio = audio * db_to_gain(ceiling_dbtp - peak_db - 0.01)
    return audio


def _moving_min(x: torch.Tensor, radius: int) -> torch.Tensor:
    """A lower bound of min(x[n - radius : n + radius + 1]) for every n, in O(n).

    Takes the minimum of the block holding n and its two neighbours (blocks of `radius`
    samples), a window that contains the exact one, so the result is never above it.
    """
    n = x.shape[-1]
    blocks = -(-n // radius)
    padded = torch.nn.functional.pad(x, (0, blocks * radius - n), value=1.0)
    block_min = padded.view(blocks, radius).amin(dim=1)
    neighbours = torch.nn.functional.pad(block_min, (1, 1), value=1.0)
    window_min = torch.minimum(torch.minimum(neighbours[:-2], neighbours[1:-1]), neighbours[2:])
    return window_min.repeat_interleave(radius)[:n]


def _moving_mean(x: torch.Tensor, radius: int) -> torch.Tensor:
    """Mean over [n - radius, n + radius] (edges replicated), via a cumulative sum."""
    padded = torch.nn.functional.pad(x[None, None], (radius + 1, radius), mode="replicate")[0, 0]
    cumulative = torch.cumsum(padded.double(), dim=0)
    width = 2 * radius + 1
    return ((cumulative[width:] - cumulative[:-width]) / width).float()

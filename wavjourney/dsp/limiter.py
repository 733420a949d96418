"""True-peak measurement (4x oversampling) and a look-ahead true-peak limiter."""

from __future__ import annotations

import functools

import numpy as np
import torch

from wavjourney.dsp.core import db_to_gain

OVERSAMPLE = 4
_OVERSAMPLE_TAPS_PER_PHASE = 24


@functools.lru_cache(maxsize=1)
def _interpolator() -> np.ndarray:
    """Polyphase interpolation filters, shape (OVERSAMPLE, taps)."""
    from scipy.signal import firwin

    taps = firwin(OVERSAMPLE * _OVERSAMPLE_TAPS_PER_PHASE, 0.9 / OVERSAMPLE,
                  window=("kaiser", 8.0)) * OVERSAMPLE
    return taps.reshape(_OVERSAMPLE_TAPS_PER_PHASE, OVERSAMPLE).T.copy()


_SCAN_BLOCK = 4096


def _peak_envelope(audio: torch.Tensor, floor: float) -> torch.Tensor:
    """Per-sample max of |x| over channels and oversampled phases, shape (samples,).

    Only blocks whose worst case can exceed `floor` are oversampled: an interpolated sample
    is a weighted sum of input samples, so it is at most the block's sample peak times the
    largest phase's sum of absolute weights. Elsewhere the sample peak is returned, which is
    exact for what callers ask (is anything above `floor`, and by how much).
    """
    phases = torch.as_tensor(_interpolator(), dtype=torch.float32, device=audio.device)
    taps = phases.shape[-1]
    bound = float(phases.abs().sum(dim=-1).max())
    envelope = audio.abs().amax(dim=0)
    n = envelope.shape[-1]
    blocks = -(-n // _SCAN_BLOCK)
    padded_env = torch.nn.functional.pad(envelope, (0, blocks * _SCAN_BLOCK - n))
    block_peak = padded_env.view(blocks, _SCAN_BLOCK).amax(dim=1)
    hot = torch.nonzero(block_peak * bound > floor).flatten()
    if hot.numel() == 0:
        return envelope
    # Each hot block with `taps` samples of context on both sides.
    delay = taps // 2
    padded = torch.nn.functional.pad(audio, (taps, blocks * _SCAN_BLOCK - n + taps))
    starts = hot * _SCAN_BLOCK + taps - delay
    index = starts[:, None] + torch.arange(_SCAN_BLOCK + taps - 1, device=audio.device)
    segments = padded[:, index]  # (channels, hot, block + taps - 1)
    channels = segments.shape[0]
    weight = phases.flip(-1)[:, None, :]  # conv1d correlates; flip for convolution
    for chunk in torch.split(torch.arange(hot.numel(), device=audio.device), 256):
        batch = segments[:, chunk].reshape(-1, 1, segments.shape[-1])
        peaks = torch.nn.functional.conv1d(batch, weight).abs()  # (ch * k, phases, block)
        peaks = peaks.view(channels, chunk.numel(), len(phases), _SCAN_BLOCK).amax(dim=(0, 2))
        for row, block_index in zip(peaks, hot[chunk].tolist()):
            lo = block_index * _SCAN_BLOCK
            hi = min(lo + _SCAN_BLOCK, n)
            envelope[lo:hi] = torch.maximum(envelope[lo:hi], row[: hi - lo])
    return envelope


def true_peak_db(audio: torch.Tensor) -> float:
    """True peak in dBTP (4x oversampled), over all channels."""
    if audio.numel() == 0:
        return float("-inf")
    sample_peak = float(audio.abs().max())
    bound = float(torch.as_tensor(_interpolator()).abs().sum(dim=-1).max())
    # Oversample only the blocks that could beat the loudest sample.
    peak = float(_peak_envelope(audio, floor=sample_peak).max())
    return 20 * float(np.log10(max(peak, 1e-12))) if bound else float("-inf")


def limit(audio: torch.Tensor, sample_rate_hz: int, ceiling_dbtp: float = -1.0,
          lookahead_s: float = 0.005, release_s: float = 0.05) -> tuple[torch.Tensor, float]:
    """Keep the true peak at or below `ceiling_dbtp` with smooth, look-ahead gain reduction.

    The gain curve is a moving average of a moving minimum of the required gain, which is
    provably never above the required gain, so no peak escapes; a final whole-clip trim
    catches inter-sample overs introduced by the gain changes themselves.

    Returns:
        The limited audio and its true peak in dBTP. The peak is exact wherever the audio
        could come within reach of the ceiling; if it is lower everywhere, the value is the
        highest sample peak, which is then also below the ceiling.
    """
    ceiling = db_to_gain(ceiling_dbtp - 0.05)  # a little margin for the interpolator's error
    required = (ceiling / _peak_envelope(audio, floor=ceiling).clamp_min(1e-12)).clamp(max=1.0)
    if bool((required < 1.0).any()):
        attack = max(1, int(lookahead_s * sample_rate_hz))
        hold = max(attack, int(release_s * sample_rate_hz))
        gain = _moving_mean(_moving_min(required, hold), attack)
        audio = audio * torch.minimum(gain, required)
    peak = float(_peak_envelope(audio, floor=ceiling).max()) if audio.numel() else 0.0
    peak_db = 20 * float(np.log10(max(peak, 1e-12)))
    if peak_db > ceiling_dbtp:
        trim_db = ceiling_dbtp - peak_db - 0.01
        audio, peak_db = audio * db_to_gain(trim_db), peak_db + trim_db
    return audio, peak_db


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

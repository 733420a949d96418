"""True-peak measurement (4x oversampling) and a look-ahead true-peak limiter."""

from __future__ import annotations

import functools
import math
from collections.abc import Callable

import numpy as np
import torch

from wavjourney.dsp.core import db_to_gain

OVERSAMPLE = 4
_OVERSAMPLE_TAPS_PER_PHASE = 24


_KAISER_BETA = 8.0
_CUTOFF_OF_NYQUIST = 0.9 / OVERSAMPLE


@functools.lru_cache(maxsize=1)
def _interpolator() -> np.ndarray:
    """Polyphase interpolation filters, shape (OVERSAMPLE, taps).

    A Kaiser-windowed sinc low-pass with unit DC gain (what scipy's `firwin` designs; written
    out so a render worker never imports scipy.signal, which takes seconds).
    """
    count = OVERSAMPLE * _OVERSAMPLE_TAPS_PER_PHASE
    m = np.arange(count) - (count - 1) / 2
    taps = _CUTOFF_OF_NYQUIST * np.sinc(_CUTOFF_OF_NYQUIST * m) * np.kaiser(count, _KAISER_BETA)
    taps = taps / taps.sum() * OVERSAMPLE
    return taps.reshape(_OVERSAMPLE_TAPS_PER_PHASE, OVERSAMPLE).T.copy()


_GEMM_SAMPLES = 32


@functools.lru_cache(maxsize=8)
def _phases(device: str) -> tuple[torch.Tensor, int, float]:
    """The interpolator as one matrix, its taps, and its worst-case gain.

    Row `i + j`, column `phase * S + i` holds tap `j` of `phase` (flipped: a convolution),
    so a window of `S + taps - 1` input samples times the matrix gives all phases of `S`
    outputs: a GEMM runs 2-3x faster than a 1-channel conv1d on CPU.
    """
    phases = torch.as_tensor(_interpolator(), dtype=torch.float32)
    count, taps = phases.shape
    matrix = torch.zeros(_GEMM_SAMPLES + taps - 1, count, _GEMM_SAMPLES)
    for i in range(_GEMM_SAMPLES):
        matrix[i:i + taps, :, i] = phases.flip(-1).T
    return (matrix.reshape(_GEMM_SAMPLES + taps - 1, -1).to(device), taps,
            float(phases.abs().sum(dim=-1).max()))


_SCAN_BLOCK = 1024
_HOT_BATCH_BLOCKS = 1024  # about a million samples per matrix product


def _peak_envelope(audio: torch.Tensor, floor: float,
                   candidates: torch.Tensor | None = None) -> torch.Tensor:
    """Per-sample max of |x| over channels and oversampled phases, shape (samples,).

    Only blocks whose worst case can exceed `floor` are oversampled: an interpolated sample
    is a weighted sum of input samples, so it is at most the block's sample peak times the
    largest phase's sum of absolute weights. Elsewhere the sample peak is returned, which is
    exact for what callers ask (is anything above `floor`, and by how much). Everything stays
    float32 on the audio's device, hot blocks in batches of `_HOT_BATCH_BLOCKS`.

    Args:
        candidates: optional bool per `_SCAN_BLOCK` block; others are not oversampled.
    """
    matrix, taps, bound = _phases(str(audio.device))
    channels, n = audio.shape
    blocks = -(-n // _SCAN_BLOCK)
    envelope = torch.zeros(blocks * _SCAN_BLOCK, device=audio.device)
    torch.abs(audio[0], out=envelope[:n])
    for channel in audio[1:]:  # channel by channel: no |x| copy of the whole track
        torch.maximum(envelope[:n], channel.abs(), out=envelope[:n])
    by_block = envelope.view(blocks, _SCAN_BLOCK)
    could_exceed = by_block.amax(dim=1) * bound > floor
    if candidates is not None:
        could_exceed &= candidates
    hot = torch.nonzero(could_exceed).flatten()
    if hot.numel():
        # Each hot block with `taps` samples of context on both sides.
        delay = taps // 2
        offsets = torch.arange(_SCAN_BLOCK + taps - 1, device=audio.device)
        for batch in torch.split(hot, _HOT_BATCH_BLOCKS):
            index = (batch * _SCAN_BLOCK - delay)[:, None] + offsets
            segments = audio[:, index.clamp(0, n - 1)]  # (ch, k, span)
            # Samples before the start or past the end are zeros (no padded copy of the track).
            segments *= ((index >= 0) & (index < n)).to(segments.dtype)
            windows = segments.unfold(-1, _GEMM_SAMPLES + taps - 1, _GEMM_SAMPLES)
            peaks = (windows @ matrix).view(channels, batch.numel(), -1, OVERSAMPLE,
                                            _GEMM_SAMPLES)
            peaks = peaks.abs_().amax(dim=3).view(channels, batch.numel(), _SCAN_BLOCK)
            by_block[batch] = torch.maximum(by_block[batch], _channel_max(peaks))
    return envelope[:n]


def _channel_max(x: torch.Tensor) -> torch.Tensor:
    """Max over the first axis, element-wise per channel (a strided reduction is slower)."""
    out = x[0].clone()
    for channel in x[1:]:
        torch.maximum(out, channel, out=out)
    return out


def true_peak_db(audio: torch.Tensor) -> float:
    """True peak in dBTP (4x oversampled), over all channels."""
    if audio.numel() == 0:
        return float("-inf")
    sample_peak = float(audio.abs().max())
    # Oversample only the blocks that could beat the loudest sample.
    peak = float(_peak_envelope(audio, floor=sample_peak).max())
    return 20 * float(np.log10(max(peak, 1e-12)))


LIMITER_BLOCK_SAMPLES = 1 << 17
"""About 3 s: `limit` works through a signal in blocks this long, large enough that the
margins cost little, small enough that a block's temporaries stay in cache (4x faster than
whole-track tensors: no page faults, no full-length copies)."""


def limiter_reach(sample_rate_hz: int, lookahead_s: float = 0.005,
                  release_s: float = 0.05) -> tuple[int, int, int]:
    """(attack, hold, margin) in samples. The limited output at a sample depends on the
    input within `margin` of it and on nothing else (look-ahead, release, and the
    oversampling filter's reach twice: before and after the gain)."""
    attack = max(1, int(lookahead_s * sample_rate_hz))
    hold = max(attack, int(release_s * sample_rate_hz))
    return attack, hold, hold + attack + 2 * OVERSAMPLE * _OVERSAMPLE_TAPS_PER_PHASE + 2


def limit_span(source: Callable[[int, int], torch.Tensor], first: int, last: int,
               n_samples: int, sample_rate_hz: int, ceiling_dbtp: float = -1.0, *,
               lookahead_s: float = 0.005, release_s: float = 0.05
               ) -> tuple[torch.Tensor, float]:
    """Limit samples [first, last) of a signal of `n_samples`.

    Every step is exact or works in integers, so each output sample is a function of the
    input within `limiter_reach`'s margin of it alone: the same bytes however the signal is
    cut into spans, and wherever the same stretch of input stands in the signal.

    Args:
        source: `source(a, b)` gives the input over [a, b), (channels, b - a).

    Returns:
        (the limited span, its true peak as a linear amplitude). The peak is exact wherever
        the audio could come within reach of the ceiling; where it is lower everywhere, it is
        the span's highest sample peak.
    """
    attack, hold, margin = limiter_reach(sample_rate_hz, lookahead_s, release_s)
    low, high = max(0, first - margin), min(n_samples, last + margin)
    ceiling = db_to_gain(ceiling_dbtp - 0.05)  # a little margin for the interpolator's error
    return _limit_window(source(low, high), ceiling, attack, hold, first - low, last - low)


def _limit_window(window: torch.Tensor, ceiling: float, attack: int, hold: int, first: int,
                  last: int) -> tuple[torch.Tensor, float]:
    """Limit window[:, first:last] using the whole window as context.

    The gain curve is a moving average of a moving minimum of the required gain, which is
    provably never above the required gain, so no peak escapes.
    """
    envelope = _peak_envelope(window, floor=ceiling)
    required = (ceiling / envelope.clamp_min(1e-12)).clamp(max=1.0)
    if not bool((required < 1.0).any()):
        return window[:, first:last], float(envelope[first:last].max())
    gain = torch.minimum(_moving_mean(_moving_min(required, hold), attack), required)
    limited = window * gain
    # Only blocks the gain touched, and their neighbours (the interpolator reaches a few
    # samples across a block edge), can have new peaks; elsewhere the audio is bit-identical
    # and its envelope known.
    n = gain.shape[-1]
    blocks = -(-n // _SCAN_BLOCK)
    touched = torch.nn.functional.pad(gain < 1.0, (0, blocks * _SCAN_BLOCK - n))
    touched = touched.view(blocks, _SCAN_BLOCK).any(dim=1)
    touched = torch.nn.functional.max_pool1d(touched[None].float(), 3, 1, 1)[0] > 0
    per_sample = touched.repeat_interleave(_SCAN_BLOCK)[:n]
    after = _peak_envelope(limited, floor=ceiling, candidates=touched)
    peak = float(torch.where(per_sample, after, envelope)[first:last].max())
    return limited[:, first:last], peak


def trim_db(peak_dbtp: float, ceiling_dbtp: float) -> float:
    """The whole-piece gain (dB, 0 or below) that catches inter-sample overs the limiter's
    own gain changes introduced."""
    return min(0.0, ceiling_dbtp - peak_dbtp - 0.01) if peak_dbtp > ceiling_dbtp else 0.0


def limit(audio: torch.Tensor, sample_rate_hz: int, ceiling_dbtp: float = -1.0,
          lookahead_s: float = 0.005, release_s: float = 0.05) -> tuple[torch.Tensor, float]:
    """Keep the true peak at or below `ceiling_dbtp` with smooth, look-ahead gain reduction
    (`limit_span` over a whole signal in memory, block by block, then `trim_db`).

    Returns:
        The limited audio and its true peak in dBTP (see `limit_span`).
    """
    if audio.numel() == 0:
        return audio, -240.0
    n = audio.shape[-1]
    blocks = [limit_span(lambda a, b: audio[:, a:b], first, min(first + LIMITER_BLOCK_SAMPLES, n),
                         n, sample_rate_hz, ceiling_dbtp, lookahead_s=lookahead_s,
                         release_s=release_s)
              for first in range(0, n, LIMITER_BLOCK_SAMPLES)]
    out = torch.cat([b for b, _ in blocks], dim=-1)
    peak_db = 20 * math.log10(max(max(p for _, p in blocks), 1e-12))
    trim = trim_db(peak_db, ceiling_dbtp)
    if trim:
        out, peak_db = out * db_to_gain(trim), peak_db + trim
    return out, peak_db


def _moving_min(x: torch.Tensor, radius: int) -> torch.Tensor:
    """min(x[n - radius : n + radius + 1]) for every n (1.0 beyond the ends), exactly, in
    O(n): van Herk / Gil-Werman, the minimum of a suffix of one block and a prefix of the
    next. Exact, so the value at a sample does not depend on where the signal starts."""
    n, width = x.shape[-1], 2 * radius + 1
    blocks = -(-(n + 2 * radius) // width)
    padded = torch.nn.functional.pad(x, (radius, blocks * width - n - radius), value=1.0)
    by_block = padded.view(blocks, width)
    prefix = by_block.cummin(dim=1).values.reshape(-1)
    suffix = by_block.flip(1).cummin(dim=1).values.flip(1).reshape(-1)
    return torch.minimum(suffix[:n], prefix[width - 1:width - 1 + n])


_MEAN_STEPS = 1 << 24  # the moving mean's integer resolution (float32's mantissa)


def _moving_mean(x: torch.Tensor, radius: int) -> torch.Tensor:
    """Mean over [n - radius, n + radius] (edges replicated) of values in [0, 1], float32.

    Each value is rounded down to a multiple of 2**-24 and the window sums are taken in
    64-bit integers: exact, so (unlike a float cumulative sum) the value at a sample does not
    depend on where the signal starts, and never above the true mean (a limiter's gain may
    only err on the safe side).
    """
    width = 2 * radius + 1
    steps = torch.floor(x.double() * _MEAN_STEPS).to(torch.int64)
    padded = torch.cat([steps[:1].expand(radius + 1), steps, steps[-1:].expand(radius)])
    cumulative = torch.cumsum(padded, dim=0)
    sums = cumulative[width:] - cumulative[:-width]
    return (sums.double() / (width * _MEAN_STEPS)).to(torch.float32)

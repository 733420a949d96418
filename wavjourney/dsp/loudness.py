"""ITU-R BS.1770-4 integrated loudness (LUFS) and loudness normalisation, in torch.

The K-weighting filter (a high shelf and a high pass) runs as the two biquads through
`dsp.iir.sosfilt`, block-parallel torch code, so the same code runs on CPU and GPU. Clips
shorter than one 400 ms gating block are measured ungated over their whole length.
"""

from __future__ import annotations

import copy
import functools
import math

import torch

from wavjourney.constants import LOUDNESS_BLOCK_S
from wavjourney.dsp.fit import Audio
from wavjourney.dsp.iir import SosStream, sosfilt

ABSOLUTE_GATE_LUFS = -70.0
RELATIVE_GATE_LU = -10.0
BLOCK_OVERLAP = 0.75
_ENERGY_CHUNK_SAMPLES = 1 << 18
_LOUDNESS_OFFSET_DB = -0.691
_PUSH_SAMPLES = 1 << 18


@functools.lru_cache(maxsize=8)
def k_weighting_sos(sample_rate_hz: int) -> tuple[tuple[float, ...], ...]:
    """The two K-weighting biquads at a sample rate, as (b0 b1 b2 a0 a1 a2) rows."""

    def high_shelf(gain_db: float, q: float, fc: float) -> tuple[float, ...]:
        a = 10 ** (gain_db / 40.0)
        w0 = 2.0 * math.pi * fc / sample_rate_hz
        alpha = math.sin(w0) / (2.0 * q)
        cos, sq = math.cos(w0), 2 * math.sqrt(a) * alpha
        return (a * ((a + 1) + (a - 1) * cos + sq), -2 * a * ((a - 1) + (a + 1) * cos),
                a * ((a + 1) + (a - 1) * cos - sq),
                (a + 1) - (a - 1) * cos + sq, 2 * ((a - 1) - (a + 1) * cos),
                (a + 1) - (a - 1) * cos - sq)

    def high_pass(q: float, fc: float) -> tuple[float, ...]:
        w0 = 2.0 * math.pi * fc / sample_rate_hz
        alpha = math.sin(w0) / (2.0 * q)
        cos = math.cos(w0)
        return ((1 + cos) / 2, -(1 + cos), (1 + cos) / 2, 1 + alpha, -2 * cos, 1 - alpha)

    return (high_shelf(3.999843853973347, 0.7071752369554196, 1681.974450955533),
            high_pass(0.5003270373238773, 38.13547087602444))


def k_weight(audio: torch.Tensor, sample_rate_hz: int) -> torch.Tensor:
    """K-weighted audio (same shape and device): the two biquads, run as an IIR."""
    return sosfilt(k_weighting_sos(sample_rate_hz), audio)


def integrated_loudness(audio: Audio, sample_rate_hz: int) -> float:
    """Integrated loudness in LUFS of (channels, samples) audio; -inf for silence."""
    return measure(audio, sample_rate_hz)[0]


MeterState = tuple[int, "LoudnessMeter"]
"""(position, a meter that has read a signal's first `position` samples)."""


def measure(audio: Audio, sample_rate_hz: int, resume: MeterState | None = None,
            keep_at: int | None = None) -> tuple[float, MeterState | None]:
    """Integrated loudness of `audio` read in blocks of `_PUSH_SAMPLES` (a looped bed is made
    as it is read), optionally resuming and keeping the meter's state, bit for bit the same
    number as reading it all.

    Args:
        resume: the state after the first samples of a signal that starts as `audio` does
            (a bed whose span changed keeps its start): only the rest is read.
        keep_at: also return the state at this position, rounded down to a block.
    """
    n = audio.shape[-1]
    start, meter = (resume[0], resume[1].copy()) if resume else \
        (0, LoudnessMeter(sample_rate_hz, audio.shape[0], audio.device))
    mark = None if keep_at is None else keep_at // _PUSH_SAMPLES * _PUSH_SAMPLES
    kept = None
    for first in range(start, n + 1, _PUSH_SAMPLES):
        if first == mark:
            kept = (first, meter.copy())
        if first < n:
            meter.push(audio[:, first:first + _PUSH_SAMPLES])
    return meter.lufs(), kept


class LoudnessMeter:
    """Integrated loudness of audio that arrives in pieces (the master, block by block):
    the same number `integrated_loudness` gives for the whole signal at once."""

    def __init__(self, sample_rate_hz: int, channels: int, device: torch.device | str = "cpu"):
        self.filter = SosStream(k_weighting_sos(sample_rate_hz), channels, device)
        self.step = int(round(LOUDNESS_BLOCK_S * (1 - BLOCK_OVERLAP) * sample_rate_hz))
        self.steps: list[torch.Tensor] = []  # energy per 100 ms step, float64
        self.partial = torch.zeros(channels, 0, device=device)  # filtered, not yet a step
        self.steps_per_block = int(round(1 / (1 - BLOCK_OVERLAP)))  # 400 ms = 4 x 100 ms
        self.energy = 0.0  # of every filtered sample, for clips shorter than a block
        self.n = 0

    def push(self, audio: torch.Tensor) -> None:
        self._add(self.filter.push(audio))

    def copy(self) -> LoudnessMeter:
        """A meter in the same state that goes on independently."""
        other = copy.copy(self)
        other.filter, other.steps = self.filter.copy(), list(self.steps)
        return other

    def lufs(self) -> float:
        """Loudness of everything pushed so far (the meter takes no more input after)."""
        self._add(self.filter.flush())
        if self.n < self.steps_per_block * self.step:
            return to_lufs(self.energy / self.n) if self.n else float("-inf")
        step_energy = torch.cat(self.steps)
        block_energy = step_energy.unfold(0, self.steps_per_block, 1).sum(dim=-1)
        return gated_lufs(block_energy / (self.step * self.steps_per_block))

    def _add(self, weighted: torch.Tensor) -> None:
        if self.n + weighted.shape[-1] < self.steps_per_block * self.step:
            self.energy += float((weighted.double() ** 2).sum())  # only a short clip needs it
        self.n += weighted.shape[-1]
        if self.partial.shape[-1]:  # complete the step the last push began
            need = self.step - self.partial.shape[-1]
            self.partial = torch.cat([self.partial, weighted[:, :need]], dim=-1)
            weighted = weighted[:, need:]
            if self.partial.shape[-1] < self.step:
                return
            self.steps.append(_step_energy(self.partial, self.step, 1))
        n_steps = weighted.shape[-1] // self.step
        if n_steps:
            self.steps.append(_step_energy(weighted, self.step, n_steps))
        self.partial = weighted[:, n_steps * self.step:].clone()


def gated_lufs(block_power: torch.Tensor) -> float:
    """BS.1770's two gates over the 400 ms blocks' mean-square power."""
    loud = _LOUDNESS_OFFSET_DB + 10 * torch.log10(block_power.clamp_min(1e-30))
    gated = block_power[loud > ABSOLUTE_GATE_LUFS]
    if gated.numel() == 0:
        return float("-inf")
    relative_gate = _LOUDNESS_OFFSET_DB + 10 * math.log10(float(gated.mean())) + RELATIVE_GATE_LU
    final = block_power[(loud > ABSOLUTE_GATE_LUFS) & (loud > relative_gate)]
    return to_lufs(float(final.mean()))


def _step_energy(weighted: torch.Tensor, step: int, n_steps: int) -> torch.Tensor:
    """Energy per step of `step` samples, summed over channels (all BS.1770 channel weights
    are 1 here), float64; squares a bounded chunk at a time, never the whole signal."""
    energy = torch.zeros(n_steps, dtype=torch.float64, device=weighted.device)
    chunk_steps = max(1, _ENERGY_CHUNK_SAMPLES // step)
    for channel in weighted:
        steps = channel[: n_steps * step].view(n_steps, step)
        for first in range(0, n_steps, chunk_steps):
            part = steps[first:first + chunk_steps]
            energy[first:first + chunk_steps] += (part * part).sum(dim=-1)
    return energy


def to_lufs(power: float) -> float:
    return _LOUDNESS_OFFSET_DB + 10 * math.log10(power) if power > 0 else float("-inf")


def normalize_loudness(audio: Audio, sample_rate_hz: int, target_lufs: float,
                       measured: float | None = None) -> tuple[Audio, float, float]:
    """Scale audio to `target_lufs`.

    Args:
        measured: the audio's loudness, when already measured.

    Returns:
        (audio, gain_db, loudness after the gain in LUFS). Silence is returned as is, with
        -inf loudness. The loudness after is measured, not assumed: a gain moves blocks
        across the absolute gate, so it can differ from the target for very quiet targets.
    """
    if measured is None:
        measured = integrated_loudness(audio, sample_rate_hz)
    if not math.isfinite(measured):
        return audio, 0.0, measured
    gain_db = target_lufs - measured
    gained = audio * (10 ** (gain_db / 20))
    if all(b > ABSOLUTE_GATE_LUFS for b in (measured, target_lufs)) and \
            min(measured, target_lufs) > ABSOLUTE_GATE_LUFS + 20:
        # Far from the absolute gate, loudness is linear in the gain: no need to re-measure.
        return gained, gain_db, target_lufs
    return gained, gain_db, integrated_loudness(gained, sample_rate_hz)

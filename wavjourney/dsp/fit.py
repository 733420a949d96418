"""Fit a clip to a duration: trim with a fade, pad with silence, or loop a bed."""

from __future__ import annotations

import dataclasses
import functools
from dataclasses import dataclass

import torch

from wavjourney.constants import TRIM_FADE_S
from wavjourney.dsp.core import Panned, raised_cosine


def fade(audio: torch.Tensor, sample_rate_hz: int, fade_in_s: float = 0.0,
         fade_out_s: float = 0.0) -> torch.Tensor:
    """Raised-cosine fade in and out (each at most the clip's length)."""
    n = audio.shape[-1]
    fade_in = min(int(round(fade_in_s * sample_rate_hz)), n)
    fade_out = min(int(round(fade_out_s * sample_rate_hz)), n)
    if not fade_in and not fade_out:
        return audio
    audio = audio.clone()
    if fade_in:
        audio[:, :fade_in] *= raised_cosine(fade_in, audio.device)
    if fade_out:
        audio[:, n - fade_out:] *= raised_cosine(fade_out, audio.device).flip(0)
    return audio


def fit_exact(audio: torch.Tensor, sample_rate_hz: int, n_samples: int) -> torch.Tensor:
    """Exactly `n_samples`: trim with a short fade-out, or pad the end with silence."""
    n = audio.shape[-1]
    if n > n_samples:
        return fade(audio[:, :n_samples], sample_rate_hz, fade_out_s=TRIM_FADE_S)
    if n < n_samples:
        return torch.nn.functional.pad(audio, (0, n_samples - n))
    return audio


def fit_loop(audio: torch.Tensor, sample_rate_hz: int, n_samples: int, *,
             crossfade_s: float, seamless: bool) -> torch.Tensor:
    """Exactly `n_samples` by repeating a bed (`LoopedBed` made whole, without fades)."""
    return LoopedBed.of(audio, sample_rate_hz, n_samples, crossfade_s=crossfade_s,
                        seamless=seamless)[:, :]


@dataclass(frozen=True, eq=False)
class LoopedBed:
    """A bed repeated to `n_samples`, faded in and out, times `gain`: made a stretch at a
    time (`bed[:, first:last]`), so an hour-long bed never exists whole in memory.

    A seamless bed (its end flows into its start) is tiled as is; otherwise consecutive
    copies overlap by an equal-power crossfade of `crossfade` samples (the first copy starts
    without a fade-in). A bed longer than `n_samples` is trimmed with a short fade-out, as
    when copies overrun the end. Every sample is computed from its own position alone, so
    the same stretch comes out the same however the bed is cut.

    Args:
        unit: (channels, samples), the generated bed.
        fade_in, fade_out: raised-cosine fades at the ends, in samples.
    """

    unit: torch.Tensor
    n_samples: int
    crossfade: int = 0
    trim_fade: int = 0
    fade_in: int = 0
    fade_out: int = 0
    gain: float = 1.0

    @classmethod
    def of(cls, audio: torch.Tensor, sample_rate_hz: int, n_samples: int, *,
           crossfade_s: float, seamless: bool, fade_in_s: float = 0.0,
           fade_out_s: float = 0.0) -> LoopedBed:
        n = audio.shape[-1]
        crossfade = 0 if seamless else min(int(round(crossfade_s * sample_rate_hz)), n // 2)
        return cls(audio, n_samples, crossfade, int(round(TRIM_FADE_S * sample_rate_hz)),
                   min(int(round(fade_in_s * sample_rate_hz)), n_samples),
                   min(int(round(fade_out_s * sample_rate_hz)), n_samples))

    @property
    def shape(self) -> tuple[int, int]:
        return (self.unit.shape[0], self.n_samples)

    @property
    def device(self) -> torch.device:
        return self.unit.device

    def __mul__(self, gain: float) -> LoopedBed:
        return dataclasses.replace(self, gain=self.gain * gain)

    def with_unit(self, unit: torch.Tensor) -> LoopedBed:
        """The same bed made from another unit (the unit's channels converted, say)."""
        return dataclasses.replace(self, unit=unit)

    def __getitem__(self, index: tuple[slice, slice]) -> torch.Tensor:
        channels, samples = index
        first, last, step = samples.indices(self.n_samples)
        if step != 1:
            raise IndexError("a looped bed is sliced with step 1")
        return self._render(first, max(first, last))[channels]

    def _render(self, first: int, last: int) -> torch.Tensor:
        unit, n = self.unit, self.unit.shape[-1]
        if n >= self.n_samples:
            out = unit[:, first:last].clone()
            overrun = n > self.n_samples
        elif self.crossfade == 0:
            out = unit[:, torch.arange(first, last, device=unit.device) % n]
            overrun = False  # cut anywhere: a seamless bed flows on
        else:
            out, overrun = self._crossfaded(first, last)
        ramps = []
        if overrun:  # copies run past the end: trimmed with a short fade
            ramps.append((self.n_samples - min(self.trim_fade, self.n_samples), True))
        if self.fade_out:
            ramps.append((self.n_samples - self.fade_out, True))
        if self.fade_in:
            ramps.append((0, False))
        for start, falling in ramps:
            length = self.n_samples - start if falling else self.fade_in
            lo, hi = max(first, start), min(last, start + length)
            if hi > lo:
                ramp = raised_cosine(length, out.device)
                ramp = ramp.flip(0) if falling else ramp
                out[:, lo - first:hi - first] *= ramp[lo - start:hi - start]
        return out * self.gain if self.gain != 1.0 else out

    @functools.cached_property
    def _piece(self) -> torch.Tensor:
        """One copy of the unit with its crossfade ramps (equal power)."""
        n, xfade = self.unit.shape[-1], self.crossfade
        ramp = raised_cosine(xfade, self.unit.device)
        piece = self.unit.clone()
        piece[:, :xfade] *= torch.sqrt(ramp)
        piece[:, n - xfade:] *= torch.sqrt(1 - ramp)
        return piece

    def _crossfaded(self, first: int, last: int) -> tuple[torch.Tensor, bool]:
        unit, n, xfade = self.unit, self.unit.shape[-1], self.crossfade
        hop, piece = n - xfade, self._piece
        out = torch.zeros(unit.shape[0], last - first, device=unit.device)
        for k in range(max(0, (first - n) // hop), last // hop + 1):  # copies reaching here
            lo, hi = max(first, k * hop), min(last, k * hop + n)
            if hi > lo:
                out[:, lo - first:hi - first] += piece[:, lo - k * hop:hi - k * hop]
        if first < xfade:  # the very first copy needs no fade-in
            out[:, :min(xfade, last) - first] = unit[:, first:min(xfade, last)]
        reps = 1 + -(-(self.n_samples - n) // hop)
        return out, n + (reps - 1) * hop > self.n_samples


Audio = torch.Tensor | LoopedBed | Panned
"""(channels, samples) audio: a tensor, or audio made a stretch at a time as it is read (a
looped bed, a mono clip panned into stereo)."""

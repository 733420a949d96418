"""Placing clips on a timeline, ducking and summing."""

from __future__ import annotations

import bisect
import functools
import hashlib
import math
from dataclasses import dataclass

import torch

from wavjourney.dsp.fit import Audio


@dataclass(frozen=True)
class Placed:
    """A levelled clip at its start sample, with the ducking curve it gets in the mix.

    Args:
        key: the clip's content hash.
        prefix_key, steady: its first `steady` samples do not depend on its length, and
            `prefix_key` names them (a looped bed).
        duck: (times in s from the clip's start, gains in dB) of `duck_breakpoints`, or None.
            The curve is applied as the mix is made, block by block, so no ducked copy of a
            long bed is ever held.
    """

    start: int
    audio: Audio
    key: str = ""
    prefix_key: str = ""
    steady: int = 0
    duck: tuple[tuple[float, ...], tuple[float, ...]] | None = None


_LONG_SOURCE = 1 << 21  # samples (about 47 s at 44.1 kHz): longer sources are few (beds)


@dataclass(frozen=True)
class MixPlan:
    """The mix as a recipe: `render(first, last)` sums any stretch of it on demand, in the
    sources' order (a fixed order keeps the float sum, and so the bytes, reproducible).

    Every sample of the sum depends only on the sources' content and their positions
    relative to it, so a stretch of the mix made of the same clips at the same relative
    positions is the same, bit for bit, wherever it stands; `segment_key` names it.

    Args:
        anchors: where the foreground elements start (the segments' starts, `segments`).
    """

    sources: tuple[Placed, ...]
    n_samples: int
    channels: int
    sample_rate_hz: int
    anchors: tuple[int, ...] = ()

    def segments(self, longest: int) -> list[tuple[int, int]]:
        """The timeline cut at each anchor, and every `longest` samples after one: the same
        cuts, relative to the clips, wherever an edit has moved them."""
        cuts = sorted({0, *(a for a in self.anchors if 0 < a < self.n_samples)})
        out = []
        for first, end in zip(cuts, cuts[1:] + [self.n_samples]):
            out += [(s, min(s + longest, end)) for s in range(first, end, longest)]
        return out

    def segment_key(self, first: int, last: int, margin: int) -> str:
        """What the mix over [first - margin, last + margin) is made of, relative to `first`:
        equal keys, equal samples."""
        low, high = max(0, first - margin), min(self.n_samples, last + margin)
        parts: list[object] = [low - first, high - first, last - first, self.channels,
                               self.sample_rate_hz]
        rate = self.sample_rate_hz
        for source in self.overlapping(low, high):
            length = source.audio.shape[-1]
            duck = None
            if source.duck is not None:  # only the part of the curve inside the window
                duck = _curve_within(*source.duck, (low - source.start) / rate,
                                     (high - source.start) / rate)
            if high - source.start <= source.steady:  # a bed's stretch before its end
                parts.append((source.prefix_key, source.start - first, duck))
            else:
                parts.append((source.key, source.start - first, length, duck))
        return hashlib.sha256(repr(parts).encode()).hexdigest()

    def overlapping(self, first: int, last: int) -> list[Placed]:
        """The sources sounding in [first, last), in the plan's order (found by bisection
        among the short ones; the few long ones, beds, are checked one by one)."""
        starts, ends, order, longest_short, long_ones = self._index
        low = bisect.bisect_left(starts, first - longest_short)
        high = bisect.bisect_left(starts, last)
        found = [order[i] for i in range(low, high) if ends[i] > first]
        found += [i for i in long_ones if self.sources[i].start < last and
                  self.sources[i].start + self.sources[i].audio.shape[-1] > first]
        return [self.sources[i] for i in sorted(found)]

    @functools.cached_property
    def _index(self) -> tuple[list[int], list[int], list[int], int, list[int]]:
        lengths = [s.audio.shape[-1] for s in self.sources]
        short = sorted((s.start, i) for i, s in enumerate(self.sources)
                       if lengths[i] <= _LONG_SOURCE)
        return ([start for start, _ in short], [start + lengths[i] for start, i in short],
                [i for _, i in short], max((lengths[i] for _, i in short), default=0),
                [i for i, n in enumerate(lengths) if n > _LONG_SOURCE])

    def render(self, first: int, last: int) -> torch.Tensor:
        device = self.sources[0].audio.device if self.sources else None
        out = torch.zeros(self.channels, last - first, device=device)
        for source in self.overlapping(first, last):
            start = max(first, source.start)
            end = min(last, source.start + source.audio.shape[-1], self.n_samples)
            if end <= start:
                continue
            piece = source.audio[:, start - source.start:end - source.start]
            if source.duck is not None:
                piece = piece * _piecewise_db(start - source.start, end - source.start,
                                              self.sample_rate_hz, *source.duck, device=device)
            out[:, start - first:end - first] += piece
        return out


def duck_gain(n_samples: int, sample_rate_hz: int, intervals: list[tuple[float, float]],
              amount_db: float, attack_s: float, release_s: float,
              device: torch.device | str | None = None) -> torch.Tensor:
    """Gain curve (linear, per sample, float32 on `device`) that dips by `amount_db` during
    `intervals`: unity, a constant dip, and linear-in-dB ramps between them.

    Args:
        intervals: (start_s, end_s) of the sidechain (foreground speech), relative to the
            clip's start.
        attack_s: how long before an interval the dip begins (look-ahead, as a mixer would).
        release_s: how long after an interval the gain takes to recover.
        device: where the curve is made (the bed's device: no host-to-device copy).
    """
    points_t, points_db = duck_breakpoints(intervals, amount_db, attack_s, release_s)
    return _piecewise_db(0, n_samples, sample_rate_hz, points_t, points_db, device)


def duck_breakpoints(intervals: list[tuple[float, float]], amount_db: float, attack_s: float,
                     release_s: float) -> tuple[list[float], list[float]]:
    """(times in s, gains in dB) of the ducking curve: see `duck_gain`."""
    points_t: list[float] = [0.0]
    points_db: list[float] = [0.0]
    for start_s, end_s in sorted(intervals):
        down, up = max(start_s - attack_s, 0.0), end_s + release_s
        if down <= points_t[-1]:
            # Overlaps the previous dip: stay down instead of bouncing.
            if points_db[-1] != -amount_db:
                points_t.append(max(points_t[-1], down))
                points_db.append(-amount_db)
        else:
            points_t += [down, max(start_s, down)]
            points_db += [0.0, -amount_db]
        points_t += [max(end_s, points_t[-1]), max(up, points_t[-1])]
        points_db += [-amount_db, 0.0]
    return points_t, points_db


def _piecewise_db(first: int, last: int, sample_rate_hz: int, points_t: list[float] | tuple,
                  points_db: list[float] | tuple, device: torch.device | str | None
                  ) -> torch.Tensor:
    """Linear gain over samples [first, last) of a piecewise-linear dB curve through
    (points_t, points_db), sample n taken at n / rate (like numpy's interp, held flat after
    the last point), filled segment by segment: only the short ramps compute anything, in
    float64 over their own samples, each sample from its own index alone (the same value
    whatever stretch is asked for)."""
    gain = torch.ones(last - first, device=device)
    # Only the pieces of the curve that reach [first, last): found by bisection.
    low = max(0, bisect.bisect_right(points_t, first / sample_rate_hz) - 2)
    high = min(len(points_t), bisect.bisect_left(points_t, last / sample_rate_hz) + 2)
    pieces = zip(zip(points_t[low:high], points_db[low:high]),
                 zip(points_t[low + 1:high], points_db[low + 1:high]))
    for (t0, db0), (t1, db1) in pieces:
        lo = min(max(math.ceil(t0 * sample_rate_hz), first), last)
        hi = min(max(math.ceil(t1 * sample_rate_hz), first), last)
        if hi <= lo:
            continue
        if db0 == db1:
            if db0 != 0.0:
                gain[lo - first:hi - first] = 10 ** (db0 / 20)
            continue
        t = torch.arange(lo, hi, dtype=torch.float64, device=device) / sample_rate_hz
        gain_db = db0 + (t - t0) * ((db1 - db0) / (t1 - t0))
        gain[lo - first:hi - first] = (10 ** (gain_db / 20)).to(torch.float32)
    tail = min(max(math.ceil(points_t[-1] * sample_rate_hz), first), last)
    if points_db[-1] != 0.0:
        gain[tail - first:] = 10 ** (points_db[-1] / 20)
    return gain


def _curve_within(points_t: tuple[float, ...], points_db: tuple[float, ...], start_s: float,
                  end_s: float) -> tuple:
    """The breakpoints that decide a piecewise-linear curve over [start_s, end_s]: those
    inside it and the nearest one on each side."""
    first = max(0, bisect.bisect_left(points_t, start_s) - 1)
    last = min(bisect.bisect_right(points_t, end_s), len(points_t) - 1)
    return tuple(zip(points_t[first:last + 1], points_db[first:last + 1]))

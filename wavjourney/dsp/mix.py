"""Placing clips on a timeline, ducking and summing."""

from __future__ import annotations

import math

import torch


def mix(placed: list[tuple[int, torch.Tensor]], n_samples: int, channels: int,
        device: torch.device | str | None = None) -> torch.Tensor:
    """Sum clips at their start samples into a (channels, n_samples) buffer, in list order
    (a fixed order keeps the floating-point sum, and so the output bytes, reproducible)."""
    out = torch.zeros(channels, n_samples, device=device)
    for start, clip in placed:
        end = min(start + clip.shape[-1], n_samples)
        if end > start:
            out[:, start:end] += clip[:, : end - start]
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
    return _piecewise_db(n_samples, sample_rate_hz, points_t, points_db, device)


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


def _piecewise_db(n_samples: int, sample_rate_hz: int, points_t: list[float],
                  points_db: list[float], device: torch.device | str | None) -> torch.Tensor:
    """Linear gain of a piecewise-linear dB curve through (points_t, points_db), sampled at
    n / rate (like numpy's interp, held flat after the last point), filled segment by
    segment: only the short ramps compute anything, in float64 over their own samples."""
    gain = torch.ones(n_samples, device=device)
    for (t0, db0), (t1, db1) in zip(zip(points_t, points_db), zip(points_t[1:], points_db[1:])):
        first = min(max(math.ceil(t0 * sample_rate_hz), 0), n_samples)
        last = min(max(math.ceil(t1 * sample_rate_hz), 0), n_samples)
        if last <= first:
            continue
        if db0 == db1:
            if db0 != 0.0:
                gain[first:last] = 10 ** (db0 / 20)
            continue
        t = torch.arange(first, last, dtype=torch.float64, device=device) / sample_rate_hz
        gain_db = db0 + (t - t0) * ((db1 - db0) / (t1 - t0))
        gain[first:last] = (10 ** (gain_db / 20)).to(torch.float32)
    tail = min(max(math.ceil(points_t[-1] * sample_rate_hz), 0), n_samples)
    if points_db[-1] != 0.0:
        gain[tail:] = 10 ** (points_db[-1] / 20)
    return gain

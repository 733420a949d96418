"""Placing clips on a timeline, ducking and summing."""

from __future__ import annotations

import numpy as np
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
              amount_db: float, attack_s: float, release_s: float) -> np.ndarray:
    """Gain curve (linear, per sample) that dips by `amount_db` during `intervals`.

    Args:
        intervals: (start_s, end_s) of the sidechain (foreground speech), relative to the
            clip's start.
        attack_s: how long before an interval the dip begins (look-ahead, as a mixer would).
        release_s: how long after an interval the gain takes to recover.
    """
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
    t = np.arange(n_samples) / sample_rate_hz
    gain_db = np.interp(t, np.asarray(points_t), np.asarray(points_db))
    return (10 ** (gain_db / 20)).astype(np.float32)

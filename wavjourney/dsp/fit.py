"""Fit a clip to a duration: trim with a fade, pad with silence, or loop a bed."""

from __future__ import annotations

import torch

from wavjourney.constants import TRIM_FADE_S
from wavjourney.dsp.core import raised_cosine


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
    """Exactly `n_samples` by repeating a bed.

    Args:
        seamless: the bed is a seamless loop (its end flows into its start), so it is tiled
            as is; otherwise consecutive copies overlap by an equal-power crossfade.
        crossfade_s: crossfade length for non-seamless beds.
    """
    n = audio.shape[-1]
    if n >= n_samples:
        return fit_exact(audio, sample_rate_hz, n_samples)
    if seamless:
        reps = -(-n_samples // n)
        return audio.repeat(1, reps)[:, :n_samples]
    xfade = min(int(round(crossfade_s * sample_rate_hz)), n // 2)
    if xfade == 0:
        return fit_loop(audio, sample_rate_hz, n_samples, crossfade_s=0, seamless=True)
    ramp = raised_cosine(xfade, audio.device)
    fade_in, fade_out = torch.sqrt(ramp), torch.sqrt(1 - ramp)  # equal power
    hop = n - xfade
    reps = 1 + -(-(n_samples - n) // hop)
    out = torch.zeros(audio.shape[0], n + (reps - 1) * hop, device=audio.device)
    piece = audio.clone()
    piece[:, :xfade] *= fade_in
    piece[:, n - xfade:] *= fade_out
    for k in range(reps):
        out[:, k * hop:k * hop + n] += piece
    out[:, :xfade] = audio[:, :xfade]  # the very first entry needs no fade-in
    return fit_exact(out, sample_rate_hz, n_samples)

"""Small building blocks shared by the DSP ops."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import overload

import numpy as np
import torch


def as_tensor(audio: np.ndarray | torch.Tensor, device: torch.device | str | None = None
              ) -> torch.Tensor:
    """Float32 tensor of shape (channels, samples)."""
    tensor = torch.as_tensor(audio, dtype=torch.float32, device=device)
    if tensor.ndim == 1:
        tensor = tensor[None, :]
    if tensor.ndim != 2:
        raise ValueError(f"audio must be (channels, samples); got shape {tuple(tensor.shape)}")
    return tensor


@overload
def db_to_gain(db: float) -> float: ...


@overload
def db_to_gain(db: torch.Tensor) -> torch.Tensor: ...


def db_to_gain(db: float | torch.Tensor) -> float | torch.Tensor:
    return 10.0 ** (db / 20.0)


def to_channels(audio: torch.Tensor, channels: int, pan: float = 0.0) -> torch.Tensor:
    """Mono/stereo conversion with a constant-power pan for mono sources.

    Args:
        audio: (channels, samples).
        channels: 1 or 2.
        pan: -1 (left) to 1 (right); applied to mono sources and as a balance to stereo ones.
    """
    if channels == 1:
        return audio.mean(dim=0, keepdim=True) if audio.shape[0] > 1 else audio
    angle = (pan + 1.0) * np.pi / 4.0  # 0 .. pi/2
    if audio.shape[0] == 1:
        # Constant power, normalised so a centred mono source keeps its level in each channel.
        left, right = np.cos(angle) * np.sqrt(2.0), np.sin(angle) * np.sqrt(2.0)
        return torch.cat([audio * left, audio * right], dim=0)
    if pan == 0.0:
        return audio[:2]
    left, right = min(1.0, 1.0 - pan), min(1.0, 1.0 + pan)
    return torch.stack([audio[0] * left, audio[1] * right])


@dataclass(frozen=True, eq=False)
class Panned:
    """A mono clip as heard in `channels` channels (`to_channels` with `pan`), times `gain`,
    converted a stretch at a time (`panned[:, first:last]`): a voice in a stereo piece is
    held once, not twice."""

    mono: torch.Tensor  # (1, samples)
    channels: int
    pan: float = 0.0
    gain: float = 1.0

    @property
    def shape(self) -> tuple[int, int]:
        return (self.channels, self.mono.shape[-1])

    @property
    def device(self) -> torch.device:
        return self.mono.device

    def __mul__(self, gain: float) -> Panned:
        return dataclasses.replace(self, gain=self.gain * gain)

    def __getitem__(self, index: tuple[slice, slice]) -> torch.Tensor:
        channels, samples = index
        out = to_channels(self.mono[:, samples], self.channels, self.pan)
        return (out * self.gain if self.gain != 1.0 else out)[channels]


def raised_cosine(n: int, device: torch.device | None = None) -> torch.Tensor:
    """A rising half-cosine ramp of n samples from 0 to 1 (click-free fades)."""
    if n <= 0:
        return torch.ones(0, device=device)
    t = torch.arange(n, dtype=torch.float32, device=device) / max(n - 1, 1)
    return 0.5 - 0.5 * torch.cos(torch.pi * t)

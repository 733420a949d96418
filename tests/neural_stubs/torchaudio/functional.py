"""Resampling for the torchaudio test stand-in."""

import torch


def resample(waveform: torch.Tensor, orig_freq: int, new_freq: int, **_ignored) -> torch.Tensor:
    import julius  # an audiocraft dependency: a pure-torch sinc resampler

    if int(orig_freq) == int(new_freq):
        return waveform
    return julius.resample_frac(waveform, int(orig_freq), int(new_freq))

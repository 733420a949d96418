"""Spectrogram transforms for the torchaudio test stand-in (torch STFT + librosa mel bank)."""

import torch

from .functional import resample


class Spectrogram(torch.nn.Module):
    def __init__(self, n_fft=400, win_length=None, hop_length=None, pad=0,
                 window_fn=torch.hann_window, power=2.0, normalized=False, center=True,
                 pad_mode="reflect", onesided=True, **_ignored):
        super().__init__()
        self.n_fft = n_fft
        self.win_length = win_length or n_fft
        self.hop_length = hop_length or self.win_length // 2
        self.power = power
        self.center = center
        self.pad_mode = pad_mode
        self.register_buffer("window", window_fn(self.win_length))

    def forward(self, wav: torch.Tensor) -> torch.Tensor:
        shape = wav.shape
        spec = torch.stft(wav.reshape(-1, shape[-1]), self.n_fft, self.hop_length,
                          self.win_length, self.window, center=self.center,
                          pad_mode=self.pad_mode, return_complex=True).abs()
        if self.power is not None:
            spec = spec.pow(self.power)
        return spec.reshape(*shape[:-1], *spec.shape[-2:])


class MelSpectrogram(torch.nn.Module):
    def __init__(self, sample_rate=16000, n_fft=400, win_length=None, hop_length=None,
                 f_min=0.0, f_max=None, pad=0, n_mels=128, window_fn=torch.hann_window,
                 power=2.0, normalized=False, center=True, pad_mode="reflect", norm=None,
                 mel_scale="htk", **_ignored):
        super().__init__()
        import librosa

        self.spectrogram = Spectrogram(n_fft, win_length, hop_length, pad, window_fn, power,
                                       normalized, center, pad_mode)
        bank = librosa.filters.mel(sr=sample_rate, n_fft=n_fft, n_mels=n_mels, fmin=f_min,
                                   fmax=f_max, htk=mel_scale == "htk", norm=norm)
        self.register_buffer("mel_bank", torch.as_tensor(bank, dtype=torch.float32))

    def forward(self, wav: torch.Tensor) -> torch.Tensor:
        spec = self.spectrogram(wav)
        return torch.matmul(self.mel_bank.to(spec.dtype), spec)


class Resample(torch.nn.Module):
    def __init__(self, orig_freq=16000, new_freq=16000, **_ignored):
        super().__init__()
        self.orig_freq, self.new_freq = orig_freq, new_freq

    def forward(self, wav: torch.Tensor) -> torch.Tensor:
        return resample(wav, self.orig_freq, self.new_freq)

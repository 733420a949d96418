"""Test-only stand-in for torchaudio (see tests/neural_stubs/README.md).

Only what audiocraft / coqui-tts reach on our code paths: resampling and mel spectrograms,
implemented with torch and librosa's filter bank. Loading and saving files is not provided:
WavJourney reads recordings with soundfile itself.
"""

__version__ = "0.0-stub"

from . import functional, transforms  # noqa: E402,F401


def load(*args, **kwargs):
    raise RuntimeError("torchaudio stub: load() is not available in tests")


def save(*args, **kwargs):
    raise RuntimeError("torchaudio stub: save() is not available in tests")

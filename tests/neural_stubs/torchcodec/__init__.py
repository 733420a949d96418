"""Test-only stand-in for torchcodec (see tests/neural_stubs/README.md): coqui-tts checks
that it is importable; nothing on our code paths decodes files through it."""

__version__ = "0.0-stub"

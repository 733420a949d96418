"""Test-only stand-in for xformers (see tests/neural_stubs/README.md): audiocraft imports
`xformers.ops` at import time but uses torch's attention unless asked for xformers."""

__version__ = "0.0-stub"

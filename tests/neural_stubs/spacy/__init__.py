"""Test-only stand-in for spacy (see tests/neural_stubs/README.md): audiocraft imports it for
its T5 conditioner's word dropout, which tiny models (lookup-table conditioner) never use."""

__version__ = "0.0-stub"


def load(*args, **kwargs):
    raise RuntimeError("spacy stub: no language models in tests")

"""WavJourney: compositional audio creation."""
__version__ = "0.1.0"

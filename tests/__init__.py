"""WavJourney tests (a package, so that `tests.conftest` is ours: flashy, an audiocraft
dependency, installs a top-level `tests` package into site-packages)."""

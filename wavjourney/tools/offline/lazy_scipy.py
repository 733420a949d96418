"""scipy's modules, imported on first use.

Importing scipy.signal takes about a second. The offline tools' cards are read by every
command, and a render that only reads cached clips (a re-render from the command line)
generates nothing, so their modules import scipy only when they first make a sound.
"""

from __future__ import annotations

from types import ModuleType


def signal() -> ModuleType:
    from scipy import signal as module

    return module


def fft() -> ModuleType:
    from scipy import fft as module

    return module

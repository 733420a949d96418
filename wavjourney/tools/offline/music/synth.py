"""Synthesis building blocks: oscillators, envelopes, filters and a note cache.

Everything is vectorised over a note's samples (float32); phases are accumulated in float64
and reduced to one cycle before the float32 ``sin`` so long notes stay clean.
"""

from __future__ import annotations

import threading
import zlib
from collections import OrderedDict
from collections.abc import Callable
from functools import lru_cache

import numpy as np
from scipy import signal

TWO_PI = np.float32(2.0 * np.pi)
T60_LN = 6.907755  # ln(1000): an exponential reaches -60 dB at t60
WAVETABLE_SIZE = 4096
MAX_WAVETABLE_HARMONICS = 128
NYQUIST_FRACTION = 0.45  # partials above this fraction of the sample rate are dropped
NOTE_CACHE_BYTES = 96 * 1024 * 1024
END_RAMP_S = 0.004  # every note ends with a short cosine ramp to exactly zero (no clicks)
START_RAMP_S = 0.0007  # ... and starts from zero (mallets and drums start mid-cycle)

Mono = np.ndarray  # float32 (n,)
Audio = np.ndarray  # float32 (n,) or (2, n)


def stable_int(*parts: object) -> int:
    """A 32-bit integer from values, identical in every process (unlike ``hash``)."""
    return zlib.crc32("\x1f".join(map(str, parts)).encode())


def time_axis(n: int, sr: int) -> Mono:
    """Seconds of each sample, float32."""
    return np.arange(n, dtype=np.float32) / np.float32(sr)


def cycles_frac(freq_hz: float | np.ndarray, n: int, sr: int, phase0: float = 0.0) -> Mono:
    """Fractional cycle position (0-1) of an oscillator, float32.

    Args:
        freq_hz: a constant frequency, or one per sample (vibrato, sweeps).
        n: number of samples.
        sr: sample rate in Hz.
        phase0: starting phase in cycles.
    """
    if np.ndim(freq_hz) == 0:
        c = np.arange(n, dtype=np.float64) * (float(freq_hz) / sr) + phase0
    else:
        c = np.cumsum(np.asarray(freq_hz, dtype=np.float64) / sr) + phase0
    c -= np.floor(c)
    return c.astype(np.float32)


def sine(freq_hz: float | np.ndarray, n: int, sr: int, phase0: float = 0.0) -> Mono:
    """A sine oscillator."""
    return np.sin(TWO_PI * cycles_frac(freq_hz, n, sr, phase0))


@lru_cache(maxsize=64)
def _wavetable(shape: str, n_harmonics: int) -> Mono:
    k = np.arange(1, n_harmonics + 1)
    if shape == "saw":
        amps = 1.0 / k
    elif shape == "square":
        amps = np.where(k % 2 == 1, 1.0 / k, 0.0)
    elif shape == "triangle":
        amps = np.where(k % 2 == 1, (-1.0) ** ((k - 1) // 2) / k**2, 0.0)
    else:
        raise ValueError(f"unknown wavetable shape {shape!r}")
    phase = np.arange(WAVETABLE_SIZE) / WAVETABLE_SIZE
    table = (amps[:, None] * np.sin(2 * np.pi * k[:, None] * phase[None, :])).sum(axis=0)
    table /= np.abs(table).max()
    table.setflags(write=False)
    return table.astype(np.float32)


def band_limited(shape: str, freq_hz: float | np.ndarray, n: int, sr: int,
                 phase0: float = 0.0) -> Mono:
    """Saw / square / triangle without aliasing (harmonics stop below ~0.45 sr)."""
    f_max = float(np.max(freq_hz))
    harmonics = max(1, min(MAX_WAVETABLE_HARMONICS, int(NYQUIST_FRACTION * sr / f_max)))
    harmonics = 1 << (harmonics.bit_length() - 1)  # power of two: few distinct tables
    table = _wavetable(shape, harmonics)
    idx = (cycles_frac(freq_hz, n, sr, phase0) * WAVETABLE_SIZE).astype(np.int32)
    return table[idx & (WAVETABLE_SIZE - 1)]


def partials(freq_hz: float, ratios: np.ndarray, amps: np.ndarray, t60_s: np.ndarray,
             n: int, sr: int, rng: np.random.Generator | None = None) -> Mono:
    """Sum of exponentially decaying sine partials (piano, bells, plucks).

    Args:
        freq_hz: fundamental.
        ratios: partial frequency / fundamental (may be inharmonic).
        amps: initial amplitude of each partial.
        t60_s: time for each partial to fall by 60 dB.
        n: number of samples.
        sr: sample rate in Hz.
        rng: random start phases when given (else all start at 0).
    """
    ratios = np.asarray(ratios, dtype=np.float64)
    keep = ratios * freq_hz < NYQUIST_FRACTION * sr
    ratios, amps, t60_s = ratios[keep], np.asarray(amps)[keep], np.asarray(t60_s)[keep]
    t = time_axis(n, sr)
    out = np.zeros(n, dtype=np.float32)
    phases = rng.random(len(ratios)) if rng is not None else np.zeros(len(ratios))
    for ratio, amp, t60, ph in zip(ratios, amps, t60_s, phases):
        # Skip the samples after the partial has died away (-80 dB): saves most of the work.
        m = min(n, int(t60 * 80 / 60 * sr) + 1)
        env = np.exp(t[:m] * np.float32(-T60_LN / t60)) * np.float32(amp)
        out[:m] += env * np.sin(TWO_PI * cycles_frac(freq_hz * ratio, m, sr, ph))
    return out


def adsr(gate_n: int, sr: int, attack_s: float, decay_s: float, sustain: float,
         release_s: float) -> Mono:
    """Attack-decay-sustain-release envelope, ``gate_n + release`` samples long.

    Attack is a raised cosine, decay is exponential (``decay_s`` is its time constant),
    release falls exponentially and ends on an exact zero.
    """
    rel_n = max(1, int(release_s * sr))
    n = gate_n + rel_n
    t = time_axis(n, sr)
    att = max(attack_s, 1e-4)
    env = np.where(t < att, 0.5 - 0.5 * np.cos(np.pi * np.minimum(t / att, 1.0)), 1.0)
    if decay_s > 0 and sustain < 1.0:
        after = np.maximum(t - att, 0.0)
        env = env * (sustain + (1.0 - sustain) * np.exp(-after / np.float32(decay_s)))
    env = env.astype(np.float32)
    level = env[min(gate_n, n - 1) - 1] if gate_n > 0 else np.float32(0.0)
    tr = t[:rel_n]
    release = level * np.exp(-tr * np.float32(5.0 / release_s)) * (
        0.5 + 0.5 * np.cos(np.pi * tr / np.float32(release_s)))
    env[gate_n:] = release[: n - gate_n]
    return env


def perc_env(n: int, sr: int, attack_s: float, t60_s: float) -> Mono:
    """Percussive envelope: raised-cosine attack then exponential decay to -60 dB at t60."""
    t = time_axis(n, sr)
    env = np.exp(-np.maximum(t - attack_s, 0.0) * np.float32(T60_LN / t60_s))
    if attack_s > 0:
        rise = t < attack_s
        env[rise] *= 0.5 - 0.5 * np.cos(np.pi * t[rise] / np.float32(attack_s))
    return env.astype(np.float32)


def fade_edges(x: Audio, sr: int) -> Audio:
    """Start a note from zero and end it on zero with short cosine ramps (no clicks)."""
    m = min(x.shape[-1] // 2, max(2, int(END_RAMP_S * sr)))
    ramp = (0.5 + 0.5 * np.cos(np.linspace(0, np.pi, m))).astype(np.float32)
    x[..., -m:] *= ramp
    m = min(x.shape[-1] // 2, max(2, int(START_RAMP_S * sr)))
    x[..., :m] *= (0.5 - 0.5 * np.cos(np.linspace(0, np.pi, m))).astype(np.float32)
    return x


@lru_cache(maxsize=256)
def _sos(kind: str, cutoff: tuple[float, ...], sr: int, order: int) -> np.ndarray:
    nyq = sr / 2
    wn = [min(c, 0.95 * nyq) for c in cutoff]
    return signal.butter(order, wn if len(wn) > 1 else wn[0], btype=kind, fs=sr, output="sos")


def lowpass(x: Audio, cutoff_hz: float, sr: int, order: int = 2) -> Audio:
    """Butterworth low-pass along the last axis (float32 in, float32 out)."""
    if cutoff_hz >= 0.45 * sr:
        return x
    return signal.sosfilt(_sos("lowpass", (round(cutoff_hz, 1),), sr, order), x).astype(
        np.float32)


def highpass(x: Audio, cutoff_hz: float, sr: int, order: int = 2) -> Audio:
    """Butterworth high-pass along the last axis."""
    return signal.sosfilt(_sos("highpass", (round(cutoff_hz, 1),), sr, order), x).astype(
        np.float32)


def bandpass(x: Audio, low_hz: float, high_hz: float, sr: int, order: int = 2) -> Audio:
    """Butterworth band-pass along the last axis."""
    return signal.sosfilt(
        _sos("bandpass", (round(low_hz, 1), round(high_hz, 1)), sr, order), x
    ).astype(np.float32)


def noise(rng: np.random.Generator, n: int) -> Mono:
    """White noise, float32, unit variance."""
    return rng.standard_normal(n, dtype=np.float32)


class NoteCache:
    """A byte-bounded LRU of rendered notes; shared by threads (notes are immutable).

    A note depends only on its key (its noise is seeded from the key), so caching never
    changes what a request renders.
    """

    def __init__(self, max_bytes: int = NOTE_CACHE_BYTES):
        self._max_bytes = max_bytes
        self._bytes = 0
        self._items: OrderedDict[tuple, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple, make: Callable[[], np.ndarray]) -> np.ndarray:
        with self._lock:
            hit = self._items.get(key)
            if hit is not None:
                self._items.move_to_end(key)
                return hit
        value = make()
        value.setflags(write=False)
        with self._lock:
            if key not in self._items:
                self._items[key] = value
                self._bytes += value.nbytes
                while self._bytes > self._max_bytes and len(self._items) > 1:
                    _, old = self._items.popitem(last=False)
                    self._bytes -= old.nbytes
        return value

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self._bytes = 0


NOTE_CACHE = NoteCache()

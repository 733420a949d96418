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
from typing import Literal

import numpy as np

from wavjourney.tools.offline import lazy_scipy

TWO_PI = np.float32(2.0 * np.pi)
T60_LN = 6.907755  # ln(1000): an exponential reaches -60 dB at t60
WAVETABLE_SIZE = 4096
NYQUIST_FRACTION = 0.45  # partials above this fraction of the sample rate are dropped
NOTE_CACHE_BYTES = 96 * 1024 * 1024
END_RAMP_S = 0.004  # every note ends with a short cosine ramp to exactly zero (no clicks)
START_RAMP_S = 0.0007  # ... and starts from zero (mallets and drums start mid-cycle)

Mono = np.ndarray  # float32 (n,)
Audio = np.ndarray  # float32 (n,) or (2, n)
FilterKind = Literal["lowpass", "highpass", "bandpass"]  # scipy.signal.butter's btype


def stable_int(*parts: object) -> int:
    """A 32-bit integer from values, identical in every process (unlike ``hash``)."""
    return zlib.crc32("\x1f".join(map(str, parts)).encode())


def time_axis(n: int, sr: int) -> Mono:
    """Seconds of each sample, float32."""
    return np.arange(n, dtype=np.float32) / np.float32(sr)


PHASE_BLOCK = 2048  # samples per block of float32 phase ramps (re-anchored in float64)


def cycles_frac(freq_hz: float | np.ndarray, n: int, sr: int, phase0: float = 0.0) -> Mono:
    """Oscillator phase in cycles, float32 (may exceed 1: use it through sin or a table).

    A constant frequency is built from short float32 ramps re-anchored every block from a
    float64 phase (fast, and precise for notes of any length); a per-sample frequency
    (vibrato, sweeps) is integrated in float64 and wrapped to 0-1.

    Args:
        freq_hz: a constant frequency, or one per sample.
        n: number of samples.
        sr: sample rate in Hz.
        phase0: starting phase in cycles.
    """
    if np.ndim(freq_hz) == 0:
        inc = float(freq_hz) / sr
        n_blocks = -(-n // PHASE_BLOCK)
        anchors = (np.arange(n_blocks) * (PHASE_BLOCK * inc) + phase0) % 1.0
        ramp = np.arange(PHASE_BLOCK, dtype=np.float32) * np.float32(inc)
        return (anchors.astype(np.float32)[:, None] + ramp[None, :]).reshape(-1)[:n]
    c = np.cumsum(np.asarray(freq_hz, dtype=np.float64) / sr) + phase0
    c -= np.floor(c)
    return c.astype(np.float32)


def scaled_cycles(cycles64: np.ndarray, ratio: float, phase0: float = 0.0) -> Mono:
    """Phase of an oscillator at ``ratio`` times a float64 phase track, wrapped, float32."""
    c = cycles64 * ratio + phase0
    c -= np.floor(c)
    return c.astype(np.float32)


def sine(freq_hz: float | np.ndarray, n: int, sr: int, phase0: float = 0.0) -> Mono:
    """A sine oscillator."""
    return np.sin(TWO_PI * cycles_frac(freq_hz, n, sr, phase0))


def harmonic_weights(shape: str, n_harmonics: int) -> np.ndarray:
    """Amplitudes of harmonics 1..n of a saw, square or triangle."""
    k = np.arange(1, n_harmonics + 1, dtype=np.float64)
    if shape == "saw":
        return 1.0 / k
    if shape == "square":
        return np.where(k % 2 == 1, 1.0 / k, 0.0)
    if shape == "triangle":
        return np.where(k % 2 == 1, (-1.0) ** ((k - 1) // 2) / k**2, 0.0)
    raise ValueError(f"unknown wavetable shape {shape!r}")


def butter_gain(freq_hz: np.ndarray, cutoff_hz: float, order: int, high: bool = False
                ) -> np.ndarray:
    """Magnitude response of a Butterworth low-pass (or high-pass) at given frequencies."""
    ratio = (cutoff_hz / np.maximum(freq_hz, 1e-9)) if high else freq_hz / cutoff_hz
    return 1.0 / np.sqrt(1.0 + ratio ** (2 * order))


@lru_cache(maxsize=1024)
def shaped_table(shape: str, fundamental_hz: float, sr: int, lowpass_hz: float | None = None,
                 highpass_hz: float | None = None,
                 formants: tuple[tuple[float, float, float], ...] = ()) -> Mono:
    """One cycle of a band-limited waveform with a static filter baked into its spectrum.

    Filtering a periodic wave only scales its harmonics, so a low-pass, high-pass or vowel
    formants cost nothing at play time: the table already holds the filtered spectrum.

    Args:
        shape: ``saw``, ``square`` or ``triangle``.
        fundamental_hz: the note's frequency (sets which harmonics fit below Nyquist).
        sr: sample rate in Hz.
        lowpass_hz: 2nd-order low-pass cutoff.
        highpass_hz: 1st-order high-pass cutoff.
        formants: (centre Hz, bandwidth Hz, gain) resonances, summed (vowels).
    """
    n_harm = max(1, min(WAVETABLE_SIZE // 2 - 1, int(NYQUIST_FRACTION * sr / fundamental_hz)))
    weights = harmonic_weights(shape, n_harm)
    freqs = fundamental_hz * np.arange(1, n_harm + 1)
    if lowpass_hz:
        weights = weights * butter_gain(freqs, lowpass_hz, 2)
    if highpass_hz:
        weights = weights * butter_gain(freqs, highpass_hz, 1, high=True)
    if formants:
        shaped = np.zeros_like(freqs)
        for centre, width, gain in formants:
            shaped += gain / np.sqrt(1.0 + ((freqs - centre) / (width / 2)) ** 2)
        weights = weights * shaped
    spectrum = np.zeros(WAVETABLE_SIZE // 2 + 1, dtype=np.complex128)
    spectrum[1:n_harm + 1] = -0.5j * WAVETABLE_SIZE * weights
    table = np.fft.irfft(spectrum, n=WAVETABLE_SIZE)
    table /= np.abs(table).max() + 1e-12
    table = table.astype(np.float32)
    table.setflags(write=False)
    return table


def table_lookup(table: Mono, cycles: Mono) -> Mono:
    """Read a one-cycle table at the given phases (cycles)."""
    idx = (cycles * np.float32(WAVETABLE_SIZE)).astype(np.int32)
    np.bitwise_and(idx, WAVETABLE_SIZE - 1, out=idx)
    return table[idx]


def band_limited(shape: str, freq_hz: float | np.ndarray, n: int, sr: int,
                 phase0: float = 0.0, lowpass_hz: float | None = None,
                 highpass_hz: float | None = None) -> Mono:
    """Saw / square / triangle without aliasing, optionally pre-filtered (see `shaped_table`)."""
    f_ref = float(np.max(freq_hz)) if np.ndim(freq_hz) else float(freq_hz)
    table = shaped_table(shape, round(f_ref, 2), sr,
                         None if lowpass_hz is None else round(lowpass_hz, 1),
                         None if highpass_hz is None else round(highpass_hz, 1))
    return table_lookup(table, cycles_frac(freq_hz, n, sr, phase0))


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
    for ratio, amp, t60, ph in zip(ratios, amps, t60_s, phases, strict=True):
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
def _sos(kind: FilterKind, cutoff: tuple[float, ...], sr: int, order: int) -> np.ndarray:
    nyq = sr / 2
    wn = [min(c, 0.95 * nyq) for c in cutoff]
    return lazy_scipy.signal().butter(order, wn if len(wn) > 1 else wn[0], btype=kind, fs=sr,
                                      output="sos")


def lowpass(x: Audio, cutoff_hz: float, sr: int, order: int = 2) -> Audio:
    """Butterworth low-pass along the last axis (float32 in, float32 out)."""
    if cutoff_hz >= 0.45 * sr:
        return x
    sos = _sos("lowpass", (round(cutoff_hz, 1),), sr, order)
    return lazy_scipy.signal().sosfilt(sos, x).astype(np.float32)


def highpass(x: Audio, cutoff_hz: float, sr: int, order: int = 2) -> Audio:
    """Butterworth high-pass along the last axis."""
    sos = _sos("highpass", (round(cutoff_hz, 1),), sr, order)
    return lazy_scipy.signal().sosfilt(sos, x).astype(np.float32)


def bandpass(x: Audio, low_hz: float, high_hz: float, sr: int, order: int = 2) -> Audio:
    """Butterworth band-pass along the last axis."""
    return lazy_scipy.signal().sosfilt(
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

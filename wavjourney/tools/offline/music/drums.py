"""Synthesised percussion for the electronic kits: kicks, snares, claps, hats, cymbals, a riser.

Same signature as the pitched instruments (``fn(freq_hz, gate_n, sr, rng, bright)``); most
ignore the pitch and the gate. Each hit has a few random takes (``variant``), so repeated hits
are not machine-gun identical. The acoustic kits are recordings (`instruments.Sampled`).
"""

from __future__ import annotations

import numpy as np

from wavjourney.tools.offline.music.synth import (
    TWO_PI,
    bandpass,
    cycles_frac,
    highpass,
    lowpass,
    noise,
    perc_env,
    sine,
    time_axis,
)

DRUM_VARIANTS = 4  # random takes per drum sound
# Frequencies of the six square oscillators of an analogue (808-style) cymbal / hi-hat.
_METAL_HZ = (205.3, 304.4, 369.6, 522.7, 540.0, 800.0)


def _swept_sine(n: int, sr: int, start_hz: float, end_hz: float, sweep_s: float) -> np.ndarray:
    t = time_axis(n, sr)
    freq = end_hz + (start_hz - end_hz) * np.exp(-t / np.float32(sweep_s))
    return np.sin(TWO_PI * cycles_frac(freq, n, sr))


def _metal(n: int, sr: int, rng: np.random.Generator, scale: float) -> np.ndarray:
    x = np.zeros(n, dtype=np.float32)
    for f in _METAL_HZ:
        c = cycles_frac(f * scale * (1 + 0.01 * rng.standard_normal()), n, sr, rng.random())
        x += np.where(c - np.floor(c) < 0.5, 1.0, -1.0).astype(np.float32)
    return x / len(_METAL_HZ)


def kick(freq_hz, gate_n, sr, rng, bright):
    """Punchy electronic kick: fast pitch drop, round body, a click."""
    n = int(0.45 * sr)
    body = _swept_sine(n, sr, 160.0, 47.0, 0.03) * perc_env(n, sr, 0.001, 0.5)
    click_n = int(0.004 * sr)
    body[:click_n] += 0.3 * bright * highpass(noise(rng, click_n), 2000.0, sr)
    return np.tanh(1.6 * body)


def kick_soft(freq_hz, gate_n, sr, rng, bright):
    """Acoustic / lo-fi kick: softer beater, shorter, warmer."""
    n = int(0.4 * sr)
    body = _swept_sine(n, sr, 120.0, 52.0, 0.035) * perc_env(n, sr, 0.002, 0.38)
    thump = lowpass(noise(rng, n), 600.0, sr) * perc_env(n, sr, 0.001, 0.03)
    return lowpass(body + 0.15 * thump, 3000.0, sr)


def snare(freq_hz, gate_n, sr, rng, bright):
    """Snare: two drum-head modes plus band-passed wire noise."""
    n = int(0.35 * sr)
    tone = (sine(185.0, n, sr) * perc_env(n, sr, 0.001, 0.14)
            + 0.5 * sine(330.0, n, sr) * perc_env(n, sr, 0.001, 0.09))
    wires = bandpass(noise(rng, n), 1200.0, 9000.0, sr) * perc_env(n, sr, 0.001, 0.22)
    return 0.7 * tone + (0.6 + 0.4 * bright) * wires



def snare_lofi(freq_hz, gate_n, sr, rng, bright):
    """Dusty sampled-sounding snare: fatter body, rolled-off top."""
    return lowpass(snare(freq_hz, gate_n, sr, rng, bright * 0.7), 5000.0, sr)



def clap(freq_hz, gate_n, sr, rng, bright):
    """Hand clap: three quick bursts and a short diffuse tail."""
    n = int(0.3 * sr)
    x = bandpass(noise(rng, n), 900.0, 3500.0, sr)
    t = time_axis(n, sr)
    env = 0.6 * perc_env(n, sr, 0.0, 0.18)
    for offset_s in (0.0, 0.011, 0.022):
        env += np.where(t >= offset_s, np.exp(-(t - offset_s) / np.float32(0.004)), 0.0)
    return x * env.astype(np.float32)


def hat(freq_hz, gate_n, sr, rng, bright):
    """Closed hi-hat."""
    n = int(0.12 * sr)
    x = 0.6 * highpass(noise(rng, n), 7000.0, sr) + highpass(_metal(n, sr, rng, 1.0), 6000.0, sr)
    return x * perc_env(n, sr, 0.0005, 0.05 + 0.03 * bright)


def hat_open(freq_hz, gate_n, sr, rng, bright):
    """Open hi-hat."""
    n = int(0.6 * sr)
    x = 0.6 * highpass(noise(rng, n), 6500.0, sr) + highpass(_metal(n, sr, rng, 1.0), 6000.0, sr)
    return x * perc_env(n, sr, 0.001, 0.45)



def crash(freq_hz, gate_n, sr, rng, bright):
    """Crash cymbal."""
    n = int(2.4 * sr)
    x = highpass(_metal(n, sr, rng, 1.3) + noise(rng, n), 3000.0, sr)
    return x * perc_env(n, sr, 0.002, 2.2)



def shaker(freq_hz, gate_n, sr, rng, bright):
    """Shaker: a short swell of high noise."""
    n = int(0.14 * sr)
    return bandpass(noise(rng, n), 4000.0, 11000.0, sr) * perc_env(n, sr, 0.015, 0.09)



def riser(freq_hz, gate_n, sr, rng, bright):
    """Noise swell over the gate (fills, tension), cut off at its peak."""
    n = gate_n + int(0.02 * sr)
    t = time_axis(n, sr) / np.float32(max(gate_n, 1) / sr)
    x = noise(rng, n)
    dark = lowpass(x, 600.0, sr)
    airy = highpass(x, 2500.0, sr)
    ramp = np.clip(t, 0.0, 1.0) ** 2
    y = dark * (1 - ramp) + airy * ramp
    return y * ramp * np.where(t <= 1.0, 1.0, 0.0)



DRUMS = {
    "kick": (kick, False),
    "soft kick": (kick_soft, False),
    "snare": (snare, False),
    "lofi snare": (snare_lofi, False),
    "clap": (clap, False),
    "hi-hat": (hat, False),
    "open hi-hat": (hat_open, False),
    "crash": (crash, False),
    "shaker": (shaker, False),
    "riser": (riser, False),
}

"""Synthesised percussion: kicks, snares, hats, cymbals, hand percussion, orchestral drums.

Same signature as the pitched instruments (``fn(freq_hz, gate_n, sr, rng, bright)``); most
ignore the pitch and the gate. Each hit has a few random takes (``variant``), so repeated hits
are not machine-gun identical.
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


def kick_rock(freq_hz, gate_n, sr, rng, bright):
    """Acoustic rock kick: a beater slap on the head, a short boom of the shell; no long
    sine tail (that tail is what makes a kick read as electronic)."""
    n = int(0.32 * sr)
    body = _swept_sine(n, sr, 105.0, 60.0, 0.018) * perc_env(n, sr, 0.001, 0.17)
    shell = lowpass(noise(rng, n), 220.0, sr) * perc_env(n, sr, 0.001, 0.07)
    slap = bandpass(noise(rng, n), 1800.0, 6000.0, sr) * perc_env(n, sr, 0.0005, 0.012)
    return np.tanh(1.3 * (body + 0.6 * shell + (0.35 + 0.3 * bright) * slap))


def snare_rock(freq_hz, gate_n, sr, rng, bright):
    """Rock snare hit hard: a fat body of several head modes, a loud wire crack and the
    room ringing a little after it."""
    n = int(0.45 * sr)
    tone = np.zeros(n, dtype=np.float32)
    for f, amp, t60 in ((175.0, 1.0, 0.16), (265.0, 0.55, 0.12), (390.0, 0.35, 0.08)):
        tone += amp * sine(f * (1 + 0.01 * rng.standard_normal()), n, sr, rng.random()) * \
            perc_env(n, sr, 0.001, t60)
    wires = bandpass(noise(rng, n), 1500.0, 10000.0, sr) * perc_env(n, sr, 0.001, 0.3)
    crack = highpass(noise(rng, n), 3000.0, sr) * perc_env(n, sr, 0.0005, 0.02)
    return np.tanh(1.2 * (0.8 * tone + (0.8 + 0.3 * bright) * wires + 0.5 * crack))


def snare_lofi(freq_hz, gate_n, sr, rng, bright):
    """Dusty sampled-sounding snare: fatter body, rolled-off top."""
    return lowpass(snare(freq_hz, gate_n, sr, rng, bright * 0.7), 5000.0, sr)


def brush(freq_hz, gate_n, sr, rng, bright):
    """Brush on a snare: soft swish."""
    n = int(0.3 * sr)
    return bandpass(noise(rng, n), 1500.0, 7000.0, sr) * perc_env(n, sr, 0.008, 0.22)


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


def _shimmer(n: int, sr: int, rng: np.random.Generator, low_hz: float, high_hz: float,
             count: int) -> np.ndarray:
    """Dense inharmonic partials of a struck bronze plate (random frequencies and phases)."""
    x = np.zeros(n, dtype=np.float32)
    for f in np.exp(rng.uniform(np.log(low_hz), np.log(high_hz), count)):
        x += sine(float(f), n, sr, rng.random())
    return x / np.float32(np.sqrt(count))


def hat_acoustic(freq_hz, gate_n, sr, rng, bright):
    """A real closed hi-hat: two plates' noise and dense partials, no square-wave metal
    (the 808 oscillators of `hat` are what make a kit read as a drum machine)."""
    n = int(0.14 * sr)
    x = highpass(noise(rng, n), 6000.0, sr) + 0.5 * _shimmer(n, sr, rng, 5000.0, 14000.0, 24)
    stick = bandpass(noise(rng, n), 2000.0, 5000.0, sr) * perc_env(n, sr, 0.0, 0.006)
    return (x * perc_env(n, sr, 0.0005, 0.045 + 0.03 * bright) + 0.4 * stick) * (
        0.7 + 0.3 * bright)


def crash_acoustic(freq_hz, gate_n, sr, rng, bright):
    """A real crash: a noisy splash over a slowly fading cloud of bronze partials."""
    n = int(2.4 * sr)
    splash = highpass(noise(rng, n), 2500.0, sr) * perc_env(n, sr, 0.002, 0.8)
    wash = highpass(_shimmer(n, sr, rng, 1500.0, 12000.0, 48), 1200.0, sr)
    return splash + 0.7 * wash * perc_env(n, sr, 0.005, 2.2)


def ride(freq_hz, gate_n, sr, rng, bright):
    """Ride cymbal: a bell ping over a long shimmering wash."""
    n = int(1.6 * sr)
    wash = highpass(_metal(n, sr, rng, 1.7) + 0.5 * noise(rng, n), 4500.0, sr)
    ping = sum(sine(f, n, sr) for f in (3140.0, 4770.0, 5950.0)) / 3
    return 0.5 * wash * perc_env(n, sr, 0.001, 1.4) + 0.4 * ping * perc_env(n, sr, 0.0, 0.35)


def crash(freq_hz, gate_n, sr, rng, bright):
    """Crash cymbal."""
    n = int(2.4 * sr)
    x = highpass(_metal(n, sr, rng, 1.3) + noise(rng, n), 3000.0, sr)
    return x * perc_env(n, sr, 0.002, 2.2)


def rim(freq_hz, gate_n, sr, rng, bright):
    """Rim click / cross-stick."""
    n = int(0.08 * sr)
    tone = sine(1700.0, n, sr) + 0.7 * sine(520.0, n, sr)
    click = highpass(noise(rng, n), 2500.0, sr)
    return (tone + 0.5 * click) * perc_env(n, sr, 0.0, 0.04)


def shaker(freq_hz, gate_n, sr, rng, bright):
    """Shaker: a short swell of high noise."""
    n = int(0.14 * sr)
    return bandpass(noise(rng, n), 4000.0, 11000.0, sr) * perc_env(n, sr, 0.015, 0.09)


def woodblock(freq_hz, gate_n, sr, rng, bright):
    """Wood block (tick-tock): pitch follows the note."""
    n = int(0.12 * sr)
    f = freq_hz
    return (sine(f, n, sr) + 0.4 * sine(2.7 * f, n, sr)) * perc_env(n, sr, 0.0, 0.06)


def tom(freq_hz, gate_n, sr, rng, bright):
    """Tom: pitched membrane with a short stick noise."""
    n = int(0.6 * sr)
    body = _swept_sine(n, sr, 1.5 * freq_hz, freq_hz, 0.04) * perc_env(n, sr, 0.001, 0.5)
    stick = bandpass(noise(rng, n), 300.0, 3000.0, sr) * perc_env(n, sr, 0.0, 0.04)
    return body + 0.25 * stick


def taiko(freq_hz, gate_n, sr, rng, bright):
    """Big ensemble drum for battles: deep boom, skin slap, a touch of grit."""
    n = int(1.1 * sr)
    boom = _swept_sine(n, sr, 2.2 * freq_hz, freq_hz, 0.05) * perc_env(n, sr, 0.002, 0.9)
    slap = lowpass(noise(rng, n), 1800.0, sr) * perc_env(n, sr, 0.001, 0.08)
    return np.tanh(1.4 * (boom + (0.25 + 0.2 * bright) * slap))


def timpani(freq_hz, gate_n, sr, rng, bright):
    """Timpani: tuned membrane modes, long roll-off."""
    n = int(2.2 * sr)
    x = np.zeros(n, dtype=np.float32)
    for ratio, amp, t60 in ((1.0, 1.0, 2.0), (1.5, 0.5, 1.4), (1.98, 0.3, 1.1),
                            (2.44, 0.15, 0.9)):
        x += amp * sine(ratio * freq_hz, n, sr, rng.random()) * perc_env(n, sr, 0.003, t60)
    thump = lowpass(noise(rng, n), 400.0, sr) * perc_env(n, sr, 0.001, 0.06)
    return x + 0.3 * thump


def heartbeat(freq_hz, gate_n, sr, rng, bright):
    """Low 'lub-dub' thump for horror."""
    n = int(0.7 * sr)
    one = _swept_sine(n, sr, 70.0, 45.0, 0.05) * perc_env(n, sr, 0.004, 0.2)
    gap = int(0.22 * sr)
    x = one.copy()
    x[gap:] += 0.7 * one[: n - gap]
    return lowpass(x, 300.0, sr)


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


def swell(freq_hz, gate_n, sr, rng, bright):
    """Dark rumbling noise swell (horror): rises over the gate, then cuts."""
    n = gate_n + int(0.02 * sr)
    t = time_axis(n, sr) / np.float32(max(gate_n, 1) / sr)
    x = noise(rng, n)
    low = lowpass(x, 250.0, sr)
    mid = bandpass(x, 400.0, 1800.0, sr)
    ramp = np.clip(t, 0.0, 1.0) ** 2
    y = low * (1 - 0.7 * ramp) + 0.5 * mid * ramp
    return y * ramp * np.where(t <= 1.0, 1.0, 0.0)


DRUMS = {
    "kick": (kick, False),
    "soft kick": (kick_soft, False),
    "snare": (snare, False),
    "rock kick": (kick_rock, False),
    "rock snare": (snare_rock, False),
    "lofi snare": (snare_lofi, False),
    "brush": (brush, False),
    "clap": (clap, False),
    "hi-hat": (hat, False),
    "open hi-hat": (hat_open, False),
    "ride": (ride, False),
    "acoustic hi-hat": (hat_acoustic, False),
    "acoustic crash": (crash_acoustic, False),
    "crash": (crash, False),
    "rim": (rim, False),
    "shaker": (shaker, False),
    "woodblock": (woodblock, True),
    "tom": (tom, True),
    "taiko": (taiko, True),
    "timpani": (timpani, True),
    "heartbeat": (heartbeat, False),
    "riser": (riser, False),
    "swell": (swell, False),
}

"""Synthesised pitched instruments: keys, plucked strings, bass, pads, strings, brass, bells.

Every instrument is ``fn(freq_hz, gate_n, sr, rng, bright) -> audio`` where ``gate_n`` is how
long the key is held (samples) and the returned note includes its release tail. ``bright``
(0-1) follows the velocity: harder notes are brighter. Output may be mono (n,) or stereo
(2, n); `render_note` normalises and caches it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from scipy import signal

from wavjourney.tools.offline.music import drums
from wavjourney.tools.offline.music.soundfont import DRUM_BANK, load_font
from wavjourney.tools.offline.music.synth import (
    NOTE_CACHE,
    TWO_PI,
    adsr,
    bandpass,
    cycles_frac,
    fade_edges,
    highpass,
    lowpass,
    noise,
    partials,
    perc_env,
    scaled_cycles,
    shaped_table,
    sine,
    stable_int,
    table_lookup,
    time_axis,
)
from wavjourney.tools.offline.music.theory import hz_to_midi, midi_to_hz

SynthFn = Callable[[float, int, int, np.random.Generator, float], np.ndarray]
VELOCITY_LAYERS = 3  # brightness layers per note (cache key granularity)
CENTS = 1.0 / 1200.0
ENSEMBLE_BLEND = 0.35  # how much of each channel of an ensemble leaks into the other
# A violin body as (centre Hz, bandwidth Hz, gain): the air mode, the main wood modes, the
# bridge hill around 2.8 kHz, and a flat floor that keeps every fundamental (without it the
# low notes' fundamentals vanish and the harmony is heard in another mode).
STRING_BODY_FORMANTS = ((280.0, 150.0, 0.7), (500.0, 250.0, 0.6), (1100.0, 400.0, 0.35),
                        (2800.0, 1200.0, 0.5), (0.0, 1e6, 0.3))
# "Aah": (centre Hz, bandwidth Hz, gain) of the vowel's resonances.
CHOIR_AH_FORMANTS = ((350.0, 300.0, 0.35), (700.0, 260.0, 1.0), (1150.0, 300.0, 0.65),
                     (2800.0, 450.0, 0.22))


def _detune(freq_hz: float, cents: float) -> float:
    return freq_hz * 2.0 ** (cents * CENTS)


def _vibrato(freq_hz: float, n: int, sr: int, rate_hz: float, depth: float, delay_s: float,
             phase0: float = 0.0) -> np.ndarray:
    """Per-sample frequency with a vibrato that fades in after ``delay_s``."""
    t = time_axis(n, sr)
    fade = np.clip((t - delay_s) / 0.4, 0.0, 1.0)
    return freq_hz * (1.0 + depth * fade * np.sin(TWO_PI * (rate_hz * t + phase0)))


def _gate_release(x: np.ndarray, gate_n: int, sr: int, release_s: float) -> np.ndarray:
    """Let a freely decaying note ring while held, then damp it over ``release_s``."""
    n = x.shape[-1]
    if gate_n >= n:
        return x
    rel_n = n - gate_n
    tr = np.arange(rel_n, dtype=np.float32) / np.float32(sr)
    damp = np.exp(-tr * np.float32(5.0 / release_s))
    x[..., gate_n:] *= damp
    return x


# --- keys -----------------------------------------------------------------------------------

def piano(freq_hz: float, gate_n: int, sr: int, rng: np.random.Generator, bright: float):
    """Additive piano: stretched partials, two-stage decay, a hammer knock, damper release."""
    release_s = 0.18
    base_t60 = float(np.clip(9.0 * (261.6 / freq_hz) ** 0.65, 0.9, 14.0))
    n = min(gate_n, int(base_t60 * sr)) + int(release_s * sr)
    k = np.arange(1, 13)
    inharm = 0.00012 * (freq_hz / 261.6) ** 0.7
    ratios = k * np.sqrt(1.0 + inharm * k**2)
    amps = k ** -1.0 * np.exp(-(k - 1) * (0.55 - 0.35 * bright))
    t60 = base_t60 / (1.0 + 0.45 * (k - 1))
    # A slightly detuned, quieter, slower copy of the low partials: unison beating and the
    # long "aftersound" of a real piano.
    ratios = np.concatenate([ratios, ratios[:3] * (1.0 + 0.0006)])
    amps = np.concatenate([amps, amps[:3] * 0.5])
    t60 = np.concatenate([t60 * 0.45, t60[:3] * 1.2])
    x = partials(freq_hz, ratios, amps, t60, n, sr, rng)
    knock_n = int(0.006 * sr)
    knock = bandpass(noise(rng, knock_n), 800.0, 4000.0, sr) * perc_env(knock_n, sr, 0.0, 0.006)
    x[:knock_n] += 0.04 * (0.5 + bright) * knock
    attack = np.minimum(time_axis(n, sr) / np.float32(0.002), 1.0)
    return _gate_release(x * attack, gate_n, sr, release_s)


def epiano(freq_hz: float, gate_n: int, sr: int, rng: np.random.Generator, bright: float):
    """FM electric piano (tine + tone bar): the index decays, so the attack barks."""
    release_s = 0.25
    t60 = float(np.clip(5.0 * (261.6 / freq_hz) ** 0.5, 1.2, 8.0))
    n = min(gate_n, int(t60 * sr)) + int(release_s * sr)
    t = time_axis(n, sr)
    c = cycles_frac(freq_hz, n, sr)
    index = (0.4 + 1.6 * bright) * np.exp(-t / np.float32(0.3)) + 0.25
    x = np.sin(TWO_PI * c + index * np.sin(TWO_PI * c))
    if 14.0 * freq_hz < 0.45 * sr:
        tine = np.sin(TWO_PI * cycles_frac(14.0 * freq_hz, n, sr))
        x += (0.1 + 0.15 * bright) * np.exp(-t / np.float32(0.04)) * tine
    x *= perc_env(n, sr, 0.002, t60)
    return _gate_release(x, gate_n, sr, release_s)


# --- plucked strings --------------------------------------------------------------------------

def karplus_strong(freq_hz: float, n: int, sr: int, rng: np.random.Generator,
                   brightness: float, t60_s: float, pick_position: float = 0.13) -> np.ndarray:
    """Plucked string: a noise burst circulating in a tuned, lossy, low-passing delay line.

    The loop filter is a two-point average (the classic KS low-pass, 0.5 sample delay)
    convolved with a linear-interpolation fractional delay, so tuning is exact. It is run a
    period at a time (each block only reads the previous period), not sample by sample.
    """
    delay = sr / freq_hz
    q = max(2, int(delay - 0.5))
    frac = delay - 0.5 - q
    gain = 10.0 ** (-3.0 / (freq_hz * t60_s))
    c0, c1, c2 = gain * 0.5 * (1 - frac), gain * 0.5, gain * 0.5 * frac
    excitation = rng.uniform(-1.0, 1.0, q).astype(np.float32)
    pole = 0.85 - 0.75 * brightness  # darker pluck: smoother burst
    excitation = signal.lfilter([1.0 - pole], [1.0, -pole], excitation).astype(np.float32)
    shift = max(1, int(pick_position * q))
    excitation[shift:] -= excitation[:-shift]  # pick position comb
    excitation -= excitation.mean()
    y = np.zeros(n + 2, dtype=np.float32)
    y[2:2 + min(q, n)] = excitation[: min(q, n)]
    start = 2 + q
    total = n + 2
    while start < total:
        stop = min(start + q, total)
        m = stop - start
        a = start - q
        y[start:stop] = c0 * y[a:a + m] + c1 * y[a - 1:a - 1 + m] + c2 * y[a - 2:a - 2 + m]
        start = stop
    return y[2:]


def guitar(freq_hz: float, gate_n: int, sr: int, rng: np.random.Generator, bright: float):
    """Steel-string guitar (Karplus-Strong) with a little body warmth."""
    release_s = 0.1
    t60 = float(np.clip(4.5 * (196.0 / freq_hz) ** 0.5, 1.0, 7.0))
    n = min(gate_n, int(t60 * sr)) + int(release_s * sr)
    x = karplus_strong(freq_hz, n, sr, rng, 0.45 + 0.45 * bright, t60)
    x = lowpass(highpass(x, 70.0, sr), 7000.0, sr)
    return _gate_release(x, gate_n, sr, release_s)


def guitar_dist(freq_hz: float, gate_n: int, sr: int, rng: np.random.Generator, bright: float):
    """Distorted electric guitar, double-tracked: two takes (a few cents apart, one per side)
    of a bright pluck, tightened below 150 Hz before a hard clipper (so the lows do not turn
    to mud), then a 4x12 cabinet: a low-mid thump, a 2-3 kHz bite and nothing above 5 kHz,
    which is what separates an amp from a synthesiser's full-band buzz."""
    release_s = 0.08
    n = gate_n + int(release_s * sr)
    takes = []
    for cents in (-6.0, 6.0):
        x = karplus_strong(_detune(freq_hz, cents), n, sr, rng, 0.85, 6.0)
        x = highpass(x / (np.abs(x).max() + 1e-9), 150.0, sr)
        x = np.tanh(12.0 * x) + 0.3 * np.tanh(30.0 * x)
        x = highpass(x, 80.0, sr)
        x = lowpass(x, 4800.0, sr, order=4)
        x = x + 0.5 * bandpass(x, 1800.0, 3200.0, sr) + 0.35 * bandpass(x, 100.0, 220.0, sr)
        takes.append(_gate_release(x.astype(np.float32), gate_n, sr, release_s))
    return np.stack(takes)


POWER_CHORD_RATIOS = (1.0, 2.0 ** (7 / 12), 2.0)  # root, fifth, octave
POWER_STRUM_S = 0.006  # the pick crosses the three strings this fast


def guitar_power(freq_hz: float, gate_n: int, sr: int, rng: np.random.Generator,
                 bright: float):
    """Power chord (root, fifth, octave) on a distorted electric guitar, double-tracked.

    The three strings go through the amp together: clipping the sum makes the difference
    tones (a growl an octave below the root) and the dense upper harmonics that say "rock",
    which three separately distorted notes do not. Palm mutes are short gates: the strings
    are damped as soon as the note is released.
    """
    release_s = 0.05
    n = gate_n + int(release_s * sr)
    takes = []
    for cents in (-7.0, 7.0):
        x = np.zeros(n, dtype=np.float32)
        for i, ratio in enumerate(POWER_CHORD_RATIOS):
            offset = int((i * POWER_STRUM_S + 0.002 * rng.random()) * sr)
            if offset < n:
                string = karplus_strong(_detune(freq_hz * ratio, cents), n - offset, sr, rng,
                                        0.9, 5.0)
                x[offset:] += string / (np.abs(string).max() + 1e-9)
        x = highpass(x / (np.abs(x).max() + 1e-9), 90.0, sr)
        x = np.tanh((8.0 + 10.0 * bright) * x)
        # A 4x12 cabinet: low-mid thump, a 1.5-3 kHz bite, nothing above ~5 kHz.
        x = highpass(x, 70.0, sr)
        x = lowpass(x, 5000.0, sr, order=4)
        cabinet = x + 0.6 * bandpass(x, 1400.0, 3000.0, sr) + 0.5 * bandpass(x, 90.0, 250.0, sr)
        takes.append(_gate_release(cabinet.astype(np.float32), gate_n, sr, release_s))
    return np.stack(takes)


def pizzicato(freq_hz: float, gate_n: int, sr: int, rng: np.random.Generator, bright: float):
    """Plucked orchestral string: short, round, woody."""
    t60 = float(np.clip(0.9 * (196.0 / freq_hz) ** 0.4, 0.35, 1.4))
    n = int(t60 * sr) + int(0.02 * sr)
    x = karplus_strong(freq_hz, n, sr, rng, 0.25 + 0.3 * bright, t60, pick_position=0.3)
    return lowpass(x, 3500.0, sr)


def upright_bass(freq_hz: float, gate_n: int, sr: int, rng: np.random.Generator,
                 bright: float):
    """Acoustic bass: dark plucked string plus a reinforced fundamental."""
    release_s = 0.08
    n = gate_n + int(release_s * sr)
    x = karplus_strong(freq_hz, n, sr, rng, 0.2 + 0.2 * bright, 2.5, pick_position=0.25)
    x /= np.abs(x).max() + 1e-9
    x += 0.5 * sine(freq_hz, n, sr) * perc_env(n, sr, 0.004, 1.6)
    x = lowpass(x, 1600.0, sr)
    return _gate_release(x, gate_n, sr, release_s)


# --- bass -----------------------------------------------------------------------------------------

def bass_finger(freq_hz: float, gate_n: int, sr: int, rng: np.random.Generator,
                bright: float):
    """Electric finger bass: decaying harmonic partials (upper ones die first)."""
    release_s = 0.06
    n = gate_n + int(release_s * sr)
    k = np.arange(1, 11)
    amps = k ** -1.2 * np.exp(-(k - 1) * (0.35 - 0.2 * bright))
    t60 = 3.0 / (1.0 + 0.7 * (k - 1))
    x = partials(freq_hz, k.astype(float), amps, t60, n, sr)
    x *= np.minimum(time_axis(n, sr) / np.float32(0.003), 1.0)
    return _gate_release(x, gate_n, sr, release_s)


def sub_bass(freq_hz: float, gate_n: int, sr: int, rng: np.random.Generator, bright: float):
    """Sine sub bass, lightly saturated so it is audible on small speakers."""
    x = sine(freq_hz, gate_n + int(0.06 * sr), sr)
    x = np.tanh(1.8 * x) + 0.15 * sine(2 * freq_hz, x.size, sr)
    return x * adsr(gate_n, sr, 0.006, 0.4, 0.8, 0.06)[: x.size]


def synth_bass(freq_hz: float, gate_n: int, sr: int, rng: np.random.Generator, bright: float):
    """Saw bass with a plucky filter envelope and a sine sub underneath."""
    release_s = 0.05
    n = gate_n + int(release_s * sr)
    phase = cycles_frac(freq_hz, n, sr)
    dark = table_lookup(shaped_table("saw", round(freq_hz, 2), sr,
                                     round(2.0 * freq_hz + 80.0, 1)), phase)
    bright_x = table_lookup(shaped_table("saw", round(freq_hz, 2), sr,
                                         round(10.0 * freq_hz + 600.0 * bright, 1)), phase)
    fade = np.exp(-time_axis(n, sr) / np.float32(0.07))
    x = dark + (bright_x - dark) * fade + 0.8 * sine(freq_hz, n, sr)
    return x * adsr(gate_n, sr, 0.003, 0.3, 0.75, release_s)


def tuba(freq_hz: float, gate_n: int, sr: int, rng: np.random.Generator, bright: float):
    """Round low brass for oom-pah bass lines."""
    return brass(freq_hz, gate_n, sr, rng, 0.25 * bright, stereo=False, attack_s=0.025)


# --- sustained ensembles -------------------------------------------------------------------------

def _saw_ensemble(freq_hz: float, n: int, sr: int, rng: np.random.Generator,
                  detunes_cents: tuple[float, ...], vibrato_depth: float,
                  vibrato_delay_s: float, lowpass_hz: float | None = None,
                  highpass_hz: float | None = None,
                  formants: tuple[tuple[float, float, float], ...] = ()) -> np.ndarray:
    """Two channels of detuned, pre-filtered saws; each channel has one vibrato (an ensemble
    section breathing together), each voice its own detune and phase."""
    table = shaped_table("saw", round(freq_hz, 2), sr,
                         None if lowpass_hz is None else round(lowpass_hz, 1),
                         None if highpass_hz is None else round(highpass_hz, 1), formants)
    out = np.zeros((2, n), dtype=np.float32)
    tracks = []
    if vibrato_depth > 0:
        for _ in range(2):
            f = _vibrato(freq_hz, n, sr, 4.8 + 0.9 * rng.random(), vibrato_depth,
                         vibrato_delay_s, rng.random())
            tracks.append(np.cumsum(f, dtype=np.float64) / sr)
    for i, cents in enumerate(detunes_cents):
        ratio = 2.0 ** (cents * CENTS)
        if tracks:
            phase = scaled_cycles(tracks[i % 2], ratio, rng.random())
        else:
            phase = cycles_frac(freq_hz * ratio, n, sr, rng.random())
        out[i % 2] += table_lookup(table, phase)
    # Blend a little of each side into the other: wide, but still focused in the middle.
    blended = np.stack([out[0] + ENSEMBLE_BLEND * out[1], out[1] + ENSEMBLE_BLEND * out[0]])
    return blended / np.float32((1 + ENSEMBLE_BLEND) * len(detunes_cents) / 2)


def pad(freq_hz: float, gate_n: int, sr: int, rng: np.random.Generator, bright: float):
    """Warm analogue pad: detuned saws, low-passed, slow attack and release, stereo."""
    release_s = 1.2
    n = gate_n + int(release_s * sr)
    x = _saw_ensemble(freq_hz, n, sr, rng, (-14.0, 11.0, -5.0, 16.0), 0.0, 0.0,
                      lowpass_hz=min(2200.0, 3.0 * freq_hz + 900.0 * bright))
    return x * adsr(gate_n, sr, 0.6, 0.0, 1.0, release_s)


def strings(freq_hz: float, gate_n: int, sr: int, rng: np.random.Generator, bright: float):
    """String section: detuned saws with vibrato and a slow bow attack, through a violin body
    (its air and wood resonances and the bridge hill).

    The body is what makes the ensemble read as strings rather than a synth pad (a tagger
    heard "synth" and "ambient" in the plain detuned saws).
    """
    release_s = 0.5
    n = gate_n + int(release_s * sr)
    cutoff = min(5200.0, 5.0 * freq_hz + 1500.0 + 1500.0 * bright)
    x = _saw_ensemble(freq_hz, n, sr, rng, (-7.0, 6.0, 2.0, -3.0, 10.0, -11.0), 0.0035, 0.25,
                      lowpass_hz=cutoff, highpass_hz=0.7 * freq_hz,
                      formants=STRING_BODY_FORMANTS)
    return x * adsr(gate_n, sr, 0.22, 0.0, 1.0, release_s)


def strings_short(freq_hz: float, gate_n: int, sr: int, rng: np.random.Generator,
                  bright: float):
    """Spiccato strings for ostinatos: fast bite, quick decay."""
    release_s = 0.1
    n = gate_n + int(release_s * sr)
    x = _saw_ensemble(freq_hz, n, sr, rng, (-6.0, 5.0, 9.0, -10.0), 0.0, 0.0,
                      lowpass_hz=min(6000.0, 6.0 * freq_hz + 2500.0 * bright))
    return x * adsr(gate_n, sr, 0.006, 0.09, 0.35, release_s)


def choir(freq_hz: float, gate_n: int, sr: int, rng: np.random.Generator, bright: float):
    """'Aah' choir pad: saws with vibrato through three vowel formants."""
    release_s = 0.9
    n = gate_n + int(release_s * sr)
    y = _saw_ensemble(freq_hz, n, sr, rng, (-8.0, 7.0, 3.0, -4.0), 0.004, 0.2,
                      formants=CHOIR_AH_FORMANTS)
    return y * adsr(gate_n, sr, 0.45, 0.0, 1.0, release_s)


def brass(freq_hz: float, gate_n: int, sr: int, rng: np.random.Generator, bright: float,
          stereo: bool = True, attack_s: float = 0.05):
    """Brass section: harmonics that brighten as the note speaks (b(t)^k spectrum)."""
    release_s = 0.18
    n = gate_n + int(release_s * sr)
    t = time_axis(n, sr)
    top = 0.55 + 0.3 * bright
    b = 0.25 + (top - 0.25) * (1.0 - np.exp(-t / np.float32(attack_s * 1.4)))
    b *= 1.0 - 0.12 * (1.0 - np.exp(-t / np.float32(0.6)))
    log_b = np.log(b).astype(np.float32)
    n_harm = max(1, min(18, int(0.45 * sr / freq_hz)))
    channels = []
    for cents in ((-4.0, 4.0) if stereo else (0.0,)):
        f = _vibrato(_detune(freq_hz, cents), n, sr, 5.0 + rng.random(), 0.003, 0.3)
        c = cycles_frac(f, n, sr, rng.random())
        x = np.zeros(n, dtype=np.float32)
        for k in range(1, n_harm + 1):
            kc = c * np.float32(k)
            x += np.exp(log_b * np.float32(k - 1)) * np.sin(TWO_PI * kc) * np.float32(k ** -0.3)
        channels.append(x)
    x = np.stack(channels) if stereo else channels[0]
    return x * adsr(gate_n, sr, attack_s, 0.0, 1.0, release_s)


# --- bells and mallets ----------------------------------------------------------------------------

def _mallet(freq_hz: float, sr: int, rng: np.random.Generator, ratios, amps, t60,
            length_s: float, bright: float) -> np.ndarray:
    n = int(length_s * sr)
    amps = np.asarray(amps, dtype=float)
    amps[1:] *= 0.6 + 0.8 * bright
    return partials(freq_hz, np.asarray(ratios), amps, np.asarray(t60), n, sr, rng)


def glockenspiel(freq_hz, gate_n, sr, rng, bright):
    """Steel bars: bright, inharmonic, ringing."""
    return _mallet(freq_hz, sr, rng, (1.0, 2.76, 5.40, 8.93), (1.0, 0.25, 0.1, 0.05),
                   (1.8, 0.6, 0.3, 0.15), 1.9, bright)


def celesta(freq_hz, gate_n, sr, rng, bright):
    """Celesta / music box: soft bell with a near-harmonic spectrum."""
    return _mallet(freq_hz, sr, rng, (1.0, 2.0, 3.01, 4.02), (1.0, 0.3, 0.08, 0.04),
                   (1.5, 0.7, 0.35, 0.2), 1.6, bright)


def bell(freq_hz, gate_n, sr, rng, bright):
    """Soft tuned bell with long ring."""
    return _mallet(freq_hz, sr, rng, (1.0, 2.0, 3.0, 4.2, 5.43), (1.0, 0.45, 0.22, 0.1, 0.06),
                   (3.5, 2.2, 1.4, 0.9, 0.6), 3.6, bright)


def vibraphone(freq_hz, gate_n, sr, rng, bright):
    """Vibraphone: sweet bars (1, 4, 10 partials) with the motor's tremolo."""
    x = _mallet(freq_hz, sr, rng, (1.0, 3.99, 9.95), (1.0, 0.22, 0.05), (2.6, 0.8, 0.3),
                2.7, bright)
    trem = 1.0 - 0.3 * (0.5 + 0.5 * np.sin(TWO_PI * np.float32(5.2) * time_axis(x.size, sr)))
    return _gate_release(x * trem, gate_n, sr, 0.35)


# --- synths -----------------------------------------------------------------------------------

def lead(freq_hz: float, gate_n: int, sr: int, rng: np.random.Generator, bright: float):
    """Synth lead: saw plus square, delayed vibrato, low-passed."""
    release_s = 0.15
    n = gate_n + int(release_s * sr)
    f = _vibrato(freq_hz, n, sr, 5.5, 0.004, 0.25)
    cutoff = min(5000.0, 5.0 * freq_hz + 1500.0 * bright)
    track = np.cumsum(f, dtype=np.float64) / sr
    saw = shaped_table("saw", round(freq_hz, 2), sr, round(cutoff, 1))
    square = shaped_table("square", round(freq_hz, 2), sr, round(cutoff, 1))
    x = table_lookup(saw, scaled_cycles(track, 1.0)) + 0.5 * table_lookup(
        square, scaled_cycles(track, 1.003, 0.3))
    return x * adsr(gate_n, sr, 0.012, 0.2, 0.75, release_s)


def pluck(freq_hz: float, gate_n: int, sr: int, rng: np.random.Generator, bright: float):
    """Plucky synth (arps): saw harmonics whose upper partials decay first."""
    n = gate_n + int(0.25 * sr)
    k = np.arange(1, 25)
    t60 = (0.6 + 0.6 * bright) / (1.0 + 0.3 * (k - 1))
    x = partials(freq_hz, k.astype(float), 1.0 / k, t60, n, sr)
    x *= np.minimum(time_axis(n, sr) / np.float32(0.002), 1.0)
    return _gate_release(x, gate_n, sr, 0.08)


def whistle(freq_hz: float, gate_n: int, sr: int, rng: np.random.Generator, bright: float):
    """Whistle / flute-ish: near-sine with vibrato and a breath."""
    release_s = 0.12
    n = gate_n + int(release_s * sr)
    f = _vibrato(freq_hz, n, sr, 5.6, 0.006, 0.15)
    c = cycles_frac(f, n, sr)
    x = np.sin(TWO_PI * c) + 0.08 * np.sin(TWO_PI * 2 * c)
    breath = bandpass(noise(rng, n), 0.8 * freq_hz, min(1.6 * freq_hz, 0.45 * sr), sr)
    x += 0.15 * breath
    return x * adsr(gate_n, sr, 0.05, 0.3, 0.85, release_s)


def drone(freq_hz: float, gate_n: int, sr: int, rng: np.random.Generator, bright: float):
    """Horror drone: beating detuned saws whose filter breathes slowly, plus a sub sine."""
    release_s = 3.0
    n = gate_n + int(release_s * sr)
    dark_table = shaped_table("saw", round(freq_hz, 2), sr, round(180.0 + freq_hz, 1))
    light_table = shaped_table("saw", round(freq_hz, 2), sr, round(900.0 + 4 * freq_hz, 1))
    dark = np.zeros((2, n), np.float32)
    light = np.zeros((2, n), np.float32)
    for i, cents in enumerate((-9.0, 7.0, 13.0, -16.0)):
        phase = cycles_frac(_detune(freq_hz, cents), n, sr, rng.random())
        dark[i % 2] += table_lookup(dark_table, phase)
        light[i % 2] += table_lookup(light_table, phase)
    t = time_axis(n, sr)
    rate = np.float32(0.05 + 0.05 * rng.random())
    lfo = np.stack([0.5 + 0.5 * np.sin(TWO_PI * rate * t),
                    0.5 + 0.5 * np.sin(TWO_PI * rate * t + np.float32(1.9))]) ** 2
    y = (dark + (light - dark) * (0.15 + 0.5 * bright) * lfo) * np.float32(0.5)
    y += 0.35 * sine(freq_hz / 2 if freq_hz > 80 else freq_hz, n, sr)[None, :]
    return y * adsr(gate_n, sr, 2.5, 0.0, 1.0, release_s)


@dataclass(frozen=True)
class Sampled:
    """A recorded instrument: a General MIDI preset of the SoundFont (`soundfont`).

    Acoustic instruments are played from recordings: the tagger heard every synthesised
    piano, string section, guitar or drum kit of ours as "electronic".

    Args:
        program: General MIDI program, 0-127 (drum kits: the kit's program in bank 128).
        bank: 0 for instruments, `soundfont.DRUM_BANK` for drum kits.
        section: ``(lowest MIDI pitch, program)`` steps, ascending: a section of players
            where each register has its own instrument (cellos under violas under
            violins); the first step's pitch is ignored. Empty: ``program`` plays all.
        key: a drum's key in the kit (None: the note's own pitch picks it, as for toms).
        intervals: semitones above the note that sound with it (a power chord: 0, 7, 12).
        strum_s: delay between the chord's notes, seconds.
        detune_cents: each take is detuned by up to this much (a drummer never hits the
            same way twice; identical repeats read as a drum machine).
    """

    program: int
    bank: int = 0
    key: int | None = None
    section: tuple[tuple[int, int], ...] = ()
    intervals: tuple[int, ...] = (0,)
    strum_s: float = 0.0
    detune_cents: float = 0.0

    def __call__(self, freq_hz: float, gate_n: int, sr: int, rng: np.random.Generator,
                 bright: float) -> np.ndarray:
        font = load_font()
        midi = float(self.key) if self.key is not None else hz_to_midi(freq_hz)
        midi += self.detune_cents / 100.0 * float(rng.uniform(-1.0, 1.0))
        velocity = int(round(1 + 126 * bright))
        one_shot = self.bank == DRUM_BANK
        program = self.section[0][1] if self.section else self.program
        for low, player in self.section[1:]:
            if midi >= low:
                program = player
        notes = [font.render(self.bank, program, midi + step, velocity, gate_n / sr, sr,
                             one_shot) for step in self.intervals]
        offset = int(self.strum_s * sr)
        out = np.zeros((2, max(x.shape[1] + i * offset for i, x in enumerate(notes))),
                       np.float32)
        for i, x in enumerate(notes):
            out[:, i * offset:i * offset + x.shape[1]] += x
        return out


# General MIDI programs (0-based) and drum keys used below.
GM_PIANO, GM_EPIANO, GM_CELESTA, GM_GLOCKENSPIEL, GM_VIBRAPHONE, GM_MARIMBA = 0, 4, 8, 9, 11, 12
GM_STEEL_GUITAR, GM_DISTORTION_GUITAR = 25, 30
GM_ACOUSTIC_BASS, GM_FINGER_BASS, GM_CONTRABASS = 32, 33, 43
GM_TREMOLO_STRINGS, GM_PIZZICATO, GM_TIMPANI, GM_STRINGS, GM_CHOIR = 44, 45, 47, 48, 52
GM_VIOLIN, GM_VIOLA, GM_CELLO = 40, 41, 42
GM_BASSOON, GM_CLARINET = 70, 71
# A string section by register: basses, cellos, violas, violins (the font's "Strings"
# preset layers a synth-string sample that the tagger hears as electronic).
STRING_SECTION = ((0, GM_CONTRABASS), (36, GM_CELLO), (53, GM_VIOLA), (62, GM_VIOLIN))
GM_TROMBONE, GM_TUBA, GM_FRENCH_HORNS, GM_FLUTE, GM_WHISTLE, GM_TAIKO = 57, 58, 60, 73, 78, 116
GM_KITS = {"room": 8, "power": 16, "jazz": 32, "brush": 40, "orchestra": 48}
GM_DRUM_KEYS = {"kick": 36, "side stick": 37, "snare": 38, "hi-hat": 42, "pedal hi-hat": 44,
                "open hi-hat": 46, "crash": 49, "ride": 51, "tambourine": 54, "shaker": 82,
                "tom": None, "woodblock": None}
DRUM_DETUNE_CENTS = 12.0
POWER_CHORD_INTERVALS = (0, 7, 12)  # root, fifth, octave
POWER_STRUM_S = 0.006  # the pick crosses the three strings this fast


@dataclass(frozen=True)
class Instrument:
    """A registered sound.

    Args:
        fn: the synthesis function.
        pitched: False for drums (the pitch argument only picks a tuning).
        gain: loudness trim so instruments sit at similar levels before mixing.
        variants: distinct random takes worth caching (noise-excited sounds vary per take).
    """

    fn: SynthFn
    pitched: bool = True
    gain: float = 1.0
    variants: int = 1


INSTRUMENTS: dict[str, Instrument] = {
    # Recorded (the SoundFont): the acoustic and orchestral instruments.
    "piano": Instrument(Sampled(GM_PIANO)),
    "electric piano": Instrument(Sampled(GM_EPIANO)),
    "acoustic guitar": Instrument(Sampled(GM_STEEL_GUITAR)),
    "electric guitar": Instrument(Sampled(GM_DISTORTION_GUITAR), gain=0.7),
    "power chords": Instrument(Sampled(GM_DISTORTION_GUITAR, intervals=POWER_CHORD_INTERVALS,
                                       strum_s=POWER_STRUM_S), gain=0.7),
    "pizzicato strings": Instrument(Sampled(GM_PIZZICATO)),
    "upright bass": Instrument(Sampled(GM_ACOUSTIC_BASS)),
    "electric bass": Instrument(Sampled(GM_FINGER_BASS)),
    "contrabass": Instrument(Sampled(GM_CONTRABASS)),
    "tremolo strings": Instrument(Sampled(GM_TREMOLO_STRINGS)),
    "tuba": Instrument(Sampled(GM_TUBA)),
    "strings": Instrument(Sampled(GM_VIOLIN, section=STRING_SECTION), gain=0.8),
    "staccato strings": Instrument(Sampled(GM_VIOLIN, section=STRING_SECTION)),
    "choir": Instrument(Sampled(GM_CHOIR), gain=0.8),
    # Trombones: the font's "Brass" preset was heard as a synth.
    "brass": Instrument(Sampled(GM_TROMBONE), gain=0.8),
    "french horns": Instrument(Sampled(GM_FRENCH_HORNS), gain=0.8),
    "glockenspiel": Instrument(Sampled(GM_GLOCKENSPIEL)),
    "celesta": Instrument(Sampled(GM_CELESTA)),
    "vibraphone": Instrument(Sampled(GM_VIBRAPHONE)),
    "marimba": Instrument(Sampled(GM_MARIMBA)),
    "flute": Instrument(Sampled(GM_FLUTE)),
    "clarinet": Instrument(Sampled(GM_CLARINET)),
    "bassoon": Instrument(Sampled(GM_BASSOON)),
    "whistle": Instrument(Sampled(GM_WHISTLE)),
    "timpani": Instrument(Sampled(GM_TIMPANI)),
    "taiko": Instrument(Sampled(GM_TAIKO, detune_cents=DRUM_DETUNE_CENTS),
                        variants=drums.DRUM_VARIANTS),
    # Synthesised: the electronic sounds.
    "bells": Instrument(bell),
    "sub bass": Instrument(sub_bass),
    "synth bass": Instrument(synth_bass),
    "synth pad": Instrument(pad, gain=0.8),
    "synth lead": Instrument(lead, gain=0.8),
    "synth pluck": Instrument(pluck),
    "drone": Instrument(drone),
}
INSTRUMENTS.update({name: Instrument(fn, pitched=pitched, variants=drums.DRUM_VARIANTS)
                    for name, (fn, pitched) in drums.DRUMS.items()})
# Recorded drum kits: "<kit> <drum>", e.g. "jazz ride", "room snare", "orchestra tom".
INSTRUMENTS.update({
    f"{kit} {drum}": Instrument(
        Sampled(program, bank=DRUM_BANK, key=key, detune_cents=DRUM_DETUNE_CENTS),
        pitched=key is None, variants=drums.DRUM_VARIANTS)
    for kit, program in GM_KITS.items() for drum, key in GM_DRUM_KEYS.items()})


def velocity_layer(velocity: float) -> int:
    """Which brightness layer a velocity (0-1) uses."""
    return int(np.clip(velocity * VELOCITY_LAYERS, 0, VELOCITY_LAYERS - 1))


def render_note(name: str, midi: float, gate_s: float, sr: int, velocity: float = 0.8,
                variant: int = 0) -> np.ndarray:
    """One note of an instrument, peak-normalised, cached (read-only array).

    Args:
        name: a key of `INSTRUMENTS`.
        midi: pitch (drums: selects a tuning where they have one).
        gate_s: how long the note is held, seconds.
        sr: sample rate in Hz.
        velocity: 0-1; picks the brightness layer (level is applied by the caller).
        variant: which of a few random takes (noise seeds) to use.
    """
    instrument = INSTRUMENTS[name]
    gate_n = max(1, int(round(gate_s * sr)))
    layer = velocity_layer(velocity)
    midi = round(float(midi), 2)
    key = (name, midi, gate_n, sr, layer, variant % instrument.variants)

    def make() -> np.ndarray:
        rng = np.random.default_rng(stable_int(*key))
        bright = (layer + 0.5) / VELOCITY_LAYERS
        x = np.asarray(instrument.fn(midi_to_hz(midi), gate_n, sr, rng, bright),
                       dtype=np.float32)
        x = fade_edges(np.ascontiguousarray(x), sr)
        peak = float(np.abs(x).max())
        if peak > 0:
            x *= np.float32(instrument.gain / peak)
        return x

    return NOTE_CACHE.get(key, make)

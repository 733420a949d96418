"""Shared DSP building blocks for the procedural sound effects.

Everything here is vectorised: noise comes from numpy generators, filters run through
``scipy.signal.sosfilt``/``lfilter``, and many short events ("grains") are summed into a clip
with one ``np.bincount`` call instead of a Python loop per sample. Arrays are float64; a mono
signal is shape ``(n,)`` and a stereo one ``(2, n)``.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Literal

import numpy as np

from wavjourney.tools.offline import lazy_scipy

# Highest filter edge we ask for, as a fraction of the sample rate (stay clear of Nyquist).
MAX_FILTER_FRACTION = 0.45
MIN_FILTER_HZ = 10.0
# Paul Kellet's economy pink-noise filter (-3 dB/octave within +-0.5 dB above ~10 Hz).
PINK_B = (0.049922035, -0.095993537, 0.050612699, -0.004408786)
PINK_A = (1.0, -2.494956002, 2.017265875, -0.522189400)
# Leaky integrator pole for brown (-6 dB/octave) noise.
BROWN_POLE = 0.997
SPEED_OF_SOUND_M_S = 343.0
EPS = 1e-12
UNIFORM_TO_UNIT_STD = float(np.sqrt(12.0))
# Control curves are computed at this rate and interpolated up.
CONTROL_RATE_HZ = 500.0
GRAIN_RELEASE_S = 0.005
FilterKind = Literal["lowpass", "highpass", "bandpass"]  # scipy.signal.butter's btype


# ---------------------------------------------------------------- filters


def _clamp_hz(freq_hz: float, sample_rate_hz: int) -> float:
    return float(min(max(freq_hz, MIN_FILTER_HZ), MAX_FILTER_FRACTION * sample_rate_hz))


@lru_cache(maxsize=1024)
def _butter(kind: FilterKind, low_hz: float, high_hz: float, sample_rate_hz: int, order: int):
    """Coefficients: (b, a) for order <= 2 (``lfilter`` is about twice as fast as ``sosfilt``
    for one biquad), second-order sections above that."""
    edges = (low_hz, high_hz) if kind == "bandpass" else low_hz
    if order <= 2 and kind != "bandpass" or order == 1:
        return "ba", lazy_scipy.signal().butter(order, edges, kind, fs=sample_rate_hz)
    return "sos", lazy_scipy.signal().butter(order, edges, kind, fs=sample_rate_hz, output="sos")


def _apply(design, x: np.ndarray) -> np.ndarray:
    form, coeffs = design
    if form == "ba":
        return lazy_scipy.signal().lfilter(coeffs[0], coeffs[1], x, axis=-1)
    return lazy_scipy.signal().sosfilt(coeffs, x, axis=-1)


@lru_cache(maxsize=1024)
def _peak_ba(center_hz: float, q: float, sample_rate_hz: int):
    return lazy_scipy.signal().iirpeak(center_hz, q, fs=sample_rate_hz)


def lowpass(x: np.ndarray, cutoff_hz: float, sample_rate_hz: int, order: int = 2) -> np.ndarray:
    """Butterworth low-pass along the last axis (cutoff clamped below Nyquist)."""
    cutoff = round(_clamp_hz(cutoff_hz, sample_rate_hz), 1)
    return _apply(_butter("lowpass", cutoff, 0.0, sample_rate_hz, order), x)


def highpass(x: np.ndarray, cutoff_hz: float, sample_rate_hz: int, order: int = 2) -> np.ndarray:
    """Butterworth high-pass along the last axis (cutoff clamped below Nyquist)."""
    cutoff = round(_clamp_hz(cutoff_hz, sample_rate_hz), 1)
    return _apply(_butter("highpass", cutoff, 0.0, sample_rate_hz, order), x)


def bandpass(
    x: np.ndarray, low_hz: float, high_hz: float, sample_rate_hz: int, order: int = 1
) -> np.ndarray:
    """Butterworth band-pass along the last axis (order 1 = one biquad, 6 dB/octave skirts);
    edges clamped to the usable band."""
    low = round(_clamp_hz(low_hz, sample_rate_hz), 1)
    high = round(_clamp_hz(high_hz, sample_rate_hz), 1)
    if high <= low * 1.05:
        low = round(high / 1.5, 1)
    return _apply(_butter("bandpass", low, high, sample_rate_hz, order), x)


def resonate(x: np.ndarray, center_hz: float, q: float, sample_rate_hz: int) -> np.ndarray:
    """A second-order peaking resonator (unity gain at `center_hz`, bandwidth center/q)."""
    center = round(_clamp_hz(center_hz, sample_rate_hz), 1)
    b, a = _peak_ba(center, float(q), sample_rate_hz)
    return lazy_scipy.signal().lfilter(b, a, x, axis=-1)


def formants(
    x: np.ndarray, freqs_hz: tuple[float, ...], gains: tuple[float, ...], q: float, sr: int
) -> np.ndarray:
    """Sum of parallel resonators: a vowel-like (or body-like) spectral envelope."""
    # An array start (not sum's 0), so no resonators give silence, not the integer 0.
    return sum((g * resonate(x, f, q, sr) for f, g in zip(freqs_hz, gains, strict=True)),
               np.zeros_like(x))


def swept_band(
    x: np.ndarray,
    center_hz: np.ndarray,
    sample_rate_hz: int,
    low_hz: float,
    high_hz: float,
    n_bands: int = 8,
    width_octaves: float = 0.6,
    q: float | None = None,
) -> np.ndarray:
    """A band-pass whose centre follows `center_hz` (per sample), approximated by crossfading a
    bank of fixed log-spaced band-passes (no per-sample filter redesign); with `q`, the bank
    is of resonators of that Q (a sharper, more tonal sweep)."""
    centers = np.geomspace(low_hz, high_hz, n_bands)
    log_track = np.log2(np.maximum(center_hz, 1.0))
    out = np.zeros_like(x)
    weights_sum = np.zeros(x.shape[-1])
    for fc in centers:
        w = np.exp(-0.5 * ((log_track - np.log2(fc)) / width_octaves) ** 2)
        weights_sum += w
        band = (
            bandpass(x, fc / 1.3, fc * 1.3, sample_rate_hz)
            if q is None
            else resonate(x, fc, q, sample_rate_hz)
        )
        out += w * band
    return out / np.maximum(weights_sum, 1e-3)


# ---------------------------------------------------------------- noise


def white(rng: np.random.Generator, shape: int | tuple[int, ...]) -> np.ndarray:
    """Unit-variance white noise (uniform samples: spectrally white and twice as fast to draw
    as Gaussian ones; any filtering makes it Gaussian anyway)."""
    return (rng.random(shape) - 0.5) * UNIFORM_TO_UNIT_STD


def pink(rng: np.random.Generator, shape: int | tuple[int, ...]) -> np.ndarray:
    """Pink (1/f) noise, unit RMS."""
    y = lazy_scipy.signal().lfilter(PINK_B, PINK_A, white(rng, shape), axis=-1)
    return y / (np.std(y) + EPS)


def brown(rng: np.random.Generator, shape: int | tuple[int, ...], sr: int) -> np.ndarray:
    """Brown (1/f^2) noise with sub-audio drift removed, unit RMS."""
    y = lazy_scipy.signal().lfilter((1.0,), (1.0, -BROWN_POLE), white(rng, shape), axis=-1)
    y = highpass(y, 20.0, sr)
    return y / (np.std(y) + EPS)


def smooth_random(
    rng: np.random.Generator, n: int, rate_hz: float, sr: int, low: float = 0.0, high: float = 1.0
) -> np.ndarray:
    """A slowly wandering control curve in [low, high], changing about `rate_hz` times a second
    (cosine interpolation between random points, so it has no corners)."""
    n_points = int(np.ceil(n / sr * rate_hz)) + 2
    points = rng.uniform(low, high, n_points)
    control_rate = max(CONTROL_RATE_HZ, 8.0 * rate_hz)
    m = int(np.ceil(n / sr * control_rate)) + 2
    pos = np.arange(m) * (rate_hz / control_rate)
    i = np.floor(pos).astype(np.int64)
    w = 0.5 - 0.5 * np.cos(np.pi * (pos - i))
    control = points[i] * (1.0 - w) + points[i + 1] * w
    return upsample_control(control, control_rate, n, sr)


def upsample_control(control: np.ndarray, control_rate_hz: float, n: int, sr: int) -> np.ndarray:
    """Linear interpolation of a control-rate curve to `n` audio samples."""
    return np.interp(np.arange(n) * (control_rate_hz / sr), np.arange(control.size), control)


# ---------------------------------------------------------------- envelopes


def time_axis(n: int, sr: int) -> np.ndarray:
    return np.arange(n) / sr


def decay_env(n: int, decay_s: float, sr: int, attack_s: float = 0.001) -> np.ndarray:
    """Linear attack then exponential decay with time constant `decay_s`."""
    t = time_axis(n, sr)
    return np.minimum(1.0, t / max(attack_s, 1.0 / sr)) * np.exp(-t / decay_s)


def ar_env(n: int, attack_s: float, release_s: float, sr: int) -> np.ndarray:
    """Raised-cosine attack, flat middle, raised-cosine release, spanning `n` samples."""
    env = np.ones(n)
    a = min(n // 2, max(1, int(attack_s * sr)))
    r = min(n - a, max(1, int(release_s * sr)))
    env[:a] = 0.5 - 0.5 * np.cos(np.pi * np.arange(a) / a)
    env[n - r :] = 0.5 + 0.5 * np.cos(np.pi * np.arange(1, r + 1) / r)
    return env


def hump(n: int, peak_frac: float = 0.3, sharpness: float = 2.0) -> np.ndarray:
    """A smooth single swell 0 -> 1 -> 0 peaking at `peak_frac` of the length."""
    x = np.linspace(0.0, 1.0, n)
    p = min(max(peak_frac, 0.02), 0.98)
    rise = np.sin(0.5 * np.pi * np.clip(x / p, 0, 1)) ** sharpness
    fall = np.cos(0.5 * np.pi * np.clip((x - p) / (1 - p), 0, 1)) ** sharpness
    return np.where(x <= p, rise, fall)


# ---------------------------------------------------------------- events


def poisson_onsets(
    rng: np.random.Generator, rate_hz: float, start_s: float, end_s: float, sr: int
) -> np.ndarray:
    """Sample indices of a Poisson process of `rate_hz` events per second in [start, end)."""
    span = max(end_s - start_s, 0.0)
    count = rng.poisson(max(rate_hz, 0.0) * span)
    return np.sort((rng.uniform(start_s, start_s + span, count) * sr).astype(np.int64))


def jittered_grid(
    rng: np.random.Generator,
    period_s: float,
    start_s: float,
    end_s: float,
    jitter_s: float,
    sr: int,
) -> np.ndarray:
    """Regular onsets every `period_s` with Gaussian timing jitter (steps, ticks, strides)."""
    times = np.arange(start_s, end_s, period_s)
    times = times + rng.normal(0.0, jitter_s, times.size)
    return (np.clip(times, 0.0, None) * sr).astype(np.int64)


def place(n: int, onsets: np.ndarray, grains: np.ndarray, gains: np.ndarray | None = None):
    """Sum grains into a clip of `n` samples: grain i (row of `grains`, or one shared 1-D grain)
    starts at `onsets[i]`. One ``np.bincount`` call, no per-event Python loop."""
    onsets = np.asarray(onsets, dtype=np.int64)
    if onsets.size == 0:
        return np.zeros(n)
    grains = np.atleast_2d(grains)
    length = grains.shape[1]
    if grains.shape[0] == 1 and onsets.size > 1:
        grains = np.broadcast_to(grains, (onsets.size, length))
    if gains is not None:
        grains = grains * np.asarray(gains)[:, None]
    idx = onsets[:, None] + np.arange(length)[None, :]
    keep = (idx < n) & (idx >= 0)
    return np.bincount(idx[keep], weights=grains[keep], minlength=n)[:n]


def modal_grains(
    freqs_hz: np.ndarray,
    decays_s: np.ndarray,
    amps: np.ndarray,
    length: int,
    sr: int,
    rng: np.random.Generator | None = None,
) -> np.ndarray:
    """Struck resonators: rows of summed exponentially decaying sinusoids.

    Args:
        freqs_hz, decays_s, amps: shape (events, modes).
        length: grain length in samples.
    Returns:
        (events, length) array.
    """
    freqs = np.atleast_2d(freqs_hz)
    decays = np.atleast_2d(decays_s)
    # Modes above the usable band are dropped (clamping them would pile energy at the top).
    amps = np.atleast_2d(amps) * (freqs < MAX_FILTER_FRACTION * sr)
    t = time_axis(length, sr)[None, None, :]
    phase = 0.0 if rng is None else rng.uniform(0, 2 * np.pi, freqs.shape)[..., None]
    # 0.5 ms attack, and a short release so a truncated ring never ends in a step.
    edge = np.minimum(1.0, t / 0.0005) * ar_env(length, 0.0, GRAIN_RELEASE_S, sr)
    modes = (
        amps[..., None]
        * np.exp(-t / decays[..., None])
        * np.sin(2 * np.pi * freqs[..., None] * t + phase)
    )
    return (modes * edge).sum(axis=1)


def noise_grains(
    rng: np.random.Generator,
    count: int,
    length: int,
    decays_s: np.ndarray,
    sr: int,
    attack_s: float = 0.0005,
) -> np.ndarray:
    """(count, length) white-noise bursts with per-row exponential decay."""
    t = time_axis(length, sr)[None, :]
    env = np.minimum(1.0, t / attack_s) * np.exp(-t / np.asarray(decays_s).reshape(-1, 1))
    return white(rng, (count, length)) * env


def chirp_grains(
    start_hz: np.ndarray,
    end_hz: np.ndarray,
    length: int,
    sr: int,
    decay_s: np.ndarray,
    attack_s: float = 0.002,
) -> np.ndarray:
    """(events, length) exponential-sweep sines (bubbles, drips, boiling), phase in closed
    form (no cumulative sum); any part of a sweep above the usable band is muted."""
    t = time_axis(length, sr)[None, :]
    f0 = np.asarray(start_hz, dtype=float)[:, None]
    f1 = np.asarray(end_hz, dtype=float)[:, None]
    rate = np.log(f1 / f0) / (length / sr)
    rate = np.where(np.abs(rate) < 1e-9, 1e-9, rate)
    growth = np.expm1(rate * t)  # f(t) = f0 * (1 + growth)
    phase = (2 * np.pi) * f0 * growth / rate
    audible = f0 * (1.0 + growth) < MAX_FILTER_FRACTION * sr
    env = np.minimum(1.0, t / attack_s) * np.exp(-t / np.asarray(decay_s).reshape(-1, 1))
    return np.sin(phase) * env * audible


def tone(
    freq_hz: np.ndarray | float,
    n: int,
    sr: int,
    harmonics: tuple[float, ...] = (1.0,),
    phase0: float = 0.0,
) -> np.ndarray:
    """A (possibly gliding) harmonic tone; `freq_hz` may be a per-sample track.

    Upper harmonics come from the Chebyshev recurrence sin(k x) = 2 cos(x) sin((k-1) x) -
    sin((k-2) x): two transcendental calls in all, however many harmonics. Harmonics above
    the usable band are muted where they would alias.
    """
    freq = np.broadcast_to(np.asarray(freq_hz, dtype=float), (n,))
    phase = 2 * np.pi * np.cumsum(freq) / sr + phase0
    limit = MAX_FILTER_FRACTION * sr
    top = float(np.max(freq)) if n else 0.0
    prev, cur = np.zeros(n), np.sin(phase)
    twice_cos = 2.0 * np.cos(phase) if len(harmonics) > 1 else None
    out = np.zeros(n)
    for k, amp in enumerate(harmonics, start=1):
        if k > 1:
            prev, cur = cur, twice_cos * cur - prev
        if amp and k * top > 0:
            out += amp * (cur if k * top < limit else cur * (k * freq < limit))
    return out


def pulse_train(freq_hz: np.ndarray | float, n: int, sr: int) -> np.ndarray:
    """Unit impulses at the zero crossings of a phase accumulator running at `freq_hz`."""
    freq = np.broadcast_to(np.asarray(freq_hz, dtype=float), (n,))
    cycles = np.floor(np.cumsum(freq) / sr)
    out = np.zeros(n)
    out[1:] = np.diff(cycles) > 0
    return out


def sawtooth(freq_hz: np.ndarray | float, n: int, sr: int, phase0: float = 0.0) -> np.ndarray:
    """Rising sawtooth with PolyBLEP correction at each wrap (far less aliasing than a naive
    ramp, so high voices do not grow inharmonic whistles)."""
    freq = np.broadcast_to(np.asarray(freq_hz, dtype=float), (n,))
    cycles = np.cumsum(freq) / sr + phase0
    phase = cycles - np.floor(cycles)
    dt = np.minimum(freq / sr, 0.5)
    saw = 2.0 * phase - 1.0
    after = phase < dt
    x = phase[after] / dt[after]
    saw[after] -= 2 * x - x * x - 1.0
    before = phase > 1.0 - dt
    x = (phase[before] - 1.0) / dt[before]
    saw[before] -= x * x + 2 * x + 1.0
    return saw


def fm_tone(
    carrier_hz: float, ratio: float, index: float | np.ndarray, n: int, sr: int
) -> np.ndarray:
    """Two-operator FM: sin(2 pi fc t + index * sin(2 pi fc ratio t))."""
    t = time_axis(n, sr)
    return np.sin(2 * np.pi * carrier_hz * t + index * np.sin(2 * np.pi * carrier_hz * ratio * t))


# ---------------------------------------------------------------- space


def pan(mono: np.ndarray, position: float | np.ndarray) -> np.ndarray:
    """Equal-power pan; `position` in [-1 (left), 1 (right)], scalar or per-sample."""
    theta = (np.clip(position, -1.0, 1.0) + 1.0) * (np.pi / 4)
    return np.stack([mono * np.cos(theta), mono * np.sin(theta)]) * np.sqrt(2.0)


def stereo_mix(*parts: np.ndarray) -> np.ndarray:
    """Sum mono (n,) and stereo (2, n) parts into one (2, n) array."""
    out: np.ndarray | None = None
    for p in parts:
        p2 = np.stack([p, p]) if p.ndim == 1 else p
        out = p2.copy() if out is None else out + p2
    if out is None:
        raise ValueError("stereo_mix needs at least one part")
    return out


def width(stereo: np.ndarray, amount: float) -> np.ndarray:
    """Mid/side width: 0 = mono, 1 = unchanged, >1 = wider."""
    mid = 0.5 * (stereo[0] + stereo[1])
    side = 0.5 * (stereo[0] - stereo[1]) * amount
    return np.stack([mid + side, mid - side])


# Reverb tails are convolved at a reduced rate: they are dark anyway, and it is 4-8x cheaper.
REVERB_MAX_DECIMATION = 4
REVERB_IR_MAX_S = 2.5
# Keep the IR to where it has decayed by this fraction of its RT60 (about -40 dB).
REVERB_IR_RT60_FRACTION = 0.6


@lru_cache(maxsize=64)
def _reverb_ir(seed: int, sr: int, rt60_s: float, damping_hz: float, predelay_s: float):
    rng = np.random.default_rng(seed)
    length = int(min(rt60_s * REVERB_IR_RT60_FRACTION, REVERB_IR_MAX_S) * sr)
    t = time_axis(length, sr)
    env = np.exp(-6.91 * t / rt60_s) * np.minimum(1.0, t / 0.005)
    env *= ar_env(length, 0.0, 0.1 * length / sr, sr)
    ir = rng.standard_normal((2, length)) * env
    # Later reflections are darker: blend a low-passed copy in over time.
    dark = lowpass(ir, damping_hz, sr)
    mix = np.minimum(1.0, t / max(rt60_s * 0.4, 1e-3))
    ir = ir * (1 - mix) * 0.5 + dark * (0.5 + 0.5 * mix)
    ir /= np.sqrt(np.sum(ir**2, axis=1, keepdims=True)) + EPS
    pre = int(predelay_s * sr)
    return np.concatenate([np.zeros((2, pre)), ir], axis=1)


def reverb(
    x: np.ndarray,
    sr: int,
    rt60_s: float,
    wet: float,
    damping_hz: float = 4000.0,
    predelay_s: float = 0.01,
    seed: int = 7,
) -> np.ndarray:
    """Convolution with a synthetic decorrelated stereo tail; returns (2, n) dry/wet mix.

    The wet path runs at ``sr / k`` (k up to 4, chosen so `damping_hz` stays in band):
    low-pass, decimate, FFT-convolve, interpolate.
    """
    stereo = stereo_mix(x)
    n = stereo.shape[1]
    k = int(max(1, min(REVERB_MAX_DECIMATION, sr // (2.2 * damping_hz))))
    low_sr = sr // k
    band = min(damping_hz, 0.4 * low_sr)
    src = lowpass(stereo, band, sr)[:, ::k] if k > 1 else stereo
    ir = _reverb_ir(seed, low_sr, round(rt60_s, 2), round(band), round(predelay_s, 3))
    tail = lazy_scipy.signal().fftconvolve(src, ir, axes=-1)[:, : src.shape[1]]
    # Tail as loud (RMS) as the band-limited dry signal, measured at the low rate.
    tail *= wet * (np.sqrt(np.mean(src**2)) + EPS) / (np.sqrt(np.mean(tail**2)) + EPS)
    if k > 1:
        tail = upsample(tail, k, n)
    tail += (1.0 - wet) * stereo
    return tail


def variable_delay(x: np.ndarray, delay_samples: np.ndarray) -> np.ndarray:
    """Read `x` through a time-varying delay (linear interpolation): Doppler and flanging."""
    n = x.shape[-1]
    pos = np.arange(n) - delay_samples
    return np.interp(pos, np.arange(n), x, left=0.0, right=0.0)


def normalize(x: np.ndarray, peak: float = 1.0) -> np.ndarray:
    return x * (peak / (np.max(np.abs(x)) + EPS))


def rms_normalize(x: np.ndarray, rms: float = 1.0) -> np.ndarray:
    return x * (rms / (np.sqrt(np.mean(x**2)) + EPS))


def soft_clip(x: np.ndarray, drive: float) -> np.ndarray:
    return np.tanh(drive * x) / np.tanh(drive)


def place_stereo(
    n: int, onsets: np.ndarray, grains: np.ndarray, gains: np.ndarray, positions: np.ndarray
) -> np.ndarray:
    """Like `place`, with each event panned (equal power) to its own position in [-1, 1]."""
    theta = (np.clip(positions, -1.0, 1.0) + 1.0) * (np.pi / 4)
    gains = np.asarray(gains, dtype=float) * np.sqrt(2.0)
    return np.stack(
        [
            place(n, onsets, grains, gains * np.cos(theta)),
            place(n, onsets, grains, gains * np.sin(theta)),
        ]
    )


def windowed_chirps(
    start_hz: np.ndarray,
    end_hz: np.ndarray,
    lengths_s: np.ndarray,
    sr: int,
    vibrato_hz: np.ndarray | float = 0.0,
    vibrato_depth: np.ndarray | float = 0.0,
) -> np.ndarray:
    """(events, max_length) sine sweeps, each under its own sin^2 window of `lengths_s`
    (bird chirps, whistles); optional vibrato as a fraction of the frequency."""
    lengths = np.asarray(lengths_s, dtype=float)[:, None]
    if lengths.size == 0:
        return np.zeros((0, 1))
    max_len = int(np.ceil(lengths.max() * sr)) + 1
    t = time_axis(max_len, sr)[None, :]
    frac = np.minimum(t / lengths, 1.0)
    f0 = np.asarray(start_hz, dtype=float)[:, None]
    f1 = np.asarray(end_hz, dtype=float)[:, None]
    vib_hz = np.broadcast_to(np.asarray(vibrato_hz, dtype=float), lengths.shape[:1])[:, None]
    vib_depth = np.broadcast_to(np.asarray(vibrato_depth, dtype=float), lengths.shape[:1])[:, None]
    freq = f0 * (f1 / f0) ** frac * (1.0 + vib_depth * np.sin(2 * np.pi * vib_hz * t))
    freq = np.minimum(freq, MAX_FILTER_FRACTION * sr)
    phase = 2 * np.pi * np.cumsum(freq, axis=1) / sr
    window = np.where(t < lengths, np.sin(np.pi * frac) ** 2, 0.0)
    return np.sin(phase) * window


def delayed(x: np.ndarray, delay_samples: int) -> np.ndarray:
    """Shift `x` later by `delay_samples` along the last axis (zeros in front, same length)."""
    out = np.zeros_like(x)
    d = max(0, int(delay_samples))
    if d < x.shape[-1]:
        out[..., d:] = x[..., : x.shape[-1] - d]
    return out


def convolve(x: np.ndarray, kernel: np.ndarray) -> np.ndarray:
    """FFT convolution along the last axis, truncated to the length of `x`."""
    return lazy_scipy.signal().fftconvolve(
        x, np.broadcast_to(kernel, x.shape[:-1] + kernel.shape[-1:]), axes=-1
    )[..., : x.shape[-1]]


def ring(x: np.ndarray, freqs_hz: tuple[float, ...] | np.ndarray, decays_s, gains, sr: int):
    """Drive a bank of two-pole modal resonators with `x` (impulses -> struck bells, tubes).

    Cheaper than `modal_grains` for long ringing tails: cost is one `lfilter` per mode,
    independent of how many strikes `x` holds. Each mode has unit peak for a unit impulse.
    """
    out = np.zeros_like(x, dtype=float)
    for f, d, g in zip(freqs_hz, decays_s, gains, strict=True):
        if f >= MAX_FILTER_FRACTION * sr:
            continue
        w = 2 * np.pi * f / sr
        r = np.exp(-1.0 / (d * sr))
        out += g * lazy_scipy.signal().lfilter((np.sin(w),), (1.0, -2 * r * np.cos(w), r * r), x,
                                               axis=-1)
    return out


# Interpolation filter: taps per polyphase branch and Kaiser beta (images ~ -75 dB, a cheaper
# filter than resample_poly's default and just as clean for our band-limited layers).
INTERP_TAPS_PER_PHASE = 16
INTERP_KAISER_BETA = 7.0
INTERP_PASSBAND_FRACTION = 0.9  # of the low rate's Nyquist


@lru_cache(maxsize=16)
def _interp_fir(factor: int) -> np.ndarray:
    return factor * lazy_scipy.signal().firwin(
        INTERP_TAPS_PER_PHASE * factor + 1,
        INTERP_PASSBAND_FRACTION / factor,
        window=("kaiser", INTERP_KAISER_BETA),
    )


def upsample(x: np.ndarray, factor: int, n: int) -> np.ndarray:
    """Raise the rate by an integer `factor` (polyphase FIR), cut or zero-padded to `n`."""
    if factor > 1:
        # scipy documents an array `window` as the FIR taps to use.
        x = lazy_scipy.signal().resample_poly(x, factor, 1, axis=-1, window=_interp_fir(factor))
    if x.shape[-1] < n:
        x = np.concatenate([x, np.zeros(x.shape[:-1] + (n - x.shape[-1],))], axis=-1)
    return x[..., :n]

"""Mixing: notes -> track buffers -> effects -> reverb -> master bus.

Notes are added sample-accurately as array slices. In a loop, anything that runs past the end
(note tails, reverb) wraps around to the start, and every filter / envelope follower is run
circularly (warmed up on the end of the loop), so the clip's end flows into its start.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from wavjourney.tools.offline import lazy_scipy
from wavjourney.tools.offline.music.arrange import Arrangement
from wavjourney.tools.offline.music.instruments import render_note
from wavjourney.tools.offline.music.styles import ROLE_LEVEL_DB, GenreStyle, Part
from wavjourney.tools.offline.music.synth import highpass, lowpass, stable_int

VELOCITY_CURVE = 1.6  # amplitude = velocity ** curve
TRACK_REFERENCE_RMS = 0.1  # a 0 dB role plays at this RMS before mastering
REVERB_RETURN_DB = -3.0
REVERB_PREDELAY_S = 0.015
REVERB_DAMPING_HZ = 5000.0  # the tail darkens towards this
MASTER_HIGHPASS_HZ = 28.0
TARGET_RMS_DBFS = -17.0
# Acoustic and orchestral styles (`GenreStyle.dynamic`) are mastered as such music is
# recorded: no bus compression and this much quieter, keeping their dynamics (the engine
# sets every stem's loudness anyway). Mastered loud, a tagger heard them as electronic.
DYNAMIC_HEADROOM_DB = 7.0
PEAK_CEILING_DBFS = -1.3  # stays under the -1 dBFS promise after float rounding
SOFT_KNEE_DBFS = -6.0
MAX_SOFT_CLIP_DB = 4.0  # at most this much peak reduction from the soft clipper
COMP_THRESHOLD_DBFS = -20.0
COMP_RATIO = 2.0
COMP_WINDOW_S = 0.08
COMP_BLOCK = 128  # samples per level measurement
FADE_IN_S = 0.005
END_FADE_MAX_S = 2.0
LOOP_WARMUP_S = 1.5  # circular processing: how much of the loop's end primes a filter
LOFI_TOP_HZ = 4500.0
LOFI_WOW_HZ = 0.5
LOFI_WOW_DEPTH_S = 0.0012
CRACKLE_DBFS = -38.0
SIDECHAIN_RELEASE_S = 0.16
LEVEL_FRAME_S = 0.05  # frames for measuring a track's loudness while it plays
ACTIVE_FRAME_DB = -30.0  # frames this far below the track's loudest frame count as silent
SIDECHAIN_ROLES = ("bass", "pad", "arp", "chords")
MONO_ROLES = ("lead", "bass")  # solo lines and the bass are placed, not spread


@dataclass(frozen=True)
class TrackSettings:
    """Mixer strip of one part."""

    gain_db: float
    pan: float
    reverb: float
    lowpass_hz: float | None
    sidechain: float
    mono: bool


def _track_settings(part: Part, style: GenreStyle) -> TrackSettings:
    lowpass_hz = LOFI_TOP_HZ if style.lofi and part.role in ("chords", "lead", "bass") else None
    return TrackSettings(
        gain_db=part.gain_db, pan=part.pan, reverb=part.reverb, lowpass_hz=lowpass_hz,
        sidechain=style.sidechain if part.role in SIDECHAIN_ROLES else 0.0,
        mono=part.role in MONO_ROLES)


def _pan_gains(pan: float) -> tuple[float, float]:
    """Constant-power pan, unity at the centre."""
    angle = (np.clip(pan, -1.0, 1.0) + 1.0) * np.pi / 4
    return float(np.cos(angle) * np.sqrt(2)), float(np.sin(angle) * np.sqrt(2))


def _add_wrapped(buf: np.ndarray, note: np.ndarray, gains: tuple[float, float], start: int,
                 loop: bool, scratch: np.ndarray) -> None:
    """``buf[:, start:start+len] += gains * note``; past the end: wrap (loop) or drop.

    ``note`` is mono (n,) or stereo (2, n); ``scratch`` is a float32 work buffer at least as
    long as the note (no allocation per note).
    """
    n = buf.shape[1]
    length = note.shape[-1]
    stereo = note.ndim == 2
    if loop:
        segments = []
        pos, offset = start % n, 0
        while offset < length:
            take = min(length - offset, n - pos)
            segments.append((pos, offset, take))
            offset += take
            pos = 0
    else:
        if start >= n or start + length <= 0:
            return
        a = max(0, start)
        segments = [(a, a - start, min(n, start + length) - a)]
    for ch in (0, 1):
        src = note[ch] if stereo else note
        gain = np.float32(gains[ch])
        for pos, offset, take in segments:
            tmp = scratch[:take]
            np.multiply(src[offset:offset + take], gain, out=tmp)
            target = buf[ch, pos:pos + take]
            np.add(target, tmp, out=target)


def _axpy(y: np.ndarray, x: np.ndarray, a: float, scratch: np.ndarray) -> None:
    """``y += a * x`` in place for long 1-D float32 arrays, without a temporary."""
    tmp = scratch[: x.shape[0]]
    np.multiply(x, np.float32(a), out=tmp)
    np.add(y, tmp, out=y)


def active_rms(x: np.ndarray, sr: int) -> float:
    """RMS over the frames where a track is actually playing (sparse parts aren't boosted)."""
    frame = max(1, int(LEVEL_FRAME_S * sr))
    n_frames = x.shape[-1] // frame
    if n_frames == 0:
        return float(np.sqrt((x**2).mean()))
    power = (x[:, : n_frames * frame] ** 2).reshape(x.shape[0], n_frames, frame).mean(
        axis=(0, 2))
    loud = power.max()
    if loud <= 0:
        return 0.0
    active = power[power >= loud * 10 ** (ACTIVE_FRAME_DB / 10)]
    return float(np.sqrt(active.mean()))


def _circular(fn, x: np.ndarray, sr: int, loop: bool) -> np.ndarray:
    """Apply a causal filter; for a loop, prime it with the loop's end so the seam is clean."""
    if not loop:
        return fn(x)
    n = x.shape[-1]
    warm = min(n, int(LOOP_WARMUP_S * sr))
    y = fn(np.concatenate([x[..., n - warm:], x], axis=-1))
    return np.ascontiguousarray(y[..., warm:])


def _sidechain_gain(form, n: int, sr: int, depth: float) -> np.ndarray:
    """Pumping envelope: dips on every beat, recovers over ~160 ms."""
    beat_n = form.bar_s / 4 * sr
    since = (np.arange(n, dtype=np.float64) % beat_n).astype(np.float32) / np.float32(sr)
    duck = np.exp(since * np.float32(-1.0 / SIDECHAIN_RELEASE_S))
    duck *= np.minimum(since * np.float32(1.0 / 0.004), np.float32(1.0))
    duck *= np.float32(-depth)
    duck += np.float32(1.0)
    return duck


@lru_cache(maxsize=16)
def reverb_ir(sr: int, rt60_s: float) -> np.ndarray:
    """Stereo impulse response: decorrelated noise with exponential decay that darkens."""
    n = int(rt60_s * sr)
    rng = np.random.default_rng(stable_int("reverb", sr, rt60_s))
    t = np.arange(n, dtype=np.float32) / np.float32(sr)
    env = np.exp(-t * np.float32(6.9078 / rt60_s))
    fast_env = np.exp(-t * np.float32(6.9078 / (0.35 * rt60_s)))
    white = rng.standard_normal((2, n), dtype=np.float32)
    dark = lowpass(white, REVERB_DAMPING_HZ, sr)
    ir = dark * env + 0.6 * white * fast_env
    fade_in = np.minimum(t / np.float32(0.01), 1.0)  # soft onset: no flammy first echo
    ir *= fade_in
    predelay = int(REVERB_PREDELAY_S * sr)
    ir = np.concatenate([np.zeros((2, predelay), np.float32), ir], axis=1)
    ir /= np.sqrt((ir**2).sum(axis=1, keepdims=True))
    ir.setflags(write=False)
    return ir


def apply_reverb(send: np.ndarray, sr: int, rt60_s: float, loop: bool) -> np.ndarray:
    """Convolve a mono send with the stereo IR (circularly for loops) via the FFT.

    The tail is dark (damped above ~5 kHz), so it is computed at half the sample rate and
    interpolated back: half the FFT work for the same sound.
    """
    n = send.shape[-1]
    half_sr = sr // 2
    m = -(-n // 2)
    padded = np.zeros(2 * m, np.float32)
    padded[:n] = send
    if loop and n % 2:
        padded[n] = send[0]  # an odd-length loop: borrow the seam's neighbour
    low = 0.5 * (padded[0::2] + padded[1::2])
    ir = reverb_ir(half_sr, round(rt60_s, 2))
    fft = lazy_scipy.fft()
    if loop:
        folded = np.zeros((2, m), np.float32)
        for start in range(0, ir.shape[1], m):
            chunk = ir[:, start:start + m]
            folded[:, :chunk.shape[1]] += chunk
        spec = fft.rfft(low, n=m, workers=2)
        wet_low = fft.irfft(spec[None, :] * fft.rfft(folded, n=m, axis=1, workers=2), n=m,
                            axis=1, workers=2)
        wet_low = np.concatenate([wet_low, wet_low[:, :1]], axis=1)  # wrap for interpolation
    else:
        size = fft.next_fast_len(m + ir.shape[1], real=True)
        spec = fft.rfft(low, n=size, workers=2)
        wet_low = fft.irfft(spec[None, :] * fft.rfft(ir, n=size, axis=1, workers=2), n=size,
                            axis=1, workers=2)[:, :m + 1]
    # Back to the full rate: even samples take the half-rate value, odd ones the midpoint.
    wet_low = wet_low.astype(np.float32)
    wet = np.empty((2, 2 * m), np.float32)
    wet[:, 0::2] = wet_low[:, :m]
    wet[:, 1::2] = wet_low[:, :m]
    wet[:, 1::2] += wet_low[:, 1:m + 1]
    wet[:, 1::2] *= np.float32(0.5)
    return wet[:, :n]


def _compress(x: np.ndarray, sr: int, loop: bool) -> np.ndarray:
    """Gentle RMS bus compression (2:1 above -20 dBFS) to glue the mix.

    The level is followed at block rate (~3 ms) and the gain interpolated back per sample.
    """
    n = x.shape[-1]
    block = COMP_BLOCK
    n_blocks = -(-n // block)
    power = np.zeros(n_blocks * block, np.float32)
    power[:n] = (x**2).mean(axis=0)
    power = power.reshape(n_blocks, block).mean(axis=1)
    a = float(np.exp(-block / (COMP_WINDOW_S * sr)))
    warm = min(n_blocks, int(LOOP_WARMUP_S * sr / block)) if loop else 0
    primed = np.concatenate([power[n_blocks - warm:], power]) if warm else power
    smooth = lazy_scipy.signal().lfilter([1 - a], [1, -a], primed)[warm:]
    level_db = 10 * np.log10(np.maximum(smooth, 1e-10))
    over = np.maximum(level_db - COMP_THRESHOLD_DBFS, 0.0)
    gain_db = -over * (1 - 1 / COMP_RATIO)
    centres = (np.arange(n_blocks) + 0.5) * block
    gain = 10 ** (np.interp(np.arange(n), centres, gain_db) / 20)
    return (x * gain.astype(np.float32)).astype(np.float32)


def _soft_limit(x: np.ndarray, target_rms_dbfs: float) -> np.ndarray:
    """Set the level, round off the loudest peaks, guarantee the ceiling."""
    rms = float(np.sqrt((x**2).mean())) + 1e-12
    x = x * np.float32(10 ** (target_rms_dbfs / 20) / rms)
    ceiling = 10 ** (PEAK_CEILING_DBFS / 20)
    knee = 10 ** (SOFT_KNEE_DBFS / 20)
    peak = float(np.abs(x).max())
    allowed = ceiling * 10 ** (MAX_SOFT_CLIP_DB / 20)
    if peak > allowed:
        x *= np.float32(allowed / peak)
    mag = np.abs(x)
    over = mag > knee
    span = ceiling - knee
    squeezed = knee + span * np.tanh((mag[over] - knee) / span)
    x[over] = np.sign(x[over]) * squeezed
    peak = float(np.abs(x).max())
    if peak > ceiling:
        x *= np.float32(ceiling / peak)
    return x


def _crackle(n: int, sr: int, seed: int, loop: bool) -> np.ndarray:
    """Vinyl: sparse clicks and pops over a faint hiss."""
    rng = np.random.default_rng(seed)
    out = np.zeros((2, n), np.float32)
    n_clicks = int(n / sr * 9)
    pos = rng.integers(0, n, n_clicks)
    out[rng.integers(0, 2, n_clicks), pos] = rng.standard_normal(n_clicks).astype(
        np.float32) * rng.uniform(0.2, 1.0, n_clicks).astype(np.float32) ** 3
    out = _circular(lambda x: highpass(x, 1500.0, sr), out, sr, loop)
    hiss = rng.standard_normal((2, n), dtype=np.float32)
    hiss = _circular(lambda x: lowpass(x, 6000.0, sr), hiss, sr, loop) * np.float32(0.06)
    return (out + hiss) * np.float32(10 ** (CRACKLE_DBFS / 20))


def _wow(x: np.ndarray, sr: int, form) -> np.ndarray:
    """Tape wow: a slow pitch wobble (a whole number of cycles per loop)."""
    n = x.shape[-1]
    cycles = max(1, round(form.duration_s * LOFI_WOW_HZ))
    t = np.arange(n, dtype=np.float64)
    delay = LOFI_WOW_DEPTH_S * sr * (1 + np.sin(2 * np.pi * cycles * t / n)) / 2
    pos = t - delay
    if form.loop:
        pos %= n
        xp = np.concatenate([x, x[:, :1]], axis=1)
        return np.stack([np.interp(pos, np.arange(n + 1), ch) for ch in xp]).astype(np.float32)
    return np.stack([np.interp(pos, t, ch, left=0.0) for ch in x]).astype(np.float32)


def _render_track(events: list, track: TrackSettings, sr: int, n_samples: int, loop: bool,
                  scratch: np.ndarray) -> np.ndarray:
    """Sum one track's notes into a stereo buffer (panned, velocity-scaled)."""
    buf = np.zeros((2, n_samples), np.float32)
    for ev in events:
        note = render_note(ev.instrument, ev.midi, ev.gate_s, sr, ev.velocity, ev.variant)
        if track.mono and note.ndim == 2:
            note = note.mean(axis=0)  # a solo line sits at one place in the stereo field
        gl, gr = _pan_gains(track.pan + ev.pan)
        amp = ev.velocity ** VELOCITY_CURVE
        _add_wrapped(buf, note, (gl * amp, gr * amp), int(round(ev.start_s * sr)), loop,
                     scratch)
    return buf


def _master(out: np.ndarray, form, style: GenreStyle, sr: int, seed: int) -> np.ndarray:
    """Master bus: tape wow (lo-fi), rumble filter, glue compression (not for dynamic
    styles), level and limiter,
    vinyl (lo-fi), and for a piece (not a loop) a fade-in click guard and the final fade."""
    n_samples = out.shape[1]
    loop = form.loop
    if style.lofi:
        out = _wow(out, sr, form)
    out = _circular(lambda x: highpass(x, MASTER_HIGHPASS_HZ, sr), out, sr, loop)
    if style.dynamic:
        out = _soft_limit(out, TARGET_RMS_DBFS - DYNAMIC_HEADROOM_DB)
    else:
        out = _soft_limit(_compress(out, sr, loop), TARGET_RMS_DBFS)
    if style.lofi:
        out += _crackle(n_samples, sr, seed, loop)
    if not loop:
        fade_in = min(n_samples, int(FADE_IN_S * sr))
        out[:, :fade_in] *= np.linspace(0, 1, fade_in, dtype=np.float32)
        end_start = form.bars[-1].start_s if form.bars else 0.0
        fade_s = min(END_FADE_MAX_S, max(0.05, form.duration_s - end_start - 0.2))
        fade_n = min(n_samples, int(fade_s * sr))
        curve = (0.5 + 0.5 * np.cos(np.linspace(0, np.pi, fade_n))).astype(np.float32)
        out[:, n_samples - fade_n:] *= curve
    peak = float(np.abs(out).max())
    ceiling = 10 ** (PEAK_CEILING_DBFS / 20)
    if peak > ceiling:
        out *= np.float32(ceiling / peak)
    return out.astype(np.float32)


def mix(arrangement: Arrangement, style: GenreStyle, sr: int, n_samples: int,
        seed: int) -> np.ndarray:
    """Render every note, mix the tracks, add reverb, master; returns (2, n) float32.

    Tracks are rendered one at a time (memory stays at a few buffers for long pieces), each
    set to its role's level from its loudness while it plays, then summed dry and into the
    reverb send.

    Args:
        arrangement: form, parts and notes.
        style: the genre (reverb time, lo-fi treatment, sidechain).
        sr: sample rate in Hz.
        n_samples: exact output length.
        seed: for noise that is not part of a note (vinyl crackle).
    """
    form = arrangement.form
    loop = form.loop
    settings = {p.role: _track_settings(p, style) for p in arrangement.parts}
    by_track: dict[str, list] = {}
    for ev in arrangement.events:
        by_track.setdefault(ev.track, []).append(ev)
    scratch = np.empty(n_samples, np.float32)
    dry = np.zeros((2, n_samples), np.float32)
    send = np.zeros(n_samples, np.float32)
    pump: np.ndarray | None = None
    for role, events in by_track.items():
        track = settings[role]
        buf = _render_track(events, track, sr, n_samples, loop, scratch)
        if track.lowpass_hz:
            buf = _circular(lambda x, f=track.lowpass_hz: lowpass(x, f, sr), buf, sr, loop)
        if track.sidechain > 0:
            if pump is None:
                pump = _sidechain_gain(form, n_samples, sr, track.sidechain)
            buf *= pump[None, :]
        level = active_rms(buf, sr)
        if level <= 0:
            continue
        target_db = ROLE_LEVEL_DB.get(role, ROLE_LEVEL_DB["chords"]) + track.gain_db
        gain = float(10 ** (target_db / 20)) * TRACK_REFERENCE_RMS / level
        for ch in (0, 1):
            _axpy(dry[ch], buf[ch], gain, scratch)
            if track.reverb > 0:
                _axpy(send, buf[ch], gain * track.reverb * 0.5, scratch)
        del buf
    wet = apply_reverb(send, sr, style.reverb_s, loop)
    dry += wet * np.float32(10 ** (REVERB_RETURN_DB / 20))
    del wet, send
    return _master(dry, form, style, sr, seed)

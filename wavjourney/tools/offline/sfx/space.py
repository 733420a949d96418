"""After the recipe: distance and room, DC, fades or a seamless loop, and level."""

from __future__ import annotations

import numpy as np

from wavjourney.tools.offline.sfx import synth as S

# Below about 30 Hz a sound effect is felt at best and mostly not reproduced, yet brown-noise
# rumble (thunder, explosions, engines) puts a third of its energy there, which costs peak
# level and headroom in the mix. A sixth-order high-pass just above it removes that (-3 dB at
# 40 Hz, -15 dB at 30 Hz, -36 dB at 20 Hz; flat within 0.3 dB from 50 Hz) and DC with it.
SUBSONIC_HIGHPASS_HZ = 40.0
SUBSONIC_ORDER = 6
# Distance: air absorbs highs, the direct sound narrows and the reverberant field dominates.
FAR_LOWPASS_HZ = 1800.0
FAR_RT60_S = 1.8
FAR_WET = 0.5
FAR_WIDTH = 0.6
FAR_GAIN_DB = -6.0
MUFFLED_LOWPASS_HZ = 700.0
MUFFLED_GAIN_DB = -3.0
ROOM_RT60_S = 0.5
ROOM_WET = 0.15
# Peak levels by loudness word (the engine levels clips anyway; this keeps intent).
DEFAULT_PEAK_DBFS = -3.0
LOUD_PEAK_DBFS = -1.5
QUIET_PEAK_DBFS = -12.0
MIN_PEAK_DBFS = -30.0
# Under one-shots and event streams: quiet room tone instead of digital silence.
ROOM_TONE_BELOW_PEAK_DB = -54.0
ROOM_TONE_LOWPASS_HZ = 1500.0
ROOM_TONE_SEGMENT_S = 1.7
AMBIENCE_FADE_IN_S = 0.05
AMBIENCE_FADE_OUT_S = 0.15
EVENT_FADE_IN_S = 0.002
EVENT_FADE_OUT_S = 0.03


def db_to_gain(db: float) -> float:
    return float(10.0 ** (db / 20.0))


def add_room_tone(audio: np.ndarray, sr: int, rng: np.random.Generator) -> np.ndarray:
    """Add room tone far below the peak (a short segment repeated: at this level its period
    is inaudible, and it is cheap)."""
    peak = float(np.max(np.abs(audio))) + S.EPS
    n = audio.shape[1]
    length = min(n, int(ROOM_TONE_SEGMENT_S * sr))
    segment = S.lowpass(S.pink(rng, (2, length)), ROOM_TONE_LOWPASS_HZ, sr)
    segment *= peak * db_to_gain(ROOM_TONE_BELOW_PEAK_DB) / (np.max(np.abs(segment)) + S.EPS)
    for start in range(0, n, length):
        stop = min(n, start + length)
        audio[:, start:stop] += segment[:, : stop - start]
    return audio


def apply_space(
    audio: np.ndarray, sr: int, modifiers: frozenset[str], indoor_default: bool
) -> np.ndarray:
    """Distance and room modelling from the modifiers."""
    if "muffled" in modifiers:
        audio = S.lowpass(audio, MUFFLED_LOWPASS_HZ, sr, order=4)
        return S.reverb(audio, sr, ROOM_RT60_S, 0.25, damping_hz=1500.0)
    if "far" in modifiers:
        audio = S.width(S.lowpass(audio, FAR_LOWPASS_HZ, sr), FAR_WIDTH)
        return S.reverb(audio, sr, FAR_RT60_S, FAR_WET, damping_hz=2000.0, predelay_s=0.03)
    indoor = "indoor" in modifiers or (indoor_default and "outdoor" not in modifiers)
    if indoor and "close" not in modifiers:
        return S.reverb(audio, sr, ROOM_RT60_S, ROOM_WET, damping_hz=5000.0)
    return audio


def target_peak_dbfs(modifiers: frozenset[str]) -> float:
    peak = DEFAULT_PEAK_DBFS
    if "loud" in modifiers:
        peak = LOUD_PEAK_DBFS
    elif "quiet" in modifiers:
        peak = QUIET_PEAK_DBFS
    if "far" in modifiers and "loud" not in modifiers:
        peak += FAR_GAIN_DB
    if "muffled" in modifiers:
        peak += MUFFLED_GAIN_DB
    return max(min(peak, LOUD_PEAK_DBFS), MIN_PEAK_DBFS)


def remove_subsonic(audio: np.ndarray, sr: int) -> np.ndarray:
    """Butterworth high-pass at `SUBSONIC_HIGHPASS_HZ` (energy below ~30 Hz and DC), then any
    residual mean."""
    audio = S.highpass(audio, SUBSONIC_HIGHPASS_HZ, sr, order=SUBSONIC_ORDER)
    audio -= audio.mean(axis=-1, keepdims=True)
    return audio


def loop_crossfade(audio: np.ndarray, n: int) -> np.ndarray:
    """Fold the `audio.shape[1] - n` extra samples back over the head with an equal-power
    crossfade, so sample n-1 flows into sample 0 (the tail continues into the head)."""
    fade = audio.shape[1] - n
    out = audio[:, :n].copy()
    if fade <= 0:
        return out
    x = (np.arange(fade) + 0.5) / fade
    fade_in, fade_out = np.sin(0.5 * np.pi * x), np.cos(0.5 * np.pi * x)
    out[:, :fade] = audio[:, :fade] * fade_in + audio[:, n : n + fade] * fade_out
    return out


def edge_fades(audio: np.ndarray, sr: int, fade_in_s: float, fade_out_s: float) -> np.ndarray:
    n = audio.shape[1]
    a = min(int(fade_in_s * sr), n // 2)
    r = min(int(fade_out_s * sr), n - a)
    out = audio.copy()
    if a > 0:
        out[:, :a] *= 0.5 - 0.5 * np.cos(np.pi * (np.arange(a) + 0.5) / a)
    if r > 0:
        out[:, n - r :] *= 0.5 + 0.5 * np.cos(np.pi * (np.arange(r) + 0.5) / r)
    return out


def set_peak(audio: np.ndarray, peak_dbfs: float) -> np.ndarray:
    return S.normalize(audio, db_to_gain(peak_dbfs))

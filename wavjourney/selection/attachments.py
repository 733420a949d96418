"""Offline inspection of an attached recording: how long, speech or music, tempo and key.

Plain numpy/scipy signal measures, no models: speech is recognised by deep syllable swings
of loudness, short pauses and a gliding pitch (energy spread over all pitch classes), music by
a steady level with energy in a few pitch classes. Good enough to narrow the tool choice
("clone this voice" needs speech, "the same melody" needs music); never used to judge the
recording's content.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

from wavjourney.exceptions import ConfigError

ANALYSIS_RATE_HZ = 16_000
FRAME_S = 0.02                     # loudness envelope hop
SILENCE_BELOW_PEAK_DB = 30.0       # a frame this far under the loud frames counts as a pause
SILENT_BELOW_DB = -60.0
# Measured on espeak speech, procedural music and sound effects (tests/test_selection.py):
# speech tonality 0.18-0.21, music 0.36-0.95; speech pauses 0.12-0.17, music under 0.2.
MUSIC_MIN_TONALITY = 0.3
MUSIC_MAX_PAUSES = 0.3
SPEECH_PAUSES = (0.04, 0.45)
SPEECH_MIN_DEPTH = 1.0             # speech swings by 12 dB and more between syllables
TEMPO_RANGE_BPM = (60.0, 180.0)
TEMPO_PRIOR_BPM = 110.0
MAX_ANALYSED_S = 60.0              # longer recordings are judged on their first minute
MIN_RECORDING_S = 0.2
NOTE_NAMES = ("C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B")
# Krumhansl-Kessler key profiles (perceived fit of each scale degree).
_MAJOR = np.array([6.35, 2.23, 3.48, 2.33, 4.38, 4.09, 2.52, 5.19, 2.39, 3.66, 2.29, 2.88])
_MINOR = np.array([6.33, 2.68, 3.52, 5.38, 2.60, 3.53, 2.54, 4.75, 3.98, 2.69, 3.34, 3.17])


@dataclass(frozen=True)
class AudioFacts:
    """What the selector knows about an attached recording.

    Args:
        path: the file.
        duration_s: its length.
        content: ``"speech"``, ``"music"`` or ``"other"`` (sound effects, silence, noise).
        tonality: 0 (noise, gliding speech pitch) to 1 (energy in a few pitch classes).
        pause_share: share of 20 ms frames 30 dB under the loud ones.
        tempo_bpm: music only: estimated tempo.
        key: music only: estimated key, e.g. ``"A minor"``.
    """

    path: str
    duration_s: float
    content: str
    tonality: float
    pause_share: float
    tempo_bpm: float | None = None
    key: str | None = None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    def describe(self) -> str:
        """One phrase for reasons and prompts."""
        text = f"{self.duration_s:.1f} s of {self.content}"
        if self.content == "music" and self.tempo_bpm:
            text += f" (about {self.tempo_bpm:.0f} bpm, {self.key})"
        return text


def inspect_audio(path: str | Path) -> AudioFacts:
    """Read `path` and describe it.

    Raises:
        ConfigError: the file is missing, does not decode as audio or is too short.
    """
    audio, rate_hz = _read(Path(path))
    duration_s = audio.size / rate_hz
    if duration_s < MIN_RECORDING_S:
        raise ConfigError(f"{path}: the recording lasts {duration_s:.2f} s; attach at least "
                          f"{MIN_RECORDING_S} s")
    audio = _resample(audio[: int(MAX_ANALYSED_S * rate_hz)], rate_hz)
    envelope = _envelope_db(audio)
    pauses, depth = _rhythm(envelope)
    tonality = _tonality(audio)
    if envelope.max() < SILENT_BELOW_DB:
        content = "other"
    elif tonality >= MUSIC_MIN_TONALITY and pauses < MUSIC_MAX_PAUSES:
        content = "music"     # steady pitch classes, hardly a pause
    elif (tonality < MUSIC_MIN_TONALITY and SPEECH_PAUSES[0] <= pauses <= SPEECH_PAUSES[1]
          and depth >= SPEECH_MIN_DEPTH):
        content = "speech"    # gliding pitch, deep syllable swings, short pauses
    else:
        content = "other"
    tempo = key = None
    if content == "music":
        tempo = _tempo_bpm(audio)
        key = _key(audio)
    return AudioFacts(str(path), round(duration_s, 3), content, round(tonality, 3),
                      round(pauses, 3), tempo, key)


def _read(path: Path) -> tuple[np.ndarray, int]:
    if not path.is_file():
        raise ConfigError(f"attached recording {str(path)!r} does not exist")
    try:
        import soundfile

        data, rate_hz = soundfile.read(str(path), dtype="float32", always_2d=True)
    except Exception as exc:  # noqa: BLE001 - any decoder failure means "not audio"
        raise ConfigError(f"{path}: cannot decode it as audio ({exc}); attach a WAV, FLAC "
                          "or OGG file") from None
    return data.mean(axis=1), int(rate_hz)


def _resample(audio: np.ndarray, rate_hz: int) -> np.ndarray:
    if rate_hz == ANALYSIS_RATE_HZ:
        return audio.astype(np.float64)
    from math import gcd

    from scipy.signal import resample_poly

    g = gcd(rate_hz, ANALYSIS_RATE_HZ)
    return resample_poly(audio.astype(np.float64), ANALYSIS_RATE_HZ // g, rate_hz // g)


def _envelope_db(audio: np.ndarray) -> np.ndarray:
    hop = int(FRAME_S * ANALYSIS_RATE_HZ)
    frames = audio[: audio.size // hop * hop].reshape(-1, hop)
    rms = np.sqrt(np.mean(frames**2, axis=1) + 1e-12)
    return 20 * np.log10(rms)


def _rhythm(envelope_db: np.ndarray) -> tuple[float, float]:
    """(share of pause frames, depth of the loudness swings in units of 12 dB)."""
    if envelope_db.size < 16:
        return 0.0, 0.0
    loud = np.percentile(envelope_db, 95)
    pauses = float(np.mean(envelope_db < loud - SILENCE_BELOW_PEAK_DB))
    level = np.maximum(envelope_db, loud - 60.0)
    return pauses, float(np.std(level)) / 12.0


def _chroma(audio: np.ndarray) -> np.ndarray:
    """Energy per pitch class (C..B) over the recording, 55-2000 Hz."""
    n_fft = 8192
    hop = n_fft // 2
    window = np.hanning(n_fft)
    freqs = np.fft.rfftfreq(n_fft, 1 / ANALYSIS_RATE_HZ)
    band = (freqs >= 55.0) & (freqs <= 2000.0)
    pitch_class = np.round(12 * np.log2(freqs[band] / 440.0) + 9).astype(int) % 12
    chroma = np.zeros(12)
    for start in range(0, max(audio.size - n_fft, 1), hop):
        frame = audio[start:start + n_fft]
        if frame.size < n_fft:
            frame = np.pad(frame, (0, n_fft - frame.size))
        power = np.abs(np.fft.rfft(frame * window))[band] ** 2
        np.add.at(chroma, pitch_class, power)
    return chroma


def _tonality(audio: np.ndarray) -> float:
    """0 (flat: noise) to 1 (energy in few pitch classes: tonal music)."""
    chroma = _chroma(audio)
    total = chroma.sum()
    if total <= 0:
        return 0.0
    share = np.sort(chroma / total)[::-1]
    return float(np.clip((share[:4].sum() - 1 / 3) / (2 / 3), 0.0, 1.0))


def _key(audio: np.ndarray) -> str:
    chroma = _chroma(audio)
    best, name = -2.0, "C major"
    for root in range(12):
        rolled = np.roll(chroma, -root)
        for profile, mode in ((_MAJOR, "major"), (_MINOR, "minor")):
            r = float(np.corrcoef(rolled, profile)[0, 1])
            if r > best:
                best, name = r, f"{NOTE_NAMES[root]} {mode}"
    return name


def _tempo_bpm(audio: np.ndarray) -> float | None:
    """Tempo from the autocorrelation of the spectral flux (onsets), preferring lags whose
    double also correlates (the bar) and tempi near `TEMPO_PRIOR_BPM` (halving and doubling
    errors are the usual failure)."""
    from scipy.signal import stft

    hop = int(FRAME_S * ANALYSIS_RATE_HZ)
    _, _, spectrum = stft(audio, ANALYSIS_RATE_HZ, nperseg=4 * hop, noverlap=3 * hop)
    flux = np.maximum(np.diff(np.log1p(100 * np.abs(spectrum)), axis=1), 0.0).sum(axis=0)
    if flux.size < 32 or not flux.any():
        return None
    flux = flux - flux.mean()
    corr = np.correlate(flux, flux, mode="full")[flux.size - 1:]
    corr = corr / (corr[0] + 1e-12)
    best_score, best_bpm = -np.inf, None
    for lag in range(1, corr.size):
        bpm = 60.0 / (lag * FRAME_S)
        if not TEMPO_RANGE_BPM[0] <= bpm <= TEMPO_RANGE_BPM[1]:
            continue
        score = corr[lag] + (0.5 * corr[2 * lag] if 2 * lag < corr.size else 0.0)
        score *= np.exp(-0.5 * np.log2(bpm / TEMPO_PRIOR_BPM) ** 2)
        if score > best_score:
            best_score, best_bpm = score, bpm
    return None if best_bpm is None else round(float(best_bpm), 1)

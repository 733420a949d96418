"""Tests of the offline procedural music tool (``offline-music``).

The music is judged from the audio alone, with small analysis helpers defined here: a tempo
estimator (band-wise spectral-flux onset envelope, autocorrelation, comb over beat multiples,
log-normal tempo prior) and a key estimator (pitch-class profile from interpolated STFT peaks,
correlated with the 24 Krumhansl-Kessler key profiles).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pytest
from scipy import signal

from wavjourney.exceptions import ToolError
from wavjourney.tools.base import GeneratedClip, GenerationRequest
from wavjourney.tools.offline.music import ProceduralMusicTool
from wavjourney.tools.offline.music.understand import parse_key, parse_tempo, understand

SR = 44_100
CEILING = 10 ** (-1.0 / 20)  # -1 dBFS
TEMPO_TOLERANCE = 0.03
NOTE_NAMES = ("C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B")
KK_MAJOR = np.array([6.35, 2.23, 3.48, 2.33, 4.38, 4.09, 2.52, 5.19, 2.39, 3.66, 2.29, 2.88])
KK_MINOR = np.array([6.33, 2.68, 3.52, 5.38, 2.60, 3.53, 2.54, 4.75, 3.98, 2.69, 3.34, 3.17])

REQUIRED_DESCRIPTIONS = {
    "uplifting newsroom music": "newsroom",
    "soft jazz in a cafe": "jazz",
    "tense horror drone": "horror",
    "epic orchestral battle": "epic",
    "lo-fi hip hop": "lofi",
    "calm solo piano": "solo piano",
    "upbeat electronic": "electronic",
    "sad strings": "sad strings",
    "whimsical cartoon": "cartoon",
}
OTHER_DESCRIPTIONS = {
    "ambient soundscape": "ambient",
    "romantic wedding": "romantic",
    "mysterious detective": "mysterious",
    "happy acoustic guitar": "acoustic",
    "cinematic documentary": "cinematic",
    "driving rock anthem": "rock",
}


# --- analysis helpers ---------------------------------------------------------------------------

def onset_envelope(audio: np.ndarray, sr: int, hop: int = 128, n_bands: int = 32
                   ) -> tuple[np.ndarray, float]:
    """Spectral flux of log band energies (log-spaced bands, each counting equally)."""
    mono = audio.mean(axis=0)
    f, _, z = signal.stft(mono, fs=sr, nperseg=2048, noverlap=2048 - hop, boundary=None,
                          padded=False)
    power = np.abs(z) ** 2
    edges = np.geomspace(30.0, 16000.0, n_bands + 1)
    band = np.digitize(f, edges) - 1
    ok = (band >= 0) & (band < n_bands)
    bands = np.zeros((n_bands, power.shape[1]))
    np.add.at(bands, band[ok], power[ok])
    bands /= np.maximum(np.bincount(band[ok], minlength=n_bands), 1)[:, None]
    log_bands = np.log1p(10.0 * bands / (bands.mean() + 1e-20))
    flux = np.maximum(np.diff(log_bands, axis=1), 0.0).mean(axis=0)
    return flux - flux.mean(), sr / hop


def estimate_tempo(audio: np.ndarray, sr: int, low_bpm: float = 50.0,
                   high_bpm: float = 200.0) -> float:
    """Tempo from the onset envelope's autocorrelation (comb over beat multiples, prior)."""
    env, fps = onset_envelope(audio, sr)
    ac = np.correlate(env, env, mode="full")[len(env) - 1:]
    ac /= ac[0]
    lags = np.arange(len(ac))
    bpm = 60.0 * fps / np.maximum(lags, 1)
    prior = np.exp(-0.5 * np.log2(bpm / 120.0) ** 2)  # log-normal, one octave wide
    score = np.zeros_like(ac)
    for k in (1, 2, 4):
        idx = lags * k
        ok = idx < len(ac)
        score[ok] += ac[idx[ok]] / k
    score *= prior
    lo, hi = int(fps * 60 / high_bpm), int(fps * 60 / low_bpm) + 1
    best = lo + int(np.argmax(score[lo:hi]))
    a, b, c = ac[best - 1], ac[best], ac[best + 1]
    shift = 0.5 * (a - c) / (a - 2 * b + c) if (a - 2 * b + c) != 0 else 0.0
    return 60.0 * fps / (best + shift)


def chroma(audio: np.ndarray, sr: int, fmin: float = 55.0, fmax: float = 2000.0,
           nperseg: int = 8192) -> np.ndarray:
    """12-bin pitch-class profile: STFT peaks at their interpolated frequency, folded."""
    mono = audio.mean(axis=0)
    _, _, z = signal.stft(mono, fs=sr, nperseg=nperseg, noverlap=nperseg // 2)
    mag = np.abs(z)
    log_mag = np.log(mag + 1e-12)
    a, b, c = log_mag[:-2], log_mag[1:-1], log_mag[2:]
    peak = (b > a) & (b >= c) & (mag[1:-1] > 1e-3 * mag.max(axis=0, keepdims=True))
    denom = np.where(a - 2 * b + c != 0, a - 2 * b + c, 1.0)
    offset = np.where(a - 2 * b + c != 0, 0.5 * (a - c) / denom, 0.0)
    freq = (np.arange(1, mag.shape[0] - 1)[:, None] + offset) * (sr / nperseg)
    ok = peak & (freq > fmin) & (freq < fmax)
    pcs = np.round(69 + 12 * np.log2(freq[ok] / 440.0)).astype(int) % 12
    out = np.zeros(12)
    np.add.at(out, pcs, mag[1:-1][ok])
    return out


def estimate_key(audio: np.ndarray, sr: int) -> tuple[int, str]:
    """Best of the 24 Krumhansl-Kessler key profiles: (tonic pitch class, mode)."""
    profile = chroma(audio, sr)
    best = max(((np.corrcoef(profile, np.roll(kk, tonic))[0, 1], tonic, mode)
                for tonic in range(12)
                for mode, kk in (("major", KK_MAJOR), ("minor", KK_MINOR))))
    return best[1], best[2]


def spectral_centroid_hz(audio: np.ndarray, sr: int) -> float:
    f, p = signal.welch(audio.mean(axis=0), sr, nperseg=4096)
    return float((f * p).sum() / p.sum())


def onset_rate_per_s(audio: np.ndarray, sr: int, rise_db: float = 3.0) -> float:
    """Note onsets per second: moments when the level rises by ``rise_db`` within 30 ms,
    averaged over 8 octave bands (a broadband attack, not the beating of a sustained chord)."""
    hop = int(0.01 * sr)
    f, _, z = signal.stft(audio.mean(axis=0), fs=sr, nperseg=1024, noverlap=1024 - hop,
                          boundary=None, padded=False)
    power = np.abs(z) ** 2
    edges = np.geomspace(40.0, 16000.0, 9)
    band = np.digitize(f, edges) - 1
    ok = (band >= 0) & (band < 8)
    bands = np.zeros((8, power.shape[1]))
    np.add.at(bands, band[ok], power[ok])
    level_db = 10 * np.log10(bands + 1e-12)
    level_db = np.maximum(level_db, level_db.max() - 40.0)
    rise = np.maximum(level_db[:, 3:] - level_db[:, :-3], 0.0).mean(axis=0)
    peaks, _ = signal.find_peaks(rise, height=rise_db, distance=6)
    return len(peaks) / (audio.shape[1] / sr)


def key_pc(name: str) -> int:
    letter = name[0].upper()
    pc = NOTE_NAMES.index(letter)
    rest = name[1:].strip().lower()
    if rest.startswith(("#", " sharp")):
        pc += 1
    elif rest.startswith(("b", " flat")):
        pc -= 1
    return pc % 12


# --- rendering (cached: several tests look at the same clip) --------------------------------------

@lru_cache(maxsize=128)
def render(description: str, duration_s: float | None = 10.0, seed: int = 1,
           loop: bool = False, sample_rate_hz: int = SR) -> GeneratedClip:
    request = GenerationRequest(kind="music", description=description, duration_s=duration_s,
                                seed=seed, loop=loop, sample_rate_hz=sample_rate_hz)
    return ProceduralMusicTool().generate(request)


# --- the tool ----------------------------------------------------------------------------------

def test_tool_info() -> None:
    info = ProceduralMusicTool.info
    assert info.name == "offline-music"
    assert info.version == "1"
    assert info.kind == "music"
    assert info.quality == 10
    assert info.capabilities == frozenset({"offline", "loop"})
    assert info.max_concurrency == 2
    assert info.description


def test_entry_point_loads_the_tool() -> None:
    from importlib.metadata import entry_points

    points = {ep.name: ep for ep in entry_points(group="wavjourney.tools")}
    assert "offline-music" in points
    assert points["offline-music"].load() is ProceduralMusicTool


@pytest.mark.parametrize("description,genre",
                         list(REQUIRED_DESCRIPTIONS.items()) + list(OTHER_DESCRIPTIONS.items()))
def test_every_genre_renders_clean_music(description: str, genre: str) -> None:
    clip = render(description, 8.0)
    audio = clip.audio
    assert clip.sample_rate_hz == SR
    assert audio.dtype == np.float32
    assert audio.shape == (2, round(8.0 * SR))
    assert np.isfinite(audio).all()
    peak = float(np.abs(audio).max())
    assert peak < CEILING, "peak must stay below -1 dBFS"
    rms_db = 20 * np.log10(np.sqrt((audio**2).mean()))
    assert rms_db > -30.0, "music must not be near-silent"
    assert abs(float(audio.mean())) < 1e-3, "no DC offset"
    # No stretch of dead air longer than a second inside the piece.
    frame = SR // 10
    frames = np.sqrt((audio[:, : audio.shape[1] // frame * frame] ** 2)
                     .reshape(2, -1, frame).mean(axis=(0, 2)))
    quiet = frames[:-20] < 10 ** (-55 / 20)  # the last 2 s may fade
    longest = max((len(run) for run in "".join("1" if q else "0" for q in quiet).split("0")),
                  default=0)
    assert longest < 10
    info = clip.info
    assert info["genre"] == genre
    assert {"genre", "mood", "tempo_bpm", "key", "instruments", "match_score",
            "warnings"} <= set(info)
    assert 0.0 <= info["match_score"] <= 1.0
    assert info["instruments"] and all(isinstance(i, str) for i in info["instruments"])
    assert info["warnings"] == []
    assert info["key"].split()[1] in ("major", "minor")


def test_deterministic_for_a_seed_and_different_across_seeds() -> None:
    request = GenerationRequest(kind="music", description="lo-fi hip hop", duration_s=6.0,
                                seed=42)
    first = ProceduralMusicTool().generate(request).audio
    again = ProceduralMusicTool().generate(request).audio
    np.testing.assert_array_equal(first, again)
    other = ProceduralMusicTool().generate(GenerationRequest(
        kind="music", description="lo-fi hip hop", duration_s=6.0, seed=43)).audio
    assert not np.array_equal(first, other)
    assert np.abs(first - other).mean() > 1e-3


@pytest.mark.parametrize("duration_s", [0.5, 3.0, 7.3, 21.0])
def test_exact_length_for_any_duration(duration_s: float) -> None:
    clip = render("whimsical cartoon", duration_s)
    assert clip.audio.shape == (2, round(duration_s * SR))
    assert np.sqrt((clip.audio**2).mean()) > 1e-3


def test_default_duration_is_30_s() -> None:
    clip = render("calm solo piano", None)
    assert clip.audio.shape[1] == 30 * SR


@pytest.mark.parametrize("sample_rate_hz", [22_050, 48_000])
def test_renders_at_the_requested_sample_rate(sample_rate_hz: int) -> None:
    clip = render("upbeat electronic", 5.0, sample_rate_hz=sample_rate_hz)
    assert clip.sample_rate_hz == sample_rate_hz
    assert clip.audio.shape == (2, 5 * sample_rate_hz)
    assert np.abs(clip.audio).max() < CEILING


def test_invalid_duration_raises_tool_error() -> None:
    with pytest.raises(ToolError):
        ProceduralMusicTool().generate(GenerationRequest(kind="music", description="jazz",
                                                         duration_s=0.0))


# --- tempo --------------------------------------------------------------------------------------

@pytest.mark.parametrize("description,bpm", [
    ("lo-fi hip hop at 90 bpm", 90),
    ("upbeat electronic 128 bpm", 128),
    ("soft jazz in a cafe at 110 bpm", 110),
    ("epic orchestral battle at 140 bpm", 140),
    ("uplifting newsroom music at 100 bpm", 100),
    ("whimsical cartoon at 120 bpm", 120),
    ("upbeat electronic at 120 BPM", 120),
])
def test_explicit_tempo_is_heard(description: str, bpm: float) -> None:
    clip = render(description, 12.0)
    assert clip.info["tempo_bpm"] == bpm
    estimated = estimate_tempo(clip.audio, SR)
    assert abs(estimated / bpm - 1.0) <= TEMPO_TOLERANCE, (description, estimated)


@pytest.mark.parametrize("description", ["uplifting newsroom music", "lo-fi hip hop",
                                         "upbeat electronic", "soft jazz in a cafe",
                                         "epic orchestral battle", "whimsical cartoon"])
@pytest.mark.parametrize("seed", [0, 5])
def test_genre_default_tempo_is_heard(description: str, seed: int) -> None:
    clip = render(description, 12.0, seed=seed)
    tempo = clip.info["tempo_bpm"]
    estimated = estimate_tempo(clip.audio, SR)
    assert abs(estimated / tempo - 1.0) <= TEMPO_TOLERANCE, (description, tempo, estimated)


# --- key ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("description,key", [
    ("sad strings in D minor", "D minor"),
    ("uplifting newsroom music in A major", "A major"),
    ("lo-fi hip hop in F# minor", "F# minor"),
    ("calm solo piano in E flat major", "Eb major"),
    ("epic orchestral battle in D minor", "D minor"),
    ("soft jazz in a cafe, A major", "A major"),
    ("upbeat electronic in F# minor", "F# minor"),
    ("whimsical cartoon in E flat major", "Eb major"),
    ("happy acoustic guitar in G major", "G major"),
])
def test_requested_key_is_heard(description: str, key: str) -> None:
    clip = render(description, 10.0)
    assert clip.info["key"] == key
    tonic, mode = estimate_key(clip.audio, SR)
    assert (NOTE_NAMES[tonic], mode) == (NOTE_NAMES[key_pc(key)], key.split()[1]), \
        (description, NOTE_NAMES[tonic], mode)


def test_piece_ends_on_the_tonic_and_fades_out() -> None:
    clip = render("calm solo piano in A major", 12.0)
    audio = clip.audio
    tail = audio[:, -int(0.05 * SR):]
    assert np.sqrt((tail**2).mean()) < 10 ** (-60 / 20), "the last 50 ms are silent"
    ending = audio[:, -int(1.8 * SR):]
    profile = chroma(ending, SR)
    a_major_triad = {key_pc("A"), key_pc("C#"), key_pc("E")}
    assert int(np.argmax(profile)) in a_major_triad
    assert key_pc("A") in set(np.argsort(profile)[-2:].tolist())
    # Energy decays over the last second (release / fade, no abrupt stop).
    last = audio[:, -SR:]
    quarters = np.sqrt((last.reshape(2, 4, -1) ** 2).mean(axis=(0, 2)))
    assert quarters[-1] < quarters[0]


# --- contrast between descriptions ---------------------------------------------------------------

def test_acoustic_styles_are_mastered_with_their_dynamics() -> None:
    # Orchestral and piano styles skip the bus compressor and sit several dB lower than
    # the loud styles, as such recordings do.
    def rms_db(clip: GeneratedClip) -> float:
        return 20 * np.log10(np.sqrt((clip.audio[:, : 6 * SR] ** 2).mean()))

    strings = render("sad strings", 8.0)
    dance = render("upbeat electronic", 8.0)
    assert rms_db(strings) < rms_db(dance) - 4.0


def test_descriptions_give_measurably_different_music() -> None:
    horror = render("tense horror drone", 12.0)
    dance = render("upbeat electronic", 12.0)
    piano = render("calm solo piano", 12.0)
    tempos = [c.info["tempo_bpm"] for c in (horror, dance, piano)]
    assert dance.info["tempo_bpm"] > 1.4 * piano.info["tempo_bpm"]
    assert dance.info["tempo_bpm"] > 1.4 * horror.info["tempo_bpm"]
    assert len(set(tempos)) == 3
    centroids = {name: spectral_centroid_hz(c.audio, SR)
                 for name, c in (("horror", horror), ("dance", dance), ("piano", piano))}
    assert centroids["dance"] > 1.25 * centroids["horror"]
    assert centroids["dance"] > 1.25 * centroids["piano"]
    rates = {name: onset_rate_per_s(c.audio, SR)
             for name, c in (("horror", horror), ("dance", dance), ("piano", piano))}
    assert rates["dance"] > 3.0 * rates["piano"]
    assert rates["dance"] > 1.8 * rates["horror"]
    instruments = [set(c.info["instruments"]) for c in (horror, dance, piano)]
    assert instruments[0] != instruments[1] != instruments[2] != instruments[0]
    assert instruments[2] == {"piano"}


# --- loops --------------------------------------------------------------------------------------

@pytest.mark.parametrize("description", ["upbeat electronic", "ambient soundscape",
                                         "soft jazz in a cafe"])
def test_loop_is_seamless_and_exact(description: str) -> None:
    clip = render(description, 10.0, loop=True)
    audio = clip.audio
    assert audio.shape == (2, 10 * SR)
    assert np.abs(audio).max() < CEILING
    # The step from the last sample to the first is no bigger than the steps inside the clip.
    seam = float(np.abs(audio[:, 0] - audio[:, -1]).max())
    inside = float(np.percentile(np.abs(np.diff(audio, axis=1)), 99.99))
    assert seam <= inside
    # Tails wrap around: the loop does not start from silence.
    head = audio[:, : int(0.05 * SR)]
    assert np.sqrt((head**2).mean()) > 10 ** (-50 / 20)
    # A default tempo is nudged so a whole number of bars fills the loop.
    bars = clip.info["bars"]
    assert bars * 4 * 60.0 / clip.info["tempo_bpm"] == pytest.approx(10.0, abs=1e-6)
    assert "e" not in clip.info["sections"] and "i" not in clip.info["sections"]


def test_loop_with_explicit_tempo_keeps_it() -> None:
    clip = render("upbeat electronic at 128 bpm", 10.0, loop=True)
    assert clip.info["tempo_bpm"] == 128
    assert clip.audio.shape == (2, 10 * SR)
    assert clip.info["bars"] == 5  # 5 bars of 1.875 s; the rest holds the wrapped tails
    assert any("whole bars" in w for w in clip.info["warnings"])
    seam = float(np.abs(clip.audio[:, 0] - clip.audio[:, -1]).max())
    assert seam <= float(np.percentile(np.abs(np.diff(clip.audio, axis=1)), 99.99))


@pytest.mark.parametrize("description,duration_s", [("upbeat electronic", 0.5),
                                                    ("calm piano at 40 bpm", 5.0)])
def test_loop_shorter_than_a_bar_is_still_exact(description: str, duration_s: float) -> None:
    clip = render(description, duration_s, loop=True)
    assert clip.audio.shape == (2, round(duration_s * SR))
    assert np.isfinite(clip.audio).all() and np.abs(clip.audio).max() < CEILING
    assert any("shorter than a bar" in w for w in clip.info["warnings"])


# --- understanding ------------------------------------------------------------------------------

@pytest.mark.parametrize("text,expected", [
    ("sad strings in D minor", (2, "minor")),
    ("D minor", (2, "minor")),
    ("C# major", (1, "major")),
    ("in E flat major", (3, "major")),
    ("in e flat major", (3, "major")),
    ("F sharp minor", (6, "minor")),
    ("key of F#m", (6, "minor")),
    ("in Bb", (10, None)),
    ("soft jazz in a cafe", (None, None)),
    ("something in a minor key", (None, "minor")),
])
def test_parse_key(text: str, expected: tuple[int | None, str | None]) -> None:
    tonic, mode, _ = parse_key(text)
    assert (tonic, mode) == expected


@pytest.mark.parametrize("text,bpm", [("at 90 bpm", 90.0), ("120 BPM", 120.0),
                                      ("72 beats per minute", 72.0), ("fast", None)])
def test_parse_tempo(text: str, bpm: float | None) -> None:
    assert parse_tempo(text) == bpm


def test_key_spelling_follows_the_request() -> None:
    rng = np.random.default_rng(0)
    assert understand("C# major strings", rng).key.name == "C# major"
    assert understand("Db major strings", rng).key.name == "Db major"
    assert understand("strings in E flat major", rng).key.name == "Eb major"


@pytest.mark.parametrize("description,genre", [
    ("chillhop study beats", "lofi"),
    ("spooky haunted house", "horror"),
    ("heroic trailer with orchestra", "epic"),
    ("edm club banger", "electronic"),
    ("melancholic cello elegy", "sad strings"),
    ("quirky music for a kids show", "cartoon"),
    ("bossa nova lounge", "jazz"),
    ("breaking news headlines", "newsroom"),
    ("relaxing piano nocturne", "solo piano"),
    ("jazzz cafe", "jazz"),  # misspelt
])
def test_synonyms_pick_the_genre(description: str, genre: str) -> None:
    spec = understand(description, np.random.default_rng(0))
    assert spec.genre == genre
    assert spec.warnings == ()


def test_unknown_description_falls_back_with_a_warning() -> None:
    clip = render("zxqv blorp", 6.0)
    assert clip.info["warnings"] and "zxqv blorp" in clip.info["warnings"][0]
    assert clip.info["match_score"] < 0.3
    assert np.sqrt((clip.audio**2).mean()) > 10 ** (-30 / 20)
    mood_only = understand("a glad little tune", np.random.default_rng(0))
    assert mood_only.genre == "acoustic" and mood_only.warnings


def test_mood_sets_the_mode_and_explicit_bpm_is_clamped() -> None:
    rng = np.random.default_rng(0)
    assert understand("sad piano", rng).key.mode == "minor"
    assert understand("happy electronic", rng).key.mode == "major"
    spec = understand("electronic at 400 bpm", rng)
    assert spec.tempo_bpm == 220.0 and spec.warnings


def test_instrument_words_and_no_drums() -> None:
    guitar = render("lo-fi hip hop with guitar", 6.0)
    assert "acoustic guitar" in guitar.info["instruments"]
    assert "electric piano" not in guitar.info["instruments"]
    dry = render("upbeat electronic without drums", 6.0)
    assert not any(i.startswith("drums") for i in dry.info["instruments"])
    full = render("upbeat electronic", 6.0)
    assert any(i.startswith("drums") for i in full.info["instruments"])

"""Pitched instruments: recorded acoustic ones (`Sampled`: the General MIDI SoundFont, through
`soundfont`) and synthesised electronic ones (bass, pads, leads, plucks, bells, a drone).

Every instrument is ``fn(freq_hz, gate_n, sr, rng, bright) -> audio`` where ``gate_n`` is how
long the key is held (samples) and the returned note includes its release tail. ``bright``
(0-1) follows the velocity: harder notes are brighter. Output may be mono (n,) or stereo
(2, n); `render_note` normalises and caches it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from wavjourney.tools.offline.music import drums
from wavjourney.tools.offline.music.soundfont import DRUM_BANK, load_font
from wavjourney.tools.offline.music.synth import (
    NOTE_CACHE,
    TWO_PI,
    adsr,
    cycles_frac,
    fade_edges,
    partials,
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


# --- plucked strings --------------------------------------------------------------------------


POWER_STRUM_S = 0.006  # the pick crosses the three strings this fast



# --- bass -----------------------------------------------------------------------------------------


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



# --- bells and mallets ----------------------------------------------------------------------------

def _mallet(freq_hz: float, sr: int, rng: np.random.Generator, ratios, amps, t60,
            length_s: float, bright: float) -> np.ndarray:
    n = int(length_s * sr)
    amps = np.asarray(amps, dtype=float)
    amps[1:] *= 0.6 + 0.8 * bright
    return partials(freq_hz, np.asarray(ratios), amps, np.asarray(t60), n, sr, rng)



def bell(freq_hz, gate_n, sr, rng, bright):
    """Soft tuned bell with long ring."""
    return _mallet(freq_hz, sr, rng, (1.0, 2.0, 3.0, 4.2, 5.43), (1.0, 0.45, 0.22, 0.1, 0.06),
                   (3.5, 2.2, 1.4, 0.9, 0.6), 3.6, bright)



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
GM_TROMBONE, GM_TUBA, GM_FRENCH_HORNS, GM_FLUTE, GM_WHISTLE = 57, 58, 60, 73, 78
GM_MELODIC_TOM = 117
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
    # The battle drums: the font's "Taiko Drum" is a thin looped tone that blurred the beat.
    "melodic tom": Instrument(Sampled(GM_MELODIC_TOM, detune_cents=DRUM_DETUNE_CENTS),
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

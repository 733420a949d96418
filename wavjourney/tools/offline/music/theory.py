"""Music theory: pitch names, keys, scales, roman-numeral chords and voice leading.

Pitches are MIDI numbers (60 = middle C); pitch classes are 0-11 with 0 = C.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Literal

Mode = Literal["major", "minor"]

SEMITONES_PER_OCTAVE = 12
A4_MIDI = 69
A4_HZ = 440.0

NOTE_NAMES_SHARP = ("C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B")
NOTE_NAMES_FLAT = ("C", "Db", "D", "Eb", "E", "F", "Gb", "G", "Ab", "A", "Bb", "B")
# Tonics conventionally spelt with flats (F major, Bb major, ...; D minor, G minor, ...).
_FLAT_TONICS = {"major": {5, 10, 3, 8, 1, 6}, "minor": {2, 7, 0, 5, 10, 3}}

SCALE_STEPS: dict[Mode, tuple[int, ...]] = {
    "major": (0, 2, 4, 5, 7, 9, 11),
    "minor": (0, 2, 3, 5, 7, 8, 10),
}

# Chord suffix -> intervals above the root; the triad quality comes from the numeral's case.
_MAJOR_TRIAD = (0, 4, 7)
_MINOR_TRIAD = (0, 3, 7)
_SUFFIX_INTERVALS: dict[str, tuple[int, ...] | None] = {
    "": None,  # plain triad of the numeral's case
    "7": None,  # dominant 7 (upper case) or minor 7 (lower case)
    "maj7": (0, 4, 7, 11),
    "9": None,
    "maj9": (0, 4, 7, 11, 14),
    "6": None,
    "sus2": (0, 2, 7),
    "sus4": (0, 5, 7),
    "add9": None,
    "dim": (0, 3, 6),
    "°": (0, 3, 6),
    "ø7": (0, 3, 6, 10),
    "m7b5": (0, 3, 6, 10),
    "dim7": (0, 3, 6, 9),
    "+": (0, 4, 8),
    "5": (0, 7),
}
_NUMERALS = {"i": 0, "ii": 1, "iii": 2, "iv": 3, "v": 4, "vi": 5, "vii": 6}
_CHORD_RE = re.compile(r"^(b|#)?(vii|iii|ii|iv|vi|v|i)(.*)$", re.IGNORECASE)


def midi_to_hz(midi: float) -> float:
    """Equal-tempered frequency of a MIDI pitch (A4 = 440 Hz)."""
    return A4_HZ * 2.0 ** ((midi - A4_MIDI) / SEMITONES_PER_OCTAVE)


def hz_to_midi(freq_hz: float) -> float:
    """The MIDI pitch (fractional) of a frequency; the inverse of `midi_to_hz`."""
    return A4_MIDI + SEMITONES_PER_OCTAVE * math.log2(freq_hz / A4_HZ)


def key_name(tonic_pc: int, mode: Mode, sharp: bool | None = None) -> str:
    """Key name, e.g. ``key_name(3, "major") == "Eb major"``.

    Args:
        tonic_pc: tonic pitch class.
        mode: ``"major"`` or ``"minor"``.
        sharp: force sharp (True) or flat (False) spelling; None: the conventional one.
    """
    if sharp is None:
        sharp = tonic_pc % 12 not in _FLAT_TONICS[mode]
    names = NOTE_NAMES_SHARP if sharp else NOTE_NAMES_FLAT
    return f"{names[tonic_pc % 12]} {mode}"


@dataclass(frozen=True)
class Chord:
    """A chord: absolute root pitch class and intervals (semitones) above it.

    Args:
        symbol: the roman numeral it came from (``"V7"``).
        root_pc: root pitch class 0-11.
        intervals: semitones above the root, first is 0.
    """

    symbol: str
    root_pc: int
    intervals: tuple[int, ...]

    @property
    def pitch_classes(self) -> tuple[int, ...]:
        return tuple((self.root_pc + i) % 12 for i in self.intervals)

    @property
    def triad_pcs(self) -> tuple[int, ...]:
        """Root, third and fifth only (the chord tones a melody lands on)."""
        return tuple((self.root_pc + i) % 12 for i in self.intervals if i < 10)

    @property
    def fifth_pc(self) -> int:
        fifths = [i for i in self.intervals if i in (6, 7, 8)]
        return (self.root_pc + (fifths[0] if fifths else 7)) % 12


@dataclass(frozen=True)
class Key:
    """A tonic and a mode (and, optionally, how the user spelt the tonic)."""

    tonic_pc: int
    mode: Mode
    sharp: bool | None = None

    @property
    def name(self) -> str:
        return key_name(self.tonic_pc, self.mode, self.sharp)

    @property
    def scale_pcs(self) -> tuple[int, ...]:
        return tuple((self.tonic_pc + s) % 12 for s in SCALE_STEPS[self.mode])

    def chord(self, symbol: str) -> Chord:
        """Parse a roman numeral relative to this key's scale.

        Upper case is a major triad, lower case minor; ``b``/``#`` prefixes shift the root;
        suffixes: ``7 maj7 9 maj9 6 sus2 sus4 add9 dim ° ø7 m7b5 dim7 + 5``. In a minor key
        ``V`` is the major dominant (harmonic minor), ``VI`` is the sixth of natural minor.
        """
        match = _CHORD_RE.match(symbol.strip())
        if not match:
            raise ValueError(f"cannot parse chord symbol {symbol!r}")
        accidental, numeral, suffix = match.groups()
        degree = _NUMERALS[numeral.lower()]
        root = self.tonic_pc + SCALE_STEPS[self.mode][degree]
        root += {"b": -1, "#": 1}.get(accidental or "", 0)
        upper = numeral[0].isupper()
        if suffix not in _SUFFIX_INTERVALS:
            raise ValueError(f"unknown chord suffix {suffix!r} in {symbol!r}")
        fixed = _SUFFIX_INTERVALS[suffix]
        if fixed is not None:
            intervals = fixed
        else:
            triad = _MAJOR_TRIAD if upper else _MINOR_TRIAD
            extra = {
                "": (),
                "7": (10,),
                "9": (10, 14),
                "6": (9,),
                "add9": (14,),
            }[suffix]
            intervals = triad + extra
        return Chord(symbol, root % 12, intervals)

    def scale_for(self, chord: Chord) -> tuple[int, ...]:
        """The key's scale with notes a semitone from a chord tone replaced by the chord tone.

        Over ``V`` in a minor key this raises the seventh degree (harmonic minor), so the
        melody never clashes with the chord under it.
        """
        chord_pcs = set(chord.pitch_classes)
        out = []
        for pc in self.scale_pcs:
            if pc in chord_pcs:
                out.append(pc)
                continue
            near = [c for c in chord_pcs if (c - pc) % 12 in (1, 11) and c not in self.scale_pcs]
            out.append(near[0] if near else pc)
        return tuple(sorted(set(out)))


def pitches_in_range(pcs: tuple[int, ...] | set[int], low: int, high: int) -> list[int]:
    """All MIDI pitches in [low, high] whose pitch class is in ``pcs``."""
    wanted = {p % 12 for p in pcs}
    return [m for m in range(low, high + 1) if m % 12 in wanted]


def nearest_pitch(pc: int, target: float, low: int = 0, high: int = 127) -> int:
    """The MIDI pitch of class ``pc`` closest to ``target`` within [low, high]."""
    candidates = pitches_in_range({pc}, low, high)
    if not candidates:
        return int(round(target))
    return min(candidates, key=lambda m: (abs(m - target), m))


def voice_chord(
    chord: Chord,
    low: int,
    high: int,
    previous: tuple[int, ...] | None = None,
    n_voices: int | None = None,
) -> tuple[int, ...]:
    """A close-position voicing in [low, high] that moves least from ``previous``.

    Args:
        chord: the chord to voice.
        low: lowest allowed MIDI pitch.
        high: highest allowed MIDI pitch.
        previous: the last voicing (None: centre the chord in the range).
        n_voices: how many notes (default: one per chord tone, at most 5).
    """
    pcs = list(chord.pitch_classes)
    n = n_voices or min(len(pcs), 5)
    if n > len(pcs):
        # Double the root of a major chord, the third of a minor one (the note that tells
        # the mode), then the fifth.
        first = pcs[1] if chord.intervals[:2] == (0, 3) else pcs[0]
        pcs = pcs + [first, chord.fifth_pc][: n - len(pcs)]
    while len(pcs) > n:  # drop the fifth first (it adds least colour), then extensions
        fifth = chord.fifth_pc
        if fifth in pcs[1:] and len(chord.intervals) > 3:
            pcs.remove(fifth)
        else:
            pcs.pop()
    centre = (low + high) / 2
    best: tuple[float, tuple[int, ...]] | None = None
    for rotation in range(len(pcs)):
        order = pcs[rotation:] + pcs[:rotation]
        for base in range(low, low + 12):
            if base % 12 != order[0]:
                continue
            notes = [base]
            for pc in order[1:]:
                step = (pc - notes[-1]) % 12 or 12
                notes.append(notes[-1] + step)
            if notes[-1] > high:
                continue
            voicing = tuple(sorted(notes))
            if previous:
                prev = sorted(previous)
                m = min(len(prev), len(voicing))
                cost: float = sum(abs(a - b) for a, b in zip(voicing[:m], prev[:m], strict=True))
                cost += 0.25 * abs(sum(voicing) / len(voicing) - centre)
            else:
                cost = abs(sum(voicing) / len(voicing) - centre)
            if best is None or cost < best[0]:
                best = (cost, voicing)
    if best is None:  # range too narrow: stack from the root anyway
        root = nearest_pitch(pcs[0], low + 3, low, high)
        return tuple(sorted(root + ((pc - pcs[0]) % 12) for pc in pcs))
    return best[1]

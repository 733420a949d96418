"""Musical time: the bar plan (sections, chords, phrases, fills) and the swung beat grid."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from wavjourney.tools.offline.music.styles import ENDING, INTRO, SECTION_A, SECTION_B, GenreStyle
from wavjourney.tools.offline.music.theory import Chord, Key
from wavjourney.tools.offline.music.understand import MusicSpec

BEATS_PER_BAR = 4
STEPS_PER_BAR = 16  # sixteenth notes
STEPS_PER_BEAT = STEPS_PER_BAR // BEATS_PER_BAR
PHRASE_BARS = 4
SECTION_BARS = 8
ENDING_MIN_S = 1.6  # the final chord rings at least this long
LOOP_TEMPO_TOLERANCE = 0.06  # a loop may shift a default tempo this much to fit whole bars
SLOW_BAR_S = 3.2  # bars at least this long get a one-bar intro
SHORT_BODY_BARS = 3  # pieces with at most this many bars before the ending cadence plagally
TONIC_SYMBOLS = frozenset({"I", "i", "Imaj7", "i7", "I6", "i9", "Imaj9", "Iadd9", "iadd9"})


@dataclass(frozen=True)
class Bar:
    """One bar of the plan.

    Args:
        index: position in the piece.
        start_s: onset, seconds.
        length_s: duration (the ending bar runs to the end of the clip).
        section: ``i`` intro, ``A``/``B`` body sections, ``e`` the final chord.
        chord: the harmony of the bar.
        next_chord: the harmony of the following bar (for approach notes).
        phrase_pos: position in its 4-bar phrase.
        phrase_end: last bar of a phrase (melodies cadence here).
        section_start: first bar of a section (crash cymbal, new motif).
        section_end: last bar of a section (drum fill).
        final_cadence: the phrase that ends here resolves to the tonic.
    """

    index: int
    start_s: float
    length_s: float
    section: str
    chord: Chord
    next_chord: Chord
    phrase_pos: int
    phrase_end: bool
    section_start: bool
    section_end: bool
    final_cadence: bool


@dataclass(frozen=True)
class Form:
    """The whole piece in time.

    Args:
        tempo_bpm: the tempo actually used.
        bar_s: seconds per bar.
        bars: every bar, the ending bar included.
        duration_s: the clip length.
        loop: the clip must loop seamlessly.
        swing: off-beat position within its pair (0.5 straight).
        swing_steps: swung unit in 16ths.
    """

    tempo_bpm: float
    bar_s: float
    bars: tuple[Bar, ...]
    duration_s: float
    loop: bool
    swing: float
    swing_steps: int

    @property
    def step_s(self) -> float:
        return self.bar_s / STEPS_PER_BAR

    @property
    def sections(self) -> str:
        return "".join(b.section for b in self.bars)

    def time_s(self, bar: Bar, step: float) -> float:
        """Onset of a 16th step (may exceed 16: it runs into the next bars) with swing."""
        pair = 2 * self.swing_steps
        whole, rem = divmod(step, pair)
        half = self.swing_steps
        split = pair * self.swing
        pos = rem / half * split if rem <= half else split + (rem - half) / half * (pair - split)
        return bar.start_s + (whole * pair + pos) * self.step_s


def choose_bars(spec: MusicSpec, duration_s: float, loop: bool) -> tuple[float, int]:
    """Tempo and number of whole bars (excluding the ending bar of a non-loop piece).

    A loop with a default tempo is re-timed (within ±6 %) so a whole number of bars, a
    multiple of 4 where possible, fills the clip exactly; an explicit tempo is kept.
    """
    tempo = spec.tempo_bpm
    bar_s = BEATS_PER_BAR * 60.0 / tempo
    if not loop:
        return tempo, max(0, int((duration_s - ENDING_MIN_S) / bar_s + 1e-9))
    if spec.tempo_explicit:
        return tempo, max(1, int(duration_s / bar_s + 1e-9))
    ideal = duration_s / bar_s
    if ideal < 1.0 - LOOP_TEMPO_TOLERANCE:
        return tempo, 1  # shorter than a bar: the loop is the start of one bar
    for multiple in (4, 2, 1):
        candidates = [m * multiple for m in range(1, int(ideal / multiple) + 2)]
        fits = [n for n in candidates
                if abs(n * BEATS_PER_BAR * 60.0 / duration_s / tempo - 1.0) <= LOOP_TEMPO_TOLERANCE]
        if fits:
            n = min(fits, key=lambda n: abs(n - ideal))
            return n * BEATS_PER_BAR * 60.0 / duration_s, n
    n = max(1, round(ideal))
    return n * BEATS_PER_BAR * 60.0 / duration_s, n


def _section_letters(n_body: int, n_intro: int) -> list[str]:
    letters = [INTRO] * n_intro
    if n_body < 12:
        return letters + [SECTION_A] * n_body
    body: list[str] = []
    while len(body) < n_body:
        letter = SECTION_A if (len(body) // SECTION_BARS) % 2 == 0 else SECTION_B
        body.append(letter)
    # Never leave a stub of fewer than 4 bars: fold it into the previous section.
    tail = n_body % SECTION_BARS
    if 0 < tail < PHRASE_BARS:
        prev = body[-tail - 1]
        body[-tail:] = [prev] * tail
    return letters + body


def _progressions(style: GenreStyle, key: Key, rng: np.random.Generator
                  ) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Progression for A (rotated to start on the tonic) and a different one for B."""
    progs = list(style.progressions[key.mode])
    with_tonic = [p for p in progs if any(c in TONIC_SYMBOLS for c in p)]
    prog_a = with_tonic[int(rng.integers(len(with_tonic)))] if with_tonic else progs[0]
    for rot in range(len(prog_a)):
        if prog_a[rot] in TONIC_SYMBOLS:
            prog_a = prog_a[rot:] + prog_a[:rot]
            break
    others = [p for p in progs if set(p) != set(prog_a)] or progs
    prog_b = others[int(rng.integers(len(others)))]
    return prog_a, prog_b


CADENCE_CHORD = {"horror": ("bII", "bII"), "ambient": ("IV", "iv"), "jazz": ("V7", "V7"),
                 "lofi": ("V7", "V7")}


def plan_form(spec: MusicSpec, duration_s: float, loop: bool,
              rng: np.random.Generator) -> Form:
    """Lay out bars, sections, chords, phrases and fills for a clip.

    Args:
        spec: what to play.
        duration_s: clip length, seconds.
        loop: plan a seamless loop (no intro, no ending) instead of a piece with an ending.
        rng: seeded generator (progression choice).
    """
    style = spec.style
    key = spec.key
    tempo, n_body_total = choose_bars(spec, duration_s, loop)
    bar_s = BEATS_PER_BAR * 60.0 / tempo
    if loop:
        n_intro = 0
    elif n_body_total >= 10:
        n_intro = 1 if bar_s >= SLOW_BAR_S else 2
    elif n_body_total >= 6:
        n_intro = 1
    else:
        n_intro = 0
    letters = _section_letters(n_body_total - n_intro, n_intro)
    if not loop:
        letters.append(ENDING)

    prog_a, prog_b = _progressions(style, key, rng)
    symbols: list[str] = []
    section_starts: list[int] = []
    for i, letter in enumerate(letters):
        start = i == 0 or letters[i - 1] != letter
        if start:
            section_starts.append(i)
        sec_start = section_starts[-1]
        prog = prog_b if letter == SECTION_B else prog_a
        symbols.append(prog[((i - sec_start) // style.bars_per_chord) % len(prog)])
    tonic_symbol = style.final_chord[key.mode]
    for i, letter in enumerate(letters):
        if letter == INTRO:  # the intro states the key: tonic harmony
            symbols[i] = prog_a[0] if prog_a[0] in TONIC_SYMBOLS else tonic_symbol
    if not loop:
        symbols[-1] = tonic_symbol
        if len(symbols) >= 2 and letters[-2] != INTRO:
            dominant = CADENCE_CHORD.get(style.name, ("V", "V"))[key.mode == "minor"]
            before = key.chord(symbols[-2])
            # Keep a plagal (IV-I) or dominant approach; anything else becomes V (in minor
            # always the major V: its leading tone is what makes the key sound minor).
            home_degrees = {(key.tonic_pc + 7) % 12}
            if key.mode == "major" and style.name not in ("jazz", "lofi"):
                home_degrees.add((key.tonic_pc + 5) % 12)
            if n_body_total - n_intro <= SHORT_BODY_BARS:
                # Too short for a journey: a plagal IV-I keeps the tonic sounding in every
                # chord, so even a few seconds clearly state the key.
                symbols[-2] = "iv" if key.mode == "minor" else "IV"
            elif before.root_pc not in home_degrees or (key.mode == "minor"
                                                        and before.intervals[:2] != (0, 4)):
                symbols[-2] = dominant
    chords = [key.chord(s) for s in symbols]

    bars = []
    n = len(letters)
    for i, letter in enumerate(letters):
        sec_start = max(s for s in section_starts if s <= i)
        pos = (i - sec_start) % PHRASE_BARS
        last_in_section = i == n - 1 or letters[i + 1] != letter
        next_chord = chords[(i + 1) % n] if (loop or i + 1 < n) else chords[i]
        start_s = i * bar_s
        # The ending rings to the end of the clip; a loop's last bar also absorbs the
        # part-bar left over by an explicit tempo (its held notes and tails fill it).
        length_s = duration_s - start_s if (letter == ENDING or (loop and i == n - 1)) \
            else bar_s
        phrase_end = pos == PHRASE_BARS - 1 or last_in_section
        final = last_in_section and (i + 1 >= n or letters[i + 1] in (ENDING, SECTION_A)
                                     or loop)
        bars.append(Bar(index=i, start_s=start_s, length_s=length_s, section=letter,
                        chord=chords[i], next_chord=next_chord, phrase_pos=pos,
                        phrase_end=phrase_end, section_start=i == sec_start,
                        section_end=last_in_section, final_cadence=final))
    return Form(tempo_bpm=tempo, bar_s=bar_s, bars=tuple(bars), duration_s=duration_s,
                loop=loop, swing=style.swing, swing_steps=style.swing_steps)


def bars_in(form: Form, sections: str) -> list[Bar]:
    """Bars whose section letter is in ``sections``."""
    return [b for b in form.bars if b.section in sections]


def chord_spans(bars: list[Bar]) -> list[list[Bar]]:
    """Group consecutive bars with the same chord (and section) into spans."""
    spans: list[list[Bar]] = []
    for bar in bars:
        if (spans and spans[-1][-1].index == bar.index - 1 and spans[-1][-1].chord == bar.chord
                and spans[-1][-1].section == bar.section):
            spans[-1].append(bar)
        else:
            spans.append([bar])
    return spans

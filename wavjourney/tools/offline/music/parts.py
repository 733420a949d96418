"""Accompaniment patterns: bass lines, chord comping, arpeggios and drum grooves.

Each pattern is ``fn(ctx, part, bars)``: it writes the part's notes for the given bars (those
of the sections the part plays in) into ``ctx``. Pitches come from the bar's chord, voiced
with smooth voice leading; onsets come from the form's swung 16th grid.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from wavjourney.tools.offline.music.events import ArrangeContext
from wavjourney.tools.offline.music.form import STEPS_PER_BAR, Bar, chord_spans
from wavjourney.tools.offline.music.styles import ENDING, INTRO, SECTION_B, Part
from wavjourney.tools.offline.music.theory import (
    Chord,
    nearest_pitch,
    pitches_in_range,
    voice_chord,
)

PatternFn = Callable[[ArrangeContext, Part, list[Bar]], None]
END_RELEASE_S = 0.7  # final notes are released this long before the clip ends
STRUM_STRING_S = 0.011  # delay between strings in a strum
ROLL_NOTE_S = 0.014  # delay between notes of a rolled chord
POWER_CHORDS = "power chords"  # the instrument that voices a root as a distorted power chord

# Drum pattern strings: one character per 16th; the character is the velocity.
HIT_VELOCITY = {"X": 1.0, "x": 0.78, "o": 0.55, "-": 0.32}


def _gate_to_end(ctx: ArrangeContext, bar: Bar, onset_s: float) -> float:
    return max(0.3, bar.start_s + bar.length_s - END_RELEASE_S - onset_s)


def _root(chord: Chord, low: int, high: int, near: float | None = None) -> int:
    target = near if near is not None else low + 5
    return nearest_pitch(chord.root_pc, target, low, high)


def _voicing(ctx: ArrangeContext, part: Part, chord: Chord, n_voices: int = 4,
             low: int | None = None, high: int | None = None) -> tuple[int, ...]:
    lo = part.low if low is None else low
    hi = part.high if high is None else high
    v = voice_chord(chord, lo, hi, ctx.voicings.get(part.role), n_voices)
    ctx.voicings[part.role] = v
    return v


def _steps(ctx: ArrangeContext, bar: Bar, start: float, length: float) -> tuple[float, float]:
    """Onset and duration (seconds) of ``length`` 16ths from ``start``, with swing."""
    t0 = ctx.form.time_s(bar, start)
    return t0, ctx.form.time_s(bar, start + length) - t0


# --- sustained harmony ----------------------------------------------------------------------

def sustain(ctx: ArrangeContext, part: Part, bars: list[Bar]) -> None:
    """Whole chords held for as long as the harmony lasts (pads, string sections)."""
    for span in chord_spans(bars):
        first, last = span[0], span[-1]
        voicing = _voicing(ctx, part, first.chord, 4)
        if last.section == ENDING:
            gate = _gate_to_end(ctx, last, first.start_s)
        else:  # held to the chord change: the next chord's attack covers this release
            gate = (last.start_s + last.length_s - first.start_s) * max(part.legato, 1.0)
        vel = 0.55 if first.section == INTRO else 0.68
        for i, midi in enumerate(voicing):
            ctx.add(part, first.start_s, gate, midi, vel, pan=0.15 * (i - 1.5) / 1.5,
                    humanize=0.0)


def sustain_root(ctx: ArrangeContext, part: Part, bars: list[Bar]) -> None:
    """Held root notes (cellos and basses under a string section, ambient sub)."""
    prev = None
    for span in chord_spans(bars):
        first, last = span[0], span[-1]
        midi = _root(first.chord, part.low, part.high, prev)
        prev = midi
        gate = (_gate_to_end(ctx, last, first.start_s) if last.section == ENDING
                else (last.start_s + last.length_s - first.start_s) * max(part.legato, 1.0))
        ctx.add(part, first.start_s, gate, midi, 0.7, humanize=0.0)
        if part.instrument == "strings":  # double an octave up: a cello+bass section
            ctx.add(part, first.start_s, gate, midi + 12, 0.45, humanize=0.0)


def drone(ctx: ArrangeContext, part: Part, bars: list[Bar]) -> None:
    """One long tonic drone per section; B sections add a dissonant tritone drone."""
    tonic = nearest_pitch(ctx.spec.key.tonic_pc, part.low + 4, part.low, part.high)
    sections: list[list[Bar]] = []
    for bar in bars:
        if sections and sections[-1][-1].section == bar.section:
            sections[-1].append(bar)
        else:
            sections.append([bar])
    overlap_s = 1.5
    for sec in sections:
        start = sec[0].start_s
        end = sec[-1].start_s + sec[-1].length_s
        gate = (end - start - END_RELEASE_S * 3) if sec[-1].section == ENDING else \
            end - start + overlap_s
        ctx.add(part, start, gate, tonic, 0.75, humanize=0.0)
        if sec[0].section == SECTION_B:
            ctx.add(part, start, gate, tonic + 6, 0.45, humanize=0.0)


def clusters(ctx: ArrangeContext, part: Part, bars: list[Bar]) -> None:
    """Dissonant high string clusters that swell in and out (horror)."""
    shapes = ((0, 1), (0, 6), (0, 1, 6), (0, 11), (1, 7))
    for span in chord_spans(bars):
        first, last = span[0], span[-1]
        if first.section == ENDING:
            continue
        shape = shapes[int(ctx.rng.integers(len(shapes)))]
        base = nearest_pitch(ctx.spec.key.tonic_pc, (part.low + part.high) / 2, part.low,
                             part.high)
        length = last.start_s + last.length_s - first.start_s
        offset = float(ctx.rng.uniform(0.0, 0.3)) * length
        for interval in shape:
            ctx.add(part, first.start_s + offset, length * 0.75, base + interval,
                    0.45, pan=float(ctx.rng.uniform(-0.6, 0.6)), humanize=0.0)


# --- bass lines -----------------------------------------------------------------------------

def _bass_notes(ctx: ArrangeContext, part: Part, bars: list[Bar],
                rhythm: Callable[[Bar, int], list[tuple[float, float, int, float]]]) -> None:
    """Shared bass writer: ``rhythm(bar, root)`` yields (step, length, pitch, velocity)."""
    prev: float | None = None
    for bar in bars:
        root = _root(bar.chord, part.low, part.high, prev if prev is not None else None)
        prev = root
        if bar.section == ENDING:
            ctx.add(part, bar.start_s, _gate_to_end(ctx, bar, bar.start_s), root, 0.8,
                    humanize=0.0)
            continue
        for step, length, midi, vel in rhythm(bar, root):
            t0, dur = _steps(ctx, bar, step, length)
            ctx.add(part, t0, dur * part.legato, midi, vel)


def _fifth_below_or_above(chord: Chord, root: int, low: int) -> int:
    fifth = root + ((chord.fifth_pc - chord.root_pc) % 12)
    return fifth - 12 if fifth - 12 >= low else fifth


def root_whole(ctx: ArrangeContext, part: Part, bars: list[Bar]) -> None:
    """One root per chord span."""
    sustain_root(ctx, part, bars)


def pulse8(ctx, part, bars):
    """Driving root 8ths with an octave lift at the end of every other bar (newsroom)."""
    def rhythm(bar, root):
        notes = []
        for i in range(8):
            midi = root + 12 if (bar.index % 2 == 1 and i >= 6) else root
            vel = 0.85 if i % 2 == 0 else 0.62
            if bar.section == INTRO:
                vel *= 0.7
            notes.append((2 * i, 1.2, midi, vel))
        return notes
    _bass_notes(ctx, part, bars, rhythm)


def offbeat8(ctx, part, bars):
    """House bass: roots on the off-beats, a rolling 16th pickup in B sections."""
    def rhythm(bar, root):
        notes = [(s, 1.6, root, 0.85) for s in (2, 6, 10, 14)]
        if bar.section == SECTION_B:
            notes += [(3, 0.8, root + 12, 0.5), (11, 0.8, root + 12, 0.5)]
        return notes
    _bass_notes(ctx, part, bars, rhythm)


def boombap(ctx, part, bars):
    """Hip-hop bass that locks to the kick, with a lazy pickup into the next bar."""
    def rhythm(bar, root):
        fifth = _fifth_below_or_above(bar.chord, root, part.low)
        if bar.phrase_pos % 2 == 0:
            return [(0, 7, root, 0.85), (8, 5, root, 0.75), (14, 2, fifth, 0.45)]
        return [(0, 7, root, 0.85), (8, 3, root, 0.75), (12, 3, fifth, 0.6)]
    _bass_notes(ctx, part, bars, rhythm)


def oompah(ctx, part, bars):
    """Oom-pah: root on 1, fifth on 3; a walk-up at phrase ends."""
    key = ctx.spec.key

    def rhythm(bar, root):
        if bar.phrase_end and bar.section != INTRO:
            scale = pitches_in_range(key.scale_pcs, root, root + 12)
            walk = (scale + [root + 12] * 4)[:4]
            return [(4 * i, 2, walk[i], 0.75) for i in range(4)]
        return [(0, 2, root, 0.85), (8, 2, _fifth_below_or_above(bar.chord, root, part.low),
                                     0.75)]
    _bass_notes(ctx, part, bars, rhythm)


def folk(ctx, part, bars):
    """Root-fifth country/folk bass with a passing note into the next chord."""
    key = ctx.spec.key

    def rhythm(bar, root):
        fifth = _fifth_below_or_above(bar.chord, root, part.low)
        nxt = _root(bar.next_chord, part.low, part.high, root)
        scale = pitches_in_range(key.scale_pcs, part.low, part.high)
        below = [m for m in scale if m < nxt]
        above = [m for m in scale if m > nxt]
        passing = (below[-1] if nxt > root and below else above[0] if above else nxt)
        return [(0, 5, root, 0.85), (6, 2, root, 0.6), (8, 5, fifth, 0.78),
                (14, 2, passing, 0.6)]
    _bass_notes(ctx, part, bars, rhythm)


def rock4(ctx, part, bars):
    """Quarter notes on the root, locked to the kick and the ringing guitar chords."""
    def rhythm(bar, root):
        return [(4 * i, 3.6, root, 0.85 if i % 2 == 0 else 0.7) for i in range(4)]
    _bass_notes(ctx, part, bars, rhythm)


def pulse4(ctx, part, bars):
    """Staccato quarter-note ostinato: root, fifth, octave, fifth (mystery pizzicato)."""
    def rhythm(bar, root):
        fifth = root + ((bar.chord.fifth_pc - bar.chord.root_pc) % 12)
        return [(0, 2, root, 0.85), (4, 2, fifth, 0.65), (8, 2, root + 12, 0.75),
                (12, 2, fifth, 0.65)]
    _bass_notes(ctx, part, bars, rhythm)


def walking(ctx, part, bars):
    """Jazz walking bass: chord tones on 1 and 3, a chromatic approach on 4."""
    key = ctx.spec.key
    rng = ctx.rng

    def rhythm(bar, root):
        chord_tones = pitches_in_range(bar.chord.pitch_classes, part.low, part.high)
        scale = pitches_in_range(key.scale_for(bar.chord), part.low, part.high)
        nxt = _root(bar.next_chord, part.low, part.high, root)
        up = nxt >= root
        beat2 = min((m for m in scale if m != root), key=lambda m: (abs(m - (root + (2 if up
                                                                                    else -2))), m))
        tones = [m for m in chord_tones if m not in (root,)]
        beat3 = min(tones, key=lambda m: abs(m - (root + nxt) / 2)) if tones else root + 7
        approach = nxt - 1 if rng.random() < 0.6 else nxt + 1
        if not part.low <= approach <= part.high:
            approach = nxt + 1 if approach < part.low else nxt - 1
        if bar.section == INTRO:
            return [(0, 8, root, 0.8), (8, 8, beat3, 0.7)]
        return [(0, 4, root, 0.88), (4, 4, beat2, 0.72), (8, 4, beat3, 0.8),
                (12, 4, approach, 0.7)]
    _bass_notes(ctx, part, bars, rhythm)


def _hits(ctx: ArrangeContext, part: Part, bars: list[Bar], n_voices: int,
          rhythm: Callable[[Bar], Sequence[tuple[float, float, float]]],
          roll_s: float = 0.0) -> None:
    """Shared chord writer: ``rhythm(bar)`` yields (step, length, velocity) chord hits."""
    for bar in bars:
        voicing = _voicing(ctx, part, bar.chord, n_voices)
        if bar.section == ENDING:
            for i, midi in enumerate(voicing):
                onset = bar.start_s + i * max(roll_s, ROLL_NOTE_S)
                ctx.add(part, onset, _gate_to_end(ctx, bar, onset), midi, 0.62,
                        humanize=0.0)
            continue
        for step, length, vel in rhythm(bar):
            t0, dur = _steps(ctx, bar, step, length)
            for i, midi in enumerate(voicing):
                ctx.add(part, t0 + i * roll_s, dur * part.legato, midi, vel)


def comp(ctx, part, bars):
    """Jazz comping: Charleston and anticipations, a different rhythm each bar."""
    rhythms = ([(0, 3, 0.6), (6, 4, 0.52)], [(0, 6, 0.6)], [(2, 2, 0.5), (6, 6, 0.56)],
               [(0, 4, 0.58), (10, 4, 0.5)], [(4, 2, 0.52), (10, 6, 0.56)])
    choice = {b.index: rhythms[int(ctx.rng.integers(len(rhythms)))] for b in bars}
    _hits(ctx, part, bars, 4, lambda bar: choice[bar.index] if bar.section != INTRO
          else [(0, 8, 0.55), (8, 8, 0.5)], roll_s=0.006)


def lofi(ctx, part, bars):
    """Lo-fi keys: lazily rolled 7th chords, held, sometimes re-struck on the 'and'."""
    rhythms = ([(0, 14, 0.6)], [(0, 8, 0.6), (8, 8, 0.5)], [(0, 12, 0.6), (14, 2, 0.42)])
    _hits(ctx, part, bars, 4, lambda bar: rhythms[bar.phrase_pos % len(rhythms)] if
          bar.section != INTRO else [(0, 16, 0.5)], roll_s=ROLL_NOTE_S)


def stabs(ctx, part, bars):
    """Driving repeated 8th-note chords (newsroom piano)."""
    def rhythm(bar):
        return [(2 * i, 1.6, 0.62 if i % 2 == 0 else 0.45) for i in range(8)]
    _hits(ctx, part, bars, 3, rhythm)


def pah(ctx, part, bars):
    """The 'pah' of oom-pah: short chords on beats 2 and 4 (8th pairs in B sections)."""
    def rhythm(bar):
        if bar.section == SECTION_B:
            return [(4, 1, 0.65), (6, 1, 0.5), (12, 1, 0.65), (14, 1, 0.5)]
        return [(4, 1, 0.65), (12, 1, 0.65)]
    _hits(ctx, part, bars, 3, rhythm)


def power2(ctx, part, bars):
    """Open power chords left ringing on beats 1 and 3 (8th-note chugs read as techno)."""
    for bar in bars:
        root = _root(bar.chord, part.low, part.low + 11)
        if bar.section == ENDING:
            ctx.add(part, bar.start_s, _gate_to_end(ctx, bar, bar.start_s), root, 0.8,
                    instrument=POWER_CHORDS)
            continue
        for step, vel in ((0, 0.85), (8, 0.78)):
            t0, dur = _steps(ctx, bar, step, 8)
            ctx.add(part, t0, dur * 0.95, root, vel, instrument=POWER_CHORDS)


def strum(ctx, part, bars):
    """Acoustic guitar strumming (D-DU-UDU): strings sweep low-to-high down, high-to-low up."""
    pattern = ((0, "D", 0.8), (4, "D", 0.66), (6, "U", 0.42), (8, "D", 0.72), (12, "D", 0.66),
               (14, "U", 0.42))
    for bar in bars:
        bass = _root(bar.chord, part.low, part.low + 11)
        upper = voice_chord(bar.chord, bass + 5, part.high, ctx.voicings.get(part.role), 4)
        ctx.voicings[part.role] = upper
        strings = (bass,) + upper
        if bar.section == ENDING:
            for i, midi in enumerate(strings):
                onset = bar.start_s + i * STRUM_STRING_S * 2
                ctx.add(part, onset, _gate_to_end(ctx, bar, onset), midi, 0.7)
            continue
        hits = pattern if bar.section != INTRO else ((0, "D", 0.7), (8, "D", 0.6))
        for j, (step, direction, vel) in enumerate(hits):
            nxt = hits[j + 1][0] if j + 1 < len(hits) else STEPS_PER_BAR
            t0, dur = _steps(ctx, bar, step, nxt - step)
            order = strings if direction == "D" else strings[::-1][:4]
            for i, midi in enumerate(order):
                ctx.add(part, t0 + i * STRUM_STRING_S, dur + 0.05, midi, vel * (1 - 0.04 * i))


def _arp_pool(ctx: ArrangeContext, part: Part, chord: Chord) -> list[int]:
    pool = pitches_in_range(chord.triad_pcs, part.low, part.high)
    return pool or [part.low]


def arp16(ctx, part, bars):
    """16th-note arpeggio over the chord tones (up, then up-down in B sections)."""
    for bar in bars:
        pool = _arp_pool(ctx, part, bar.chord)
        start = len(pool) // 3
        window = pool[start:start + 4] if len(pool) >= start + 4 else pool[-4:]
        if bar.section == ENDING:
            for i, midi in enumerate(window):
                t0, dur = _steps(ctx, bar, i, 1)
                ctx.add(part, t0, _gate_to_end(ctx, bar, t0), midi, 0.6)
            continue
        order = [0, 1, 2, 3] * 4 if bar.section != SECTION_B else [0, 1, 2, 3, 2, 1] * 3
        for s in range(STEPS_PER_BAR):
            t0, dur = _steps(ctx, bar, s, 1)
            idx = order[s] % len(window)
            vel = 0.7 if s % 4 == 0 else 0.5 if s % 2 == 0 else 0.4
            ctx.add(part, t0, dur * 0.6, window[idx], vel)


def broken(ctx, part, bars, eighths: bool = True):
    """Piano left hand: broken-chord 8ths (root, fifth, tenth...) held by the pedal."""
    for bar in bars:
        root = _root(bar.chord, part.low, part.low + 11)
        third = root + 12 + ((bar.chord.pitch_classes[1] - bar.chord.root_pc) % 12)
        fifth = root + ((bar.chord.fifth_pc - bar.chord.root_pc) % 12)
        figure = [root, fifth, root + 12, third, fifth + 12, third, root + 12, fifth]
        if bar.section == ENDING:
            for i, midi in enumerate([root, fifth, root + 12, third]):
                onset = bar.start_s + i * 0.09
                ctx.add(part, onset, _gate_to_end(ctx, bar, onset), midi, 0.55)
            continue
        step_len = 2 if eighths else 4
        count = 8 if eighths else 4
        for i in range(count):
            midi = figure[i] if eighths else figure[[0, 1, 3, 1][i]]
            t0, _ = _steps(ctx, bar, i * step_len, step_len)
            pedal_end = bar.start_s + bar.length_s + 0.05
            vel = 0.55 if i == 0 else 0.42
            ctx.add(part, t0, pedal_end - t0, midi, vel)


def broken_slow(ctx, part, bars):
    """Broken chords in quarter notes."""
    broken(ctx, part, bars, eighths=False)


def ostinato8(ctx, part, bars):
    """Cinematic piano ostinato: 8ths cycling through a three-note voicing."""
    for bar in bars:
        voicing = _voicing(ctx, part, bar.chord, 3)
        if bar.section == ENDING:
            for i, midi in enumerate(voicing):
                onset = bar.start_s + i * ROLL_NOTE_S
                ctx.add(part, onset, _gate_to_end(ctx, bar, onset), midi, 0.55)
            continue
        order = (0, 1, 2, 1, 0, 1, 2, 1)
        for i, idx in enumerate(order):
            t0, dur = _steps(ctx, bar, 2 * i, 2)
            ctx.add(part, t0, dur * 1.1, voicing[idx], 0.55 if i % 4 == 0 else 0.42)


PATTERNS: dict[str, PatternFn] = {
    "sustain": sustain, "sustain_root": sustain_root, "root_whole": root_whole,
    "drone": drone, "clusters": clusters, "pulse8": pulse8, "offbeat8": offbeat8,
    "boombap": boombap, "oompah": oompah, "folk": folk, "rock4": rock4,
    "pulse4": pulse4,
    "walking": walking, "comp": comp, "lofi": lofi,
    "stabs": stabs, "pah": pah, "power2": power2,
    "strum": strum, "arp16": arp16,
    "broken": broken, "broken_slow": broken_slow, "ostinato8": ostinato8,
}

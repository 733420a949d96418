"""Melodies with phrasing: a motif, its answer, the motif again, a cadence.

A 4-bar phrase is call (motif), response, call (the motif re-harmonised, its tail varied)
and cadence. Motifs belong to a section, so every A section brings back the same theme.
Notes on strong beats (and long notes) land on chord tones; the rest move by scale steps;
leaps are followed by a step back. The last cadence of a section lands on the tonic.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from wavjourney.tools.offline.music.events import ArrangeContext
from wavjourney.tools.offline.music.form import Bar
from wavjourney.tools.offline.music.styles import ENDING, SECTION_B, Part
from wavjourney.tools.offline.music.theory import nearest_pitch, pitches_in_range

Rhythm = tuple[tuple[int, int], ...]  # (onset 16th, length in 16ths)

CALL_RHYTHMS: dict[str, tuple[Rhythm, ...]] = {
    "sparse": (((0, 8), (8, 8)), ((0, 12), (12, 4)), ((0, 6), (6, 2), (8, 8)),
               ((0, 4), (4, 4), (8, 8))),
    "medium": (((0, 4), (4, 4), (8, 6), (14, 2)), ((0, 3), (3, 3), (6, 2), (8, 8)),
               ((0, 2), (2, 2), (4, 4), (8, 4), (12, 4)), ((0, 6), (6, 2), (8, 4), (12, 4)),
               ((0, 4), (6, 2), (8, 4), (12, 2), (14, 2))),
    "busy": (((0, 2), (2, 2), (4, 2), (6, 2), (8, 4), (12, 2), (14, 2)),
             ((0, 3), (3, 3), (6, 2), (8, 2), (10, 2), (12, 4)),
             ((0, 2), (2, 1), (3, 1), (4, 4), (8, 2), (10, 2), (12, 4)),
             ((0, 2), (2, 2), (4, 4), (8, 2), (10, 2), (12, 2), (14, 2))),
}
RESPONSE_RHYTHMS: dict[str, tuple[Rhythm, ...]] = {
    "sparse": (((4, 4), (8, 8)), ((0, 4), (4, 12)), ((2, 2), (4, 12))),
    "medium": (((2, 2), (4, 2), (6, 2), (8, 8)), ((4, 4), (8, 4), (12, 4)),
               ((2, 2), (4, 4), (8, 8))),
    "busy": (((2, 2), (4, 2), (6, 2), (8, 2), (10, 2), (12, 4)),
             ((0, 2), (2, 2), (4, 4), (8, 4), (12, 4))),
}
CADENCE_RHYTHMS: dict[str, tuple[Rhythm, ...]] = {
    "sparse": (((0, 16),), ((0, 8), (8, 8)), ((0, 12), (12, 4))),
    "medium": (((0, 4), (4, 4), (8, 8)), ((0, 6), (6, 2), (8, 8)), ((0, 2), (2, 2), (4, 12))),
    "busy": (((0, 2), (2, 2), (4, 2), (6, 2), (8, 8)), ((0, 4), (4, 4), (8, 8))),
}
DENSITIES = ("sparse", "medium", "busy")
STEP_WEIGHTS = {-4: 0.03, -3: 0.05, -2: 0.12, -1: 0.28, 0: 0.06, 1: 0.28, 2: 0.12, 3: 0.04,
                4: 0.02}


@dataclass(frozen=True)
class Motif:
    """A section's theme: call rhythm and contour, response, cadence rhythm."""

    call: Rhythm
    call_contour: tuple[int, ...]
    response: Rhythm
    response_contour: tuple[int, ...]
    cadence: Rhythm


def _contour(rng: np.random.Generator, n: int) -> tuple[int, ...]:
    """Scale-step moves between ``n`` notes; a leap is followed by a step the other way."""
    steps = list(STEP_WEIGHTS)
    probs = np.array(list(STEP_WEIGHTS.values()))
    probs /= probs.sum()
    out: list[int] = []
    for _ in range(max(0, n - 1)):
        if out and abs(out[-1]) >= 3:
            out.append(-int(np.sign(out[-1])))
        else:
            out.append(int(rng.choice(steps, p=probs)))
    return tuple(out)


def _density(part: Part, energy: float) -> str:
    i = DENSITIES.index(part.density)
    if energy >= 0.85:
        i += 1
    elif energy <= 0.2:
        i -= 1
    return DENSITIES[int(np.clip(i, 0, len(DENSITIES) - 1))]


def make_motif(rng: np.random.Generator, density: str) -> Motif:
    """A fresh theme for a section."""
    call = CALL_RHYTHMS[density][int(rng.integers(len(CALL_RHYTHMS[density])))]
    response = RESPONSE_RHYTHMS[density][int(rng.integers(len(RESPONSE_RHYTHMS[density])))]
    cadence = CADENCE_RHYTHMS[density][int(rng.integers(len(CADENCE_RHYTHMS[density])))]
    return Motif(call, _contour(rng, len(call)), response, _contour(rng, len(response)),
                 cadence)


def _vary(contour: tuple[int, ...], rng: np.random.Generator) -> tuple[int, ...]:
    """Same opening, a new tail: keeps the motif recognisable without repeating verbatim."""
    if len(contour) < 2:
        return contour
    tail = list(contour)
    tail[-1] = -tail[-1] if tail[-1] else int(rng.choice((-1, 1)))
    return tuple(tail)


def _realise(ctx: ArrangeContext, part: Part, bar: Bar, rhythm: Rhythm,
             contour: tuple[int, ...], start_pitch: float, target_pc: int | None,
             velocity: float) -> float:
    """Write one bar of melody; returns the last pitch."""
    key = ctx.spec.key
    low, high = part.low, part.high
    third = (key.tonic_pc + (3 if key.mode == "minor" else 4)) % 12
    anchors = {key.tonic_pc: 0.6, third: 0.4}
    pool = pitches_in_range(key.scale_for(bar.chord), low, high)
    chord_tones = set(pitches_in_range(bar.chord.triad_pcs, low, high))
    idx = int(np.argmin([abs(p - start_pitch) for p in pool]))
    pitch = float(pool[idx])
    for i, (onset, length) in enumerate(rhythm):
        move = 0
        if i > 0:
            move = contour[i - 1] if i - 1 < len(contour) else 0
            if not 0 <= idx + move < len(pool):
                move = -move
            idx = int(np.clip(idx + move, 0, len(pool) - 1))
        strong = onset % 8 == 0 or length >= 6
        last = i == len(rhythm) - 1
        if last and target_pc is not None:
            pitch = float(nearest_pitch(target_pc, pool[idx], low, high))
        elif (strong or i == 0) and chord_tones:
            # Nearest chord tone in the direction the line is moving (so it keeps moving);
            # the tonic and the key's third win near-ties (they say which key and mode).
            candidates = [m for m in chord_tones if (move > 0 and m > pitch)
                          or (move < 0 and m < pitch)] if i > 0 and move else []
            pitch = float(min(candidates or chord_tones, key=lambda m: (
                abs(m - pool[idx]) - anchors.get(m % 12, 0.0), m)))
        else:
            pitch = float(pool[idx])
        idx = int(np.argmin([abs(p - pitch) for p in pool]))
        t0 = ctx.form.time_s(bar, onset)
        dur = ctx.form.time_s(bar, onset + length) - t0
        accent = 0.08 if onset % 8 == 0 else 0.04 if onset % 4 == 0 else 0.0
        ctx.add(part, t0, dur * part.legato, pitch, velocity + accent)
    return pitch


def melody(ctx: ArrangeContext, part: Part, bars: list[Bar], answer_only: bool = False) -> None:
    """Write a phrased melody over ``bars``.

    Args:
        ctx: arrangement context.
        part: the lead part (its register and density).
        bars: bars it plays in.
        answer_only: only play the response and cadence bars (an answering instrument).
    """
    rng = ctx.rng
    key = ctx.spec.key
    density = _density(part, ctx.spec.energy)
    centre = (part.low + part.high) / 2 - 2
    motifs: dict[str, Motif] = {}
    pitch = centre
    for bar in bars:
        if bar.section == ENDING:
            tonic = nearest_pitch(key.tonic_pc, pitch, part.low, part.high)
            ctx.add(part, bar.start_s, max(0.3, bar.length_s - 0.9), tonic, 0.7,
                    humanize=0.0)
            continue
        motif = motifs.setdefault(bar.section, make_motif(rng, density))
        lift = 3 if bar.section == SECTION_B else 0
        pos = bar.phrase_pos
        if bar.phrase_end:
            if answer_only or bar.final_cadence:
                target = key.tonic_pc if key.tonic_pc in bar.chord.pitch_classes else \
                    bar.chord.root_pc
            else:  # half cadence: rest on the fifth or third of the chord
                target = bar.chord.fifth_pc if rng.random() < 0.5 else bar.chord.triad_pcs[1]
            pitch = _realise(ctx, part, bar, motif.cadence, _contour(rng, len(motif.cadence)),
                             pitch, target, 0.66)
        elif pos % 2 == 0:
            if answer_only:
                continue
            # The call comes back from the same place (re-harmonised), its tail varied.
            contour = motif.call_contour if pos == 0 else _vary(motif.call_contour, rng)
            pitch = _realise(ctx, part, bar, motif.call, contour, centre + lift, None, 0.72)
        else:
            pitch = _realise(ctx, part, bar, motif.response, motif.response_contour, pitch,
                             None, 0.66)


def melody_answer(ctx: ArrangeContext, part: Part, bars: list[Bar]) -> None:
    """Only the answers: fills the gaps a singer would leave (responses and cadences)."""
    melody(ctx, part, bars, answer_only=True)


def plinks(ctx: ArrangeContext, part: Part, bars: list[Bar]) -> None:
    """Horror: sparse high piano notes from a dissonant set, a creepy repeated semitone."""
    rng = ctx.rng
    tonic = ctx.spec.key.tonic_pc
    dissonant = [(tonic + i) % 12 for i in (0, 1, 6, 8, 11)]
    pool = pitches_in_range(set(dissonant), part.low, part.high)
    figure_root = nearest_pitch(tonic, (part.low + part.high) / 2, part.low, part.high)
    for bar in bars:
        if bar.section == ENDING:
            continue
        if bar.phrase_pos == 0:  # the motif: tonic, semitone above, tonic
            for j, (step, offset) in enumerate(((0, 0), (3, 1), (6, 0))):
                t0 = ctx.form.time_s(bar, step)
                ctx.add(part, t0, 0.8, figure_root + offset, 0.5 - 0.06 * j)
            continue
        for _ in range(int(rng.integers(0, 3))):
            step = int(rng.integers(0, 16))
            t0 = ctx.form.time_s(bar, step)
            ctx.add(part, t0, 1.2, float(pool[int(rng.integers(len(pool)))]),
                    float(rng.uniform(0.3, 0.55)), pan=float(rng.uniform(-0.5, 0.5)))

"""Arrangement: spec + length -> form + note events for every part of the band."""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from wavjourney.tools.offline.music import grooves, melody, parts
from wavjourney.tools.offline.music.events import ArrangeContext, NoteEvent
from wavjourney.tools.offline.music.form import Form, bars_in, plan_form
from wavjourney.tools.offline.music.styles import SECTION_A, SECTION_B, Part
from wavjourney.tools.offline.music.understand import MusicSpec

PATTERNS = dict(parts.PATTERNS)
PATTERNS.update({"melody": melody.melody, "melody_answer": melody.melody_answer,
                 "plinks": melody.plinks, "kit": grooves.kit})

# Parts added when a description asks for an instrument the style does not have.
_ADDED_CHORD_PATTERN = {"acoustic guitar": ("strum", 40, 67), "electric guitar": ("power2", 40, 64),
                        "piano": ("broken", 36, 64), "electric piano": ("lofi", 52, 72),
                        "pizzicato strings": ("pah", 55, 72)}
_HIGH_LEADS = {"glockenspiel", "celesta", "bells", "vibraphone"}
ROLE_ORDER = ("drums", "bass", "chords", "pad", "arp", "lead")


@dataclass(frozen=True)
class Arrangement:
    """The result of arranging: when everything happens and who plays it."""

    form: Form
    parts: tuple[Part, ...]
    events: tuple[NoteEvent, ...]

    @property
    def instruments(self) -> list[str]:
        """Instruments heard, bass to lead; drum voices are listed as one kit."""
        seen: list[str] = []
        drums: list[str] = []
        by_track: dict[str, set[str]] = {}
        for e in self.events:
            by_track.setdefault(e.track, set()).add(e.instrument)
        for role in ROLE_ORDER + tuple(sorted(set(by_track) - set(ROLE_ORDER))):
            for name in sorted(by_track.get(role, ())):
                target = drums if role == "drums" else seen
                if name not in target:
                    target.append(name)
        return seen + ([f"drums ({', '.join(drums)})"] if drums else [])


def _apply_overrides(spec: MusicSpec) -> list[Part]:
    band = [p for p in spec.style.parts if spec.drums or p.role != "drums"]
    for role, instrument in spec.instrument_overrides.items():
        existing = [i for i, p in enumerate(band) if p.role == role]
        if existing:
            i = existing[0]
            part = band[i]
            if role == "lead" and instrument in _HIGH_LEADS:
                part = replace(part, low=max(part.low, 72), high=max(part.high, 91))
            if role == "chords" and instrument in _ADDED_CHORD_PATTERN:
                pattern, low, high = _ADDED_CHORD_PATTERN[instrument]
                part = replace(part, pattern=pattern, low=low, high=high)
            band[i] = replace(part, instrument=instrument)
        elif role == "lead":
            low, high = (72, 91) if instrument in _HIGH_LEADS else (65, 86)
            band.append(Part("lead", instrument, "melody", gain_db=-10, pan=0.2, reverb=0.3,
                             low=low, high=high, sections="ABe"))
        elif role == "chords":
            pattern, low, high = _ADDED_CHORD_PATTERN.get(instrument, ("sustain", 52, 74))
            band.append(Part("chords", instrument, pattern, gain_db=-11, pan=-0.2,
                             reverb=0.25, low=low, high=high))
        else:
            band.append(Part(role, instrument, "sustain", gain_db=-13, reverb=0.4, low=50,
                             high=74))
    return band


def arrange(spec: MusicSpec, duration_s: float, loop: bool,
            rng: np.random.Generator) -> Arrangement:
    """Plan the form and write every part's notes.

    Args:
        spec: what to play.
        duration_s: clip length, seconds.
        loop: a seamless loop (no intro or ending).
        rng: the request's seeded generator.
    """
    form = plan_form(spec, duration_s, loop, rng)
    band = _apply_overrides(spec)
    has_b = SECTION_B in form.sections
    ctx = ArrangeContext(spec=spec, form=form, rng=rng)
    for part in band:
        sections = part.sections
        if not has_b and SECTION_B in sections and SECTION_A not in sections:
            sections += SECTION_A  # short clips have no B section: let B-only parts play
        bars = bars_in(form, sections)
        if bars:
            PATTERNS[part.pattern](ctx, part, bars)
    return Arrangement(form=form, parts=tuple(band), events=tuple(ctx.events))

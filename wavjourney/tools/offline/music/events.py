"""Note events and the context the part generators write them into."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from wavjourney.tools.offline.music.form import Form
from wavjourney.tools.offline.music.styles import Part
from wavjourney.tools.offline.music.understand import MusicSpec

VARIANTS_PER_SOUND = 4  # random takes per drum hit / pluck, so repeats are not identical


@dataclass(frozen=True)
class NoteEvent:
    """One note on the timeline.

    Args:
        track: mixer track (the part's role).
        instrument: a key of `instruments.INSTRUMENTS`.
        start_s: onset, seconds (a loop wraps anything past its end to the start).
        gate_s: how long the note is held, seconds (the release rings on after).
        midi: pitch.
        velocity: 0-1.
        pan: offset from the track's pan, -1..1.
        variant: which random take of the sound.
    """

    track: str
    instrument: str
    start_s: float
    gate_s: float
    midi: float
    velocity: float
    pan: float = 0.0
    variant: int = 0


@dataclass
class ArrangeContext:
    """Shared state while parts are generated."""

    spec: MusicSpec
    form: Form
    rng: np.random.Generator
    events: list[NoteEvent] = field(default_factory=list)
    voicings: dict[str, tuple[int, ...]] = field(default_factory=dict)

    @property
    def velocity_scale(self) -> float:
        return 0.75 + 0.3 * self.spec.energy

    def add(self, part: Part, start_s: float, gate_s: float, midi: float, velocity: float,
            pan: float = 0.0, instrument: str | None = None, humanize: float = 1.0) -> None:
        """Append a note, humanised (timing jitter, velocity wobble) per the style.

        Args:
            humanize: scale of the style's timing jitter for this note (0: exactly on time).
        """
        jitter_s = self.spec.style.humanize_s * float(humanize)
        if jitter_s > 0:
            start_s += float(np.clip(self.rng.normal(0.0, jitter_s), -3 * jitter_s,
                                     3 * jitter_s))
            velocity *= 1.0 + 0.06 * float(self.rng.standard_normal())
        if self.form.loop:
            if start_s >= self.form.duration_s:
                return  # only tails wrap round a loop; nothing starts past its end
        else:
            start_s = max(0.0, start_s)
        velocity = float(np.clip(velocity * self.velocity_scale, 0.05, 1.0))
        self.events.append(NoteEvent(
            track=part.role, instrument=instrument or part.instrument, start_s=start_s,
            gate_s=max(0.02, gate_s), midi=midi, velocity=velocity, pan=pan,
            variant=int(self.rng.integers(VARIANTS_PER_SOUND))))

"""The data every category recipe shares: its render context and its catalogue entry."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Literal

import numpy as np

# Where a one-shot event starts inside its clip (a little air before the transient).
EVENT_START_S = 0.05

# Weights of the words and phrases a category is known by (see `terms`).
STRONG_WEIGHT = 1.0
WEAK_WEIGHT = 0.35
PHRASE_WEIGHT = 1.6
# Words named together anywhere in a description ("a door ... with a bell"): strong evidence,
# stronger than either word alone or a two-word phrase of a neighbouring sound.
TOGETHER_WEIGHT = 2.0
# Marks a "together" term in a category's vocabulary: "door+bell".
TOGETHER_SEP = "+"

REDUCTION_FACTORS = (4, 3, 2)

SfxKind = Literal["ambience", "oneshot", "stream"]


@dataclass(frozen=True)
class RenderContext:
    """What a recipe renders from.

    Args:
        rng: the only source of randomness (seeded from the request seed and description).
        sample_rate_hz: output rate.
        n_samples: exact number of samples to return per channel.
        modifiers: canonical modifier words from the matcher (``"far"``, ``"heavy"``, ``"wood"``).
    """

    rng: np.random.Generator
    sample_rate_hz: int
    n_samples: int
    modifiers: frozenset[str] = frozenset()

    @property
    def sr(self) -> int:
        return self.sample_rate_hz

    @property
    def n(self) -> int:
        return self.n_samples

    @property
    def duration_s(self) -> float:
        return self.n_samples / self.sample_rate_hz

    def has(self, *modifiers: str) -> bool:
        return any(m in self.modifiers for m in modifiers)

    @property
    def intensity(self) -> float:
        """Density / energy multiplier: heavy > 1 > light."""
        if self.has("heavy"):
            return 2.0
        if self.has("light"):
            return 0.4
        return 1.0

    @property
    def rate(self) -> float:
        """Tempo multiplier for repeated events: fast > 1 > slow."""
        if self.has("fast"):
            return 1.6
        if self.has("slow"):
            return 0.6
        return 1.0

    @property
    def size(self) -> float:
        """Size of the source: scales resonances down (large) or up (small) in pitch."""
        if self.has("large"):
            return 1.5
        if self.has("small"):
            return 0.65
        return 1.0

    def samples(self, seconds: float) -> int:
        return int(round(seconds * self.sample_rate_hz))

    def reduced(self, min_rate_hz: float) -> tuple[RenderContext, int]:
        """A context at ``sr / k`` (k in 4, 3, 2 dividing the rate, keeping at least
        `min_rate_hz`) for band-limited layers (voices, rumble); upsample the result with
        ``synth.upsample(x, k, ctx.n)``. Returns (self, 1) when no reduction fits."""
        for factor in REDUCTION_FACTORS:
            low = self.sample_rate_hz // factor
            if self.sample_rate_hz % factor == 0 and low >= min_rate_hz:
                n = -(-self.n_samples // factor)
                return RenderContext(self.rng, low, n, self.modifiers), factor
        return self, 1


Renderer = Callable[[RenderContext], np.ndarray]


@dataclass(frozen=True)
class SfxCategory:
    """One sound the engine can make.

    Args:
        name: stable id (``"rain"``, ``"door_knock"``).
        description: one line for the planner's tool list and the docs.
        render: recipe returning a (2, n_samples) float array at any level.
        terms: word or phrase (stemmed by the matcher) -> weight.
        natural_duration_s: length when the request leaves the duration open.
        kind: ``"ambience"`` (a bed; loopable), ``"oneshot"`` (an event near the start, then
            decay and room tone) or ``"stream"`` (repeating events: steps, typing, ticks).
        indoor: the sound lives in a room; a little room reverb unless ``outdoor`` is asked.
        group: catalogue section for docs.
    """

    name: str
    description: str
    render: Renderer
    terms: Mapping[str, float]
    natural_duration_s: float
    kind: SfxKind = "ambience"
    indoor: bool = False
    group: str = ""


def terms(
    strong: str,
    weak: str = "",
    phrases: tuple[str, ...] = (),
    together: tuple[str, ...] = (),
) -> dict[str, float]:
    """Build a category's vocabulary.

    Args:
        strong: space-separated words that name the sound ("rain downpour drizzle").
        weak: space-separated context words that hint at it ("roof umbrella").
        phrases: multi-word expressions that name it ("tin roof", "pouring rain").
        together: space-separated words that name it when all of them occur anywhere in the
            description but not as one run in this order ("door bell": "a door opening with a
            small bell"; the run "door bell" itself is left to phrases).
    """
    out: dict[str, float] = {}
    for word in weak.split():
        out[word] = WEAK_WEIGHT
    for word in strong.split():
        out[word] = STRONG_WEIGHT
    for phrase in phrases:
        out[phrase] = PHRASE_WEIGHT
    for words in together:
        out[TOGETHER_SEP.join(words.split())] = TOGETHER_WEIGHT
    return out

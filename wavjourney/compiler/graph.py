"""The op graph: frozen, hashable nodes with explicit data dependencies.

The compiler builds it from a script; it is checked (every dependency exists, no cycles)
before any expensive work runs, then executed in topological order by an engine. Printing
it as Python (`wavjourney.compiler.program`) is a view of this data, never executed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from wavjourney.tools.base import GenerationRequest

FitMode = Literal["natural", "exact", "loop"]


@dataclass(frozen=True)
class Op:
    """Base of all nodes. `id` is unique in a graph; `deps` are the ids it reads."""

    id: str

    @property
    def deps(self) -> tuple[str, ...]:
        return ()


@dataclass(frozen=True)
class Generate(Op):
    """Call a tool (cached by the tool's identity and the request's content).

    Args:
        tool_identity: the configured tool's `cache_identity()` as canonical JSON.
        fallbacks: the next valid tools, as (name, identity), tried in order when this
            tool fails with a non-retryable error.
    """

    element_id: str
    tool: str
    tool_identity: str
    request: GenerationRequest
    fallbacks: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Fit(Op):
    """Resampled clip → the element's duration, with its fades.

    `natural` keeps the length (speech); `exact` trims or pads to `duration_s`; `loop`
    repeats a bed to the span that `layout` gives the element, tiled as is when `seamless`
    (the tool promises its end flows into its start), else with crossfades.
    """

    element_id: str
    source: str
    mode: FitMode
    duration_s: float | None = None
    layout: str | None = None
    fade_in_s: float = 0.0
    fade_out_s: float = 0.0
    seamless: bool = False

    @property
    def deps(self) -> tuple[str, ...]:
        return (self.source,) + ((self.layout,) if self.layout else ())


@dataclass(frozen=True)
class LayoutEntry:
    element_id: str
    fit: str | None = None  # the Fit node giving a foreground element its duration
    gap_s: float = 0.0
    start_at: str | None = None  # background: covered foreground ids
    end_at: str | None = None


@dataclass(frozen=True)
class Layout(Op):
    """Foreground elements one after another; background spans from covered elements."""

    foreground: tuple[LayoutEntry, ...]
    background: tuple[LayoutEntry, ...]

    @property
    def deps(self) -> tuple[str, ...]:
        return tuple(e.fit for e in self.foreground if e.fit)


@dataclass(frozen=True)
class Loudness(Op):
    """Convert to the output channels (with pan) and normalise to `target_lufs`, with a
    gain rounded to a multiple of `gain_step_db` when that is set."""

    element_id: str
    source: str
    target_lufs: float
    channels: int
    pan: float = 0.0
    gain_step_db: float = 0.0

    @property
    def deps(self) -> tuple[str, ...]:
        return (self.source,)


@dataclass(frozen=True)
class Place(Op):
    """Put a levelled clip at its start time from `layout`."""

    element_id: str
    source: str
    layout: str

    @property
    def deps(self) -> tuple[str, ...]:
        return (self.source, self.layout)


@dataclass(frozen=True)
class Duck(Op):
    """Lower a placed background clip by `amount_db` while any `sidechain` element plays."""

    element_id: str
    source: str
    layout: str
    sidechain: tuple[str, ...]
    amount_db: float
    attack_s: float
    release_s: float

    @property
    def deps(self) -> tuple[str, ...]:
        return (self.source, self.layout)


@dataclass(frozen=True)
class Mix(Op):
    """Sum placed clips (in this order) over the whole timeline (as the master asks for
    each stretch of it)."""

    sources: tuple[str, ...]
    layout: str
    channels: int

    @property
    def deps(self) -> tuple[str, ...]:
        return self.sources + (self.layout,)


@dataclass(frozen=True)
class Track(Op):
    """Placed clips (in this order) summed over the whole timeline and written to `path` as
    32-bit float: a time-aligned stem for a DAW (the tracks together are the mix before the
    master)."""

    sources: tuple[str, ...]
    layout: str
    channels: int
    path: str

    @property
    def deps(self) -> tuple[str, ...]:
        return self.sources + (self.layout,)


@dataclass(frozen=True)
class Master(Op):
    """True-peak limiting of the mix, written block by block to `path` (relative to the
    bundle; None: kept in memory)."""

    source: str
    ceiling_dbtp: float
    path: str | None = None
    subtype: str = "PCM_24"

    @property
    def deps(self) -> tuple[str, ...]:
        return (self.source,)


@dataclass(frozen=True)
class Export(Op):
    """Write audio to `path` (relative to the bundle) as WAV/FLAC/MP3 by its suffix."""

    source: str
    path: str
    subtype: str = "PCM_24"
    element_id: str | None = None

    @property
    def deps(self) -> tuple[str, ...]:
        return (self.source,)


@dataclass(frozen=True)
class OpGraph:
    """Nodes in topological order, plus the script-level settings the ops need."""

    nodes: tuple[Op, ...]
    sample_rate_hz: int
    channels: int
    _index: dict[str, Op] = field(init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        index: dict[str, Op] = {}
        for node in self.nodes:
            if node.id in index:
                raise ValueError(f"duplicate node id {node.id!r}")
            missing = [d for d in node.deps if d not in index]
            if missing:
                raise ValueError(f"node {node.id!r} depends on {missing}, which do not come "
                                 "before it (missing or cyclic)")
            index[node.id] = node
        object.__setattr__(self, "_index", index)

    def __getitem__(self, node_id: str) -> Op:
        return self._index[node_id]

    def __len__(self) -> int:
        return len(self.nodes)

    def dependents(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {n.id: [] for n in self.nodes}
        for node in self.nodes:
            for dep in node.deps:
                out[dep].append(node.id)
        return out

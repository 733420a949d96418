"""What each DSP op does: module-level functions of picklable data.

`evaluate(op, inputs, settings)` computes one node from its dependencies' outputs and
returns the output together with its facts (timing, per-element records, warnings). It
shares nothing with other calls and mutates nothing, so an executor may run it in a thread,
another process or another machine. Generation (tools, cache, models) lives in
`wavjourney.engine.generate`.
"""

from __future__ import annotations

import dataclasses
import hashlib
import math
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import torch

from wavjourney.compiler import graph as g
from wavjourney.constants import LOOP_CROSSFADE_S
from wavjourney.dsp.core import to_channels
from wavjourney.dsp.fit import fade, fit_exact, fit_loop
from wavjourney.dsp.limiter import limit
from wavjourney.dsp.loudness import integrated_loudness, normalize_loudness
from wavjourney.dsp.mix import duck_gain, mix
from wavjourney.exceptions import ScriptError, ScriptIssue

MASTER_RECORD = "__master__"


@dataclass(frozen=True)
class EngineSettings:
    """What every node of one render needs besides its inputs (picklable).

    Args:
        sample_rate_hz: the project rate.
        device: torch device string the DSP runs on.
        staging_dir: where Export nodes write (None: nothing is written).
        cache_dir: the clip cache (None: no cache).
        torch_threads: intra-op threads per task; fixed so float sums, and so the bytes,
            do not depend on where a task runs.
    """

    sample_rate_hz: int
    device: str = "cpu"
    staging_dir: str | None = None
    cache_dir: str | None = None
    torch_threads: int = 1


@dataclass
class Clip:
    """A generated clip at the project rate.

    Args:
        key: content hash: of the generated audio, then extended by every op that shapes
            the clip; the memo is keyed by it, so a changed clip never meets a stale stem.
    """

    audio: torch.Tensor
    cached: bool
    info: dict[str, Any]
    seamless_loop: bool
    key: str


@dataclass(frozen=True)
class Timeline:
    """Start and end sample of every element, and the total length."""

    spans: dict[str, tuple[int, int]]
    n_samples: int


@dataclass
class Facts:
    """What evaluating a node found out, merged by the engine into the render's report."""

    seconds: dict[str, float] = field(default_factory=dict)
    records: dict[str, dict[str, Any]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    tool_calls: list[dict[str, Any]] = field(default_factory=list)

    def record(self, element_id: str | None, **values: Any) -> None:
        if element_id is not None:
            self.records.setdefault(element_id, {}).update(values)

    def merge(self, other: Facts) -> None:
        for stage, seconds in other.seconds.items():
            self.seconds[stage] = self.seconds.get(stage, 0.0) + seconds
        for element_id, values in other.records.items():
            self.record(element_id, **values)
        self.warnings += other.warnings
        self.tool_calls += other.tool_calls


@dataclass
class Evaluated:
    """A node's output and its facts."""

    output: Any
    facts: Facts


def evaluate(op: g.Op, inputs: dict[str, Any], settings: EngineSettings) -> Evaluated:
    """Compute one DSP node from its inputs (node id -> output)."""
    torch.set_num_threads(settings.torch_threads)
    facts = Facts()
    started = time.perf_counter()
    output = _EVALUATORS[type(op)](op, inputs, settings, facts)
    stage = type(op).__name__.lower()
    facts.seconds[stage] = facts.seconds.get(stage, 0.0) + time.perf_counter() - started
    return Evaluated(output, facts)


def loudness_key(op: g.Loudness, inputs: dict[str, Any]) -> str:
    """The memo key of a Loudness node: its input clip's content and its parameters."""
    return content_hash(inputs[op.source].key, op.target_lufs, op.channels, op.pan)


def _fit(op: g.Fit, inputs: dict[str, Any], settings: EngineSettings, facts: Facts) -> Clip:
    clip: Clip = inputs[op.source]
    sr = settings.sample_rate_hz
    audio = clip.audio
    if op.mode == "exact":
        assert op.duration_s is not None
        n_samples = int(round(op.duration_s * sr))
        audio = fit_exact(audio, sr, n_samples)
    elif op.mode == "loop":
        assert op.layout is not None
        start, end = inputs[op.layout].spans[op.element_id]
        n_samples = end - start
        audio = fit_loop(audio, sr, n_samples, crossfade_s=LOOP_CROSSFADE_S,
                         seamless=clip.seamless_loop)
    else:
        n_samples = audio.shape[-1]
    audio = fade(audio, sr, op.fade_in_s, op.fade_out_s)
    key = content_hash(clip.key, op.mode, n_samples, op.fade_in_s, op.fade_out_s)
    return dataclasses.replace(clip, audio=audio, key=key)


def _layout(op: g.Layout, inputs: dict[str, Any], settings: EngineSettings,
            facts: Facts) -> Timeline:
    sr = settings.sample_rate_hz
    spans: dict[str, tuple[int, int]] = {}
    cursor = previous_start = 0
    for entry in op.foreground:
        if entry.fit is None:
            raise ValueError(f"layout: foreground element {entry.element_id!r} has no Fit node")
        n = inputs[entry.fit].audio.shape[-1]
        start = cursor + int(round(entry.gap_s * sr))
        if start < previous_start:
            raise ScriptError(ScriptIssue(
                f"overlaps more than the previous element's whole duration "
                f"({(cursor - previous_start) / sr:.2f} s)", element_id=entry.element_id,
                field="gap_s"))
        spans[entry.element_id] = (start, start + n)
        previous_start, cursor = start, start + n
    for entry in op.background:
        assert entry.start_at is not None and entry.end_at is not None
        spans[entry.element_id] = (spans[entry.start_at][0], spans[entry.end_at][1])
    total = max(end for _, end in spans.values())
    for element_id, (start, end) in spans.items():
        facts.record(element_id, start_s=start / sr, end_s=end / sr)
    return Timeline(spans, total)


def _loudness(op: g.Loudness, inputs: dict[str, Any], settings: EngineSettings,
              facts: Facts) -> tuple[torch.Tensor, float, float]:
    audio = to_channels(inputs[op.source].audio, op.channels, op.pan)
    levelled = normalize_loudness(audio, settings.sample_rate_hz, op.target_lufs)
    record_loudness(op, levelled, facts)
    return levelled


def record_loudness(op: g.Loudness, levelled: tuple[torch.Tensor, float, float],
                    facts: Facts) -> None:
    """Facts of a levelled stem (also for one the engine took from its memo)."""

    _, gain_db, measured = levelled
    finite = math.isfinite(measured)
    facts.record(op.element_id, gain_db=round(gain_db, 2),
                 measured_lufs=round(measured, 2) if finite else None)
    if not finite:
        facts.warnings.append(f"{op.element_id}: the clip is silent")


def _place(op: g.Place, inputs: dict[str, Any], settings: EngineSettings,
           facts: Facts) -> tuple[int, torch.Tensor]:
    start, _ = inputs[op.layout].spans[op.element_id]
    return start, inputs[op.source][0]


def _duck(op: g.Duck, inputs: dict[str, Any], settings: EngineSettings,
          facts: Facts) -> tuple[int, torch.Tensor]:
    start, audio = inputs[op.source]
    timeline: Timeline = inputs[op.layout]
    sr = settings.sample_rate_hz
    intervals = [((s - start) / sr, (e - start) / sr)
                 for s, e in (timeline.spans[i] for i in op.sidechain)]
    gain = duck_gain(audio.shape[-1], sr, intervals, op.amount_db, op.attack_s, op.release_s,
                     device=audio.device)
    facts.record(op.element_id, duck_db=op.amount_db)
    return start, audio * gain


def _mix(op: g.Mix, inputs: dict[str, Any], settings: EngineSettings,
         facts: Facts) -> torch.Tensor:
    timeline: Timeline = inputs[op.layout]
    return mix([inputs[s] for s in op.sources], timeline.n_samples, op.channels,
               torch.device(settings.device))


def _master(op: g.Master, inputs: dict[str, Any], settings: EngineSettings,
            facts: Facts) -> torch.Tensor:
    audio, peak_dbtp = limit(inputs[op.source], settings.sample_rate_hz, op.ceiling_dbtp)
    facts.record(MASTER_RECORD, true_peak_dbtp=round(peak_dbtp, 2),
                 loudness_lufs=round(integrated_loudness(audio, settings.sample_rate_hz), 2))
    return audio


def _export(op: g.Export, inputs: dict[str, Any], settings: EngineSettings,
            facts: Facts) -> str:
    from wavjourney.audio_io import write_audio
    from wavjourney.destination import inside

    if settings.staging_dir is None:
        return ""
    path = inside(Path(settings.staging_dir), op.path)  # an id or a hand-built graph
    audio = inputs[op.source]                             # cannot write elsewhere
    if isinstance(audio, tuple):  # a levelled stem: (audio, gain_db, measured_lufs)
        audio = audio[0]
    if op.subtype != "FLOAT" or path.suffix.lower() != ".wav":
        # A fixed-point file clips what a float one keeps (a levelled stem may peak above
        # 0 dBFS; the master never does, it is limited first).
        peak = float(audio.abs().max()) if audio.numel() else 0.0
        if peak > 1.0:
            facts.warnings.append(
                f"{op.element_id or op.path}: peaks at +{20 * math.log10(peak):.1f} dBFS and "
                f"is clipped in {op.path}; use 32-bit float stems (--stems float) to keep it")
    write_audio(path, audio.detach().cpu().numpy(), settings.sample_rate_hz, subtype=op.subtype)
    return str(path)


def content_hash(*parts: Any) -> str:
    """A stable hash of values (repr-based; never Python's salted hash())."""
    return hashlib.sha256(repr(parts).encode()).hexdigest()


_EVALUATORS: dict[type, Any] = {
    g.Fit: _fit,
    g.Layout: _layout,
    g.Loudness: _loudness,
    g.Place: _place,
    g.Duck: _duck,
    g.Mix: _mix,
    g.Master: _master,
    g.Export: _export,
}

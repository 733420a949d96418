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
from wavjourney.constants import LOOP_CROSSFADE_S, TRIM_FADE_S
from wavjourney.destination import Reusable, Start
from wavjourney.dsp.core import Panned, to_channels
from wavjourney.dsp.fit import Audio, LoopedBed, fade, fit_exact
from wavjourney.dsp.loudness import MeterState, measure, normalize_loudness
from wavjourney.dsp.mix import MixPlan, Placed, duck_breakpoints
from wavjourney.engine.master import MASTER_INDEX, index_key, master, read_previous, to_pcm
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
        reusable: the files already in the target bundle, unchanged since a render wrote
            them: an Export whose file would get the same key keeps that file instead of
            writing it again, and one whose start is there copies it.
        previous_bundle: that bundle's folder (the master copies unchanged segments of its
            mix, see `MASTER_INDEX`).
    """

    sample_rate_hz: int
    device: str = "cpu"
    staging_dir: str | None = None
    cache_dir: str | None = None
    torch_threads: int = 1
    reusable: Reusable = Reusable()
    previous_bundle: str | None = None


@dataclass
class Clip:
    """A generated clip at the project rate.

    Args:
        key: content hash: of the generated audio, then extended by every op that shapes
            the clip; the memo is keyed by it, so a changed clip never meets a stale stem.
        prefix_key, steady: see `Levelled`.
    """

    audio: Audio
    cached: bool
    info: dict[str, Any]
    key: str
    prefix_key: str = ""
    steady: int = 0


@dataclass(frozen=True)
class Levelled:
    """A clip at its target loudness, in the output channels.

    Args:
        key: its content hash (the memo's key, and what names its stem file's content).
        prefix_key, steady: a looped bed's first `steady` samples do not depend on its
            length; `prefix_key` names them (what lets a re-render reuse the part of the
            master before an edit that stretched the bed).
        meter: a looped bed's loudness meter state within its unchanged start (before the
            gain), for the next render of the same bed stretched (`RESUME_METER`).
        source_lufs: the clip's loudness before the gain, as measured (`KNOWN_LOUDNESS`).
    """

    audio: Audio
    gain_db: float
    measured_lufs: float
    key: str
    prefix_key: str = ""
    steady: int = 0
    meter: MeterState | None = None
    source_lufs: float = math.nan


@dataclass(frozen=True)
class Mastered:
    """The master: written to `path` in the staging folder, or held as `audio` when the
    render writes no files."""

    n_samples: int
    path: str | None = None
    audio: torch.Tensor | None = None


@dataclass(frozen=True)
class Timeline:
    """Start and end sample of every element, and the total length.

    Args:
        anchors: the foreground elements' start samples, where the master's segments begin.
    """

    spans: dict[str, tuple[int, int]]
    n_samples: int
    anchors: tuple[int, ...] = ()


@dataclass
class Facts:
    """What evaluating a node found out, merged by the engine into the render's report."""

    seconds: dict[str, float] = field(default_factory=dict)
    records: dict[str, dict[str, Any]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    tool_calls: list[dict[str, Any]] = field(default_factory=list)
    files: dict[str, str] = field(default_factory=dict)  # bundle path -> content key
    kept: list[str] = field(default_factory=list)  # of those, already in the bundle
    starts: dict[str, Start] = field(default_factory=dict)  # bed stem -> its keepable start

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
        self.files.update(other.files)
        self.kept += other.kept
        self.starts.update(other.starts)


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
    return content_hash(inputs[op.source].key, op.target_lufs, op.channels, op.pan,
                        op.gain_step_db)


def fit_length(op: g.Fit, inputs: dict[str, Any], sample_rate_hz: int) -> int:
    """Samples a Fit node's output will have (known before any audio is touched)."""
    if op.mode == "exact":
        assert op.duration_s is not None
        return int(round(op.duration_s * sample_rate_hz))
    if op.mode == "loop":
        assert op.layout is not None
        start, end = inputs[op.layout].spans[op.element_id]
        return end - start
    return inputs[op.source].audio.shape[-1]


def fit_key(op: g.Fit, inputs: dict[str, Any], sample_rate_hz: int) -> str:
    """The content key of a Fit node's output, from its input clip's key and its shape."""
    return content_hash(inputs[op.source].key, op.mode, fit_length(op, inputs, sample_rate_hz),
                        op.fade_in_s, op.fade_out_s)


def _fit(op: g.Fit, inputs: dict[str, Any], settings: EngineSettings, facts: Facts) -> Clip:
    clip: Clip = inputs[op.source]
    sr = settings.sample_rate_hz
    n_samples = fit_length(op, inputs, sr)
    audio = clip.audio
    if not isinstance(audio, torch.Tensor):
        raise ValueError(f"{op.id}: fits a generated clip, not an already fitted bed")
    if op.mode == "exact":
        audio = fit_exact(audio, sr, n_samples)
    elif op.mode == "loop":
        # Made a stretch at a time as the mix asks for it: never whole in memory.
        bed = LoopedBed.of(audio, sr, n_samples, crossfade_s=LOOP_CROSSFADE_S,
                           seamless=op.seamless, fade_in_s=op.fade_in_s,
                           fade_out_s=op.fade_out_s)
        # Everything before the trim and the fade-out at its end is the same for any length.
        tail = int(round(max(op.fade_out_s, TRIM_FADE_S) * sr)) + 1
        return dataclasses.replace(
            clip, audio=bed, key=fit_key(op, inputs, sr), steady=max(0, n_samples - tail),
            prefix_key=content_hash(clip.key, "loop", op.seamless, LOOP_CROSSFADE_S,
                                    op.fade_in_s))
    audio = fade(audio, sr, op.fade_in_s, op.fade_out_s)
    return dataclasses.replace(clip, audio=audio, key=fit_key(op, inputs, sr))


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
    anchors = tuple(sorted({spans[e.element_id][0] for e in op.foreground}))
    return Timeline(spans, total, anchors)


def _loudness(op: g.Loudness, inputs: dict[str, Any], settings: EngineSettings,
              facts: Facts) -> Levelled:
    clip: Clip = inputs[op.source]
    audio: Audio
    if isinstance(clip.audio, LoopedBed):
        audio = clip.audio.with_unit(to_channels(clip.audio.unit, op.channels, op.pan))
    elif isinstance(clip.audio, torch.Tensor) and clip.audio.shape[0] == 1 and op.channels > 1:
        audio = Panned(clip.audio, op.channels, op.pan)  # held mono, panned as it is read
    else:
        assert isinstance(clip.audio, torch.Tensor)
        audio = to_channels(clip.audio, op.channels, op.pan)
    meter: MeterState | None = None
    measured = inputs.get(KNOWN_LOUDNESS)
    if measured is None:
        measured, meter = measure(audio, settings.sample_rate_hz, inputs.get(RESUME_METER),
                                  keep_at=clip.steady if clip.prefix_key else None)
    gained, gain_db, after = normalize_loudness(audio, settings.sample_rate_hz, op.target_lufs,
                                                measured)
    if op.gain_step_db and math.isfinite(after):
        stepped = round(gain_db / op.gain_step_db) * op.gain_step_db
        gained, after = audio * (10 ** (stepped / 20)), after + stepped - gain_db
        gain_db = stepped
    prefix_key = content_hash(clip.prefix_key, gain_db, op.channels, op.pan)
    levelled = Levelled(gained, gain_db, after, key=loudness_key(op, inputs),
                        prefix_key=prefix_key if clip.prefix_key else "", steady=clip.steady,
                        meter=meter, source_lufs=measured)
    record_loudness(op, levelled, facts)
    return levelled


KNOWN_LOUDNESS = "known-loudness"
"""An extra input of a Loudness node: the loudness an earlier render measured for the same
key (`ClipCache.level`), so it is not measured again."""

RESUME_METER = "resume-meter"
"""An extra input of a bed's Loudness node: the meter state an earlier render left at the
end of the bed's unchanged start (`bed_meter_key`), so only the rest is measured again."""


def bed_meter_key(op: g.Loudness, clip: Clip) -> str | None:
    """What names the unchanged start of a looped bed as this node measures it (None for a
    clip that is not a looped bed)."""
    return content_hash(clip.prefix_key, op.channels, op.pan) if clip.prefix_key else None


def record_loudness(op: g.Loudness, levelled: Levelled, facts: Facts) -> None:
    """Facts of a levelled stem (also for one the engine took from its memo)."""
    finite = math.isfinite(levelled.measured_lufs)
    facts.record(op.element_id, gain_db=round(levelled.gain_db, 2),
                 measured_lufs=round(levelled.measured_lufs, 2) if finite else None)
    if not finite:
        facts.warnings.append(f"{op.element_id}: the clip is silent")


def _place(op: g.Place, inputs: dict[str, Any], settings: EngineSettings,
           facts: Facts) -> Placed:
    start, _ = inputs[op.layout].spans[op.element_id]
    levelled: Levelled = inputs[op.source]
    return Placed(start, levelled.audio, levelled.key, levelled.prefix_key, levelled.steady)


def _duck(op: g.Duck, inputs: dict[str, Any], settings: EngineSettings,
          facts: Facts) -> Placed:
    placed: Placed = inputs[op.source]
    timeline: Timeline = inputs[op.layout]
    sr = settings.sample_rate_hz
    length_s = placed.audio.shape[-1] / sr
    # Only the lines near the bed shape its curve (a piece's other lines would make every
    # stretch of the mix walk a curve as long as the piece).
    intervals = [(start_s, end_s) for start_s, end_s in
                 (((s - placed.start) / sr, (e - placed.start) / sr)
                  for s, e in (timeline.spans[i] for i in op.sidechain))
                 if end_s + op.release_s >= 0 and start_s - op.attack_s <= length_s]
    points_t, points_db = duck_breakpoints(intervals, op.amount_db, op.attack_s, op.release_s)
    facts.record(op.element_id, duck_db=op.amount_db)
    return dataclasses.replace(placed, duck=(tuple(points_t), tuple(points_db)))


def _mix(op: g.Mix, inputs: dict[str, Any], settings: EngineSettings,
         facts: Facts) -> MixPlan:
    timeline: Timeline = inputs[op.layout]
    return MixPlan(tuple(inputs[s] for s in op.sources), timeline.n_samples, op.channels,
                   settings.sample_rate_hz, timeline.anchors)


def _track(op: g.Track, inputs: dict[str, Any], settings: EngineSettings,
           facts: Facts) -> str:
    """Sum a track's placed clips over the timeline and write it, a block at a time."""
    from wavjourney.audio_io import WRITE_BLOCK_FRAMES, WavWriter
    from wavjourney.destination import inside

    if settings.staging_dir is None:
        return ""
    timeline: Timeline = inputs[op.layout]
    plan = MixPlan(tuple(inputs[s] for s in op.sources), timeline.n_samples, op.channels,
                   settings.sample_rate_hz)
    path = inside(Path(settings.staging_dir), op.path)
    with WavWriter(path, settings.sample_rate_hz, op.channels, "FLOAT") as writer:
        for first in range(0, plan.n_samples, WRITE_BLOCK_FRAMES):
            block = plan.render(first, min(first + WRITE_BLOCK_FRAMES, plan.n_samples))
            writer.write(block.detach().cpu().numpy())
    return str(path)


def _master(op: g.Master, inputs: dict[str, Any], settings: EngineSettings,
            facts: Facts) -> Mastered:
    """Limit the mix and write it segment by segment (`wavjourney.engine.master`), copying
    the segments the target bundle's previous mix already holds."""
    from wavjourney.destination import inside

    path = previous = None
    if settings.staging_dir is not None and op.path is not None:
        path = inside(Path(settings.staging_dir), op.path)
        if settings.previous_bundle is not None:
            previous = read_previous(Path(settings.previous_bundle), op.path, settings.reusable)
    if path is not None and (path.suffix.lower() != ".wav" or op.subtype != "PCM_24"):
        return _master_to_other_format(op, inputs[op.source], path, settings, facts)
    result = master(inputs[op.source], op.ceiling_dbtp, path, previous)
    facts.record(MASTER_RECORD, true_peak_dbtp=round(result.peak_dbtp, 2),
                 loudness_lufs=round(result.loudness_lufs, 2), segments=len(result.segments),
                 segments_copied=result.copied)
    n_samples = inputs[op.source].n_samples
    if path is None or op.path is None or settings.staging_dir is None:
        return Mastered(n_samples, audio=result.audio)
    (Path(settings.staging_dir) / MASTER_INDEX).write_text(result.index, encoding="utf-8")
    facts.files[op.path] = index_key(result.index)  # a later render trusts the index by it
    return Mastered(n_samples, path=str(path))


def _master_to_other_format(op: g.Master, plan: MixPlan, path: Path, settings: EngineSettings,
                            facts: Facts) -> Mastered:
    """A master for `-o mix.flac` / `.mp3` / `.ogg`: made in memory, then encoded."""
    from wavjourney.audio_io import write_audio

    result = master(plan, op.ceiling_dbtp, None, None)
    facts.record(MASTER_RECORD, true_peak_dbtp=round(result.peak_dbtp, 2),
                 loudness_lufs=round(result.loudness_lufs, 2), segments=len(result.segments),
                 segments_copied=0)
    assert result.audio is not None
    write_audio(path, result.audio.numpy(), settings.sample_rate_hz, subtype=op.subtype)
    return Mastered(plan.n_samples, path=str(path))


def _export(op: g.Export, inputs: dict[str, Any], settings: EngineSettings,
            facts: Facts) -> str:
    from wavjourney.destination import inside

    if settings.staging_dir is None:
        return ""
    path = inside(Path(settings.staging_dir), op.path)  # an id or a hand-built graph
    audio = inputs[op.source]                             # cannot write elsewhere
    reuse_until = 0
    if isinstance(audio, Levelled):
        key = content_hash(audio.key, op.path, op.subtype, settings.sample_rate_hz)
        facts.files[op.path] = key
        if (op.path, key) in settings.reusable.files:
            facts.kept.append(op.path)  # the bundle already holds these very bytes
            return str(path)
        if audio.prefix_key:  # a looped bed: its start may be in the bundle already
            start = Start(content_hash(audio.prefix_key, op.path, op.subtype,
                                       settings.sample_rate_hz), audio.steady)
            facts.starts[op.path] = start
            reuse_until = min(start.frames,
                              settings.reusable.start_frames(op.path, start.key))
        audio = audio.audio
    elif isinstance(audio, Mastered):  # a hand-built graph's master without a path
        if audio.audio is None:
            raise ValueError(f"{op.id}: the master was written to {audio.path} already")
        audio = audio.audio
    peak = _write_stem(path, audio, op.subtype, settings, reuse_until,
                       Path(settings.previous_bundle or ".") / op.path)
    if peak > 1.0:
        # A fixed-point file clips what a float one keeps (a levelled stem may peak above
        # 0 dBFS; the master never does, it is limited first).
        facts.warnings.append(
            f"{op.element_id or op.path}: peaks at +{20 * math.log10(peak):.1f} dBFS and "
            f"is clipped in {op.path}; use 32-bit float stems (--stems float) to keep it")
    return str(path)


def _write_stem(path: Path, audio: Audio, subtype: str, settings: EngineSettings,
                reuse_until: int, previous: Path) -> float:
    """Write `audio` block by block (a long bed is made as it is written), its first
    `reuse_until` frames copied from `previous`. Returns the peak when the format clips
    (fixed point), else 0."""
    from wavjourney.audio_io import WRITE_BLOCK_FRAMES, AudioWriter, WavWriter

    channels, n = audio.shape
    wav = path.suffix.lower() == ".wav" and subtype in WavWriter.SUBTYPES
    clips = subtype != "FLOAT" or path.suffix.lower() != ".wav"
    writer = (WavWriter(path, settings.sample_rate_hz, channels, subtype) if wav
              else AudioWriter(path, settings.sample_rate_hz, channels, subtype))
    peak = 0.0
    with writer:
        copied = 0
        if reuse_until and isinstance(writer, WavWriter):
            writer.copy(previous, 0, reuse_until)
            copied = reuse_until
        # A fixed-point stem is read whole for its peak; a float one only past the copy.
        for first in range(0 if clips else copied, n, WRITE_BLOCK_FRAMES):
            block = audio[:, first:first + WRITE_BLOCK_FRAMES]
            if clips and block.numel():
                peak = max(peak, float(block.abs().max()))
            block = block[:, max(0, copied - first):]
            if block.shape[-1]:
                writer.write(to_pcm(block).numpy() if wav and subtype == "PCM_24"
                             else block.detach().cpu().numpy())
    return peak


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
    g.Track: _track,
    g.Master: _master,
    g.Export: _export,
}

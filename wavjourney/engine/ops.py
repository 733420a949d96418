"""What each op does: the interpreter the executors call for one node at a time.

`RenderContext.evaluate(node, inputs)` is pure apart from three side effects, all of them
recorded: the clip cache, files written under the staging folder, and per-element facts
(tool, cache hit, measured loudness, timing) collected for timeline.json and report.json.
"""

from __future__ import annotations

import dataclasses
import hashlib
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import torch

from wavjourney.compiler import graph as g
from wavjourney.constants import LOOP_CROSSFADE_S
from wavjourney.dsp.core import as_tensor, to_channels
from wavjourney.dsp.fit import fade, fit_exact, fit_loop
from wavjourney.dsp.limiter import limit
from wavjourney.dsp.loudness import integrated_loudness, normalize_loudness
from wavjourney.dsp.mix import duck_gain, mix
from wavjourney.dsp.resample import resample
from wavjourney.engine.cache import ClipCache, cache_key
from wavjourney.engine.memo import StemMemo
from wavjourney.exceptions import ScriptError, ScriptIssue, ToolError, WavJourneyError
from wavjourney.tools.base import GeneratedClip
from wavjourney.tools.registry import Registry

GENERATE_ATTEMPTS = 2  # one retry, then the element fails


@dataclass
class Clip:
    """A generated clip at the project rate."""

    audio: torch.Tensor
    cached: bool
    info: dict[str, Any]
    seamless_loop: bool
    key: str  # content hash: the cache key, then extended by every op that shapes the clip


@dataclass(frozen=True)
class Timeline:
    """Start and end sample of every element, and the total length."""

    spans: dict[str, tuple[int, int]]
    n_samples: int


@dataclass
class RenderContext:
    """Everything the ops need besides their inputs."""

    registry: Registry
    cache: ClipCache
    sample_rate_hz: int
    staging_dir: Path | None
    memo: StemMemo | None = None
    device: torch.device = field(default_factory=lambda: torch.device("cpu"))
    records: dict[str, dict[str, Any]] = field(default_factory=lambda: defaultdict(dict))
    stage_seconds: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    warnings: list[str] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, element_id: str | None, **facts: Any) -> None:
        if element_id is not None:
            with self._lock:
                self.records[element_id].update(facts)

    def warn(self, message: str) -> None:
        with self._lock:
            self.warnings.append(message)

    def evaluate(self, node: g.Op, inputs: dict[str, Any]) -> Any:
        started = time.perf_counter()
        try:
            return _EVALUATORS[type(node)](self, node, inputs)
        finally:
            with self._lock:
                self.stage_seconds[type(node).__name__.lower()] += time.perf_counter() - started


def _generate(ctx: RenderContext, node: g.Generate, inputs: dict[str, Any]) -> Clip:
    clip, cached = _generate_or_load(ctx, node)
    audio = as_tensor(resample(clip.audio, clip.sample_rate_hz, ctx.sample_rate_hz), ctx.device)
    ctx.record(node.element_id, tool=node.tool, tool_version=node.tool_version, cached=cached,
               generator=clip.info)
    for warning in clip.info.get("warnings", []):
        ctx.warn(f"{node.element_id}: {warning}")
    key = _hash(cache_key(node.tool, node.tool_version, node.request), ctx.sample_rate_hz)
    return Clip(audio, cached, clip.info, node.seamless_loop, key)


def _generate_or_load(ctx: RenderContext, node: g.Generate) -> tuple[GeneratedClip, bool]:
    """The clip from the disk cache, or from the tool (retried once) and then cached."""
    key = cache_key(node.tool, node.tool_version, node.request)
    clip = ctx.cache.get(key)
    if clip is not None:
        return clip, True
    # Another process may be generating the same clip: wait for it, then reuse its clip.
    with ctx.cache.lock(key):
        clip = ctx.cache.get(key)
        if clip is not None:
            return clip, True
        return _generate_and_store(ctx, node, key), False


def _generate_and_store(ctx: RenderContext, node: g.Generate, key: str) -> GeneratedClip:
    tool = ctx.registry.get(node.tool)
    last_error: Exception | None = None
    for _ in range(GENERATE_ATTEMPTS):
        try:
            clip = tool.generate(node.request)
            _check_clip(clip)
            break
        except WavJourneyError:
            raise
        except Exception as exc:  # noqa: BLE001 - a tool may fail in any way; retried once
            last_error = exc
            clip = None
    if clip is None:
        raise ToolError(f"{type(last_error).__name__}: {last_error}", tool=node.tool,
                        element=node.element_id) from last_error
    if not ctx.cache.put(key, clip) and ctx.cache.fault not in ctx.warnings:
        ctx.warn(ctx.cache.fault)
    return clip


def _check_clip(clip: Any) -> None:
    if not hasattr(clip, "audio") or clip.audio.size == 0:
        raise ValueError("the tool returned no audio")
    if not np.isfinite(clip.audio).all():
        raise ValueError("the tool returned non-finite samples")


def _fit(ctx: RenderContext, node: g.Fit, inputs: dict[str, Any]) -> Clip:
    clip: Clip = inputs[node.source]
    sr = ctx.sample_rate_hz
    audio = clip.audio
    if node.mode == "exact":
        n_samples = int(round(node.duration_s * sr))
        audio = fit_exact(audio, sr, n_samples)
    elif node.mode == "loop":
        timeline: Timeline = inputs[node.layout]
        start, end = timeline.spans[node.element_id]
        n_samples = end - start
        audio = fit_loop(audio, sr, n_samples, crossfade_s=LOOP_CROSSFADE_S,
                         seamless=clip.seamless_loop)
    else:
        n_samples = audio.shape[-1]
    audio = fade(audio, sr, node.fade_in_s, node.fade_out_s)
    key = _hash(clip.key, node.mode, n_samples, node.fade_in_s, node.fade_out_s)
    return dataclasses.replace(clip, audio=audio, key=key)


def _layout(ctx: RenderContext, node: g.Layout, inputs: dict[str, Any]) -> Timeline:
    sr = ctx.sample_rate_hz
    spans: dict[str, tuple[int, int]] = {}
    cursor = previous_start = 0
    for entry in node.foreground:
        n = inputs[entry.fit].audio.shape[-1]
        start = cursor + int(round(entry.gap_s * sr))
        if start < previous_start:
            raise ScriptError(ScriptIssue(
                f"overlaps more than the previous element's whole duration "
                f"({(cursor - previous_start) / sr:.2f} s)", element_id=entry.element_id,
                field="gap_s"))
        spans[entry.element_id] = (start, start + n)
        previous_start, cursor = start, start + n
    for entry in node.background:
        spans[entry.element_id] = (spans[entry.start_at][0], spans[entry.end_at][1])
    total = max(end for _, end in spans.values())
    for element_id, (start, end) in spans.items():
        ctx.record(element_id, start_s=start / sr, end_s=end / sr)
    return Timeline(spans, total)


def _loudness(ctx: RenderContext, node: g.Loudness, inputs: dict[str, Any]) -> torch.Tensor:
    clip: Clip = inputs[node.source]
    key = _hash(clip.key, node.target_lufs, node.channels, node.pan)
    levelled = ctx.memo.get(key) if ctx.memo is not None else None
    if levelled is None:
        audio = to_channels(clip.audio, node.channels, node.pan)
        audio, gain_db, measured = normalize_loudness(audio, ctx.sample_rate_hz,
                                                      node.target_lufs)
        levelled = (audio, gain_db, measured)
        if ctx.memo is not None:
            ctx.memo.put(key, levelled)
    audio, gain_db, measured = levelled
    ctx.record(node.element_id, gain_db=round(gain_db, 2),
               measured_lufs=round(measured, 2) if np.isfinite(measured) else None)
    if not np.isfinite(measured):
        ctx.warn(f"{node.element_id}: the clip is silent")
    return audio


def _place(ctx: RenderContext, node: g.Place, inputs: dict[str, Any]) -> tuple[int, torch.Tensor]:
    start, _ = inputs[node.layout].spans[node.element_id]
    return start, inputs[node.source]


def _duck(ctx: RenderContext, node: g.Duck, inputs: dict[str, Any]) -> tuple[int, torch.Tensor]:
    start, audio = inputs[node.source]
    timeline: Timeline = inputs[node.layout]
    sr = ctx.sample_rate_hz
    intervals = [((s - start) / sr, (e - start) / sr)
                 for s, e in (timeline.spans[i] for i in node.sidechain)]
    gain = duck_gain(audio.shape[-1], sr, intervals, node.amount_db, node.attack_s,
                     node.release_s)
    ctx.record(node.element_id, duck_db=node.amount_db)
    return start, audio * torch.as_tensor(gain, device=audio.device)


def _mix(ctx: RenderContext, node: g.Mix, inputs: dict[str, Any]) -> torch.Tensor:
    timeline: Timeline = inputs[node.layout]
    return mix([inputs[s] for s in node.sources], timeline.n_samples, node.channels, ctx.device)


def _master(ctx: RenderContext, node: g.Master, inputs: dict[str, Any]) -> torch.Tensor:
    audio, peak_dbtp = limit(inputs[node.source], ctx.sample_rate_hz, node.ceiling_dbtp)
    ctx.record("__master__", true_peak_dbtp=round(peak_dbtp, 2),
               loudness_lufs=round(integrated_loudness(audio, ctx.sample_rate_hz), 2))
    return audio


def _export(ctx: RenderContext, node: g.Export, inputs: dict[str, Any]) -> str:
    from wavjourney.audio_io import write_audio
    from wavjourney.destination import inside

    if ctx.staging_dir is None:
        return ""
    path = inside(ctx.staging_dir, node.path)  # an id or a hand-built graph cannot escape
    write_audio(path, inputs[node.source].detach().cpu().numpy(), ctx.sample_rate_hz,
                subtype=node.subtype)
    return str(path)


def _hash(*parts: Any) -> str:
    return hashlib.sha256(repr(parts).encode()).hexdigest()


_EVALUATORS = {
    g.Generate: _generate,
    g.Fit: _fit,
    g.Layout: _layout,
    g.Loudness: _loudness,
    g.Place: _place,
    g.Duck: _duck,
    g.Mix: _mix,
    g.Master: _master,
    g.Export: _export,
}

"""Generation: a batch of Generate nodes of one tool, as one picklable task.

A task looks every clip up in the content-addressed cache first, hands only the missing
requests to the tool in one `generate_batch` call (the model loaded through this process's
`ModelPool`), stores what it made, and returns each clip at the project rate with its facts.
Only failures the tool marks retryable are retried; any other failure is a non-retryable
`ToolError`, after which the engine tries the element's next valid tool.
"""

from __future__ import annotations

import contextlib
import hashlib
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import torch

from wavjourney.compiler.graph import Generate
from wavjourney.dsp.core import as_tensor
from wavjourney.dsp.resample import resample
from wavjourney.engine.cache import ClipCache, cache_key
from wavjourney.engine.models import pool_for
from wavjourney.engine.ops import Clip, EngineSettings, Evaluated, Facts, content_hash
from wavjourney.exceptions import RenderCancelled, ToolError, WavJourneyError
from wavjourney.tools.base import NO_CONTROL, Control, GeneratedClip
from wavjourney.tools.registry import ToolSpec

GENERATE_ATTEMPTS = 2  # a retryable failure is tried once more, then the element fails
# Failures worth repeating as they are: the next try may find memory or a worker free.
TRANSIENT_ERRORS: tuple[type[BaseException], ...] = (MemoryError, TimeoutError, ConnectionError)


@dataclass(frozen=True)
class GenerateTask:
    """Generate nodes of one tool, with everything a worker needs to run them (picklable).

    Args:
        spec: the configured tool.
        nodes: its Generate nodes (at most the tool's `max_batch_size`).
        settings: the render's settings (cache, project rate, DSP device).
        tool_device: the device the tool's model runs on.
        pool_id: the model pool to load through (one per engine, per process).
        budgets: memory budget per device kind for that pool.
    """

    spec: ToolSpec
    nodes: tuple[Generate, ...]
    settings: EngineSettings
    tool_device: str
    pool_id: str
    budgets: tuple[tuple[str, int], ...] = ()


def run_generate(task: GenerateTask, control: Control = NO_CONTROL) -> list[Evaluated]:
    """Run a generate task; one `Evaluated` (a `Clip` and its facts) per node, in order."""
    started = time.perf_counter()
    settings = task.settings
    # The same intra-op threads as the DSP, wherever the task runs: float sums (and so the
    # bytes of a torch model's output) must not depend on the executor or the worker.
    torch.set_num_threads(settings.torch_threads)
    cache = ClipCache(settings.cache_dir) if settings.cache_dir else None
    keys = [cache_key(n.tool_identity, n.request) for n in task.nodes]
    clips: dict[int, tuple[GeneratedClip, bool]] = {}
    if cache is not None:
        for index, key in enumerate(keys):
            hit = cache.get(key)
            if hit is not None:
                clips[index] = (hit, True)
    missing = [i for i in range(len(task.nodes)) if i not in clips]
    call: dict[str, Any] | None = None
    warnings: list[str] = []
    if missing:
        # Another process may be making the same clips: wait for it, then reuse them. Locks
        # are taken in key order, so two batches never wait for each other.
        with contextlib.ExitStack() as locks:
            if cache is not None:
                for key in sorted({keys[i] for i in missing}):
                    locks.enter_context(cache.lock(key))
                for index in missing:
                    hit = cache.get(keys[index])
                    if hit is not None:
                        clips[index] = (hit, True)
                missing = [i for i in missing if i not in clips]
            if missing:
                made, call = _generate_missing(task, missing, control, dict(task.budgets))
                for index, clip in zip(missing, made):
                    clips[index] = (clip, False)
                    if cache is not None and not cache.put(keys[index], clip):
                        warnings = [cache.fault or "the clip cache cannot be written"]
    out = []
    for index, node in enumerate(task.nodes):
        clip, cached = clips[index]
        facts = Facts()
        if call is not None and index == missing[0]:
            facts.tool_calls.append(call)
            facts.warnings += warnings
        out.append(Evaluated(_at_project_rate(node, clip, cached, settings), facts))
        facts.record(node.element_id, tool=node.tool, cached=cached, generator=clip.info)
        facts.warnings += [f"{node.element_id}: {w}" for w in clip.info.get("warnings", [])]
    out[0].facts.seconds["generate"] = time.perf_counter() - started
    return out


def _generate_missing(task: GenerateTask, missing: list[int], control: Control,
                      budgets: Mapping[str, int]) -> tuple[list[GeneratedClip], dict[str, Any]]:
    requests = [task.nodes[i].request for i in missing]
    elements = ", ".join(task.nodes[i].element_id for i in missing)
    pool = pool_for(task.pool_id, budgets)
    load_s = generate_s = 0.0
    for attempt in range(1, GENERATE_ATTEMPTS + 1):
        control.check()
        try:
            with pool.use(task.spec, task.tool_device) as (tool, loaded_s):
                load_s += loaded_s
                started = time.perf_counter()
                made = tool.generate_batch(requests, control)
                generate_s += time.perf_counter() - started
            if len(made) != len(requests):
                raise ValueError(f"returned {len(made)} clips for {len(requests)} requests")
            for clip in made:
                _check_clip(clip)
            break
        except RenderCancelled:
            raise
        except BaseException as exc:  # noqa: BLE001 - a tool may fail in any way
            error = _as_tool_error(exc, task.spec.name, elements)
            if not error.retryable or attempt == GENERATE_ATTEMPTS:
                raise error from exc
    call = {"tool": task.spec.name, "batch_size": len(requests), "load_s": round(load_s, 4),
            "generate_s": round(generate_s, 4), "device": task.tool_device}
    return made, call


def _as_tool_error(exc: BaseException, tool: str, elements: str) -> ToolError:
    if isinstance(exc, ToolError):
        return exc if exc.element else ToolError(exc.message, tool=exc.tool, element=elements,
                                                 retryable=exc.retryable)
    if isinstance(exc, WavJourneyError):
        return ToolError(str(exc), tool=tool, element=elements)
    retryable = isinstance(exc, TRANSIENT_ERRORS) or type(exc).__name__ == "OutOfMemoryError"
    return ToolError(f"{type(exc).__name__}: {exc}", tool=tool, element=elements,
                     retryable=retryable)


def _check_clip(clip: Any) -> None:
    if not isinstance(clip, GeneratedClip) or clip.audio.shape[-1] == 0:
        raise ValueError("the tool returned no audio")
    if not np.isfinite(clip.numpy()).all():
        raise ValueError("the tool returned non-finite samples")


def _at_project_rate(node: Generate, clip: GeneratedClip, cached: bool,
                     settings: EngineSettings) -> Clip:
    device = torch.device(settings.device)
    if isinstance(clip.audio, torch.Tensor) and clip.sample_rate_hz == settings.sample_rate_hz:
        audio = clip.audio.to(device)  # stays on the device: no host round trip
    else:
        audio = as_tensor(resample(clip.numpy(), clip.sample_rate_hz, settings.sample_rate_hz),
                          device)
    key = content_hash(audio_sha256(clip), settings.sample_rate_hz)
    return Clip(audio, cached, clip.info, key)


def audio_sha256(clip: GeneratedClip) -> str:
    """The hash of a clip's samples and rate: what the memo keys every derived stem by."""
    digest = hashlib.sha256(np.ascontiguousarray(clip.numpy()).tobytes())
    digest.update(str(clip.sample_rate_hz).encode())
    return digest.hexdigest()

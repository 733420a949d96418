"""The engine: one object that owns the clip cache, the stem memo, the model pool, the
executor and the device, and runs op graphs.

Scheduling, in one place:
- a node runs once its dependencies are done; outputs nobody needs any more are freed;
- ready Generate nodes of one tool are grouped into `generate_batch` calls of up to the
  tool's `max_batch_size`, at most `max_concurrency` calls of a tool at once; CPU tools keep
  running in parallel meanwhile;
- levelled stems come from the memo when their clip and parameters are unchanged;
- an element whose tool fails for good moves to its next valid tool (its fallback chain);
- every node reports its facts, merged here into what report.json and timeline.json show.
"""

from __future__ import annotations

import threading
import uuid
from collections import OrderedDict, defaultdict
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import FIRST_COMPLETED, Future, wait
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from wavjourney.compiler import graph as g
from wavjourney.destination import Reusable
from wavjourney.engine.cache import ClipCache, cache_key
from wavjourney.engine.events import ProgressEvent
from wavjourney.engine.executor import Executor, make_executor
from wavjourney.engine.generate import GenerateTask
from wavjourney.engine.memo import DEFAULT_MEMO_BYTES, StemMemo
from wavjourney.engine.models import drop_pool
from wavjourney.engine.ops import (
    KNOWN_LOUDNESS,
    RESUME_METER,
    Clip,
    EngineSettings,
    Evaluated,
    Facts,
    bed_meter_key,
    fit_key,
    fit_length,
    loudness_key,
    record_loudness,
)
from wavjourney.exceptions import RenderCancelled, ToolError
from wavjourney.tools.base import Control
from wavjourney.tools.registry import Registry

Progress = Callable[[ProgressEvent], None]


@dataclass
class EngineRun:
    """What running a graph produced.

    Args:
        outputs: the outputs of the nodes asked for (`keep`).
        facts: every node's facts merged: per-element records, warnings, seconds per stage,
            tool calls.
        fallbacks: element id -> the tools that failed before the one that made it.
    """

    outputs: dict[str, Any]
    facts: Facts
    fallbacks: dict[str, list[dict[str, str]]] = field(default_factory=dict)

    def tool_report(self) -> dict[str, dict[str, Any]]:
        """Per tool: calls, clips, batch sizes, load and generate seconds, device."""
        out: dict[str, dict[str, Any]] = {}
        for call in self.facts.tool_calls:
            entry = out.setdefault(call["tool"], {"calls": 0, "clips": 0, "batch_sizes": [],
                                                  "load_s": 0.0, "generate_s": 0.0,
                                                  "device": call["device"]})
            entry["calls"] += 1
            entry["clips"] += call["batch_size"]
            entry["batch_sizes"].append(call["batch_size"])
            entry["load_s"] = round(entry["load_s"] + call["load_s"], 4)
            entry["generate_s"] = round(entry["generate_s"] + call["generate_s"], 4)
        for entry in out.values():
            entry["batch_sizes"].sort(reverse=True)
        return dict(sorted(out.items()))


class Engine:
    """Runs op graphs with one cache, memo, model pool and executor.

    Args:
        registry: the tools.
        cache_dir: the content-addressed clip cache (None: no disk cache).
        executor: ``"local"`` (threads, the default), ``"process"``, ``"ray"`` or an
            `Executor`.
        device: torch device for the DSP and for tools that support it (default: CUDA when
            torch sees a GPU, else CPU).
        memo_bytes: bound of the stem memo.
        memory_budgets: device kind -> bytes that loaded models may take together.
        max_workers: tasks at once for a named executor.
    """

    def __init__(self, registry: Registry, cache_dir: str | Path | None = None, *,
                 executor: str | Executor | None = None, device: str | None = None,
                 memo_bytes: int = DEFAULT_MEMO_BYTES,
                 memory_budgets: Mapping[str, int] | None = None, max_workers: int = 2):
        self.registry = registry
        self.cache_dir = Path(cache_dir) if cache_dir is not None else None
        self.executor = make_executor(executor, max_workers)
        self.device = device or _default_device()
        self.memo = StemMemo(memo_bytes)
        self.known_clips = _Recent()  # cache key -> clip key, shape, facts
        self.bed_meters = _Recent(1_000)  # bed_meter_key -> loudness meter state
        self.memory_budgets = dict(memory_budgets or {})
        self.pool_id = uuid.uuid4().hex  # this engine's model pool, in each process

    @property
    def clip_cache(self) -> ClipCache | None:
        """The clip cache in `cache_dir` (which a caller may change between renders)."""
        return ClipCache(self.cache_dir) if self.cache_dir is not None else None

    def tool_device(self, tool: str) -> str:
        """Where tool `tool` runs: the engine's device if the tool supports its kind."""
        devices = self.registry.info(tool).devices
        kind = self.device.split(":")[0]
        return self.device if kind in devices else "cpu"

    def close(self) -> None:
        """Unload every model and stop the executor's workers."""
        self.executor.close()
        drop_pool(self.pool_id)

    def __enter__(self) -> Engine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def run(self, graph: g.OpGraph, *, staging_dir: str | Path | None = None,
            keep: Iterable[str] = (), progress: Progress | None = None,
            cancel: threading.Event | None = None,
            reusable: Reusable | None = None,
            previous_bundle: str | Path | None = None) -> EngineRun:
        """Run every node of `graph` once and return the outputs of the nodes in `keep`.

        Args:
            reusable: what the target bundle already holds; an Export that would write the
                same content keeps the file instead.
            previous_bundle: that bundle's folder.

        Raises:
            The first error a node raised, or RenderCancelled. A failed node's dependents
            never run, but every other node still does, so all the clips that can be
            generated are generated (and cached) before the error surfaces.
        """
        settings = EngineSettings(
            sample_rate_hz=graph.sample_rate_hz, device=self.device,
            staging_dir=str(staging_dir) if staging_dir is not None else None,
            cache_dir=str(self.cache_dir) if self.cache_dir is not None else None,
            reusable=reusable or Reusable(),
            previous_bundle=str(previous_bundle) if previous_bundle is not None else None)
        return _Run(self, graph, settings, set(keep), progress, cancel).go()


class _Run:
    """The state of one graph run (driver side)."""

    def __init__(self, engine: Engine, graph: g.OpGraph, settings: EngineSettings,
                 keep: set[str], progress: Progress | None, cancel: threading.Event | None):
        self.engine, self.graph, self.settings, self.keep = engine, graph, settings, keep
        engine.memo.begin_run()
        self.progress, self.cancel = progress, cancel
        self.dependents = graph.dependents()
        self.waiting_on = {n.id: set(n.deps) for n in graph.nodes}
        self.remaining_uses = {n.id: len(self.dependents[n.id]) for n in graph.nodes}
        self.outputs: dict[str, Any] = {}
        self.facts = Facts()
        self.fallbacks: dict[str, list[dict[str, str]]] = {}
        self.ready: list[str] = [n.id for n in graph.nodes if not self.waiting_on[n.id]]
        self.pending: dict[str, list[g.Generate]] = defaultdict(list)  # tool -> nodes
        self.running: dict[Future, tuple[str, Any]] = {}
        self.calls_of: dict[str, int] = defaultdict(int)
        self.known_levels: set[str] = set()  # Loudness keys whose loudness was on disk
        self.clip_cache = engine.clip_cache  # the cache this run reads and writes
        self.done = 0
        self.error: BaseException | None = None

    def _cancelled(self) -> bool:
        return self.cancel is not None and self.cancel.is_set()

    def go(self) -> EngineRun:
        executor = self.engine.executor
        while True:
            if self._cancelled():
                if self.error is None:
                    self.error = RenderCancelled("render cancelled; finished clips are cached")
            else:
                self._submit_ready(executor)
            if not self.running:
                break
            finished, _ = wait(list(self.running), return_when=FIRST_COMPLETED)
            for future in finished:
                self._collect(future)
        if self.error is not None:
            raise self.error
        return EngineRun({k: self.outputs[k] for k in self.keep if k in self.outputs},
                         self.facts, self.fallbacks)

    # Submitting --------------------------------------------------------------------------
    def _submit_ready(self, executor: Executor) -> None:
        while self.ready:
            node = self.graph[self.ready.pop(0)]
            if isinstance(node, g.Generate):
                known = self._known_clip(node)
                if known is not None:  # its levelled stem is in the memo: not even read
                    self._emit("started", node)
                    self._finish(node, known)
                    continue
                self.pending[node.tool].append(node)
                continue
            inputs = {d: self.outputs[d] for d in node.deps}
            if isinstance(node, g.Loudness):
                key = loudness_key(node, inputs)
                levelled = self.engine.memo.get(key)
                if levelled is not None:
                    facts = Facts()
                    record_loudness(node, levelled, facts)
                    self._emit("started", node)
                    self._finish(node, Evaluated(levelled, facts))
                    continue
                measured = self.clip_cache.level(key) if self.clip_cache is not None else None
                meter_key = bed_meter_key(node, inputs[node.source])
                state = self.engine.bed_meters.get(meter_key) if meter_key else None
                if measured is not None:
                    inputs[KNOWN_LOUDNESS] = measured  # by an earlier render
                    self.known_levels.add(key)
                elif state is not None and state[0] <= inputs[node.source].steady:
                    inputs[RESUME_METER] = state  # measure only the stretched bed's new end
            if isinstance(node, g.Fit) and self._memoised_level(node, inputs):
                # Its levelled stem is in the memo: skip fitting (looping a long bed) only to
                # find that out. The Loudness node after it takes the stem by the fitted key;
                # the Layout reads only the length of the stand-in.
                sr = self.settings.sample_rate_hz
                clip = inputs[node.source]
                stand_in = _stand_in((clip.audio.shape[0], fit_length(node, inputs, sr)))
                self._emit("started", node)
                self._finish(node, Evaluated(replace(clip, audio=stand_in,
                                                     key=fit_key(node, inputs, sr)), Facts()))
                continue
            self._emit("started", node)
            future = executor.submit_evaluate(node, inputs, self.settings)
            self.running[future] = ("node", node)
        for tool in sorted(self.pending):
            nodes = self.pending[tool]
            info = self.engine.registry.info(tool)
            while nodes and self.calls_of[tool] < info.max_concurrency:
                batch = tuple(nodes[:max(1, info.max_batch_size)])
                del nodes[:len(batch)]
                task = GenerateTask(self.engine.registry.spec(tool), batch, self.settings,
                                    self.engine.tool_device(tool), self.engine.pool_id,
                                    tuple(sorted(self.engine.memory_budgets.items())))
                for node in batch:
                    self._emit("started", node)
                self.calls_of[tool] += 1
                control = Control(progress=self._tool_progress(batch),
                                  is_cancelled=self._cancelled)
                self.running[executor.submit_generate(task, control)] = ("batch", task)
        self.pending = defaultdict(list, {t: n for t, n in self.pending.items() if n})

    def _memoised_level(self, fit: g.Fit, inputs: dict[str, Any]) -> bool:
        """Whether a Fit node's audio is used only by a Loudness node whose result is in the
        memo (looked up, so the memo keeps it for this render); a Layout reads its length."""
        users = [self.graph[d] for d in self.dependents[fit.id]]
        levels = [u for u in users if isinstance(u, g.Loudness)]
        if len(levels) != 1 or fit.id in self.keep or \
                any(not isinstance(u, (g.Loudness, g.Layout)) for u in users):
            return False
        key = fit_key(fit, inputs, self.settings.sample_rate_hz)
        probe = {levels[0].source: replace(inputs[fit.source], key=key)}
        return self.engine.memo.holds(loudness_key(levels[0], probe))

    def _known_clip(self, node: g.Generate) -> Evaluated | None:
        """A stand-in for a clip this engine made or read before (its key, shape and facts),
        still in the disk cache, when the levelled stem made from it is in the memo: a
        re-render after an edit does not even read the clips it will not use."""
        if self.settings.cache_dir is None:  # with no cache, every render generates afresh
            return None
        request_key = cache_key(node.tool_identity, node.request)
        known = self.engine.known_clips.get(request_key)
        fits = [self.graph[d] for d in self.dependents[node.id]]
        if known is None or len(fits) != 1 or not isinstance(fits[0], g.Fit) or \
                fits[0].mode == "loop":  # a bed's length waits for the layout
            return None
        assert self.clip_cache is not None
        if not self.clip_cache.holds(request_key):
            return None  # the cache was cleared: the clip is made again
        key, shape, info = known
        clip = Clip(_stand_in(shape), cached=True, info=info, key=key)
        if not self._memoised_level(fits[0], {node.id: clip}):
            return None
        facts = Facts()
        facts.record(node.element_id, tool=node.tool, cached=True, generator=info)
        return Evaluated(clip, facts)

    # Collecting --------------------------------------------------------------------------
    def _collect(self, future: Future) -> None:
        what, item = self.running.pop(future)
        if what == "batch":
            task: GenerateTask = item
            self.calls_of[task.spec.name] -= 1
            try:
                results = future.result()
            except ToolError as exc:
                if not exc.retryable and all(n.fallbacks for n in task.nodes):
                    for node in task.nodes:
                        self._fall_back(node, exc)
                    return
                self._fail(task.nodes, exc)
                return
            except BaseException as exc:  # noqa: BLE001 - re-raised at the end of the run
                self._fail(task.nodes, exc)
                return
            for node, result in zip(task.nodes, results):
                clip: Clip = result.output
                self.engine.known_clips.put(cache_key(node.tool_identity, node.request),
                                            (clip.key, tuple(clip.audio.shape), clip.info))
                self._finish(node, result)
            return
        node = item
        try:
            result = future.result()
        except BaseException as exc:  # noqa: BLE001 - re-raised at the end of the run
            self._fail((node,), exc)
            return
        if isinstance(node, g.Loudness):
            self.engine.memo.put(result.output.key, result.output)
            if self.clip_cache is not None and result.output.key not in self.known_levels:
                self.clip_cache.put_level(result.output.key, result.output.source_lufs)
            meter_key = bed_meter_key(node, self.outputs[node.source])
            if meter_key and result.output.meter is not None:
                self.engine.bed_meters.put(meter_key, result.output.meter)
        self._finish(node, result)

    def _fall_back(self, node: g.Generate, exc: ToolError) -> None:
        (tool, identity), rest = node.fallbacks[0], node.fallbacks[1:]
        self.fallbacks.setdefault(node.element_id, []).append(
            {"tool": node.tool, "error": str(exc), "next": tool})
        self.facts.warnings.append(f"{node.element_id}: {node.tool} failed ({exc}); "
                                   f"used {tool} instead")
        self.pending[tool].append(replace(node, tool=tool, tool_identity=identity,
                                          fallbacks=rest))

    def _fail(self, nodes: Iterable[g.Op], exc: BaseException) -> None:
        for node in nodes:
            self._emit("failed", node, message=str(exc))
        if self.error is None:
            self.error = exc

    def _finish(self, node: g.Op, result: Evaluated) -> None:
        self.outputs[node.id] = result.output
        self.facts.merge(result.facts)
        self.done += 1
        self._emit("finished", node, cached=bool(getattr(result.output, "cached", False)))
        for dep in node.deps:
            self.remaining_uses[dep] -= 1
            if self.remaining_uses[dep] == 0 and dep not in self.keep:
                self.outputs.pop(dep, None)  # free audio nobody needs any more
        for child in self.dependents[node.id]:
            self.waiting_on[child].discard(node.id)
            if not self.waiting_on[child]:
                self.ready.append(child)

    def _tool_progress(self, batch: tuple[g.Generate, ...]) -> Callable[[float, str], None]:
        def report(fraction: float, message: str) -> None:
            self._emit("progress", batch[0], fraction=fraction,
                       message=message or f"{len(batch)} clip(s) with {batch[0].tool}")
        return report

    def _emit(self, kind: str, node: g.Op, **extra: Any) -> None:
        if self.progress is not None:
            self.progress(ProgressEvent(kind, node.id, type(node).__name__.lower(),  # type: ignore[arg-type]
                                        getattr(node, "element_id", None), self.done,
                                        len(self.graph), **extra))


def _stand_in(shape: tuple[int, ...]) -> Any:
    """Zeros of `shape` that take no memory (one value, broadcast): audio never read."""
    import torch

    return torch.zeros(1, 1).expand(*shape)


class _Recent:
    """A bounded map that forgets the least recently used entries first."""

    def __init__(self, limit: int = 100_000):
        self.limit, self.items = limit, OrderedDict[str, tuple]()

    def get(self, key: str) -> tuple | None:
        if key in self.items:
            self.items.move_to_end(key)
        return self.items.get(key)

    def put(self, key: str, value: tuple) -> None:
        self.items[key] = value
        self.items.move_to_end(key)
        while len(self.items) > self.limit:
            self.items.popitem(last=False)


def _default_device() -> str:
    import torch

    return "cuda" if torch.cuda.is_available() else "cpu"

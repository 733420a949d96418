"""Executors run the engine's tasks somewhere: threads here, processes, or a Ray cluster.

The engine decides what runs when (readiness, batching, per-tool concurrency, memo,
fallbacks); an executor only runs the two kinds of task it is handed and returns futures.
Both tasks are module-level functions of picklable data (`wavjourney.engine.generate.
run_generate` and `wavjourney.engine.ops.evaluate`), so an executor may ship them anywhere.
"""

from __future__ import annotations

import multiprocessing
import threading
from abc import ABC, abstractmethod
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from typing import Any

from wavjourney.compiler.graph import Op
from wavjourney.engine.generate import GenerateTask, run_generate
from wavjourney.engine.ops import EngineSettings, evaluate
from wavjourney.tools.base import NO_CONTROL, Control


class Executor(ABC):
    """Runs generate tasks and DSP node evaluations, returning futures.

    Args:
        max_workers: tasks that may run at once.
    """

    #: whether tasks run in this process (a tool then sees progress and cancellation
    #: callbacks and this process's model pool directly).
    in_process: bool = False

    def __init__(self, max_workers: int = 2):
        self.max_workers = max(1, max_workers)

    @abstractmethod
    def submit_generate(self, task: GenerateTask, control: Control) -> Future:
        """Run `run_generate(task, control)`; the future holds its list of `Evaluated`."""

    @abstractmethod
    def submit_evaluate(self, op: Op, inputs: dict[str, Any], settings: EngineSettings
                        ) -> Future:
        """Run `evaluate(op, inputs, settings)`; the future holds its `Evaluated`."""

    def close(self) -> None:  # noqa: B027 - most executors hold nothing that needs closing
        """Release workers; the executor may not be used afterwards."""

    def __enter__(self) -> Executor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class _PoolExecutor(Executor):
    """An executor over a `concurrent.futures` pool, made on first use."""

    def __init__(self, max_workers: int = 2):
        super().__init__(max_workers)
        self._pool: Any = None
        self._lock = threading.Lock()

    def _make_pool(self) -> Any:
        raise NotImplementedError

    def _submit(self, fn: Any, *args: Any) -> Future:
        with self._lock:
            if self._pool is None:
                self._pool = self._make_pool()
            return self._pool.submit(fn, *args)

    def submit_evaluate(self, op, inputs, settings):
        return self._submit(evaluate, op, inputs, settings)

    def close(self) -> None:
        with self._lock:
            if self._pool is not None:
                self._pool.shutdown(wait=True, cancel_futures=True)
                self._pool = None


class LocalExecutor(_PoolExecutor):
    """A thread pool in this process (the default)."""

    in_process = True

    def _make_pool(self) -> ThreadPoolExecutor:
        return ThreadPoolExecutor(self.max_workers, thread_name_prefix="wavjourney")

    def submit_generate(self, task, control):
        return self._submit(run_generate, task, control)


class ProcessExecutor(_PoolExecutor):
    """A pool of worker processes (spawned, so no state is inherited by accident).

    Each worker loads the models it needs once, through its own model pool. Progress and
    cancellation callbacks cannot cross the process boundary; cancelling stops new tasks.
    """

    def _make_pool(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(self.max_workers,
                                   mp_context=multiprocessing.get_context("spawn"))

    def submit_generate(self, task, control):
        return self._submit(run_generate, task, NO_CONTROL)


def make_executor(spec: str | Executor | None, max_workers: int) -> Executor:
    """An executor from a name (``"local"``, ``"process"``, ``"ray"``) or an instance."""
    from wavjourney.exceptions import ConfigError

    if isinstance(spec, Executor):
        return spec
    if spec in (None, "local", "threads"):
        return LocalExecutor(max_workers)
    if spec == "process":
        return ProcessExecutor(max_workers)
    if spec == "ray":
        from wavjourney.engine.ray_executor import RayExecutor

        return RayExecutor(max_workers=max_workers)
    raise ConfigError(f"unknown executor {spec!r}; executors: local, process, ray")

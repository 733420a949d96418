"""Loaded models under one memory budget per device, shared by every tool of a process.

A tool is loaded on demand; when a new model does not fit its device's budget, the least
recently used idle model is closed first, and a caller waits while every loaded model is in
use. A model larger than the whole budget still loads, alone, so a render never deadlocks.
Pools live per process (looked up by id), so a task that crosses into a worker process
finds that worker's own pool and loads each model there once.
"""

from __future__ import annotations

import os
import threading
import time
from collections import OrderedDict
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field

from wavjourney.tools.base import Tool
from wavjourney.tools.registry import ToolSpec


def default_budgets() -> dict[str, int]:
    """Half the host's memory for CPU models; 90 % of each GPU's memory (read lazily)."""
    try:
        host = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):
        host = 8 * 1024**3
    return {"cpu": host // 2}


@dataclass
class _Entry:
    tool: Tool
    bytes: int
    users: int = 0
    ready: threading.Event = field(default_factory=threading.Event)
    load_s: float = 0.0
    error: BaseException | None = None


class ModelPool:
    """Loaded tools of one process, within a memory budget per device kind.

    Args:
        budgets: device kind (``"cpu"``, ``"cuda"``, ``"mps"``) -> bytes; a kind not listed
            gets 90 % of the device's memory (CUDA) or half the host's (others).
    """

    def __init__(self, budgets: Mapping[str, int] | None = None):
        self.budgets = dict(budgets or {})
        self._loaded: OrderedDict[tuple[str, str], _Entry] = OrderedDict()
        self._cond = threading.Condition()

    def budget(self, device: str) -> int:
        kind = device.split(":")[0]
        if kind not in self.budgets:
            if kind == "cuda":
                import torch

                total = torch.cuda.get_device_properties(torch.device(device)).total_memory
                self.budgets[kind] = int(total * 0.9)
            else:
                self.budgets[kind] = default_budgets()["cpu"]
        return self.budgets[kind]

    @contextmanager
    def use(self, spec: ToolSpec, device: str) -> Iterator[tuple[Tool, float]]:
        """The loaded tool of `spec` on `device` and the seconds its load took in this call
        (0 when it was loaded already); held in use until the block ends."""
        key = (spec.key, device)
        entry, load_s = self._acquire(spec, key, device)
        try:
            yield entry.tool, load_s
        finally:
            with self._cond:
                entry.users -= 1
                self._cond.notify_all()

    def _acquire(self, spec: ToolSpec, key: tuple[str, str], device: str
                 ) -> tuple[_Entry, float]:
        need = spec.info.memory_bytes
        created = False
        with self._cond:
            while True:
                entry = self._loaded.get(key)
                if entry is not None:
                    entry.users += 1
                    self._loaded.move_to_end(key)
                    break
                if self._fits(device, need):
                    entry = _Entry(spec.build(), need, users=1)
                    self._loaded[key] = entry
                    created = True
                    break
                idle = [k for k, e in self._loaded.items()
                        if e.users == 0 and _kind(k[1]) == _kind(device) and e.ready.is_set()]
                if idle:
                    self._close(idle[0])
                else:
                    self._cond.wait()
        if not created:
            entry.ready.wait()
            if entry.error is not None:
                self._release_failed(key, entry)
            return entry, 0.0
        # We made the entry: load outside the lock so the other tools keep working.
        started = time.perf_counter()
        try:
            entry.tool.load(device)
        except BaseException as exc:
            entry.error = exc
            entry.ready.set()
            self._release_failed(key, entry)
        entry.load_s = time.perf_counter() - started
        entry.ready.set()
        return entry, entry.load_s

    def _release_failed(self, key: tuple[str, str], entry: _Entry) -> None:
        with self._cond:
            entry.users -= 1
            if self._loaded.get(key) is entry:
                del self._loaded[key]
            self._cond.notify_all()
        assert entry.error is not None
        raise entry.error

    def _fits(self, device: str, need: int) -> bool:
        used = [e.bytes for k, e in self._loaded.items() if _kind(k[1]) == _kind(device)]
        # Alone, anything loads: a model larger than the budget must not wait forever.
        return not used or sum(used) + need <= self.budget(device)

    def _close(self, key: tuple[str, str]) -> None:
        entry = self._loaded.pop(key)
        entry.tool.close()
        self._cond.notify_all()

    def close(self) -> None:
        """Close every idle model (models in use are closed when their users finish)."""
        with self._cond:
            for key in [k for k, e in self._loaded.items() if e.users == 0]:
                self._close(key)


def _kind(device: str) -> str:
    return device.split(":")[0]


_pools: dict[str, ModelPool] = {}
_pools_lock = threading.Lock()


def pool_for(pool_id: str, budgets: Mapping[str, int] | None = None) -> ModelPool:
    """This process's pool called `pool_id` (made on first use with `budgets`)."""
    with _pools_lock:
        pool = _pools.get(pool_id)
        if pool is None:
            pool = _pools[pool_id] = ModelPool(budgets)
        return pool


def drop_pool(pool_id: str) -> None:
    """Close and forget this process's pool `pool_id`."""
    with _pools_lock:
        pool = _pools.pop(pool_id, None)
    if pool is not None:
        pool.close()

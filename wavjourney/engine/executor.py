"""Executors schedule graph nodes; what a node does lives in `wavjourney.engine.ops`.

`Executor` is the interface (a distributed one, e.g. on Ray, implements `run` and nothing
else changes); `LocalExecutor` runs ready nodes on a thread pool with a concurrency limit
per tool.
"""

from __future__ import annotations

import threading
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from typing import Any

from wavjourney.compiler.graph import Op, OpGraph
from wavjourney.engine.events import ProgressEvent
from wavjourney.exceptions import RenderCancelled

Evaluate = Callable[[Op, dict[str, Any]], Any]
Progress = Callable[[ProgressEvent], None]


class Executor(ABC):
    """Runs every node of a graph once its dependencies are done."""

    @abstractmethod
    def run(
        self,
        graph: OpGraph,
        evaluate: Evaluate,
        *,
        keep: Iterable[str] = (),
        limits: dict[str, int] | None = None,
        group_of: Callable[[Op], str | None] = lambda op: None,
        progress: Progress | None = None,
        cancel: threading.Event | None = None,
    ) -> dict[str, Any]:
        """Evaluate the graph and return the outputs of the nodes in `keep`.

        Args:
            evaluate: computes one node from its dependencies' outputs.
            keep: node ids whose outputs are returned (others are freed when unused).
            limits: concurrency limit per group (e.g. per tool name).
            group_of: the group a node belongs to, or None for no limit.
            progress: called with a ProgressEvent as nodes start and finish.
            cancel: once set, no new node starts and RenderCancelled is raised.

        Raises:
            The first error a node raised, or RenderCancelled. A failed node's dependents
            never run, but every other node still does, so all the clips that can be
            generated are generated (and cached) before the error surfaces.
        """


class LocalExecutor(Executor):
    """A thread pool. Nodes whose group is at its limit wait; others run as soon as ready."""

    def __init__(self, max_workers: int = 2):
        self.max_workers = max(1, max_workers)

    def run(self, graph, evaluate, *, keep=(), limits=None, group_of=lambda op: None,
            progress=None, cancel=None):
        keep = set(keep)
        limits = limits or {}
        dependents = graph.dependents()
        waiting_on = {n.id: set(n.deps) for n in graph.nodes}
        remaining_uses = {n.id: len(dependents[n.id]) for n in graph.nodes}
        outputs: dict[str, Any] = {}
        ready = [n.id for n in graph.nodes if not waiting_on[n.id]]
        running: dict[Future, str] = {}
        in_group: dict[str, int] = {}
        done = 0
        total = len(graph)
        error: BaseException | None = None
        cancelled = False

        def emit(kind: str, node: Op, **extra: Any) -> None:
            if progress is not None:
                progress(ProgressEvent(kind, node.id, _op_name(node),
                                       getattr(node, "element_id", None), done, total, **extra))

        with ThreadPoolExecutor(self.max_workers, thread_name_prefix="wavjourney") as pool:
            while ready or running:
                if cancel is not None and cancel.is_set() and not cancelled:
                    cancelled = True
                    error = RenderCancelled("render cancelled; finished clips are cached")
                if not cancelled:
                    for node_id in list(ready):
                        if len(running) >= self.max_workers:
                            break
                        node = graph[node_id]
                        group = group_of(node)
                        if group is not None and in_group.get(group, 0) >= limits.get(group, 1):
                            continue
                        ready.remove(node_id)
                        if group is not None:
                            in_group[group] = in_group.get(group, 0) + 1
                        inputs = {d: outputs[d] for d in node.deps}
                        emit("started", node)
                        running[pool.submit(evaluate, node, inputs)] = node_id
                if not running:
                    break
                finished, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in finished:
                    node = graph[running.pop(future)]
                    group = group_of(node)
                    if group is not None:
                        in_group[group] -= 1
                    try:
                        outputs[node.id] = future.result()
                    except BaseException as exc:  # noqa: BLE001 - re-raised below
                        emit("failed", node, message=str(exc))
                        error = error or exc
                        continue
                    done += 1
                    cached = bool(getattr(outputs[node.id], "cached", False))
                    emit("finished", node, cached=cached)
                    for dep in node.deps:
                        remaining_uses[dep] -= 1
                        if remaining_uses[dep] == 0 and dep not in keep:
                            outputs.pop(dep, None)  # free audio nobody needs any more
                    for child in dependents[node.id]:
                        waiting_on[child].discard(node.id)
                        if not waiting_on[child]:
                            ready.append(child)
        if error is not None:
            raise error
        return {k: outputs[k] for k in keep if k in outputs}


def _op_name(node: Op) -> str:
    return type(node).__name__.lower()

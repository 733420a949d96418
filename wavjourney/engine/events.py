"""Progress events sent while a graph runs."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class ProgressEvent:
    """One step of a render.

    Args:
        kind: ``"started"`` (a node began), ``"progress"`` (a tool reported how far its batch
            is: `fraction`, `message`), ``"finished"`` (a node is done) or ``"failed"``.
        node_id: the graph node.
        op: the node's op name (``"generate"``, ``"fit"``, ``"mix"``, ...).
        element_id: the script element it belongs to, if any.
        done: nodes finished so far; total: nodes in the graph.
        cached: for generate nodes, whether the clip came from the cache.
    """

    kind: Literal["started", "progress", "finished", "failed"]
    node_id: str
    op: str
    element_id: str | None
    done: int
    total: int
    cached: bool = False
    message: str = ""
    fraction: float | None = None

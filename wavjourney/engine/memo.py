"""An in-memory, size-bounded memo of levelled stems, owned by one engine.

The disk cache makes re-renders skip generation; this memo makes them skip the DSP of
every element whose clip, fit and level are unchanged, so a one-line edit re-renders in the
time it takes to mix. Keys start from the hash of the generated clip's samples (never from
the request), so a hit is the same tensor the ops would compute from that clip, and a tool
that made different audio can never be mixed from a stale stem.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any

DEFAULT_MEMO_BYTES = 2 * 1024**3


class StemMemo:
    """Least-recently-used memo holding at most `max_bytes` of tensors."""

    def __init__(self, max_bytes: int = DEFAULT_MEMO_BYTES):
        self.max_bytes = max_bytes
        self._items: OrderedDict[str, tuple[Any, int]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        self.hits = 0

    def get(self, key: str) -> Any | None:
        with self._lock:
            item = self._items.get(key)
            if item is None:
                return None
            self._items.move_to_end(key)
            self.hits += 1
            return item[0]

    def put(self, key: str, value: Any) -> None:
        size = sum(v.element_size() * v.nelement() for v in _tensors(value))
        if size > self.max_bytes:
            return
        with self._lock:
            if key in self._items:
                return
            self._items[key] = (value, size)
            self._bytes += size
            while self._bytes > self.max_bytes:
                _, (_, dropped) = self._items.popitem(last=False)
                self._bytes -= dropped


def _tensors(value: Any) -> list[Any]:
    import torch

    if isinstance(value, torch.Tensor):
        return [value]
    if isinstance(value, (tuple, list)):
        return [t for v in value for t in _tensors(v)]
    return []

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
    """A memo holding at most `max_bytes` of tensors, least recently used out first, that
    never evicts a stem the current render has used.

    A render walks its stems in the same order every time, so when they exceed the bound,
    plain LRU evicts each stem just before the next render asks for it (a 60-minute piece
    had 3 hits out of 340). Here stems of earlier renders go first; when only the current
    render's stems are left, a new one is not stored, so the memo keeps serving the part of
    the piece it holds.
    """

    def __init__(self, max_bytes: int = DEFAULT_MEMO_BYTES):
        self.max_bytes = max_bytes
        self._items: OrderedDict[str, tuple[Any, int, int]] = OrderedDict()  # value, size, run
        self._bytes = 0
        self._run = 0
        self._lock = threading.Lock()
        self.hits = 0

    def begin_run(self) -> None:
        """Mark the start of a render: stems it uses are kept in preference to older ones."""
        with self._lock:
            self._run += 1

    def get(self, key: str) -> Any | None:
        value = self._use(key)
        if value is not None:
            self.hits += 1
        return value

    def holds(self, key: str) -> bool:
        """Whether `key` is held; if so it is kept for the current render, like a `get`."""
        return self._use(key) is not None

    def _use(self, key: str) -> Any | None:
        with self._lock:
            item = self._items.get(key)
            if item is None:
                return None
            self._items[key] = (item[0], item[1], self._run)
            self._items.move_to_end(key)
            return item[0]

    def put(self, key: str, value: Any) -> None:
        size = sum(v.element_size() * v.nelement() for v in _tensors(value))
        if size > self.max_bytes:
            return
        with self._lock:
            if key in self._items:
                return
            for old_key in list(self._items):  # least recently used first
                if self._bytes + size <= self.max_bytes:
                    break
                _, dropped, run = self._items[old_key]
                if run == self._run:
                    break  # the rest are this render's too
                del self._items[old_key]
                self._bytes -= dropped
            if self._bytes + size > self.max_bytes:
                return
            self._items[key] = (value, size, self._run)
            self._bytes += size


def _tensors(value: Any) -> list[Any]:
    import torch

    if isinstance(value, torch.Tensor):
        return [value]
    if hasattr(value, "audio"):  # a levelled stem
        return _tensors(value.audio)
    if hasattr(value, "unit"):  # a looped bed: only its unit is held
        return [value.unit]
    if hasattr(value, "mono"):  # a panned mono clip
        return [value.mono]
    if isinstance(value, (tuple, list)):
        return [t for v in value for t in _tensors(v)]
    return []

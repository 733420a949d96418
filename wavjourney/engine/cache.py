"""Content-addressed clip cache on disk.

The key is a hash of the tool's identity (name, version, the options that change its output)
and the request's content (its seed included; recordings by their content hash, never their
path), so an unchanged element is never generated twice, across runs and across scripts.
Entries are written atomically, so an interrupted render leaves only whole clips behind and a
re-run resumes from them.

The cache is an optimisation, never a reason to fail: an entry that cannot be read or that
was damaged from outside is a miss, and a write that fails (read-only folder, full disk)
turns the cache off for the rest of the run with one warning. `ClipCache.lock` lets two
processes rendering the same clip generate it once.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import logging
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import numpy as np

from wavjourney.tools.base import GeneratedClip, GenerationRequest

CACHE_FORMAT_VERSION = 2
MAX_CACHED_CHANNELS = 16
log = logging.getLogger("wavjourney.cache")


def tool_identity_json(identity: dict) -> str:
    """A tool's `cache_identity()` as the canonical text that Generate nodes carry."""
    return json.dumps(identity, sort_keys=True, default=str)


def cache_key(tool_identity: str, request: GenerationRequest) -> str:
    """The cache key of `request` made by the tool whose identity is `tool_identity`."""
    payload = json.dumps({"format": CACHE_FORMAT_VERSION, "tool": tool_identity,
                          "request": request.cache_identity()}, sort_keys=True)
    return hashlib.sha256(payload.encode()).hexdigest()


class ClipCache:
    """Stores generated clips as ``<key>.npy`` + ``<key>.json`` under `directory`.

    Args:
        directory: the cache folder (created on first write).

    Attributes:
        fault: why writing was turned off (None while the cache works).
    """

    def __init__(self, directory: str | Path):
        self.directory = Path(directory)
        self.fault: str | None = None

    def _paths(self, key: str) -> tuple[Path, Path]:
        folder = self.directory / "clips" / key[:2]
        return folder / f"{key}.npy", folder / f"{key}.json"

    def get(self, key: str) -> GeneratedClip | None:
        """The cached clip, or None: missing, unreadable and damaged entries are all misses."""
        audio_path, meta_path = self._paths(key)
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            rate = meta["sample_rate_hz"]
            info = meta.get("info", {})
            if (not isinstance(rate, int) or isinstance(rate, bool) or rate <= 0
                    or not isinstance(info, dict)):
                raise ValueError("bad metadata")
            audio = np.load(audio_path, allow_pickle=False)
            if (audio.ndim not in (1, 2) or audio.size == 0 or audio.dtype.kind != "f"
                    or (audio.ndim == 2 and audio.shape[0] > MAX_CACHED_CHANNELS)):
                raise ValueError("bad audio array")
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            if meta_path.exists():
                log.warning("ignoring damaged cache entry %s (%s)", key[:12], exc)
            return None
        return GeneratedClip(audio, rate, info)

    def put(self, key: str, clip: GeneratedClip) -> bool:
        """Store a clip. Returns False (and sets `fault`) when it could not be written; the
        render goes on without the cache."""
        if self.fault is not None:
            return False
        audio_path, meta_path = self._paths(key)
        try:
            audio_path.parent.mkdir(parents=True, exist_ok=True)
            _atomic_write(audio_path, lambda f: np.save(f, clip.numpy(), allow_pickle=False))
            meta = {"sample_rate_hz": int(clip.sample_rate_hz), "info": clip.info}
            # The metadata goes last: an entry counts only once both files are whole.
            _atomic_write(meta_path,
                          lambda f: f.write(json.dumps(meta, default=str).encode()))
        except OSError as exc:
            self.fault = (f"the clip cache at {self.directory} cannot be written "
                          f"({exc.strerror or exc}); rendering without caching")
            log.warning("%s", self.fault)
            return False
        return True

    @contextlib.contextmanager
    def lock(self, key: str) -> Iterator[None]:
        """Hold the per-clip lock while generating `key`, so another process (or thread)
        rendering the same clip waits and then finds it cached. Without a writable cache
        folder there is nothing to share, and no lock is taken."""
        lock_path = self._paths(key)[0].with_suffix(".lock")
        try:
            lock_path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(lock_path, os.O_CREAT | os.O_RDWR, 0o644)
        except OSError:
            yield
            return
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)  # closing releases the lock


def _atomic_write(path: Path, write) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as f:
            write(f)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise

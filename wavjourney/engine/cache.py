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

The cache is bounded: `ClipCache.prune` deletes the least recently used clips until it fits
a size (`DEFAULT_MAX_CACHE_BYTES`, 2 GiB, after every render by default; reading a clip counts
as using it). ``wavjourney cache info|clear|prune`` shows and manages it.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import logging
import math
import os
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from wavjourney.constants import DEFAULT_MAX_CACHE_BYTES  # noqa: F401  (re-exported)
from wavjourney.tools.base import GeneratedClip, GenerationRequest

CACHE_FORMAT_VERSION = 2
MAX_CACHED_CHANNELS = 16
CLIPS_FOLDER = "clips"
LEVELS_FOLDER = "levels"
LEVELS_VERSION = 1  # of the loudness measurement: a new meter must not read old records
# Half-written files of a crashed render, removed by prune and clear once this old.
STALE_TEMP_AGE_S = 3600
log = logging.getLogger("wavjourney.cache")


def tool_identity_json(identity: dict) -> str:
    """A tool's `cache_identity()` as the canonical text that Generate nodes carry."""
    return json.dumps(identity, sort_keys=True, default=str)


def cache_key(tool_identity: str, request: GenerationRequest) -> str:
    """The cache key of `request` made by the tool whose identity is `tool_identity`."""
    payload = json.dumps({"format": CACHE_FORMAT_VERSION, "tool": tool_identity,
                          "request": request.cache_identity()}, sort_keys=True)
    return hashlib.sha256(payload.encode()).hexdigest()


@dataclass(frozen=True)
class CacheUsage:
    """How much a cache holds (or how much an operation removed).

    Args:
        clips: number of cached clips.
        size_bytes: their size on disk.
        oldest_used: when the least recently used clip was last used (Unix time), if any.
    """

    clips: int = 0
    size_bytes: int = 0
    oldest_used: float | None = None


@dataclass(frozen=True)
class _Entry:
    used: float
    size_bytes: int
    paths: tuple[Path, ...]


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
        folder = self.directory / CLIPS_FOLDER / key[:2]
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
        try:
            os.utime(meta_path)  # the metadata's mtime records the last use, for pruning
        except OSError:  # a read-only cache still serves clips
            pass
        return GeneratedClip(audio, rate, info)

    def holds(self, key: str) -> bool:
        """Whether the clip is cached (without reading it); counts as a use, like `get`."""
        _, meta_path = self._paths(key)
        try:
            os.utime(meta_path)
        except FileNotFoundError:
            return False
        except OSError:  # read-only: still there
            return meta_path.is_file()
        return True

    # Measured loudness ---------------------------------------------------------------------
    # A levelled stem's measured loudness, kept so that a render in a new process (the CLI
    # after an edit) does not measure again every stem an earlier render measured. Keyed by
    # the Loudness node's key (what was measured); a few bytes each.
    def level(self, key: str) -> float | None:
        """The loudness (LUFS) recorded for `key`, or None."""
        path = self._level_path(key)
        try:
            value = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        with contextlib.suppress(OSError):
            os.utime(path)  # its last use, for `prune`
        return float(value) if isinstance(value, (int, float)) else None

    def put_level(self, key: str, measured_lufs: float) -> None:
        """Record a measured loudness (silently skipped when the cache cannot be written)."""
        if self.fault is not None:
            return
        path = self._level_path(key)
        with contextlib.suppress(OSError):
            path.parent.mkdir(parents=True, exist_ok=True)
            _atomic_write(path, lambda f: f.write(json.dumps(measured_lufs).encode()))

    def _level_path(self, key: str) -> Path:
        name = hashlib.sha256(f"{LEVELS_VERSION}:{key}".encode()).hexdigest()
        return self.directory / LEVELS_FOLDER / name[:2] / f"{name}.json"

    # Size management ---------------------------------------------------------------------
    def usage(self) -> CacheUsage:
        """The clips held now and their size."""
        return _usage_of(self._entries())

    def clear(self) -> CacheUsage:
        """Delete every clip (and stale temporary files); returns what was removed."""
        entries = self._entries()
        for entry in entries:
            _unlink(entry.paths)
        self._remove_levels(used_before=math.inf)
        self._remove_stale_temporaries(max_age_s=0)
        return _usage_of(entries)

    def prune(self, max_bytes: int) -> CacheUsage:
        """Delete least recently used clips until the cache holds at most `max_bytes`.

        Args:
            max_bytes: the size to fit in (0 empties it).

        Returns:
            What was removed.
        """
        self._remove_stale_temporaries(max_age_s=STALE_TEMP_AGE_S)
        entries = sorted(self._entries(), key=lambda e: e.used)
        total = sum(e.size_bytes for e in entries)
        removed = []
        for entry in entries:
            if total <= max_bytes:
                break
            _unlink(entry.paths)
            total -= entry.size_bytes
            removed.append(entry)
        # Loudness records go with the clips: those last used before every clip kept.
        kept = entries[len(removed):]
        self._remove_levels(used_before=kept[0].used if kept else math.inf)
        return _usage_of(removed)

    def _remove_levels(self, used_before: float) -> None:
        for path in (self.directory / LEVELS_FOLDER).glob("*/*.json"):
            with contextlib.suppress(OSError):
                if path.stat().st_mtime < used_before:
                    path.unlink()

    def _entries(self) -> list[_Entry]:
        """Every whole clip: an entry exists once its metadata is written (written last)."""
        entries = []
        for meta_path in (self.directory / CLIPS_FOLDER).glob("*/*.json"):
            audio_path = meta_path.with_suffix(".npy")
            try:
                meta_stat = meta_path.stat()
                audio_bytes = audio_path.stat().st_size if audio_path.exists() else 0
            except OSError:  # removed by another process meanwhile
                continue
            entries.append(_Entry(meta_stat.st_mtime, meta_stat.st_size + audio_bytes,
                                  (meta_path, audio_path)))
        return entries

    def _remove_stale_temporaries(self, max_age_s: float) -> None:
        now = time.time()
        for tmp in (self.directory / CLIPS_FOLDER).glob("*/.tmp-*"):
            try:
                if now - tmp.stat().st_mtime >= max_age_s:
                    tmp.unlink()
            except OSError:
                continue

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


def parse_size(text: str) -> int:
    """``"2G"``, ``"500MB"``, ``"1.5GiB"``, ``"0"`` → bytes (binary multiples: 1K = 1024).

    Raises:
        ValueError: not a size.
    """
    cleaned = text.strip().lower().replace(" ", "").removesuffix("ib").removesuffix("b")
    scale = 1
    if cleaned and cleaned[-1] in _SIZE_UNITS:
        scale, cleaned = _SIZE_UNITS[cleaned[-1]], cleaned[:-1]
    try:
        value = float(cleaned)
    except ValueError:
        raise ValueError(f"not a size: {text!r}; write e.g. 500M, 2G or 2GiB") from None
    if value < 0:
        raise ValueError(f"a size cannot be negative: {text!r}")
    return int(value * scale)


def format_size(size_bytes: int) -> str:
    """Bytes for people: ``157.2 MiB``."""
    value = float(size_bytes)
    for unit in ("B", "KiB", "MiB", "GiB"):
        if value < 1024 or unit == "GiB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    raise AssertionError("unreachable")  # pragma: no cover


_SIZE_UNITS = {"k": 2**10, "m": 2**20, "g": 2**30, "t": 2**40}


def _usage_of(entries: list[_Entry]) -> CacheUsage:
    return CacheUsage(len(entries), sum(e.size_bytes for e in entries),
                      min((e.used for e in entries), default=None))


def _unlink(paths: tuple[Path, ...]) -> None:
    for path in paths:  # metadata first: a clip without it no longer counts
        path.unlink(missing_ok=True)


def _atomic_write(path: Path, write) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as f:
            write(f)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise

"""What every neural tool shares: the install check, the ``model`` option and the model slot.

A neural tool names the packages it imports, the extra that installs them, its default
checkpoint (a hub id) and the files a local checkpoint folder holds. The ``model`` option takes
a hub id (resolved through the library's own cache, so ``HF_HOME`` / ``TTS_HOME`` apply) or a
local folder (used with no network). Weights load in `load` through the library's own loader
and stay in one slot until `close`.
"""

from __future__ import annotations

import hashlib
import importlib.util
import sys
import threading
from pathlib import Path
from typing import Any, ClassVar

from wavjourney.exceptions import ToolError, ToolUnavailable
from wavjourney.tools.base import Tool

HASH_CHUNK_BYTES = 1 << 20
DOWNLOAD_HINT = "wavjourney download {name}"

# Local checkpoint folder -> (size and mtime of its files, content digest): hashing a
# multi-gigabyte checkpoint once per process is enough unless a file changes.
_DIGESTS: dict[str, tuple[tuple[tuple[str, int, int], ...], str]] = {}
_DIGESTS_LOCK = threading.Lock()


def missing_packages(names: tuple[str, ...]) -> list[str]:
    """The import names in `names` that cannot be imported, without importing anything.

    A ``None`` entry in `sys.modules` blocks an import (Python's own convention), so it
    counts as missing too.
    """
    missing = []
    for name in names:
        if name in sys.modules:
            if sys.modules[name] is None:
                missing.append(name)
            continue
        try:
            found = importlib.util.find_spec(name) is not None
        except (ImportError, ValueError):
            found = False
        if not found:
            missing.append(name)
    return missing


def folder_digest(folder: Path, files: tuple[str, ...] | None = None) -> str:
    """A sha256 over the names and bytes of a checkpoint folder's files (or just `files`),
    cached per process while the files' sizes and times stay the same."""
    paths = sorted(folder / f for f in files) if files else sorted(
        p for p in folder.rglob("*") if p.is_file())
    stamp = tuple((p.relative_to(folder).as_posix(), p.stat().st_size, p.stat().st_mtime_ns)
                  for p in paths)
    key = str(folder.resolve())
    with _DIGESTS_LOCK:
        known = _DIGESTS.get(key)
        if known is not None and known[0] == stamp:
            return known[1]
    digest = hashlib.sha256()
    for path, (name, _, _) in zip(paths, stamp):
        digest.update(name.encode() + b"\0")
        with path.open("rb") as handle:
            while chunk := handle.read(HASH_CHUNK_BYTES):
                digest.update(chunk)
    with _DIGESTS_LOCK:
        _DIGESTS[key] = (stamp, digest.hexdigest())
    return digest.hexdigest()


def looks_like_path(model: str) -> bool:
    """Whether a ``model`` option names a local folder rather than a hub id."""
    return model.startswith((".", "/", "~", "\\")) or Path(model).expanduser().exists()


class NeuralTool(Tool):
    """Base of the neural tools. Subclasses set the class variables below and implement
    `_load_model`, `_cached` (is a hub checkpoint downloaded?) and `generate_batch`.

    Args:
        model: a hub id (default `default_model`) or a local checkpoint folder.
    """

    #: import names the tool needs (the library and what it imports at import time).
    packages: ClassVar[tuple[str, ...]] = ()
    #: the default checkpoint: a hub id the library resolves through its cache.
    default_model: ClassVar[str] = ""
    #: files a local checkpoint folder must hold.
    checkpoint_files: ClassVar[tuple[str, ...]] = ()
    options_schema: ClassVar[dict[str, str]] = {
        "model": "hub id or local checkpoint folder",
    }

    def __init__(self, **options: Any):
        super().__init__(**options)
        self.model: Any = None
        self._lock = threading.RLock()
        #: one entry per library call, for report.json and tests (windows, latents, ...).
        self.call_log: list[dict[str, Any]] = []

    # What it is ---------------------------------------------------------------------------
    @classmethod
    def installed(cls) -> None:
        missing = missing_packages(cls.packages)
        if missing:
            raise ToolUnavailable(f"tool {cls.info.name!r} needs {', '.join(missing)}: "
                                  f"{cls.info.install}", tool=cls.info.name)

    @property
    def model_ref(self) -> str:
        """The ``model`` option: a hub id or a local folder."""
        return str(self.options.get("model") or self.default_model)

    def local_folder(self) -> Path | None:
        """The local checkpoint folder, if ``model`` names one."""
        ref = self.model_ref
        return Path(ref).expanduser() if looks_like_path(ref) else None

    def available(self) -> None:
        self.installed()
        name = self.info.name
        folder = self.local_folder()
        if folder is None:
            if not self._cached(self.model_ref):
                raise ToolUnavailable(
                    f"tool {name!r}: model {self.model_ref!r} is not downloaded (the "
                    f"library's cache respects HF_HOME / TTS_HOME); run "
                    f"`{DOWNLOAD_HINT.format(name=name)}` where the hub is reachable, or set "
                    f"--tool-option {name}.model=DIR", tool=name)
            return
        missing = [f for f in self.checkpoint_files if not (folder / f).is_file()]
        if not folder.is_dir() or missing:
            what = "does not exist" if not folder.is_dir() else f"lacks {', '.join(missing)}"
            raise ToolUnavailable(
                f"tool {name!r}: model folder {str(folder)!r} {what}; set "
                f"--tool-option {name}.model=DIR (or model in [tools.{name}] of config.toml)",
                tool=name)

    def cache_identity(self) -> dict[str, Any]:
        identity = super().cache_identity()
        folder = self.local_folder()
        if folder is not None and folder.is_dir():
            # A local checkpoint counts by content: retrained weights in the same folder
            # regenerate, a moved folder still hits the cache.
            files = self.checkpoint_files or None
            identity["options"]["model"] = "sha256:" + folder_digest(folder, files)
        else:
            identity["options"]["model"] = self.model_ref
        return identity

    # Lifecycle ----------------------------------------------------------------------------
    def load(self, device: str = "cpu") -> None:
        with self._lock:
            self.installed()
            if self.model is not None and self.device == device:
                return
            self.model = None
            try:
                self.model = self._load_model(self._source(), device)
            except ToolUnavailable:
                raise
            except Exception as exc:
                raise ToolError(f"cannot load {self.model_ref!r}: {type(exc).__name__}: {exc}",
                                tool=self.info.name) from exc
            self.device = device

    def close(self) -> None:
        with self._lock:
            on_cuda = (self.device or "").startswith("cuda")
            self.model = None
            self.device = None
        if on_cuda:
            import torch

            torch.cuda.empty_cache()

    def loaded_model(self) -> Any:
        """The model, loaded on the CPU first if nobody chose a device."""
        if self.model is None:
            self.load(self.device or "cpu")
        return self.model

    def download(self) -> str:
        """Fetch the default (or configured hub) checkpoint into the library's cache and
        return where it is. Needs the hub; never called by renders or tests."""
        raise NotImplementedError

    # For subclasses -----------------------------------------------------------------------
    def _source(self) -> str:
        folder = self.local_folder()
        return str(folder) if folder is not None else self.model_ref

    def _load_model(self, source: str, device: str) -> Any:
        """Load `source` (a hub id or a folder) through the library's loader onto `device`."""
        raise NotImplementedError

    def _cached(self, model_id: str) -> bool:
        """Whether hub checkpoint `model_id` is in the library's local cache (no network)."""
        raise NotImplementedError

    def _log(self, **entry: Any) -> None:
        self.call_log.append(entry)


def hf_cached(repo_id: str, filename: str, cache_dir: str | None = None) -> bool:
    """Whether `filename` of hub repo `repo_id` is in the Hugging Face cache (no network)."""
    from huggingface_hub import try_to_load_from_cache

    found = try_to_load_from_cache(repo_id, filename, cache_dir=cache_dir)
    return isinstance(found, str)

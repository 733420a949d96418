"""Content-addressed clip cache on disk.

The key is a hash of the tool's identity (name, version, the options that change its output)
and the request's content (its seed included; recordings by their content hash, never their
path), so an unchanged element is never generated twice, across runs and across scripts.
Entries are written atomically, so an interrupted render leaves only whole clips behind and a
re-run resumes from them.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

import numpy as np

from wavjourney.tools.base import GeneratedClip, GenerationRequest

CACHE_FORMAT_VERSION = 2


def tool_identity_json(identity: dict) -> str:
    """A tool's `cache_identity()` as the canonical text that Generate nodes carry."""
    return json.dumps(identity, sort_keys=True, default=str)


def cache_key(tool_identity: str, request: GenerationRequest) -> str:
    """The cache key of `request` made by the tool whose identity is `tool_identity`."""
    payload = json.dumps({"format": CACHE_FORMAT_VERSION, "tool": tool_identity,
                          "request": request.cache_identity()}, sort_keys=True)
    return hashlib.sha256(payload.encode()).hexdigest()


class ClipCache:
    """Stores generated clips as ``<key>.npy`` + ``<key>.json`` under `directory`."""

    def __init__(self, directory: str | Path):
        self.directory = Path(directory)

    def _paths(self, key: str) -> tuple[Path, Path]:
        folder = self.directory / "clips" / key[:2]
        return folder / f"{key}.npy", folder / f"{key}.json"

    def get(self, key: str) -> GeneratedClip | None:
        audio_path, meta_path = self._paths(key)
        try:
            meta = json.loads(meta_path.read_text())
            audio = np.load(audio_path, allow_pickle=False)
        except (OSError, ValueError):
            return None
        return GeneratedClip(audio, int(meta["sample_rate_hz"]), meta.get("info", {}))

    def put(self, key: str, clip: GeneratedClip) -> None:
        audio_path, meta_path = self._paths(key)
        audio_path.parent.mkdir(parents=True, exist_ok=True)
        _atomic_write(audio_path, lambda f: np.save(f, clip.numpy(), allow_pickle=False))
        meta = {"sample_rate_hz": clip.sample_rate_hz, "info": clip.info}
        # The metadata goes last: an entry counts only once both files are whole.
        _atomic_write(meta_path, lambda f: f.write(json.dumps(meta, default=str).encode()))


def _atomic_write(path: Path, write) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as f:
            write(f)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise

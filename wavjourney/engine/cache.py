"""Content-addressed clip cache on disk.

The key is a hash of the tool's name and version and the normalised generation request
(which includes the seed), so an unchanged element is never generated twice, across runs
and across scripts. Entries are written atomically, so an interrupted render leaves only
whole clips behind and a re-run resumes from them.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import tempfile
from pathlib import Path

import numpy as np

from wavjourney.tools.base import GeneratedClip, GenerationRequest

CACHE_FORMAT_VERSION = 1


def cache_key(tool: str, tool_version: str, request: GenerationRequest) -> str:
    params = dataclasses.asdict(request)
    for name in ("text", "description"):
        params[name] = " ".join(params[name].split())  # whitespace never changes the audio
    payload = json.dumps({"format": CACHE_FORMAT_VERSION, "tool": tool,
                          "version": tool_version, "request": params}, sort_keys=True)
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
        _atomic_write(audio_path, lambda f: np.save(f, clip.audio, allow_pickle=False))
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

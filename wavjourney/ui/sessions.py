"""Per-visitor folders of the web app: random, unguessable names under one work folder, and
clean-up of folders nobody has used for a while. No gradio here.

Layout::

    <workdir>/sessions/<token>/          one browser session (token: 32 url-safe characters)
        .last-used                       touched on every request; its mtime is the age
        renders/r001/ ...                 render bundles (mix.wav, stems/, timeline.json, ...)
        renders/r001.zip                 the bundle as one download
        previews/                        voice previews
        voices/                          the visitor's custom voices
"""

from __future__ import annotations

import re
import secrets
import shutil
import threading
import time
from pathlib import Path

SESSIONS_DIR = "sessions"
LAST_USED_FILE = ".last-used"
TOKEN_BYTES = 24  # 32 url-safe characters: not guessable, not enumerable
DEFAULT_MAX_AGE_H = 24.0
CLEANUP_INTERVAL_S = 600.0
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{32}$")


class SessionStore:
    """Creates per-visitor folders and removes stale ones.

    Args:
        workdir: the app's work folder (the only folder the app serves files from).
        max_age_h: a session folder unused for longer than this is deleted.
        cleanup_interval_s: at most one clean-up pass per interval (passes run when sessions
            are created, so an idle server does no work).
    """

    def __init__(self, workdir: str | Path, *, max_age_h: float = DEFAULT_MAX_AGE_H,
                 cleanup_interval_s: float = CLEANUP_INTERVAL_S):
        self.workdir = Path(workdir).expanduser().resolve()
        self.root = self.workdir / SESSIONS_DIR
        self.max_age_h = max_age_h
        self.cleanup_interval_s = cleanup_interval_s
        self._lock = threading.Lock()
        self._last_cleanup = 0.0

    def new(self) -> Path:
        """A fresh, empty session folder with a random name."""
        self.maybe_cleanup()
        self.root.mkdir(parents=True, exist_ok=True)
        while True:
            folder = self.root / secrets.token_urlsafe(TOKEN_BYTES)
            try:
                folder.mkdir(mode=0o700)
            except FileExistsError:  # pragma: no cover  (2**192 tokens)
                continue
            touch(folder)
            return folder

    def contains(self, path: str | Path, session_dir: str | Path) -> bool:
        """Whether `path` lies inside `session_dir`, which lies inside this store."""
        session = Path(session_dir).resolve()
        target = Path(path).resolve()
        return session.parent == self.root and target.is_relative_to(session)

    def maybe_cleanup(self) -> list[Path]:
        """Run `cleanup` if the last pass was more than `cleanup_interval_s` ago."""
        now = time.monotonic()
        with self._lock:
            if self._last_cleanup and now - self._last_cleanup < self.cleanup_interval_s:
                return []
            self._last_cleanup = now
        return self.cleanup()

    def cleanup(self, *, now_unix_s: float | None = None) -> list[Path]:
        """Delete session folders unused for more than `max_age_h`; returns what was removed."""
        if not self.root.is_dir():
            return []
        now = time.time() if now_unix_s is None else now_unix_s
        limit_s = self.max_age_h * 3600.0
        removed = []
        for folder in self.root.iterdir():
            if not folder.is_dir() or folder.is_symlink() or not _TOKEN.match(folder.name):
                continue
            if now - last_used(folder) > limit_s:
                shutil.rmtree(folder, ignore_errors=True)
                removed.append(folder)
        return removed


def touch(folder: Path) -> None:
    """Mark a session folder as used now."""
    try:
        (folder / LAST_USED_FILE).touch()
    except OSError:
        pass  # the folder was cleaned up under us; the next request recreates what it needs


def last_used(folder: Path) -> float:
    """When a session folder was last used (unix seconds)."""
    try:
        return (folder / LAST_USED_FILE).stat().st_mtime
    except OSError:
        try:
            return folder.stat().st_mtime
        except OSError:
            return 0.0

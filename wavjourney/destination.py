"""Where a render's files go, and the rules that keep a user's own files safe.

A render writes into a hidden staging folder next to its target (same filesystem, so
publishing is a rename) and publishes only when everything succeeded. The rules:

- WavJourney never deletes or overwrites a file it did not write. A bundle folder records
  what it wrote in ``.wavjourney-files.json``; a re-render replaces those files (and removes
  the ones the new bundle no longer has) and leaves every other file alone.
- A folder holding other files, and an existing ``-o`` file, are refused by the CLI unless
  ``--force`` is given (`check_destination`).
- A killed render's staging folder is swept at the start of the next render to the same
  target: each live staging folder holds an advisory lock, which dies with its process.

This module imports only the standard library, so the CLI can check a destination before it
imports numpy or torch.
"""

from __future__ import annotations

import contextlib
import ctypes
import fcntl
import functools
import json
import os
import shutil
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from wavjourney.exceptions import DestinationError

MANIFEST_FILE = ".wavjourney-files.json"
AUDIO_SUFFIXES = (".wav", ".flac", ".mp3", ".ogg")
_LOCK_FILE = ".lock"
_PARTIAL = ".partial-"
# Open lock files of the staging folders this process is using (path → file descriptor).
_held: dict[Path, int] = {}
_held_lock = threading.Lock()


STDOUT_NAME = "-"  # `-o -`: the mix goes to standard output


def check_destination(out_dir: str | Path | None, out_file: str | Path | None, *,
                      force: bool = False) -> None:
    """Refuse a destination where a render would touch files WavJourney did not write.

    Args:
        out_dir: the bundle folder (``--out``).
        out_file: the mix file (``-o``).
        force: allow rendering into a folder holding other files (they are kept) and
            overwriting an existing mix file.

    Raises:
        DestinationError: with a one-line message that says what to do instead.
    """
    if out_dir is None and out_file is None:
        raise DestinationError("say where to write: --out DIR for the bundle, or -o FILE for "
                               "just the mix")
    if out_file is not None and str(out_file) != STDOUT_NAME:
        out_file = Path(out_file)
        if out_file.suffix.lower() not in AUDIO_SUFFIXES:
            raise DestinationError(f"-o takes a {', '.join(AUDIO_SUFFIXES)} file, or - for "
                                   f"stdout; got {out_file.name!r}")
        if out_file.is_dir():
            raise DestinationError(f"{out_file} is a folder; -o takes a file (use --out for a "
                                   "bundle folder)")
        if out_file.exists() and not force:
            raise DestinationError(f"{out_file} exists; pass --force to overwrite it")
    if out_dir is not None:
        out_dir = Path(out_dir)
        if out_dir.suffix.lower() in AUDIO_SUFFIXES and not out_dir.is_dir():
            raise DestinationError(f"--out takes a folder for the whole bundle; to write just "
                                   f"the mix use -o {out_dir}")
        if out_dir.exists() and not out_dir.is_dir():
            raise DestinationError(f"{out_dir} is a file; --out takes a folder")
        others = foreign_files(out_dir)
        if others and not force:
            raise DestinationError(
                f"{out_dir} holds files WavJourney did not write (e.g. {others[0]}); choose an "
                "empty folder, or pass --force to render into it (those files are kept)")


def foreign_files(folder: Path) -> list[str]:
    """Files under `folder` (relative paths, sorted) that no earlier render wrote there."""
    if not folder.is_dir():
        return []
    ours = _manifest(folder) | {MANIFEST_FILE}
    found = []
    for path in folder.rglob("*"):
        relative = path.relative_to(folder).as_posix()
        if relative.split("/")[0].startswith(f".{folder.name}{_PARTIAL}"):
            continue
        if (path.is_file() or path.is_symlink()) and relative not in ours:
            found.append(relative)
    return sorted(found)


def inside(folder: Path, relative: str | Path) -> Path:
    """``folder / relative``, refusing any path that would leave `folder`.

    Raises:
        DestinationError: `relative` is absolute, climbs out with ``..``, or resolves
            outside `folder` through a link.
    """
    relative = Path(relative)
    root = folder.resolve()
    target = (root / relative).resolve()
    if relative.is_absolute() or ".." in relative.parts or not target.is_relative_to(root):
        raise DestinationError(f"refusing to write {str(relative)[:80]!r}: the path leaves the "
                               "output folder")
    return target


def write_text_atomically(path: Path, text: str) -> None:
    """Write a text file whole or not at all: a temporary file next to it, then a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def staging_dir(out_dir: str | Path | None, out_file: str | Path | None) -> Path | None:
    """A fresh, locked staging folder next to the target, after sweeping the staging
    folders that killed renders left for the same target. None when there is no target."""
    target = out_dir if out_dir is not None else out_file
    if target is None:
        return None
    target = Path(target)
    parent = target.resolve().parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        sweep_stale(parent, target.name)
        # Same filesystem as the target, so publishing is a rename.
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}{_PARTIAL}", dir=parent))
        fd = os.open(staging / _LOCK_FILE, os.O_CREAT | os.O_RDWR, 0o600)
    except OSError as exc:
        raise DestinationError(f"cannot write next to {target}: {exc.strerror}") from None
    fcntl.flock(fd, fcntl.LOCK_EX)
    with _held_lock:
        _held[staging] = fd
    return staging


def sweep_stale(parent: Path, name: str) -> list[Path]:
    """Remove the ``.<name>.partial-*`` folders under `parent` whose render is dead (no
    process holds their lock). Returns what was removed."""
    removed = []
    for candidate in parent.glob(f".{name}{_PARTIAL}*"):
        if not candidate.is_dir() or candidate in _held:
            continue
        lock = candidate / _LOCK_FILE
        try:
            fd = os.open(lock, os.O_RDWR)
        except FileNotFoundError:
            fd = None  # staging created by an older WavJourney, or before its lock: stale
        except OSError:
            continue
        if fd is not None:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                os.close(fd)
                continue  # a live render holds it
        shutil.rmtree(candidate, ignore_errors=True)
        if fd is not None:
            os.close(fd)
        removed.append(candidate)
    return removed


def discard(staging: Path | None) -> None:
    """Remove a staging folder and release its lock (after a failure or a publish)."""
    if staging is None:
        return
    if staging.exists():
        shutil.rmtree(staging, ignore_errors=True)
    _release(staging)


def publish_file(staging: Path, name: str, target: str | Path) -> Path:
    """Move the staged file `name` to `target` (an atomic rename on the same filesystem)."""
    target = Path(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(staging / name, target)
    except OSError as exc:
        raise DestinationError(f"cannot write {target}: {exc.strerror}") from None
    return target


def publish_dir(staging: Path, target: str | Path, *, keys: dict[str, str] | None = None,
                starts: dict[str, Start] | None = None,
                kept: list[str] | tuple[str, ...] = ()) -> Path:
    """Move a finished bundle into place.

    A new folder is one rename. Into an existing folder, each file is replaced on its own
    (atomically), files an earlier render wrote and this one did not are removed, and every
    other file is left as it was. Two renders publishing to the same new folder at once
    both succeed (the second merges).

    Args:
        keys: content key of staged files (recorded, so a later render can keep them).
        starts: for a staged file whose start a later render may keep when the rest
            changes (a looped bed's stem), that start.
        kept: files of the target's last bundle that this bundle keeps as they are (they
            were found unchanged by `reusable_files` and not staged again).
    """
    target = Path(target).resolve()
    _release(staging)
    (staging / _LOCK_FILE).unlink(missing_ok=True)
    staged = sorted(p.relative_to(staging).as_posix() for p in staging.rglob("*") if p.is_file())
    old_entries = _manifest_entries(target)
    entries = {f: _entry(staging / f, (keys or {}).get(f, ""), (starts or {}).get(f))
               for f in staged}
    for relative in kept:
        if not (target / relative).is_file():
            raise DestinationError(f"{relative} disappeared from {target} during the render; "
                                   "render again")
        entries[relative] = old_entries.get(relative, {})
    _write_manifest(staging, entries)
    retired: Path | None = None
    try:
        if not target.exists():
            try:
                staging.rename(target)
                return target
            except OSError:
                if not target.is_dir():  # not the race with another publisher: a real fault
                    raise
        # Replaced and removed files go to a folder that a background thread deletes:
        # freeing a gigabyte-sized mix's blocks takes the file system most of a second,
        # which a re-render need not wait for.
        retired = Path(tempfile.mkdtemp(prefix=f".{target.name}{_PARTIAL}", dir=target.parent))
        for number, relative in enumerate(staged + [MANIFEST_FILE]):
            destination = inside(target, relative)
            destination.parent.mkdir(parents=True, exist_ok=True)
            replace(staging / relative, destination, retired / str(number))
        for number, relative in enumerate(sorted(set(old_entries) - set(entries))):
            with contextlib.suppress(OSError, DestinationError):
                stale = inside(target, relative)
                if stale.is_file():
                    os.replace(stale, retired / f"removed-{number}")
    except OSError as exc:
        raise DestinationError(f"cannot write the bundle to {target}: {exc.strerror}") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        if retired is not None:
            _remove_later(retired)
    return target


def replace(new: Path, destination: Path, old_to: Path) -> None:
    """Move `new` to `destination` in one atomic step; a file it replaces moves to `old_to`.

    On Linux the two are exchanged (renameat2 with RENAME_EXCHANGE). A plain rename over an
    existing file makes ext4 allocate the new file's blocks and start writing it out first
    (its auto_da_alloc rule), a quarter of a second per gigabyte; a new file published by
    an exchange is as safe as one published into a new folder. Elsewhere: `os.replace`.
    """
    if destination.is_file() and not destination.is_symlink() and _exchange(new, destination):
        os.replace(new, old_to)
    else:
        os.replace(new, destination)


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


@functools.lru_cache(maxsize=1)
def _renameat2() -> Any:
    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):  # not glibc 2.28+ on Linux
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p,
                         ctypes.c_uint]
    return function


def _exchange(a: Path, b: Path) -> bool:
    """Swap the files at `a` and `b` atomically; False (nothing done) where `b` does not
    exist or the system cannot swap."""
    function = _renameat2()
    if function is None:
        return False
    return function(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b),
                    _RENAME_EXCHANGE) == 0


def _remove_later(folder: Path) -> None:
    """Remove `folder` in a background thread. Not a daemon: the interpreter finishes it
    before exiting; if the process is killed, the next render to the same target sweeps the
    folder (`sweep_stale`)."""
    threading.Thread(target=shutil.rmtree, args=(folder,), kwargs={"ignore_errors": True},
                     name="wavjourney-remove").start()


@dataclass(frozen=True)
class Start:
    """The first `frames` of a file, named by `key`: what a re-render may keep of a file
    whose whole content changed (a looped bed's stem that an edit stretched)."""

    key: str
    frames: int


@dataclass(frozen=True)
class Reusable:
    """What a bundle folder holds that a render wrote and nobody has changed since.

    Args:
        files: (path, content key) of those files.
        starts: path -> the known start of such a file.
    """

    files: frozenset[tuple[str, str]] = frozenset()
    starts: tuple[tuple[str, Start], ...] = ()

    def start_frames(self, path: str, key: str) -> int:
        """How many frames at the start of `path` are the start named `key` (0: none)."""
        return next((s.frames for p, s in self.starts if p == path and s.key == key), 0)


def reusable_files(folder: str | Path | None) -> Reusable:
    """The files in `folder` that a render wrote with a known key and that nobody has
    changed since (same size and modification time)."""
    if folder is None or not Path(folder).is_dir():
        return Reusable()
    files, starts = set(), []
    for relative, entry in _manifest_entries(Path(folder)).items():
        key = entry.get("key")
        if not key:
            continue
        with contextlib.suppress(OSError, DestinationError, TypeError, KeyError, ValueError):
            stat = inside(Path(folder), relative).stat()
            if [stat.st_size, stat.st_mtime_ns] == [entry.get("size"), entry.get("mtime_ns")]:
                files.add((relative, key))
                if isinstance(entry.get("start"), dict):
                    starts.append((relative, Start(str(entry["start"]["key"]),
                                                   int(entry["start"]["frames"]))))
    return Reusable(frozenset(files), tuple(starts))


def _entry(path: Path, key: str, start: Start | None) -> dict:
    if not key:
        return {}
    stat = path.stat()
    entry = {"key": key, "size": stat.st_size, "mtime_ns": stat.st_mtime_ns}
    return entry | ({"start": {"key": start.key, "frames": start.frames}} if start else {})


def bundle_files(folder: Path) -> list[Path]:
    """The files the last render published in `folder` (not the user's own files, nor its
    hidden bookkeeping)."""
    return [folder / f for f in sorted(_manifest(folder))
            if not f.startswith(".") and (folder / f).is_file()]


def _manifest(folder: Path) -> set[str]:
    """The files an earlier render wrote in `folder` (empty when unknown or damaged)."""
    return set(_manifest_entries(folder))


def _manifest_entries(folder: Path) -> dict[str, dict]:
    """File -> what the manifest says of it (its content key, size and modification time,
    when known), for the files an earlier render wrote in `folder`."""
    try:
        data = json.loads((folder / MANIFEST_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    files = data.get("files") if isinstance(data, dict) else None
    if not isinstance(files, list):
        return {}
    keys = data.get("keys")
    keys = keys if isinstance(keys, dict) else {}
    return {f: keys[f] if isinstance(keys.get(f), dict) else {} for f in files
            if isinstance(f, str) and ".." not in Path(f).parts and not Path(f).is_absolute()}


def _write_manifest(folder: Path, entries: dict[str, dict]) -> None:
    data = {"files": sorted(entries), "keys": {f: e for f, e in sorted(entries.items()) if e}}
    (folder / MANIFEST_FILE).write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")


def _release(staging: Path) -> None:
    with _held_lock:
        fd = _held.pop(staging, None)
    if fd is not None:
        os.close(fd)

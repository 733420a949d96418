"""Commands: cache info, cache clear, cache prune (the clip cache on disk)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from wavjourney.cli.app import app, fail, friendly_errors
from wavjourney.cli.render_commands import CacheOption
from wavjourney.constants import DEFAULT_MAX_CACHE_BYTES

if TYPE_CHECKING:
    from wavjourney.engine.cache import ClipCache

# The cap applied after every render; a size such as 500M or 5G, or "none" for no cap.
MAX_SIZE_ENV = "WAVJOURNEY_CACHE_MAX_SIZE"
UNBOUNDED = ("none", "unlimited", "off")

cache_app = typer.Typer(
    name="cache", no_args_is_help=True, rich_markup_mode=None,
    help="Show, prune or clear the clip cache (every generated clip, reused by later renders). "
    f"After each render it is pruned to {DEFAULT_MAX_CACHE_BYTES // 2**30} GiB, least recently "
    f"used clips first; ${MAX_SIZE_ENV} changes that (e.g. 500M, 10G, none).")
app.add_typer(cache_app)


def cache_cap(environ: dict[str, str] | None = None) -> int | None:
    """The cap from ``$WAVJOURNEY_CACHE_MAX_SIZE`` (None: no cap), else the default."""
    from wavjourney.engine.cache import parse_size

    text = (os.environ if environ is None else environ).get(MAX_SIZE_ENV, "").strip()
    if not text:
        return DEFAULT_MAX_CACHE_BYTES
    if text.lower() in UNBOUNDED:
        return None
    try:
        return parse_size(text)
    except ValueError as exc:
        fail(f"${MAX_SIZE_ENV}: {exc}")
        raise  # pragma: no cover  (fail exits)


def _cache(cache_dir: Path | None) -> ClipCache:
    from wavjourney.api import default_cache_dir
    from wavjourney.engine.cache import ClipCache

    return ClipCache(cache_dir or default_cache_dir())


@cache_app.command("info")
@friendly_errors
def info(cache_dir: Path | None = CacheOption) -> None:
    """Where the cache is, how many clips it holds and how big it is."""
    import time

    from wavjourney.engine.cache import format_size

    cache = _cache(cache_dir)
    usage = cache.usage()
    cap = cache_cap()
    typer.echo(f"cache:    {cache.directory}")
    typer.echo(f"clips:    {usage.clips} ({format_size(usage.size_bytes)})")
    typer.echo("cap:      " + (f"{format_size(cap)} (pruned after each render, least recently "
                               "used first)" if cap is not None else f"none (${MAX_SIZE_ENV})"))
    if usage.oldest_used is not None:
        typer.echo("oldest:   last used "
                   + time.strftime("%Y-%m-%d %H:%M", time.localtime(usage.oldest_used)))


@cache_app.command("clear")
@friendly_errors
def clear(cache_dir: Path | None = CacheOption) -> None:
    """Delete every cached clip (the next render generates everything again)."""
    from wavjourney.engine.cache import format_size

    cache = _cache(cache_dir)
    removed = cache.clear()
    typer.echo(f"removed {removed.clips} clips ({format_size(removed.size_bytes)}) from "
               f"{cache.directory}")


@cache_app.command("prune")
@friendly_errors
def prune(
    max_size: str | None = typer.Option(None, "--max-size", help="Shrink the cache to this "
                                        "size, e.g. 500M or 1G (default: the cap, "
                                        f"${MAX_SIZE_ENV} or 2 GiB)."),
    cache_dir: Path | None = CacheOption,
) -> None:
    """Delete the least recently used clips until the cache fits a size."""
    from wavjourney.engine.cache import format_size, parse_size

    if max_size is None:
        limit = cache_cap()
        if limit is None:
            fail(f"no cap to prune to (${MAX_SIZE_ENV} is none): give --max-size")
    else:
        try:
            limit = parse_size(max_size)
        except ValueError as exc:
            fail(f"--max-size: {exc}")
    assert limit is not None
    cache = _cache(cache_dir)
    removed = cache.prune(limit)
    left = cache.usage()
    typer.echo(f"removed {removed.clips} clips ({format_size(removed.size_bytes)}); "
               f"{left.clips} left ({format_size(left.size_bytes)}, at most "
               f"{format_size(limit)})")

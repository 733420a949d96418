"""The clip cache is bounded and manageable: least-recently-used pruning (after every render,
2 GiB by default) and ``wavjourney cache info|clear|prune``."""

from __future__ import annotations

import os
import time

import numpy as np
import pytest
from typer.testing import CliRunner

from tests.conftest import TEST_TOOLS, write_json
from wavjourney import Studio
from wavjourney.cli import app
from wavjourney.constants import DEFAULT_MAX_CACHE_BYTES
from wavjourney.engine.cache import ClipCache, format_size, parse_size
from wavjourney.tools.base import GeneratedClip

runner = CliRunner()
CLIP_SAMPLES = 25_000  # 100 kB of float32 per clip
DAY_S = 86_400
SCRIPT = {"characters": [{"name": "A"}], "elements": [
    {"type": "speech", "id": "hi", "character": "A", "text": "Hello there."},
    {"type": "sound_effect", "id": "knock", "description": "a knock", "duration_s": 1.0}]}


def fill(cache: ClipCache, count: int) -> list[str]:
    """`count` clips, the first used longest ago (one day apart)."""
    keys = [f"{n:02d}" + "ab" * 31 for n in range(count)]
    now = time.time()
    for age_days, key in zip(range(count, 0, -1), keys):
        cache.put(key, GeneratedClip(np.zeros(CLIP_SAMPLES, np.float32), 16_000, {}))
        _, meta = cache._paths(key)
        os.utime(meta, (now - age_days * DAY_S, now - age_days * DAY_S))
    return keys


def clip_bytes(cache: ClipCache) -> int:
    return cache.usage().size_bytes // cache.usage().clips


def test_prune_removes_the_least_recently_used_first(tmp_path):
    cache = ClipCache(tmp_path)
    keys = fill(cache, 5)
    assert cache.get(keys[0]) is not None  # reading the oldest makes it the newest
    size = clip_bytes(cache)
    removed = cache.prune(3 * size)
    assert removed.clips == 2
    kept = [k for k in keys if cache.get(k) is not None]
    assert kept == [keys[0], keys[3], keys[4]]
    assert cache.usage().size_bytes <= 3 * size


def test_loudness_records_go_with_the_clips_they_were_last_used_with(tmp_path):
    cache = ClipCache(tmp_path)
    keys = fill(cache, 3)  # used 3, 2 and 1 days ago
    now = time.time()
    for age_days, name in ((4, "old"), (0.5, "new")):
        cache.put_level(name, -20.0)
        path = cache._level_path(name)
        os.utime(path, (now - age_days * DAY_S, now - age_days * DAY_S))
    assert cache.level("old") == -20.0  # a read is a use: now the newest record
    cache.put_level("older", -21.0)
    os.utime(cache._level_path("older"), (now - 5 * DAY_S, now - 5 * DAY_S))
    cache.prune(2 * clip_bytes(cache))  # the clip of 3 days ago goes, and what is older
    assert cache.get(keys[0]) is None
    assert cache.level("older") is None and cache.level("old") == -20.0
    assert cache.level("new") == -20.0
    cache.clear()
    assert cache.level("old") is None and cache.level("new") is None


def test_clear_and_usage(tmp_path):
    cache = ClipCache(tmp_path)
    fill(cache, 3)
    usage = cache.usage()
    assert usage.clips == 3 and usage.size_bytes > 3 * CLIP_SAMPLES * 4
    assert usage.oldest_used < time.time() - 2 * DAY_S
    assert cache.clear() == usage
    assert cache.usage().clips == 0


def test_every_render_prunes_to_the_cap(tmp_path):
    studio = Studio(cache_dir=tmp_path / "cache", tool_preferences=dict(TEST_TOOLS))
    assert studio.cache_max_bytes == DEFAULT_MAX_CACHE_BYTES == 2 * 2**30
    old = ClipCache(tmp_path / "cache")
    fill(old, 4)
    studio.cache_max_bytes = 2 * clip_bytes(old)
    studio.render(SCRIPT, tmp_path / "out")
    assert old.usage().size_bytes <= studio.cache_max_bytes
    studio.cache_max_bytes = None  # unbounded: nothing is removed
    before = old.usage()
    studio.render({**SCRIPT, "seed": 7}, tmp_path / "out2")
    assert old.usage().clips > before.clips


@pytest.mark.parametrize(("text", "size"), [("2G", 2 * 2**30), ("500M", 500 * 2**20),
                                            ("1.5GiB", int(1.5 * 2**30)), ("10 kB", 10_240),
                                            ("0", 0), ("123", 123)])
def test_parse_size(text, size):
    assert parse_size(text) == size


@pytest.mark.parametrize("text", ["lots", "-1G", ""])
def test_bad_sizes(text):
    with pytest.raises(ValueError):
        parse_size(text)


def test_cache_info_clear_and_prune_commands(tmp_path, monkeypatch):
    monkeypatch.setenv("WAVJOURNEY_CACHE_DIR", str(tmp_path / "cache"))
    cache = ClipCache(tmp_path / "cache")
    fill(cache, 4)
    size = clip_bytes(cache)
    info = runner.invoke(app, ["cache", "info"])
    assert info.exit_code == 0, info.output
    assert str(tmp_path / "cache") in info.output
    assert f"clips:    4 ({format_size(4 * size)})" in info.output
    assert "cap:      2.0 GiB" in info.output
    pruned = runner.invoke(app, ["cache", "prune", "--max-size", str(2 * size)])
    assert pruned.exit_code == 0, pruned.output
    assert pruned.output.startswith("removed 2 clips")
    assert cache.usage().clips == 2
    bad = runner.invoke(app, ["cache", "prune", "--max-size", "lots"])
    assert bad.exit_code == 1 and "not a size" in bad.output
    cleared = runner.invoke(app, ["cache", "clear", "--cache-dir", str(tmp_path / "cache")])
    assert cleared.exit_code == 0 and cleared.output.startswith("removed 2 clips")
    assert cache.usage().clips == 0


def test_the_cap_comes_from_the_environment(tmp_path, monkeypatch):
    script = write_json(tmp_path / "s.json", SCRIPT)
    fill(ClipCache(tmp_path / "cache"), 4)
    monkeypatch.setenv("WAVJOURNEY_CACHE_MAX_SIZE", "0")
    done = runner.invoke(app, ["render", str(script), "-o", str(tmp_path / "m.wav"),
                               "--cache-dir", str(tmp_path / "cache"),
                               *[a for k, n in TEST_TOOLS.items() for a in ("--tool", f"{k}={n}")]])
    assert done.exit_code == 0, done.output
    assert ClipCache(tmp_path / "cache").usage().clips == 0
    monkeypatch.setenv("WAVJOURNEY_CACHE_MAX_SIZE", "none")
    info = runner.invoke(app, ["cache", "info", "--cache-dir", str(tmp_path / "cache")])
    assert "cap:      none" in info.output

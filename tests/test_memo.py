"""The stem memo keeps serving a piece larger than its bound instead of thrashing."""

from __future__ import annotations

import pytest
import torch

from tests.conftest import TEST_TOOLS
from wavjourney import Studio
from wavjourney.engine.memo import StemMemo

STEM_BYTES = 4 * 100


def _stem() -> torch.Tensor:
    return torch.zeros(100)  # 400 bytes of float32


def _render(memo: StemMemo, keys: list[str]) -> int:
    """Ask for every stem in order, storing the misses, as the engine does; returns hits."""
    memo.begin_run()
    before = memo.hits
    for key in keys:
        if memo.get(key) is None:
            memo.put(key, _stem())
    return memo.hits - before


def test_a_piece_larger_than_the_memo_still_hits_on_re_render():
    memo = StemMemo(max_bytes=3 * STEM_BYTES)
    piece = [f"stem-{k}" for k in range(5)]
    assert _render(memo, piece) == 0
    # Plain LRU would evict each stem just before it is asked for again: 0 hits.
    assert _render(memo, piece) == 3
    assert _render(memo, piece) == 3


def test_stems_of_earlier_renders_make_room_for_new_ones():
    memo = StemMemo(max_bytes=3 * STEM_BYTES)
    _render(memo, ["a", "b", "c"])
    assert _render(memo, ["a", "x", "y"]) == 1  # b and c go, a stays: it was used
    assert _render(memo, ["a", "x", "y"]) == 3
    assert memo.get("b") is None


def test_a_stem_larger_than_the_bound_is_not_stored():
    memo = StemMemo(max_bytes=STEM_BYTES - 1)
    memo.begin_run()
    memo.put("big", _stem())
    assert memo.get("big") is None


@pytest.mark.parametrize("memo_stems", [0, 3, 100])
def test_re_render_after_an_edit_is_byte_identical_to_a_cold_render(tmp_path, dialogue_script,
                                                                    memo_stems):
    """Memo hits (all, some: a memo smaller than the piece, none) change no byte."""
    studio = Studio(cache_dir=tmp_path / "warm", tool_preferences=dict(TEST_TOOLS))
    studio.engine.memo.max_bytes = memo_stems * 44_100 * 2 * 4 * 4  # ~4 s stereo stems
    studio.render(dialogue_script, tmp_path / "warm-out")
    dialogue_script["elements"][2]["text"] = "Fine thanks, and you? It has been a long week."
    hits = studio.engine.memo.hits
    warm = studio.render(dialogue_script, tmp_path / "warm-out")
    assert (studio.engine.memo.hits > hits) == (memo_stems > 0)
    cold = Studio(cache_dir=tmp_path / "cold", tool_preferences=dict(TEST_TOOLS)).render(
        dialogue_script, tmp_path / "cold-out")
    names = sorted(p.relative_to(cold.bundle_dir) for p in cold.bundle_dir.rglob("*.wav"))
    assert names == sorted(p.relative_to(warm.bundle_dir) for p in warm.bundle_dir.rglob("*.wav"))
    for name in names:
        assert (warm.bundle_dir / name).read_bytes() == (cold.bundle_dir / name).read_bytes()

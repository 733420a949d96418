"""Fuzzing the script front door: hostile, damaged and random inputs end as an accepted
script or a one-line `WavJourneyError`, never another exception, never slowly.

2,000 cases run by default (a fixed seed, a few seconds); 20,000 with ``-m slow``.
`benchmarks/fuzz.py` prints the same counts for any number of cases.
"""

from __future__ import annotations

import pytest
from fuzzing import fuzz

CASE_LIMIT_S = 5.0


def check(n_cases: int, seed: int) -> None:
    outcome = fuzz(n_cases, seed=seed, limit_s=CASE_LIMIT_S)
    assert outcome.tried == n_cases
    assert outcome.crashes == [], f"{len(outcome.crashes)} crashes, first: {outcome.crashes[:3]}"
    assert outcome.over_limit == [], f"cases over {CASE_LIMIT_S} s: {outcome.over_limit[:5]}"
    # The generator must exercise both sides, or the suite proves nothing.
    assert outcome.accepted >= n_cases // 20 and outcome.rejected >= n_cases // 2


def test_fuzz_2000_cases():
    check(2_000, seed=0)


@pytest.mark.slow
def test_fuzz_20000_cases():
    check(20_000, seed=1)

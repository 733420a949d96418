"""Fuzz the script front door and print what happened.

    python benchmarks/fuzz.py [N_CASES] [SEED]

Prints cases tried, accepted, rejected, crashes (anything but a WavJourneyError) and the
slowest case. Uses the generator of tests/fuzzing.py; exits 1 when anything crashed.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from fuzzing import fuzz  # noqa: E402


def main() -> int:
    n_cases = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    started = time.perf_counter()
    outcome = fuzz(n_cases, seed=seed)
    wall_s = time.perf_counter() - started
    print(f"cases tried:    {outcome.tried} (seed {seed}, {wall_s:.1f} s, "
          f"{outcome.tried / wall_s:.0f} cases/s)")
    print(f"accepted:       {outcome.accepted}")
    print(f"rejected:       {outcome.rejected} (one-line WavJourneyError)")
    print(f"crashes:        {len(outcome.crashes)}")
    for index, message in outcome.crashes[:10]:
        print(f"  case {index}: {message}")
    print(f"slowest case:   {outcome.slowest_s * 1000:.1f} ms (case {outcome.slowest_case})")
    print(f"cases over 5 s: {len(outcome.over_limit)}")
    return 1 if outcome.crashes else 0


if __name__ == "__main__":
    sys.exit(main())

"""How long `wavjourney --help` takes (target: under 0.5 s), next to a bare interpreter start.

    python benchmarks/bench_startup.py
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import time

RUNS = 7


def median_s(command: list[str]) -> float:
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    cli = shutil.which("wavjourney")
    bare = median_s([sys.executable, "-c", "pass"])
    help_s = median_s([cli, "--help"] if cli else [sys.executable, "-m", "wavjourney.cli",
                                                     "--help"])
    print(f"python -c pass:       {bare:.3f} s (median of {RUNS})")
    print(f"wavjourney --help:    {help_s:.3f} s (median of {RUNS})")


if __name__ == "__main__":
    main()

"""Speed of the procedural sound-effects engine, per category.

Renders a clip of every category (default 10 s at 44.1 kHz) through the public tool
interface, takes the best of a few runs (the machine may be shared), and prints the
realtime factor (audio seconds per wall-clock second) per category and the mean.

Usage:
    python benchmarks/bench_sfx.py [--duration-s 10] [--repeats 3] [--sample-rate-hz 44100]
        [--only rain,thunder] [--min-rtf 50]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time

from wavjourney.tools.base import GenerationRequest
from wavjourney.tools.offline.sfx import ProceduralSfxTool, categories

DEFAULT_DURATION_S = 10.0
DEFAULT_REPEATS = 3
DEFAULT_SAMPLE_RATE_HZ = 44_100
TARGET_MEAN_RTF = 50.0


def bench(duration_s: float, repeats: int, sample_rate_hz: int, only: list[str] | None):
    tool = ProceduralSfxTool()
    names = only or list(categories())
    results: dict[str, float] = {}
    for name in names:
        request = GenerationRequest(
            kind="sound_effect",
            description=name.replace("_", " "),
            duration_s=duration_s,
            seed=1,
            sample_rate_hz=sample_rate_hz,
        )
        tool.generate(request)  # warm caches (filter designs, reverb impulse responses)
        best = float("inf")
        for _ in range(repeats):
            start = time.perf_counter()
            clip = tool.generate(request)
            best = min(best, time.perf_counter() - start)
        if clip.info["category"] != name:
            print(f"warning: {name!r} matched {clip.info['category']!r}", file=sys.stderr)
        results[name] = best
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration-s", type=float, default=DEFAULT_DURATION_S)
    parser.add_argument("--repeats", type=int, default=DEFAULT_REPEATS)
    parser.add_argument("--sample-rate-hz", type=int, default=DEFAULT_SAMPLE_RATE_HZ)
    parser.add_argument("--only", type=str, default="", help="comma-separated categories")
    parser.add_argument(
        "--min-rtf",
        type=float,
        default=TARGET_MEAN_RTF,
        help="exit 1 if the mean realtime factor is below this",
    )
    args = parser.parse_args(argv)
    only = [s.strip() for s in args.only.split(",") if s.strip()] or None
    results = bench(args.duration_s, args.repeats, args.sample_rate_hz, only)
    print(f"{'category':18s} {'time_ms':>8s} {'realtime_x':>10s}")
    for name, seconds in sorted(results.items(), key=lambda kv: -kv[1]):
        print(f"{name:18s} {seconds * 1000:8.1f} {args.duration_s / seconds:10.1f}")
    mean_s = statistics.fmean(results.values())
    # Mean realtime factor = total audio / total compute (the average over categories of the
    # time per clip, which is what a mixed workload pays).
    mean_rtf = args.duration_s / mean_s
    per_cat_mean = statistics.fmean(args.duration_s / s for s in results.values())
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(
        f"categories: {len(results)}  clip: {args.duration_s:g} s @ {args.sample_rate_hz} Hz  "
        f"cores: {cores}"
    )
    print(
        f"mean time per clip: {mean_s * 1000:.1f} ms   mean realtime factor: {mean_rtf:.1f}x "
        f"(mean of per-category factors: {per_cat_mean:.1f}x)   target: >= {args.min_rtf:g}x"
    )
    return 0 if mean_rtf >= args.min_rtf else 1


if __name__ == "__main__":
    sys.exit(main())

"""Benchmark the offline procedural music tool: realtime factor per genre.

Usage: ``python benchmarks/bench_music.py [--duration 60] [--repeats 3] [--loop]``

For each genre it renders ``--duration`` seconds of music and prints the best wall time of
``--repeats`` runs with a cold note cache (every note synthesised) and with a warm one, as
realtime factors (seconds of audio per second of compute). Target: >= 50x cold.
"""

from __future__ import annotations

import argparse
import time

from wavjourney.tools.base import GenerationRequest
from wavjourney.tools.offline.music import ProceduralMusicTool
from wavjourney.tools.offline.music.synth import NOTE_CACHE

GENRE_PROMPTS = (
    "uplifting newsroom music",
    "soft jazz in a cafe",
    "tense horror drone",
    "epic orchestral battle",
    "lo-fi hip hop",
    "calm solo piano",
    "upbeat electronic",
    "sad strings",
    "whimsical cartoon",
    "ambient soundscape",
    "romantic",
    "mysterious",
    "happy acoustic",
    "cinematic",
    "rock",
)
TARGET_REALTIME_FACTOR = 50.0


def _best_time(request: GenerationRequest, repeats: int, cold: bool) -> float:
    tool = ProceduralMusicTool()
    best = float("inf")
    for _ in range(repeats):
        if cold:
            NOTE_CACHE.clear()
        start = time.perf_counter()
        tool.generate(request)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=60.0, help="seconds of music")
    parser.add_argument("--repeats", type=int, default=3, help="runs per measurement (best)")
    parser.add_argument("--loop", action="store_true", help="render seamless loops")
    parser.add_argument("--sample-rate", type=int, default=44_100)
    args = parser.parse_args()

    # Warm up imports, FFT plans and wavetables once.
    ProceduralMusicTool().generate(GenerationRequest(kind="music", description="warm up",
                                                     duration_s=2.0))
    print(f"{'genre':28s} {'cold s':>7s} {'cold x':>7s} {'warm s':>7s} {'warm x':>7s}")
    worst = float("inf")
    for prompt in GENRE_PROMPTS:
        request = GenerationRequest(kind="music", description=prompt, duration_s=args.duration,
                                    loop=args.loop, seed=1, sample_rate_hz=args.sample_rate)
        cold = _best_time(request, args.repeats, cold=True)
        warm = _best_time(request, args.repeats, cold=False)
        worst = min(worst, args.duration / cold)
        print(f"{prompt:28s} {cold:7.3f} {args.duration / cold:6.0f}x {warm:7.3f} "
              f"{args.duration / warm:6.0f}x")
    status = "OK" if worst >= TARGET_REALTIME_FACTOR else "BELOW TARGET"
    print(f"slowest genre (cold): {worst:.0f}x realtime; target {TARGET_REALTIME_FACTOR:.0f}x: "
          f"{status}")


if __name__ == "__main__":
    main()

"""Batch benchmark: 20 offline prompts, the local thread executor vs a local Ray cluster.

Both runs use what a user gets offline (the offline planner, offline-speech, offline-music,
offline-sfx), each with a cold clip cache of its own, in the same process one after the
other. Prints wall time, per-item time, Ray's start-up (ray.init) and shut-down cost, and
checks that both runs wrote the same mix bytes.

    python benchmarks/bench_batch.py                  # 20 prompts, --jobs 2
    python benchmarks/bench_batch.py --prompts 6 --jobs 4
    RAY_ADDRESS=HEAD:6379 python benchmarks/bench_batch.py   # the Ray run on a cluster

A multi-node cluster (from Ray's docs): `ray start --head --port=6379` on the head node,
`ray start --address=HEAD:6379` on each worker node (each with wavjourney installed and the
same clip-cache path mounted, e.g. NFS), then run the same command on the head with
`--ray-address auto` (or `RAY_ADDRESS=HEAD:6379`; `ray://HEAD:10001` through Ray Client).
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

from wavjourney import Studio
from wavjourney.batch import BatchItem, read_items, run_batch

OFFLINE_TOOLS = {"speech": "offline-speech", "music": "offline-music",
                 "sound_effect": "offline-sfx"}
PROMPTS = [
    "a rainy cafe with soft jazz and two friends talking", "a news intro about the weather",
    "a spooky forest at night with an owl", "a busy train station announcement",
    "waves on a quiet beach at sunset", "a science lesson about volcanoes",
    "a thunderstorm over a farmhouse", "a space station countdown",
    "a medieval market with a bard", "a cosy fireplace story for children",
    "a football commentary in a stadium", "a detective in a noir office",
    "birds in a spring garden", "a robot learning to sing", "a pirate ship in a storm",
    "a jungle expedition at dawn", "a radio advert for lemonade", "a haunted house tour",
    "a city street in the morning rush", "a calm meditation by a river",
]
DURATION_S = 20.0


def run(executor, items: list[BatchItem], tmp: Path, name: str, jobs: int
        ) -> tuple[float, list[float], float | None, float]:
    """One batch: wall seconds, per-item seconds, Ray start and close seconds."""
    studio = Studio(cache_dir=tmp / f"cache-{name}", tool_preferences=OFFLINE_TOOLS,
                    executor=executor)
    start_s = None
    if hasattr(studio.engine.executor, "start"):
        studio.engine.executor.start()
        start_s = studio.engine.executor.start_s
    started = time.perf_counter()
    outcome = run_batch(studio, items, tmp / name, duration_s=DURATION_S, jobs=jobs)
    wall_s = time.perf_counter() - started
    closing = time.perf_counter()
    studio.close()
    close_s = time.perf_counter() - closing
    if outcome.failed:
        raise SystemExit(f"{name}: {len(outcome.failed)} item(s) failed: "
                         f"{outcome.failed[0].error}")
    return wall_s, [r.wall_s for r in outcome.results], start_s, close_s


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--prompts", type=int, default=len(PROMPTS), help="items (max 20)")
    parser.add_argument("--jobs", type=int, default=2, help="items rendered at once")
    args = parser.parse_args()
    print(f"cores: {os.cpu_count()}, load average: "
          f"{', '.join(f'{x:.1f}' for x in os.getloadavg())}")
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        (tmp / "prompts.txt").write_text("\n".join(PROMPTS[:args.prompts]) + "\n")
        items = read_items(tmp / "prompts.txt")
        results = {name: run(name, items, tmp, name, args.jobs) for name in ("local", "ray")}
        for name, (wall_s, per_item, start_s, close_s) in results.items():
            extra = (f"; ray.init {start_s:.1f} s, close {close_s:.1f} s"
                     if start_s is not None else "")
            print(f"{name:5s}: {len(items)} items in {wall_s:.1f} s "
                  f"({len(items) / wall_s * 60:.1f} items/min); per item median "
                  f"{statistics.median(per_item):.2f} s, max {max(per_item):.2f} s{extra}")
        same = all((tmp / "local" / i.name / "mix.wav").read_bytes()
                   == (tmp / "ray" / i.name / "mix.wav").read_bytes() for i in items)
        print(f"mix bytes equal across executors: {same}")
        print(f"load average after: {', '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()

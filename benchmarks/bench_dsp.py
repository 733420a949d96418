"""DSP benchmark: each hot op, old (a git revision) against new (this tree), in one process.

On a shared machine absolute seconds drift with the load, so the old and new versions run
alternately on the same signal and the script prints the ratio of their best times, plus
realtime factors (audio seconds per wall second) of the loudness meter and the master stage.

    python benchmarks/bench_dsp.py                 # 10 minutes of stereo, old = main
    python benchmarks/bench_dsp.py --minutes 60 --old HEAD~1 --repeats 3
"""

from __future__ import annotations

import argparse
import importlib
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import torch

SAMPLE_RATE_HZ = 44_100
OLD_MODULES = ("core", "iir", "limiter", "loudness", "mix")


def import_old(revision: str, into: Path):
    """The DSP package as it was at `revision`, importable as `olddsp`."""
    package = into / "olddsp"
    package.mkdir()
    (package / "__init__.py").write_text("")
    repo = Path(__file__).resolve().parent.parent
    for name in OLD_MODULES:
        shown = subprocess.run(["git", "show", f"{revision}:wavjourney/dsp/{name}.py"],
                               cwd=repo, capture_output=True, text=True)
        if shown.returncode == 0:
            (package / f"{name}.py").write_text(
                shown.stdout.replace("wavjourney.dsp.", "olddsp."))
    sys.path.insert(0, str(into))
    return {name: importlib.import_module(f"olddsp.{name}") for name in ("limiter", "loudness",
                                                                         "mix")}


def programme(minutes: float, device: str) -> torch.Tensor:
    """Speech-like stereo: noise bursts with pauses, loud enough to drive the limiter."""
    n = int(minutes * 60 * SAMPLE_RATE_HZ)
    gen = torch.Generator().manual_seed(0)
    audio = torch.randn(2, n, generator=gen) * 0.25
    t = torch.arange(n) / SAMPLE_RATE_HZ
    audio *= (torch.sin(2 * torch.pi * 0.3 * t) > -0.3) * (1 + torch.sin(2 * torch.pi * 3 * t))
    return audio.to(device)


def timed(fn, *args) -> float:
    """Wall seconds of one call (synchronised on a GPU)."""
    if torch.cuda.is_available():
        torch.cuda.synchronize()
    started = time.perf_counter()
    fn(*args)
    if torch.cuda.is_available():
        torch.cuda.synchronize()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--old", default="main", help="git revision to compare against")
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--threads", type=int, default=1, help="torch intra-op threads "
                        "(the engine runs DSP tasks with 1)")
    parser.add_argument("--device", default="cpu")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    from wavjourney.dsp import limiter, loudness, mix

    with tempfile.TemporaryDirectory() as tmp:
        old = import_old(args.old, Path(tmp))
        audio = programme(args.minutes, args.device)
        seconds = audio.shape[-1] / SAMPLE_RATE_HZ
        gain_db = -16.0 - loudness.integrated_loudness(audio, SAMPLE_RATE_HZ)
        hot = audio * 10 ** ((gain_db + 6) / 20)  # a mix pushed into the limiter
        intervals = [(s, s + 8.0) for s in range(0, int(seconds), 11)]
        ops = {
            "loudness meter": lambda m: m["loudness"].integrated_loudness(audio, SAMPLE_RATE_HZ),
            "true peak": lambda m: m["limiter"].true_peak_db(hot),
            "limiter": lambda m: m["limiter"].limit(hot, SAMPLE_RATE_HZ, -1.0),
            "master stage": lambda m: m["loudness"].integrated_loudness(
                m["limiter"].limit(hot, SAMPLE_RATE_HZ, -1.0)[0], SAMPLE_RATE_HZ),
            "duck gain": lambda m: audio * torch.as_tensor(
                m["mix"].duck_gain(audio.shape[-1], SAMPLE_RATE_HZ, intervals, 9.0, 0.2, 0.5),
                device=audio.device),
        }
        new = {"limiter": limiter, "loudness": loudness, "mix": mix}
        short = {"audio": audio, "hot": hot}
        audio, hot = audio[:, :SAMPLE_RATE_HZ], hot[:, :SAMPLE_RATE_HZ]
        for op in ops.values():  # warm up: lazy imports and filter design are not timed
            op(old), op(new)
        audio, hot = short["audio"], short["hot"]
        print(f"{seconds / 60:.1f} minutes of stereo at {SAMPLE_RATE_HZ} Hz on {args.device}, "
              f"torch threads {torch.get_num_threads()}, old = {args.old}")
        print(f"{'op':<16}{'old s':>9}{'new s':>9}{'speed-up':>10}{'new x realtime':>16}")
        for name, op in ops.items():
            old_s = new_s = float("inf")
            for _ in range(args.repeats):  # alternate, so both see the same load
                old_s = min(old_s, timed(op, old))
                new_s = min(new_s, timed(op, new))
            print(f"{name:<16}{old_s:>9.2f}{new_s:>9.2f}{old_s / new_s:>9.1f}x"
                  f"{seconds / new_s:>15.0f}x")
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import scipy.signal"], check=True)
    print(f"a fresh process importing scipy.signal (the old code did, lazily, in each render "
          f"worker): {time.perf_counter() - started:.2f} s")


if __name__ == "__main__":
    main()

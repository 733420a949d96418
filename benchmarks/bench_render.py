"""Render benchmark: a long script rendered cold, then again after editing one line.

Uses the offline tools by default (what a user gets without models: offline-speech,
offline-music, offline-sfx); `--tools test` measures the engine alone on tones and noise.
Prints the cold render, the re-render after one edit and their ratio (also as a new process
would re-render: a new Studio over the same clip cache), the peak resident
memory of each (sampled every 20 ms), per-stage seconds, bundle size, and how our mix
compares with pydub's overlay on the same stems (pydub: `pip install "wavjourney[bench]"`).

    python benchmarks/bench_render.py                      # 10 minutes, offline tools
    python benchmarks/bench_render.py --minutes 10 30 60 --no-pydub
    python benchmarks/bench_render.py --minutes 30 --tools test
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

from wavjourney import Studio

TOOLS = {
    "offline": {"speech": "offline-speech", "music": "offline-music",
                "sound_effect": "offline-sfx"},
    "test": {"speech": "test-tone-speech", "music": "test-noise-music",
             "sound_effect": "test-noise-sfx"},
}
# Lines that make about ten minutes (offline speech talks faster than the test tones).
SPEECH_LINES_PER_10_MINUTES = {"offline": 66, "test": 53}
WORDS_PER_LINE = 26
RSS_SAMPLE_S = 0.02
_WORDS = ("the morning light fell across the harbour while the boats came home with their "
          "nets full and the gulls turned above the old stone wall").split()


def long_script(speech_lines: int) -> dict:
    """Four voices taking turns, an effect every 13 lines, four beds under the quarters."""
    characters = [{"name": n} for n in ("Host", "Guest", "Caller", "Narrator")]
    elements: list[dict] = []
    for k in range(speech_lines):
        words = [_WORDS[(k * 7 + w) % len(_WORDS)] for w in range(WORDS_PER_LINE)]
        elements.append({"type": "speech", "id": f"line-{k}", "text": " ".join(words) + ".",
                         "character": characters[k % 4]["name"], "gap_s": 0.3 if k else 0.0})
        if k % 13 == 6:
            elements.append({"type": "sound_effect", "id": f"fx-{k}",
                             "description": "a door creaks open", "duration_s": 4.0})
    quarter = max(1, speech_lines // 4)
    for q in range(min(4, speech_lines)):
        kind = "music" if q % 2 == 0 else "sound_effect"
        description = "calm ambient piano" if kind == "music" else "gentle rain on a window"
        elements.append({"type": kind, "id": f"bed-{q}", "layer": "background",
                         "description": description, "start_at": f"line-{q * quarter}",
                         "end_at": f"line-{min((q + 1) * quarter, speech_lines) - 1}"})
    return {"title": "benchmark", "characters": characters, "elements": elements}


class RssSampler:
    """Peak resident set size of this process, sampled from /proc in a thread."""

    def __init__(self) -> None:
        self.peak_bytes = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    @staticmethod
    def rss_bytes() -> int:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak_bytes = max(self.peak_bytes, self.rss_bytes())
            time.sleep(RSS_SAMPLE_S)

    def __enter__(self) -> RssSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        self.peak_bytes = max(self.peak_bytes, self.rss_bytes())


def timed_render(studio: Studio, script: dict, out_dir: Path, stems: str = "float"):
    # Each render starts with the disk's write-back done (untimed), as when a user listens
    # before editing: otherwise a render right after another is throttled by the kernel
    # while it writes the first render's gigabytes to disk, and pays for them.
    os.sync()
    with RssSampler() as rss:
        started = time.perf_counter()
        result = studio.render(script, out_dir, stems=stems)
        wall_s = time.perf_counter() - started
    return result, wall_s, rss.peak_bytes


def bundle_size_mb(bundle: Path) -> tuple[float, float]:
    """Megabytes of the whole bundle and of its stems."""
    total = sum(p.stat().st_size for p in bundle.rglob("*") if p.is_file())
    return total / 1e6, sum(p.stat().st_size for p in (bundle / "stems").glob("*")) / 1e6


def stems_over_full_scale(bundle: Path) -> dict[str, float]:
    """Stems whose float samples exceed 1.0, with their peak in dBFS."""
    import math

    import soundfile as sf

    over = {}
    for path in sorted((bundle / "stems").glob("*.wav")):
        peak = float(abs(sf.read(str(path), dtype="float32")[0]).max())
        if peak > 1.0:
            over[path.stem] = 20 * math.log10(peak)
    return over


def mix_versus_pydub(bundle: Path) -> tuple[float, float] | None:
    """Seconds to sum the bundle's stems at their timeline positions: ours, pydub's."""
    import warnings

    try:
        with warnings.catch_warnings():  # it warns that ffmpeg is missing: not needed here
            warnings.simplefilter("ignore")
            from pydub import AudioSegment
    except ImportError:
        return None
    import numpy as np
    import soundfile as sf
    import torch

    from wavjourney.dsp.mix import MixPlan, Placed

    timeline = json.loads((bundle / "timeline.json").read_text())
    rate = timeline["sample_rate_hz"]
    placed, segments = [], []
    for element in timeline["elements"]:
        audio, _ = sf.read(bundle / "stems" / f"{element['id']}.wav", dtype="float32",
                           always_2d=True)
        start = int(round(element["start_s"] * rate))
        placed.append((start, torch.from_numpy(np.ascontiguousarray(audio.T))))
        pcm = (np.clip(audio, -1, 1) * 32767).astype("<i2")
        segments.append((start * 1000 // rate, AudioSegment(
            pcm.tobytes(), frame_rate=rate, sample_width=2, channels=audio.shape[1])))
    n = max(s + a.shape[-1] for s, a in placed)
    channels = placed[0][1].shape[0]
    plan = MixPlan(tuple(Placed(start, audio) for start, audio in placed), n, channels, rate)
    started = time.perf_counter()
    for first in range(0, n, 1 << 17):  # as the master asks for it: a stretch at a time
        plan.render(first, min(first + (1 << 17), n))
    ours_s = time.perf_counter() - started
    started = time.perf_counter()
    base = AudioSegment.silent(duration=n * 1000 // rate + 1, frame_rate=rate)
    base = base.set_channels(channels).set_sample_width(2)
    for position_ms, segment in segments:
        base = base.overlay(segment, position=position_ms)
    return ours_s, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--minutes", type=float, nargs="+", default=[10.0],
                        help="lengths of the pieces (e.g. --minutes 10 30 60), one after another")
    parser.add_argument("--tools", choices=sorted(TOOLS), default="offline")
    parser.add_argument("--no-pydub", action="store_true",
                        help="skip the pydub comparison (minutes of pure Python for long pieces)")
    args = parser.parse_args()
    import torch

    print(f"tools: {args.tools} ({', '.join(TOOLS[args.tools].values())})")
    for minutes in args.minutes:
        bench_one(minutes, args.tools, pydub=not args.no_pydub)
    print(f"python {sys.version.split()[0]}, torch {torch.__version__}, "
          f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}")


def bench_one(minutes: float, tools: str, pydub: bool) -> None:
    """Render a piece of about `minutes` cold, edit one line, render again; print it all."""
    lines = max(4, round(SPEECH_LINES_PER_10_MINUTES[tools] * minutes / 10))
    script = long_script(lines)
    with tempfile.TemporaryDirectory() as tmp:
        studio = Studio(cache_dir=Path(tmp) / "cache", tool_preferences=TOOLS[tools])
        out = Path(tmp) / "out"
        first, cold_s, cold_rss = timed_render(studio, script, out)
        bundle_mb, stems_mb = bundle_size_mb(out)
        over = stems_over_full_scale(out)
        edited = next(e for e in script["elements"] if e["id"] == f"line-{lines // 5}")
        edited["text"] = edited["text"].rstrip(".") + ", and one more thought."
        second, warm_s, warm_rss = timed_render(studio, script, out)
        # As the CLI re-renders: a new Studio (empty memo) over the same clip cache, after
        # another line is edited.
        edited = next(e for e in script["elements"] if e["id"] == f"line-{2 * lines // 5}")
        edited["text"] = edited["text"].rstrip(".") + ", and one more thought."
        fresh = Studio(cache_dir=Path(tmp) / "cache", tool_preferences=TOOLS[tools])
        third, fresh_s, _ = timed_render(fresh, script, out)
        fresh.close()
        mixes = mix_versus_pydub(out) if pydub else None
        _, flac_s, _ = timed_render(studio, script, Path(tmp) / "flac", stems="flac")
        flac_mb, flac_stems_mb = bundle_size_mb(Path(tmp) / "flac")
        studio.close()
    audio_s = first.duration_s
    levelled_s = sum(e["duration_s"] for e in first.timeline)
    stages = first.report["stages_s"]
    print(f"\n== {audio_s / 60:.1f} minutes: {len(script['elements'])} elements, "
          f"{audio_s:.1f} s of audio")
    print(f"cold render:            {cold_s:.2f} s ({audio_s / cold_s:.1f}x realtime), "
          f"peak RSS {cold_rss / 1e9:.2f} GB "
          f"({cold_rss / 1e6 / (audio_s / 60):.0f} MB per audio minute)")
    print(f"re-render after 1 edit: {warm_s:.2f} s ({second.generated_count} clip generated), "
          f"peak RSS {warm_rss / 1e9:.2f} GB")
    print(f"re-render / cold:       {warm_s / cold_s:.3f}")
    print(f"new process re-render:  {fresh_s:.2f} s after editing another line "
          f"({third.generated_count} clip generated; fresh memo, same clip cache, imports "
          f"done): {fresh_s / cold_s:.3f} of cold")
    print(f"master segments:        cold {first.report['master_segments']}, "
          f"edit {second.report['master_segments']}; "
          f"stems kept {len(second.report['kept_files'])} of {len(script['elements'])}")
    print(f"master stage (cold):    {audio_s / stages['master']:.0f}x realtime "
          f"(limit, measure, write the mix); levelling {levelled_s / stages['loudness']:.0f}x "
          f"realtime over {levelled_s:.0f} s of stems (seconds summed over threads)")
    print(f"stage seconds (cold):   {stages}")
    print(f"stage seconds (edit):   {second.report['stages_s']}")
    print(f"bundle, float stems:    {bundle_mb:.0f} MB (stems {stems_mb:.0f} MB); "
          f"{len(over)} of {len(list(script['elements']))} levelled stems peak above 0 dBFS"
          + (f" (up to +{max(over.values()):.1f} dBFS: 24-bit stems would clip them)"
             if over else ""))
    print(f"bundle, flac stems:     {flac_mb:.0f} MB (stems {flac_stems_mb:.0f} MB), "
          f"rendered from the memo in {flac_s:.2f} s")
    if mixes is not None:
        ours_s, pydub_s = mixes
        print(f"mix vs pydub overlay:   ours {ours_s:.2f} s, pydub {pydub_s:.2f} s "
              f"(pydub / ours = {pydub_s / ours_s:.1f}) on the same stems")
    elif pydub:
        print("mix vs pydub overlay:   pydub not installed (pip install 'wavjourney[bench]')")


if __name__ == "__main__":
    main()

"""Render benchmark: a 10-minute, 60-element script on the deterministic test tools.

Prints render wall time, realtime factor, mixing throughput (audio seconds per wall second
of the DSP and mixing stages), the re-render time after editing one line, and peak RSS.

    python benchmarks/bench_render.py                     # 10 minutes, 60 elements
    python benchmarks/bench_render.py --speech-lines 156  # long form: about 30 minutes
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

from wavjourney import Studio

TEST_TOOLS = {"speech": "test-tone-speech", "music": "test-noise-music",
              "sound_effect": "test-noise-sfx"}
SPEECH_LINES = 52
EFFECTS = 4
WORDS_PER_LINE = 26


def long_script(speech_lines: int = SPEECH_LINES) -> dict:
    characters = [{"name": n} for n in ("Host", "Guest", "Caller", "Narrator")]
    elements: list[dict] = []
    for k in range(speech_lines):
        text = " ".join(f"word{k}-{w}" for w in range(WORDS_PER_LINE))
        elements.append({"type": "speech", "id": f"line-{k}", "text": text,
                         "character": characters[k % 4]["name"], "gap_s": 0.3 if k else 0.0})
        if k % 13 == 6:
            elements.append({"type": "sound_effect", "id": f"fx-{k}", "description": f"effect {k}",
                             "duration_s": 4.0})
    quarter = speech_lines // 4
    for q in range(4):
        kind = "music" if q % 2 == 0 else "sound_effect"
        elements.append({"type": kind, "id": f"bed-{q}", "layer": "background",
                         "description": f"bed {q}", "start_at": f"line-{q * quarter}",
                         "end_at": f"line-{(q + 1) * quarter - 1}"})
    return {"title": "benchmark", "characters": characters, "elements": elements}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--speech-lines", type=int, default=SPEECH_LINES,
                        help="speech lines (about 11 s each); effects and beds scale along")
    script = long_script(parser.parse_args().speech_lines)
    with tempfile.TemporaryDirectory() as tmp:
        studio = Studio(cache_dir=Path(tmp) / "cache", tool_preferences=TEST_TOOLS)
        started = time.perf_counter()
        first = studio.render(script, Path(tmp) / "out")
        wall_s = time.perf_counter() - started
        stages = first.report["stages_s"]
        dsp_s = sum(v for k, v in stages.items() if k not in ("generate", "export", "compile"))
        edited = next(e for e in script["elements"] if e["id"] == "line-10")
        edited["text"] += " and one more thought"
        started = time.perf_counter()
        second = studio.render(script, Path(tmp) / "out")
        rerender_s = time.perf_counter() - started
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"elements:                 {len(script['elements'])}")
    print(f"audio:                    {first.duration_s:.1f} s")
    print(f"render wall time:         {wall_s:.2f} s")
    print(f"realtime factor:          {first.duration_s / wall_s:.1f}x")
    print(f"mixing throughput:        {first.duration_s / dsp_s:.1f} audio s per DSP s "
          f"(DSP stage seconds summed over threads: {dsp_s:.2f})")
    print(f"stage seconds:            {stages}")
    print(f"re-render after 1 edit:   {rerender_s:.2f} s ({second.generated_count} clip generated)")
    print(f"peak RSS:                 {rss_mb:.0f} MB")
    print(f"python {sys.version.split()[0]}, torch threads: "
          f"{__import__('torch').get_num_threads()}")


if __name__ == "__main__":
    main()

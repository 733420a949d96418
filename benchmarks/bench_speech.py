"""Benchmark the offline espeak-ng speech tool: time for 1,000 words and realtime factor.

Run:
    python benchmarks/bench_speech.py            # a few presets
    python benchmarks/bench_speech.py --all      # every preset
    python benchmarks/bench_speech.py --check    # exit 1 if 1,000 words take >= 2 s or < 100x

Targets (2-core CI machine): 1,000 words in under 2 s and at least 100x realtime per preset.
"""

from __future__ import annotations

import argparse
import re
import sys
import time

from wavjourney.tools.base import GenerationRequest
from wavjourney.tools.offline.speech import EspeakSpeechTool, count_words
from wavjourney.tools.offline.voices import voice_names

TARGET_1000_WORDS_S = 2.0
TARGET_REALTIME_FACTOR = 100.0
DEFAULT_PRESETS = ("narrator", "american_woman", "girl", "elderly_man", "robot")

PROSE = """It was late in the autumn when the letter finally arrived. Margaret had almost given
up hope of hearing from her brother, who had left for the northern coast nearly two years
before. She carried the envelope to the kitchen table, set the kettle on the stove, and sat
for a long while without opening it.

Outside, the wind was pulling the last leaves from the old oak tree. A dog barked somewhere
down the lane. When the kettle began to whistle, she tore the envelope open and read the
first line twice. Her brother was coming home, and he was not coming alone. Was it good news?
She could not yet tell, and the thought kept her awake until the early hours of the morning.
"""


def words_of_text(count: int) -> str:
    """Exactly `count` words of prose (repeating the passage), ending with a full stop."""
    tokens = re.findall(r"\S+", PROSE)
    words: list[str] = []
    while count_words(" ".join(words)) < count:
        words.append(tokens[len(words) % len(tokens)])
    return " ".join(words).rstrip(",.;:!?") + "."


def bench(tool: EspeakSpeechTool, text: str, voice: str, repeats: int) -> tuple[float, float]:
    """Best wall time over `repeats` runs, and the clip duration (both in seconds)."""
    best = float("inf")
    duration = 0.0
    for _ in range(repeats):
        start = time.perf_counter()
        clip = tool.generate(GenerationRequest(kind="speech", text=text, voice=voice))
        best = min(best, time.perf_counter() - start)
        duration = clip.duration_s
    return best, duration


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--all", action="store_true", help="benchmark every preset")
    parser.add_argument("--words", type=int, default=1000, help="words of text (default 1000)")
    parser.add_argument("--repeats", type=int, default=3, help="runs per preset; best is kept")
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args(argv)

    tool = EspeakSpeechTool()
    start = time.perf_counter()
    tool.available()
    tool.generate(GenerationRequest(kind="speech", text="Warm up.", voice="narrator"))
    print(f"first load + warm-up: {time.perf_counter() - start:.3f} s")

    sentence = "The quick brown fox jumps over the lazy dog near the riverbank."
    latency, _ = bench(tool, sentence, "narrator", args.repeats)
    print(f"one sentence (12 words), narrator: {latency * 1000:.1f} ms")

    text = words_of_text(args.words)
    print(f"\n{count_words(text)} words of prose:")
    print(f"{'preset':16s} {'time_s':>7s} {'audio_s':>8s} {'realtime':>9s} {'wpm':>6s}")
    failures = []
    for voice in voice_names() if args.all else DEFAULT_PRESETS:
        seconds, duration = bench(tool, text, voice, args.repeats)
        factor = duration / seconds
        wpm = args.words / (duration / 60)
        print(f"{voice:16s} {seconds:7.3f} {duration:8.1f} {factor:8.0f}x {wpm:6.0f}")
        scaled_limit = TARGET_1000_WORDS_S * args.words / 1000
        if seconds >= scaled_limit or factor < TARGET_REALTIME_FACTOR:
            failures.append(voice)
    status = "FAIL: " + ", ".join(failures) if failures else "ok"
    print(
        f"\ntargets: 1,000 words < {TARGET_1000_WORDS_S:.0f} s, >= "
        f"{TARGET_REALTIME_FACTOR:.0f}x realtime -> {status}"
    )
    return 1 if (args.check and failures) else 0


if __name__ == "__main__":
    sys.exit(main())

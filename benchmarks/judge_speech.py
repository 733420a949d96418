"""Judge the offline voices' intelligibility with an independent recogniser: pocketsphinx.

Every English preset (and plain espeak-ng en-us, no preset, as the reference) reads the same
30 sentences of our own; pocketsphinx 5.x (acoustic model, trigram language model and CMU
dictionary ship inside its wheel) transcribes them, and jiwer scores the word error rate
against the text. The judge is strict (plain espeak-ng scores 75-83 %), so read the
numbers as a ranking: lower is easier to understand. Not a test gate.

    pip install -e ".[bench]"          # pocketsphinx, jiwer (also in the dev extra)
    python benchmarks/judge_speech.py  # all presets, about a minute per preset on 2 cores
    python benchmarks/judge_speech.py --presets narrator robot --sentences 10
"""

from __future__ import annotations

import argparse
import importlib.util
import re
import time
from concurrent.futures import ProcessPoolExecutor, as_completed

import numpy as np

JUDGE_RATE_HZ = 16_000
PLAIN = "plain espeak-ng en-us"
PLAIN_VOICE = "en-us"
PLAIN_RATE_WPM = 175  # espeak-ng's default
PLAIN_PITCH = 50
PLAIN_RANGE = 50

# Our own sentences: everyday words (all in the CMU dictionary), no digits or abbreviations.
SENTENCES = (
    "The old lighthouse keeper climbed the stairs every evening before dark.",
    "Please close the kitchen window before the rain comes in.",
    "She found a small brown dog sleeping under the garden bench.",
    "We missed the last train and had to walk home through the park.",
    "The children laughed when the clown dropped his hat into the water.",
    "Could you bring me a cup of tea and a slice of bread?",
    "The market was busy with people buying fruit and fresh fish.",
    "He opened the letter slowly and read it twice.",
    "A cold wind blew across the empty field all night.",
    "My brother plays the piano in a band on weekends.",
    "The doctor told him to rest for a few days.",
    "They painted the front door bright green last summer.",
    "Turn left at the church and follow the river to the bridge.",
    "The museum opens at nine and closes early on Sundays.",
    "Our teacher asked us to write a story about the sea.",
    "The baker sells warm bread and sweet cakes every morning.",
    "I forgot my umbrella on the bus again today.",
    "The ship sailed away as the sun went down behind the hills.",
    "Nobody knew where the key to the attic had gone.",
    "The farmer counted his sheep twice before going to bed.",
    "We need more milk, some eggs and a bag of rice.",
    "The storm knocked over three trees on our street.",
    "He whispered the answer so the others would not hear.",
    "The library is quiet, warm and full of old books.",
    "Mother made soup with carrots, onions and potatoes.",
    "The plane landed safely despite the heavy snow.",
    "Please speak a little louder, I cannot hear you.",
    "The cat jumped onto the table and knocked over a glass.",
    "Tomorrow we will visit our grandparents in the country.",
    "At the end of the day everyone went home happy.",
)


def _normalise(text: str) -> str:
    return " ".join(re.findall(r"[a-z']+", text.lower()))


def _to_judge_rate(audio: np.ndarray, rate_hz: int) -> bytes:
    from scipy import signal

    mono = np.asarray(audio, np.float64)
    mono = mono.mean(axis=0) if mono.ndim == 2 else mono  # clips are (channels, samples)
    mono = signal.resample_poly(mono, JUDGE_RATE_HZ, rate_hz)
    peak = float(np.max(np.abs(mono))) or 1.0
    return (mono / peak * 0.9 * 32767).astype(np.int16).tobytes()


_DECODER = None


def _transcribe(pcm16: bytes) -> str:
    global _DECODER
    if _DECODER is None:
        from pocketsphinx import Decoder

        _DECODER = Decoder(samprate=JUDGE_RATE_HZ, loglevel="FATAL")
    _DECODER.start_utt()
    _DECODER.process_raw(pcm16, full_utt=True)
    _DECODER.end_utt()
    hyp = _DECODER.hyp()
    return hyp.hypstr if hyp is not None else ""


def _speak(preset: str, text: str) -> tuple[np.ndarray, int]:
    if preset == PLAIN:
        from wavjourney.tools.offline import speech

        with speech._LOCK:
            raw = speech._engine().synthesize(
                [text],
                PLAIN_VOICE,
                rate_wpm=PLAIN_RATE_WPM,
                pitch=PLAIN_PITCH,
                pitch_range=PLAIN_RANGE,
            )[0]
        return raw.astype(np.float32) / 32768, speech.ESPEAK_SAMPLE_RATE_HZ
    from wavjourney.tools.base import GenerationRequest
    from wavjourney.tools.offline.speech import EspeakSpeechTool

    clip = EspeakSpeechTool().generate(
        GenerationRequest(kind="speech", text=text, voice=preset, language="en")
    )
    return clip.audio, clip.sample_rate_hz


def judge_preset(preset: str, n_sentences: int = len(SENTENCES)) -> tuple[str, float, str]:
    """WER (in %) of one preset over the first `n_sentences`, and one example transcript."""
    import jiwer

    refs, hyps = [], []
    for text in SENTENCES[:n_sentences]:
        audio, rate = _speak(preset, text)
        refs.append(_normalise(text))
        hyps.append(_normalise(_transcribe(_to_judge_rate(audio, rate))))
    return preset, 100.0 * jiwer.wer(refs, hyps), hyps[0]


def english_presets() -> list[str]:
    from wavjourney.tools.offline.voices import list_presets

    return [p.name for p in list_presets()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--presets", nargs="*", help="preset names (default: all, and plain)")
    parser.add_argument("--sentences", type=int, default=len(SENTENCES))
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    missing = [m for m in ("pocketsphinx", "jiwer") if importlib.util.find_spec(m) is None]
    if missing:
        raise SystemExit(f"the speech judge needs {' and '.join(missing)}: "
                         'pip install -e ".[bench]" (the dev extra includes it)')
    presets = args.presets or [PLAIN, *english_presets()]
    n_words = sum(len(_normalise(s).split()) for s in SENTENCES[: args.sentences])
    print(f"{args.sentences} sentences, {n_words} words; judge: pocketsphinx en-us", flush=True)
    start = time.perf_counter()
    import wavjourney.tools.offline.speech  # noqa: F401  (loaded once, before the workers fork)

    results = []
    with ProcessPoolExecutor(args.jobs) as pool:
        futures = [pool.submit(judge_preset, name, args.sentences) for name in presets]
        for future in as_completed(futures):
            results.append(future.result())
            print(f"  {results[-1][0]}: {results[-1][1]:.1f} %", flush=True)
    print("| preset | WER | first sentence heard as |\n|---|---|---|")
    for name, wer, example in sorted(results, key=lambda r: r[1]):
        print(f"| {name} | {wer:.1f} % | {example} |")
    print(f"({time.perf_counter() - start:.0f} s)")


if __name__ == "__main__":
    main()

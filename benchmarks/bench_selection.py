"""Tool selection benchmark (MLLM-Tool style): top-1 accuracy against the set of valid tools.

Reads `benchmarks/data/selection.jsonl` (instruction, attachment kind, modality, the set of
valid tools or "unknown"), makes the attachments at run time in a temporary folder (speech
with the offline speech tool, music and a sound with the offline generators, a tiny PNG),
and scores

- the offline ranker, and
- the LLM selector against a fake chat model that replays the scripted answers in
  `benchmarks/data/selection_llm_replies.jsonl` (hand-written, with the errors small models
  make: invented tool names, prose instead of JSON). It measures the selector's protocol
  (validation, re-asks, fallback), not any real model; pass ``--llm provider:model`` to run
  a real one.

Printed per split (``dev``: written while building the ranker; ``heldout``: written after
it was finished and never tuned on): top-1 accuracy, accuracy on the ``unknown`` records,
hallucination rate and format-error rate (per model answer), model calls.

The catalogue is the installed registry; neural tools whose entry points are not registered
yet are stood in for by the fake cards of `tests/selection_tools.py`.

Usage:
    python benchmarks/bench_selection.py [--split dev|heldout|all] [--verbose] [--llm SPEC]
"""

from __future__ import annotations

import argparse
import json
import struct
import sys
import tempfile
import zlib
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "benchmarks" / "data" / "selection.jsonl"
REPLIES = ROOT / "benchmarks" / "data" / "selection_llm_replies.jsonl"
TARGET_TOP1 = 0.85
TARGET_UNKNOWN = 0.90


def load_records(split: str) -> list[dict]:
    records = [json.loads(line) for line in DATA.read_text().splitlines() if line.strip()]
    return [r for r in records if split == "all" or r["split"] == split]


def build_catalogue():
    from wavjourney.selection import catalogue
    from wavjourney.tools.registry import Registry

    sys.path.insert(0, str(ROOT))
    from tests.selection_tools import CARDS, fake_tool

    registry = Registry()
    stand_ins = [name for name in CARDS if name not in registry.names()]
    for name in stand_ins:
        registry.add(fake_tool(name))
    return catalogue(registry), stand_ins


def make_attachments(folder: Path) -> dict[str, Path]:
    """One file per attachment kind, generated now (no audio is committed)."""
    import soundfile

    from wavjourney.tools.base import GenerationRequest
    from wavjourney.tools.offline.music.tool import ProceduralMusicTool
    from wavjourney.tools.offline.sfx.tool import ProceduralSfxTool
    from wavjourney.tools.offline.speech import EspeakSpeechTool

    clips = {
        "speech": EspeakSpeechTool().generate(GenerationRequest(
            "speech", text="Hello, this is my voice. I am reading a few sentences so that "
            "you can hear how I speak, slowly and clearly.", voice="narrator")),
        "music": ProceduralMusicTool().generate(GenerationRequest(
            "music", description="upbeat jazz at 120 bpm in F major", duration_s=8.0)),
        "sfx": ProceduralSfxTool().generate(GenerationRequest(
            "sound_effect", description="steady rain", duration_s=6.0)),
    }
    paths = {}
    for kind, clip in clips.items():
        paths[kind] = folder / f"{kind}.wav"
        soundfile.write(paths[kind], clip.numpy().T, clip.sample_rate_hz)
    paths["image"] = folder / "image.png"
    paths["image"].write_bytes(_tiny_png())
    return paths


def _tiny_png() -> bytes:
    """A 2x2 blue PNG (no image library needed)."""
    def chunk(tag: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + tag + data
                + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF))
    raw = b"".join(b"\x00" + b"\x20\x40\xc0" * 2 for _ in range(2))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def score(records: list[dict], select, label: str, verbose: bool) -> dict[str, float]:
    """Run `select(record) -> Selection` on every record and print the measures."""
    totals = defaultdict(float)
    for record in records:
        selection = select(record)
        valid = record["valid"]
        if valid == "unknown":
            ok = selection.unknown
            totals["unknown_records"] += 1
            totals["unknown_correct"] += ok
        else:
            ok = not selection.unknown and selection.best is not None \
                and selection.best.tool in valid
            totals["false_unknown"] += selection.unknown
        totals["records"] += 1
        totals["correct"] += ok
        totals["calls"] += selection.llm_calls
        totals["hallucinations"] += selection.hallucinations
        totals["format_errors"] += selection.format_errors
        if verbose and not ok:
            got = "unknown" if selection.unknown else (selection.best.tool if selection.best
                                                       else "nothing")
            print(f"  miss {record['id']}: {record['instruction']!r} -> {got} "
                  f"(valid: {valid}); {selection.reason}")
    n = totals["records"]
    answers = max(totals["calls"], 1)
    out = {"top1": totals["correct"] / n,
           "unknown_acc": totals["unknown_correct"] / max(totals["unknown_records"], 1),
           "hallucination_rate": totals["hallucinations"] / answers,
           "format_error_rate": totals["format_errors"] / answers,
           "calls": totals["calls"], "records": n, "unknown_records": totals["unknown_records"],
           "false_unknown": totals["false_unknown"]}
    print(f"{label:28s} n={n:3.0f}  top-1 {out['top1']:6.1%}  unknown {out['unknown_acc']:6.1%} "
          f"(of {out['unknown_records']:.0f})  false unknown {out['false_unknown']:.0f}  "
          f"hallucination {out['hallucination_rate']:5.1%}  format errors "
          f"{out['format_error_rate']:5.1%}  model calls {out['calls']:.0f}")
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="all", choices=("dev", "heldout", "all"))
    parser.add_argument("--verbose", action="store_true", help="print every miss")
    parser.add_argument("--llm", default=None, help="a real chat model (provider:model)")
    args = parser.parse_args()

    from wavjourney.selection import select_tools

    cards, stand_ins = build_catalogue()
    if stand_ins:
        print(f"stand-in cards (not registered here): {', '.join(stand_ins)}")
    splits = ["dev", "heldout"] if args.split == "all" else [args.split]
    replies = {}
    if REPLIES.is_file():
        for line in REPLIES.read_text().splitlines():
            if line.strip():
                item = json.loads(line)
                replies[item["id"]] = item["replies"]
    with tempfile.TemporaryDirectory() as tmp:
        files = make_attachments(Path(tmp))

        def attach(record: dict) -> dict:
            kind = record.get("attachment")
            if kind is None:
                return {}
            return {"image": files["image"]} if kind == "image" else {"audio": files[kind]}

        ok = True
        for split in splits:
            records = load_records(split)
            if not records:
                continue
            print(f"[{split}]")
            offline = score(records, lambda r: select_tools(
                cards, r["instruction"], installed_only=False, **attach(r)),
                "offline ranker", args.verbose)
            if split == "dev":
                ok &= offline["top1"] >= TARGET_TOP1 and offline["unknown_acc"] >= TARGET_UNKNOWN
            scripted = [r for r in records if r["id"] in replies]
            if scripted and args.llm is None:
                score(scripted, lambda r: select_tools(
                    cards, r["instruction"], installed_only=False, llm=_fake(replies[r["id"]]),
                    **attach(r)), "LLM selector (scripted fake)", args.verbose)
            if args.llm:
                from wavjourney.planner.llm import resolve_llm

                model = resolve_llm(args.llm)
                score(records, lambda r, model=model: select_tools(
                    cards, r["instruction"], installed_only=False, llm=model, **attach(r)),
                    f"LLM selector ({args.llm})", args.verbose)
    print(f"targets: top-1 >= {TARGET_TOP1:.0%}, unknown >= {TARGET_UNKNOWN:.0%} (dev split): "
          + ("met" if ok else "NOT met"))
    return 0 if ok else 1


def _fake(replies: list):
    sys.path.insert(0, str(ROOT))
    from tests.fakes import FakeChatModel

    return FakeChatModel(replies=list(replies))


if __name__ == "__main__":
    sys.exit(main())

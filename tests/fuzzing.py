"""Hostile and unlucky script inputs, generated from a seed, and the harness that runs them.

Shared by tests/test_fuzz.py (fixed seed, counted cases) and benchmarks/fuzz.py. Each case is
raw input as it could reach `parse_script`: a dict, a list (the original format), JSON text,
or bytes. A case is *accepted* (it parsed, compiled and printed as a program that Python can
read), *rejected* (a `WavJourneyError`), or a *crash* (any other exception: a bug).
"""

from __future__ import annotations

import ast
import copy
import json
import random
import time
from dataclasses import dataclass, field
from typing import Any

from wavjourney.exceptions import WavJourneyError

TYPES = ("speech", "music", "sound_effect")
FIELDS = ("id", "type", "layer", "target_lufs", "tool", "seed", "fade_in_s", "fade_out_s",
          "gap_s", "start_at", "end_at", "pan", "character", "text", "speaking_rate",
          "description", "duration_s", "duck_db")
SCRIPT_FIELDS = ("title", "language", "sample_rate_hz", "channels", "seed", "characters")
LEGACY_FIELDS = ("audio_type", "layout", "id", "action", "character", "text", "desc", "len",
                 "vol")


def _nasty_strings(rng: random.Random) -> list[str]:
    return [
        "", " ", "../../../ESCAPED", "/etc/passwd", "a/b", "x\x00y", "\ud800", "caf\udcff",
        "line\nbreak", '"""; import os; os.system("x") #', "\\", "$\\notacommand$",
        "<speak>" + '<break time="60s"/>' * rng.randint(1, 40) + "</speak>", "🎵" * 50,
        "a" * rng.choice([101, 255, 1000, 6000]), "NaN", "Infinity", "-1", "speech-1",
        "Narrator", "foreground", "background", "rain", "offline-sfx", "custom:../../x",
        "{\"elements\": []}", "\u202e" + "evil", "CON", ".hidden", "..",
    ]


def _nasty_value(rng: random.Random, depth: int = 0) -> Any:
    pick = rng.randrange(14)
    if pick == 0:
        return rng.choice([0, -1, 1, 2, 3, 7200, 7201, 10**20, -(10**20), 2**63, 10**300])
    if pick == 1:
        return rng.choice([0.0, -0.0, 1e-300, 1e308, -1e308, 0.5, -60.0, 60.0001, 3.7])
    if pick == 2:
        return rng.choice([float("nan"), float("inf"), float("-inf")])
    if pick == 3:
        return rng.choice([True, False, None])
    if pick in (4, 5, 6):
        return rng.choice(_nasty_strings(rng))
    if pick == 7 and depth < 3:
        return [_nasty_value(rng, depth + 1) for _ in range(rng.randrange(4))]
    if pick == 8 and depth < 3:
        return {rng.choice(FIELDS): _nasty_value(rng, depth + 1) for _ in range(rng.randrange(3))}
    if pick == 9:
        nested: Any = 1
        for _ in range(rng.choice([10, 40, 200, 1200])):
            nested = [nested]
        return nested
    if pick == 10:
        return rng.choice(TYPES)
    if pick == 11:
        return rng.uniform(-100, 100)
    if pick == 12:
        return rng.randint(-5, 5)
    return "".join(chr(rng.randrange(0x20, 0x2FFF)) for _ in range(rng.randrange(1, 20)))


def valid_script(rng: random.Random) -> dict[str, Any]:
    """A random valid script in our format."""
    characters = [{"name": f"C{i}", "description": rng.choice(["old man", "young woman", ""])}
                  for i in range(rng.randint(1, 3))]
    elements: list[dict[str, Any]] = []
    for i in range(rng.randint(1, 5)):
        kind = rng.choice(TYPES)
        element: dict[str, Any] = {"type": kind, "id": f"e{i}"}
        if kind == "speech":
            element.update(character=rng.choice(characters)["name"],
                           text=rng.choice(["Hello.", "Where are we going tonight?", "Yes."]))
        else:
            element.update(description=rng.choice(["rain", "calm piano", "door knock"]),
                           duration_s=rng.choice([0.5, 1.0, 2.0]))
        if i and rng.random() < 0.3:
            element["gap_s"] = rng.choice([0.2, -0.1, 0.5])
        elements.append(element)
    if rng.random() < 0.5:
        elements.append({"type": rng.choice(("music", "sound_effect")), "id": "bg",
                         "layer": "background", "description": "ambience",
                         "start_at": elements[0]["id"], "end_at": elements[-1]["id"]})
    return {"title": rng.choice(["t", "A rainy cafe", ""]), "seed": rng.randrange(1000),
            "characters": characters, "elements": elements}


def legacy_script(rng: random.Random) -> list[dict[str, Any]]:
    """A random script in the original list format (often subtly wrong)."""
    lines: list[dict[str, Any]] = [{"audio_type": "music", "layout": "background", "id": 1,
                                    "action": "begin", "desc": "calm", "vol": -30}]
    for _ in range(rng.randint(1, 4)):
        if rng.random() < 0.5:
            lines.append({"audio_type": "speech", "layout": "foreground", "character": "A",
                          "text": "Hi there.", "vol": -16})
        else:
            lines.append({"audio_type": "sound_effect", "layout": "foreground", "desc": "rain",
                          "len": 1, "vol": -20})
    lines.append({"audio_type": "music", "layout": "background", "id": 1, "action": "end"})
    return lines


def mutate(rng: random.Random, data: Any) -> Any:
    """One to four random changes to `data` (which is not modified)."""
    data = copy.deepcopy(data)
    for _ in range(rng.randint(1, 4)):
        elements = data.get("elements") if isinstance(data, dict) else data
        op = rng.randrange(9)
        if op <= 3 and isinstance(elements, list) and elements:
            element = rng.choice(elements)
            if isinstance(element, dict):
                names = LEGACY_FIELDS if isinstance(data, list) else FIELDS
                element[rng.choice(names)] = _nasty_value(rng)
        elif op == 4 and isinstance(elements, list) and elements:
            element = rng.choice(elements)
            if isinstance(element, dict) and element:
                element.pop(rng.choice(list(element)))
        elif op == 5 and isinstance(data, dict):
            data[rng.choice(SCRIPT_FIELDS)] = _nasty_value(rng)
        elif op == 6 and isinstance(elements, list) and elements:
            chosen = rng.choice(elements)
            elements.extend(dict(chosen) if isinstance(chosen, dict) else chosen
                            for _ in range(rng.choice([1, 3, 50])))
        elif op == 7 and isinstance(elements, list) and elements:
            elements[rng.randrange(len(elements))] = _nasty_value(rng)
        elif op == 8 and isinstance(data, dict):
            data[rng.choice(["extra", "Elements", "script", "casting"])] = _nasty_value(rng)
    return data


def as_text(rng: random.Random, data: Any) -> str | bytes:
    """`data` as JSON text, sometimes damaged: truncated, spliced, or re-encoded."""
    try:
        text = json.dumps(data, allow_nan=True)
    except RecursionError:  # a deeply nested value: write the nesting by hand
        return '{"elements": ' + "[" * 1200 + "]" * 1200 + "}"
    op = rng.randrange(6)
    if op == 0 and text:
        return text[: rng.randrange(len(text))]
    if op == 1:
        cut = rng.randrange(len(text) + 1)
        return text[:cut] + rng.choice(["\x00", "}", "]]]", "\\", '"', "\ud800", "9" * 5000,
                                        "[" * 3000]) + text[cut:]
    if op == 2:
        return text.encode("latin-1", errors="replace") + b"\xff\xfe"
    if op == 3:
        return text.encode("utf-16")
    return text


def make_case(rng: random.Random) -> Any:
    """One fuzz input."""
    base: Any = legacy_script(rng) if rng.random() < 0.2 else valid_script(rng)
    data = mutate(rng, base) if rng.random() < 0.9 else base
    if rng.random() < 0.3:
        return as_text(rng, data)
    return data


@dataclass
class Outcome:
    """What happened to the cases run so far."""

    tried: int = 0
    accepted: int = 0
    rejected: int = 0
    crashes: list[tuple[int, str]] = field(default_factory=list)
    slowest_s: float = 0.0
    slowest_case: int = -1
    over_limit: list[tuple[int, float]] = field(default_factory=list)


def run_case(studio: Any, data: Any) -> bool:
    """Parse, compile and print one input; True when accepted, False when rejected with a
    `WavJourneyError`. Anything else propagates (a crash)."""
    from wavjourney.compiler import graph_to_program

    try:
        compilation = studio.compile(data)
    except WavJourneyError:
        return False
    source = graph_to_program(compilation.graph, compilation.script.title)
    ast.parse(source)
    json.dumps(compilation.script.model_dump(mode="json")).encode("utf-8")
    return True


def fuzz(n_cases: int, *, seed: int = 0, limit_s: float = 5.0) -> Outcome:
    """Run `n_cases` inputs from `seed` through `run_case` on the test tools."""
    import tempfile

    from wavjourney import Studio
    from wavjourney.tools.registry import Registry
    from wavjourney.tools.testing import ChordMusicTool, NoiseSfxTool, ToneSpeechTool

    registry = Registry([ToneSpeechTool, ChordMusicTool, NoiseSfxTool], entry_points=False)
    studio = Studio(registry=registry, cache_dir=tempfile.mkdtemp(prefix="wj-fuzz-"))
    rng = random.Random(seed)
    outcome = Outcome()
    for index in range(n_cases):
        data = make_case(rng)
        started = time.perf_counter()
        try:
            accepted = run_case(studio, data)
        except Exception as exc:  # noqa: BLE001 - counting crashes is the point
            outcome.crashes.append((index, f"{type(exc).__name__}: {str(exc)[:200]}"))
            accepted = None
        elapsed_s = time.perf_counter() - started
        outcome.tried += 1
        if accepted is True:
            outcome.accepted += 1
        elif accepted is False:
            outcome.rejected += 1
        if elapsed_s > outcome.slowest_s:
            outcome.slowest_s, outcome.slowest_case = elapsed_s, index
        if elapsed_s > limit_s:
            outcome.over_limit.append((index, elapsed_s))
    return outcome

"""The master bus: the mix limited, measured and written segment by segment, and what a
re-render reuses of the previous master in the same bundle.

The mix is cut into segments at the foreground elements' starts (`MixPlan.segments`). A
segment's limited output depends only on the mix within the limiter's reach of it
(`limit_span`), and that stretch of mix is named by `MixPlan.segment_key`, so a segment whose
key the previous master also had is the same bytes: it is copied from the previous mix file
instead of being made again, also when an edit has moved it. The previous master is trusted
only while its files are as its render left them (`MASTER_INDEX`, checked by hash).

Loudness (BS.1770, reported, never applied) is measured per segment too: each segment is
K-weighted from rest over the `LOUDNESS_WARMUP_S` of master before it, longer than the
filter's memory, and cut into 100 ms steps from its own start; the gates then run over all
steps in order (a segment's last step may be shorter). A copied segment keeps its stored step
energies when the segment before it is unchanged too.
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import json
import math
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import torch

from wavjourney.constants import LOUDNESS_BLOCK_S
from wavjourney.destination import Reusable
from wavjourney.dsp.core import db_to_gain
from wavjourney.dsp.limiter import LIMITER_BLOCK_SAMPLES, limit_span, limiter_reach, trim_db
from wavjourney.dsp.loudness import BLOCK_OVERLAP, gated_lufs, k_weight, to_lufs
from wavjourney.dsp.mix import MixPlan

MASTER_INDEX = ".wavjourney-master.json"
LOUDNESS_WARMUP_S = 0.1  # the K-filter's memory: its impulse response falls to 3e-12 in 0.1 s
_PCM_SCALE = float(1 << 23)
# Limiting a segment costs about twice measuring and writing it, so two threads limit while
# the master's own thread measures and writes: on two cores none of the three waits long.
LIMIT_THREADS = 2


@dataclass
class Segment:
    """One segment of a master, as its index records it.

    Args:
        key: `MixPlan.segment_key` of its stretch of mix.
        first, last: its samples in the master.
        peak: its true peak, linear.
        energies, lengths: its K-weighted loudness steps (energy summed over channels, and
            samples).
        after: the key of the segment before it ("" for the first).
    """

    key: str
    first: int
    last: int
    peak: float
    energies: list[float]
    lengths: list[int]
    after: str


@dataclass(frozen=True)
class Previous:
    """The master a bundle already holds: its mix file, trim and segments by key."""

    path: Path
    trim_db: float
    segments: dict[str, Segment]


@dataclass
class MasterResult:
    peak_dbtp: float
    loudness_lufs: float
    segments: list[Segment]
    copied: int
    audio: torch.Tensor | None  # when no file was written
    index: str  # the JSON of MASTER_INDEX


def master(plan: MixPlan, ceiling_dbtp: float, path: Path | None,
           previous: Previous | None = None) -> MasterResult:
    """Limit `plan`'s mix to `ceiling_dbtp` and write it to `path` as 24-bit PCM WAV (None:
    keep it in memory), copying what `previous` already holds.

    A piece whose limited peak still exceeds the ceiling (inter-sample overs from the
    limiter's own gain changes) is made a second time with the trim that catches them.
    """
    trim = 0.0
    result = _pass(plan, ceiling_dbtp, path, previous, trim)
    trim = trim_db(result.peak_dbtp, ceiling_dbtp)
    if trim:
        result = _pass(plan, ceiling_dbtp, path, previous, trim)
    return result


def _pass(plan: MixPlan, ceiling_dbtp: float, path: Path | None, previous: Previous | None,
          trim: float) -> MasterResult:
    from wavjourney.audio_io import WavWriter, pcm24_frames

    sr = plan.sample_rate_hz
    _, _, margin = limiter_reach(sr)
    warmup = int(round(LOUDNESS_WARMUP_S * sr))
    step = int(round(LOUDNESS_BLOCK_S * (1 - BLOCK_OVERLAP) * sr))
    old = previous.segments if previous is not None and previous.trim_db == trim else {}
    segments: list[Segment] = []
    blocks: list[torch.Tensor] = []
    copied = 0
    spans = plan.segments(LIMITER_BLOCK_SAMPLES)
    keys = [plan.segment_key(first, last, margin) for first, last in spans]
    reuses = [old.get(key) if path is not None else None for key in keys]

    threads = torch.get_num_threads()

    def limited(first: int, last: int) -> tuple[torch.Tensor, float]:
        """Samples [first, last) of the master as 24-bit PCM, and their true peak."""
        block, peak = limit_span(plan.render, first, last, plan.n_samples, sr, ceiling_dbtp)
        if trim:
            block, peak = block * db_to_gain(trim), peak * db_to_gain(trim)
        return to_pcm(block), peak

    def steps(first: int, audio: torch.Tensor) -> tuple[list[float], list[int]]:
        """The loudness steps of `audio`, the master from `first`, K-weighted from rest over
        the master just before it: limited again here, which gives the very samples the
        master has there (limiting is local), so segments are measured independently."""
        start = max(0, first - warmup)
        before = _from_pcm(limited(start, first)[0]) if start < first else audio[:, :0]
        return _loudness_steps(before, audio, sr, step)

    def make(first: int, last: int) -> tuple[torch.Tensor, float, list[float], list[int]]:
        torch.set_num_threads(threads)  # a new thread starts with torch's default
        pcm, peak = limited(first, last)
        return (pcm, peak, *steps(first, _from_pcm(pcm)))  # measured as the file holds it

    with contextlib.ExitStack() as stack:
        writer = stack.enter_context(WavWriter(path, sr, plan.channels)) if path else None
        copying = None
        if writer is not None and previous is not None:
            # One thread copies the unchanged stretches of the previous mix (in the kernel)
            # while the changed ones are made and written in their places.
            runs = _copy_runs([(first, reuse) for (first, _), reuse in zip(spans, reuses)
                               if reuse is not None])
            copying = stack.enter_context(ThreadPoolExecutor(1)).submit(
                _copy_all, writer, previous.path, runs)
        # Helper threads limit and measure the next segments (each alone: a segment's bytes
        # depend only on its stretch of mix) while this one writes them.
        made = _ahead(stack.enter_context(ThreadPoolExecutor(LIMIT_THREADS)), make,
                      [span for span, reuse in zip(spans, reuses) if reuse is None])
        for (first, last), key, reuse in zip(spans, keys, reuses):
            after = segments[-1].key if segments else ""
            if reuse is not None and previous is not None:
                copied += 1
                peak, energies, lengths = reuse.peak, reuse.energies, reuse.lengths
                if reuse.after != after or (segments and
                                            segments[-1].last - segments[-1].first < warmup):
                    # Other samples before it than when it was measured: measure it again.
                    energies, lengths = steps(first, _from_pcm(torch.from_numpy(
                        pcm24_frames(previous.path, plan.channels, reuse.first, reuse.last))))
            else:
                pcm, peak, energies, lengths = next(made)
                if writer is None:
                    blocks.append(_from_pcm(pcm))
                else:
                    writer.write(pcm.numpy(), at=first)
            segments.append(Segment(key, first, last, peak, energies, lengths, after))
        if copying is not None:
            copying.result()
    peak_dbtp = 20 * math.log10(max(max((s.peak for s in segments), default=0.0), 1e-12))
    index = json.dumps({"mix": path.name if path else None, "trim_db": trim,
                        "segments": [vars(s) for s in segments]})
    whole = None
    if writer is None:
        whole = torch.cat(blocks, dim=-1) if blocks else torch.zeros(plan.channels, 0)
    return MasterResult(peak_dbtp, _lufs(segments), segments, copied, whole, index)


def _copy_all(writer: Any, source: Path, runs: list[tuple[int, int, int]]) -> None:
    for first, last, at in runs:
        writer.copy(source, first, last, at)


def _copy_runs(reused: list[tuple[int, Segment]]) -> list[tuple[int, int, int]]:
    """(first, last, at) of the previous mix to copy for segments starting at `at` that
    reuse its segments, adjacent ones (in both files) joined into one copy."""
    runs: list[tuple[int, int, int]] = []
    for at, old in reused:
        if runs and runs[-1][1] == old.first and runs[-1][2] + runs[-1][1] - runs[-1][0] == at:
            runs[-1] = (runs[-1][0], old.last, runs[-1][2])
        else:
            runs.append((old.first, old.last, at))
    return runs


def _ahead(pool: ThreadPoolExecutor, work: Callable[..., Any], spans: list[tuple[int, int]],
           depth: int = 4) -> Iterator[Any]:
    """`work(*span)` for each span, in order, up to `depth` spans ahead of the consumer."""
    pending: deque[Future] = deque()
    waiting = iter(spans)
    for span in itertools.islice(waiting, depth):
        pending.append(pool.submit(work, *span))
    while pending:
        result = pending.popleft().result()
        for span in itertools.islice(waiting, 1):
            pending.append(pool.submit(work, *span))
        yield result


def read_previous(folder: Path, mix_name: str, reusable: Reusable) -> Previous | None:
    """The master `folder` holds, if its index and mix are as its render left them (the mix's
    recorded key is the hash of the index)."""
    try:
        text = (folder / MASTER_INDEX).read_text(encoding="utf-8")
        if (mix_name, index_key(text)) not in reusable.files:
            return None
        index = json.loads(text)
        if index["mix"] != Path(mix_name).name:
            return None
        segments = [Segment(**s) for s in index["segments"]]
        return Previous(folder / mix_name, float(index["trim_db"]),
                        {s.key: s for s in segments})
    except (OSError, ValueError, KeyError, TypeError):
        return None


def index_key(text: str) -> str:
    """The key a bundle's manifest records for its mix: the hash of its master's index."""
    return hashlib.sha256(text.encode()).hexdigest()


def to_pcm(block: torch.Tensor) -> torch.Tensor:
    """24-bit PCM in int32 (full scale 2**31), rounded here so that the file's bytes, and
    the loudness measured from them, do not depend on an audio library's rounding."""
    scaled = (block * _PCM_SCALE).round_().clamp_(-_PCM_SCALE, _PCM_SCALE - 1)
    return scaled.to(torch.int32).mul_(256).cpu()


def _from_pcm(pcm: torch.Tensor) -> torch.Tensor:
    return pcm.to(torch.float32) / float(1 << 31)


def _loudness_steps(before: torch.Tensor, audio: torch.Tensor, sr: int, step: int
                    ) -> tuple[list[float], list[int]]:
    """Energy (summed over channels) and length of each 100 ms step of `audio`, K-weighted
    from rest over `before` and then `audio`."""
    weighted = k_weight(torch.cat([before, audio], dim=-1), sr)[:, before.shape[-1]:]
    full = weighted.shape[-1] // step
    squares = weighted.double().square_()
    channels = squares.shape[0]
    energies = squares[:, :full * step].reshape(channels, full, step).sum(dim=(0, 2)).tolist()
    lengths = [step] * full
    if weighted.shape[-1] > full * step:  # a shorter last step
        energies.append(float(squares[:, full * step:].sum()))
        lengths.append(weighted.shape[-1] - full * step)
    return energies, lengths


def _lufs(segments: list[Segment]) -> float:
    """Integrated loudness over every segment's steps: blocks of four steps, two gates."""
    energies = torch.tensor([e for s in segments for e in s.energies], dtype=torch.float64)
    lengths = torch.tensor([n for s in segments for n in s.lengths], dtype=torch.float64)
    per_block = int(round(1 / (1 - BLOCK_OVERLAP)))
    if energies.numel() < per_block:
        total = float(lengths.sum())
        return to_lufs(float(energies.sum()) / total) if total else float("-inf")
    block_energy = energies.unfold(0, per_block, 1).sum(dim=-1)
    block_length = lengths.unfold(0, per_block, 1).sum(dim=-1)
    return gated_lufs(block_energy / block_length)

"""Incremental re-render: an edit costs what it changed, and gives the same bytes a cold render
of the edited script gives."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
import torch
from conftest import TEST_TOOLS

from wavjourney import Studio
from wavjourney.destination import MANIFEST_FILE
from wavjourney.dsp import limiter
from wavjourney.dsp.loudness import LoudnessMeter, integrated_loudness

SR = 44_100


def long_script() -> dict:
    """Twelve loud lines (the limiter works), a bed under the first half that is ducked, and
    one under the second half."""
    elements: list[dict] = [
        {"type": "speech", "id": f"l{k}", "character": "AB"[k % 2], "target_lufs": -9.0,
         "text": " ".join(["word"] * (4 + k % 3)), "gap_s": 0.2 if k else 0.0}
        for k in range(12)]
    elements += [
        {"type": "music", "id": "bed1", "layer": "background", "description": "calm piano",
         "start_at": "l0", "end_at": "l5", "target_lufs": -12.0},
        {"type": "sound_effect", "id": "bed2", "layer": "background", "description": "rain",
         "start_at": "l7", "end_at": "l11", "target_lufs": -14.0},
    ]
    return {"title": "incremental", "characters": [{"name": "A"}, {"name": "B"}],
            "elements": elements}


def edited(script: dict, line: str = "l3") -> dict:
    script = copy.deepcopy(script)
    element = next(e for e in script["elements"] if e["id"] == line)
    element["text"] += " and a few more words"  # a longer line: everything after it moves
    return script


def studio(tmp_path, name: str) -> Studio:
    return Studio(cache_dir=tmp_path / f"cache-{name}", tool_preferences=dict(TEST_TOOLS))


@pytest.mark.parametrize("stems", ["float", "wav"])
def test_re_render_after_an_edit_is_byte_identical_to_a_cold_render(tmp_path, stems,
                                                                     monkeypatch):
    from wavjourney.audio_io import WavWriter

    copies: list[tuple[str, int, int]] = []
    real_copy = WavWriter.copy
    monkeypatch.setattr(WavWriter, "copy", lambda self, source, first, last, at=None: (
        copies.append((Path(source).name, first, last)),
        real_copy(self, source, first, last, at)))
    warm = studio(tmp_path, "warm")
    warm.render(long_script(), tmp_path / "out", stems=stems)
    assert not copies
    again = warm.render(edited(long_script()), tmp_path / "out", stems=stems)
    cold = studio(tmp_path, "cold").render(edited(long_script()), tmp_path / "cold",
                                           stems=stems)
    assert again.report["true_peak_dbtp"] > -1.5  # loud enough that the limiter works
    assert again.generated_count == 1
    # The segments after the edited line moved; those away from the edit and the bed that
    # spans it were copied from the previous mix, not made again.
    segments = again.report["master_segments"]
    assert segments["copied"] >= 5 and segments["made"] >= 1
    assert cold.report["master_segments"]["copied"] == 0
    mix = (tmp_path / "out" / "mix.wav").read_bytes()
    assert mix == (tmp_path / "cold" / "mix.wav").read_bytes()
    assert again.report["loudness_lufs"] == cold.report["loudness_lufs"]
    # Every segment's peak and loudness steps too (copied or measured again).
    index = ".wavjourney-master.json"
    assert (tmp_path / "out" / index).read_text() == (tmp_path / "cold" / index).read_text()
    for stem in (tmp_path / "cold" / "stems").iterdir():
        assert (tmp_path / "out" / "stems" / stem.name).read_bytes() == stem.read_bytes()
    # The stretched bed's stem kept its start: copied, not made again.
    assert any(name == "bed1.wav" and first == 0 and last > 0 for name, first, last in copies)


def test_editing_one_line_rewrites_only_its_stem(tmp_path):
    warm = studio(tmp_path, "warm")
    warm.render(long_script(), tmp_path / "out")
    stems = tmp_path / "out" / "stems"
    before = {p.name: (p.stat().st_ino, p.stat().st_mtime_ns) for p in stems.iterdir()}
    result = warm.render(edited(long_script(), "l9"), tmp_path / "out")
    after = {p.name: (p.stat().st_ino, p.stat().st_mtime_ns) for p in stems.iterdir()}
    assert set(before) == set(after)
    # Line 9 changed; bed2 spans it, so its span (and levelled stem) changed too.
    changed = {name for name in before if before[name] != after[name]}
    assert changed == {"l9.wav", "bed2.wav"}
    assert sorted(result.report["kept_files"]) == sorted(f"stems/{n}" for n in before
                                                         if n not in changed)
    manifest = json.loads((tmp_path / "out" / MANIFEST_FILE).read_text())
    assert "stems/l0.wav" in manifest["files"] and "stems/l0.wav" in manifest["keys"]


def test_a_stem_changed_by_hand_is_written_again(tmp_path):
    warm = studio(tmp_path, "warm")
    warm.render(long_script(), tmp_path / "out")
    stem = tmp_path / "out" / "stems" / "l0.wav"
    original = stem.read_bytes()
    stem.write_bytes(original[:-4] + b"\0\0\0\0")  # a user's edit: same size, new time
    result = warm.render(long_script(), tmp_path / "out")
    assert "stems/l0.wav" not in result.report["kept_files"]
    assert stem.read_bytes() == original


def test_a_mix_changed_by_hand_is_made_again_not_copied(tmp_path):
    warm = studio(tmp_path, "warm")
    first = warm.render(long_script(), tmp_path / "out")
    mix = tmp_path / "out" / "mix.wav"
    original = mix.read_bytes()
    mix.write_bytes(original[:100] + bytes(len(original) - 100))
    again = warm.render(long_script(), tmp_path / "out")
    assert again.report["master_segments"]["copied"] == 0
    assert mix.read_bytes() == original
    assert first.report["master_segments"]["copied"] == 0


@pytest.mark.parametrize("shift", [1, 7, 4_411])
def test_the_limiter_gives_the_same_samples_wherever_the_input_stands(shift):
    gen = torch.Generator().manual_seed(shift)
    x = 0.3 * torch.randn(2, 200_000, generator=gen)
    x[:, 50_000:90_000] *= 5.0  # the limiter works hard here
    moved = torch.cat([0.3 * torch.randn(2, shift, generator=gen), x], dim=-1)
    _, _, margin = limiter.limiter_reach(SR)
    first, last = 40_000, 120_000  # away from both ends by more than the margin
    assert first > margin
    here, peak_here = limiter.limit_span(lambda a, b: x[:, a:b], first, last, x.shape[-1], SR)
    there, peak_there = limiter.limit_span(lambda a, b: moved[:, a:b], first + shift,
                                           last + shift, moved.shape[-1], SR)
    assert float(here.abs().max()) < float(x[:, first:last].abs().max())  # it limited
    assert torch.equal(here, there) and peak_here == peak_there


def test_limiting_in_spans_equals_limiting_at_once():
    gen = torch.Generator().manual_seed(3)
    x = 0.3 * torch.randn(2, 3 * limiter.LIMITER_BLOCK_SAMPLES + 777, generator=gen)
    x[:, 100_000:300_000] *= 5.0
    whole, _ = limiter.limit(x, SR)
    cuts = [0, 12_345, 150_000, 150_001, 290_000, x.shape[-1]]
    pieces = [limiter.limit_span(lambda a, b: x[:, a:b], a, b, x.shape[-1], SR)[0]
              for a, b in zip(cuts, cuts[1:])]
    assert torch.equal(torch.cat(pieces, dim=-1), whole)


def test_the_loudness_meter_in_pieces_equals_the_whole():
    gen = torch.Generator().manual_seed(5)
    x = 0.1 * torch.randn(2, 10 * SR + 321, generator=gen)
    meter = LoudnessMeter(SR, 2)
    for first in range(0, x.shape[-1], 30_011):
        meter.push(x[:, first:first + 30_011])
    assert meter.lufs() == pytest.approx(integrated_loudness(x, SR), abs=1e-6)


@pytest.mark.parametrize("seamless", [False, True])
def test_a_looped_bed_made_in_stretches_equals_the_whole(seamless):
    from wavjourney.dsp.fit import LoopedBed, fade, fit_loop

    unit = torch.randn(2, 3_000, generator=torch.Generator().manual_seed(1))
    bed = LoopedBed.of(unit, 1_000, 10_450, crossfade_s=0.25, seamless=seamless,
                       fade_in_s=0.5, fade_out_s=0.7)
    whole = bed[:, :]
    stretches = torch.cat([bed[:, a:min(a + 777, 10_450)] for a in range(0, 10_450, 777)], -1)
    assert torch.equal(stretches, whole)
    expected = fade(fit_loop(unit, 1_000, 10_450, crossfade_s=0.25, seamless=seamless), 1_000,
                    0.5, 0.7)
    assert torch.equal(whole, expected)
    assert whole.shape == (2, 10_450) and bed.shape == (2, 10_450)


def test_an_hour_long_bed_holds_only_its_unit_in_the_memo():
    from wavjourney.dsp.fit import LoopedBed
    from wavjourney.engine.memo import _tensors
    from wavjourney.engine.ops import Levelled

    unit = torch.zeros(2, 30 * SR)
    bed = LoopedBed.of(unit, SR, 3600 * SR, crossfade_s=1.0, seamless=False)
    tensors = _tensors(Levelled(bed, 0.0, -20.0, "k"))
    assert sum(t.numel() for t in tensors) == unit.numel()


def test_a_mono_voice_in_a_stereo_piece_is_held_once():
    from wavjourney.dsp.core import Panned, to_channels
    from wavjourney.engine.memo import _tensors
    from wavjourney.engine.ops import Levelled

    mono = torch.randn(1, 10_000, generator=torch.Generator().manual_seed(2))
    panned = Panned(mono, 2, pan=0.3) * 0.5
    assert torch.equal(panned[:, 100:900], to_channels(mono[:, 100:900], 2, 0.3) * 0.5)
    assert panned.shape == (2, 10_000)
    assert sum(t.numel() for t in _tensors(Levelled(panned, 0.0, -20.0, "k"))) == mono.numel()


def test_a_re_render_reads_only_the_clips_it_uses(tmp_path, monkeypatch):
    from wavjourney.engine.cache import ClipCache

    cold = studio(tmp_path, "cold").render(edited(long_script()), tmp_path / "cold")
    warm = studio(tmp_path, "warm")
    warm.render(long_script(), tmp_path / "out")
    reads: list[str] = []
    real_get = ClipCache.get
    monkeypatch.setattr(ClipCache, "get", lambda self, key: (reads.append(key),
                                                             real_get(self, key))[1])
    again = warm.render(edited(long_script()), tmp_path / "out")
    # The edited line is looked up (before and under its lock) and made; the two beds are
    # read, as their spans wait for the layout; the other 11 lines' levelled stems came
    # from the memo, their clips unread.
    assert again.generated_count == 1 and len(reads) <= 4
    # A cleared cache makes the clips again, memo or not.
    ClipCache(tmp_path / "cache-warm").clear()
    third = warm.render(edited(long_script()), tmp_path / "out")
    assert third.generated_count == cold.generated_count > 8


def test_any_stretch_of_a_ducking_curve_equals_that_stretch_of_the_whole():
    import random

    from wavjourney.dsp.mix import _piecewise_db, duck_breakpoints

    rng = random.Random(0)
    for _ in range(20):
        starts = [rng.uniform(-5, 60) for _ in range(20)]
        points = duck_breakpoints(sorted((a, a + rng.uniform(0.1, 3)) for a in starts),
                                  8.0, 0.2, 0.5)
        whole = _piecewise_db(0, 6_000, 100, *points, device=None)
        for first in range(0, 6_000, 777):
            last = min(6_000, first + rng.randint(1, 2_000))
            assert torch.equal(_piecewise_db(first, last, 100, *points, device=None),
                               whole[first:last])


def test_the_sources_sounding_in_a_stretch_are_found_in_plan_order():
    import random

    from wavjourney.dsp.mix import MixPlan, Placed

    rng = random.Random(1)
    lengths = [100, 5_000, 3 * 10**6]  # short lines and long beds
    sources = tuple(Placed(rng.randint(0, 10**6), torch.zeros(1, rng.choice(lengths)))
                    for _ in range(200))
    plan = MixPlan(sources, 4 * 10**6, 1, SR)
    for _ in range(300):
        first = rng.randint(0, 4 * 10**6)
        last = first + rng.randint(1, 300_000)
        expected = [id(s) for s in sources
                    if s.start < last and s.start + s.audio.shape[-1] > first]
        assert [id(s) for s in plan.overlapping(first, last)] == expected


def test_a_stretched_bed_is_measured_from_where_its_start_ends(monkeypatch):
    from wavjourney.dsp import loudness
    from wavjourney.dsp.fit import LoopedBed

    unit = 0.1 * torch.randn(2, 5 * SR, generator=torch.Generator().manual_seed(4))
    short = LoopedBed.of(unit, SR, 40 * SR, crossfade_s=1.0, seamless=False, fade_out_s=0.5)
    longer = LoopedBed.of(unit, SR, 47 * SR, crossfade_s=1.0, seamless=False, fade_out_s=0.5)
    steady = 40 * SR - SR  # before the short bed's fade-out
    _, state = loudness.measure(short, SR, keep_at=steady)
    assert state is not None and 0 < state[0] <= steady
    pushed: list[int] = []
    real_push = loudness.LoudnessMeter.push
    monkeypatch.setattr(loudness.LoudnessMeter, "push",
                        lambda self, audio: (pushed.append(audio.shape[-1]),
                                             real_push(self, audio))[1])
    resumed, _ = loudness.measure(longer, SR, resume=state)
    assert sum(pushed) == 47 * SR - state[0]  # only the new end was read
    pushed.clear()
    assert resumed == loudness.measure(longer, SR)[0]  # bit for bit the same number
    assert sum(pushed) == 47 * SR


def test_aligned_stems_are_full_length_tracks_that_sum_to_the_mix_before_the_master(tmp_path):
    import numpy as np
    import soundfile as sf

    script = long_script()
    for element in script["elements"]:
        element["target_lufs"] = -30.0  # quiet: the limiter leaves the master alone
    result = studio(tmp_path, "tracks").render(script, tmp_path / "out", aligned_stems=True)
    tracks = sorted(p.name for p in (tmp_path / "out" / "tracks").iterdir())
    assert tracks == ["ambience.wav", "dialogue-a.wav", "dialogue-b.wav", "music.wav"]
    audio = {name: sf.read(tmp_path / "out" / "tracks" / name, dtype="float32",
                           always_2d=True)[0] for name in tracks}
    assert all(a.shape == (result.n_samples, 2) for a in audio.values())
    assert all(np.abs(a).max() > 0 for a in audio.values())
    # The tracks (ducked as in the mix) sum to the master, to 24 bits.
    np.testing.assert_allclose(result.mix.T, sum(audio.values()), atol=2e-7)
    # A bundle without the option has no tracks.
    plain = studio(tmp_path, "plain").render(script, tmp_path / "plain")
    assert not (tmp_path / "plain" / "tracks").exists() and plain.n_samples == result.n_samples


def test_a_master_that_needs_a_trim_is_made_again_with_it_and_still_reused(tmp_path,
                                                                           monkeypatch):
    import numpy as np

    from wavjourney.engine import master

    plain = studio(tmp_path, "plain").render(long_script(), tmp_path / "plain")
    # As if the limited peak had come out 0.5 dB over the ceiling.
    monkeypatch.setattr(master, "trim_db", lambda peak_dbtp, ceiling_dbtp: -0.5)
    warm = studio(tmp_path, "warm")
    trimmed = warm.render(long_script(), tmp_path / "out")
    np.testing.assert_allclose(trimmed.mix, plain.mix * 10 ** (-0.5 / 20), atol=2e-7)
    assert trimmed.report["true_peak_dbtp"] == pytest.approx(
        plain.report["true_peak_dbtp"] - 0.5, abs=0.011)
    again = warm.render(edited(long_script()), tmp_path / "out")
    assert again.report["master_segments"]["copied"] >= 5  # the trimmed segments are reused


def test_a_wav_is_the_same_written_in_any_order_and_adjacent_copies_are_one(tmp_path):
    import numpy as np

    from wavjourney import audio_io
    from wavjourney.audio_io import WavWriter
    from wavjourney.engine.master import Segment, _copy_runs

    source = tmp_path / "source.wav"
    frames = np.arange(2 * 1000, dtype=np.int32).reshape(2, 1000) << 8
    with WavWriter(source, SR, 2) as writer:
        writer.write(frames)
    # The master's order: copies of the old mix in one thread, new blocks in another.
    with WavWriter(tmp_path / "any-order.wav", SR, 2) as writer:
        writer.write(frames[:, 600:700], at=600)
        writer.copy(source, 700, 1000, at=700)
        writer.copy(source, 0, 600, at=0)
    assert (tmp_path / "any-order.wav").read_bytes() == source.read_bytes()
    got = audio_io.pcm24_frames(tmp_path / "any-order.wav", 2, 0, 1000)
    assert np.array_equal(got, frames)

    def old(first: int, last: int) -> Segment:
        return Segment("", first, last, 0.0, [], [], "")

    # Segments copied to 0, 100, 350 from 0, 100, 350 (adjacent in both files), then one
    # moved by 50, then one adjacent in the new file only.
    reused = [(0, old(0, 100)), (100, old(100, 350)), (350, old(350, 600)),
              (650, old(600, 700)), (750, old(900, 950))]
    assert _copy_runs(reused) == [(0, 600, 0), (600, 700, 650), (900, 950, 750)]


def test_publishing_into_a_bundle_swaps_files_and_frees_the_old_ones_later(tmp_path):
    import threading

    from wavjourney import destination

    target, staged, aside = tmp_path / "mix.wav", tmp_path / "staged.wav", tmp_path / "aside"
    target.write_bytes(b"old")
    staged.write_bytes(b"new")
    inode = staged.stat().st_ino
    assert destination._exchange(staged, target)  # the system call works here (Linux)
    assert target.read_bytes() == b"new" and staged.read_bytes() == b"old"
    staged.write_bytes(b"newer")
    destination.replace(staged, target, aside)
    assert target.read_bytes() == b"newer" and aside.read_bytes() == b"new"
    assert aside.stat().st_ino == inode and not staged.exists()
    fresh = tmp_path / "fresh.wav"
    destination.replace(aside, fresh, tmp_path / "unused")  # nothing there: a plain move
    assert fresh.read_bytes() == b"new" and not (tmp_path / "unused").exists()
    folder = tmp_path / "folder.wav"
    folder.mkdir()
    with pytest.raises(OSError):  # never swapped with a folder (which would be removed)
        destination.replace(fresh, folder, tmp_path / "moved")
    assert folder.is_dir() and not (tmp_path / "moved").exists()

    warm = studio(tmp_path, "warm")
    warm.render(long_script(), tmp_path / "out")
    before = (tmp_path / "out" / "mix.wav").stat().st_ino
    warm.render(edited(long_script()), tmp_path / "out")
    assert (tmp_path / "out" / "mix.wav").stat().st_ino != before
    for thread in threading.enumerate():
        if thread.name == "wavjourney-remove":
            thread.join()
    assert not list(tmp_path.glob(".out.partial-*"))


def test_a_render_in_a_new_process_measures_only_the_stems_that_changed(tmp_path,
                                                                        monkeypatch):
    from wavjourney.engine import ops
    from wavjourney.engine.cache import ClipCache

    first = studio(tmp_path, "shared")
    first.render(long_script(), tmp_path / "out")
    measured: list[int] = []
    real = ops.measure
    monkeypatch.setattr(ops, "measure", lambda audio, *a, **k: (
        measured.append(audio.shape[-1]), real(audio, *a, **k))[1])
    # A new studio (as a new CLI process): the memo is empty, the clip cache is shared.
    again = studio(tmp_path, "shared").render(edited(long_script()), tmp_path / "out")
    assert len(measured) == 2  # the edited line and the bed that spans it
    cold = studio(tmp_path, "cold").render(edited(long_script()), tmp_path / "cold")
    assert (tmp_path / "out" / "mix.wav").read_bytes() == (tmp_path / "cold" /
                                                           "mix.wav").read_bytes()
    for stem in (tmp_path / "cold" / "stems").iterdir():
        assert (tmp_path / "out" / "stems" / stem.name).read_bytes() == stem.read_bytes()
    assert again.report["loudness_lufs"] == cold.report["loudness_lufs"]

    measured.clear()
    studio(tmp_path, "fresh").render(edited(long_script()), tmp_path / "fresh")
    everything = sorted(set(measured))  # each distinct stem (by length)
    assert len(everything) > 2
    ClipCache(tmp_path / "cache-shared").clear()  # clearing the cache forgets them too
    measured.clear()
    studio(tmp_path, "shared").render(edited(long_script()), tmp_path / "out")
    assert sorted(set(measured)) == everything


def test_a_copied_segment_is_measured_again_when_the_master_before_it_changed(tmp_path):
    """Loudness is K-weighted over the 0.1 s before a segment, further back than the
    stretch of mix that names the segment: when only that changed, the copied segment's
    steps are measured again."""
    from wavjourney.dsp.mix import MixPlan, Placed
    from wavjourney.engine import master as m

    anchor, n = SR, 2 * SR
    noise = torch.Generator().manual_seed(3)
    later = 0.1 * torch.randn(2, SR, generator=noise)

    def plan(first: torch.Tensor, key: str) -> MixPlan:
        # The first clip ends 3,000 samples before the anchor: outside the limiter's reach
        # (what the segment's key covers), inside the loudness warm-up.
        return MixPlan((Placed(0, first, key), Placed(anchor, later, "later")), n, 2, SR,
                       anchors=(anchor,))

    _, _, margin = limiter.limiter_reach(SR)
    assert margin < 3000 < int(m.LOUDNESS_WARMUP_S * SR)
    before = plan(0.1 * torch.randn(2, anchor - 3000, generator=noise), "quiet")
    after = plan(0.3 * torch.randn(2, anchor - 3000, generator=noise), "loud")
    first = m.master(before, -1.0, tmp_path / "first.wav")
    previous = m.Previous(tmp_path / "first.wav", 0.0, {s.key: s for s in first.segments})
    again = m.master(after, -1.0, tmp_path / "again.wav", previous)
    cold = m.master(after, -1.0, tmp_path / "cold.wav")
    assert again.copied == 1  # the segment at the anchor
    assert first.segments[1].energies != cold.segments[1].energies  # the test means something
    assert [vars(s) for s in again.segments] == [vars(s) for s in cold.segments]
    assert again.loudness_lufs == cold.loudness_lufs

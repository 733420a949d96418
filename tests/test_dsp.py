"""DSP ops: loudness against pyloudnorm, fit, fades, ducking, the true-peak limiter."""

from __future__ import annotations

import numpy as np
import pyloudnorm
import pytest
import torch

from wavjourney.dsp.core import to_channels
from wavjourney.dsp.fit import fade, fit_exact, fit_loop
from wavjourney.dsp.limiter import limit, true_peak_db
from wavjourney.dsp.loudness import integrated_loudness, normalize_loudness
from wavjourney.dsp.mix import MixPlan, Placed, duck_gain

SR = 44_100


def tone(seconds: float, hz: float = 440.0, amplitude: float = 0.3, sr: int = SR) -> torch.Tensor:
    t = torch.arange(int(seconds * sr)) / sr
    return (amplitude * torch.sin(2 * torch.pi * hz * t))[None]


@pytest.mark.parametrize("sr", [22_050, 44_100, 48_000])
@pytest.mark.parametrize("seconds", [0.5, 3.0, 12.0])
def test_loudness_matches_pyloudnorm(sr, seconds):
    rng = np.random.default_rng(1)
    t = np.arange(int(seconds * sr)) / sr
    signal = (0.2 * np.sin(2 * np.pi * 300 * t) * (1 + 0.9 * np.sin(2 * np.pi * 0.7 * t))
              + 0.03 * rng.standard_normal(t.size))
    stereo = np.stack([signal, 0.6 * signal])
    expected = pyloudnorm.Meter(sr).integrated_loudness(stereo.T)
    assert integrated_loudness(torch.tensor(stereo, dtype=torch.float32), sr) == \
        pytest.approx(expected, abs=0.1)


def test_short_clip_is_measured_ungated_and_normalised():
    click = tone(0.15, 1000)
    assert np.isfinite(integrated_loudness(click, SR))
    levelled, _, _ = normalize_loudness(click, SR, -20.0)
    assert integrated_loudness(levelled, SR) == pytest.approx(-20.0, abs=0.01)


def test_silence_is_left_alone():
    silent = torch.zeros(1, SR)
    assert integrated_loudness(silent, SR) == float("-inf")
    out, gain, _ = normalize_loudness(silent, SR, -20.0)
    assert gain == 0.0 and torch.equal(out, silent)


def test_fit_exact_trims_with_fade_and_pads():
    clip = tone(2.0)
    trimmed = fit_exact(clip, SR, SR)
    assert trimmed.shape[-1] == SR and abs(float(trimmed[0, -1])) < 1e-3
    padded = fit_exact(clip, SR, 3 * SR)
    assert padded.shape[-1] == 3 * SR and float(padded[:, 2 * SR:].abs().max()) == 0.0


def test_seamless_loop_tiles_exactly():
    bed = torch.randn(2, 1000)
    out = fit_loop(bed, SR, 3500, crossfade_s=0.01, seamless=True)
    assert out.shape == (2, 3500)
    assert torch.equal(out[:, 1000:2000], bed)


def test_crossfaded_loop_has_no_gaps_and_keeps_level():
    bed = tone(1.0, 220)
    out = fit_loop(bed, SR, 5 * SR, crossfade_s=0.2, seamless=False)
    assert out.shape[-1] == 5 * SR
    window = int(0.05 * SR)
    rms = out[0, : 4 * SR].unfold(0, window, window).pow(2).mean(dim=1).sqrt()
    assert float(rms.min()) > 0.5 * float(rms.max())  # no dropouts at the joins


def test_fades_start_and_end_at_zero():
    faded = fade(torch.ones(1, SR), SR, 0.1, 0.2)
    assert float(faded[0, 0]) == 0.0 and float(faded[0, -1]) == 0.0
    assert float(faded[0, SR // 2]) == 1.0


def test_mono_to_stereo_keeps_per_channel_level_and_pans():
    mono = tone(1.0)
    centred = to_channels(mono, 2)
    assert torch.allclose(centred[0], centred[1])
    left = to_channels(mono, 2, pan=-1.0)
    assert float(left[1].abs().max()) < 1e-6


def test_duck_gain_dips_during_speech_and_recovers():
    gain = duck_gain(10 * 100, 100, [(2.0, 4.0)], amount_db=8.0, attack_s=0.2,
                     release_s=0.5).tolist()
    assert gain[100] == pytest.approx(1.0)
    assert gain[300] == pytest.approx(10 ** (-8 / 20), rel=1e-4)
    assert gain[600] == pytest.approx(1.0)
    assert 10 ** (-8 / 20) < gain[420] < 1.0  # releasing


def test_mix_sums_at_offsets():
    plan = MixPlan((Placed(0, torch.ones(2, 10)), Placed(5, torch.ones(2, 10))), 20, 2, 100)
    assert plan.render(0, 20)[0].tolist() == [1] * 5 + [2] * 5 + [1] * 5 + [0] * 5
    assert torch.equal(torch.cat([plan.render(0, 7), plan.render(7, 20)], -1), plan.render(0, 20))


@pytest.mark.parametrize("amplitude", [0.5, 1.0, 3.0])
def test_limiter_holds_true_peak_ceiling(amplitude):
    rng = torch.Generator().manual_seed(0)
    loud = amplitude * torch.randn(2, 3 * SR, generator=rng) * tone(3.0, 2)[0].abs()
    out, peak_db = limit(loud, SR, ceiling_dbtp=-1.0)
    assert peak_db <= -1.0
    assert true_peak_db(out) <= -1.0
    if true_peak_db(loud) < -1.5:
        assert torch.equal(out, loud)  # under the ceiling, the limiter does nothing


def test_true_peak_sees_intersample_peaks():
    sr = 48_000
    n = np.arange(sr)
    quarter = np.sin(2 * np.pi * (sr / 4) / sr * n + np.pi / 4)  # samples at ±0.707
    assert 20 * np.log10(np.abs(quarter).max()) == pytest.approx(-3.01, abs=0.01)
    assert true_peak_db(torch.tensor(quarter[None], dtype=torch.float32)) > -0.3

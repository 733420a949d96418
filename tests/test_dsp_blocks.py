"""Block-wise DSP equals the whole-signal reference it replaced (within float tolerance)."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest
import torch
from scipy import signal

from wavjourney.dsp import iir, limiter
from wavjourney.dsp.loudness import k_weighting_sos
from wavjourney.dsp.mix import duck_breakpoints, duck_gain

SR = 44_100


def _noise(channels: int, n: int, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    x = 0.3 * rng.standard_normal((channels, n))
    x[:, : n // 3] += 0.8  # a DC step: the hardest case for a high-pass near DC
    return x


@pytest.mark.parametrize("sr", [22_050, 44_100, 48_000])
@pytest.mark.parametrize("n", [1, 63, 64, 65, 5_000, 70_001])
def test_sosfilt_matches_scipy(sr, n, monkeypatch):
    monkeypatch.setattr(iir, "CHUNK_SAMPLES", 4096)  # several chunks carry the state
    sos = np.array(k_weighting_sos(sr))
    sos /= sos[:, 3:4]  # scipy wants a0 = 1
    x = _noise(2, n)
    expected = signal.sosfilt(sos, x, axis=-1)
    got = iir.sosfilt(sos, torch.tensor(x, dtype=torch.float32))
    assert got.dtype == torch.float32 and got.shape == (2, n)
    np.testing.assert_allclose(got.numpy(), expected, atol=1e-4)
    exact = iir.sosfilt(sos, torch.tensor(x))  # float64 in: the algorithm itself is exact
    np.testing.assert_allclose(exact.numpy(), expected, atol=1e-9)


def test_sosfilt_other_filters():
    sos = signal.butter(4, 0.3, output="sos")
    x = _noise(1, 10_000, seed=3)
    got = iir.sosfilt(sos, torch.tensor(x, dtype=torch.float32)).numpy()
    np.testing.assert_allclose(got, signal.sosfilt(sos, x, axis=-1), atol=1e-5)


def test_interpolator_is_scipy_firwin():
    taps = signal.firwin(limiter.OVERSAMPLE * limiter._OVERSAMPLE_TAPS_PER_PHASE,
                         0.9 / limiter.OVERSAMPLE, window=("kaiser", 8.0)) * limiter.OVERSAMPLE
    expected = taps.reshape(-1, limiter.OVERSAMPLE).T
    np.testing.assert_allclose(limiter._interpolator(), expected, rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("radius", [1, 220, 2_205, 9_000])
def test_moving_mean_matches_float64_cumsum(radius):
    x = torch.rand(100_003, generator=torch.Generator().manual_seed(radius)).clamp(max=0.9)
    x[::7] = 1.0
    padded = np.pad(x.double().numpy(), (radius + 1, radius), mode="edge")
    cumulative = np.cumsum(padded)
    width = 2 * radius + 1
    expected = (cumulative[width:] - cumulative[:-width]) / width
    got = limiter._moving_mean(x, radius)
    assert got.dtype == torch.float32 and got.shape == x.shape
    np.testing.assert_allclose(got.numpy(), expected, atol=1e-5)


@pytest.mark.parametrize("floor", [0.3, 0.9, 2.0])
def test_peak_envelope_matches_full_oversampling(floor):
    rng = torch.Generator().manual_seed(0)
    x = 0.4 * torch.randn(2, 50_000, generator=rng)
    x[:, 20_000:24_000] *= 3.0
    got = limiter._peak_envelope(x, floor)
    phases = torch.as_tensor(limiter._interpolator(), dtype=torch.float32)
    taps = phases.shape[-1]
    padded = torch.nn.functional.pad(x, (taps // 2, taps - 1 - taps // 2))[:, None]
    full = torch.nn.functional.conv1d(padded, phases.flip(-1)[:, None]).abs().amax(dim=(0, 1))
    expected = torch.maximum(full, x.abs().amax(dim=0))
    above = expected > floor
    # Wherever the answer is above the floor the envelope is exact; elsewhere it is the
    # sample peak or more, and never above the floor.
    torch.testing.assert_close(got[above], expected[above], atol=1e-6, rtol=1e-6)
    assert bool((got[~above] <= floor + 1e-6).all())
    assert bool((got >= x.abs().amax(dim=0)).all())


def test_duck_gain_matches_numpy_interp():
    intervals = [(-1.0, 0.5), (2.0, 3.0), (3.1, 3.2), (7.0, 12.5)]
    amount_db, attack_s, release_s = 9.0, 0.2, 0.5
    got = duck_gain(10 * SR, SR, intervals, amount_db, attack_s, release_s)
    points_t, points_db = duck_breakpoints(intervals, amount_db, attack_s, release_s)
    expected = 10 ** (np.interp(np.arange(10 * SR) / SR, points_t, points_db) / 20)
    assert got.dtype == torch.float32
    np.testing.assert_allclose(got.numpy(), expected, rtol=1e-6)


def test_render_dsp_does_not_import_scipy_signal():
    code = ("import sys, torch\n"
            "from wavjourney.dsp.limiter import limit\n"
            "from wavjourney.dsp.loudness import normalize_loudness\n"
            "x = torch.randn(2, 48000)\n"
            "normalize_loudness(x, 48000, -16.0)\n"
            "limit(x * 4, 48000)\n"
            "print('scipy.signal' in sys.modules)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "False"


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_limiter_peak_from_touched_blocks_equals_a_full_rescan(seed):
    gen = torch.Generator().manual_seed(seed)
    n = 20 * limiter._SCAN_BLOCK + 123
    x = 0.2 * torch.randn(2, n, generator=gen)
    for start in torch.randint(0, n - 3000, (4,), generator=gen).tolist():
        x[:, start:start + 3000] *= 6.0  # a few loud bursts: most blocks stay untouched
    ceiling = limiter.db_to_gain(-1.0 - 0.05)
    out, peak_db = limiter.limit(x, SR, -1.0, release_s=0.01)
    full = float(limiter._peak_envelope(out, floor=ceiling).max())
    assert peak_db == pytest.approx(20 * np.log10(full), abs=1e-6)
    assert peak_db <= -1.0

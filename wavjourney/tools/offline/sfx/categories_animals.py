"""Animal voices and hooves (birds, crickets, frogs and owls live with nature)."""

from __future__ import annotations

import numpy as np

from wavjourney.tools.offline.sfx import synth as S
from wavjourney.tools.offline.sfx.core import EVENT_START_S, RenderContext, SfxCategory, terms

DOG_F0_HZ = 420.0
BARK_GROUP_PERIOD_S = 1.8
MEOW_F0_HZ = 560.0
MEOW_LENGTH_S = 0.85
GALLOP_STRIDE_S = 0.62
TROT_STRIDE_S = 0.5


def _bark(sr: int, rng: np.random.Generator, f0_hz: float, size: float) -> np.ndarray:
    length_s = rng.uniform(0.16, 0.24) * size**0.5
    n = int(length_s * sr)
    shape = S.hump(n, peak_frac=0.25, sharpness=1.0)
    f0 = f0_hz * (0.85 + 0.3 * shape) * (1 + 0.03 * S.white(rng, n).cumsum() / np.sqrt(n))
    src = S.sawtooth(f0, n, sr) + 0.35 * S.white(rng, n)
    env = S.decay_env(n, length_s * 0.45, sr, attack_s=0.008) * S.ar_env(n, 0.001, 0.02, sr)
    f1 = 750.0 / size**0.5
    voice = S.formants(src * env, (f1, 1500.0 / size**0.3, 2700.0), (1.0, 0.7, 0.3), 4.0, sr)
    return S.lowpass(S.soft_clip(S.normalize(voice), 2.5), 4000.0, sr)


def _dog_bark(ctx: RenderContext) -> np.ndarray:
    rng, sr, n = ctx.rng, ctx.sr, ctx.n
    f0 = DOG_F0_HZ / ctx.size
    out = np.zeros(n)
    t = EVENT_START_S
    while t < ctx.duration_s - 0.2:
        for _ in range(rng.integers(2, 4)):
            bark = _bark(sr, rng, f0 * rng.uniform(0.92, 1.08), ctx.size)
            out += S.delayed(np.pad(bark, (0, max(0, n - bark.size)))[:n], ctx.samples(t))
            t += rng.uniform(0.24, 0.34) / ctx.rate
        t += rng.uniform(0.8, 1.6) * BARK_GROUP_PERIOD_S / ctx.rate
    return S.reverb(S.pan(out, rng.uniform(-0.3, 0.3)), sr, 0.7, 0.12)


def _meow(sr: int, rng: np.random.Generator, size: float) -> np.ndarray:
    length_s = MEOW_LENGTH_S * rng.uniform(0.85, 1.15)
    n = int(length_s * sr)
    x = np.linspace(0, 1, n)
    f0 = MEOW_F0_HZ / size * (1 + 0.35 * S.hump(n, 0.35, 1.0) - 0.1 * x)
    f0 *= 1 + 0.015 * np.sin(2 * np.pi * 6.0 * S.time_axis(n, sr))
    src = S.sawtooth(f0, n, sr) * S.ar_env(n, 0.06, 0.25, sr)
    # "mi" -> "a" -> "ow": crossfade three vowel filterings.
    vowels = (
        ((450.0, 2300.0, 3100.0), 0.0),
        ((950.0, 1550.0, 2900.0), 0.45),
        ((500.0, 900.0, 2600.0), 1.0),
    )
    out = np.zeros(n)
    for freqs, centre in vowels:
        w = np.exp(-0.5 * ((x - centre) / 0.22) ** 2)
        out += w * S.formants(src, freqs, (1.0, 0.6, 0.25), 6.0, sr)
    return S.normalize(S.lowpass(out, 5000.0, sr))


def _cat_meow(ctx: RenderContext) -> np.ndarray:
    rng, sr, n = ctx.rng, ctx.sr, ctx.n
    out = np.zeros(n)
    t = EVENT_START_S
    while t < ctx.duration_s - 0.4:
        meow = _meow(sr, rng, ctx.size)
        out += S.delayed(np.pad(meow, (0, max(0, n - meow.size)))[:n], ctx.samples(t))
        t += rng.uniform(1.6, 2.6) / ctx.rate
    return S.reverb(S.pan(out, rng.uniform(-0.2, 0.2)), sr, 0.5, 0.12)


def _horse(ctx: RenderContext) -> np.ndarray:
    rng, sr, n = ctx.rng, ctx.sr, ctx.n
    trot = ctx.has("slow")
    stride = (TROT_STRIDE_S if trot else GALLOP_STRIDE_S) / (ctx.rate if not trot else 1.0)
    pattern = (0.0, 0.5) if trot else (0.0, 0.11, 0.22)
    strides = np.arange(EVENT_START_S, ctx.duration_s, stride)
    times = (strides[:, None] + np.array(pattern)[None, :] * (stride if trot else 1.0)).ravel()
    times = times + rng.normal(0, 0.006, times.size)
    count = times.size
    onsets = (times * sr).astype(np.int64)
    hard = ctx.has("concrete", "metal")
    thump = S.modal_grains(
        rng.uniform(90, 160, (count, 2)) * np.array([1.0, 2.4]),
        np.full((count, 2), 0.035),
        np.array([[1.0, 0.4]]).repeat(count, 0),
        ctx.samples(0.15),
        sr,
        rng,
    )
    click = S.noise_grains(
        rng, count, ctx.samples(0.15), np.full(count, 0.004 if hard else 0.012), sr
    )
    click = S.bandpass(click, 900.0, 5000.0 if hard else 2500.0, sr)
    grains = (
        thump + (1.2 if hard else 0.6) * click / (np.abs(click).max() + S.EPS) * np.abs(thump).max()
    )
    accents = np.tile(np.linspace(1.0, 0.75, len(pattern)), strides.size)[:count]
    pos = np.linspace(-0.6, 0.6, count)
    out = S.place_stereo(n, onsets, grains, accents * rng.uniform(0.8, 1.0, count), pos)
    dirt = S.bandpass(S.pink(rng, (2, n)), 300, 2000, sr)
    return S.rms_normalize(out) + 0.05 * S.rms_normalize(dirt)


CATEGORIES = (
    SfxCategory(
        "dog_bark",
        "a dog barking (small: yapping, large: deep woofs)",
        _dog_bark,
        terms(
            "dog dogs bark barking barks woof puppy hound yap yapping yelp",
            weak="growl kennel",
            phrases=("dog barking", "barking dog"),
        ),
        3.0,
        "stream",
        group="animals",
    ),
    SfxCategory(
        "cat_meow",
        "a cat meowing",
        _cat_meow,
        terms(
            "cat cats meow meowing mew kitten kitty purr", weak="feline", phrases=("cat meowing",)
        ),
        2.0,
        "stream",
        group="animals",
    ),
    SfxCategory(
        "horse_gallop",
        "horse hooves galloping (slow: trotting)",
        _horse,
        terms(
            "horse horses gallop galloping hooves hoof trot trotting stallion pony",
            weak="rider cavalry",
            phrases=("horse galloping", "horse hooves"),
        ),
        6.0,
        "stream",
        group="animals",
    ),
)

"""Kitchen and small-water recipes: espresso machine, pouring, drips, bubbles, kettle."""

from __future__ import annotations

import numpy as np

from wavjourney.tools.offline.sfx import synth as S
from wavjourney.tools.offline.sfx.core import EVENT_START_S, RenderContext, SfxCategory, terms

DRIPS_PER_S = 1.3


def _coffee_machine(ctx: RenderContext) -> np.ndarray:
    rng, sr, n = ctx.rng, ctx.sr, ctx.n
    t = S.time_axis(n, sr)
    split = ctx.duration_s * 0.6
    pump_gate = np.zeros(n)
    m = min(max(ctx.samples(split - 0.1), 64), n)
    pump_gate[:m] = S.ar_env(m, 0.1, 0.3, sr)
    pump = S.lowpass(S.sawtooth(50.0, n, sr) + 0.5 * S.sawtooth(100.0, n, sr), 1200.0, sr)
    pump *= 0.8 + 0.2 * np.sin(2 * np.pi * 3.0 * t)
    onsets = S.poisson_onsets(rng, 30.0, 0.3, split, sr)
    f0 = rng.uniform(200, 700, onsets.size)
    gurgle = S.place(
        n, onsets, S.chirp_grains(f0, f0 * 1.7, ctx.samples(0.04), sr, np.full(onsets.size, 0.012))
    )
    trickle = S.bandpass(S.white(rng, n), 900, 3000, sr) * S.smooth_random(rng, n, 6.0, sr)
    steam_gate = np.zeros(n)
    s0 = ctx.samples(split)
    if n - s0 > 32:
        steam_gate[s0:] = S.ar_env(n - s0, 0.15, 0.4, sr)
    steam_src = S.white(rng, (2, n))
    steam = S.highpass(steam_src, 2500.0, sr) + 0.6 * S.resonate(steam_src, 3300.0, 6.0, sr)
    steam *= steam_gate * (0.8 + 0.2 * S.smooth_random(rng, n, 12.0, sr))
    machine = (
        S.rms_normalize(pump) * 0.6 + S.rms_normalize(gurgle) * 0.7 + 0.3 * S.rms_normalize(trickle)
    ) * pump_gate
    return S.stereo_mix(machine) + 0.9 * steam / (np.sqrt(np.mean(steam**2)) + S.EPS) * 0.5


def _pouring(ctx: RenderContext) -> np.ndarray:
    rng, sr, n = ctx.rng, ctx.sr, ctx.n
    s0 = ctx.samples(EVENT_START_S)
    m = max(ctx.samples(0.3), int((n - s0) * 0.85))
    m = min(m, n - s0)
    gate = S.ar_env(m, 0.08, 0.25, sr)
    fill = np.linspace(0.0, 1.0, m)
    noise = S.white(rng, (2, m)) * (0.5 + 0.5 * S.smooth_random(rng, m, 25.0, sr))
    # The air column above the water shortens as the glass fills: its resonance rises.
    resonance = S.swept_band(
        S.lowpass(noise, 3000.0, sr),
        350.0 * 4.5**fill / ctx.size,
        sr,
        300.0,
        2200.0,
        7,
        0.25,
        q=7.0,
    )
    splash = S.bandpass(noise, 1500.0, 6000.0, sr)
    onsets = S.poisson_onsets(rng, 25.0, 0.0, m / sr, sr)
    f0 = rng.uniform(500, 1500, onsets.size)
    bubbles = S.place_stereo(
        m,
        onsets,
        S.chirp_grains(f0, f0 * 2.0, ctx.samples(0.025), sr, np.full(onsets.size, 0.006)),
        np.ones(onsets.size),
        rng.uniform(-0.3, 0.3, onsets.size),
    )
    pour = (
        S.rms_normalize(resonance) + 0.12 * S.rms_normalize(splash) + 0.5 * S.rms_normalize(bubbles)
    ) * gate
    out = np.zeros((2, n))
    out[:, s0 : s0 + m] = S.width(pour, 0.6)
    return out


def _drip(ctx: RenderContext) -> np.ndarray:
    rng, sr, n = ctx.rng, ctx.sr, ctx.n
    times = S.jittered_grid(
        rng, 1.0 / (DRIPS_PER_S * ctx.rate * ctx.intensity), EVENT_START_S, ctx.duration_s, 0.12, sr
    )
    count = times.size
    f0 = rng.uniform(900, 1400, count) / ctx.size
    plink = S.chirp_grains(f0, f0 * 1.9, ctx.samples(0.06), sr, rng.uniform(0.015, 0.03, count))
    splash = S.highpass(
        S.noise_grains(rng, count, ctx.samples(0.06), np.full(count, 0.002), sr), 2000, sr
    )
    drips = S.place_stereo(
        n, times, plink + 0.15 * splash, rng.uniform(0.7, 1.0, count), rng.uniform(-0.4, 0.4, count)
    )
    return S.reverb(drips, sr, 1.8, 0.35, damping_hz=3500.0)


def _bubbles(ctx: RenderContext) -> np.ndarray:
    rng, sr, n = ctx.rng, ctx.sr, ctx.n
    bursts = S.poisson_onsets(rng, 1.2 * ctx.rate, 0.0, ctx.duration_s, sr)
    per = rng.integers(4, 14, bursts.size)
    onsets = np.repeat(bursts, per) + (rng.exponential(0.12, per.sum()) * sr).astype(np.int64)
    count = onsets.size
    f0 = rng.lognormal(np.log(380.0 / ctx.size), 0.4, count)
    grains = S.chirp_grains(f0, f0 * 1.5, ctx.samples(0.08), sr, rng.uniform(0.015, 0.035, count))
    blub = S.place_stereo(
        n, onsets, grains, rng.uniform(0.4, 1.0, count), rng.uniform(-0.6, 0.6, count)
    )
    under = S.lowpass(S.brown(rng, (2, n), sr), 300.0, sr)
    return S.lowpass(S.rms_normalize(blub) + 0.25 * S.rms_normalize(under), 3000.0, sr)


def _kettle(ctx: RenderContext) -> np.ndarray:
    rng, sr, n = ctx.rng, ctx.sr, ctx.n
    heat = np.linspace(0.0, 1.0, n)
    onsets = S.poisson_onsets(rng, 90.0, 0.0, ctx.duration_s, sr)
    on_heat = heat[np.minimum(onsets, n - 1)]
    f0 = rng.uniform(250, 900, onsets.size)
    boil = S.place(
        n,
        onsets,
        S.chirp_grains(f0, f0 * 1.6, ctx.samples(0.03), sr, np.full(onsets.size, 0.008)),
        on_heat**2,
    )
    rumble = S.lowpass(S.brown(rng, n, sr), 300.0, sr) * heat
    whistle_gate = np.clip((heat - 0.5) / 0.2, 0, 1) ** 2
    whistle_f = 2100.0 * (1 + 0.01 * np.sin(2 * np.pi * 5.5 * S.time_axis(n, sr)))
    whistle = S.tone(whistle_f, n, sr, (1.0, 0.1)) + 0.3 * S.bandpass(
        S.white(rng, n), 1800, 2500, sr
    )
    mono = (
        0.6 * S.rms_normalize(boil)
        + 0.4 * S.rms_normalize(rumble)
        + 0.5 * S.rms_normalize(whistle) * whistle_gate
    )
    return S.pan(mono, 0.1)


CATEGORIES = (
    SfxCategory(
        "coffee_machine",
        "an espresso machine: pump buzz, gurgle, then steam",
        _coffee_machine,
        terms(
            "espresso barista cappuccino latte steamer",
            weak="coffee brewing brew milk",
            phrases=(
                "coffee machine",
                "espresso machine",
                "coffee maker",
                "steaming milk",
                "making coffee",
                "brewing coffee",
            ),
        ),
        8.0,
        "oneshot",
        indoor=True,
        group="kitchen",
    ),
    SfxCategory(
        "pouring_water",
        "water poured into a glass (pitch rises as it fills)",
        _pouring,
        terms(
            "pour pouring poured",
            weak="water glass jug drink pitcher liquid",
            phrases=("pouring water", "glass of water", "water into a glass"),
        ),
        4.0,
        "oneshot",
        indoor=True,
        group="kitchen",
    ),
    SfxCategory(
        "water_drip",
        "slow water drips echoing (leaky tap, cave)",
        _drip,
        terms(
            "drip drips dripping droplet droplets leak leaky faucet",
            weak="tap cave sink water",
            phrases=("water dripping", "dripping water", "leaky faucet", "dripping tap"),
        ),
        6.0,
        "stream",
        indoor=True,
        group="water",
    ),
    SfxCategory(
        "bubbles",
        "underwater bubbles blub-blub",
        _bubbles,
        terms(
            "bubble bubbles bubbling blub gurgle gurgling underwater",
            weak="aquarium fish tank",
            phrases=("air bubbles", "blowing bubbles"),
        ),
        4.0,
        "ambience",
        group="water",
    ),
    SfxCategory(
        "kettle",
        "a kettle boiling and starting to whistle",
        _kettle,
        terms(
            "kettle boiling boil",
            weak="stove tea water",
            phrases=("kettle whistling", "boiling water", "tea kettle"),
        ),
        8.0,
        "oneshot",
        indoor=True,
        group="kitchen",
    ),
)

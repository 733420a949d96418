"""Kitchen and small-water recipes: espresso machine, pouring, drips, bubbles, kettle, dishes."""

from __future__ import annotations

import numpy as np

from wavjourney.tools.offline.sfx import synth as S
from wavjourney.tools.offline.sfx.core import EVENT_START_S, RenderContext, SfxCategory, terms

DRIPS_PER_S = 1.3
# Tableware modes: (lowest mode range in Hz, mode ratios, decay of the lowest mode in s).
# Porcelain rings high and fairly long; a plate lower; steel cutlery very high and short.
CUP_MODES = ((2400.0, 3300.0), (1.0, 1.52, 2.31, 3.35), 0.22)
SAUCER_MODES = ((1500.0, 2100.0), (1.0, 2.08, 3.41, 4.9), 0.16)
PLATE_MODES = ((900.0, 1300.0), (1.0, 1.71, 2.83, 4.12), 0.3)
CUTLERY_MODES = ((5200.0, 7800.0), (1.0, 1.38, 2.7, 4.1), 0.06)
DISH_OBJECTS = (CUP_MODES, SAUCER_MODES, PLATE_MODES, CUTLERY_MODES)
STIR_STROKES_PER_S = 4.2
DISH_GRAIN_S = 0.45
DISH_SHORT_GRAIN_S = 0.25
DISH_SHORT_DAMPING = 2.5


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


def _dish_events(
    rng: np.random.Generator, duration_s: float, rate: float
) -> tuple[list[tuple[float, tuple, float, float]], list[tuple[float, float]]]:
    """A little scene, repeated while the clip lasts: a cup set down on its saucer (with a
    rattle or two), a spoon stirring against the cup, the spoon laid down, then cutlery on a
    plate and a plate set on another. Returns (time_s, modes, gain, damping) per strike
    (`damping` shortens the ring: a strike held by a hand or liquid rings less) and the
    (first, last) stroke times of each stirring."""
    events: list[tuple[float, tuple, float, float]] = []
    stirrings: list[tuple[float, float]] = []
    t = EVENT_START_S
    while t < duration_s:
        # Cup on saucer: cup and saucer both sound, then it settles with two small rattles.
        for k, (dt, gain) in enumerate(((0.0, 1.0), (0.028, 0.35), (0.047, 0.15))):
            events.append((t + dt, CUP_MODES, gain, 2.0 + k))
            events.append((t + dt + 0.001, SAUCER_MODES, 0.8 * gain, 1.5 + k))
        # Stirring: the spoon touches the cup wall twice a turn, damped by the coffee.
        stir0 = t + rng.uniform(0.6, 0.8) / rate
        strokes = int(rng.integers(6, 9))
        stir_t = stir0 + np.cumsum(rng.uniform(0.85, 1.15, strokes)) / (STIR_STROKES_PER_S * rate)
        stirrings.append((float(stir_t[0]), float(min(stir_t[-1], duration_s))))
        for st in stir_t:
            events.append((st, CUP_MODES, rng.uniform(0.25, 0.45), 3.0))
            events.append((st + 0.0005, CUTLERY_MODES, rng.uniform(0.15, 0.3), 1.5))
        # The spoon is tapped on the rim and laid on the saucer.
        t = stir_t[-1] + 0.3 / rate
        events.append((t, CUP_MODES, 0.5, 1.0))
        events.append((t + 0.0005, CUTLERY_MODES, 0.4, 1.0))
        t += rng.uniform(0.35, 0.5) / rate
        events.append((t, SAUCER_MODES, 0.5, 1.5))
        events.append((t + 0.012, CUTLERY_MODES, 0.4, 1.5))
        # Knife and fork on a plate, then the plate set down on another.
        t += rng.uniform(0.8, 1.2) / rate
        for _ in range(int(rng.integers(3, 6))):
            events.append((t, PLATE_MODES, rng.uniform(0.2, 0.4), 2.0))
            events.append((t + 0.0005, CUTLERY_MODES, rng.uniform(0.3, 0.6), 1.0))
            t += rng.uniform(0.15, 0.35) / rate
        t += rng.uniform(0.3, 0.6) / rate
        events.append((t, PLATE_MODES, 0.8, 2.5))
        events.append((t + 0.02, PLATE_MODES, 0.3, 3.0))
        t += rng.uniform(1.2, 2.0) / rate
    return [e for e in events if e[0] < duration_s], [s for s in stirrings if s[0] < duration_s]


def _dishes(ctx: RenderContext) -> np.ndarray:
    rng, sr, n = ctx.rng, ctx.sr, ctx.n
    events, stirrings = _dish_events(rng, ctx.duration_s, ctx.rate)
    count = len(events)
    times = np.array([e[0] for e in events])
    freqs = np.empty((count, 4))
    decays = np.empty((count, 4))
    # One cup, one saucer, one plate: each keeps its pitch; the cutlery varies piece by piece.
    pitch = {modes: rng.uniform(*modes[0]) / ctx.size for modes in DISH_OBJECTS}
    for i, (_, modes, _, damping) in enumerate(events):
        _, ratios, decay = modes
        spread = 0.08 if modes is CUTLERY_MODES else 0.01
        freqs[i] = pitch[modes] * rng.uniform(1 - spread, 1 + spread) * np.array(ratios)
        decays[i] = decay / damping / np.array(ratios) ** 0.6
    amps = np.array([[1.0, 0.7, 0.45, 0.3]]) * rng.uniform(0.7, 1.0, (count, 4))
    onsets = (times * sr).astype(np.int64)
    gains = np.array([e[2] for e in events])
    positions = np.where(
        np.array([e[1] is PLATE_MODES for e in events]), 0.35, -0.15
    ) + rng.uniform(-0.1, 0.1, count)
    # Well-damped strikes (stirring, rattles, cutlery) get shorter grains: far cheaper.
    short = np.array([e[1] is CUTLERY_MODES or e[3] >= DISH_SHORT_DAMPING for e in events])
    out = np.zeros((2, n))
    for sel, grain_s in ((~short, DISH_GRAIN_S), (short, DISH_SHORT_GRAIN_S)):
        idx = np.flatnonzero(sel)
        if idx.size:
            rings = S.modal_grains(
                freqs[idx], decays[idx], amps[idx], ctx.samples(grain_s), sr, rng
            )
            rings /= np.abs(rings).max(axis=1, keepdims=True) + S.EPS
            out += S.place_stereo(n, onsets[idx], rings, gains[idx], positions[idx])
    # The contact itself: a tick of bright noise at each strike.
    ticks = S.highpass(
        S.noise_grains(rng, count, ctx.samples(0.01), np.full(count, 0.0008), sr, 0.0001),
        2500.0,
        sr,
    )
    ticks /= np.abs(ticks).max(axis=1, keepdims=True) + S.EPS
    out += S.place_stereo(n, onsets, 0.35 * ticks, gains, positions)
    # The coffee swirling while it is stirred: a faint wet swish at the stroke rate.
    for first, last in stirrings:
        s0, s1 = ctx.samples(first - 0.1), min(n, ctx.samples(last + 0.2))
        m = s1 - s0
        if m > 64:
            t = S.time_axis(m, sr)
            swish = S.bandpass(S.white(rng, m), 500.0, 2500.0, sr, 2) * (
                0.3 + 0.7 * np.abs(np.sin(np.pi * STIR_STROKES_PER_S * ctx.rate * t))
            )
            swish *= S.ar_env(m, 0.1, 0.15, sr) * 0.025 / (np.sqrt(np.mean(swish**2)) + S.EPS)
            out[:, s0:s1] += S.pan(swish, -0.15)
    return out


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
        "dishes",
        "cups and dishes: a cup set on its saucer, a spoon stirring, cutlery on plates",
        _dishes,
        terms(
            "dishes crockery cutlery silverware tableware saucer saucers teacup teacups clink "
            "clinking clinks stirring stir",
            weak="cup cups mug mugs spoon spoons teaspoon fork forks knife knives plate plates "
            "bowl bowls tray clatter clattering porcelain ceramic",
            phrases=(
                "coffee cup",
                "tea cup",
                "cup and saucer",
                "cup on a saucer",
                "spoon stirring",
                "stirring tea",
                "stirring coffee",
                "clinking glasses",
                "glasses clinking",
                "washing dishes",
                "doing the dishes",
                "stacking plates",
                "knife and fork",
                "setting the table",
                "plates clattering",
            ),
            together=("cup saucer", "fork plate", "knife plate"),
        ),
        4.0,
        "stream",
        indoor=True,
        group="kitchen",
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

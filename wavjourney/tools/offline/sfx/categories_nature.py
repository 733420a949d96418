"""Weather, water, fire and night-time nature recipes."""

from __future__ import annotations

import numpy as np

from wavjourney.tools.offline.sfx import synth as S
from wavjourney.tools.offline.sfx.core import EVENT_START_S, RenderContext, SfxCategory, terms

RAIN_DROPS_PER_S = 220.0
RAIN_DROP_GRAIN_S = 0.012
ROOF_PLINKS_PER_S = 45.0
WINDOW_TAPS_PER_S = 35.0
THUNDER_NATURAL_S = 8.0
WAVE_PERIOD_S = 7.5
STREAM_BUBBLES_PER_S = 70.0
FIRE_CRACKLE_CLUSTERS_PER_S = 5.0
# Layers below ~3.5 kHz are rendered at a reduced rate and interpolated up.
LOW_LAYER_MIN_RATE_HZ = 8_000.0
CRICKET_MIN_RATE_HZ = 13_000.0


def _rain(ctx: RenderContext) -> np.ndarray:
    rng, sr, n, k = ctx.rng, ctx.sr, ctx.n, ctx.intensity
    bed = S.bandpass(S.pink(rng, (2, n)), 250 if k > 1 else 600, 9000, sr)
    bed *= 0.85 + 0.15 * S.smooth_random(rng, n, 0.4, sr)
    length = ctx.samples(RAIN_DROP_GRAIN_S)
    drops = np.zeros((2, n))
    for ch in range(2):
        onsets = S.poisson_onsets(rng, RAIN_DROPS_PER_S * k**1.5, 0.0, ctx.duration_s, sr)
        grains = S.noise_grains(
            rng, onsets.size, length, rng.uniform(0.0007, 0.004, onsets.size), sr
        )
        drops[ch] = S.place(n, onsets, grains, rng.lognormal(0.0, 0.7, onsets.size))
    drops = S.highpass(drops, 1200.0, sr)
    out = 0.35 * np.sqrt(k) * S.rms_normalize(bed) + S.rms_normalize(drops)
    if ctx.has("roof", "metal"):
        # Drops ringing on sheet metal: short inharmonic plinks and a low drumming body.
        count = rng.poisson(ROOF_PLINKS_PER_S * k * ctx.duration_s)
        onsets = (rng.uniform(0, ctx.duration_s, count) * sr).astype(np.int64)
        base = rng.uniform(1400, 3200, (count, 1))
        grains = S.modal_grains(
            base * np.array([1.0, 1.47, 2.09, 2.76]),
            rng.uniform(0.01, 0.05, (count, 4)),
            np.array([[1.0, 0.6, 0.4, 0.25]]).repeat(count, 0),
            ctx.samples(0.08),
            sr,
            rng,
        )
        plinks = S.place_stereo(
            n, onsets, grains, rng.lognormal(0, 0.5, count), rng.uniform(-0.9, 0.9, count)
        )
        drum = S.lowpass(S.highpass(drops, 60.0, sr), 300.0, sr)
        out = out + 0.7 * S.rms_normalize(plinks) + 0.5 * S.rms_normalize(drum)
    if ctx.has("window"):
        # Drops tapping glass: brief bright ticks plus a quiet trickle.
        count = rng.poisson(WINDOW_TAPS_PER_S * k * ctx.duration_s)
        onsets = (rng.uniform(0, ctx.duration_s, count) * sr).astype(np.int64)
        base = rng.uniform(2500, 5000, (count, 1))
        grains = S.modal_grains(
            base * np.array([1.0, 2.3]),
            rng.uniform(0.003, 0.01, (count, 2)),
            np.array([[1.0, 0.5]]).repeat(count, 0),
            ctx.samples(0.03),
            sr,
        )
        taps = S.place_stereo(
            n, onsets, grains, rng.lognormal(0, 0.4, count), rng.uniform(-0.6, 0.6, count)
        )
        trickle = S.bandpass(S.white(rng, (2, n)), 400, 1500, sr) * S.smooth_random(rng, n, 3, sr)
        out = (
            S.lowpass(out, 5000.0, sr)
            + 0.8 * S.rms_normalize(taps)
            + 0.2 * S.rms_normalize(trickle)
        )
    return out


def _thunder(ctx: RenderContext) -> np.ndarray:
    far = ctx.has("far")
    start_s = EVENT_START_S + (0.3 if far else 0.0)
    low, factor = ctx.reduced(LOW_LAYER_MIN_RATE_HZ)
    rng, sr, n = low.rng, low.sr, low.n
    t = S.time_axis(n, sr)
    # Rumble: several overlapping rolls, each with its own onset and decay.
    env = np.zeros(n)
    rise_s = 0.8 if far else 0.08
    for i in range(rng.integers(3, 6)):
        onset = start_s + (0.1 if not far else 0.0) + rng.uniform(0, 1.6) * (i > 0)
        tau = rng.uniform(1.0, 2.4) * (1.3 if far else 1.0)
        dt = np.maximum(t - onset, 0.0)
        env += (
            rng.uniform(0.5, 1.0) * np.minimum(1.0, dt / rise_s) * np.exp(-dt / tau) * (t >= onset)
        )
    env *= 0.55 + 0.45 * S.smooth_random(rng, n, 7.0, sr)
    deep = S.lowpass(S.brown(rng, (2, n), sr), 90.0 if far else 140.0, sr, order=4)
    mid = S.lowpass(S.pink(rng, (2, n)), 200.0 if far else 600.0, sr)
    out = S.upsample((S.rms_normalize(deep) + 0.35 * S.rms_normalize(mid)) * env, factor, ctx.n)
    rng, sr, n = ctx.rng, ctx.sr, ctx.n
    if not far:
        # Close strike: a dense burst of crackles and a sharp broadband crack.
        count = rng.poisson(350 * 0.4)
        onsets = ((start_s + rng.exponential(0.09, count)) * sr).astype(np.int64)
        grains = S.noise_grains(rng, count, ctx.samples(0.02), rng.uniform(0.001, 0.008, count), sr)
        crackle = S.place_stereo(
            n, onsets, grains, rng.lognormal(0, 0.6, count), rng.uniform(-0.5, 0.5, count)
        )
        crack = S.white(rng, (2, n)) * S.delayed(S.decay_env(n, 0.12, sr), ctx.samples(start_s))
        bang = S.highpass(crackle + 0.5 * crack, 250.0, sr)
        # The crack peaks a little under the rumble's peak: the roll carries the weight.
        out = out + 0.8 * S.normalize(bang) * np.max(np.abs(out))
    return out


def _wind(ctx: RenderContext) -> np.ndarray:
    k = ctx.intensity
    # Body, whistle and rumble live below ~3 kHz: render them at a reduced rate.
    low, factor = ctx.reduced(LOW_LAYER_MIN_RATE_HZ)
    rng, sr, n = low.rng, low.sr, low.n
    gust = S.smooth_random(rng, n, 0.3 * ctx.rate, sr) ** 1.5
    gust = 0.3 + 0.7 * gust if k <= 1 else 0.15 + 0.85 * gust
    noise = S.pink(rng, (2, n))
    noise = 0.7 * noise + 0.3 * noise[::-1]  # partly shared between ears
    center = 250.0 + 1100.0 * gust * np.sqrt(k)
    body = S.swept_band(noise, center, sr, 200.0, 2500.0, n_bands=6, width_octaves=0.5)
    whistle_f = 700.0 + 500.0 * S.smooth_random(rng, n, 0.2, sr)
    whistle = S.swept_band(
        S.white(rng, (2, n)), whistle_f, sr, 600.0, 1300.0, n_bands=4, width_octaves=0.15
    )
    whistle = S.resonate(whistle, 900.0, 4.0, sr)
    rumble = S.lowpass(S.brown(rng, (2, n), sr), 120.0, sr)
    layers = (
        S.rms_normalize(body)
        + 0.25 * S.rms_normalize(whistle) * gust
        + 0.4 * S.rms_normalize(rumble)
    ) * gust
    out = S.upsample(np.vstack([layers, gust[None, :]]), factor, ctx.n)
    hiss = S.highpass(S.white(ctx.rng, (2, ctx.n)), 3000.0, ctx.sr) * out[2] ** 2
    return out[:2] + 0.06 * np.sqrt(k) * S.rms_normalize(hiss)


def _ocean(ctx: RenderContext) -> np.ndarray:
    rng, sr, n = ctx.rng, ctx.sr, ctx.n
    t = S.time_axis(n, sr)
    period = WAVE_PERIOD_S / ctx.rate
    out = np.zeros((2, n))
    noise = S.pink(rng, (2, n))
    for ch in range(2):
        env = np.zeros(n)
        crest = rng.uniform(-period, 0.2 * period)
        while crest < ctx.duration_s + period:
            a = rng.uniform(0.6, 1.0)
            rise, fall = rng.uniform(1.8, 2.8), rng.uniform(2.5, 4.0)
            dt = t - crest
            env += a * np.where(dt < 0, np.exp(-((dt / rise) ** 2)), np.exp(-dt / fall))
            crest += period * rng.uniform(0.8, 1.2)
        # Deep swells: the surf between crests falls well below the crash.
        env = env - 0.8 * env.min()
        env = env / (env.max() + S.EPS)
        low = S.lowpass(noise[ch], 400.0, sr) * (0.25 + env)
        crash = S.highpass(S.lowpass(noise[ch], 7000.0, sr), 700.0, sr) * env**3
        out[ch] = S.rms_normalize(low) + 0.8 * S.rms_normalize(crash)
    return out


def _stream(ctx: RenderContext) -> np.ndarray:
    rng, sr, n, k = ctx.rng, ctx.sr, ctx.n, ctx.intensity
    river = ctx.has("large", "heavy")
    bed = S.bandpass(S.pink(rng, (2, n)), 200 if river else 400, 4000, sr)
    bed *= 0.7 + 0.3 * S.smooth_random(rng, n, 9.0, sr)
    length = ctx.samples(0.03)
    out = np.zeros((2, n))
    for ch in range(2):
        onsets = S.poisson_onsets(rng, STREAM_BUBBLES_PER_S * k, 0.0, ctx.duration_s, sr)
        f0 = rng.lognormal(np.log(600 if river else 850), 0.35, onsets.size)
        grains = S.chirp_grains(
            f0,
            f0 * rng.uniform(1.5, 2.4, onsets.size),
            length,
            sr,
            rng.uniform(0.004, 0.01, onsets.size),
        )
        out[ch] = S.place(n, onsets, grains, rng.lognormal(0, 0.5, onsets.size))
    out = S.rms_normalize(out) + (0.9 if river else 0.45) * S.rms_normalize(bed)
    if river:
        out += 0.6 * S.rms_normalize(S.lowpass(S.brown(rng, (2, n), sr), 250.0, sr))
    return out


def _fire(ctx: RenderContext) -> np.ndarray:
    rng, sr, n, k = ctx.rng, ctx.sr, ctx.n, ctx.intensity
    flicker = 0.5 + 0.5 * S.smooth_random(rng, n, 2.5, sr)
    roar = S.lowpass(S.brown(rng, (2, n), sr), 220.0 * np.sqrt(ctx.size), sr) * flicker
    hiss = S.highpass(S.white(rng, (2, n)), 3500.0, sr) * flicker
    centers = S.poisson_onsets(rng, FIRE_CRACKLE_CLUSTERS_PER_S * k, 0.0, ctx.duration_s, sr)
    per = rng.integers(1, 7, centers.size)
    onsets = np.repeat(centers, per) + (rng.exponential(0.012, per.sum()) * sr).astype(np.int64)
    count = onsets.size
    grains = S.noise_grains(rng, count, ctx.samples(0.01), rng.uniform(0.0003, 0.002, count), sr)
    crackle = S.place_stereo(
        n,
        onsets,
        grains,
        rng.lognormal(0, 1.0, count),
        np.repeat(rng.uniform(-0.8, 0.8, centers.size), per),
    )
    crackle = S.highpass(crackle, 900.0, sr)
    pops = rng.poisson(0.6 * k * ctx.duration_s)
    pop_on = (rng.uniform(0, ctx.duration_s, pops) * sr).astype(np.int64)
    pop_grains = S.modal_grains(
        rng.uniform(180, 500, (pops, 2)) * np.array([1.0, 2.2]),
        np.full((pops, 2), 0.02),
        np.ones((pops, 2)),
        ctx.samples(0.1),
        sr,
    )
    pop = S.place_stereo(
        n, pop_on, pop_grains, rng.uniform(0.5, 1, pops), rng.uniform(-0.7, 0.7, pops)
    )
    return (
        0.8 * S.rms_normalize(roar)
        + 0.08 * S.rms_normalize(hiss)
        + 0.6 * S.rms_normalize(crackle)
        + 0.25 * S.rms_normalize(pop + 1e-9)
    )


def _birds(ctx: RenderContext) -> np.ndarray:
    rng, sr, n = ctx.rng, ctx.sr, ctx.n
    n_birds = 5 if ctx.has("heavy", "large") else 2 if ctx.has("light", "small") else 3
    onsets, f0s, f1s, lens, gains, pos, vib = [], [], [], [], [], [], []
    for _ in range(n_birds):
        base = rng.uniform(2500, 5200)
        position, level = rng.uniform(-0.9, 0.9), rng.uniform(0.4, 1.0)
        t = rng.uniform(0, 1.5)
        while t < ctx.duration_s:
            n_chirps = rng.integers(3, 9)
            chirp_len = rng.uniform(0.04, 0.11)
            gap = rng.uniform(0.03, 0.08)
            up = rng.random() < 0.5
            for j in range(n_chirps):
                onsets.append(t + j * (chirp_len + gap))
                f_a = base * rng.uniform(0.85, 1.15)
                f_b = f_a * (rng.uniform(1.2, 1.6) if up else rng.uniform(0.6, 0.8))
                f0s.append(f_a)
                f1s.append(f_b)
                lens.append(chirp_len * rng.uniform(0.8, 1.2))
                gains.append(level * rng.uniform(0.6, 1.0))
                pos.append(position)
                vib.append(rng.choice([0.0, 0.08]))
            t += n_chirps * (chirp_len + gap) + rng.exponential(2.0 / ctx.rate) + 0.5
    grains = S.windowed_chirps(
        np.array(f0s),
        np.array(f1s),
        np.array(lens),
        sr,
        vibrato_hz=60.0,
        vibrato_depth=np.array(vib),
    )
    song = S.place_stereo(
        n, (np.array(onsets) * sr).astype(np.int64), grains, np.array(gains), np.array(pos)
    )
    leaves = S.bandpass(S.pink(rng, (2, n)), 300, 3000, sr) * S.smooth_random(rng, n, 0.5, sr)
    out = S.rms_normalize(song) + 0.12 * S.rms_normalize(leaves)
    return S.reverb(out, sr, 0.9, 0.18, damping_hz=5000.0)


def _crickets(ctx: RenderContext) -> np.ndarray:
    low, factor = ctx.reduced(CRICKET_MIN_RATE_HZ)
    rng, sr, n = low.rng, low.sr, low.n
    t = S.time_axis(n, sr)
    out = np.zeros((2, n))
    for _ in range(6 if ctx.has("heavy", "large") else 4):
        carrier = rng.uniform(3800, 5500)
        pulse_hz = rng.uniform(25, 45)
        chirp_hz = rng.uniform(1.5, 3.0) * ctx.rate
        duty = rng.integers(3, 6) / pulse_hz * chirp_hz
        chirp_phase = (t * chirp_hz + rng.random()) % 1.0
        gate = np.where(chirp_phase < duty, np.sin(np.pi * chirp_phase / duty) ** 2, 0.0)
        pulses = np.maximum(0.0, np.sin(2 * np.pi * pulse_hz * t)) ** 3
        voice = np.sin(2 * np.pi * carrier * t + rng.uniform(0, 6)) * pulses * gate
        out += S.pan(voice * rng.uniform(0.3, 1.0), rng.uniform(-0.9, 0.9))
    night = S.lowpass(S.pink(rng, (2, n)), 700.0, sr)
    return S.upsample(S.rms_normalize(out) + 0.1 * S.rms_normalize(night), factor, ctx.n)


def _frogs(ctx: RenderContext) -> np.ndarray:
    low, factor = ctx.reduced(LOW_LAYER_MIN_RATE_HZ)
    rng, sr, n = low.rng, low.sr, low.n
    t = S.time_axis(n, sr)
    out = np.zeros((2, n))
    for _ in range(3):
        f0 = rng.uniform(110, 220) / ctx.size
        pulse_hz = rng.uniform(12, 22)
        croak_hz = rng.uniform(0.5, 1.0) * ctx.rate
        duty = rng.uniform(0.3, 0.5)
        phase = (t * croak_hz + rng.random()) % 1.0
        gate = np.where(phase < duty, np.sin(np.pi * phase / duty), 0.0)
        pulses = np.maximum(0.0, np.sin(2 * np.pi * pulse_hz * t)) ** 2
        src = S.sawtooth(f0 * (1 + 0.02 * np.sin(2 * np.pi * pulse_hz * t)), n, sr) * pulses * gate
        voice = S.formants(src, (550.0, 1300.0, 2400.0), (1.0, 0.6, 0.2), 5.0, sr)
        out += S.pan(voice * rng.uniform(0.4, 1.0), rng.uniform(-0.8, 0.8))
    night = S.lowpass(S.pink(rng, (2, n)), 900.0, sr)
    out = S.reverb(S.rms_normalize(out) + 0.1 * S.rms_normalize(night), sr, 1.0, 0.15)
    return S.upsample(out, factor, ctx.n)


def _owl(ctx: RenderContext) -> np.ndarray:
    rng, sr, n = ctx.rng, ctx.sr, ctx.n
    onsets, f0s, f1s, lens = [], [], [], []
    base = rng.uniform(330, 420) / ctx.size
    t = EVENT_START_S + 0.2
    while t < ctx.duration_s:
        for dt, length in ((0.0, 0.45), (0.75, 0.22), (1.05, 0.22), (1.35, 0.55)):
            onsets.append(t + dt)
            f0s.append(base * 1.04)
            f1s.append(base * 0.93)
            lens.append(length)
        t += rng.uniform(3.5, 5.0) / ctx.rate
    grains = S.windowed_chirps(np.array(f0s), np.array(f1s), np.array(lens), sr, 5.0, 0.01)
    grains = grains + 0.15 * grains**2  # a touch of second harmonic
    hoots = S.pan(
        S.place(n, (np.array(onsets) * sr).astype(np.int64), grains), rng.uniform(-0.5, 0.5)
    )
    night = S.lowpass(S.pink(rng, (2, n)), 600.0, sr)
    out = S.rms_normalize(hoots) + 0.08 * S.rms_normalize(night)
    return S.reverb(out, sr, 1.6, 0.3, damping_hz=2500.0)


CATEGORIES = (
    SfxCategory(
        "rain",
        "rainfall bed; heavy/light, on a (tin) roof or a window",
        _rain,
        terms(
            "rain rainfall raindrop raindrops downpour drizzle rainstorm rainy",
            # A shower alone is the bathroom's (`shower`); showers in the weather are rain.
            weak="storm umbrella wet puddle shower",
            phrases=(
                "pouring rain",
                "rain drops",
                "tin roof",
                "rain falling",
                "rain shower",
                "rain showers",
                "light showers",
                "heavy showers",
                "passing shower",
                "april showers",
            ),
        ),
        10.0,
        "ambience",
        group="weather",
    ),
    SfxCategory(
        "thunder",
        "thunder: a close crack and roll, or a distant low rumble",
        _thunder,
        terms(
            "thunder thunderclap thunderstorm lightning",
            weak="storm rumble rumbling boom crack",
            phrases=(
                "thunder clap",
                "thunder crack",
                "crack of thunder",
                "clap of thunder",
                "thunder rumble",
                "lightning strike",
                "rumble of thunder",
            ),
        ),
        THUNDER_NATURAL_S,
        "oneshot",
        group="weather",
    ),
    SfxCategory(
        "wind",
        "gusting wind with a soft whistle",
        _wind,
        terms(
            "wind windy gust gusts breeze gale howling blustery blizzard",
            weak="storm air whistle whistling blowing",
            phrases=("wind blowing", "howling wind", "strong wind"),
        ),
        10.0,
        "ambience",
        group="weather",
    ),
    SfxCategory(
        "ocean_waves",
        "waves breaking on a beach, surf",
        _ocean,
        terms(
            "ocean wave waves surf sea seashore beach shore tide",
            weak="coast seaside",
            phrases=("crashing waves", "ocean waves", "waves crashing", "sea waves"),
        ),
        12.0,
        "ambience",
        group="water",
    ),
    SfxCategory(
        "stream",
        "babbling brook, creek or river",
        _stream,
        terms(
            "stream brook creek river babbling babble trickling trickle",
            weak="water flowing flow waterfall",
            phrases=("running water", "water running", "flowing water", "babbling brook"),
        ),
        10.0,
        "ambience",
        group="water",
    ),
    SfxCategory(
        "fire",
        "crackling fire: campfire or fireplace",
        _fire,
        terms(
            "fire campfire fireplace bonfire flame flames crackling crackle burning blaze",
            weak="log logs wood hearth",
            phrases=("crackling fire", "burning wood", "fire crackling"),
        ),
        10.0,
        "ambience",
        group="nature",
    ),
    SfxCategory(
        "birds",
        "birdsong: chirps and short songs from a few birds",
        _birds,
        terms(
            "bird birds birdsong chirp chirping tweet tweeting songbird sparrow robin warble",
            weak="morning garden forest park spring dawn",
            phrases=("birds singing", "bird song", "dawn chorus"),
        ),
        10.0,
        "ambience",
        group="nature",
    ),
    SfxCategory(
        "crickets",
        "crickets chirping at night",
        _crickets,
        terms(
            "cricket crickets cicada cicadas insect insects",
            weak="night nighttime summer",
            phrases=("crickets chirping", "summer night"),
        ),
        10.0,
        "ambience",
        group="nature",
    ),
    SfxCategory(
        "frogs",
        "frogs croaking in a pond",
        _frogs,
        terms(
            "frog frogs toad toads croak croaking ribbit",
            weak="pond swamp marsh",
            phrases=("frogs croaking",),
        ),
        8.0,
        "ambience",
        group="nature",
    ),
    SfxCategory(
        "owl",
        "an owl hooting in a night forest",
        _owl,
        terms("owl owls hoot hooting", weak="night forest woods", phrases=("owl hooting",)),
        6.0,
        "stream",
        group="nature",
    ),
)

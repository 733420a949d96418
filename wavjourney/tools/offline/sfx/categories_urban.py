"""Traffic, vehicles, ships, sirens and machinery recipes."""

from __future__ import annotations

import numpy as np

from wavjourney.tools.offline.sfx import synth as S
from wavjourney.tools.offline.sfx.core import EVENT_START_S, RenderContext, SfxCategory, terms

IDLE_RPM = 850.0
REV_RPM = 3600.0
CYLINDERS = 4
PASSBY_SPEED_M_S = 20.0
PASSBY_CLOSEST_M = 5.0
TRAFFIC_CARS_PER_S = 0.45
TRAFFIC_MIN_RATE_HZ = 10_000.0
HORN_FREQS_HZ = (415.0, 495.0)
TRAIN_CAR_PERIOD_S = 0.85
SIREN_WAIL_PERIOD_S = 4.5
SIREN_YELP_PERIOD_S = 0.35
ROTOR_BLADE_HZ = 18.0
JACKHAMMER_HZ = 22.0
# A diaphone foghorn: two slightly detuned reeds low in pitch (they beat about once a
# second), a long blast that swells in and ends with the falling "grunt".
FOGHORN_HZ = 92.0
FOGHORN_DETUNE = 1.006
FOGHORN_BLAST_S = 3.2
FOGHORN_FORMANTS_HZ = (290.0, 610.0, 1150.0)
FOGHORN_MIN_RATE_HZ = 8_000.0
# The harbour: a long, dark tail and echoes back from the far quays.
HARBOUR_RT60_S = 3.5
HARBOUR_ECHOES = ((1.15, 0.32, -0.6), (1.9, 0.18, 0.5), (2.7, 0.09, -0.2))


def _engine(rng: np.random.Generator, rpm: np.ndarray, sr: int, size: float = 1.0) -> np.ndarray:
    """Combustion pulses at the firing rate through an exhaust-like body, unit RMS."""
    n = rpm.size
    fire_hz = rpm / 60.0 * CYLINDERS / 2.0
    pulses = S.pulse_train(fire_hz, n, sr) * rng.lognormal(0.0, 0.25, n)
    half = S.pulse_train(fire_hz / 2.0, n, sr) * 0.5  # uneven cylinders: a half-order burble
    body = S.lowpass(pulses + half, 700.0 / size, sr, order=2)
    body = body + 0.8 * S.resonate(pulses, 140.0 / size, 2.0, sr)
    mech = S.bandpass(S.white(rng, n), 800.0, 3000.0, sr) * S.lowpass(pulses, 60.0, sr) * 8.0
    return S.rms_normalize(S.rms_normalize(body) + 0.15 * S.rms_normalize(mech))


def _car_engine(ctx: RenderContext) -> np.ndarray:
    low, factor = ctx.reduced(TRAFFIC_MIN_RATE_HZ)
    rng, sr, n = low.rng, low.sr, low.n
    t = S.time_axis(n, sr)
    rpm = np.full(n, IDLE_RPM) * (1 + 0.02 * S.smooth_random(rng, n, 2.0, sr))
    rev_peak = REV_RPM * (1.3 if ctx.has("fast", "loud") else 1.0)
    start = 1.2 / ctx.rate
    while start < ctx.duration_s:
        up, down = rng.uniform(0.5, 0.9), rng.uniform(1.2, 1.8)
        dt = t - start
        rise = np.clip(dt / up, 0, 1)
        fall = np.clip((dt - up) / down, 0, 1)
        shape = np.where(
            dt < 0,
            0,
            np.where(dt < up, np.sin(0.5 * np.pi * rise), np.cos(0.5 * np.pi * fall) ** 2),
        )
        rpm = rpm + (rev_peak * rng.uniform(0.7, 1.0) - IDLE_RPM) * shape
        start += rng.uniform(3.5, 5.0) / ctx.rate
    eng = _engine(rng, rpm, sr, ctx.size)
    load = (rpm - IDLE_RPM) / (REV_RPM - IDLE_RPM)
    eng = eng * (0.6 + 0.4 * np.clip(load, 0, 1))
    out = S.stereo_mix(eng) + 0.03 * S.lowpass(S.pink(rng, (2, n)), 2000.0, sr)
    return S.upsample(out, factor, ctx.n)


def _car_horn(ctx: RenderContext) -> np.ndarray:
    rng, sr, n = ctx.rng, ctx.sr, ctx.n
    scale = 0.7 if ctx.has("large") else 1.0
    honks = ((0.0, 0.16), (0.26, 0.5)) if ctx.has("fast") else ((0.0, 0.65),)
    t = S.time_axis(n, sr)
    gate = np.zeros(n)
    for start, length in honks:
        s0 = ctx.samples(EVENT_START_S + start)
        m = min(ctx.samples(length * (1.6 if ctx.has("large") else 1.0)), n - s0)
        if m > 8:
            gate[s0 : s0 + m] = S.ar_env(m, 0.012, 0.03, sr)
    tone = sum(
        np.tanh(3.0 * np.sin(2 * np.pi * f * scale * t + rng.uniform(0, 6))) for f in HORN_FREQS_HZ
    )
    horn = S.bandpass(tone * gate, 300.0, 3500.0, sr)
    horn = S.formants(horn, (900.0, 2000.0), (1.0, 0.5), 3.0, sr) + 0.4 * horn
    return S.reverb(S.pan(horn, rng.uniform(-0.3, 0.3)), sr, 1.0, 0.15)


def _passby(
    rng: np.random.Generator,
    sr: int,
    source: np.ndarray,
    centre_s: float,
    speed_m_s: float,
    closest_m: float,
    direction: float,
) -> np.ndarray:
    """Move a mono source along a straight road past the listener: 1/r level, Doppler
    (variable propagation delay), air absorption and panning. Returns (2, len(source))."""
    n = source.size
    x_m = speed_m_s * (S.time_axis(n, sr) - centre_s) * direction
    r = np.sqrt(closest_m**2 + x_m**2)
    moved = S.variable_delay(source, r / S.SPEED_OF_SOUND_M_S * sr)
    dull = S.lowpass(moved, 1200.0, sr)
    far = np.clip(r / (r + 30.0), 0, 1)
    moved = (1 - far) * moved + far * dull
    return S.pan(moved * (closest_m / r), np.clip(x_m / (np.abs(x_m) + closest_m), -0.95, 0.95))


def _car_source(rng: np.random.Generator, n: int, sr: int, rpm: float) -> np.ndarray:
    tyres = S.bandpass(S.pink(rng, n), 300.0, 4000.0, sr)
    return S.rms_normalize(_engine(rng, np.full(n, rpm), sr)) + 0.9 * S.rms_normalize(tyres)


def _car_passby(ctx: RenderContext) -> np.ndarray:
    rng, sr, n = ctx.rng, ctx.sr, ctx.n
    speed = PASSBY_SPEED_M_S * ctx.rate
    closest = PASSBY_CLOSEST_M * (4.0 if ctx.has("far") else 0.6 if ctx.has("close") else 1.0)
    source = _car_source(rng, n, sr, 2600.0 * ctx.rate**0.5)
    out = _passby(rng, sr, source, ctx.duration_s * 0.5, speed, closest, rng.choice([-1.0, 1.0]))
    return out + 0.01 * S.lowpass(S.pink(rng, (2, n)), 1500.0, sr)


def _city_traffic(ctx: RenderContext) -> np.ndarray:
    rng, sr, n = ctx.rng, ctx.sr, ctx.n
    out = 0.5 * S.rms_normalize(S.lowpass(S.brown(rng, (2, n), sr), 250.0, sr))
    out += 0.25 * S.rms_normalize(S.bandpass(S.pink(rng, (2, n)), 300.0, 3000.0, sr))
    # Cars are rendered at a reduced rate (engine and tyres live below ~5 kHz).
    low, factor = ctx.reduced(TRAFFIC_MIN_RATE_HZ)
    low_sr, low_n = low.sr, low.n
    cars = np.zeros((2, low_n))
    half_window_s = 3.0
    win = int(2 * half_window_s * low_sr)
    window_env = S.ar_env(win, 0.5, 0.5, low_sr)
    rate = TRAFFIC_CARS_PER_S * ctx.intensity
    for centre in rng.uniform(-1.0, ctx.duration_s + 1.0, rng.poisson(rate * (ctx.duration_s + 2))):
        source = _car_source(rng, win, low_sr, rng.uniform(1500, 3000))
        car = _passby(
            rng,
            low_sr,
            source,
            half_window_s,
            rng.uniform(8, 16),
            rng.uniform(6, 25),
            rng.choice([-1.0, 1.0]),
        )
        start = int((centre - half_window_s) * low_sr)
        lo, hi = max(start, 0), min(start + win, low_n)
        if hi > lo:
            cars[:, lo:hi] += (
                0.7 * car[:, lo - start : hi - start] * window_env[lo - start : hi - start]
            )
    out += S.upsample(cars, factor, n)
    # An occasional distant horn.
    t = S.time_axis(n, sr)
    for start in rng.uniform(0, ctx.duration_s, rng.poisson(0.08 * ctx.duration_s)):
        s0 = int(start * sr)
        m = min(ctx.samples(rng.uniform(0.2, 0.5)), n - s0)
        if m > 32:
            gate = np.zeros(n)
            gate[s0 : s0 + m] = S.ar_env(m, 0.01, 0.03, sr)
            horn = np.tanh(3 * np.sin(2 * np.pi * rng.uniform(380, 520) * t)) * gate
            out += 0.08 * S.pan(S.lowpass(horn, 1500.0, sr), rng.uniform(-0.8, 0.8))
    return S.reverb(out, sr, 1.2, 0.15)


def _train(ctx: RenderContext) -> np.ndarray:
    rng, sr, n = ctx.rng, ctx.sr, ctx.n
    period = TRAIN_CAR_PERIOD_S / ctx.rate
    rumble = S.lowpass(S.brown(rng, (2, n), sr), 180.0, sr)
    roar = S.bandpass(S.pink(rng, (2, n)), 250.0, 1800.0, sr) * (
        0.8 + 0.2 * S.smooth_random(rng, n, 1.5, sr)
    )
    cars = np.arange(rng.uniform(0, period), ctx.duration_s, period)
    times = (cars[:, None] + np.array([0.0, 0.09, 0.5, 0.59])[None, :] * period).ravel()
    count = times.size
    grains = S.modal_grains(
        rng.uniform(220, 300, (count, 1)) * np.array([1.0, 2.7, 6.1]),
        np.array([[0.04, 0.02, 0.01]]).repeat(count, 0),
        np.array([[1.0, 0.6, 0.4]]).repeat(count, 0),
        ctx.samples(0.12),
        sr,
        rng,
    )
    grains += 0.5 * S.noise_grains(rng, count, ctx.samples(0.12), np.full(count, 0.006), sr)
    clacks = S.place_stereo(
        n,
        (times * sr).astype(np.int64),
        grains,
        rng.uniform(0.7, 1.0, count),
        rng.uniform(-0.3, 0.3, count),
    )
    squeal_f = 2600.0 * (1 + 0.05 * S.smooth_random(rng, n, 0.5, sr))
    squeal = S.tone(squeal_f, n, sr, (1.0, 0.3)) * S.smooth_random(rng, n, 0.4, sr) ** 6
    return (
        S.rms_normalize(rumble)
        + 0.6 * S.rms_normalize(roar)
        + 0.9 * S.rms_normalize(clacks)
        + 0.08 * S.stereo_mix(S.rms_normalize(squeal))
    )


def _airplane(ctx: RenderContext) -> np.ndarray:
    rng, sr, n = ctx.rng, ctx.sr, ctx.n
    noise = S.pink(rng, (2, n))
    if ctx.has("indoor"):
        # Cabin: a steady, dark drone.
        drone = S.lowpass(noise, 500.0, sr, order=4) + 0.1 * S.bandpass(noise, 2000, 5000, sr)
        return drone
    env = S.hump(n, peak_frac=0.5, sharpness=1.6) * 0.95 + 0.05
    whine = S.tone(3200.0 * (1 + 0.04 * np.linspace(1, -1, n)), n, sr) * 0.04
    jet = S.lowpass(noise, 1500.0, sr) + 0.3 * S.highpass(noise, 1500.0, sr)
    # Ground reflection: a comb whose notches sweep as the plane passes overhead.
    delay = 1.0 + 120.0 * (1 - env)
    combed = np.stack([jet[ch] + 0.7 * S.variable_delay(jet[ch], delay) for ch in range(2)])
    dark = S.lowpass(combed, 500.0, sr)
    mixed = env * combed + (1 - env) * dark * 1.5 + whine * env**2
    return mixed * env


def _siren(ctx: RenderContext) -> np.ndarray:
    rng, sr, n = ctx.rng, ctx.sr, ctx.n
    t = S.time_axis(n, sr)
    if ctx.has("fast"):
        phase = (t / SIREN_YELP_PERIOD_S) % 1.0
        sweep = 1.0 - np.abs(2 * phase - 1.0)
    else:
        period = SIREN_WAIL_PERIOD_S * (2.0 if ctx.has("large", "slow") else 1.0)
        sweep = 0.5 - 0.5 * np.cos(2 * np.pi * t / period)
    low, high = (400.0, 900.0) if ctx.has("large") else (650.0, 1350.0)
    freq = low + (high - low) * sweep
    wail = S.tone(freq, n, sr, (1.0, 0.45, 0.3, 0.15, 0.1))
    wail = S.bandpass(wail, 300.0, 5000.0, sr) * (0.85 + 0.15 * S.smooth_random(rng, n, 0.5, sr))
    return S.reverb(S.pan(wail, np.linspace(-0.4, 0.4, n)), sr, 1.5, 0.25)


def _helicopter(ctx: RenderContext) -> np.ndarray:
    rng, sr, n = ctx.rng, ctx.sr, ctx.n
    blade_hz = ROTOR_BLADE_HZ * (1 + 0.01 * S.smooth_random(rng, n, 0.5, sr))
    slaps = S.pulse_train(blade_hz, n, sr)
    slap_grain = S.lowpass(
        S.noise_grains(rng, 1, ctx.samples(0.04), np.array([0.01]), sr)[0], 900.0, sr
    )
    chop = S.convolve(slaps, slap_grain)
    thump = S.resonate(slaps, 60.0, 3.0, sr)
    tail = S.bandpass(S.white(rng, n), 400.0, 2000.0, sr) * (
        0.6 + 0.4 * np.sin(2 * np.pi * 95 * S.time_axis(n, sr))
    )
    turbine = S.tone(1850.0, n, sr) * 0.05
    body = S.lowpass(S.pink(rng, (2, n)), 400.0, sr)
    swell = 0.7 + 0.3 * S.smooth_random(rng, n, 0.15, sr)
    mono = (
        S.rms_normalize(chop)
        + 0.5 * S.rms_normalize(thump)
        + 0.15 * S.rms_normalize(tail)
        + turbine
    )
    return (S.stereo_mix(mono) + 0.4 * S.rms_normalize(body)) * swell


def _jackhammer(ctx: RenderContext) -> np.ndarray:
    rng, sr, n = ctx.rng, ctx.sr, ctx.n
    gate = np.zeros(n)
    t = EVENT_START_S
    while t < ctx.duration_s:
        length = rng.uniform(1.5, 3.0)
        s0, m = ctx.samples(t), min(ctx.samples(length), n - ctx.samples(t))
        if m > 64:
            gate[s0 : s0 + m] = S.ar_env(m, 0.05, 0.08, sr)
        t += length + rng.uniform(0.4, 1.0)
    hits = S.pulse_train(JACKHAMMER_HZ * ctx.rate, n, sr) * gate
    onsets = np.flatnonzero(hits)
    count = onsets.size
    grains = S.modal_grains(
        rng.uniform(380, 420, (count, 1)) * np.array([1.0, 2.8, 6.3]),
        np.array([[0.02, 0.012, 0.006]]).repeat(count, 0),
        np.array([[1.0, 0.7, 0.5]]).repeat(count, 0),
        ctx.samples(0.04),
        sr,
        rng,
    )
    grains += 0.8 * S.noise_grains(rng, count, ctx.samples(0.04), np.full(count, 0.004), sr)
    hammer = S.place(n, onsets, grains, hits[onsets] * rng.uniform(0.8, 1.0, count))
    compressor = S.lowpass(S.brown(rng, n, sr), 150.0, sr)
    out = S.stereo_mix(S.rms_normalize(hammer) + 0.3 * S.rms_normalize(compressor))
    return S.reverb(out, sr, 0.9, 0.2)


def _ship_horn(ctx: RenderContext) -> np.ndarray:
    # Everything here lives below ~3 kHz: render at a reduced rate.
    low, factor = ctx.reduced(FOGHORN_MIN_RATE_HZ)
    rng, sr, n = low.rng, low.sr, low.n
    f0 = FOGHORN_HZ / ctx.size
    room_s = max(ctx.duration_s - EVENT_START_S - 0.3, 0.2)
    blasts: tuple[tuple[float, float], ...]  # (start, length) in seconds
    if ctx.has("fast"):
        length = min(1.1, room_s * 0.4)
        blasts = ((EVENT_START_S, length), (EVENT_START_S + 1.6 * length, length))
    else:
        blasts = ((EVENT_START_S, min(FOGHORN_BLAST_S / ctx.rate, room_s * 0.55)),)
    gate = np.zeros(n)
    bend = np.zeros(n)
    for start, length in blasts:
        s0 = low.samples(start)
        m = min(low.samples(length), n - s0)
        if m < 16:
            continue
        gate[s0 : s0 + m] = S.ar_env(m, min(0.25, 0.3 * length), min(0.45, 0.4 * length), sr)
        x = np.linspace(0.0, length, m)
        # The reed comes up to pitch at the start and sags as the air runs out at the end.
        rise = -0.07 * np.exp(-x / 0.12)
        grunt = -0.16 * np.clip((x - (length - 0.35)) / 0.35, 0.0, 1.0) ** 1.5
        bend[s0 : s0 + m] = rise + grunt
    freq = f0 * (1.0 + bend) * (1.0 + 0.003 * S.smooth_random(rng, n, 3.0, sr, -1.0, 1.0))
    reeds = S.sawtooth(freq, n, sr) + 0.8 * S.sawtooth(freq * FOGHORN_DETUNE, n, sr, 0.3)
    body = S.lowpass(reeds, 1600.0, sr)
    horn = S.formants(body, FOGHORN_FORMANTS_HZ, (1.0, 0.7, 0.35), 3.5, sr) + 0.5 * body
    horn = S.soft_clip(S.normalize(horn * gate), 1.8)
    out = S.pan(horn, rng.uniform(-0.25, 0.25))
    for delay_s, gain, side in HARBOUR_ECHOES:
        echo = S.lowpass(S.delayed(horn, low.samples(delay_s)), 900.0, sr)
        out += gain * S.pan(echo, side)
    out = S.reverb(out, sr, HARBOUR_RT60_S, 0.4, damping_hz=1500.0, predelay_s=0.05)
    # Water lapping at the quay, far under the horn.
    water = S.lowpass(S.pink(rng, (2, n)), 500.0, sr) * S.smooth_random(rng, n, 0.8, sr, 0.5, 1.0)
    out += 0.02 * np.max(np.abs(out)) * water / (np.max(np.abs(water)) + S.EPS)
    return S.upsample(out, factor, ctx.n)


CATEGORIES = (
    SfxCategory(
        "city_traffic",
        "street traffic: cars passing, rumble, distant horns",
        _city_traffic,
        terms(
            "traffic street streets highway freeway road intersection downtown rush",
            weak="city urban cars vehicles busy",
            phrases=("city traffic", "busy street", "rush hour", "city street"),
        ),
        10.0,
        "ambience",
        group="urban",
    ),
    SfxCategory(
        "car_engine",
        "a car engine idling and revving",
        _car_engine,
        terms(
            "engine idling idle revving rev revs motor ignition",
            weak="car vehicle truck start starting",
            phrases=("car engine", "engine revving", "engine starting"),
        ),
        6.0,
        "ambience",
        group="transport",
    ),
    SfxCategory(
        "car_horn",
        "a car horn honk (fast: double honk)",
        _car_horn,
        terms(
            "horn honk honking honks",
            weak="car truck taxi",
            phrases=("car horn", "honking horn", "horn honking"),
        ),
        1.5,
        "oneshot",
        group="transport",
    ),
    SfxCategory(
        "car_passby",
        "a car driving past with Doppler shift",
        _car_passby,
        terms(
            "passby drive driving zoom zooms speeding",
            weak="car vehicle truck pass passing",
            phrases=(
                "pass by",
                "passing by",
                "drives by",
                "driving by",
                "drives past",
                "car passing",
                "speeding car",
                "passing car",
            ),
        ),
        6.0,
        "oneshot",
        group="transport",
    ),
    SfxCategory(
        "ship_horn",
        "a ship's foghorn: long and low, echoing across the harbour",
        _ship_horn,
        terms(
            "foghorn foghorns steamship",
            weak="ship ships boat boats ferry tugboat vessel liner freighter harbour harbor "
            "port dock docks quay pier fog foggy lighthouse horn",
            phrases=(
                "ship horn",
                "ship's horn",
                "ships horn",
                "boat horn",
                "fog horn",
                "ship whistle",
                "ocean liner",
                "cargo ship",
                "ferry horn",
            ),
            together=("ship horn", "boat horn", "ferry horn", "vessel horn", "harbour horn"),
        ),
        8.0,
        "oneshot",
        group="transport",
    ),
    SfxCategory(
        "train",
        "a train rolling on tracks, clickety-clack",
        _train,
        terms(
            "train trains railway railroad locomotive subway metro tram clickety clack",
            weak="tracks rail station carriage",
            phrases=("train passing", "on the tracks"),
        ),
        12.0,
        "ambience",
        group="transport",
    ),
    SfxCategory(
        "airplane",
        "a jet airplane flying over (indoor: cabin drone)",
        _airplane,
        terms(
            "airplane aeroplane plane jet aircraft airliner flyover",
            weak="airport flight sky",
            phrases=("jet engine", "plane flying", "flying overhead"),
        ),
        10.0,
        "oneshot",
        group="transport",
    ),
    SfxCategory(
        "siren",
        "an emergency siren wailing (fast: yelp)",
        _siren,
        terms(
            "siren sirens ambulance police wail wailing",
            weak="emergency alarm fire",
            phrases=("police siren", "fire truck", "fire engine", "air raid"),
        ),
        8.0,
        "ambience",
        group="urban",
    ),
    SfxCategory(
        "helicopter",
        "a helicopter's chopping rotor",
        _helicopter,
        terms(
            "helicopter chopper rotor copter",
            weak="hovering hover",
            phrases=("helicopter blades", "helicopter flying", "helicopter overhead"),
        ),
        8.0,
        "ambience",
        group="transport",
    ),
    SfxCategory(
        "jackhammer",
        "a jackhammer / construction drilling",
        _jackhammer,
        terms(
            "jackhammer construction pneumatic drilling",
            weak="drill roadwork site",
            phrases=("construction site", "road work"),
        ),
        6.0,
        "ambience",
        group="urban",
    ),
)

"""Home appliances and the bathroom: vacuum cleaner, hair dryer, fan, fridge, dishwasher,
washing machine, blender, toilet, shower, smoke alarm, elevator, popcorn and a frying pan."""

from __future__ import annotations

import numpy as np

from wavjourney.tools.offline.sfx import synth as S
from wavjourney.tools.offline.sfx.core import EVENT_START_S, RenderContext, SfxCategory, terms

# Universal motors spin fast: a whine from the commutator and the fan blades, over airflow.
VACUUM_MOTOR_HZ = 410.0
VACUUM_STROKE_HZ = 0.7  # the nozzle pushed back and forth loads the motor
VACUUM_SPINUP_S = 0.9
DRYER_MOTOR_HZ = 290.0
FAN_BLADE_PASS_HZ = 60.0  # three blades at 1200 rpm
FAN_HUM_HZ = 100.0  # twice the mains frequency
FRIDGE_HUM_HZ = 100.0
FRIDGE_TICKS_PER_S = 0.6
DISHWASHER_ARM_HZ = 0.55  # the spray arm sweeping past the door
WASHER_DRUM_HZ = 0.75  # clothes lifted and dropped once a drum turn
BLENDER_MOTOR_HZ = 340.0
BLENDER_CHUNKS_PER_S = 45.0
FLUSH_SWIRL_HZ = 1.7
SMOKE_ALARM_HZ = 3150.0  # piezo horns sit near 3 kHz; the T3 pattern is 3 beeps, pause
SMOKE_BEEP_S = 0.5
SMOKE_CYCLE_S = 4.0
ELEVATOR_DING_HZ = 1318.5  # E6
POPS_PEAK_PER_S = 9.0
SIZZLE_CRACKLES_PER_S = 420.0


def _gate(n: int, sr: int, start_s: float, length_s: float, attack_s: float, release_s: float):
    """A raised-cosine gate of `length_s` from `start_s`, clipped to the clip."""
    gate = np.zeros(n)
    s0 = int(start_s * sr)
    m = min(int(length_s * sr), n - s0)
    if m > 8:
        gate[s0 : s0 + m] = S.ar_env(m, attack_s, release_s, sr)
    return gate


def _spin_up(n: int, sr: int, spin_s: float) -> np.ndarray:
    """0 -> 1 over `spin_s` (a motor reaching speed), then 1."""
    return np.clip(S.time_axis(n, sr) / spin_s, 0.0, 1.0) ** 0.6


def _vacuum(ctx: RenderContext) -> np.ndarray:
    rng, sr, n = ctx.rng, ctx.sr, ctx.n
    t = S.time_axis(n, sr)
    speed = _spin_up(n, sr, VACUUM_SPINUP_S)
    stroke = np.sin(2 * np.pi * VACUUM_STROKE_HZ * ctx.rate * t + rng.uniform(0, 6))
    # Loaded by the floor, the motor slows a little and the airflow chokes.
    freq = VACUUM_MOTOR_HZ / ctx.size * (0.25 + 0.75 * speed) * (1.0 - 0.03 * stroke)
    motor = S.tone(freq, n, sr, (1.0, 0.6, 0.45, 0.3, 0.25, 0.2, 0.15, 0.1))
    whine = S.tone(freq * 7.0, n, sr) * 0.3
    air = S.bandpass(S.pink(rng, n), 150.0, 7000.0, sr)
    air = air + 1.2 * S.resonate(air, 850.0, 3.0, sr)  # the hose and the bag
    air *= 0.75 + 0.25 * stroke
    mono = (0.6 * S.rms_normalize(motor) + 0.25 * S.rms_normalize(whine)) * speed
    mono = mono + S.rms_normalize(air) * speed
    return S.width(S.stereo_mix(mono) + 0.015 * S.pink(rng, (2, n)) * speed, 0.5)


def _hair_dryer(ctx: RenderContext) -> np.ndarray:
    rng, sr, n = ctx.rng, ctx.sr, ctx.n
    speed = _spin_up(n, sr, 0.3)
    freq = DRYER_MOTOR_HZ * (0.4 + 0.6 * speed) * (1 + 0.005 * S.smooth_random(rng, n, 3, sr))
    motor = S.tone(freq, n, sr, (0.3, 1.0, 0.3, 0.5, 0.2, 0.3))
    # Hot air through a nozzle: bright, steady, almost white.
    air = S.highpass(S.white(rng, n), 900.0, sr) + 0.5 * S.bandpass(S.pink(rng, n), 300, 3000, sr)
    air *= 0.9 + 0.1 * S.smooth_random(rng, n, 1.5, sr)  # waved around the head
    mono = (0.35 * S.rms_normalize(motor) + S.rms_normalize(air)) * speed
    return S.width(S.stereo_mix(mono), 0.3)


def _fan(ctx: RenderContext) -> np.ndarray:
    rng, sr, n = ctx.rng, ctx.sr, ctx.n
    t = S.time_axis(n, sr)
    blades = 1.0 + 0.35 * np.sin(2 * np.pi * FAN_BLADE_PASS_HZ * ctx.rate * t)
    air = S.lowpass(S.pink(rng, (2, n)), 1800.0, sr) * blades
    hum = S.tone(FAN_HUM_HZ, n, sr, (1.0, 0.5, 0.3)) * (1 + 0.3 * np.sin(2 * np.pi * 0.3 * t))
    # A slightly loose guard rattles now and then as the head turns.
    oscillation = S.smooth_random(rng, n, 0.25, sr)
    rattle = S.bandpass(S.pulse_train(FAN_BLADE_PASS_HZ, n, sr), 1500, 4000, sr) * oscillation**4
    air = air * (0.75 + 0.25 * oscillation)
    return S.rms_normalize(air) + S.stereo_mix(
        0.35 * S.rms_normalize(hum) + 0.35 * S.rms_normalize(rattle)
    )


def _fridge(ctx: RenderContext) -> np.ndarray:
    rng, sr, n = ctx.rng, ctx.sr, ctx.n
    hum = S.tone(FRIDGE_HUM_HZ, n, sr, (1.0, 0.7, 0.5, 0.35, 0.3, 0.2, 0.15, 0.1))
    hum *= 1 + 0.1 * S.smooth_random(rng, n, 0.5, sr, -1, 1)
    buzz = S.bandpass(np.tanh(4.0 * S.tone(FRIDGE_HUM_HZ, n, sr)), 600.0, 2500.0, sr)
    # Refrigerant gurgles and the casing ticks as it warms and cools.
    onsets = S.poisson_onsets(rng, FRIDGE_TICKS_PER_S, 0.3, ctx.duration_s, sr)
    f0 = rng.uniform(300, 900, onsets.size)
    gurgle = S.place(
        n, onsets, S.chirp_grains(f0, f0 * 1.6, ctx.samples(0.05), sr, np.full(f0.size, 0.02))
    )
    mono = S.rms_normalize(hum) + 0.12 * S.rms_normalize(buzz) + 0.25 * S.rms_normalize(gurgle)
    return S.stereo_mix(S.lowpass(mono, 3000.0, sr)) + 0.05 * S.lowpass(
        S.pink(rng, (2, n)), 1200.0, sr
    )


def _dishwasher(ctx: RenderContext) -> np.ndarray:
    rng, sr, n = ctx.rng, ctx.sr, ctx.n
    t = S.time_axis(n, sr)
    sweep = 0.5 + 0.5 * np.sin(2 * np.pi * DISHWASHER_ARM_HZ * t + rng.uniform(0, 6))
    # Water jets on dishes and the door, heard through the insulated door: dull and sloshing.
    spray = S.bandpass(S.white(rng, (2, n)), 250.0, 2200.0, sr) * (0.35 + 0.65 * sweep**2)
    slosh = S.lowpass(S.brown(rng, (2, n), sr), 400.0, sr) * S.smooth_random(rng, n, 3.0, sr)
    pump = S.tone(48.0, n, sr, (0.4, 1.0, 0.6, 0.4, 0.2))
    return (
        S.rms_normalize(spray)
        + 0.6 * S.rms_normalize(slosh)
        + 0.4 * S.stereo_mix(S.rms_normalize(pump))
    )


def _washing_machine(ctx: RenderContext) -> np.ndarray:
    rng, sr, n = ctx.rng, ctx.sr, ctx.n
    drops = S.jittered_grid(rng, 1.0 / WASHER_DRUM_HZ, 0.2, ctx.duration_s, 0.05, sr)
    thud = S.lowpass(
        S.noise_grains(rng, drops.size, ctx.samples(0.15), np.full(drops.size, 0.04), sr), 300, sr
    )
    thuds = S.place(n, drops, thud, rng.uniform(0.6, 1.0, drops.size))
    thuds = thuds + S.resonate(thuds, 90.0, 4.0, sr)
    t = S.time_axis(n, sr)
    phase = (t * WASHER_DRUM_HZ) % 1.0
    slosh = S.bandpass(S.white(rng, n), 300.0, 2500.0, sr)
    slosh *= 0.3 + 0.7 * np.exp(-phase / 0.25)
    whine = S.tone(140.0 + 40.0 * np.sin(2 * np.pi * 0.2 * t), n, sr, (1.0, 0.5, 0.3, 0.2))
    mono = S.rms_normalize(thuds) + 0.6 * S.rms_normalize(slosh) + 0.25 * S.rms_normalize(whine)
    return S.stereo_mix(mono) + 0.05 * S.lowpass(S.pink(rng, (2, n)), 1000.0, sr)


def _blender(ctx: RenderContext) -> np.ndarray:
    rng, sr, n = ctx.rng, ctx.sr, ctx.n
    on = _gate(n, sr, EVENT_START_S, ctx.duration_s - EVENT_START_S - 0.2, 0.15, 0.25)
    # Chunks of ice against the blades load the motor: pitch dips, then recovers.
    load = S.smooth_random(rng, n, 4.0, sr) ** 2
    freq = BLENDER_MOTOR_HZ * (1.0 - 0.2 * load) * (0.5 + 0.5 * on)
    motor = np.tanh(2.0 * S.sawtooth(freq, n, sr))
    motor = S.bandpass(motor, 150.0, 6000.0, sr)
    onsets = S.poisson_onsets(rng, BLENDER_CHUNKS_PER_S * ctx.intensity, 0.1, ctx.duration_s, sr)
    clatter = S.highpass(
        S.noise_grains(rng, onsets.size, ctx.samples(0.02), np.full(onsets.size, 0.004), sr),
        1500.0,
        sr,
    )
    chunks = S.place(n, onsets, clatter, rng.lognormal(0, 0.5, onsets.size)) * load
    mono = (S.rms_normalize(motor) + 0.8 * S.rms_normalize(chunks)) * on
    return S.stereo_mix(mono)


def _toilet_flush(ctx: RenderContext) -> np.ndarray:
    rng, sr, n = ctx.rng, ctx.sr, ctx.n
    t = S.time_axis(n, sr)
    lever_at = ctx.samples(EVENT_START_S)
    lever = S.modal_grains(
        np.array([[180.0, 410.0, 1150.0]]),
        np.array([[0.05, 0.03, 0.02]]),
        np.array([[1.0, 0.6, 0.3]]),
        ctx.samples(0.2),
        sr,
    )
    clunk = S.place(n, np.array([lever_at]), lever)
    # The rush: a loud swirling roar that peaks fast and drains over a few seconds.
    rush_s = min(4.5, ctx.duration_s - 0.4)
    rush_env = _gate(n, sr, EVENT_START_S + 0.15, rush_s, 0.25, rush_s * 0.6)
    rush_env *= np.exp(-np.maximum(t - EVENT_START_S - 0.4, 0.0) / 2.0)
    swirl = 900.0 + 600.0 * np.sin(2 * np.pi * FLUSH_SWIRL_HZ * t) * np.exp(-t / 3.0)
    roar = S.swept_band(S.white(rng, n), swirl, sr, 300.0, 3000.0, n_bands=6, width_octaves=0.6)
    roar = roar + 0.5 * S.lowpass(S.brown(rng, n, sr), 300.0, sr)
    # The bowl empties with big glugs, then the cistern refills with a thin valve hiss.
    drain_at = EVENT_START_S + 0.6 * rush_s
    onsets = S.poisson_onsets(rng, 7.0, drain_at, drain_at + 1.2, sr)
    f0 = rng.uniform(150, 380, onsets.size)
    glugs = S.place(
        n, onsets, S.chirp_grains(f0, f0 * 2.2, ctx.samples(0.1), sr, np.full(f0.size, 0.04))
    )
    refill = S.resonate(S.bandpass(S.white(rng, n), 1800.0, 6000.0, sr), 3200.0, 5.0, sr)
    refill *= _gate(n, sr, EVENT_START_S + 0.8 * rush_s, ctx.duration_s, 0.8, 0.3)
    mono = (
        0.5 * S.rms_normalize(clunk)
        + S.rms_normalize(roar * rush_env)
        + 0.5 * S.rms_normalize(glugs)
        + 0.06 * S.rms_normalize(refill)
    )
    return S.reverb(S.stereo_mix(mono), sr, 0.6, 0.25, damping_hz=6000.0)


def _shower(ctx: RenderContext) -> np.ndarray:
    rng, sr, n = ctx.rng, ctx.sr, ctx.n
    # Thousands of droplets on tiles and skin: a dense, bright, steady hiss in a tiled room.
    spray = S.bandpass(S.white(rng, (2, n)), 1200.0, 9000.0, sr)
    spray = spray + 0.6 * S.resonate(spray, 4200.0, 1.5, sr)
    onsets = S.poisson_onsets(rng, 160.0, 0.0, ctx.duration_s, sr)
    drops = S.place_stereo(
        n,
        onsets,
        S.noise_grains(rng, onsets.size, ctx.samples(0.01), np.full(onsets.size, 0.002), sr),
        rng.lognormal(0, 0.5, onsets.size),
        rng.uniform(-0.6, 0.6, onsets.size),
    )
    body = S.lowpass(S.pink(rng, (2, n)), 500.0, sr) * 0.3
    wet = S.rms_normalize(spray) + 0.4 * S.rms_normalize(S.highpass(drops, 2000.0, sr)) + body
    wet *= 0.85 + 0.15 * S.smooth_random(rng, n, 0.8, sr)  # someone moving under the water
    return S.reverb(wet, sr, 0.8, 0.3, damping_hz=7000.0)


def _smoke_alarm(ctx: RenderContext) -> np.ndarray:
    sr, n = ctx.sr, ctx.n
    gate = np.zeros(n)
    for cycle in np.arange(
        EVENT_START_S, max(ctx.duration_s - 0.4, EVENT_START_S + 1e-3), SMOKE_CYCLE_S
    ):
        for k in range(3):
            gate += _gate(n, sr, cycle + 2 * k * SMOKE_BEEP_S, SMOKE_BEEP_S, 0.004, 0.01)
    # A piezo horn: a near-square wave, piercing and narrow.
    tone = S.tone(SMOKE_ALARM_HZ, n, sr, (1.0, 0.0, 0.3, 0.0, 0.12))
    return S.reverb(S.pan(tone * gate, 0.0), sr, 0.7, 0.2, damping_hz=6000.0)


def _elevator(ctx: RenderContext) -> np.ndarray:
    rng, sr, n = ctx.rng, ctx.sr, ctx.n
    length = ctx.samples(1.6)
    ding = S.modal_grains(
        np.array([[ELEVATOR_DING_HZ, 2 * ELEVATOR_DING_HZ, 3.01 * ELEVATOR_DING_HZ]]),
        np.array([[0.6, 0.3, 0.15]]),
        np.array([[1.0, 0.25, 0.1]]),
        length,
        sr,
    )
    chime = S.place(n, np.array([ctx.samples(EVENT_START_S)]), ding)
    # The doors slide open after the chime: a low rumble of rollers and a soft thump.
    slide = S.lowpass(S.brown(rng, n, sr), 350.0, sr) + 0.3 * S.bandpass(
        S.white(rng, n), 800.0, 2500.0, sr
    )
    slide *= _gate(n, sr, EVENT_START_S + 0.9, 1.6, 0.4, 0.6)
    stop = S.place(
        n,
        np.array([ctx.samples(EVENT_START_S + 2.5)]),
        S.lowpass(S.noise_grains(rng, 1, ctx.samples(0.1), np.array([0.03]), sr), 500.0, sr),
    )
    mono = S.rms_normalize(chime) + 0.3 * S.rms_normalize(slide) + 0.15 * S.rms_normalize(stop)
    return S.reverb(S.stereo_mix(mono), sr, 0.5, 0.15)


def _popcorn(ctx: RenderContext) -> np.ndarray:
    rng, sr, n = ctx.rng, ctx.sr, ctx.n
    # Kernels start slowly, burst in a crowd, then thin out.
    density = POPS_PEAK_PER_S * ctx.intensity * S.hump(n, 0.45, 1.0)
    candidates = S.poisson_onsets(rng, POPS_PEAK_PER_S * ctx.intensity, 0.0, ctx.duration_s, sr)
    keep = rng.uniform(0, 1, candidates.size) < density[np.minimum(candidates, n - 1)] / (
        POPS_PEAK_PER_S * ctx.intensity + S.EPS
    )
    onsets = candidates[keep]
    count = onsets.size
    body = S.modal_grains(
        rng.uniform(500, 1100, (count, 1)),
        np.full((count, 1), 0.012),
        np.ones((count, 1)),
        ctx.samples(0.05),
        sr,
        rng,
    )
    snap = S.noise_grains(rng, count, ctx.samples(0.05), np.full(count, 0.003), sr)
    pops = S.place_stereo(
        n, onsets, body + 0.8 * snap, rng.lognormal(0, 0.4, count), rng.uniform(-0.3, 0.3, count)
    )
    hum = S.tone(120.0, n, sr, (1.0, 0.4, 0.2)) * 0.04  # the microwave's transformer
    return S.lowpass(pops, 7000.0, sr) + S.stereo_mix(hum)


def _sizzling(ctx: RenderContext) -> np.ndarray:
    rng, sr, n = ctx.rng, ctx.sr, ctx.n
    # Fat spitting: a dense rain of tiny bright crackles over a hiss that swells and ebbs.
    rate = SIZZLE_CRACKLES_PER_S * ctx.intensity
    onsets = S.poisson_onsets(rng, rate, 0.0, ctx.duration_s, sr)
    count = onsets.size
    crackles = S.place_stereo(
        n,
        onsets,
        S.noise_grains(rng, count, ctx.samples(0.006), rng.uniform(0.0003, 0.0015, count), sr),
        rng.lognormal(0, 0.9, count),
        rng.uniform(-0.5, 0.5, count),
    )
    swell = 0.6 + 0.4 * S.smooth_random(rng, n, 1.2, sr)
    hiss = S.bandpass(S.white(rng, (2, n)), 3500.0, 9500.0, sr) * swell
    return S.highpass(S.rms_normalize(crackles) + 0.45 * S.rms_normalize(hiss), 2200.0, sr)


CATEGORIES = (
    SfxCategory(
        "vacuum_cleaner",
        "a vacuum cleaner: motor whine and roaring airflow, pushed back and forth",
        _vacuum,
        terms(
            "vacuum vacuuming hoover hoovering",
            weak="cleaner carpet suction",
            phrases=("vacuum cleaner", "cleaning the carpet"),
        ),
        8.0,
        "ambience",
        indoor=True,
        group="appliances",
    ),
    SfxCategory(
        "hair_dryer",
        "a hair dryer: bright rushing hot air over a small motor",
        _hair_dryer,
        terms(
            "hairdryer blowdryer",
            weak="dryer hair salon",
            phrases=("hair dryer", "blow dryer", "blow drying", "drying hair", "drying her hair"),
        ),
        6.0,
        "ambience",
        indoor=True,
        group="appliances",
    ),
    SfxCategory(
        "electric_fan",
        "an electric fan whirring: soft airflow, blade flutter and mains hum",
        _fan,
        terms(
            "whir whirring whirr",
            weak="ventilator blades",
            phrases=(
                "electric fan",
                "desk fan",
                "ceiling fan",
                "table fan",
                "fan whirring",
                "fan running",
                "air conditioner",
                "air conditioning",
            ),
        ),
        8.0,
        "ambience",
        indoor=True,
        group="appliances",
    ),
    SfxCategory(
        "fridge_hum",
        "a refrigerator humming: low compressor hum, gurgles and ticks",
        _fridge,
        terms(
            "fridge refrigerator freezer compressor",
            weak="hum humming",
            phrases=("fridge humming", "refrigerator hum"),
        ),
        10.0,
        "ambience",
        indoor=True,
        group="appliances",
    ),
    SfxCategory(
        "dishwasher",
        "a dishwasher mid-cycle: sprays sloshing behind its door over a pump hum",
        _dishwasher,
        terms("dishwasher dishwashers", phrases=("dish washer",)),
        10.0,
        "ambience",
        indoor=True,
        group="appliances",
    ),
    SfxCategory(
        "washing_machine",
        "a washing machine: drum thuds, sloshing water and motor",
        _washing_machine,
        terms(
            "laundromat tumble",
            weak="laundry spin cycle drum",
            phrases=("washing machine", "washer running", "spin cycle", "tumble dryer"),
        ),
        10.0,
        "ambience",
        indoor=True,
        group="appliances",
    ),
    SfxCategory(
        "blender",
        "a kitchen blender grinding, chunks rattling against the blades",
        _blender,
        terms(
            "blender blending smoothie mixer",
            weak="crushing crush ice",
            phrases=("food processor", "crushing ice", "blender running"),
        ),
        5.0,
        "oneshot",
        indoor=True,
        group="appliances",
    ),
    SfxCategory(
        "toilet_flush",
        "a toilet flushing: lever, swirling rush, gurgling drain and refill",
        _toilet_flush,
        terms(
            "toilet flush flushing flushes flushed loo lavatory",
            weak="bathroom cistern",
            phrases=("toilet flushing", "flushing the toilet", "flush the toilet"),
        ),
        6.0,
        "oneshot",
        indoor=True,
        group="appliances",
    ),
    SfxCategory(
        "bathroom_shower",
        "a shower running: dense spray on tiles in a small bright room",
        _shower,
        terms(
            "shower showering",
            weak="bathroom tiles spray",
            phrases=(
                "shower running",
                "hot shower",
                "taking a shower",
                "in the shower",
                "shower head",
                "a shower",
            ),
        ),
        8.0,
        "ambience",
        indoor=True,
        group="appliances",
    ),
    SfxCategory(
        "smoke_alarm",
        "a smoke alarm: piercing three-beep pattern",
        _smoke_alarm,
        terms(
            "detector",
            weak="smoke beep beeping chirp chirping",
            phrases=("smoke alarm", "smoke detector", "fire alarm", "carbon monoxide"),
            # Named with the beeping: the alarm is the source, not a generic beep.
            together=("smoke beep", "detector beep", "smoke chirp", "detector chirp"),
        ),
        6.0,
        "stream",
        indoor=True,
        group="appliances",
    ),
    SfxCategory(
        "elevator_ding",
        "an elevator arriving: one soft ding, its doors rolling open",
        _elevator,
        terms(
            "elevator elevators",
            weak="lift lobby floor",
            phrases=("elevator ding", "lift arriving", "elevator doors"),
        ),
        4.0,
        "oneshot",
        indoor=True,
        group="appliances",
    ),
    SfxCategory(
        "popcorn",
        "popcorn popping: sparse pops that crowd together, then thin out",
        _popcorn,
        terms(
            "popcorn kernels",
            weak="popping pop pops",
            phrases=("popcorn popping", "corn popping"),
        ),
        6.0,
        "stream",
        indoor=True,
        group="kitchen",
    ),
    SfxCategory(
        "sizzling",
        "food sizzling in a hot pan: spitting fat over a bright hiss",
        _sizzling,
        terms(
            "sizzle sizzling sizzles frying bacon griddle",
            weak="pan fry oil grill skillet steak sausages",
            phrases=("frying pan", "hot pan", "frying bacon", "hot oil", "on the grill"),
        ),
        6.0,
        "ambience",
        indoor=True,
        group="kitchen",
    ),
)

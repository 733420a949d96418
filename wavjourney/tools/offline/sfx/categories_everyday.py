"""Everyday sounds around people: a baby crying, snoring, coughing, sneezing, whistling,
finger snaps, zippers, keys, paper, a bicycle bell, a siren passing by, a car alarm, small
engines (chainsaw, lawn mower, motorcycle), insects and farm animals."""

from __future__ import annotations

import numpy as np

from wavjourney.tools.offline.sfx import synth as S
from wavjourney.tools.offline.sfx.categories_urban import _engine, _passby
from wavjourney.tools.offline.sfx.core import EVENT_START_S, RenderContext, SfxCategory, terms

VOICE_MIN_RATE_HZ = 10_000.0
BABY_F0_HZ = 430.0
# A baby's vocal tract is short: formants sit well above an adult's.
BABY_FORMANTS_HZ = (1150.0, 2500.0, 3700.0)
SNORE_CYCLE_S = 3.6
SNORE_FLUTTER_HZ = 32.0  # the soft palate flapping in the airflow
COUGH_FORMANTS_HZ = (650.0, 1250.0, 2600.0)
WHISTLE_NOTES = (0, 2, 4, 7, 9, 12)  # a major pentatonic: whistled tunes sit on it
WHISTLE_TONIC_HZ = 1100.0
SNAPS_PER_S = 1.6
ZIP_TEETH_PER_S = (120.0, 420.0)  # slow start, fast pull
BIKE_BELL_HZ = 3400.0
BIKE_BELL_RATIOS = (1.0, 1.47, 2.09, 2.56)
BIKE_BELL_STRIKES_HZ = 16.0
SIREN_LOW_HZ, SIREN_HIGH_HZ = 650.0, 1350.0
SIREN_WAIL_S = 4.5
SIREN_PASS_SPEED_M_S = 16.0
SIREN_PASS_CLOSEST_M = 7.0
CAR_ALARM_PHASE_S = 2.2
CHAINSAW_IDLE_HZ = 45.0
CHAINSAW_FULL_HZ = 150.0  # a two-stroke at 9,000 rpm fires 150 times a second
MOWER_RPM = 1500.0
MOTORCYCLE_IDLE_RPM = 1100.0
MOTORCYCLE_REV_RPM = 7500.0
BEE_WING_HZ = 220.0
MOSQUITO_WING_HZ = 600.0
ROOSTER_F0_HZ = 620.0
COW_F0_HZ = 140.0
DUCK_F0_HZ = 330.0


def _voice_clip(ctx: RenderContext) -> tuple[RenderContext, int]:
    return ctx.reduced(VOICE_MIN_RATE_HZ)


def _gate_at(n: int, sr: int, start_s: float, length_s: float, attack_s: float, release_s: float):
    """A raised-cosine gate of `length_s` from `start_s` (and its sample slice), clipped."""
    gate = np.zeros(n)
    s0 = int(start_s * sr)
    m = min(int(length_s * sr), n - s0)
    if m > 8:
        gate[s0 : s0 + m] = S.ar_env(m, attack_s, release_s, sr)
    return gate


def _baby_crying(ctx: RenderContext) -> np.ndarray:
    low, factor = _voice_clip(ctx)
    rng, sr, n = low.rng, low.sr, low.n
    f0 = np.full(n, BABY_F0_HZ / ctx.size)
    gate, gasp = np.zeros(n), np.zeros(n)
    t0 = EVENT_START_S
    while t0 < low.duration_s:
        length = rng.uniform(0.7, 1.4)
        s0 = int(t0 * sr)
        m = min(int(length * sr), n - s0)
        if m > 64:
            x = np.linspace(0.0, 1.0, m)
            gate[s0 : s0 + m] = S.ar_env(m, 0.04, 0.15, sr) * (0.7 + 0.3 * S.hump(m, 0.3, 1.0))
            contour = 1.0 + 0.3 * S.hump(m, 0.25, 1.0) - 0.15 * x
            f0[s0 : s0 + m] *= rng.uniform(0.9, 1.15) * contour
        # The gasping in-breath between two wails.
        gasp += _gate_at(n, sr, t0 + length + 0.05, 0.18, 0.05, 0.08)
        t0 += length + rng.uniform(0.3, 0.55) / ctx.rate
    t = S.time_axis(n, sr)
    f0 *= 1.0 + 0.03 * np.sin(2 * np.pi * 7.0 * t) + 0.02 * S.smooth_random(rng, n, 20, sr, -1, 1)
    src = np.tanh(2.5 * S.sawtooth(f0, n, sr)) * gate  # a pressed, strained voice
    voice = S.formants(src, BABY_FORMANTS_HZ, (1.0, 0.7, 0.35), 5.0, sr)
    breath = S.bandpass(S.white(rng, n), 1500.0, 4500.0, sr) * gasp
    mono = S.rms_normalize(voice) + 0.15 * S.rms_normalize(breath)
    out = S.upsample(S.pan(mono, rng.uniform(-0.2, 0.2)), factor, ctx.n)
    return S.reverb(out, ctx.sr, 0.6, 0.15)


def _snoring(ctx: RenderContext) -> np.ndarray:
    low, factor = _voice_clip(ctx)
    rng, sr, n = low.rng, low.sr, low.n
    cycle = SNORE_CYCLE_S / ctx.rate
    inhale, exhale = np.zeros(n), np.zeros(n)
    for start in np.arange(EVENT_START_S, low.duration_s, cycle):
        inhale += _gate_at(n, sr, start, 0.42 * cycle, 0.35 * cycle * 0.4, 0.08) * rng.uniform(
            0.8, 1.0
        )
        exhale += _gate_at(n, sr, start + 0.5 * cycle, 0.4 * cycle, 0.1, 0.4 * cycle * 0.5)
    # The snore: air noise chopped by the fluttering palate, through a nasal, closed tract.
    flutter = SNORE_FLUTTER_HZ * (1.0 + 0.1 * S.smooth_random(rng, n, 2.0, sr, -1, 1))
    chop = 0.5 + 0.5 * np.tanh(3.0 * np.sin(2 * np.pi * np.cumsum(flutter) / sr))
    rasp = S.lowpass(S.white(rng, n), 1200.0, sr) * chop + 0.6 * S.sawtooth(flutter, n, sr)
    rasp = S.formants(rasp, (250.0, 500.0, 1100.0), (1.0, 0.6, 0.3), 3.0, sr)
    out_breath = S.bandpass(S.white(rng, n), 300.0, 1500.0, sr)
    mono = S.rms_normalize(rasp * inhale) + 0.25 * S.rms_normalize(out_breath * exhale)
    return S.upsample(S.pan(mono, 0.0), factor, ctx.n)


def _cough(ctx: RenderContext) -> np.ndarray:
    low, factor = _voice_clip(ctx)
    rng, sr, n = low.rng, low.sr, low.n
    out = np.zeros(n)
    fit_at = EVENT_START_S
    while fit_at < low.duration_s - 0.3:
        t0 = fit_at
        for _ in range(rng.integers(2, 4)):
            m = min(int(rng.uniform(0.18, 0.3) * sr), n - int(t0 * sr))
            if m <= 64:
                break
            s0 = int(t0 * sr)
            env = S.decay_env(m, 0.07, sr, 0.004)
            f0 = rng.uniform(110, 160) * (1.0 - 0.3 * np.linspace(0, 1, m))
            burst = S.white(rng, m) + 0.8 * S.sawtooth(f0, m, sr) * np.exp(
                -np.arange(m) / (0.05 * sr)
            )
            out[s0 : s0 + m] += env * S.formants(burst, COUGH_FORMANTS_HZ, (1.0, 0.7, 0.3), 3.0, sr)
            t0 += m / sr + rng.uniform(0.08, 0.2)
        fit_at = t0 + rng.uniform(1.5, 3.0) / ctx.rate
    out = S.upsample(S.pan(S.highpass(out, 100.0, sr), rng.uniform(-0.2, 0.2)), factor, ctx.n)
    return S.reverb(out, ctx.sr, 0.6, 0.15)


def _sneeze(ctx: RenderContext) -> np.ndarray:
    low, factor = _voice_clip(ctx)
    rng, sr, n = low.rng, low.sr, low.n
    # "Ah... ah..." a voiced rising in-breath, then "CHOO": a hissing burst and a short "oo".
    ah_s = rng.uniform(0.6, 0.8)
    ah = _gate_at(n, sr, EVENT_START_S, ah_s, ah_s * 0.8, 0.05)
    f0 = np.full(n, 220.0) * (
        1.0 + 0.5 * np.clip((S.time_axis(n, sr) - EVENT_START_S) / ah_s, 0, 1)
    )
    voiced = S.formants(
        S.sawtooth(f0, n, sr) + 0.5 * S.white(rng, n),
        (800.0, 1200.0, 2600.0),
        (1.0, 0.6, 0.3),
        5.0,
        sr,
    )
    choo_at = EVENT_START_S + ah_s + 0.12
    burst = _gate_at(n, sr, choo_at, 0.35, 0.005, 0.25)
    burst *= np.exp(-np.maximum(S.time_axis(n, sr) - choo_at, 0.0) / 0.12)
    hiss = S.bandpass(S.white(rng, n), 2000.0, 4800.0, sr)
    oo = S.formants(
        S.sawtooth(np.full(n, 260.0), n, sr), (320.0, 800.0, 2300.0), (1.0, 0.4, 0.1), 5.0, sr
    )
    mono = 0.35 * S.rms_normalize(voiced * ah) + S.rms_normalize((hiss + 0.6 * oo) * burst)
    out = S.upsample(S.pan(mono, 0.0), factor, ctx.n)
    return S.reverb(out, ctx.sr, 0.6, 0.15)


def _whistling(ctx: RenderContext) -> np.ndarray:
    rng, sr, n = ctx.rng, ctx.sr, ctx.n
    track = np.zeros(n)
    gate = np.zeros(n)
    t0 = EVENT_START_S
    degree = 2
    while t0 < ctx.duration_s:
        length = rng.choice([0.2, 0.3, 0.45, 0.6]) / ctx.rate
        degree = int(np.clip(degree + rng.integers(-2, 3), 0, len(WHISTLE_NOTES) - 1))
        s0 = int(t0 * sr)
        m = min(int(length * sr), n - s0)
        if m > 32:
            track[s0 : s0 + m] = WHISTLE_TONIC_HZ * 2 ** (WHISTLE_NOTES[degree] / 12.0)
            gate[s0 : s0 + m] = S.ar_env(m, 0.03, 0.05, sr)
        t0 += length + (0.25 if rng.uniform() < 0.15 else 0.0)
    track[track == 0] = WHISTLE_TONIC_HZ
    # Slide between notes (the lips reshape gradually) and a gentle vibrato.
    glide = S.lowpass(track, 12.0, sr)
    glide *= 1.0 + 0.008 * np.sin(2 * np.pi * 5.5 * S.time_axis(n, sr))
    pure = S.tone(glide, n, sr, (1.0, 0.05))
    breath = S.bandpass(S.white(rng, n), 900.0, 4000.0, sr)
    mono = (S.rms_normalize(pure) + 0.06 * S.rms_normalize(breath)) * gate
    return S.reverb(S.pan(mono, rng.uniform(-0.2, 0.2)), sr, 0.8, 0.2)


def _finger_snap(ctx: RenderContext) -> np.ndarray:
    rng, sr, n = ctx.rng, ctx.sr, ctx.n
    onsets = S.jittered_grid(
        rng, 1.0 / (SNAPS_PER_S * ctx.rate), EVENT_START_S, ctx.duration_s, 0.01, sr
    )
    count = onsets.size
    # The finger hitting the palm: a sharp click with a hollow resonance near 2 kHz.
    click = S.noise_grains(rng, count, ctx.samples(0.06), np.full(count, 0.004), sr)
    body = S.modal_grains(
        rng.uniform(1700, 2300, (count, 2)) * np.array([1.0, 1.6]),
        np.full((count, 2), 0.012),
        np.tile([1.0, 0.5], (count, 1)),
        ctx.samples(0.06),
        sr,
        rng,
    )
    snaps = S.place_stereo(
        n,
        onsets,
        S.highpass(click, 1200.0, sr) + 2.0 * body,
        rng.uniform(0.8, 1.0, count),
        np.zeros(count),
    )
    return S.reverb(snaps, sr, 0.5, 0.15)


def _zipper(ctx: RenderContext) -> np.ndarray:
    rng, sr, n = ctx.rng, ctx.sr, ctx.n
    out = np.zeros((2, n))
    t0 = EVENT_START_S
    while t0 < ctx.duration_s - 0.3:
        length = rng.uniform(0.45, 0.8) / ctx.rate
        # Teeth clicks: slow as the pull starts, a fast run, slowing again at the end.
        m = min(int(length * sr), n - int(t0 * sr))
        if m <= 64:
            break
        shape = S.hump(m, 0.4, 1.0)
        rate = ZIP_TEETH_PER_S[0] + (ZIP_TEETH_PER_S[1] - ZIP_TEETH_PER_S[0]) * shape
        teeth = S.pulse_train(rate, m, sr) * rng.lognormal(0, 0.3, m)
        grain = S.highpass(
            S.noise_grains(rng, 1, ctx.samples(0.004), np.array([0.0008]), sr)[0], 2500.0, sr
        )
        clicks = S.convolve(teeth, grain)[:m] * (0.4 + 0.6 * shape)
        clicks = clicks + 0.6 * S.resonate(clicks, 4200.0, 3.0, sr)
        s0 = int(t0 * sr)
        out[:, s0 : s0 + m] += S.pan(clicks, rng.uniform(-0.3, 0.3))
        t0 += length + rng.uniform(1.0, 2.0) / ctx.rate
    return S.reverb(out, sr, 0.4, 0.1)


def _keys(ctx: RenderContext) -> np.ndarray:
    rng, sr, n = ctx.rng, ctx.sr, ctx.n
    onsets_list = []
    t0 = EVENT_START_S
    while t0 < ctx.duration_s - 0.2:
        shake_s = rng.uniform(0.3, 0.6)
        burst = S.poisson_onsets(rng, 55.0 * ctx.intensity, t0, t0 + shake_s, sr)
        onsets_list.append(burst)
        t0 += shake_s + rng.uniform(0.4, 1.0) / ctx.rate
    onsets = np.concatenate(onsets_list) if onsets_list else np.zeros(0, np.int64)
    count = onsets.size
    # Small steel and brass plates: high, inharmonic, short rings.
    base = rng.uniform(2600, 5200, (count, 1))
    freqs = base * np.array([1.0, 1.73, 2.61])
    metal = S.modal_grains(
        freqs,
        rng.uniform(0.03, 0.09, (count, 3)),
        rng.uniform(0.3, 1.0, (count, 3)),
        ctx.samples(0.12),
        sr,
        rng,
    )
    jingle = S.place_stereo(
        n, onsets, metal, rng.lognormal(0, 0.4, count), rng.uniform(-0.4, 0.4, count)
    )
    return S.reverb(jingle, sr, 0.4, 0.1)


def _paper_crumple(ctx: RenderContext) -> np.ndarray:
    rng, sr, n = ctx.rng, ctx.sr, ctx.n
    out = np.zeros((2, n))
    t0 = EVENT_START_S
    while t0 < ctx.duration_s - 0.3:
        m = min(int(rng.uniform(0.5, 0.9) * sr), n - int(t0 * sr))
        if m <= 64:
            break
        s0 = int(t0 * sr)
        # Creases giving way: bursts of crisp crackles, dense while squeezing.
        squeeze = S.hump(m, 0.5, 1.0)
        onsets = S.poisson_onsets(rng, 260.0, 0.0, m / sr, sr)
        keep = rng.uniform(0, 1, onsets.size) < squeeze[np.minimum(onsets, m - 1)]
        onsets = onsets[keep]
        count = onsets.size
        grains = S.noise_grains(
            rng, count, ctx.samples(0.012), rng.uniform(0.0005, 0.003, count), sr
        )
        crackle = S.place_stereo(
            m, onsets, grains, rng.lognormal(0, 0.7, count), rng.uniform(-0.3, 0.3, count)
        )
        crackle = S.bandpass(crackle, 900.0, 8000.0, sr)
        rustle = S.bandpass(S.white(rng, (2, m)), 1500.0, 6000.0, sr) * squeeze * 0.15
        out[:, s0 : s0 + m] += S.rms_normalize(crackle) + rustle
        t0 += m / sr + rng.uniform(0.3, 0.8)
    return out


def _bicycle_bell(ctx: RenderContext) -> np.ndarray:
    rng, sr, n = ctx.rng, ctx.sr, ctx.n
    strikes = []
    for ring_at in (EVENT_START_S, EVENT_START_S + 0.55):
        # A thumb lever spins a striker: a rapid train of hits on a small dome.
        count = int(rng.integers(5, 8))
        times = ring_at + np.arange(count) / BIKE_BELL_STRIKES_HZ
        strikes.append((times * sr).astype(np.int64))
    onsets = np.concatenate(strikes)
    onsets = onsets[onsets < n]
    count = onsets.size
    freqs = BIKE_BELL_HZ / ctx.size * np.array(BIKE_BELL_RATIOS)[None, :] * np.ones((count, 1))
    dome = S.modal_grains(
        freqs,
        np.tile([0.5, 0.35, 0.2, 0.12], (count, 1)),
        np.tile([1.0, 0.6, 0.4, 0.25], (count, 1)),
        ctx.samples(0.9),
        sr,
        rng,
    )
    bell = S.place(n, onsets, dome, rng.uniform(0.6, 1.0, count))
    return S.reverb(S.pan(bell, rng.uniform(-0.3, 0.3)), sr, 0.8, 0.15)


def _siren_tone(n: int, sr: int, rng: np.random.Generator) -> np.ndarray:
    t = S.time_axis(n, sr)
    sweep = 0.5 - 0.5 * np.cos(2 * np.pi * t / SIREN_WAIL_S + rng.uniform(0, 6))
    freq = SIREN_LOW_HZ + (SIREN_HIGH_HZ - SIREN_LOW_HZ) * sweep
    return S.bandpass(S.tone(freq, n, sr, (1.0, 0.45, 0.3, 0.15, 0.1)), 300.0, 5000.0, sr)


def _siren_passby(ctx: RenderContext) -> np.ndarray:
    rng, sr, n = ctx.rng, ctx.sr, ctx.n
    # The vehicle under the siren: engine and tyres, well below the wail.
    source = S.rms_normalize(_siren_tone(n, sr, rng))
    tyres = S.bandpass(S.pink(rng, n), 200.0, 3000.0, sr)
    engine = _engine(rng, np.full(n, 2800.0), sr)
    source = source + 0.25 * S.rms_normalize(tyres) + 0.2 * engine
    closest = SIREN_PASS_CLOSEST_M * (3.0 if ctx.has("far") else 1.0)
    direction = float(rng.choice([-1.0, 1.0]))
    moved = _passby(
        rng, sr, source, ctx.duration_s * 0.5, SIREN_PASS_SPEED_M_S * ctx.rate, closest, direction
    )
    return S.reverb(moved, sr, 1.5, 0.2)


def _car_alarm(ctx: RenderContext) -> np.ndarray:
    rng, sr, n = ctx.rng, ctx.sr, ctx.n
    t = S.time_axis(n, sr)
    # The usual cycle of patterns: fast whoops, a two-tone warble, then steady pulses.
    pattern = ((t - EVENT_START_S) // CAR_ALARM_PHASE_S).astype(int) % 3
    whoop = 700.0 + 1100.0 * ((t * 4.0) % 1.0)
    warble = np.where((t * 5.0) % 1.0 < 0.5, 1000.0, 1450.0)
    freq = np.select([pattern == 0, pattern == 1], [whoop, warble], 1250.0)
    pulse = np.where(pattern == 2, ((t * 6.0) % 1.0) < 0.55, 1.0)
    horn = np.tanh(3.0 * S.tone(freq, n, sr)) * pulse * (t >= EVENT_START_S)
    horn = S.bandpass(horn, 400.0, 6000.0, sr)
    return S.reverb(S.pan(horn, rng.uniform(-0.3, 0.3)), sr, 1.6, 0.3)


def _chainsaw(ctx: RenderContext) -> np.ndarray:
    rng, sr, n = ctx.rng, ctx.sr, ctx.n
    # Idle, then full throttle into the wood (load pulls the pitch down), and back.
    throttle = np.zeros(n)
    t0 = EVENT_START_S + 0.6
    while t0 < ctx.duration_s:
        throttle += _gate_at(n, sr, t0, rng.uniform(1.5, 2.5), 0.15, 0.3)
        t0 += rng.uniform(2.5, 3.5)
    throttle = np.clip(throttle, 0.0, 1.0)
    cut = throttle * S.smooth_random(rng, n, 2.0, sr, 0.0, 1.0)
    freq = CHAINSAW_IDLE_HZ + (CHAINSAW_FULL_HZ - CHAINSAW_IDLE_HZ) * throttle * (1 - 0.15 * cut)
    freq *= 1.0 + 0.02 * S.smooth_random(rng, n, 15.0, sr, -1, 1)
    engine = np.tanh(3.0 * S.sawtooth(freq, n, sr)) * rng.lognormal(0, 0.15, n)
    engine = S.bandpass(engine, 80.0, 6000.0, sr) + 0.6 * S.resonate(engine, 900.0, 2.0, sr)
    chips = S.bandpass(S.white(rng, n), 1500.0, 8000.0, sr) * cut
    mono = S.rms_normalize(engine) * (0.5 + 0.5 * throttle) + 0.35 * S.rms_normalize(chips)
    return S.reverb(S.pan(mono, rng.uniform(-0.3, 0.3)), sr, 1.2, 0.2)


def _lawn_mower(ctx: RenderContext) -> np.ndarray:
    rng, sr, n = ctx.rng, ctx.sr, ctx.n
    rpm = MOWER_RPM * (1.0 + 0.04 * S.smooth_random(rng, n, 1.0, sr, -1, 1))
    engine = _engine(rng, rpm, sr, size=0.8)
    blade = S.bandpass(S.white(rng, n), 500.0, 4000.0, sr) * S.smooth_random(rng, n, 3.0, sr)
    mono = S.rms_normalize(engine) + 0.3 * S.rms_normalize(blade)
    # Pushed up and down the lawn: nearer and farther, left and right.
    lane = np.sin(2 * np.pi * S.time_axis(n, sr) / 9.0 + rng.uniform(0, 6))
    mono *= 0.6 + 0.4 * (0.5 + 0.5 * lane)
    return S.pan(mono, 0.6 * lane) + 0.02 * S.lowpass(S.pink(rng, (2, n)), 2000.0, sr)


def _motorcycle(ctx: RenderContext) -> np.ndarray:
    rng, sr, n = ctx.rng, ctx.sr, ctx.n
    t = S.time_axis(n, sr)
    rpm = np.full(n, MOTORCYCLE_IDLE_RPM)
    start = 0.8 / ctx.rate
    while start < ctx.duration_s:
        up, down = rng.uniform(0.25, 0.45), rng.uniform(0.5, 0.9)
        dt = t - start
        blip = np.where(dt < 0, 0, np.where(dt < up, dt / up, np.exp(-(dt - up) / down * 2.5)))
        rpm = rpm + (MOTORCYCLE_REV_RPM * rng.uniform(0.7, 1.0) - MOTORCYCLE_IDLE_RPM) * blip
        start += rng.uniform(1.6, 2.6) / ctx.rate
    # A twin fires half as often as a four at the same rpm: a lumpier, more open bark.
    engine = _engine(rng, rpm / 2.0, sr, size=0.55)
    rasp = S.bandpass(np.tanh(2.0 * S.sawtooth(rpm / 60.0, n, sr)), 200.0, 4000.0, sr)
    mono = S.rms_normalize(engine) + 0.45 * S.rms_normalize(rasp)
    return S.reverb(S.pan(mono, rng.uniform(-0.2, 0.2)), sr, 1.0, 0.15)


def _insect(ctx: RenderContext) -> np.ndarray:
    rng, sr, n = ctx.rng, ctx.sr, ctx.n
    wing_hz = MOSQUITO_WING_HZ if ctx.has("small") else BEE_WING_HZ
    # Flying around: pitch wobbles with its speed, level and pan with its distance.
    path = S.smooth_random(rng, n, 0.8, sr, -1.0, 1.0)
    near = S.smooth_random(rng, n, 0.6, sr, 0.2, 1.0)
    freq = wing_hz * (1.0 + 0.06 * path + 0.02 * S.smooth_random(rng, n, 8.0, sr, -1, 1))
    buzz = S.tone(freq, n, sr, (1.0, 0.8, 0.6, 0.5, 0.4, 0.3, 0.25, 0.2, 0.15, 0.1))
    buzz = S.highpass(buzz, 150.0, sr) * near**1.5
    return S.pan(buzz, 0.8 * path)


def _animal_calls(
    ctx: RenderContext,
    call,
    period_s: tuple[float, float],
) -> np.ndarray:
    """Place `call(sr, rng)` (a mono array) every `period_s` from the start."""
    rng, sr, n = ctx.rng, ctx.sr, ctx.n
    out = np.zeros(n)
    t0 = EVENT_START_S
    while t0 < ctx.duration_s - 0.3:
        one = call(sr, rng)
        s0 = int(t0 * sr)
        m = min(one.size, n - s0)
        out[s0 : s0 + m] += one[:m] * rng.uniform(0.7, 1.0)
        t0 += one.size / sr + rng.uniform(*period_s) / ctx.rate
    return S.reverb(S.pan(out, rng.uniform(-0.3, 0.3)), sr, 1.0, 0.15)


def _crow_call(sr: int, rng: np.random.Generator) -> np.ndarray:
    """Cock-a-doodle-doo: four short rising syllables and a long falling last one."""
    parts = []
    for length, rise in ((0.12, 0.1), (0.1, 0.15), (0.16, 0.2), (0.75, -0.25)):
        m = int(length * sr)
        x = np.linspace(0, 1, m)
        f0 = ROOSTER_F0_HZ * rng.uniform(0.95, 1.05) * (1 + rise * x + 0.25 * S.hump(m, 0.2, 1.0))
        src = np.tanh(2.0 * S.sawtooth(f0, m, sr)) * S.ar_env(m, 0.015, 0.05, sr)
        parts += [S.formants(src, (1300.0, 2600.0), (1.0, 0.5), 4.0, sr), np.zeros(int(0.03 * sr))]
    return S.normalize(np.concatenate(parts))


def _moo_call(sr: int, rng: np.random.Generator) -> np.ndarray:
    m = int(rng.uniform(1.2, 1.8) * sr)
    x = np.linspace(0, 1, m)
    f0 = COW_F0_HZ * rng.uniform(0.9, 1.1) * (1 + 0.15 * S.hump(m, 0.3, 1.0) - 0.15 * x)
    src = S.sawtooth(f0, m, sr) * S.ar_env(m, 0.2, 0.4, sr)
    # "Mmm" (closed, nasal) opening to "ooo".
    closed = S.lowpass(src, 350.0, sr)
    open_ = S.formants(src, (420.0, 820.0, 2400.0), (1.0, 0.5, 0.15), 5.0, sr)
    mix = np.clip(x / 0.25, 0, 1)
    return S.normalize((1 - mix) * S.rms_normalize(closed) + mix * S.rms_normalize(open_))


def _quack_call(sr: int, rng: np.random.Generator) -> np.ndarray:
    parts = []
    for _ in range(rng.integers(2, 5)):
        m = int(rng.uniform(0.14, 0.22) * sr)
        f0 = DUCK_F0_HZ * rng.uniform(0.9, 1.1) * (1 - 0.2 * np.linspace(0, 1, m))
        src = np.tanh(4.0 * S.sawtooth(f0, m, sr)) + 0.3 * S.white(rng, m)
        quack = S.formants(src, (1000.0, 1900.0, 2800.0), (1.0, 0.8, 0.4), 6.0, sr)
        parts += [quack * S.ar_env(m, 0.01, 0.06, sr), np.zeros(int(rng.uniform(0.06, 0.14) * sr))]
    return S.normalize(np.concatenate(parts))


def _rooster(ctx: RenderContext) -> np.ndarray:
    return _animal_calls(ctx, _crow_call, (2.5, 4.0))


def _cow(ctx: RenderContext) -> np.ndarray:
    return _animal_calls(ctx, _moo_call, (1.5, 3.0))


def _duck(ctx: RenderContext) -> np.ndarray:
    return _animal_calls(ctx, _quack_call, (0.6, 1.5))


CATEGORIES = (
    SfxCategory(
        "baby_crying",
        "a baby crying: strained high wails with gasping breaths between",
        _baby_crying,
        terms(
            "baby babies infant newborn toddler wailing",
            weak="cry crying cries sobbing",
            phrases=("baby crying", "crying baby", "baby cries", "baby wailing"),
        ),
        6.0,
        "stream",
        indoor=True,
        group="human",
    ),
    SfxCategory(
        "snoring",
        "someone snoring in their sleep",
        _snoring,
        terms("snore snoring snores snorer", weak="asleep sleeping sleep"),
        10.0,
        "stream",
        indoor=True,
        group="human",
    ),
    SfxCategory(
        "cough",
        "someone coughing in short fits",
        _cough,
        terms(
            "cough coughing coughs coughed",
            weak="throat sick",
            phrases=("clears his throat", "clearing throat", "clears her throat"),
        ),
        4.0,
        "stream",
        indoor=True,
        group="human",
    ),
    SfxCategory(
        "sneeze",
        "a sneeze: ah... ah... choo!",
        _sneeze,
        terms("sneeze sneezes sneezing sneezed achoo atishoo", weak="allergy"),
        2.5,
        "oneshot",
        indoor=True,
        group="human",
    ),
    SfxCategory(
        "whistled_tune",
        "a person whistling a little tune",
        _whistling,
        terms(
            "tune whistle whistling whistles",
            weak="melody",
            phrases=(
                "whistling a tune",
                "man whistling",
                "woman whistling",
                "someone whistling",
                "whistles a tune",
                "person whistling",
                "whistling a song",
            ),
        ),
        6.0,
        "stream",
        group="human",
    ),
    SfxCategory(
        "finger_snap",
        "fingers snapping to a slow beat",
        _finger_snap,
        terms(
            "snap snaps snapping",
            weak="fingers finger",
            phrases=("finger snap", "snapping fingers", "snaps his fingers", "snaps her fingers"),
        ),
        4.0,
        "stream",
        group="human",
    ),
    SfxCategory(
        "zipper",
        "a zipper pulled open or closed",
        _zipper,
        terms("zipper zip zipping unzip unzipping zips zipped", weak="jacket bag backpack tent"),
        3.0,
        "oneshot",
        group="household",
    ),
    SfxCategory(
        "keys_jingling",
        "a bunch of keys jingling",
        _keys,
        terms(
            "keychain keyring",
            weak="jingle jingling jangling jangle keys",
            phrases=(
                "keys jingling",
                "jingling keys",
                "bunch of keys",
                "set of keys",
                "keys jangling",
                "rattling keys",
            ),
            together=("keys jingle", "keys jangle", "keys rattle"),
        ),
        3.0,
        "stream",
        group="household",
    ),
    SfxCategory(
        "paper_crumple",
        "paper crumpled into a ball",
        _paper_crumple,
        terms(
            "crumple crumpling crumples crumpled scrunch scrunching crinkle crinkling",
            weak="paper wrapper foil",
            phrases=("crumpling paper", "paper ball", "crumpled paper"),
        ),
        3.0,
        "oneshot",
        group="household",
    ),
    SfxCategory(
        "bicycle_bell",
        "a bicycle bell: ring-ring",
        _bicycle_bell,
        terms(
            "bicycle bike cyclist",
            weak="ring ringing bell",
            phrases=("bicycle bell", "bike bell", "ring ring"),
        ),
        2.0,
        "oneshot",
        group="urban",
    ),
    SfxCategory(
        "siren_passby",
        "an emergency vehicle passing with its siren on (Doppler, pan, distance)",
        _siren_passby,
        terms(
            "",
            weak="siren sirens",
            phrases=(
                "siren passing",
                "sirens passing",
                "passing siren",
                "siren going by",
                "sirens going by",
                "siren passes",
                "siren passby",
            ),
            together=(
                "siren pass",
                "siren past",
                "siren speed",
                "siren drive",
                "siren rush",
                "siren race",
                "siren zoom",
                "ambulance pass",
                "ambulance past",
                "police pass",
                "police past",
                "fire truck pass",
                "fire truck past",
            ),
        ),
        8.0,
        "oneshot",
        group="urban",
    ),
    SfxCategory(
        "car_alarm",
        "a car alarm going off: whoops, warble and pulses",
        _car_alarm,
        terms("", weak="alarm", phrases=("car alarm", "vehicle alarm", "anti theft alarm")),
        8.0,
        "ambience",
        group="urban",
    ),
    SfxCategory(
        "chainsaw",
        "a chainsaw idling, then cutting wood at full throttle",
        _chainsaw,
        terms(
            "chainsaw chainsaws",
            weak="log logs lumberjack sawing saw timber",
            phrases=("chain saw", "cutting wood", "cutting a log"),
        ),
        6.0,
        "oneshot",
        group="urban",
    ),
    SfxCategory(
        "lawn_mower",
        "a lawn mower going up and down a garden",
        _lawn_mower,
        terms(
            "mower mowing mow lawnmower",
            weak="garden yard",
            phrases=("lawn mower", "mowing the lawn", "mowing the grass"),
        ),
        10.0,
        "ambience",
        group="urban",
    ),
    SfxCategory(
        "motorcycle",
        "a motorcycle idling and revving",
        _motorcycle,
        terms(
            "motorcycle motorbike motorcycles scooter moped",
            weak="biker harley",
            phrases=("motor bike", "dirt bike"),
        ),
        6.0,
        "ambience",
        group="transport",
    ),
    SfxCategory(
        "insect_buzz",
        "a bee or fly buzzing around (small: a mosquito's whine)",
        _insect,
        terms(
            "bee bees bumblebee wasp hornet mosquito insect insects",
            weak="buzz buzzing buzzes hive",
            phrases=("fly buzzing", "buzzing fly", "house fly", "flies buzzing", "a fly"),
        ),
        5.0,
        "ambience",
        group="nature",
    ),
    SfxCategory(
        "rooster",
        "a rooster crowing: cock-a-doodle-doo",
        _rooster,
        terms(
            "rooster cockerel",
            weak="crow crowing farm dawn farmyard",
            phrases=("cock a doodle doo",),
        ),
        4.0,
        "stream",
        group="animals",
    ),
    SfxCategory(
        "cow_moo",
        "a cow mooing",
        _cow,
        terms("cow cows moo mooing moos cattle", weak="farm barn field pasture"),
        5.0,
        "stream",
        group="animals",
    ),
    SfxCategory(
        "duck_quack",
        "ducks quacking",
        _duck,
        terms("duck ducks quack quacking quacks duckling", weak="pond"),
        4.0,
        "stream",
        group="animals",
    ),
)

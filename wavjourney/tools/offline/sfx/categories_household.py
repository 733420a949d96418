"""Doors, phones, clocks, keys, paper, radio and shop recipes (mostly indoor)."""

from __future__ import annotations

import numpy as np

from wavjourney.tools.offline.sfx import synth as S
from wavjourney.tools.offline.sfx.core import EVENT_START_S, RenderContext, SfxCategory, terms

KNOCK_SPACING_S = 0.2
KNOCK_GROUP_PERIOD_S = 3.5
CREAK_LENGTH_S = 1.8
DOORBELL_DING_HZ = 659.3  # E5
DOORBELL_DONG_HZ = 523.3  # C5
BELL_PARTIALS = (1.0, 2.0, 3.01, 4.17, 5.43)
RING_ON_S = 0.4
RING_GAP_S = 0.2
RING_PAUSE_S = 2.0
PHONE_HAMMER_HZ = 20.0
TICK_PERIOD_S = 1.0
KEYS_PER_S = 8.5
TYPEWRITER_KEYS_PER_S = 6.0
# An AM / shortwave receiver: what comes out of its small speaker.
RADIO_BAND_HZ = (250.0, 4500.0)
RADIO_CRACKLES_PER_S = 35.0
RADIO_SQUELCHES_PER_S = 0.2
MAINS_HUM_HZ = 100.0
# A shop-door bell: a few small bells on a spring strip, set swinging by the opening door;
# the clapper strikes again and again as the swing dies away.
SHOP_BELLS_HZ = (2350.0, 2790.0, 3310.0)
SHOP_BELL_PARTIALS = (1.0, 2.32, 4.25, 6.63)
SHOP_BELL_DECAY_S = 0.7
SHOP_BELL_SWING_S = 0.085
SHOP_BELL_SWING_DAMPING = 0.8
SHOP_DOOR_CLOSE_S = 2.3
SHOP_BELL_RING_OUT_S = 3.5


def _events_every(
    period_s: float, duration_s: float, start_s: float = EVENT_START_S, tail_s: float = 0.5
) -> np.ndarray:
    """Start times of a repeated event group, keeping `tail_s` of room before the clip end."""
    times = np.arange(start_s, max(duration_s - tail_s, start_s + 1e-3), period_s)
    return times if times.size else np.array([start_s])


def _knock_grains(rng: np.random.Generator, count: int, sr: int, size: float, length: int):
    base = rng.uniform(170, 200, (count, 1)) / size
    body = S.modal_grains(
        base * np.array([1.0, 1.93, 3.1, 4.7]),
        np.array([[0.05, 0.03, 0.018, 0.01]]).repeat(count, 0) * size,
        np.array([[1.0, 0.7, 0.45, 0.3]]).repeat(count, 0),
        length,
        sr,
        rng,
    )
    click = S.bandpass(
        S.noise_grains(rng, count, length, np.full(count, 0.0015), sr), 800, 4000, sr
    )
    return body / (np.abs(body).max() + S.EPS) + 0.5 * click / (np.abs(click).max() + S.EPS)


def _door_knock(ctx: RenderContext) -> np.ndarray:
    rng, sr, n = ctx.rng, ctx.sr, ctx.n
    spacing = KNOCK_SPACING_S / ctx.rate
    times = []
    for group in _events_every(KNOCK_GROUP_PERIOD_S, ctx.duration_s, tail_s=1.0):
        count = 3 if rng.random() < 0.7 else 4
        times.extend(group + spacing * np.arange(count) + rng.normal(0, 0.01, count))
    times = np.clip(np.array(times), 0, None)
    grains = _knock_grains(rng, times.size, sr, ctx.size, ctx.samples(0.25))
    knocks = S.place(n, (times * sr).astype(np.int64), grains, rng.uniform(0.8, 1.0, times.size))
    return S.pan(knocks, 0.1)


def _door_creak(ctx: RenderContext) -> np.ndarray:
    rng, sr, n = ctx.rng, ctx.sr, ctx.n
    length = min(
        ctx.samples(CREAK_LENGTH_S / ctx.rate * rng.uniform(0.9, 1.1)),
        n - ctx.samples(EVENT_START_S) - ctx.samples(0.1),
    )
    length = max(length, ctx.samples(0.2))
    m = length
    shape = S.hump(m, 0.6, 1.0)
    # Stick-slip friction: the hinge sticks and releases faster as the door speeds up.
    slip_hz = (25.0 + 95.0 * shape + 20.0 * S.smooth_random(rng, m, 4.0, sr)) / ctx.size
    pulses = S.pulse_train(slip_hz, m, sr) * rng.lognormal(0, 0.3, m)
    gate = S.ar_env(m, 0.15, 0.3, sr) * (0.6 + 0.4 * S.smooth_random(rng, m, 3.0, sr))
    body = S.formants(
        pulses * gate,
        tuple(f / ctx.size for f in (450.0, 930.0, 1580.0, 2400.0)),
        (1.0, 0.8, 0.5, 0.3),
        14.0,
        sr,
    )
    creak = np.zeros(n)
    s0 = ctx.samples(EVENT_START_S)
    creak[s0 : s0 + m] = body[: n - s0]
    return S.pan(creak, -0.15)


def _door_slam(ctx: RenderContext) -> np.ndarray:
    rng, sr, n = ctx.rng, ctx.sr, ctx.n
    s0 = ctx.samples(EVENT_START_S)
    length = ctx.samples(0.8)
    size = ctx.size
    body = S.modal_grains(
        np.array([[70.0, 112.0, 185.0, 290.0]]) / size,
        np.array([[0.2, 0.12, 0.08, 0.05]]),
        np.array([[1.0, 0.8, 0.5, 0.3]]),
        length,
        sr,
        rng,
    )[0]
    crack = S.bandpass(S.noise_grains(rng, 1, length, np.array([0.018]), sr)[0], 150, 5000, sr)
    count = rng.integers(3, 6)
    rattle_on = (rng.uniform(0.015, 0.12, count) * sr).astype(np.int64)
    rattle = S.place(
        length,
        rattle_on,
        S.modal_grains(
            rng.uniform(2500, 4200, (count, 2)) * np.array([1.0, 1.6]),
            np.full((count, 2), 0.012),
            np.ones((count, 2)),
            ctx.samples(0.05),
            sr,
            rng,
        ),
        rng.uniform(0.1, 0.3, count),
    )
    hit = S.normalize(body) + 0.9 * S.normalize(crack) + rattle
    return S.pan(S.delayed(np.pad(hit, (0, max(0, n - length)))[:n], s0), 0.0)


def _bell_ring(
    strikes: np.ndarray,
    sr: int,
    f_hz: float,
    decay_s: float,
    partials: tuple[float, ...] = BELL_PARTIALS,
) -> np.ndarray:
    """Struck bell: an impulse train through modal resonators (higher partials die sooner)."""
    p = np.array(partials)
    return S.ring(strikes, f_hz * p, decay_s / p**0.7, 1.0 / p**0.8, sr)


def _bell_strike(
    n: int,
    sr: int,
    f_hz: float,
    decay_s: float,
    rng: np.random.Generator,
    partials: tuple[float, ...] = BELL_PARTIALS,
) -> np.ndarray:
    strike = np.zeros(n)
    strike[0] = 1.0
    return _bell_ring(strike, sr, f_hz, decay_s, partials)


def _doorbell(ctx: RenderContext) -> np.ndarray:
    rng, sr, n = ctx.rng, ctx.sr, ctx.n
    pitch = 1.0 / ctx.size
    out = np.zeros(n)
    groups = _events_every(4.0, ctx.duration_s, tail_s=1.5)
    for offset, f in ((0.0, DOORBELL_DING_HZ), (0.6, DOORBELL_DONG_HZ)):
        strikes = np.zeros(n)
        at = np.array([ctx.samples(g + offset) for g in groups])
        strikes[at[at < n]] = rng.uniform(0.9, 1.0, int(np.sum(at < n)))
        out += _bell_ring(strikes, sr, f * pitch, 1.1)
    return S.pan(out, 0.0)


def _phone_ring(ctx: RenderContext) -> np.ndarray:
    rng, sr, n = ctx.rng, ctx.sr, ctx.n
    gate = np.zeros(n)
    cycle = 2 * RING_ON_S + RING_GAP_S + RING_PAUSE_S
    for start in _events_every(cycle / ctx.rate, ctx.duration_s, tail_s=0.3):
        for offset in (0.0, RING_ON_S + RING_GAP_S):
            s0, m = ctx.samples(start + offset), ctx.samples(RING_ON_S)
            m = min(m, n - s0)
            if m > 16:
                gate[s0 : s0 + m] = S.ar_env(m, 0.005, 0.02, sr)
    if ctx.has("electronic"):
        # A modern handset: a bright marimba-like arpeggio.
        t = S.time_axis(n, sr)
        step = (t * 10.0).astype(np.int64) % 4
        freq = np.array([1318.5, 1568.0, 1975.5, 1568.0])[step]
        note_env = np.exp(-((t * 10.0) % 1.0) * 4.0)
        ring = S.tone(freq, n, sr, (1.0, 0.0, 0.2)) * note_env * gate
    else:
        # A bell phone: a hammer striking two bells twenty times a second.
        hits = S.pulse_train(PHONE_HAMMER_HZ, n, sr) * gate
        bells = S.convolve(
            hits, _bell_strike(ctx.samples(0.3), sr, 1180.0, 0.15, rng, (1.0, 2.32, 3.9))
        ) + S.convolve(
            np.roll(hits, ctx.samples(0.025)),
            _bell_strike(ctx.samples(0.3), sr, 1420.0, 0.15, rng, (1.0, 2.4, 4.1)),
        )
        ring = S.bandpass(bells, 500, 8000, sr)
    return S.pan(ring, 0.2)


def _clock(ctx: RenderContext) -> np.ndarray:
    rng, sr, n = ctx.rng, ctx.sr, ctx.n
    period = TICK_PERIOD_S / ctx.rate
    times = S.jittered_grid(rng, period, EVENT_START_S, ctx.duration_s, 0.0015, sr)
    count = times.size
    pitch = np.where(np.arange(count) % 2 == 0, 1.0, 0.82)[:, None] / ctx.size
    length = ctx.samples(0.08)
    ticks = S.modal_grains(
        pitch * np.array([2600.0, 4100.0, 5900.0, 900.0]),
        np.array([[0.004, 0.003, 0.002, 0.012]]).repeat(count, 0) * ctx.size,
        np.array([[1.0, 0.7, 0.4, 0.5]]).repeat(count, 0),
        length,
        sr,
        rng,
    )
    ticks += 0.3 * S.highpass(
        S.noise_grains(rng, count, length, np.full(count, 0.0008), sr), 2000, sr
    )
    out = S.pan(S.place(n, times, ticks), -0.1)
    if ctx.has("large"):
        out = S.reverb(out, sr, 1.2, 0.25)
    return out


def _typing_times(
    rng: np.random.Generator, duration_s: float, keys_per_s: float, word_range: tuple[int, int]
) -> tuple[np.ndarray, np.ndarray]:
    """Key times in word bursts; returns (times_s, is_space)."""
    times, space = [], []
    t = EVENT_START_S
    while t < duration_s:
        for _ in range(rng.integers(*word_range)):
            times.append(t)
            space.append(False)
            t += rng.gamma(6.0, 1.0 / (6.0 * keys_per_s))
        times.append(t)
        space.append(True)
        t += rng.uniform(0.12, 0.3) / keys_per_s * 8.5
        if rng.random() < 0.12:
            t += rng.uniform(0.6, 1.4)  # thinking pause
    return np.array(times), np.array(space)


def _keyboard(ctx: RenderContext) -> np.ndarray:
    rng, sr, n = ctx.rng, ctx.sr, ctx.n
    times, space = _typing_times(rng, ctx.duration_s, KEYS_PER_S * ctx.rate, (3, 9))
    count = times.size
    length = ctx.samples(0.09)
    thock_f = np.where(space, 210.0, rng.uniform(380, 600, count))[:, None]
    press = S.modal_grains(
        thock_f * np.array([1.0, 2.6]),
        np.full((count, 2), 0.009),
        np.array([[1.0, 0.5]]).repeat(count, 0),
        length,
        sr,
        rng,
    )
    click = S.bandpass(
        S.noise_grains(rng, count, length, np.full(count, 0.0012), sr), 2000, 7000, sr
    )
    release = S.delayed(click, ctx.samples(0.05)) * 0.35
    grains = press / (np.abs(press).max() + S.EPS) + 0.8 * (click + release) / (
        np.abs(click).max() + S.EPS
    )
    pos = np.where(space, 0.0, rng.uniform(-0.35, 0.35, count))
    gains = rng.uniform(0.6, 1.0, count) * np.where(space, 1.2, 1.0)
    return S.place_stereo(n, (times * sr).astype(np.int64), grains, gains, pos)


def _typewriter(ctx: RenderContext) -> np.ndarray:
    rng, sr, n = ctx.rng, ctx.sr, ctx.n
    times, _ = _typing_times(rng, ctx.duration_s, TYPEWRITER_KEYS_PER_S * ctx.rate, (3, 8))
    count = times.size
    # Carriage returns: typing pauses while the bell dings and the carriage ratchets back.
    line_keys = int(rng.integers(25, 35))
    returns = []
    for idx in range(line_keys, count, line_keys):
        returns.append(times[idx - 1] + 0.15)
        times[idx:] += 0.9
    length = ctx.samples(0.12)
    slap = S.modal_grains(
        rng.uniform(0.95, 1.05, (count, 1)) * np.array([1250.0, 2300.0, 3700.0, 160.0]),
        np.array([[0.025, 0.018, 0.01, 0.04]]).repeat(count, 0),
        np.array([[1.0, 0.8, 0.5, 1.2]]).repeat(count, 0),
        length,
        sr,
        rng,
    )
    slap += 0.8 * S.noise_grains(rng, count, length, np.full(count, 0.003), sr)
    out = S.place(n, (times * sr).astype(np.int64), slap, rng.uniform(0.7, 1.0, count))
    bells = np.zeros(n)
    for t0 in returns:
        s0 = ctx.samples(t0)
        if s0 >= n:
            break
        bells[s0] = 0.8
        ratchet_t = t0 + 0.25 + np.linspace(0, 0.35, 12)
        clicks = S.noise_grains(rng, 12, ctx.samples(0.01), np.full(12, 0.0015), sr)
        out += 0.5 * S.place(n, (ratchet_t * sr).astype(np.int64), clicks)
    if bells.any():
        out += _bell_ring(bells, sr, 2700.0, 0.5, (1.0, 2.7))
    return S.pan(out, 0.05)


def _page_turn(ctx: RenderContext) -> np.ndarray:
    rng, sr, n = ctx.rng, ctx.sr, ctx.n
    out = np.zeros(n)
    t = EVENT_START_S
    while t < ctx.duration_s - 0.6:
        m = ctx.samples(rng.uniform(0.4, 0.6))
        swell = S.hump(m, 0.65, 1.5)
        rustle = S.bandpass(S.white(rng, m), 700.0, 6500.0, sr) * swell
        onsets = S.poisson_onsets(rng, 250.0, 0.0, m / sr, sr)
        crinkle = (
            S.place(
                m,
                onsets,
                S.noise_grains(
                    rng, onsets.size, ctx.samples(0.004), np.full(onsets.size, 0.0006), sr
                ),
                rng.lognormal(0, 0.6, onsets.size),
            )
            * swell
        )
        flap = S.lowpass(S.noise_grains(rng, 1, m, np.array([0.015]), sr)[0], 900.0, sr)
        flap = S.delayed(flap, int(0.8 * m))
        page = (
            0.6 * S.rms_normalize(rustle)
            + S.rms_normalize(S.highpass(crinkle, 1500.0, sr))
            + 0.8 * S.normalize(flap) * 2.0
        )
        s0 = ctx.samples(t)
        end = min(n, s0 + m)
        out[s0:end] += page[: end - s0]
        t += rng.uniform(2.5, 4.5) / ctx.rate
    return S.pan(out, 0.1)


def _cash_register(ctx: RenderContext) -> np.ndarray:
    rng, sr, n = ctx.rng, ctx.sr, ctx.n
    out = np.zeros(n)
    key_t = EVENT_START_S + np.arange(3) * 0.13
    keys = S.modal_grains(
        rng.uniform(900, 1300, (3, 1)) * np.array([1.0, 2.3]),
        np.full((3, 2), 0.01),
        np.ones((3, 2)),
        ctx.samples(0.05),
        sr,
        rng,
    )
    out += 0.6 * S.place(n, (key_t * sr).astype(np.int64), keys)
    bell_t = key_t[-1] + 0.25
    s0 = min(ctx.samples(bell_t), n - 1)
    bell = np.zeros(n)
    bell[s0] = 1.0
    out += _bell_ring(bell, sr, 2100.0, 0.9, (1.0, 2.76, 5.4))
    drawer_m = min(ctx.samples(0.3), n - s0)
    slide = S.bandpass(S.white(rng, drawer_m), 300, 2500, sr) * S.hump(drawer_m, 0.2, 1.0)
    out[s0 : s0 + drawer_m] += 0.5 * slide / (np.abs(slide).max() + S.EPS)
    coin_t = bell_t + 0.05 + rng.exponential(0.12, 18)
    coins = S.modal_grains(
        rng.uniform(4000, 8000, (18, 2)) * np.array([1.0, 1.5]),
        np.full((18, 2), 0.03),
        np.ones((18, 2)),
        ctx.samples(0.15),
        sr,
        rng,
    )
    out += 0.25 * S.place(n, (coin_t * sr).astype(np.int64), coins, rng.uniform(0.3, 1.0, 18))
    return S.pan(out, 0.0)


def _camera_shutter(ctx: RenderContext) -> np.ndarray:
    rng, sr, n = ctx.rng, ctx.sr, ctx.n
    shots = 5 if ctx.has("fast") else 1
    starts = EVENT_START_S + np.arange(shots) * 0.13
    times = np.concatenate([starts, starts + rng.uniform(0.06, 0.09)])
    count = times.size
    length = ctx.samples(0.05)
    grains = S.modal_grains(
        rng.uniform(3000, 5200, (count, 1)) * np.array([1.0, 1.7, 0.25]),
        np.array([[0.006, 0.004, 0.01]]).repeat(count, 0),
        np.array([[1.0, 0.6, 0.8]]).repeat(count, 0),
        length,
        sr,
        rng,
    )
    grains += 0.7 * S.bandpass(
        S.noise_grains(rng, count, length, np.full(count, 0.002), sr), 1500, 9000, sr
    )
    gains = np.concatenate([np.full(shots, 1.0), np.full(shots, 0.75)])
    return S.pan(S.place(n, (times * sr).astype(np.int64), grains, gains), 0.0)


def _radio_static(ctx: RenderContext) -> np.ndarray:
    rng, sr, n = ctx.rng, ctx.sr, ctx.n
    t = S.time_axis(n, sr)
    # Hiss through the receiver's passband: mostly the one speaker, a little room width.
    hiss = S.bandpass(0.8 * S.white(rng, n) + 0.45 * S.white(rng, (2, n)), *RADIO_BAND_HZ, sr, 2)
    # Tuning: the level wanders as the dial moves, and swells into bursts near a carrier.
    wander = S.smooth_random(rng, n, 1.2, sr, 0.35, 1.0)
    bursts = S.smooth_random(rng, n, 3.0, sr) ** 6
    hiss = hiss * wander * (1.0 + 2.0 * bursts)
    # Heterodyne whistles: the beat between a station's carrier and the receiver glides with
    # the dial, loud only while it is near.
    dial = S.smooth_random(rng, n, 0.6, sr)
    whistle = S.tone(250.0 + 2800.0 * dial, n, sr, (1.0, 0.25)) * (
        S.smooth_random(rng, n, 0.5, sr) ** 4
    )
    # Crackle: atmospheric clicks, many faint and a few sharp.
    onsets = S.poisson_onsets(rng, RADIO_CRACKLES_PER_S * ctx.intensity, 0.0, ctx.duration_s, sr)
    count = onsets.size
    clicks = S.noise_grains(
        rng, count, ctx.samples(0.005), rng.uniform(0.0002, 0.0012, count), sr, 0.0001
    )
    crackle = S.highpass(
        S.place_stereo(
            n, onsets, clicks, rng.lognormal(0.0, 0.9, count), rng.uniform(-0.3, 0.3, count)
        ),
        900.0,
        sr,
    )
    # Squelch: now and then the noise gate opens with a short rush and snaps shut.
    squelch = np.zeros(n)
    starts = S.poisson_onsets(rng, RADIO_SQUELCHES_PER_S, 0.0, ctx.duration_s - 0.4, sr)
    for s0 in starts:
        m = min(ctx.samples(rng.uniform(0.12, 0.3)), n - s0)
        if m > 32:
            rush = S.bandpass(S.white(rng, m), 600.0, 3200.0, sr, 2)
            squelch[s0 : s0 + m] += rush * S.ar_env(m, 0.002, 0.004, sr)
    hum = S.tone(MAINS_HUM_HZ, n, sr, (1.0, 0.4, 0.2)) * (1.0 + 0.1 * np.sin(2 * np.pi * 0.3 * t))
    out = (
        S.rms_normalize(hiss)
        + 0.35 * S.stereo_mix(S.rms_normalize(whistle))
        + 0.5 * S.rms_normalize(crackle)
        + 1.2 * S.stereo_mix(squelch / (np.abs(squelch).max() + S.EPS))
        + 0.05 * S.stereo_mix(S.rms_normalize(hum))
    )
    # The small speaker: no deep bass, no air.
    return S.lowpass(S.highpass(out, 180.0, sr), 5000.0, sr, order=4)


def _shop_door_bell(ctx: RenderContext) -> np.ndarray:
    rng, sr, n = ctx.rng, ctx.sr, ctx.n
    t0 = EVENT_START_S
    close_at = min(SHOP_DOOR_CLOSE_S / ctx.rate, ctx.duration_s - 1.0)
    # Everything happens in the first few seconds: work on that window only (the bells have
    # rung down by -60 dB well before it ends; a short fade makes sure).
    m = min(n, ctx.samples(max(close_at, 0.6) + SHOP_BELL_RING_OUT_S))
    out = np.zeros((2, m))
    # The latch and handle: a small metallic click, then the door leaves the frame.
    latch = S.modal_grains(
        rng.uniform(1500, 2200, (2, 1)) * np.array([1.0, 2.7, 4.9]),
        np.array([[0.012, 0.008, 0.004]]).repeat(2, 0),
        np.array([[1.0, 0.6, 0.3]]).repeat(2, 0),
        ctx.samples(0.06),
        sr,
        rng,
    )
    latch += 0.6 * S.bandpass(
        S.noise_grains(rng, 2, ctx.samples(0.06), np.full(2, 0.002), sr), 1500, 6000, sr
    )
    latch_t = np.array([t0, t0 + 0.04])
    out += S.pan(S.place(m, (latch_t * sr).astype(np.int64), latch, np.array([0.5, 0.35])), 0.3)
    # The door swings open: a push of air, and the street outside leaks in while it is open.
    swing_m = min(ctx.samples(0.7), m - ctx.samples(t0 + 0.05))
    air = np.zeros(m)
    if swing_m > 32:
        a0 = ctx.samples(t0 + 0.05)
        air[a0 : a0 + swing_m] = S.lowpass(S.white(rng, swing_m), 600.0, sr) * S.hump(
            swing_m, 0.35, 1.5
        )
    out += 0.25 * S.stereo_mix(air / (np.abs(air).max() + S.EPS))
    open_gate = np.zeros(m)
    g0, g1 = ctx.samples(t0 + 0.1), min(m, ctx.samples(close_at + 0.1))
    if g1 - g0 > 64:
        open_gate[g0:g1] = S.ar_env(g1 - g0, 0.3, 0.12, sr)
    street = S.bandpass(S.pink(rng, (2, m)), 150.0, 2500.0, sr)
    out += 0.05 * street / (np.abs(street).max() + S.EPS) * open_gate
    # The bells: the door knocks the strip, the clapper swings and strikes, dying away; the
    # closing door sets it going again, more gently.
    strikes = np.zeros((len(SHOP_BELLS_HZ), m))
    closes = close_at > t0 + 0.3
    jingles = ((t0 + 0.12, 14, 1.0),) + (((close_at + 0.02, 6, 0.45),) if closes else ())
    for first, hits, force in jingles:
        times = first + np.cumsum(
            SHOP_BELL_SWING_S * rng.uniform(0.75, 1.25, hits) * np.linspace(1.0, 0.7, hits)
        )
        gains = force * SHOP_BELL_SWING_DAMPING ** np.arange(hits) * rng.uniform(0.6, 1.0, hits)
        which = rng.integers(0, len(SHOP_BELLS_HZ), hits)
        at = (times * sr).astype(np.int64)
        keep = (at >= 0) & (at < m)
        np.add.at(strikes, (which[keep], at[keep]), gains[keep])
    bells = np.zeros((2, m))
    p = np.array(SHOP_BELL_PARTIALS)
    for k, f in enumerate(SHOP_BELLS_HZ):
        if not strikes[k].any():
            continue
        f_hz = f / ctx.size * rng.uniform(0.99, 1.01)
        ring = S.ring(strikes[k], f_hz * p, SHOP_BELL_DECAY_S / p**0.8, 1.0 / p**0.9, sr)
        bells += S.pan(ring, -0.1 + 0.1 * k)
    out += 1.6 * bells / (np.abs(bells).max() + S.EPS)
    # The door meets the frame: a dull thump and the latch again.
    c0 = ctx.samples(close_at)
    if closes and c0 < m:
        thump = S.modal_grains(
            np.array([[95.0, 160.0, 260.0]]) / ctx.size,
            np.array([[0.08, 0.05, 0.03]]),
            np.array([[1.0, 0.6, 0.3]]),
            ctx.samples(0.3),
            sr,
            rng,
        )[0]
        click = S.bandpass(
            S.noise_grains(rng, 1, ctx.samples(0.3), np.array([0.003]), sr)[0], 1200, 5000, sr
        )
        hit = 0.5 * S.normalize(thump) + 0.35 * S.normalize(click)
        out += S.pan(S.place(m, np.array([c0]), hit), 0.2)
    full = np.zeros((2, n))
    full[:, :m] = out * S.ar_env(m, 0.0, min(0.3, m / sr / 4), sr)
    return full


def _room_tone(ctx: RenderContext) -> np.ndarray:
    rng, sr, n = ctx.rng, ctx.sr, ctx.n
    air = S.lowpass(S.pink(rng, (2, n)), 1200.0, sr)
    hum = S.tone(60.0, n, sr, (1.0, 0.5, 0.3, 0.2))
    vent = S.bandpass(S.white(rng, (2, n)), 100.0, 400.0, sr)
    return (
        S.rms_normalize(air)
        + 0.04 * S.stereo_mix(S.rms_normalize(hum))
        + 0.3 * S.rms_normalize(vent)
    )


CATEGORIES = (
    SfxCategory(
        "door_knock",
        "knocking on a wooden door (three knocks)",
        _door_knock,
        terms(
            "knock knocking knocks rap rapping",
            weak="door doors",
            phrases=("knock on the door", "knocking on the door", "door knock"),
        ),
        1.5,
        "stream",
        indoor=True,
        group="household",
    ),
    SfxCategory(
        "door_creak",
        "an old door creaking open on its hinges",
        _door_creak,
        terms(
            "creak creaking creaks creaky squeak squeaky squeaking hinge hinges",
            weak="door open opening old",
            phrases=("door creaking", "creaking door", "door opening", "creaks open"),
        ),
        2.5,
        "oneshot",
        indoor=True,
        group="household",
    ),
    SfxCategory(
        "door_slam",
        "a door slamming shut",
        _door_slam,
        terms(
            "slam slams slamming slammed",
            weak="door shut close closing bang",
            phrases=("door slam", "slams shut", "door closing", "door shut", "slamming door"),
        ),
        2.0,
        "oneshot",
        indoor=True,
        group="household",
    ),
    SfxCategory(
        "doorbell",
        "a ding-dong doorbell",
        _doorbell,
        terms(
            "doorbell ding dong",
            phrases=("door bell", "ding dong", "ringing the doorbell", "door bell ringing"),
        ),
        2.5,
        "oneshot",
        indoor=True,
        group="household",
    ),
    SfxCategory(
        "shop_door_bell",
        "a shop door opening with a small bell jingling above it",
        _shop_door_bell,
        terms(
            "",
            weak="shop store boutique bakery jingle jingling jingles entrance customer open "
            "opening opens cafe",
            phrases=(
                "shop bell",
                "store bell",
                "shop door",
                "store door",
                "shop door bell",
                "door with a bell",
                "bell above the door",
                "bell over the door",
                "bell on the door",
                "door chime",
                "entrance bell",
                "bell jingle",
                "bell jingles",
                "bell jingling",
                "customer enters",
                "enters the shop",
                "enters the store",
            ),
            together=("door bell", "door chime", "door jingle"),
        ),
        4.0,
        "oneshot",
        indoor=True,
        group="household",
    ),
    SfxCategory(
        "phone_ring",
        "a telephone ringing (electronic: a mobile ringtone)",
        _phone_ring,
        terms(
            "phone telephone ringing ringtone cellphone smartphone landline",
            weak="ring rings call incoming",
            phrases=("phone ringing", "telephone ringing", "phone rings"),
        ),
        4.0,
        "stream",
        indoor=True,
        group="household",
    ),
    SfxCategory(
        "clock_ticking",
        "a clock ticking (large: grandfather clock)",
        _clock,
        terms(
            "clock ticking tick tock ticktock",
            weak="time watch",
            phrases=("clock ticking", "tick tock", "grandfather clock", "ticking clock"),
        ),
        6.0,
        "stream",
        indoor=True,
        group="household",
    ),
    SfxCategory(
        "keyboard_typing",
        "typing on a computer keyboard",
        _keyboard,
        terms(
            "keyboard typing keystrokes keystroke keys",
            weak="computer laptop office type",
            phrases=("typing on a keyboard", "computer keyboard", "keyboard typing"),
        ),
        6.0,
        "stream",
        indoor=True,
        group="household",
    ),
    SfxCategory(
        "typewriter",
        "an old mechanical typewriter with carriage-return bell",
        _typewriter,
        terms(
            "typewriter typewriters",
            weak="typing type vintage",
            phrases=("old typewriter", "carriage return"),
        ),
        8.0,
        "stream",
        indoor=True,
        group="household",
    ),
    SfxCategory(
        "page_turn",
        "turning pages of a book or paper",
        _page_turn,
        terms(
            "page pages paper flipping rustling newspaper",
            weak="book reading",
            phrases=("turning pages", "page turn", "turning the page", "flipping through"),
        ),
        1.5,
        "stream",
        indoor=True,
        group="household",
    ),
    SfxCategory(
        "cash_register",
        "a cash register: keys, bell ka-ching, coins",
        _cash_register,
        terms(
            "register till kaching cha ching coins checkout",
            weak="cash money shop store",
            phrases=("cash register", "ka ching", "cha ching"),
        ),
        2.5,
        "oneshot",
        indoor=True,
        group="household",
    ),
    SfxCategory(
        "camera_shutter",
        "a camera shutter click (fast: burst)",
        _camera_shutter,
        terms(
            "camera shutter photo snapshot",
            weak="click picture photograph",
            phrases=("camera shutter", "taking a photo", "taking a picture", "camera click"),
        ),
        1.0,
        "oneshot",
        indoor=True,
        group="household",
    ),
    SfxCategory(
        "radio_static",
        "radio static: tuning hiss, crackle, whistles and squelch",
        _radio_static,
        terms(
            "static staticky squelch shortwave walkie talkie intercom radio transmission "
            "interference",
            weak="tuning tune dial signal frequency broadcast receiver transmitter crackle "
            "crackling crackly",
            phrases=(
                "radio static",
                "tv static",
                "white noise",
                "radio tuning",
                "tuning a radio",
                "tuning the radio",
                "static noise",
                "police radio",
                "radio chatter",
                "walkie talkie",
                "radio interference",
                "radio hiss",
                "static hiss",
            ),
        ),
        8.0,
        "ambience",
        group="household",
    ),
    SfxCategory(
        "room_tone",
        "quiet room tone: air and faint electrical hum",
        _room_tone,
        terms(
            "roomtone silence hum ambience ambient",
            weak="room quiet empty still drone",
            phrases=("room tone", "empty room", "quiet room", "background hum"),
        ),
        10.0,
        "ambience",
        group="household",
    ),
)

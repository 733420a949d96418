"""Impacts, weapons, transitions, bells and interface sounds."""

from __future__ import annotations

import numpy as np

from wavjourney.tools.offline.sfx import synth as S
from wavjourney.tools.offline.sfx.core import EVENT_START_S, RenderContext, SfxCategory, terms

SHARD_PARTIALS = np.array([1.0, 1.73, 2.91])
BELL_FUNDAMENTAL_HZ = 220.0
# Partials of a tuned church bell relative to the strike note: hum, prime, tierce, quint,
# nominal, and two upper partials.
CHURCH_BELL_PARTIALS = (0.5, 1.0, 1.19, 1.5, 2.0, 2.5, 3.0)
CHIME_NOTES_HZ = (1046.5, 1174.7, 1318.5, 1568.0, 1760.0)  # C6 pentatonic
TUBE_PARTIALS = (1.0, 2.76, 5.40)
SPARKLE_SCALE_HZ = tuple(1046.5 * 2 ** (k / 12) for k in (0, 2, 4, 7, 9, 12, 14, 16, 19, 21, 24))
BEEP_HZ = 2000.0
NOTIFY_NOTES_HZ = (1046.5, 1568.0)
AUTOMATIC_ROUNDS_PER_S = 11.0


def _glass(ctx: RenderContext) -> np.ndarray:
    rng, sr, n = ctx.rng, ctx.sr, ctx.n
    t0 = EVENT_START_S
    s0 = ctx.samples(t0)
    shards = int(70 * ctx.size)
    times = np.concatenate(
        [t0 + rng.exponential(0.08, shards), t0 + 0.25 + rng.exponential(0.35, shards // 3)]
    )
    count = times.size
    base = rng.uniform(1800, 9000, (count, 1)) / ctx.size**0.5
    grains = S.modal_grains(
        base * SHARD_PARTIALS,
        rng.uniform(0.015, 0.08, (count, 3)),
        np.array([[1.0, 0.6, 0.4]]).repeat(count, 0),
        ctx.samples(0.18),
        sr,
        rng,
    )
    gains = np.concatenate(
        [rng.lognormal(0, 0.5, shards), 0.4 * rng.lognormal(0, 0.5, count - shards)]
    )
    tinkle = S.place_stereo(
        n, (times * sr).astype(np.int64), grains, gains, rng.uniform(-0.7, 0.7, count)
    )
    crash = S.highpass(S.white(rng, (2, n)), 1500.0, sr) * S.delayed(S.decay_env(n, 0.06, sr), s0)
    thud = S.stereo_mix(
        S.delayed(S.lowpass(S.white(rng, n), 400.0, sr) * S.decay_env(n, 0.03, sr), s0)
    )
    out = S.rms_normalize(tinkle) + 1.5 * S.rms_normalize(crash) + 0.4 * S.rms_normalize(thud)
    return out


def _explosion(ctx: RenderContext) -> np.ndarray:
    rng, sr, n = ctx.rng, ctx.sr, ctx.n
    s0 = ctx.samples(EVENT_START_S)
    size = ctx.size
    t = S.time_axis(n, sr)
    boom_f = 30.0 + 60.0 * np.exp(-t / 0.4)
    boom = S.delayed(S.tone(boom_f / size**0.3, n, sr) * S.decay_env(n, 0.9 * size, sr, 0.005), s0)
    rumble = S.lowpass(S.brown(rng, (2, n), sr), 250.0, sr) * S.delayed(
        S.decay_env(n, 1.4 * size, sr, 0.01), s0
    )
    blast = S.white(rng, (2, n)) * S.delayed(S.decay_env(n, 0.07, sr, 0.001), s0)
    count = int(120 * size)
    times = EVENT_START_S + 0.05 + rng.exponential(0.6 * size, count)
    debris = S.place_stereo(
        n,
        (times * sr).astype(np.int64),
        S.noise_grains(rng, count, ctx.samples(0.03), rng.uniform(0.002, 0.01, count), sr),
        rng.lognormal(-0.5, 0.7, count) * np.exp(-(times - EVENT_START_S) / 1.5),
        rng.uniform(-0.9, 0.9, count),
    )
    debris = S.bandpass(debris, 400.0, 5000.0, sr)
    out = (
        1.2 * S.stereo_mix(S.normalize(boom))
        + S.normalize(rumble)
        + 0.8 * S.normalize(blast)
        + 0.25 * S.normalize(debris)
    )
    out = S.soft_clip(S.normalize(out), 2.0)
    return S.reverb(out, sr, 2.5, 0.25, damping_hz=2000.0)


def _gunshot(ctx: RenderContext) -> np.ndarray:
    rng, sr, n = ctx.rng, ctx.sr, ctx.n
    if ctx.has("fast"):
        shots = np.arange(
            EVENT_START_S,
            min(ctx.duration_s - 0.3, EVENT_START_S + 1.5),
            1.0 / AUTOMATIC_ROUNDS_PER_S,
        )
    else:
        shots = np.array([EVENT_START_S])
    count = shots.size
    length = ctx.samples(0.25)
    crack = S.noise_grains(rng, count, length, np.full(count, 0.0015), sr, attack_s=0.0001)
    body = S.bandpass(S.noise_grains(rng, count, length, np.full(count, 0.03), sr), 300, 6000, sr)
    thump = S.modal_grains(
        np.full((count, 1), 120.0 / ctx.size),
        np.full((count, 1), 0.04),
        np.ones((count, 1)),
        length,
        sr,
    )
    grains = S.soft_clip(2.0 * crack + body + 1.5 * thump, 3.0)
    dry = S.place(n, (shots * sr).astype(np.int64), grains, rng.uniform(0.85, 1.0, count))
    out = S.pan(dry, rng.uniform(-0.2, 0.2))
    # Outdoor slap-back echoes from distant walls, then a diffuse tail.
    for delay_s, gain, side in ((0.18, 0.35, -0.7), (0.42, 0.22, 0.6), (0.75, 0.12, -0.2)):
        echo = S.lowpass(S.delayed(dry, ctx.samples(delay_s)), 2500.0, sr)
        out += gain * S.pan(echo, side)
    return S.reverb(out, sr, 1.8, 0.2, damping_hz=3000.0)


def _whoosh(ctx: RenderContext) -> np.ndarray:
    rng, sr, n = ctx.rng, ctx.sr, ctx.n
    length_s = 0.6 / ctx.rate * ctx.size**0.5
    s0 = ctx.samples(EVENT_START_S)
    m = min(ctx.samples(length_s), n - s0)
    shape = S.hump(m, 0.55, 2.0)
    centre = 250.0 + 3000.0 * shape**1.5
    swept = S.swept_band(S.white(rng, m), centre, sr, 250.0, 3500.0, 6, 0.45)
    mono = S.rms_normalize(swept) * shape
    out = np.zeros((2, n))
    out[:, s0 : s0 + m] = S.pan(mono, np.linspace(-0.8, 0.8, m))
    return out


def _beep(ctx: RenderContext) -> np.ndarray:
    sr, n = ctx.sr, ctx.n
    gate = np.zeros(n)
    period = 0.25 / ctx.rate
    for group in np.arange(
        EVENT_START_S, max(ctx.duration_s - 0.5, EVENT_START_S + 1e-3), 1.2 / ctx.rate
    ):
        for k in range(3):
            s0, m = ctx.samples(group + k * period), ctx.samples(0.12)
            m = min(m, n - s0)
            if m > 32:
                gate[s0 : s0 + m] = S.ar_env(m, 0.003, 0.008, sr)
    freq = BEEP_HZ / ctx.size
    beep = S.tone(freq, n, sr, (1.0, 0.0, 0.25, 0.0, 0.1)) * gate
    return S.pan(beep, 0.0)


def _notification(ctx: RenderContext) -> np.ndarray:
    sr, n = ctx.sr, ctx.n
    chime = np.zeros(n)
    for k, note_hz in enumerate(NOTIFY_NOTES_HZ):
        strike = np.zeros(n)
        strike[min(ctx.samples(EVENT_START_S + 0.12 * k), n - 1)] = 1.0
        f = note_hz / ctx.size
        chime += S.ring(strike, (f, 4.0 * f, 10.0 * f), (0.35, 0.06, 0.02), (1.0, 0.3, 0.1), sr)
    return S.pan(chime, 0.0)


def _sparkle(ctx: RenderContext) -> np.ndarray:
    rng, sr, n = ctx.rng, ctx.sr, ctx.n
    span_s = min(1.6, ctx.duration_s * 0.7)
    count = int(50 * ctx.intensity)
    pos = np.sort(rng.beta(1.5, 2.5, count))
    times = EVENT_START_S + pos * span_s
    scale = np.array(SPARKLE_SCALE_HZ)
    # Pitch climbs as the sparkle unfolds: index into the scale rises with time.
    idx = np.clip(
        (pos * (scale.size - 3) + rng.integers(0, 3, count)).astype(int), 0, scale.size - 1
    )
    freqs = scale[idx][:, None] * np.array([1.0, 2.0, 3.0])
    grains = S.modal_grains(
        freqs,
        rng.uniform(0.05, 0.12, (count, 1)) * np.array([1.0, 0.5, 0.3]),
        np.array([[1.0, 0.3, 0.15]]).repeat(count, 0),
        ctx.samples(0.35),
        sr,
        rng,
    )
    notes = S.place_stereo(
        n,
        (times * sr).astype(np.int64),
        grains,
        rng.uniform(0.4, 1.0, count),
        rng.uniform(-0.9, 0.9, count),
    )
    m = min(ctx.samples(span_s + 0.3), n - ctx.samples(EVENT_START_S))
    shimmer = np.zeros((2, n))
    s0 = ctx.samples(EVENT_START_S)
    shimmer[:, s0 : s0 + m] = S.highpass(S.white(rng, (2, m)), 6000.0, sr) * S.hump(m, 0.4, 2.0)
    out = S.rms_normalize(notes) + 0.15 * S.rms_normalize(shimmer)
    return S.reverb(out, sr, 2.2, 0.4, damping_hz=7000.0)


def _bell(ctx: RenderContext) -> np.ndarray:
    rng, sr, n = ctx.rng, ctx.sr, ctx.n
    f0 = BELL_FUNDAMENTAL_HZ / ctx.size * (4.0 if ctx.has("small") else 1.0)
    decay = 3.5 * ctx.size * (0.3 if ctx.has("small") else 1.0)
    period = 2.6 / ctx.rate
    strikes = np.zeros(n)
    times = np.arange(EVENT_START_S, max(ctx.duration_s - 1.0, EVENT_START_S + 1e-3), period)
    strikes[np.minimum((times * sr).astype(np.int64), n - 1)] = 1.0
    p = np.array(CHURCH_BELL_PARTIALS)
    tone = S.ring(strikes, f0 * p, decay / p**0.6, 1.0 / (1 + np.abs(p - 1.0)), sr)
    clang = S.highpass(
        S.convolve(strikes, S.noise_grains(rng, 1, ctx.samples(0.02), np.array([0.003]), sr)[0]),
        2000,
        sr,
    )
    return S.reverb(
        S.pan(S.normalize(tone) + 0.15 * S.normalize(clang + 1e-12), 0.0), sr, 2.0, 0.25
    )


def _wind_chimes(ctx: RenderContext) -> np.ndarray:
    rng, sr, n = ctx.rng, ctx.sr, ctx.n
    gusts = S.poisson_onsets(rng, 0.6 * ctx.intensity, 0.0, ctx.duration_s, sr)
    gusts = np.concatenate([[ctx.samples(EVENT_START_S)], gusts])
    per = rng.integers(2, 7, gusts.size)
    onsets = np.repeat(gusts, per) + (rng.exponential(0.15, per.sum()) * sr).astype(np.int64)
    notes = rng.integers(0, len(CHIME_NOTES_HZ), onsets.size)
    out = np.zeros((2, n))
    for k, f in enumerate(CHIME_NOTES_HZ):
        sel = onsets[(notes == k) & (onsets < n)]
        strikes = np.zeros(n)
        np.add.at(strikes, sel, rng.uniform(0.4, 1.0, sel.size))
        tube = S.ring(
            strikes,
            tuple(f / ctx.size * p for p in TUBE_PARTIALS),
            (2.5, 0.8, 0.3),
            (1.0, 0.4, 0.2),
            sr,
        )
        out += S.pan(tube, -0.8 + 1.6 * k / (len(CHIME_NOTES_HZ) - 1))
    air = S.bandpass(S.pink(rng, (2, n)), 200, 2000, sr) * S.smooth_random(rng, n, 0.3, sr)
    return S.rms_normalize(out) + 0.05 * S.rms_normalize(air)


def _punch(ctx: RenderContext) -> np.ndarray:
    rng, sr, n = ctx.rng, ctx.sr, ctx.n
    hits = 3 if ctx.has("fast") else 1
    times = EVENT_START_S + 0.08 + np.arange(hits) * 0.28
    count = hits
    length = ctx.samples(0.3)
    thump = S.modal_grains(
        rng.uniform(80, 110, (count, 1)) / ctx.size * np.array([1.0, 1.8]),
        np.full((count, 2), 0.06),
        np.array([[1.0, 0.4]]).repeat(count, 0),
        length,
        sr,
        rng,
    )
    slap = S.bandpass(S.noise_grains(rng, count, length, np.full(count, 0.012), sr), 500, 3500, sr)
    grains = S.normalize(thump) + 0.6 * S.normalize(slap)
    swish_m = ctx.samples(0.08)
    swish = (
        S.bandpass(S.white(rng, (count, swish_m)), 800, 4000, sr) * S.hump(swish_m, 0.8, 2.0) * 0.15
    )
    out = S.place(n, (times * sr).astype(np.int64), grains)
    out += S.place(n, ((times - 0.08) * sr).astype(np.int64), swish)
    return S.pan(S.soft_clip(S.normalize(out), 1.5), 0.0)


def _click(ctx: RenderContext) -> np.ndarray:
    rng, sr, n = ctx.rng, ctx.sr, ctx.n
    times = np.array([EVENT_START_S, EVENT_START_S + 0.09])
    length = ctx.samples(0.03)
    grains = S.modal_grains(
        rng.uniform(3500, 5000, (2, 1)) * np.array([1.0, 0.3]),
        np.array([[0.003, 0.006]]).repeat(2, 0),
        np.array([[1.0, 0.6]]).repeat(2, 0),
        length,
        sr,
        rng,
    )
    return S.pan(S.place(n, (times * sr).astype(np.int64), grains, np.array([1.0, 0.6])), 0.0)


CATEGORIES = (
    SfxCategory(
        "glass_breaking",
        "glass shattering with falling shards",
        _glass,
        terms(
            "glass shatter shattering shatters smash smashing shards",
            weak="break breaking broken window bottle",
            phrases=("breaking glass", "glass breaking", "window shattering", "glass shattering"),
        ),
        3.0,
        "oneshot",
        indoor=True,
        group="impacts",
    ),
    SfxCategory(
        "explosion",
        "a big explosion: blast, boom and debris",
        _explosion,
        terms(
            "explosion explosions explode exploding blast bomb detonation grenade kaboom",
            weak="boom fireball dynamite",
            phrases=("big explosion", "bomb going off"),
        ),
        6.0,
        "oneshot",
        group="impacts",
    ),
    SfxCategory(
        "gunshot",
        "a gunshot with outdoor echo (fast: automatic fire)",
        _gunshot,
        terms(
            "gunshot gunshots gun guns gunfire shot shots pistol rifle firing bullet",
            weak="shoot shooting fire",
            phrases=("gun shot", "machine gun", "shots fired"),
        ),
        2.0,
        "oneshot",
        group="impacts",
    ),
    SfxCategory(
        "whoosh",
        "a whoosh / swoosh passing by (transition)",
        _whoosh,
        terms(
            "whoosh swoosh swish woosh swoop swipe",
            weak="transition fly swing",
            phrases=("whoosh sound",),
        ),
        1.5,
        "oneshot",
        group="ui",
    ),
    SfxCategory(
        "beep",
        "electronic beeps: beep-beep-beep (timer, alarm, microwave)",
        _beep,
        terms(
            "beep beeps beeping bleep alarm timer microwave",
            weak="electronic digital",
            phrases=("alarm clock", "beeping sound"),
        ),
        2.0,
        "stream",
        indoor=True,
        group="ui",
    ),
    SfxCategory(
        "notification",
        "a pleasant two-note UI notification chime",
        _notification,
        terms(
            "notification notify alert ping message",
            weak="ui app interface pop",
            phrases=("notification sound", "notification chime", "message alert", "new message"),
        ),
        1.0,
        "oneshot",
        group="ui",
    ),
    SfxCategory(
        "magic_sparkle",
        "a magical shimmering sparkle / twinkle",
        _sparkle,
        terms(
            "magic magical sparkle sparkles sparkling twinkle twinkling shimmer fairy spell "
            "glitter",
            weak="wand fantasy",
            phrases=("magic wand", "fairy dust", "magic spell"),
        ),
        2.5,
        "oneshot",
        group="ui",
    ),
    SfxCategory(
        "bell",
        "a church bell tolling (small: a hand bell)",
        _bell,
        terms(
            "bell bells toll tolling church gong",
            weak="ringing tower chime",
            phrases=("church bell", "church bells", "bell tolling", "bell ringing"),
        ),
        5.0,
        "stream",
        group="impacts",
    ),
    SfxCategory(
        "wind_chimes",
        "wind chimes tinkling in a breeze",
        _wind_chimes,
        terms(
            "chimes windchime windchimes tinkling tinkle",
            weak="chime porch breeze",
            phrases=("wind chimes", "wind chime"),
        ),
        8.0,
        "ambience",
        group="impacts",
    ),
    SfxCategory(
        "punch",
        "a punch / body hit (fast: a flurry)",
        _punch,
        terms(
            "punch punches punching hit hitting kick thud smack slap",
            weak="fight fighting boxing",
            phrases=("body hit",),
        ),
        1.0,
        "oneshot",
        group="impacts",
    ),
    SfxCategory(
        "click",
        "a small mechanical click (switch, button, mouse)",
        _click,
        terms(
            "click clicks clicking switch button mouse",
            weak="light press",
            phrases=("light switch", "mouse click", "button click"),
        ),
        0.5,
        "oneshot",
        indoor=True,
        group="ui",
    ),
)

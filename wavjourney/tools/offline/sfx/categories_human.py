"""People: babble, cafes, applause, laughter, cheering, footsteps, heartbeat, breathing."""

from __future__ import annotations

import numpy as np

from wavjourney.tools.offline.sfx import synth as S
from wavjourney.tools.offline.sfx.core import EVENT_START_S, RenderContext, SfxCategory, terms

# Formants (F1, F2, F3 in Hz) of a few vowels, adult average.
VOWEL_FORMANTS_HZ = (
    (730.0, 1090.0, 2440.0),  # a
    (530.0, 1840.0, 2480.0),  # e
    (300.0, 2200.0, 2900.0),  # i
    (570.0, 840.0, 2410.0),  # o
)
SYLLABLES_PER_S = 4.5
CROWD_VOICES = 14
CAFE_VOICES = 7
CLAPS_PER_S = 4.2
APPLAUSE_PEOPLE = 24
CLAP_CENTRES_HZ = (800.0, 1200.0, 1800.0, 2600.0)
CLAP_GRAIN_S = 0.035
STEPS_PER_S = 1.9
HEART_BPM = 68.0
BREATH_CYCLE_S = 4.0
VOICE_MIN_RATE_HZ = 10_000.0
CHEER_GROUPS = 8
SURFACES = ("wood", "concrete", "gravel", "snow", "grass", "metal")


def _babble(rng: np.random.Generator, n: int, sr: int, voices: int) -> np.ndarray:
    """Crowd babble: syllable-rate bursts of buzz+breath noise through vowel formants.

    Syllables from all voices are grouped by vowel, so the whole crowd costs one formant
    bank per vowel and channel, not one per talker. Returns (2, n).
    """
    duration_s = n / sr
    syl_len = int(0.3 * sr)
    out = np.zeros((2, n))
    for ch in range(2):
        onsets, lens, vowel, gains = [], [], [], []
        for _ in range(max(1, voices // 2 + (voices % 2) * ch)):
            level = rng.uniform(0.3, 1.0)
            t = rng.uniform(-1.0, 1.0)
            while t < duration_s:
                spurt_end = t + rng.uniform(1.0, 4.0)
                syl = np.arange(t, min(spurt_end, duration_s), 1.0 / SYLLABLES_PER_S)
                syl = syl + rng.normal(0, 0.04, syl.size)
                onsets.append(syl)
                lens.append(rng.uniform(0.1, 0.28, syl.size))
                vowel.append(rng.integers(0, len(VOWEL_FORMANTS_HZ), syl.size))
                gains.append(level * rng.uniform(0.5, 1.0, syl.size))
                t = spurt_end + rng.uniform(0.4, 2.0)
        if not onsets:
            continue
        on = np.concatenate(onsets)
        keep = on >= 0
        on, ln = on[keep], np.concatenate(lens)[keep]
        vw, gn = np.concatenate(vowel)[keep], np.concatenate(gains)[keep]
        tt = S.time_axis(syl_len, sr)[None, :]
        windows = np.where(
            tt < ln[:, None], np.sin(np.pi * np.minimum(tt / ln[:, None], 1)) ** 2, 0
        )
        pitch_track = np.exp(0.15 * (S.smooth_random(rng, n, 3.0, sr) - 0.5))
        for v, freqs in enumerate(VOWEL_FORMANTS_HZ):
            sel = vw == v
            env = S.place(n, (on[sel] * sr).astype(np.int64), windows[sel], gn[sel])
            f0 = rng.uniform(100, 230) * pitch_track
            src = (S.sawtooth(f0, n, sr) + 0.6 * S.white(rng, n)) * env
            out[ch] += S.formants(src, freqs, (1.0, 0.5, 0.2), 5.0, sr)
    out = S.highpass(out, 150.0, sr)
    return out


def _babble_at(ctx: RenderContext, voices: int) -> np.ndarray:
    """`_babble` rendered at a reduced rate (voices live below ~4 kHz), back at full rate."""
    low, factor = ctx.reduced(VOICE_MIN_RATE_HZ)
    return S.upsample(_babble(low.rng, low.n, low.sr, voices), factor, ctx.n)


def _crowd_chatter(ctx: RenderContext) -> np.ndarray:
    rng, sr, n = ctx.rng, ctx.sr, ctx.n
    voices = int(
        CROWD_VOICES
        * (2.0 if ctx.has("large", "heavy") else 0.5 if ctx.has("small", "light") else 1.0)
    )
    out = _babble_at(ctx, voices)
    room = S.lowpass(S.pink(rng, (2, n)), 800.0, sr)
    out = S.rms_normalize(out) + 0.08 * S.rms_normalize(room)
    return S.reverb(out, sr, 0.9, 0.25)


def _clinks(rng: np.random.Generator, n: int, sr: int, rate_hz: float) -> np.ndarray:
    """Cups, saucers and spoons: clusters of short bright inharmonic rings. Returns (2, n)."""
    clusters = S.poisson_onsets(rng, rate_hz, 0.0, n / sr, sr)
    per = rng.integers(1, 5, clusters.size)
    if clusters.size == 0:
        return np.zeros((2, n))
    onsets = np.repeat(clusters, per) + (
        np.concatenate([np.arange(k) for k in per]) * rng.uniform(0.08, 0.14) * sr
    ).astype(np.int64)
    count = onsets.size
    base = np.repeat(rng.uniform(1800, 4500, clusters.size), per)[:, None]
    grains = S.modal_grains(
        base * np.array([1.0, 2.32, 4.25]),
        np.repeat(rng.uniform(0.04, 0.18, clusters.size), per)[:, None] * np.array([1.0, 0.6, 0.3]),
        np.array([[1.0, 0.5, 0.3]]).repeat(count, 0),
        int(0.4 * sr),
        sr,
        rng,
    )
    pos = np.repeat(rng.uniform(-0.8, 0.8, clusters.size), per)
    return S.place_stereo(n, onsets, grains, rng.uniform(0.3, 1.0, count), pos)


def _cafe(ctx: RenderContext) -> np.ndarray:
    rng, sr, n = ctx.rng, ctx.sr, ctx.n
    chatter = _babble_at(ctx, CAFE_VOICES)
    clinks = _clinks(rng, n, sr, 0.7)
    # The espresso machine hisses now and then (at least once in a clip of a few seconds).
    steam = np.zeros((2, n))
    starts = rng.uniform(
        0.2, max(ctx.duration_s - 2.5, 0.3), max(1, rng.poisson(ctx.duration_s / 12))
    )
    for start in starts:
        s0 = ctx.samples(start)
        m = min(ctx.samples(rng.uniform(1.5, 3.0)), n - s0)
        if m > 64:
            burst = S.highpass(S.white(rng, m), 3000.0, sr) + 0.5 * S.resonate(
                S.white(rng, m), 3400, 6, sr
            )
            steam[:, s0 : s0 + m] += S.pan(burst * S.ar_env(m, 0.1, 0.4, sr), 0.6)
    room = S.lowpass(S.brown(rng, (2, n), sr), 300.0, sr)
    out = (
        S.rms_normalize(chatter)
        + 0.35 * S.rms_normalize(clinks)
        + 0.12 * steam / (np.sqrt(np.mean(steam**2)) + S.EPS) * (np.abs(steam).max() > 0)
        + 0.15 * S.rms_normalize(room)
    )
    return S.reverb(out, sr, 0.7, 0.3)


def _applause(ctx: RenderContext) -> np.ndarray:
    rng, sr, n = ctx.rng, ctx.sr, ctx.n
    people = int(
        APPLAUSE_PEOPLE
        * (2.5 if ctx.has("large", "heavy") else 0.3 if ctx.has("small", "light") else 1.0)
    )
    t = S.time_axis(n, sr)
    fade_s = min(1.5, ctx.duration_s * 0.3)
    swell = np.minimum(1.0, t / 0.6) * np.clip((ctx.duration_s - t) / fade_s, 0, 1) ** 0.7
    # Per person: clap onsets, gains, pan positions and hand shapes.
    person_times: list[np.ndarray] = []
    person_gains: list[np.ndarray] = []
    person_pos: list[np.ndarray] = []
    person_hand: list[np.ndarray] = []
    for _ in range(people):
        period = 1.0 / (CLAPS_PER_S * rng.uniform(0.85, 1.2) * ctx.rate)
        on = S.jittered_grid(rng, period, rng.uniform(0, 0.4), ctx.duration_s, period * 0.06, sr)
        on = on[on < n]
        person_times.append(on)
        person_gains.append(swell[on] * rng.uniform(0.6, 1.0, on.size) * rng.uniform(0.4, 1.0))
        person_pos.append(np.full(on.size, rng.uniform(-0.9, 0.9)))
        person_hand.append(np.full(on.size, rng.integers(0, len(CLAP_CENTRES_HZ))))
    times, gains = np.concatenate(person_times), np.concatenate(person_gains)
    pos, hand = np.concatenate(person_pos), np.concatenate(person_hand)
    grains = S.noise_grains(
        rng, times.size, ctx.samples(CLAP_GRAIN_S), rng.uniform(0.004, 0.009, times.size), sr
    )
    # Hand shapes (cupped to flat) colour the clap: one band-pass per shape, not per clap.
    for k, centre in enumerate(CLAP_CENTRES_HZ):
        sel = hand == k
        grains[sel] = S.bandpass(grains[sel], centre / 1.8, centre * 1.8, sr)
    out = S.place_stereo(n, times, grains, gains, pos)
    return S.reverb(out, sr, 1.4, 0.3)


def _voiced_bouts(
    rng: np.random.Generator,
    n: int,
    sr: int,
    people: int,
    syllable_hz: tuple[float, float],
    bout_s: tuple[float, float],
    f0_range: tuple[float, float],
    first_bout_s: float,
    duty: float = 0.55,
    glide: float = 0.35,
    repeat_s: float = 4.0,
) -> list[tuple[np.ndarray, float]]:
    """Per-person gated voices (laughing "ha-ha", cheering "woo"): returns (mono, pan) pairs."""
    t_axis = S.time_axis(n, sr)
    duration_s = n / sr
    voices = []
    for _ in range(people):
        gate = np.zeros(n)
        f0 = np.full(n, rng.uniform(*f0_range))
        t0 = first_bout_s + rng.uniform(0, 0.5)
        while t0 < duration_s:
            length = rng.uniform(*bout_s)
            rate = rng.uniform(*syllable_hz)
            s0, m = int(t0 * sr), min(int(length * sr), n - int(t0 * sr))
            if m > 64:
                local = t_axis[:m]
                ph = (local * rate) % 1.0
                syll = np.where(ph < duty, np.sin(np.pi * ph / duty) ** 2, 0.0) if rate > 0 else 1.0
                gate[s0 : s0 + m] = (
                    syll * S.decay_env(m, length * 0.6, sr, 0.02) * S.ar_env(m, 0.01, 0.1, sr)
                )
                f0[s0 : s0 + m] *= 1.0 + glide * np.exp(-local / (length * 0.5)) - glide * 0.3
            t0 += length + rng.uniform(repeat_s * 0.7, repeat_s * 1.5)
        src = S.sawtooth(f0, n, sr) + 0.8 * S.white(rng, n)
        voices.append((src * gate, rng.uniform(-0.8, 0.8)))
    return voices


def _laughter(ctx: RenderContext) -> np.ndarray:
    low, factor = ctx.reduced(VOICE_MIN_RATE_HZ)
    rng, sr, n = low.rng, low.sr, low.n
    people = 12 if ctx.has("large", "heavy") else 2 if ctx.has("small", "light") else 6
    voices = _voiced_bouts(
        rng, n, sr, people, (4.5, 6.0), (1.2, 2.6), (130.0, 320.0), EVENT_START_S + 0.1
    )
    out = np.zeros((2, n))
    for v, position in voices:
        out += S.pan(v, position) * rng.uniform(0.5, 1.0)
    # "ha" and "he": two vowel colours over the whole group.
    out = S.formants(out, VOWEL_FORMANTS_HZ[0], (1.0, 0.6, 0.25), 4.0, sr) + 0.5 * S.formants(
        out, VOWEL_FORMANTS_HZ[1], (1.0, 0.6, 0.25), 4.0, sr
    )
    out = S.upsample(S.highpass(out, 120.0, sr), factor, ctx.n)
    return S.reverb(out, ctx.sr, 1.0, 0.25)


def _cheer(ctx: RenderContext) -> np.ndarray:
    low, factor = ctx.reduced(VOICE_MIN_RATE_HZ)
    rng, sr, n = low.rng, low.sr, low.n
    groups = CHEER_GROUPS // 2 if ctx.has("small", "light") else CHEER_GROUPS
    voices = np.zeros((2, n))
    for _ in range(groups):
        # A few people shouting together: two detuned buzzes gliding on "wooo" / "yeah".
        f0 = rng.uniform(180, 420) * (0.85 + 0.3 * S.smooth_random(rng, n, 0.8, sr))
        swell = S.smooth_random(rng, n, 1.2, sr) ** 2
        src = S.sawtooth(f0, n, sr) + S.sawtooth(f0 * 1.013, n, sr, 0.3) + 0.8 * S.white(rng, n)
        voices += S.pan(src * swell, rng.uniform(-0.9, 0.9))
    voices = S.formants(
        voices, (650.0, 1500.0, 2600.0), (1.0, 0.7, 0.3), 3.0, sr
    ) + 0.5 * S.formants(voices, (320.0, 870.0), (1.0, 0.5), 3.0, sr)
    voices = S.upsample(S.highpass(voices, 150.0, sr), factor, ctx.n)
    clap = _applause(RenderContext(ctx.rng, ctx.sr, ctx.n, frozenset({"small"})))
    whistles = np.zeros(ctx.n)
    for start in ctx.rng.uniform(0, ctx.duration_s, ctx.rng.poisson(0.5 * ctx.duration_s)):
        s0 = ctx.samples(start)
        m = min(ctx.samples(ctx.rng.uniform(0.5, 1.0)), ctx.n - s0)
        if m > 64:
            f = ctx.rng.uniform(1800, 2600) * (1 + 0.3 * S.hump(m, 0.4, 1.0))
            whistles[s0 : s0 + m] += S.tone(f, m, ctx.sr) * S.ar_env(m, 0.05, 0.2, ctx.sr)
    out = S.rms_normalize(voices) + 0.4 * S.rms_normalize(clap) + 0.1 * S.pan(whistles, 0.3)
    return S.reverb(out, ctx.sr, 1.6, 0.35)


def _surface(ctx: RenderContext) -> str:
    for s in SURFACES:
        if ctx.has(s):
            return s
    return "wood" if ctx.has("indoor") else "concrete"


def _footsteps(ctx: RenderContext) -> np.ndarray:
    rng, sr, n = ctx.rng, ctx.sr, ctx.n
    surface = _surface(ctx)
    period = 1.0 / (STEPS_PER_S * ctx.rate)
    steps = S.jittered_grid(rng, period, EVENT_START_S, ctx.duration_s - 0.1, period * 0.04, sr)
    count = steps.size
    weight = ctx.size * (1.3 if ctx.has("heavy") else 0.7 if ctx.has("light") else 1.0)
    # Heel then toe; the toe is softer and a few tens of milliseconds later.
    onsets = np.concatenate([steps, steps + (rng.uniform(0.04, 0.08, count) * sr).astype(np.int64)])
    gains = np.concatenate([np.ones(count), np.full(count, 0.5)]) * rng.uniform(0.8, 1.0, 2 * count)
    total = onsets.size
    length = ctx.samples(0.25)
    thump = S.modal_grains(
        rng.uniform(70, 110, (total, 1)) / weight * np.array([1.0, 2.3]),
        np.full((total, 2), 0.025),
        np.array([[1.0, 0.4]]).repeat(total, 0),
        length,
        sr,
        rng,
    )
    if surface == "wood":
        body = S.modal_grains(
            rng.uniform(160, 220, (total, 1)) * np.array([1.0, 2.6, 5.1]) / weight,
            np.array([[0.05, 0.03, 0.015]]).repeat(total, 0),
            np.array([[1.0, 0.6, 0.3]]).repeat(total, 0),
            length,
            sr,
            rng,
        )
        click = S.noise_grains(rng, total, length, np.full(total, 0.002), sr)
        grains = thump + body + 0.3 * S.bandpass(click, 1000, 4000, sr)
    elif surface == "metal":
        body = S.modal_grains(
            rng.uniform(280, 330, (total, 1)) * np.array([1.0, 2.76, 5.4, 8.9]),
            np.array([[0.12, 0.09, 0.06, 0.04]]).repeat(total, 0),
            np.array([[1.0, 0.8, 0.5, 0.4]]).repeat(total, 0),
            length,
            sr,
            rng,
        )
        grains = 0.6 * thump + body
    elif surface == "concrete":
        click = S.noise_grains(rng, total, length, rng.uniform(0.002, 0.005, total), sr)
        grains = 0.8 * thump + 1.5 * S.bandpass(click, 1200, 7000, sr)
    else:
        grains = thump * (0.3 if surface == "grass" else 0.5)
    out = S.place_stereo(n, onsets, grains, gains, np.linspace(-0.5, 0.5, total))
    out = S.rms_normalize(out)
    if surface in ("gravel", "snow", "grass"):
        # Crunch/swish: many micro-events spread over the step, vectorised across all steps.
        per = {"gravel": 35, "snow": 70, "grass": 30}[surface]
        spread_s = {"gravel": 0.05, "snow": 0.06, "grass": 0.08}[surface]
        micro_on = np.repeat(onsets, per) + (rng.gamma(2.0, spread_s / 2, total * per) * sr).astype(
            np.int64
        )
        micro_gain = np.repeat(gains, per) * rng.lognormal(0, 0.6, total * per)
        decay = {"gravel": 0.0015, "snow": 0.003, "grass": 0.004}[surface]
        micro = S.noise_grains(rng, total * per, ctx.samples(0.02), np.full(total * per, decay), sr)
        crunch = S.place_stereo(
            n, micro_on, micro, micro_gain, np.repeat(np.linspace(-0.5, 0.5, total), per)
        )
        band = {"gravel": (1500.0, 9000.0), "snow": (400.0, 2500.0), "grass": (1500.0, 7000.0)}[
            surface
        ]
        crunch = S.bandpass(crunch, *band, sr)
        if surface == "snow":
            # Packed snow: a dull, squeaky crunch with little air above ~3 kHz.
            crunch = S.lowpass(crunch + 0.6 * S.resonate(crunch, 1700.0, 5.0, sr), 3000.0, sr, 4)
        elif surface == "grass":
            crunch = S.lowpass(crunch, 6000.0, sr)
        out = 0.5 * out + S.rms_normalize(crunch)
    if ctx.has("indoor") or surface in ("wood", "concrete"):
        out = S.reverb(out, sr, 0.6 if surface == "wood" else 1.0, 0.18)
    return out


def _heartbeat(ctx: RenderContext) -> np.ndarray:
    rng, sr, n = ctx.rng, ctx.sr, ctx.n
    period = 60.0 / (HEART_BPM * ctx.rate * (1.4 if ctx.has("heavy") else 1.0))
    beats = S.jittered_grid(rng, period, EVENT_START_S, ctx.duration_s, 0.01, sr)
    count = beats.size
    length = ctx.samples(0.25)
    lub = S.modal_grains(
        np.array([[52.0, 104.0, 160.0]]).repeat(count, 0),
        np.array([[0.07, 0.04, 0.02]]).repeat(count, 0),
        np.array([[1.0, 0.5, 0.2]]).repeat(count, 0),
        length,
        sr,
        rng,
    )
    dub = S.modal_grains(
        np.array([[70.0, 140.0, 210.0]]).repeat(count, 0),
        np.array([[0.05, 0.03, 0.015]]).repeat(count, 0),
        np.array([[0.7, 0.35, 0.15]]).repeat(count, 0),
        length,
        sr,
        rng,
    )
    attack = np.minimum(1.0, S.time_axis(length, sr) / 0.012)
    beat = S.place(n, beats, lub * attack) + S.place(
        n, beats + ctx.samples(0.3 * period**0.5), dub * attack
    )
    whoosh = S.lowpass(S.white(rng, n), 250.0, sr) * S.lowpass(np.abs(beat), 8.0, sr)
    mono = S.lowpass(S.rms_normalize(beat) + 0.3 * S.rms_normalize(whoosh), 400.0, sr)
    return S.stereo_mix(mono)


def _breathing(ctx: RenderContext) -> np.ndarray:
    rng, sr, n = ctx.rng, ctx.sr, ctx.n
    cycle = BREATH_CYCLE_S / ctx.rate / (1.8 if ctx.has("heavy") else 1.0)
    out = np.zeros(n)
    for start in np.arange(EVENT_START_S, ctx.duration_s, cycle):
        for offset, length, band, level in (
            (0.0, 0.42, (700.0, 2800.0), 0.8),
            (0.48, 0.5, (300.0, 1800.0), 1.0),
        ):
            s0 = ctx.samples(start + offset * cycle)
            m = min(ctx.samples(length * cycle), n - s0)
            if m > 64:
                breath = S.lowpass(S.bandpass(S.white(rng, m), *band, sr), band[1] * 1.3, sr)
                breath = breath + 0.5 * S.resonate(breath, band[0] * 1.6, 5.0, sr)
                out[s0 : s0 + m] += level * breath * S.hump(m, 0.35, 1.5)
    return S.pan(out, 0.0)


CATEGORIES = (
    SfxCategory(
        "crowd_chatter",
        "crowd babble: many people talking indistinctly",
        _crowd_chatter,
        terms(
            "chatter chattering chat chatting babble murmur murmuring crowd crowds talking "
            "conversation conversations walla",
            weak="people voices party gathering lobby restaurant bar pub market",
            phrases=("people talking", "crowd talking", "background chatter", "crowd murmur"),
        ),
        10.0,
        "ambience",
        group="human",
    ),
    SfxCategory(
        "cafe_ambience",
        "a busy cafe: chatter, cups and spoons, espresso hiss",
        _cafe,
        terms(
            "cafe caf coffeehouse coffeeshop diner bistro",
            weak="coffee cups latte",
            phrases=("coffee shop", "in a cafe", "cafe ambience", "at a cafe"),
        ),
        10.0,
        "ambience",
        group="human",
    ),
    SfxCategory(
        "applause",
        "an audience applauding",
        _applause,
        terms(
            "applause applauding clapping claps clap ovation",
            weak="audience hands",
            phrases=(
                "round of applause",
                "standing ovation",
                "people clapping",
                "crowd applauding",
                "crowd clapping",
            ),
            # The crowd is who makes it; what it does is the sound ("a crowd applauding").
            together=("crowd applaud", "crowd clap"),
        ),
        6.0,
        "ambience",
        group="human",
    ),
    SfxCategory(
        "laughter",
        "people laughing (crowd reaction)",
        _laughter,
        terms(
            "laugh laughter laughing laughs giggle giggling chuckle chuckling",
            weak="funny joke",
            phrases=("crowd laughing", "people laughing", "audience laughing"),
        ),
        4.0,
        "oneshot",
        group="human",
    ),
    SfxCategory(
        "crowd_cheer",
        "a crowd cheering and whistling (stadium, concert)",
        _cheer,
        terms(
            "cheer cheers cheering crowd stadium hooray whoo yelling",
            weak="fans concert game goal",
            phrases=("crowd cheering", "cheering crowd", "fans cheering"),
        ),
        6.0,
        "ambience",
        group="human",
    ),
    SfxCategory(
        "footsteps",
        "footsteps walking (surface: wood, concrete, gravel, snow, grass, metal)",
        _footsteps,
        terms(
            "footsteps footstep steps step walking walk walks running stomping treading",
            weak="feet shoes boots heels",
            phrases=("foot steps", "someone walking", "walking on"),
        ),
        6.0,
        "stream",
        group="human",
    ),
    SfxCategory(
        "heartbeat",
        "a heartbeat: lub-dub",
        _heartbeat,
        terms(
            "heartbeat heartbeats heart pulse pounding thumping",
            weak="chest beating",
            phrases=("heart beat", "heart beating", "heart pounding"),
        ),
        6.0,
        "stream",
        group="human",
    ),
    SfxCategory(
        "breathing",
        "slow breathing in and out (heavy: panting)",
        _breathing,
        terms(
            "breathing breath breathe breaths inhale exhale panting sigh",
            weak="tired asleep",
            phrases=("heavy breathing", "deep breath", "breathing heavily", "out of breath"),
        ),
        8.0,
        "stream",
        group="human",
    ),
)

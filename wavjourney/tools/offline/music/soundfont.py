"""A SoundFont 2 reader and note player in numpy: recorded instruments for the offline music.

A SoundFont (``.sf2``) is a RIFF file of 16-bit samples (``sdta/smpl``) and a "hydra" of
tables (``pdta``) that maps a preset (bank, program) through preset zones to instruments,
and an instrument through its zones (key and velocity ranges) to a sample with its root
key, tuning, loop points, envelope, filter, attenuation and pan (the "generators").

What is played: the matching zones of a note, each resampled to the note's pitch (linear
interpolation), looped where the zone loops, shaped by its volume envelope (delay, attack,
hold, decay to sustain, release at the note's end), its modulation envelope and LFOs on
pitch, its resonant low-pass filter (moved by the modulation envelope), attenuation and
pan. Not played: LFOs on volume or filter, modulators (the default ones included: velocity
only picks velocity layers here, the mixer sets levels), chorus and reverb sends (the
mixer has its own reverb), and exclusive classes. Everything is deterministic: the same
font and note give the same bytes.

The default font is TimGM6mb.sf2 (a 6 MB General MIDI set by Tim Brechbill, GPL-2), which
the ``pretty_midi`` package ships inside its wheel; it is read where pip installed it and
never copied into this repository.
"""

from __future__ import annotations

import importlib.util
import struct
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from wavjourney.exceptions import ToolUnavailable
from wavjourney.tools.offline import lazy_scipy

DEFAULT_FONT_PACKAGE = "pretty_midi"
DEFAULT_FONT_FILE = "TimGM6mb.sf2"
DRUM_BANK = 128  # General MIDI percussion lives in bank 128
SILENCE_DB = 80.0  # a released note ends this far below full level
MAX_RELEASE_S = 4.0  # longest release tail we render
MIN_RELEASE_S = 0.005  # shortest, so that no note ends with a click
ONE_SHOT_HOLD_S = 4.0  # percussion is held this long at most (most hits die away sooner)
FILTER_BLOCK = 256  # a moving filter's cutoff is checked this often (samples) ...
FILTER_STEP_CENTS = 25.0  # ... and its coefficients change when it has moved this far
ENVELOPE_FLOOR_DB = 100.0  # SF2 decay and release times are for a 100 dB fall
FILTER_OFF_HZ = 18000.0  # an initial filter cutoff above this is treated as open
ABSOLUTE_CENT_REF_HZ = 8.176  # SF2 absolute cents: 0 = 8.176 Hz (MIDI key 0)
TIMECENT_FLOOR = -12000  # about 1 ms: "instant" in SF2 envelopes

# Generator operators used here (SF2 2.04, section 8.1.2).
START_OFFSET, END_OFFSET, LOOP_START_OFFSET, LOOP_END_OFFSET = 0, 1, 2, 3
START_COARSE, MOD_LFO_TO_PITCH, VIB_LFO_TO_PITCH = 4, 5, 6
MOD_ENV_TO_PITCH, FILTER_FC, FILTER_Q, MOD_ENV_TO_FILTER_FC = 7, 8, 9, 11
END_COARSE, PAN = 12, 17
DELAY_MOD_ENV, ATTACK_MOD_ENV, HOLD_MOD_ENV, DECAY_MOD_ENV = 25, 26, 27, 28
SUSTAIN_MOD_ENV, RELEASE_MOD_ENV, KEY_TO_MOD_HOLD, KEY_TO_MOD_DECAY = 29, 30, 31, 32
DELAY_MOD_LFO, FREQ_MOD_LFO, DELAY_VIB_LFO, FREQ_VIB_LFO = 21, 22, 23, 24
DELAY_VOL, ATTACK_VOL, HOLD_VOL, DECAY_VOL, SUSTAIN_VOL, RELEASE_VOL = 33, 34, 35, 36, 37, 38
KEY_TO_HOLD, KEY_TO_DECAY = 39, 40
INSTRUMENT, KEY_RANGE, VEL_RANGE, LOOP_START_COARSE = 41, 43, 44, 45
ATTENUATION, LOOP_END_COARSE, COARSE_TUNE, FINE_TUNE = 48, 50, 51, 52
SAMPLE_ID, SAMPLE_MODES, SCALE_TUNING, ROOT_KEY = 53, 54, 56, 58

DEFAULTS = {FILTER_FC: 13500, DELAY_MOD_LFO: TIMECENT_FLOOR, DELAY_VIB_LFO: TIMECENT_FLOOR,
            DELAY_MOD_ENV: TIMECENT_FLOOR, ATTACK_MOD_ENV: TIMECENT_FLOOR,
            HOLD_MOD_ENV: TIMECENT_FLOOR, DECAY_MOD_ENV: TIMECENT_FLOOR,
            RELEASE_MOD_ENV: TIMECENT_FLOOR,
            DELAY_VOL: TIMECENT_FLOOR, ATTACK_VOL: TIMECENT_FLOOR, HOLD_VOL: TIMECENT_FLOOR,
            DECAY_VOL: TIMECENT_FLOOR, RELEASE_VOL: TIMECENT_FLOOR, SCALE_TUNING: 100,
            ROOT_KEY: -1}
# Generators that only an instrument zone may set (a preset zone's value is ignored), and
# the ranges, which intersect instead of adding (section 8.5).
INSTRUMENT_ONLY = frozenset({START_OFFSET, END_OFFSET, LOOP_START_OFFSET, LOOP_END_OFFSET,
                             START_COARSE, END_COARSE, LOOP_START_COARSE, LOOP_END_COARSE,
                             46, 47, SAMPLE_MODES, 57, ROOT_KEY, SAMPLE_ID})
RANGES = (KEY_RANGE, VEL_RANGE)

_PHDR = np.dtype([("name", "S20"), ("preset", "<u2"), ("bank", "<u2"), ("bag", "<u2"),
                  ("library", "<u4"), ("genre", "<u4"), ("morphology", "<u4")])
_BAG = np.dtype([("gen", "<u2"), ("mod", "<u2")])
_GEN = np.dtype([("oper", "<u2"), ("amount", "<i2")])
_INST = np.dtype([("name", "S20"), ("bag", "<u2")])
_SHDR = np.dtype([("name", "S20"), ("start", "<u4"), ("end", "<u4"), ("loop_start", "<u4"),
                  ("loop_end", "<u4"), ("rate", "<u4"), ("root", "u1"), ("correction", "i1"),
                  ("link", "<u2"), ("kind", "<u2")])


class SoundFontError(ValueError):
    """A file that is not a SoundFont 2 we can read."""


@dataclass(frozen=True)
class Sample:
    """One sample header: where its data lies in the font's sample pool and how it is tuned.

    Args:
        start, end: first and one-past-last sample of its data, in the pool.
        loop_start, loop_end: the loop (first and one-past-last looped sample), in the pool.
        rate_hz: the rate it was recorded at.
        root_key: the MIDI key it sounds at unshifted.
        correction_cents: its tuning error, added to every note.
    """

    name: str
    start: int
    end: int
    loop_start: int
    loop_end: int
    rate_hz: int
    root_key: int
    correction_cents: int


@dataclass(frozen=True)
class Zone:
    """A sample with the generators that play it, for a key and velocity range of a preset.

    ``gens`` are the instrument zone's generators (its instrument's global zone under them),
    with the preset zone's added where the format says they add.
    """

    key_lo: int
    key_hi: int
    vel_lo: int
    vel_hi: int
    sample: Sample
    gens: tuple[tuple[int, int], ...]

    def gen(self, oper: int) -> int:
        for o, amount in self.gens:
            if o == oper:
                return amount
        return DEFAULTS.get(oper, 0)


def _chunks(data: bytes, start: int, end: int):
    """``(id, body_start, body_end)`` of each RIFF chunk in ``data[start:end]``."""
    pos = start
    while pos + 8 <= end:
        cid = data[pos:pos + 4]
        (size,) = struct.unpack_from("<I", data, pos + 4)
        body = pos + 8
        if body + size > end:
            raise SoundFontError(f"chunk {cid!r} runs past the end of its list")
        yield cid, body, body + size
        pos = body + size + (size & 1)


def _zone_gens(gens: np.ndarray, bags: np.ndarray, first_bag: int, last_bag: int,
               terminal: int) -> list[dict[int, int]]:
    """The generator dicts of a preset's or instrument's zones, global zone merged in.

    A first zone without the terminal generator (instrument / sampleID) is the global zone:
    its values are defaults for the others. Other zones without it are ignored.
    """
    zones: list[dict[int, int]] = []
    glob: dict[int, int] = {}
    for b in range(first_bag, last_bag):
        lo, hi = int(bags[b]["gen"]), int(bags[b + 1]["gen"])
        z = {int(g["oper"]): int(g["amount"]) for g in gens[lo:hi]}
        if terminal in z:
            zones.append(z)
        elif b == first_bag:
            glob = z
    return [{**glob, **z} for z in zones]


def _range(gens: dict[int, int], oper: int) -> tuple[int, int]:
    if oper not in gens:
        return 0, 127
    raw = gens[oper] & 0xFFFF
    return raw & 0xFF, raw >> 8


class SoundFont:
    """A parsed SoundFont 2: presets as zones, and the sample pool as float32.

    Args:
        data: the file's bytes.
    """

    def __init__(self, data: bytes) -> None:
        if len(data) < 12 or data[:4] != b"RIFF" or data[8:12] != b"sfbk":
            raise SoundFontError("not a SoundFont 2 file (no RIFF 'sfbk' header)")
        tables: dict[bytes, tuple[int, int]] = {}
        (riff_size,) = struct.unpack_from("<I", data, 4)
        for cid, a, b in _chunks(data, 12, min(len(data), 8 + riff_size)):
            if cid == b"LIST":
                for sub, sa, sb in _chunks(data, a + 4, b):
                    tables[sub] = (sa, sb)
        missing = [t.decode() for t in (b"smpl", b"phdr", b"pbag", b"pgen", b"inst", b"ibag",
                                         b"igen", b"shdr") if t not in tables]
        if missing:
            raise SoundFontError(f"SoundFont lacks the {', '.join(missing)} chunk(s)")

        def table(name: bytes, dtype: np.dtype) -> np.ndarray:
            a, b = tables[name]
            return np.frombuffer(data, dtype, (b - a) // dtype.itemsize, a)

        a, b = tables[b"smpl"]
        self.pool = (np.frombuffer(data, "<i2", (b - a) // 2, a).astype(np.float32)
                     / np.float32(32768.0))
        phdr, pbag, pgen = table(b"phdr", _PHDR), table(b"pbag", _BAG), table(b"pgen", _GEN)
        inst, ibag, igen = table(b"inst", _INST), table(b"ibag", _BAG), table(b"igen", _GEN)
        shdr = table(b"shdr", _SHDR)
        samples = [Sample(s["name"].split(b"\0")[0].decode("latin-1"), int(s["start"]),
                          int(s["end"]), int(s["loop_start"]), int(s["loop_end"]),
                          int(s["rate"]), int(s["root"]), int(s["correction"]))
                   for s in shdr[:-1]]  # the last header is the terminal "EOS"
        instruments = [_zone_gens(igen, ibag, int(inst[i]["bag"]), int(inst[i + 1]["bag"]),
                                  SAMPLE_ID) for i in range(len(inst) - 1)]
        self.names: dict[tuple[int, int], str] = {}
        self.presets: dict[tuple[int, int], tuple[Zone, ...]] = {}
        for p in range(len(phdr) - 1):  # the last header is the terminal "EOP"
            key = (int(phdr[p]["bank"]), int(phdr[p]["preset"]))
            self.names[key] = phdr[p]["name"].split(b"\0")[0].decode("latin-1")
            zones = []
            for pz in _zone_gens(pgen, pbag, int(phdr[p]["bag"]), int(phdr[p + 1]["bag"]),
                                 INSTRUMENT):
                if not 0 <= pz[INSTRUMENT] < len(instruments):
                    raise SoundFontError(f"preset {key} names a missing instrument")
                for iz in instruments[pz[INSTRUMENT]]:
                    zone = self._merge(pz, iz, samples)
                    if zone is not None:
                        zones.append(zone)
            self.presets[key] = tuple(zones)

    @staticmethod
    def _merge(pz: dict[int, int], iz: dict[int, int], samples: list[Sample]) -> Zone | None:
        """One playable zone from a preset zone over an instrument zone (None: no overlap)."""
        (pk0, pk1), (ik0, ik1) = _range(pz, KEY_RANGE), _range(iz, KEY_RANGE)
        (pv0, pv1), (iv0, iv1) = _range(pz, VEL_RANGE), _range(iz, VEL_RANGE)
        key_lo, key_hi = max(pk0, ik0), min(pk1, ik1)
        vel_lo, vel_hi = max(pv0, iv0), min(pv1, iv1)
        if key_lo > key_hi or vel_lo > vel_hi:
            return None
        if not 0 <= iz[SAMPLE_ID] < len(samples):
            raise SoundFontError("an instrument zone names a missing sample")
        gens = {o: v for o, v in iz.items() if o not in RANGES}
        for o, v in pz.items():
            if o in INSTRUMENT_ONLY or o in RANGES or o == INSTRUMENT:
                continue
            gens[o] = gens.get(o, DEFAULTS.get(o, 0)) + v
        return Zone(key_lo, key_hi, vel_lo, vel_hi, samples[iz[SAMPLE_ID]],
                    tuple(sorted(gens.items())))

    def zones(self, bank: int, program: int, key: int, velocity: int) -> list[Zone]:
        """The zones a note sounds (several for layered or stereo sounds).

        A key outside every zone of the preset (a small font covers only an instrument's
        usual range) borrows the nearest zones, which are then pitched to it.
        """
        if (bank, program) not in self.presets:
            raise KeyError(f"the SoundFont has no preset bank {bank} program {program}")
        by_velocity = [z for z in self.presets[(bank, program)]
                       if z.vel_lo <= velocity <= z.vel_hi]
        if not by_velocity:
            raise KeyError(f"preset bank {bank} program {program} has no zone for velocity "
                           f"{velocity}")

        def distance(z: Zone) -> int:
            return max(z.key_lo - key, key - z.key_hi, 0)

        nearest = min(distance(z) for z in by_velocity)
        return [z for z in by_velocity if distance(z) == nearest]

    def render(self, bank: int, program: int, midi: float, velocity: int, gate_s: float,
               sr: int, one_shot: bool = False) -> np.ndarray:
        """One note as stereo float32 ``(2, n)``, its release tail included.

        Args:
            bank, program: the preset (General MIDI drums: bank 128, program 0).
            midi: pitch; the nearest key picks the zones, the fraction tunes them.
            velocity: 1-127 (picks velocity layers).
            gate_s: how long the key is held, seconds.
            sr: output sample rate in Hz.
            one_shot: hold the key until the sound dies away, ignoring the gate
                (percussion).
        """
        key = int(np.clip(round(midi), 0, 127))
        zones = self.zones(bank, program, key, velocity)
        notes = [self._render_zone(z, midi, key, gate_s, sr, one_shot) for z in zones]
        out = np.zeros((2, max(x.shape[1] for x in notes)), np.float32)
        for x in notes:
            out[:, :x.shape[1]] += x
        return out

    def _render_zone(self, zone: Zone, midi: float, key: int, gate_s: float, sr: int,
                     one_shot: bool) -> np.ndarray:
        g = zone.gen
        s = zone.sample
        start = s.start + g(START_OFFSET) + 32768 * g(START_COARSE)
        end = s.end + g(END_OFFSET) + 32768 * g(END_COARSE)
        loop_start = s.loop_start + g(LOOP_START_OFFSET) + 32768 * g(LOOP_START_COARSE)
        loop_end = s.loop_end + g(LOOP_END_OFFSET) + 32768 * g(LOOP_END_COARSE)
        looped = g(SAMPLE_MODES) & 1 == 1 and start <= loop_start < loop_end <= end
        root = g(ROOT_KEY) if g(ROOT_KEY) >= 0 else s.root_key
        cents = ((midi - root) * g(SCALE_TUNING) + 100 * g(COARSE_TUNE) + g(FINE_TUNE)
                 + s.correction_cents)
        step = 2.0 ** (cents / 1200.0) * s.rate_hz / sr  # source samples per output sample

        # A one-shot (percussion) is held until it dies away; it is not cut by the gate.
        gate_n = max(1, int(round((ONE_SHOT_HOLD_S if one_shot else gate_s) * sr)))
        env = _volume_envelope(zone, key, gate_n, sr)
        if not looped:
            env = env[:max(0, int((end - 1 - start) / step))]  # the data ends the note
        n = env.shape[0]
        if n == 0:
            return np.zeros((2, 0), np.float32)

        mod = None
        if g(MOD_ENV_TO_PITCH) or g(MOD_ENV_TO_FILTER_FC):
            mod = _mod_envelope(zone, key, gate_n, n, sr)
        pitch_cents = _lfo_cents(zone, n, sr)
        if mod is not None and g(MOD_ENV_TO_PITCH):
            bend = g(MOD_ENV_TO_PITCH) * mod
            pitch_cents = bend if pitch_cents is None else pitch_cents + bend
        if pitch_cents is None:
            pos = np.arange(n, dtype=np.float64) * step
        else:
            pos = np.empty(n, np.float64)
            pos[0] = 0.0
            np.cumsum(step * 2.0 ** (pitch_cents[:-1] / 1200.0), out=pos[1:])
        pos += start
        if looped:
            past = pos >= loop_end
            pos[past] = loop_start + np.mod(pos[past] - loop_start, loop_end - loop_start)
        np.minimum(pos, end - 1, out=pos)
        i = pos.astype(np.int64)
        frac = (pos - i).astype(np.float32)
        nxt = np.minimum(i + 1, end - 1)
        if looped:
            nxt[i + 1 == loop_end] = loop_start  # interpolate across the loop's seam
        x = self.pool[i]
        x += (self.pool[nxt] - x) * frac

        fc_cents: float | np.ndarray = float(g(FILTER_FC))
        if mod is not None and g(MOD_ENV_TO_FILTER_FC):
            fc_cents = fc_cents + g(MOD_ENV_TO_FILTER_FC) * mod
        fc_hz = ABSOLUTE_CENT_REF_HZ * 2.0 ** (np.asarray(fc_cents) / 1200.0)
        if float(np.min(fc_hz)) < min(FILTER_OFF_HZ, 0.45 * sr):
            q = 10.0 ** (max(0, g(FILTER_Q)) / 200.0) / np.sqrt(2.0)
            x = _lowpass(x, fc_hz, q, sr)
        x *= env
        x *= np.float32(10.0 ** (-max(0, g(ATTENUATION)) / 200.0))  # centibels
        pan = np.clip(g(PAN), -500, 500) / 1000.0 + 0.5  # 0 left .. 1 right
        gains = np.array([np.cos(pan * np.pi / 2), np.sin(pan * np.pi / 2)], np.float32)
        return gains[:, None] * x[None, :]


def _timecents_s(tc: int) -> float:
    return 0.0 if tc <= TIMECENT_FLOOR else float(2.0 ** (tc / 1200.0))


def _volume_envelope(zone: Zone, key: int, gate_n: int, sr: int) -> np.ndarray:
    """The zone's volume envelope over the held note and its release, float32 amplitude.

    Attack rises linearly in amplitude; decay and release fall linearly in dB, at the rate
    of 100 dB per decay / release time, as the format defines them. The note ends where it
    falls to `SILENCE_DB` below full level.
    """
    g = zone.gen
    delay = _timecents_s(g(DELAY_VOL))
    attack = _timecents_s(g(ATTACK_VOL))
    hold = _timecents_s(g(HOLD_VOL) + g(KEY_TO_HOLD) * (60 - key))
    decay = max(_timecents_s(g(DECAY_VOL) + g(KEY_TO_DECAY) * (60 - key)), 1e-4)
    sustain_db = float(np.clip(g(SUSTAIN_VOL), 0, 1440)) / 10.0
    release = min(MAX_RELEASE_S, max(_timecents_s(g(RELEASE_VOL)), MIN_RELEASE_S))
    t = np.arange(gate_n, dtype=np.float64) / sr
    t_decay = t - (delay + attack + hold)
    atten_db = np.clip(t_decay * (ENVELOPE_FLOOR_DB / decay), 0.0, sustain_db)
    silent = np.flatnonzero(atten_db >= SILENCE_DB)
    if silent.size:  # it died away while held
        gate_n = int(silent[0])
        t, atten_db = t[:gate_n], atten_db[:gate_n]
    rise = np.clip((t - delay) / max(attack, 1e-4), 0.0, 1.0)
    held = rise * 10.0 ** (-atten_db / 20.0)
    if silent.size or gate_n == 0:
        return held.astype(np.float32)
    level_db = float(atten_db[-1])
    release_n = int(release * (SILENCE_DB - level_db) / ENVELOPE_FLOOR_DB * sr)
    tail_db = level_db + np.arange(1, release_n + 1, dtype=np.float64) * (
        ENVELOPE_FLOOR_DB / release / sr)
    tail = float(rise[-1]) * 10.0 ** (-tail_db / 20.0)
    return np.concatenate([held, tail]).astype(np.float32)


def _mod_envelope(zone: Zone, key: int, gate_n: int, n: int, sr: int) -> np.ndarray:
    """The modulation envelope, 0-1 (linear segments), over ``n`` samples; key up at
    ``gate_n``. It moves the filter cutoff and the pitch by their generators' depths."""
    g = zone.gen
    delay = _timecents_s(g(DELAY_MOD_ENV))
    attack = max(_timecents_s(g(ATTACK_MOD_ENV)), 1e-4)
    hold = _timecents_s(g(HOLD_MOD_ENV) + g(KEY_TO_MOD_HOLD) * (60 - key))
    decay = max(_timecents_s(g(DECAY_MOD_ENV) + g(KEY_TO_MOD_DECAY) * (60 - key)), 1e-4)
    sustain = 1.0 - float(np.clip(g(SUSTAIN_MOD_ENV), 0, 1000)) / 1000.0
    release = max(_timecents_s(g(RELEASE_MOD_ENV)), 1e-4)
    t = np.arange(n, dtype=np.float64) / sr
    rise = np.clip((t - delay) / attack, 0.0, 1.0)
    fall = np.clip((t - delay - attack - hold) / decay, 0.0, 1.0 - sustain)
    env = rise - fall
    if gate_n < n:
        level = float(env[gate_n])
        env[gate_n:] = np.maximum(level - (t[gate_n:] - t[gate_n]) / release, 0.0)
    return env


def _lowpass(x: np.ndarray, fc_hz: np.ndarray, q: float, sr: int) -> np.ndarray:
    """A resonant two-pole low-pass (RBJ biquad) whose cutoff may move.

    A moving cutoff is followed in steps of `FILTER_STEP_CENTS`, checked every
    `FILTER_BLOCK` samples: each stretch where it stays within a step is filtered at once,
    the filter's state carried across (a slow envelope costs a few calls, not one per block).
    """
    n = x.shape[0]
    if np.ndim(fc_hz) == 0:
        starts = np.zeros(1, np.int64)
        fc = np.full(1, float(fc_hz))
    else:
        grid = np.arange(0, n, FILTER_BLOCK)
        steps = np.round(1200.0 * np.log2(np.asarray(fc_hz)[grid]) / FILTER_STEP_CENTS)
        keep = np.concatenate([[True], steps[1:] != steps[:-1]])
        starts = grid[keep]
        fc = 2.0 ** (steps[keep] * FILTER_STEP_CENTS / 1200.0)
    w0 = 2.0 * np.pi * np.clip(fc, 20.0, 0.45 * sr) / sr
    alpha = np.sin(w0) / (2.0 * q)
    cos = np.cos(w0)
    a0 = 1.0 + alpha
    b = np.stack([(1.0 - cos) / 2, 1.0 - cos, (1.0 - cos) / 2], axis=1) / a0[:, None]
    a = np.stack([np.ones_like(a0), -2.0 * cos / a0, (1.0 - alpha) / a0], axis=1)
    y = np.empty(n, np.float32)
    state = np.zeros(2)
    ends = np.append(starts[1:], n)
    for k, (s0, s1) in enumerate(zip(starts, ends)):
        y[s0:s1], state = lazy_scipy.signal().lfilter(b[k], a[k], x[s0:s1], zi=state)
    return y


def _lfo_cents(zone: Zone, n: int, sr: int) -> np.ndarray | None:
    """Pitch deviation in cents from the vibrato and modulation LFOs (None: none)."""
    t = np.arange(n, dtype=np.float64) / sr
    total = None
    for depth_gen, freq_gen, delay_gen in ((VIB_LFO_TO_PITCH, FREQ_VIB_LFO, DELAY_VIB_LFO),
                                           (MOD_LFO_TO_PITCH, FREQ_MOD_LFO, DELAY_MOD_LFO)):
        depth = zone.gen(depth_gen)
        if depth == 0:
            continue
        freq = ABSOLUTE_CENT_REF_HZ * 2.0 ** (zone.gen(freq_gen) / 1200.0)
        delay = _timecents_s(zone.gen(delay_gen))
        lfo = depth * np.sin(2 * np.pi * freq * np.maximum(t - delay, 0.0))
        total = lfo if total is None else total + lfo
    return total


def default_font_path() -> Path:
    """Where the General MIDI font shipped in the ``pretty_midi`` wheel lies (not imported).

    Raises:
        ToolUnavailable: the package or its font is missing, with the command that fixes it.
    """
    spec = importlib.util.find_spec(DEFAULT_FONT_PACKAGE)
    locations = list(spec.submodule_search_locations or []) if spec else []
    for folder in locations:
        path = Path(folder) / DEFAULT_FONT_FILE
        if path.is_file():
            return path
    raise ToolUnavailable(
        f"offline music needs the General MIDI SoundFont {DEFAULT_FONT_FILE} from the "
        f"{DEFAULT_FONT_PACKAGE} package, which is not installed here: "
        f"pip install '{DEFAULT_FONT_PACKAGE}>=0.2.10'", tool="offline-music")


@lru_cache(maxsize=4)
def load_font(path: Path | None = None) -> SoundFont:
    """Read and parse a SoundFont once per process (default: the General MIDI font)."""
    path = default_font_path() if path is None else path
    return SoundFont(Path(path).read_bytes())

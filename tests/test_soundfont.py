"""Tests of the SoundFont 2 reader and player (`music.soundfont`) and the recorded instruments.

The format tests build a tiny SoundFont in the real RIFF layout here (one sine sample, one
instrument, one preset); the instrument tests play the General MIDI font from pretty_midi.
"""

from __future__ import annotations

import struct

import numpy as np
import pytest

from wavjourney.exceptions import ToolUnavailable
from wavjourney.tools.offline.music import soundfont
from wavjourney.tools.offline.music.instruments import INSTRUMENTS, render_note
from wavjourney.tools.offline.music.soundfont import SoundFont, SoundFontError, load_font

SR = 44_100
FONT_RATE_HZ = 22_050
SINE_HZ = 441.0  # an exact 50-sample period at 22.05 kHz: the loop is seamless
SAMPLE_N = 22_050
ROOT_KEY = 69  # A4: 440 Hz; the sample is 441 Hz, so the header's correction is -4 cents


def _chunk(cid: bytes, body: bytes) -> bytes:
    return cid + struct.pack("<I", len(body)) + body + (b"\0" if len(body) % 2 else b"")


def _gens(*pairs: tuple[int, int]) -> bytes:
    return b"".join(struct.pack("<Hh", o, a) for o, a in pairs)


def _range(lo: int, hi: int) -> int:
    return struct.unpack("<h", bytes([lo, hi]))[0]


def tiny_font(instrument_gens: tuple[tuple[int, int], ...] = (),
              preset_gens: tuple[tuple[int, int], ...] = ()) -> bytes:
    """A SoundFont 2 file: one looped 441 Hz sine (root A4), instrument 0, preset 0:0.

    Args:
        instrument_gens: generators of the instrument zone (before its sampleID).
        preset_gens: generators of the preset zone (before its instrument).
    """
    t = np.arange(SAMPLE_N) / FONT_RATE_HZ
    pcm = np.round(16000 * np.sin(2 * np.pi * SINE_HZ * t)).astype("<i2")
    smpl = pcm.tobytes() + b"\0" * 92  # 46 zero samples after the data, as the format asks
    info = _chunk(b"ifil", struct.pack("<HH", 2, 1)) + _chunk(b"INAM", b"tiny\0\0")
    phdr = (struct.pack("<20sHHHIII", b"Sine", 0, 0, 0, 0, 0, 0)
            + struct.pack("<20sHHHIII", b"EOP", 0, 0, 1, 0, 0, 0))
    pgen = _gens(*preset_gens, (soundfont.INSTRUMENT, 0)) + _gens((0, 0))
    pbag = struct.pack("<HH", 0, 0) + struct.pack("<HH", len(preset_gens) + 1, 0)
    inst = struct.pack("<20sH", b"SineInst", 0) + struct.pack("<20sH", b"EOI", 1)
    igen = _gens(*instrument_gens, (soundfont.SAMPLE_MODES, 1),
                 (soundfont.SAMPLE_ID, 0)) + _gens((0, 0))
    ibag = struct.pack("<HH", 0, 0) + struct.pack("<HH", len(instrument_gens) + 2, 0)
    loop_start, loop_end = 1000, 1000 + 50 * 300
    shdr = (struct.pack("<20sIIIIIBbHH", b"Sine441", 0, SAMPLE_N, loop_start, loop_end,
                        FONT_RATE_HZ, ROOT_KEY, -4, 0, 1)
            + struct.pack("<20sIIIIIBbHH", b"EOS", 0, 0, 0, 0, 0, 0, 0, 0, 0))
    mod = b"\0" * 10
    pdta = b"pdta" + b"".join(_chunk(c, b) for c, b in (
        (b"phdr", phdr), (b"pbag", pbag), (b"pmod", mod), (b"pgen", pgen), (b"inst", inst),
        (b"ibag", ibag), (b"imod", mod), (b"igen", igen), (b"shdr", shdr)))
    body = (b"sfbk" + _chunk(b"LIST", b"INFO" + info) + _chunk(b"LIST", b"sdta" + _chunk(
        b"smpl", smpl)) + _chunk(b"LIST", pdta))
    return b"RIFF" + struct.pack("<I", len(body)) + body


def peak_hz(x: np.ndarray, sr: int) -> float:
    """Frequency of the strongest spectral peak (parabolic interpolation)."""
    mono = x.mean(axis=0) if x.ndim == 2 else x
    spec = np.abs(np.fft.rfft(mono * np.hanning(mono.size)))
    k = int(np.argmax(spec[1:-1])) + 1
    a, b, c = np.log(spec[k - 1:k + 2] + 1e-12)
    return (k + 0.5 * (a - c) / (a - 2 * b + c)) * sr / mono.size


def test_parses_presets_zones_and_samples() -> None:
    font = SoundFont(tiny_font(instrument_gens=((soundfont.KEY_RANGE, _range(40, 90)),)))
    assert font.names[(0, 0)] == "Sine"
    (zone,) = font.presets[(0, 0)]
    assert (zone.key_lo, zone.key_hi, zone.vel_lo, zone.vel_hi) == (40, 90, 0, 127)
    assert zone.sample.root_key == ROOT_KEY and zone.sample.correction_cents == -4
    assert zone.sample.rate_hz == FONT_RATE_HZ
    assert (zone.sample.loop_start, zone.sample.loop_end) == (1000, 16000)
    assert font.pool.shape[0] == SAMPLE_N + 46
    t = np.arange(SAMPLE_N) / FONT_RATE_HZ
    pcm = np.round(16000 * np.sin(2 * np.pi * SINE_HZ * t))
    assert np.array_equal(font.pool[:SAMPLE_N] * 32768, pcm)


@pytest.mark.parametrize("midi", [69.0, 57.0, 76.0, 69.5])
def test_a_note_sounds_at_its_pitch(midi: float) -> None:
    # 441 Hz recorded as A4 with a -4 cent correction plays A4 at 440 Hz; other keys are
    # resampled by equal-tempered ratios, fractions of a key included.
    font = SoundFont(tiny_font())
    x = font.render(0, 0, midi, 100, 2.0, SR)
    expected = 440.0 * 2 ** ((midi - 69) / 12)
    assert peak_hz(x[:, :SR], SR) == pytest.approx(expected, rel=5e-4)


def test_tuning_generators_and_preset_offsets_add() -> None:
    # coarse tune +12 in the instrument and fine tune +50 in the preset: 1250 cents up.
    font = SoundFont(tiny_font(instrument_gens=((soundfont.COARSE_TUNE, 12),),
                               preset_gens=((soundfont.FINE_TUNE, 50),)))
    x = font.render(0, 0, 69, 100, 1.5, SR)
    assert peak_hz(x[:, :SR], SR) == pytest.approx(440.0 * 2 ** (1250 / 1200), rel=5e-4)


def test_a_looped_sample_sustains_past_its_data_then_releases() -> None:
    release_tc = -1200  # 0.5 s for 100 dB
    font = SoundFont(tiny_font(instrument_gens=((soundfont.RELEASE_VOL, release_tc),)))
    held_s = 3.0  # the data is 1 s long; the loop carries the note
    x = font.render(0, 0, 69, 100, held_s, SR).mean(axis=0)
    gate = int(held_s * SR)
    late = x[gate - SR // 2:gate]
    early = x[SR // 10:SR // 10 + SR // 2]
    assert np.sqrt((late**2).mean()) == pytest.approx(np.sqrt((early**2).mean()), rel=0.02)
    # Released: 80 dB at 100 dB per 0.5 s is 0.4 s, then the note ends.
    assert x.size == pytest.approx(gate + 0.4 * SR, abs=2)
    tail = x[gate + int(0.2 * SR):gate + int(0.25 * SR)]
    assert 20 * np.log10(np.abs(tail).max() / np.abs(late).max()) == pytest.approx(-40, abs=3)


def test_attack_and_pan() -> None:
    font = SoundFont(tiny_font(instrument_gens=((soundfont.ATTACK_VOL, 0),
                                                (soundfont.PAN, -500))))  # 1 s, hard left
    x = font.render(0, 0, 69, 100, 2.0, SR)
    assert np.abs(x[1]).max() < 1e-6 * np.abs(x[0]).max()
    quarter = np.abs(x[0, SR // 4 - 200:SR // 4 + 200]).max()
    full = np.abs(x[0, SR + SR // 4:SR + SR // 4 + 400]).max()
    assert quarter / full == pytest.approx(0.25, abs=0.02)


def _rms(x: np.ndarray) -> float:
    return float(np.sqrt((x**2).mean()))


def test_the_filter_and_its_modulation_envelope() -> None:
    # Cutoff 220 Hz (5700 absolute cents): the 440 Hz note loses about 12 dB. The
    # modulation envelope opens it two octaves (880 Hz) and closes it over 1 s (decay 0 tc).
    plain = SoundFont(tiny_font()).render(0, 0, 69, 100, 2.0, SR)[0]
    closed = SoundFont(tiny_font(instrument_gens=((soundfont.FILTER_FC, 5700),))).render(
        0, 0, 69, 100, 2.0, SR)[0]
    late = slice(int(1.5 * SR), int(1.9 * SR))
    loss_db = 20 * np.log10(_rms(closed[late]) / _rms(plain[late]))
    assert -14.0 < loss_db < -10.0
    moving = SoundFont(tiny_font(instrument_gens=(
        (soundfont.FILTER_FC, 5700), (soundfont.MOD_ENV_TO_FILTER_FC, 2400),
        (soundfont.DECAY_MOD_ENV, 0), (soundfont.SUSTAIN_MOD_ENV, 1000)))).render(
        0, 0, 69, 100, 2.0, SR)[0]
    early = slice(int(0.02 * SR), int(0.1 * SR))
    assert _rms(moving[early]) > 0.8 * _rms(plain[early])  # open: 440 Hz passes
    assert _rms(moving[late]) == pytest.approx(_rms(closed[late]), rel=0.05)  # closed again


def test_key_and_velocity_ranges_select_zones() -> None:
    font = SoundFont(tiny_font(instrument_gens=((soundfont.KEY_RANGE, _range(60, 72)),
                                                (soundfont.VEL_RANGE, _range(0, 63)))))
    assert font.zones(0, 0, 65, 40)
    with pytest.raises(KeyError, match="velocity 100"):
        font.zones(0, 0, 65, 100)
    # Outside the key range the nearest zone is borrowed, and still pitched to the note.
    x = font.render(0, 0, 81, 40, 1.0, SR)
    assert peak_hz(x[:, :SR // 2], SR) == pytest.approx(880.0, rel=1e-3)
    with pytest.raises(KeyError, match="program 5"):
        font.render(0, 5, 60, 100, 1.0, SR)


def test_not_a_soundfont_is_refused() -> None:
    with pytest.raises(SoundFontError, match="RIFF"):
        SoundFont(b"RIFF\0\0\0\0WAVEfmt ")
    data = tiny_font()
    with pytest.raises(SoundFontError, match="shdr"):
        SoundFont(data.replace(b"shdr", b"xxxx"))


def test_missing_font_names_the_fix(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(soundfont, "DEFAULT_FONT_PACKAGE", "no_such_package_here")
    with pytest.raises(ToolUnavailable, match="pip install"):
        soundfont.default_font_path()


# --- the General MIDI font and the recorded instruments ----------------------------------------

def test_the_general_midi_font_loads() -> None:
    font = load_font()
    assert font.names[(0, 0)].startswith("Piano")
    assert (soundfont.DRUM_BANK, 0) in font.presets


@pytest.mark.parametrize("name,midi", [("piano", 60.0), ("strings", 67.0), ("strings", 45.0),
                                       ("brass", 55.0), ("upright bass", 40.0),
                                       ("acoustic guitar", 64.0), ("clarinet", 70.0)])
def test_recorded_instruments_play_in_tune(name: str, midi: float) -> None:
    note = render_note(name, midi, 1.0, SR, velocity=0.8)
    mono = note.mean(axis=0) if note.ndim == 2 else note
    segment = mono[int(0.1 * SR):int(0.1 * SR) + 16384]
    # The fundamental or a low harmonic of it is the strongest peak.
    ratio = peak_hz(segment, SR) / (440.0 * 2 ** ((midi - 69) / 12))
    assert min(abs(ratio - k) for k in (1, 2, 3, 4)) < 0.01, (name, ratio)


def test_recorded_notes_are_deterministic() -> None:
    from wavjourney.tools.offline.music.synth import NOTE_CACHE

    first = render_note("piano", 61.0, 0.7, SR, 0.6).copy()
    NOTE_CACHE.clear()
    again = render_note("piano", 61.0, 0.7, SR, 0.6)
    assert first.tobytes() == again.tobytes()


def test_every_kit_drum_is_in_the_font() -> None:
    kit_names = [n for n, i in INSTRUMENTS.items() if n.partition(" ")[0] in
                 ("room", "power", "jazz", "brush", "orchestra")]
    assert kit_names
    for name in kit_names:
        note = render_note(name, 45.0, 0.1, SR, 0.8)
        assert np.abs(note).max() > 0.5, name

"""The offline espeak-ng speech tool: presets, determinism, SSML, splitting, threads, levels."""

from __future__ import annotations

import itertools
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

from wavjourney.exceptions import ToolError
from wavjourney.tools.base import GenerationRequest, Tool, VoicePreset
from wavjourney.tools.offline import speech
from wavjourney.tools.offline.speech import EspeakSpeechTool
from wavjourney.tools.offline.voices import VOICES, EspeakVariant, get_voice, voice_names

SENTENCE = (
    "The old lighthouse keeper watched the storm roll in across the grey water, and wondered "
    "whether the ship would reach the harbour before nightfall."
)
SR = speech.ESPEAK_SAMPLE_RATE_HZ


@pytest.fixture(scope="module")
def tool() -> EspeakSpeechTool:
    tool = EspeakSpeechTool()
    tool.available()
    return tool


def say(tool: EspeakSpeechTool, text: str = SENTENCE, **kwargs) -> np.ndarray:
    clip = tool.generate(GenerationRequest(kind="speech", text=text, **kwargs))
    assert clip.sample_rate_hz == SR
    assert clip.audio.dtype == np.float32 and clip.audio.shape[0] == 1
    return clip.audio[0]


def median_f0_hz(audio: np.ndarray) -> float:
    """Median autocorrelation pitch of the voiced frames; 0.0 for unvoiced speech (whisper)."""
    size, hop = 1024, 256
    frames = np.lib.stride_tricks.sliding_window_view(audio, size)[::hop]
    rms = np.sqrt((frames**2).mean(axis=1))
    frames = frames[rms > rms.max() * 10 ** (-30 / 20)] * np.hanning(size)
    spectrum = np.fft.rfft(frames, 2 * size)
    autocorr = np.fft.irfft(np.abs(spectrum) ** 2)[:, :size]
    autocorr /= np.maximum(autocorr[:, :1], 1e-12)
    low, high = SR // 600, SR // 60
    window = autocorr[:, low:high]
    lag = window.argmax(axis=1) + low
    voiced = window.max(axis=1) > 0.45
    if voiced.mean() < 0.2:
        return 0.0
    return float(np.median(SR / lag[voiced]))


def spectral_centroid_hz(audio: np.ndarray) -> float:
    from scipy import signal

    freqs, power = signal.welch(audio, SR, nperseg=1024)
    return float((freqs * power).sum() / power.sum())


def leading_silence_s(audio: np.ndarray) -> float:
    loud = np.flatnonzero(np.abs(audio) > np.abs(audio).max() * 10 ** (-40 / 20))
    return loud[0] / SR


# --------------------------------------------------------------------------- the library


def test_tool_is_a_speech_tool() -> None:
    info = EspeakSpeechTool.info
    assert isinstance(EspeakSpeechTool(), Tool)
    assert info.name == "offline-speech" and info.kind == "speech" and info.quality == 10
    assert {"offline", "multilingual"} <= info.capabilities
    assert {"en", "fr", "es", "de", "cmn", "ja"} <= set(info.languages)


def test_voice_library_is_rich_and_castable(tool: EspeakSpeechTool) -> None:
    presets = tool.voices()
    names = [p.name for p in presets]
    assert len(presets) >= 14 and len(set(names)) == len(names)
    assert all(isinstance(p, VoicePreset) and len(p.description) > 40 for p in presets)
    for required in (
        "narrator", "news_anchor", "young_woman", "young_man", "girl", "boy", "elderly_man",
        "elderly_woman", "british_man", "british_woman", "american_man", "american_woman",
        "whisper", "robot",
    ):  # fmt: skip
        assert required in names
    assert {p.gender for p in presets} == {"male", "female", "neutral"}
    assert {p.age for p in presets} == {"child", "young", "adult", "elderly"}
    assert {"american", "british", "french", "spanish", "german"} <= {p.accent for p in presets}
    assert len({p.language for p in presets}) >= 4
    assert list(voice_names()) == names


def test_unknown_voice_lists_valid_names(tool: EspeakSpeechTool) -> None:
    with pytest.raises(ToolError) as caught:
        say(tool, "Hello.", voice="pirate_captain")
    message = str(caught.value)
    assert "pirate_captain" in message
    assert all(name in message for name in voice_names())
    assert get_voice(None).name == "narrator"
    assert get_voice(" Robot ").name == "robot"


@pytest.mark.parametrize("text", ["", "   \n ", "...", "<speak> </speak>", "<speak/>"])
def test_empty_text_is_a_value_error(tool: EspeakSpeechTool, text: str) -> None:
    with pytest.raises(ValueError, match="no words"):
        say(tool, text)


# --------------------------------------------------------------------------- audio


@pytest.mark.parametrize("name", voice_names())
def test_every_preset_is_finite_non_silent_levelled_and_deterministic(
    tool: EspeakSpeechTool, name: str
) -> None:
    first = say(tool, "Good evening, and welcome to the show.", voice=name)
    say(tool, "Something else in between, to disturb any leftover state.", voice="robot")
    again = say(tool, "Good evening, and welcome to the show.", voice=name)
    assert np.array_equal(first, again)
    assert np.isfinite(first).all()
    peak_db = 20 * np.log10(np.abs(first).max())
    assert -3.5 < peak_db < -2.5  # peak-normalised to -3 dBFS, never clipping
    rms_db = 10 * np.log10(np.mean(first**2))
    assert rms_db > -35
    assert 1.0 < first.size / SR < 5.0  # 7 words at a natural pace
    # Trimmed to a small natural pad: about 50 ms of lead-in, not 0 and not espeak's own.
    assert 0.02 < leading_silence_s(first) < 0.09


def test_info_reports_preset_voice_and_words(tool: EspeakSpeechTool) -> None:
    clip = tool.generate(GenerationRequest(kind="speech", text=SENTENCE, voice="british_man"))
    assert clip.info["preset"] == "british_man"
    assert clip.info["espeak_voice"] == "en-gb-x-rp+wj-man"
    assert clip.info["words"] == 24
    assert "warnings" not in clip.info


def test_presets_are_measurably_distinct(tool: EspeakSpeechTool) -> None:
    features = {}
    for voice in VOICES:
        audio = say(tool, voice=voice.name)
        features[voice.name] = (median_f0_hz(audio), spectral_centroid_hz(audio))
    assert features["whisper"][0] == 0.0  # no voiced pitch
    assert features["girl"][0] > features["young_woman"][0] > features["narrator"][0]
    assert features["narrator"][0] < 110 and features["girl"][0] > 230

    def close(a: float, b: float) -> bool:
        return abs(a - b) <= 0.03 * max(a, b)

    twins = [
        (a, b)
        for a, b in itertools.combinations(features, 2)
        if close(features[a][0], features[b][0]) and close(features[a][1], features[b][1])
    ]
    assert not twins, f"presets with the same pitch and brightness: {twins} ({features})"


def test_natural_speaking_rate_and_rate_multiplier(tool: EspeakSpeechTool) -> None:
    text = " ".join([SENTENCE] * 3)
    normal = say(tool, text, voice="american_man")
    words_per_minute = 72 / (normal.size / SR / 60)
    assert 140 < words_per_minute < 200
    fast = say(tool, text, voice="american_man", speaking_rate=1.5)
    assert 1.3 < normal.size / fast.size < 1.7
    slow = say(tool, text, voice="american_man", speaking_rate=0.25)  # clamped, with a warning
    assert slow.size > normal.size
    clip = tool.generate(
        GenerationRequest(kind="speech", text="Hi.", voice="narrator", speaking_rate=0.1)
    )
    assert any("clamped" in w for w in clip.info["warnings"])
    with pytest.raises(ValueError, match="speaking_rate"):
        say(tool, "Hi.", speaking_rate=0)


def test_child_voices_keep_their_pace(tool: EspeakSpeechTool) -> None:
    text = " ".join([SENTENCE] * 2)
    girl = say(tool, text, voice="girl").size / SR
    expected = 48 / get_voice("girl").rate_wpm * 60
    assert 0.8 * expected < girl < 1.25 * expected


# --------------------------------------------------------------------------- SSML


def test_ssml_break_lengthens_output_by_its_time(tool: EspeakSpeechTool) -> None:
    plain = say(tool, "<speak>The door opened. Nobody was there.</speak>")
    paused = say(tool, '<speak>The door opened. <break time="1500ms"/> Nobody was there.</speak>')
    added_s = (paused.size - plain.size) / SR
    # The break replaces the sentence pause (0.32 s) with 1.5 s.
    assert 1.0 < added_s < 1.5
    short = say(tool, '<speak>The door opened.<break time="0.5s"/>Nobody was there.</speak>')
    assert plain.size < short.size < paused.size


def test_ssml_breaks_inside_markup_and_at_the_edges_are_exact(tool: EspeakSpeechTool) -> None:
    plain = say(tool, '<speak><prosody rate="medium">Wait for it. Now.</prosody></speak>')
    paused = say(
        tool, '<speak><prosody rate="medium">Wait for it. <break time="1s"/> Now.</prosody></speak>'
    )
    # The open <prosody> is closed and reopened around the break; 1 s replaces 0.32 s.
    assert 0.6 < (paused.size - plain.size) / SR < 0.75
    hello = say(tool, "<speak>Hello</speak>")
    padded = say(tool, '<speak><break time="2s"/>Hello<break time="1s"/></speak>')
    assert (padded.size - hello.size) / SR == pytest.approx(3.0, abs=0.01)
    assert leading_silence_s(padded) > 2.0


def test_ssml_segments_split_sentences_and_breaks_keeping_markup_balanced() -> None:
    opener, segments = speech._ssml_segments(
        '<speak xml:lang="en">One. Two <break strength="strong"/>three '
        '<prosody pitch="high">four. Five</prosody> six. <say-as interpret-as="characters">'
        "a.b. C</say-as></speak>"
    )
    assert opener == '<speak xml:lang="en">'
    texts = [s.text for s in segments if isinstance(s, speech._Speech)]
    pauses = [s.seconds for s in segments if isinstance(s, speech._Pause)]
    assert texts == [
        "One.",
        "Two",
        'three <prosody pitch="high">four.</prosody>',
        '<prosody pitch="high"> Five</prosody> six.',
        '<say-as interpret-as="characters">a.b. C</say-as>',
    ]
    assert pauses == [
        speech.SENTENCE_PAUSE_S,
        speech.BREAK_STRENGTH_S["strong"],
        speech.SENTENCE_PAUSE_S,
        speech.SENTENCE_PAUSE_S,
    ]
    assert speech.count_words("<speak>Fish &amp; chips, <break/> please</speak>") == 3
    _, segments = speech._ssml_segments(
        "<speak><p><s>First one</s><s>Second</s></p><P>Para <break time='1s'></break> end</P>"
    )
    assert segments == [
        speech._Speech("<p><s>First one</s></p>"),
        speech._Pause(speech.SENTENCE_PAUSE_S),
        speech._Speech("<p><s>Second</s></p>"),
        speech._Pause(speech.PARAGRAPH_PAUSE_S),
        speech._Speech("<P>Para </P>"),
        speech._Pause(1.0, scales_with_rate=False),
        speech._Speech("<P> end</P>"),
    ]


# --------------------------------------------------------------------------- long text


def test_sentence_splitting_respects_abbreviations_and_bounds() -> None:
    segments = speech._plain_segments(
        "Dr. Smith met J. R. Tolkien at 3.5 p.m. on Friday. Really? Yes!\n\nA new paragraph."
    )
    texts = [s.text for s in segments if isinstance(s, speech._Speech)]
    pauses = [s.seconds for s in segments if isinstance(s, speech._Pause)]
    assert texts == [
        "Dr. Smith met J. R. Tolkien at 3.5 p.m. on Friday.",
        "Really?",
        "Yes!",
        "A new paragraph.",
    ]
    assert pauses == [
        speech.SENTENCE_PAUSE_S,
        speech.QUESTION_PAUSE_S,
        speech.PARAGRAPH_PAUSE_S,
    ]
    run_on = " ".join(["and then the rain kept falling"] * 80)  # 2,400 characters, no stop
    pieces = [s.text for s in speech._plain_segments(run_on) if isinstance(s, speech._Speech)]
    assert len(pieces) > 5 and max(len(p) for p in pieces) <= speech.MAX_CHUNK_CHARS
    assert " ".join(pieces).split() == run_on.split()
    giant_word = "a" * 1000
    pieces = [s.text for s in speech._plain_segments(giant_word) if isinstance(s, speech._Speech)]
    assert "".join(pieces) == giant_word and max(map(len, pieces)) <= speech.MAX_CHUNK_CHARS


def test_long_text_renders_at_a_natural_length(tool: EspeakSpeechTool) -> None:
    sentences = [SENTENCE] * 12 + [" ".join(["and the rain kept on falling"] * 40)]
    text = " ".join(sentences)
    audio = say(tool, text, voice="news_anchor")
    words = speech.count_words(text)
    minutes = audio.size / SR / 60
    assert 130 < words / minutes < 230
    assert np.isfinite(audio).all() and np.abs(audio).max() <= 1.0


# --------------------------------------------------------------------------- languages


def test_language_switches_espeak_voice_but_keeps_the_character(tool: EspeakSpeechTool) -> None:
    def voice_of(voice: str, language: str) -> str:
        request = GenerationRequest(kind="speech", text="Bonjour.", voice=voice, language=language)
        return tool.generate(request).info["espeak_voice"]

    assert voice_of("narrator", "fr") == "fr+wj-man-deep"
    assert voice_of("girl", "pt-BR") == "pt-br+wj-girl"
    assert voice_of("narrator", "zh-CN") == "cmn+wj-man-deep"
    assert voice_of("narrator", "en-GB") == "en-us+wj-man-deep"  # English keeps the accent
    # English with an English voice (espeak's French voice reading English is unintelligible)
    assert voice_of("french_man", "en") == "en-us+wj-man"
    assert voice_of("french_man", "fr-CA") == "fr+wj-man"
    assert voice_of("spanish_woman", "de") == "de+f2"
    with pytest.raises(ToolError, match="not spoken"):
        voice_of("narrator", "tlh")
    assert speech.resolve_language("ZH_tw") == "cmn" and speech.resolve_language("xx") is None


def test_every_listed_language_is_a_real_espeak_voice() -> None:
    with speech._LOCK:
        engine = speech._engine()
        lib = engine._open()
        try:
            missing = [
                code
                for code in speech.ESPEAK_LANGUAGES
                if lib.espeak_SetVoiceByName(code.encode()) != 0
            ]
        finally:
            engine._close(lib)
    assert not missing


def test_our_variants_are_read_and_follow_espeaks_format(monkeypatch) -> None:
    # espeak-ng silently speaks the plain voice when a variant file is missing, so compare
    # samples: each of ours must differ from the plain voice, and one written with female5's
    # pitch and no formant shift must be female5 exactly (the file format is right).
    f5_twin = EspeakVariant("wj-test-f5", "female", (160, 228))
    monkeypatch.setattr(speech, "VARIANTS", (*speech.VARIANTS, f5_twin))
    with speech._LOCK:
        engine = speech._Espeak()  # a fresh engine writes its own data folder

        def raw(voice: str) -> np.ndarray:
            return engine.synthesize([SENTENCE], voice, rate_wpm=150, pitch=50, pitch_range=50)[0]

        plain = raw("en-us")
        assert np.array_equal(raw("en-us+wj-test-f5"), raw("en-us+f5"))
        for variant in speech.VARIANTS:
            assert not np.array_equal(raw(f"en-us+{variant.name}"), plain), variant.name


# --------------------------------------------------------------------------- threads


def test_threads_give_the_same_samples_as_serial(tool: EspeakSpeechTool) -> None:
    ssml = "<speak>Line {}. <break time='200ms'/> Go.</speak>"
    jobs = [
        (f"Line {i}: {SENTENCE}" if i % 2 else ssml.format(i), name)
        for i, name in enumerate(voice_names()[:10])
    ]
    serial = [say(tool, text, voice=name) for text, name in jobs]
    with ThreadPoolExecutor(max_workers=4) as pool:
        parallel = list(pool.map(lambda job: say(tool, job[0], voice=job[1]), jobs * 2))
    for index, audio in enumerate(parallel):
        assert np.array_equal(audio, serial[index % len(jobs)])

"""Offline speech through espeak-ng (bundled by the ``espeakng-loader`` wheel), driven by ctypes.

espeak-ng is tiny, fast (several hundred times realtime) and speaks about 130 languages, but it
sounds robotic; the presets in `voices` pick its better variants, sensible rates and pitch
ranges, and add cheap DSP (de-harshing, warmth, small room) on top.

Determinism. libespeak-ng keeps synthesis state in C statics (pitch flutter phase, echo
buffer, AGC) that survive `espeak_Terminate`, so the same text came out a few samples
different on every call. We load a private copy of the shared library, speak one request's
chunks, and unload it again (``dlclose``); every request therefore starts from pristine state
and always gives the same samples. A load costs well under a millisecond.

Thread safety. The library is process-global, so every espeak call runs under one
module-level lock; the DSP runs outside it.

Example:
    >>> from wavjourney.tools.base import GenerationRequest
    >>> clip = EspeakSpeechTool().generate(
    ...     GenerationRequest(kind="speech", text="Once upon a time.", voice="narrator"))
    >>> clip.sample_rate_hz
    22050
"""

from __future__ import annotations

import atexit
import ctypes
import html
import os
import re
import shutil
import sys
import tempfile
import threading
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from wavjourney.constants import MAX_GAP_S
from wavjourney.exceptions import ToolError, ToolUnavailable
from wavjourney.tools.base import (
    GeneratedClip,
    GenerationRequest,
    Tool,
    ToolInfo,
    VoiceContext,
    VoicePreset,
)
from wavjourney.tools.offline.voices import (
    DEFAULT_VOICE,
    TOOL_NAME,
    VARIANTS,
    VOICES,
    EspeakVoice,
    VoiceDsp,
    get_voice,
    list_presets,
)

# Sentence splitting is shared with the neural speech tools.
from wavjourney.tools.text import ABBREVIATIONS as _ABBREVIATIONS
from wavjourney.tools.text import PARAGRAPH_PAUSE_S, QUESTION_PAUSE_S, SENTENCE_PAUSE_S
from wavjourney.tools.text import bounded as _bounded
from wavjourney.tools.text import sentences as _sentences

ESPEAK_SAMPLE_RATE_HZ = 22_050
INSTALL_HINT = 'pip install "espeakng-loader>=0.2.4"'

# Silence kept at the edges of the clip, and of each chunk before a pause is added.
EDGE_PAD_S = 0.05
CHUNK_PAD_S = 0.012
EDGE_FADE_S = 0.005
# A chunk is at most this many characters; longer sentences split at clauses, then words.
MAX_CHUNK_CHARS = 360
# Trim threshold relative to the chunk peak.
TRIM_THRESHOLD_DB = -50.0
TRIM_FRAME_SAMPLES = 128
PEAK_TARGET_DBFS = -3.0
# espeak-ng speaks English prose about 16% faster than its nominal rate (measured over a
# paragraph, our pauses included); presets give real words per minute.
ESPEAK_RATE_CALIBRATION = 1.16
ESPEAK_MIN_RATE_WPM = 80
ESPEAK_MAX_RATE_WPM = 450
ESPEAK_BUFFER_MS = 1000
# SSML <break strength=...> durations, seconds.
BREAK_STRENGTH_S = {
    "none": 0.0,
    "x-weak": 0.1,
    "weak": 0.2,
    "medium": 0.4,
    "strong": 0.7,
    "x-strong": 1.2,
}

# espeak-ng C API constants (speak_lib.h).
_AUDIO_OUTPUT_SYNCHRONOUS = 2
_INITIALIZE_DONT_EXIT = 0x8000
_POS_CHARACTER = 1
_CHARS_UTF8 = 1
_SSML = 0x10
_PARAM_RATE = 1
_PARAM_VOLUME = 2
_PARAM_PITCH = 3
_PARAM_RANGE = 4
_PARAM_WORDGAP = 7
_RAND_SEED = 20_240_601

# Languages espeak-ng 1.52 speaks (its lang/ files; fo, kaa and xex ship without a dictionary).
ESPEAK_LANGUAGES: tuple[str, ...] = (
    "af", "am", "an", "ar", "as", "az", "ba", "be", "bg", "bn", "bpy", "bs", "ca", "ca-ba",
    "ca-nw", "ca-va", "chr", "cmn", "cmn-latn-pinyin", "cs", "cv", "cy", "da", "de", "el", "en",
    "en-029", "en-gb-scotland", "en-gb-x-gbclan", "en-gb-x-gbcwmd", "en-gb-x-rp", "en-shaw",
    "en-us", "en-us-nyc", "eo", "es", "es-419", "et", "eu", "fa", "fa-latn", "fi", "fr", "fr-be",
    "fr-ch", "ga", "gd", "gn", "grc", "gu", "hak", "haw", "he", "hi", "hr", "ht", "hu", "hy",
    "hyw", "ia", "id", "io", "is", "it", "ja", "jbo", "ka", "kk", "kl", "kn", "ko", "kok", "ku",
    "ky", "la", "lb", "lfn", "lt", "ltg", "lv", "mi", "mk", "ml", "mr", "ms", "mt", "mto", "my",
    "nb", "nci", "ne", "nl", "nog", "om", "or", "pa", "pap", "piqd", "pl", "pt", "pt-br", "py",
    "qdb", "qu", "quc", "qya", "ro", "ru", "ru-lv", "ru-cl", "sd", "shn", "si", "sjn", "sk", "sl",
    "smj", "sq", "sr", "sv", "sw", "ta", "te", "th", "ti", "tk", "tn", "tr", "tt", "ug", "uk",
    "ur", "uz", "vi", "vi-vn-x-central", "vi-vn-x-south", "yue", "yue-latn-jyutping",
)  # fmt: skip
# Common BCP-47 codes that espeak names differently.
LANGUAGE_ALIASES: dict[str, str] = {
    "zh": "cmn",
    "zh-cn": "cmn",
    "zh-hans": "cmn",
    "zh-tw": "cmn",
    "zh-hant": "cmn",
    "zh-hk": "yue",
    "zh-yue": "yue",
    "en-gb": "en",
    "en-uk": "en",
    "en-au": "en",
    "en-ie": "en",
    "en-ca": "en-us",
    "iw": "he",
    "no": "nb",
    "nn": "nb",
    "in": "id",
    "pt-pt": "pt",
    "es-es": "es",
    "es-mx": "es-419",
    "es-us": "es-419",
    "es-ar": "es-419",
    "es-co": "es-419",
    "fr-fr": "fr",
    "fr-ca": "fr",
    "de-de": "de",
    "de-at": "de",
    "de-ch": "de",
    "it-it": "it",
    "ja-jp": "ja",
    "ko-kr": "ko",
    "ru-ru": "ru",
}
_LANGUAGE_SET = frozenset(ESPEAK_LANGUAGES)

_LOCK = threading.Lock()
_ENGINE: _Espeak | None = None

_SynthCallback = ctypes.CFUNCTYPE(
    ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.c_void_p
)


def resolve_language(code: str) -> str | None:
    """Map a BCP-47-ish code (``"fr"``, ``"pt-BR"``, ``"zh_CN"``) to an espeak voice, or None."""
    key = code.strip().lower().replace("_", "-")
    for candidate in (key, key.split("-", 1)[0]):
        candidate = LANGUAGE_ALIASES.get(candidate, candidate)
        if candidate in _LANGUAGE_SET:
            return candidate
    return None


def _primary(code: str) -> str:
    return code.strip().lower().replace("_", "-").split("-", 1)[0]


# --------------------------------------------------------------------------- espeak binding


class _Espeak:
    """A private copy of libespeak-ng, loaded for one request and unloaded again.

    Call every method with `_LOCK` held.
    """

    def __init__(self) -> None:
        try:
            import espeakng_loader
        except ImportError as exc:
            raise ToolUnavailable(
                f"offline speech needs espeak-ng: {INSTALL_HINT} ({exc})", tool=TOOL_NAME
            ) from exc
        try:
            source = espeakng_loader.get_library_path()
            self._data_path = espeakng_loader.get_data_path().encode()
        except Exception as exc:  # the loader raises RuntimeError for missing data
            raise ToolUnavailable(
                f"espeak-ng data is missing ({exc}); reinstall it: {INSTALL_HINT}", tool=TOOL_NAME
            ) from exc
        if not os.path.isfile(source):
            raise ToolUnavailable(
                f"espeak-ng library not found at {source}; reinstall it: {INSTALL_HINT}",
                tool=TOOL_NAME,
            )
        self._lib_path = self._private_copy(source)
        self._data_path = self._private_data(self._data_path.decode()).encode()
        self._chunks: list[np.ndarray] = []
        # Keep the ctypes callback alive as long as the engine.
        self._callback = _SynthCallback(self._on_audio)
        # Fail now, with the reason, rather than on the first element.
        self.synthesize(["a"], "en-us", rate_wpm=175, pitch=50, pitch_range=50)

    @staticmethod
    def _private_copy(source: str) -> str:
        """Copy the library so that our dlopen/dlclose owns every reference to it."""
        try:
            folder = tempfile.mkdtemp(prefix="wavjourney-espeak-")
            target = os.path.join(folder, os.path.basename(source))
            shutil.copyfile(source, target)
        except OSError:
            return source  # still works; only bit-exact determinism may suffer
        atexit.register(shutil.rmtree, folder, True)
        return target

    @staticmethod
    def _private_data(source: str) -> str:
        """espeak-ng's data folder plus our own voice variants (`VARIANTS`).

        A temporary folder links every entry of the installed data except ``voices``, which
        is copied (about 400 KB) with our variant files added; the installed data is never
        written to. Where links are not allowed, the data is copied (about 20 MB).
        """
        folder = tempfile.mkdtemp(prefix="wavjourney-espeak-data-")
        atexit.register(shutil.rmtree, folder, True)
        try:
            for entry in os.listdir(source):
                if entry == "voices":
                    continue
                try:
                    os.symlink(os.path.join(source, entry), os.path.join(folder, entry))
                except OSError:
                    copy = (
                        shutil.copytree
                        if os.path.isdir(os.path.join(source, entry))
                        else shutil.copyfile
                    )
                    copy(os.path.join(source, entry), os.path.join(folder, entry))
            variants = os.path.join(folder, "voices", "!v")
            shutil.copytree(os.path.join(source, "voices"), os.path.join(folder, "voices"))
            os.makedirs(variants, exist_ok=True)
            for variant in VARIANTS:
                with open(os.path.join(variants, variant.name), "w", encoding="utf-8") as file:
                    file.write(variant.file_text())
        except OSError as exc:
            raise ToolUnavailable(
                f"cannot prepare espeak-ng's data in {folder}: {exc}", tool=TOOL_NAME
            ) from exc
        return folder

    def _on_audio(self, wav, num_samples, _events) -> int:  # noqa: ANN001 (ctypes types)
        if wav and num_samples > 0:
            self._chunks.append(np.ctypeslib.as_array(wav, shape=(num_samples,)).copy())
        return 0  # 0: continue synthesis

    def _open(self) -> ctypes.CDLL:
        try:
            lib = ctypes.CDLL(self._lib_path)
        except OSError as exc:
            raise ToolUnavailable(
                f"cannot load espeak-ng from {self._lib_path}: {exc}; reinstall it: {INSTALL_HINT}",
                tool=TOOL_NAME,
            ) from exc
        lib.espeak_Initialize.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_char_p, ctypes.c_int]
        lib.espeak_Initialize.restype = ctypes.c_int
        lib.espeak_SetSynthCallback.argtypes = [_SynthCallback]
        lib.espeak_SetVoiceByName.argtypes = [ctypes.c_char_p]
        lib.espeak_SetParameter.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_int]
        lib.espeak_Synth.argtypes = [
            ctypes.c_void_p,
            ctypes.c_size_t,
            ctypes.c_uint,
            ctypes.c_int,
            ctypes.c_uint,
            ctypes.c_uint,
            ctypes.c_void_p,
            ctypes.c_void_p,
        ]
        rate = lib.espeak_Initialize(
            _AUDIO_OUTPUT_SYNCHRONOUS, ESPEAK_BUFFER_MS, self._data_path, _INITIALIZE_DONT_EXIT
        )
        if rate != ESPEAK_SAMPLE_RATE_HZ:
            self._close(lib, terminate=False)
            raise ToolUnavailable(
                f"espeak-ng failed to initialise with data at {self._data_path.decode()} "
                f"(returned {rate}); reinstall it: {INSTALL_HINT}",
                tool=TOOL_NAME,
            )
        lib.espeak_SetSynthCallback(self._callback)
        if hasattr(lib, "espeak_ng_SetRandSeed"):  # breath noise uses rand()
            lib.espeak_ng_SetRandSeed.argtypes = [ctypes.c_long]
            lib.espeak_ng_SetRandSeed(_RAND_SEED)
        return lib

    @staticmethod
    def _close(lib: ctypes.CDLL, terminate: bool = True) -> None:
        """Terminate espeak and unload the library, so the next load starts afresh."""
        import _ctypes

        if terminate:
            lib.espeak_Terminate()
        if sys.platform == "win32":
            _ctypes.FreeLibrary(lib._handle)
        else:
            _ctypes.dlclose(lib._handle)

    def synthesize(
        self,
        texts: list[str],
        voice: str,
        *,
        rate_wpm: int,
        pitch: int,
        pitch_range: int,
        word_gap_10ms: int = 0,
        ssml: bool = False,
    ) -> list[np.ndarray]:
        """Speak each text in turn with one voice; returns int16 arrays at 22050 Hz.

        One fresh library instance serves the whole list, so the result depends only on the
        arguments. (Loading per call rather than per chunk also bounds a small leak: every
        espeak_SetVoiceByName call leaks about 1 KB inside libespeak-ng.)
        """
        lib = self._open()
        try:
            if lib.espeak_SetVoiceByName(voice.encode()) != 0:
                raise ToolError(f"espeak-ng has no voice {voice!r}", tool=TOOL_NAME)
            lib.espeak_SetParameter(_PARAM_RATE, rate_wpm, 0)
            lib.espeak_SetParameter(_PARAM_VOLUME, 100, 0)
            lib.espeak_SetParameter(_PARAM_PITCH, pitch, 0)
            lib.espeak_SetParameter(_PARAM_RANGE, pitch_range, 0)
            lib.espeak_SetParameter(_PARAM_WORDGAP, word_gap_10ms, 0)
            flags = _CHARS_UTF8 | (_SSML if ssml else 0)
            outputs: list[np.ndarray] = []
            for text in texts:
                self._chunks = []
                data = text.encode("utf-8") + b"\0"
                status = lib.espeak_Synth(data, len(data), 0, _POS_CHARACTER, 0, flags, None, None)
                lib.espeak_Synchronize()
                if status != 0:
                    raise ToolError(f"espeak-ng synthesis failed (status {status})", tool=TOOL_NAME)
                chunks, self._chunks = self._chunks, []
                outputs.append(np.concatenate(chunks) if chunks else np.zeros(0, np.int16))
            return outputs
        finally:
            self._chunks = []
            self._close(lib)


def _engine() -> _Espeak:
    """The process-wide engine, created on first use. Call with `_LOCK` held."""
    global _ENGINE
    if _ENGINE is None:
        _ENGINE = _Espeak()
    return _ENGINE


# --------------------------------------------------------------------------- text splitting


@dataclass(frozen=True)
class _Speech:
    text: str  # plain text, or an SSML fragment without the <speak> wrapper


@dataclass(frozen=True)
class _Pause:
    seconds: float
    scales_with_rate: bool = True  # False for explicit SSML breaks


_Segment = _Speech | _Pause

_TAG_RE = re.compile(r"<[^>]*>")
_WORD_RE = re.compile(r"\w+")


def _plain_segments(text: str, limit: int = MAX_CHUNK_CHARS) -> list[_Segment]:
    segments: list[_Segment] = []
    for sentence, pause in _sentences(text):
        pieces = _bounded(sentence, limit)
        for index, (piece, piece_pause) in enumerate(pieces):
            segments.append(_Speech(piece))
            segments.append(_Pause(pause if index == len(pieces) - 1 else piece_pause))
    return _tidy_pauses(segments)


def _parse_time(value: str) -> float | None:
    match = re.fullmatch(r"\s*([0-9]*\.?[0-9]+)\s*(ms|s)?\s*", value)
    if not match:
        return None
    amount = float(match.group(1))
    return amount / 1000.0 if match.group(2) == "ms" else amount


def _break_seconds(tag: str) -> float:
    time_match = re.search(r"\btime\s*=\s*[\"']([^\"']*)[\"']", tag)
    if time_match:
        seconds = _parse_time(time_match.group(1))
        if seconds is not None:
            return min(seconds, MAX_GAP_S)
    strength = re.search(r"\bstrength\s*=\s*[\"']([^\"']*)[\"']", tag)
    return BREAK_STRENGTH_S.get(strength.group(1).strip().lower() if strength else "", 0.4)


def _ssml_segments(text: str, limit: int = MAX_CHUNK_CHARS) -> tuple[str, list[_Segment]]:
    """Split SSML into chunks and pauses; returns the opening <speak ...> tag and the segments.

    Chunks end at sentence ends and at <break/>, also inside elements such as <prosody>:
    the open elements are closed at the end of a chunk and reopened at the start of the
    next, so a whole document wrapped in one <prosody> still splits and every break is
    exact. Text inside <say-as>, <sub> and <phoneme> is never split.
    """
    body = text.strip()
    open_match = re.match(r"<speak\b[^>]*>", body, flags=re.IGNORECASE)
    opener = open_match.group(0) if open_match else "<speak>"
    if opener.endswith("/>"):
        return "<speak>", []
    body = body[open_match.end() if open_match else 0 :]
    body = re.sub(r"</speak\s*>\s*$", "", body, flags=re.IGNORECASE)
    # Drop XML comments and processing instructions; espeak would not speak them anyway.
    body = re.sub(r"<!--.*?-->|<\?.*?\?>", "", body, flags=re.DOTALL)

    segments: list[_Segment] = []
    stack: list[tuple[str, str]] = []  # (element name as written, its opening tag)
    current = ""

    def flush(pause: _Pause) -> None:
        nonlocal current
        closing = "".join(f"</{name}>" for name, _ in reversed(stack))  # XML is case-sensitive
        if _speakable(current):
            segments.append(_Speech(" ".join((current + closing).split())))
        segments.append(pause)
        current = "".join(tag for _, tag in stack)

    for token in re.findall(r"<[^>]*>|[^<]+", body):
        if token.startswith("<"):
            name = re.match(r"</?\s*([\w:.-]*)", token).group(1)  # type: ignore[union-attr]
            splittable = not any(open_name.lower() in _UNSPLITTABLE for open_name, _ in stack)
            if token.startswith("</"):
                names = [open_name for open_name, _ in stack]
                if name not in names:
                    continue  # a stray close (e.g. </break>) would only confuse espeak
                # Tolerate sloppy nesting: close everything up to the match.
                del stack[len(names) - 1 - names[::-1].index(name) :]
                current += token
                if splittable and name.lower() in _BLOCK_PAUSE_S:
                    flush(_Pause(_BLOCK_PAUSE_S[name.lower()]))
            elif name.lower() == "break" and splittable:
                flush(_Pause(_break_seconds(token), scales_with_rate=False))
            elif token.endswith("/>") or name.lower() == "break":
                current += token
            else:
                stack.append((name, token))
                current += token
            continue
        if any(open_name.lower() in _UNSPLITTABLE for open_name, _ in stack):
            current += token
            continue
        sentences = _sentences(token)
        if not sentences:
            current += token
            continue
        lead = " " if token[:1].isspace() else ""
        for index, (sentence, pause) in enumerate(sentences):
            current += lead + sentence
            lead = " "
            if index < len(sentences) - 1:
                flush(_Pause(pause))
            elif (final_pause := _final_sentence_pause(token)) is not None:
                flush(_Pause(final_pause))
            elif token[-1:].isspace():
                current += " "
    flush(_Pause(0.0))
    # Bound plain over-long chunks; a single over-long sentence inside markup goes whole.
    bounded: list[_Segment] = []
    for segment in segments:
        if isinstance(segment, _Speech) and len(segment.text) > limit and "<" not in segment.text:
            pieces = _bounded(segment.text, limit)
            for index, (piece, pause) in enumerate(pieces):
                bounded.append(_Speech(piece))
                if index < len(pieces) - 1:
                    bounded.append(_Pause(pause))
        elif not (isinstance(segment, _Pause) and segment.seconds == 0.0):
            bounded.append(segment)
    return opener, _tidy_pauses(bounded)


_UNSPLITTABLE = frozenset({"say-as", "sub", "phoneme", "audio"})
# Closing these SSML elements ends a chunk with this pause.
_BLOCK_PAUSE_S = {"p": PARAGRAPH_PAUSE_S, "paragraph": PARAGRAPH_PAUSE_S, "s": SENTENCE_PAUSE_S,
                  "sentence": SENTENCE_PAUSE_S}  # fmt: skip
_FINAL_STOP_RE = re.compile(r"([.!?…。！？]+)([\"'”’)\]]*)\s*$")


def _final_sentence_pause(text: str) -> float | None:
    """The pause after `text` if it ends a sentence (not "Dr." or an initial), else None."""
    match = _FINAL_STOP_RE.search(text)
    if not match:
        return None
    if match.group(1) == "." and not match.group(2):
        before = text[: match.start()].rsplit(None, 1)
        word = before[-1].lower().lstrip("(\"'“‘") if before else ""
        if word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
            return None
    marks = match.group(1)
    return QUESTION_PAUSE_S if ("?" in marks or "!" in marks) else SENTENCE_PAUSE_S


def _speakable(fragment: str) -> bool:
    return bool(_WORD_RE.search(html.unescape(_TAG_RE.sub(" ", fragment))))


def _tidy_pauses(segments: list[_Segment]) -> list[_Segment]:
    """Merge runs of pauses and drop natural pauses at the edges (explicit breaks stay).

    An explicit <break/> replaces the natural sentence pause next to it, as SSML says;
    several explicit breaks in a row add up.
    """
    merged: list[_Segment] = []
    for segment in segments:
        previous = merged[-1] if merged else None
        if isinstance(segment, _Pause) and isinstance(previous, _Pause):
            if previous.scales_with_rate and segment.scales_with_rate:
                merged[-1] = _Pause(max(previous.seconds, segment.seconds))
            elif previous.scales_with_rate:
                merged[-1] = segment
            elif not segment.scales_with_rate:
                merged[-1] = _Pause(previous.seconds + segment.seconds, scales_with_rate=False)
            continue
        merged.append(segment)
    while merged and isinstance(merged[-1], _Pause) and merged[-1].scales_with_rate:
        merged.pop()
    while merged and isinstance(merged[0], _Pause) and merged[0].scales_with_rate:
        merged.pop(0)
    return merged


def is_ssml(text: str) -> bool:
    """True when `text` is an SSML document (starts with ``<speak``)."""
    return text.lstrip().lower().startswith("<speak")


def count_words(text: str) -> int:
    """Words in plain text or SSML (tags ignored, entities decoded)."""
    if is_ssml(text):
        text = html.unescape(_TAG_RE.sub(" ", text))
    return len(_WORD_RE.findall(text))


# --------------------------------------------------------------------------- DSP


def _biquad(
    kind: str, freq_hz: float, sample_rate_hz: int, gain_db: float, q: float
) -> list[float]:
    """RBJ audio-EQ-cookbook biquad as one SOS row [b0, b1, b2, 1, a1, a2]."""
    amp = 10.0 ** (gain_db / 40.0)
    w0 = 2.0 * np.pi * freq_hz / sample_rate_hz
    cos_w0, sin_w0 = np.cos(w0), np.sin(w0)
    alpha = sin_w0 / (2.0 * q)
    if kind == "peak":
        b = [1 + alpha * amp, -2 * cos_w0, 1 - alpha * amp]
        a = [1 + alpha / amp, -2 * cos_w0, 1 - alpha / amp]
    else:
        root = 2.0 * np.sqrt(amp) * alpha
        sign = 1.0 if kind == "lowshelf" else -1.0
        b = [
            amp * ((amp + 1) - sign * (amp - 1) * cos_w0 + root),
            sign * 2 * amp * ((amp - 1) - sign * (amp + 1) * cos_w0),
            amp * ((amp + 1) - sign * (amp - 1) * cos_w0 - root),
        ]
        a = [
            (amp + 1) + sign * (amp - 1) * cos_w0 + root,
            -sign * 2 * ((amp - 1) + sign * (amp + 1) * cos_w0),
            (amp + 1) + sign * (amp - 1) * cos_w0 - root,
        ]
    return [b[0] / a[0], b[1] / a[0], b[2] / a[0], 1.0, a[1] / a[0], a[2] / a[0]]


@lru_cache(maxsize=64)
def _eq_sos(dsp: VoiceDsp, sample_rate_hz: int) -> np.ndarray:
    """The voice's whole EQ as one second-order-sections cascade (one `sosfilt` call)."""
    from scipy import signal

    nyquist = sample_rate_hz / 2.0
    rows: list[list[float]] = []
    if dsp.highpass_hz > 0:
        rows.extend(signal.butter(2, dsp.highpass_hz / nyquist, "highpass", output="sos").tolist())
    if dsp.low_shelf_db:
        rows.append(_biquad("lowshelf", dsp.low_shelf_hz, sample_rate_hz, dsp.low_shelf_db, 0.7))
    if dsp.presence_db:
        rows.append(_biquad("peak", dsp.presence_hz, sample_rate_hz, dsp.presence_db, 0.9))
    if dsp.harsh_db:
        rows.append(_biquad("peak", dsp.harsh_hz, sample_rate_hz, dsp.harsh_db, 1.2))
    if dsp.high_shelf_db:
        rows.append(_biquad("highshelf", dsp.high_shelf_hz, sample_rate_hz, dsp.high_shelf_db, 0.7))
    if dsp.lowpass_hz and dsp.lowpass_hz < nyquist * 0.95:
        rows.extend(signal.butter(2, dsp.lowpass_hz / nyquist, "lowpass", output="sos").tolist())
    return np.asarray(rows, dtype=np.float32)


@lru_cache(maxsize=8)
def _reflection_sos(sample_rate_hz: int) -> np.ndarray:
    from scipy import signal

    return signal.butter(2, 3500.0 / (sample_rate_hz / 2.0), "lowpass", output="sos").astype(
        np.float32
    )


def apply_voice_dsp(audio: np.ndarray, dsp: VoiceDsp, sample_rate_hz: int) -> np.ndarray:
    """Run a voice's DSP chain over mono audio; returns float32 at the same sample rate.

    Everything is vectorised float32 (the EQ cascade keeps ~90 dB SNR against float64).
    """
    from scipy import signal

    x = np.array(audio, dtype=np.float32)  # a copy: the chain works in place
    if dsp.hold_samples > 1:
        held = np.repeat(x[:: dsp.hold_samples], dsp.hold_samples)[: x.size]
        x += held
        x *= np.float32(0.5)  # half grit, half clean keeps it intelligible
    if dsp.comb_gain and dsp.comb_delay_ms > 0:
        delay = int(round(dsp.comb_delay_ms * 1e-3 * sample_rate_hz))
        x[delay:] += np.float32(dsp.comb_gain) * x[:-delay].copy()
    if dsp.ring_mod_mix:
        x *= _modulator(
            x.size, sample_rate_hz, dsp.ring_mod_hz, 1.0 - dsp.ring_mod_mix, dsp.ring_mod_mix
        )
    if dsp.tremolo_depth:
        # 1 - depth * (1 - cos) / 2: dips by `depth` at the trough, unity at the crest.
        half = dsp.tremolo_depth / 2.0
        x *= _modulator(x.size, sample_rate_hz, dsp.tremolo_hz, 1.0 - half, half, phase=np.pi / 2)
    sos = _eq_sos(dsp, sample_rate_hz)
    if sos.size:
        x = signal.sosfilt(sos, x)
    if dsp.reflections_ms:
        early = np.zeros_like(x)
        for delay_ms, gain in dsp.reflections_ms:
            delay = int(round(delay_ms * 1e-3 * sample_rate_hz))
            early[delay:] += np.float32(gain) * x[:-delay]
        x += signal.sosfilt(_reflection_sos(sample_rate_hz), early)
    return x


def _modulator(
    size: int, sample_rate_hz: int, freq_hz: float, offset: float, depth: float, phase: float = 0.0
) -> np.ndarray:
    """offset + depth * sin(2 pi f t + phase) as float32, tiled from one exact period."""
    # The shortest whole number of seconds holding whole cycles repeats exactly; computing
    # only that and tiling it is several times cheaper than a sine per sample.
    seconds = next((k for k in range(1, 11) if abs(freq_hz * k - round(freq_hz * k)) < 1e-9), 0)
    period = seconds * sample_rate_hz if seconds else size
    wave = np.arange(min(period, size), dtype=np.float64)
    wave *= 2.0 * np.pi * freq_hz / sample_rate_hz
    wave += phase
    np.sin(wave, out=wave)
    wave *= depth
    wave += offset
    return np.resize(wave.astype(np.float32), size)


def _active_bounds(audio: np.ndarray, threshold_db: float = TRIM_THRESHOLD_DB) -> tuple[int, int]:
    """First and one-past-last sample index of the audible part (0, 0 when silent)."""
    frames = audio.size // TRIM_FRAME_SAMPLES
    if frames == 0:
        return 0, 0
    envelope = np.abs(audio[: frames * TRIM_FRAME_SAMPLES]).reshape(frames, -1).max(axis=1)
    peak = float(envelope.max())
    if peak <= 1e-6:
        return 0, 0
    loud = np.flatnonzero(envelope > peak * 10.0 ** (threshold_db / 20.0))
    return int(loud[0]) * TRIM_FRAME_SAMPLES, int(loud[-1] + 1) * TRIM_FRAME_SAMPLES


def _trim(audio: np.ndarray, pad_samples: int) -> np.ndarray:
    start, end = _active_bounds(audio)
    if end <= start:
        return audio[:0]
    return audio[max(start - pad_samples, 0) : min(end + pad_samples, audio.size)]


# --------------------------------------------------------------------------- the tool


class EspeakSpeechTool(Tool):
    """Offline, multilingual speech from espeak-ng with a library of character presets.

    Example:
        >>> tool = EspeakSpeechTool()
        >>> [v.name for v in tool.voices()][:3]
        ['narrator', 'news_anchor', 'young_woman']
    """

    info = ToolInfo(
        name=TOOL_NAME,
        version="1",
        kind="speech",
        description=(
            "Offline espeak-ng speech: fast, robotic but clear, ~130 languages, "
            f"{len(VOICES)} character presets (narrator, children, elderly, accents, whisper, "
            "robot); SSML breaks."
        ),
        quality=10,
        capabilities=frozenset({"offline", "multilingual", "ssml"}),
        languages=ESPEAK_LANGUAGES,
        max_concurrency=2,
        tasks=("text-to-speech",),
        licence="GPL-3.0-or-later (espeak-ng)",
        realtime_factors=(("cpu", 0.0015),),  # benchmarks/README.md: 660-937x realtime
    )

    def available(self) -> None:
        with _LOCK:
            _engine()

    def voices(self, context: VoiceContext | None = None) -> list[VoicePreset]:
        # Every preset speaks every espeak language (its accent kept for English).
        return list_presets()

    def generate(self, request: GenerationRequest) -> GeneratedClip:
        """Speak `request.text` with preset `request.voice` (default ``"narrator"``).

        Raises:
            ValueError: the text is empty or the speaking rate is not positive.
            ToolError: unknown voice or unsupported language (the message lists valid ones).
            ToolUnavailable: espeak-ng cannot be loaded here.
        """
        text = request.text or ""
        ssml = is_ssml(text)
        if not (_speakable(text) if ssml else _WORD_RE.search(text)):
            raise ValueError(
                f"speech text {text[:40]!r} has no words to say: give the words in `text` "
                "(plain text, or SSML starting with <speak>)"
            )
        if not request.speaking_rate > 0:
            raise ValueError(f"speaking_rate must be > 0, got {request.speaking_rate}")
        voice = get_voice(request.voice)
        espeak_name, warnings = self._espeak_voice_name(voice, request.language)
        if ssml:
            opener, segments = _ssml_segments(text)
        else:
            opener, segments = "", _plain_segments(text)

        # Breaks at the very start or end are silence around the speech, added after trimming.
        lead_s = tail_s = 0.0
        if segments and isinstance(first := segments[0], _Pause):
            segments.pop(0)
            lead_s = first.seconds
        if segments and isinstance(last := segments[-1], _Pause):
            segments.pop()
            tail_s = last.seconds

        wanted_wpm = voice.rate_wpm * request.speaking_rate
        rate_wpm = int(round(wanted_wpm / ESPEAK_RATE_CALIBRATION))
        if not ESPEAK_MIN_RATE_WPM <= rate_wpm <= ESPEAK_MAX_RATE_WPM:
            warnings.append(
                f"speaking_rate {request.speaking_rate} is outside espeak's range; clamped to "
                f"{ESPEAK_MIN_RATE_WPM}-{ESPEAK_MAX_RATE_WPM} words per minute"
            )
            rate_wpm = min(max(rate_wpm, ESPEAK_MIN_RATE_WPM), ESPEAK_MAX_RATE_WPM)

        sample_rate = ESPEAK_SAMPLE_RATE_HZ
        texts = [
            f"{opener}{segment.text}</speak>" if ssml else segment.text
            for segment in segments
            if isinstance(segment, _Speech)
        ]
        with _LOCK:
            spoken = iter(
                _engine().synthesize(
                    texts,
                    espeak_name,
                    rate_wpm=rate_wpm,
                    pitch=voice.pitch,
                    pitch_range=voice.pitch_range,
                    word_gap_10ms=voice.word_gap_10ms,
                    ssml=ssml,
                )
            )
        chunk_pad = int(CHUNK_PAD_S * sample_rate)
        pieces: list[np.ndarray] = []
        for segment in segments:
            if isinstance(segment, _Pause):
                seconds = segment.seconds
                if segment.scales_with_rate:
                    seconds /= request.speaking_rate
                pieces.append(np.zeros(int(round(seconds * sample_rate)), np.float32))
            else:
                raw = next(spoken)
                pieces.append(_trim(raw.astype(np.float32) * np.float32(1 / 32768), chunk_pad))

        audio = np.concatenate(pieces) if pieces else np.zeros(0, np.float32)
        if not _active_bounds(audio)[1]:
            raise ToolError(f"espeak-ng produced no audio for {text[:60]!r}", tool=TOOL_NAME)
        # Room for the edge pads (and the DSP's tails) before the DSP runs; `_finish` trims.
        edge = np.zeros(int(round(2 * EDGE_PAD_S * sample_rate)), np.float32)
        audio = apply_voice_dsp(np.concatenate([edge, audio, edge]), voice.dsp, sample_rate)
        audio = self._finish(audio, sample_rate)
        if lead_s or tail_s:
            audio = np.pad(
                audio, (int(round(lead_s * sample_rate)), int(round(tail_s * sample_rate)))
            )
        info = {
            "preset": voice.name,
            "espeak_voice": espeak_name,
            "words": count_words(text),
            "rate_wpm": round(rate_wpm * ESPEAK_RATE_CALIBRATION),
        }
        if warnings:
            info["warnings"] = warnings
        return GeneratedClip(audio=audio, sample_rate_hz=sample_rate, info=info)

    @staticmethod
    def _espeak_voice_name(voice: EspeakVoice, language: str | None) -> tuple[str, list[str]]:
        """The espeak voice for a preset and a requested language, plus any warnings.

        English requests (any region) and requests in the preset's own language keep the
        preset's voice, so accents stay; a foreign-language preset speaks English with its
        `english_voice` (understandable English, the same speaker); another language
        switches espeak's language voice but keeps the preset's variant, pitch and DSP.
        """
        base = voice.espeak_voice
        warnings: list[str] = []
        requested = (language or "en").strip()
        if _primary(requested) == "en" and voice.english_voice:
            base = voice.english_voice
        elif _primary(requested) not in ("en", _primary(voice.preset.language)):
            resolved = resolve_language(requested)
            if resolved is None:
                raise ToolError(
                    f"language {requested!r} is not spoken by espeak-ng; use one of: "
                    f"{', '.join(ESPEAK_LANGUAGES)}",
                    tool=TOOL_NAME,
                )
            base = resolved
        return (f"{base}+{voice.variant}" if voice.variant else base), warnings

    @staticmethod
    def _finish(audio: np.ndarray, sample_rate: int) -> np.ndarray:
        """Trim to a natural pad, fade the edges, and peak-normalise to PEAK_TARGET_DBFS."""
        audio = _trim(audio, int(EDGE_PAD_S * sample_rate))
        fade = min(int(EDGE_FADE_S * sample_rate), audio.size // 2)
        if fade:
            ramp = np.linspace(0.0, 1.0, fade, dtype=np.float32)
            audio[:fade] *= ramp
            audio[-fade:] *= ramp[::-1]
        peak = float(np.max(np.abs(audio))) if audio.size else 0.0
        if peak > 0:
            audio *= np.float32(10.0 ** (PEAK_TARGET_DBFS / 20.0) / peak)
        return audio.astype(np.float32, copy=False)


__all__ = [
    "DEFAULT_VOICE",
    "ESPEAK_LANGUAGES",
    "ESPEAK_SAMPLE_RATE_HZ",
    "EspeakSpeechTool",
    "apply_voice_dsp",
    "count_words",
    "is_ssml",
    "resolve_language",
]

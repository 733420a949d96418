"""A folder of custom voices (reference recordings) for speech tools that can clone voices.

Each voice is two files: ``<name>.wav`` (the recording, re-encoded as 16-bit WAV) and
``<name>.json`` (its metadata). Uploads are checked before anything is written: the file
must be at most `MAX_VOICE_FILE_BYTES`, must decode as audio (we decode it; the suffix and
the browser's MIME type are not trusted), must have at most `MAX_VOICE_CHANNELS` channels at
no more than `MAX_VOICE_SAMPLE_RATE_HZ`, and must last between `MIN_VOICE_DURATION_S` and
`MAX_VOICE_DURATION_S`; a library holds at most `MAX_VOICES_PER_LIBRARY` voices and
`MAX_LIBRARY_BYTES` (a web visitor's quota). A rejected upload changes nothing.

Scripts refer to a custom voice as ``custom:<name>`` (see `CustomVoice.voice_id`); tools with
the ``voice_clone`` capability resolve it with `VoiceLibrary.path`.

Example:
    >>> library = VoiceLibrary("~/.local/share/wavjourney/voices")        # doctest: +SKIP
    >>> voice = library.add("grandpa", "recording.flac", description="warm, slow")  # doctest: +SKIP
    >>> voice.voice_id                                                    # doctest: +SKIP
    'custom:grandpa'
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import threading
import time
import unicodedata
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from wavjourney.exceptions import WavJourneyError

if TYPE_CHECKING:
    from wavjourney.tools.base import VoicePreset

MAX_VOICE_FILE_BYTES = 20 * 1024 * 1024
MAX_VOICE_DURATION_S = 60.0
MIN_VOICE_DURATION_S = 3.0
MAX_VOICE_NAME_CHARS = 40
# A compressed upload can decode to far more than its file size (8 channels at 192 kHz):
# the header is checked before decoding.
MAX_VOICE_CHANNELS = 2
MAX_VOICE_SAMPLE_RATE_HZ = 48_000
MIN_VOICE_SAMPLE_RATE_HZ = 8_000
MAX_VOICE_DECODED_BYTES = int(MAX_VOICE_DURATION_S * MAX_VOICE_SAMPLE_RATE_HZ
                              * MAX_VOICE_CHANNELS * 4)
# Per library (one web visitor's voices): how many voices and how many bytes of recordings.
MAX_VOICES_PER_LIBRARY = 20
MAX_LIBRARY_BYTES = 100 * 1024 * 1024
CUSTOM_VOICE_PREFIX = "custom:"
VOICE_CLONE_CAPABILITY = "voice_clone"
VOICES_DIR_ENV = "WAVJOURNEY_VOICES_DIR"
_GENDERS = ("male", "female", "neutral")


class VoiceLibraryError(WavJourneyError):
    """A custom voice was rejected or not found; the message says why and what is allowed."""


@dataclass(frozen=True)
class CustomVoice:
    """One stored custom voice.

    Args:
        name: sanitised name (lower case letters, digits, ``-`` and ``_``).
        description: free text a person or an LLM casts from.
        gender: ``"male"``, ``"female"`` or ``"neutral"``.
        duration_s: length of the recording in seconds.
        sample_rate_hz: its sample rate.
        source_name: the uploaded file's name (for display only).
        created_unix_s: when it was added.
    """

    name: str
    description: str = ""
    gender: str = "neutral"
    duration_s: float = 0.0
    sample_rate_hz: int = 0
    source_name: str = ""
    created_unix_s: float = 0.0

    @property
    def voice_id(self) -> str:
        """How a script's character names this voice."""
        return CUSTOM_VOICE_PREFIX + self.name


def default_voices_dir(environ: Mapping[str, str] | None = None) -> Path:
    """``$WAVJOURNEY_VOICES_DIR``, else ``$XDG_DATA_HOME/wavjourney/voices``, else
    ``~/.local/share/wavjourney/voices``."""
    env = os.environ if environ is None else environ
    if env.get(VOICES_DIR_ENV):
        return Path(env[VOICES_DIR_ENV]).expanduser()
    base = env.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "wavjourney" / "voices"


def sanitize_voice_name(raw: str) -> str:
    """A safe file name from a user's voice name, e.g. ``"Grand-père Joe!"`` →
    ``"grand-pere_joe"``.

    Raises:
        VoiceLibraryError: nothing usable is left.
    """
    text = unicodedata.normalize("NFKD", str(raw or "")).encode("ascii", "ignore").decode()
    text = re.sub(r"[^a-z0-9_-]+", "_", text.strip().lower()).strip("_-")
    text = re.sub(r"_+", "_", text)[:MAX_VOICE_NAME_CHARS].strip("_-")
    if not text:
        raise VoiceLibraryError("a voice needs a name made of letters or digits "
                                f"(at most {MAX_VOICE_NAME_CHARS} characters)")
    return text


class VoiceLibrary:
    """Custom voices stored in one folder (created on first write).

    Args:
        directory: the folder (e.g. `default_voices_dir()` or a web session's folder).
    """

    def __init__(self, directory: str | Path, *, max_voices: int = MAX_VOICES_PER_LIBRARY,
                 max_bytes: int = MAX_LIBRARY_BYTES):
        self.directory = Path(directory).expanduser()
        self.max_voices = max_voices
        self.max_bytes = max_bytes
        self._lock = threading.Lock()

    def voices(self) -> list[CustomVoice]:
        """Every stored voice, by name."""
        if not self.directory.is_dir():
            return []
        voices = []
        for meta in sorted(self.directory.glob("*.json")):
            if not (meta.with_suffix(".wav")).is_file():
                continue
            try:
                data = json.loads(meta.read_text(encoding="utf-8"))
                voices.append(CustomVoice(**{k: data[k] for k in CustomVoice.__dataclass_fields__
                                             if k in data}))
            except (OSError, ValueError, TypeError):
                continue  # a half-written or foreign file is not a voice
        return voices

    def get(self, name: str) -> CustomVoice:
        """The voice called `name` (``custom:`` prefix allowed)."""
        key = self._key(name)
        for voice in self.voices():
            if voice.name == key:
                return voice
        known = ", ".join(v.name for v in self.voices()) or "none"
        raise VoiceLibraryError(f"no custom voice {key!r}; custom voices: {known}")

    def presets(self) -> list[VoicePreset]:
        """Every stored voice as a preset a cloning tool offers; its `sample` is the
        recording, hashed now, so a replaced recording changes every cache key it enters."""
        from wavjourney.tools.base import AudioReference, VoicePreset

        out = []
        for voice in self.voices():
            path = self.directory / f"{voice.name}.wav"
            gender = voice.gender if voice.gender in _GENDERS else "neutral"
            out.append(VoicePreset(voice.voice_id, voice.description or "a custom voice",
                                   gender=gender, tags=("custom",),  # type: ignore[arg-type]
                                   sample=AudioReference.of(path)))
        return out

    def path(self, name: str) -> Path:
        """The recording of voice `name` (``custom:`` prefix allowed)."""
        return self.directory / f"{self.get(name).name}.wav"

    def add(self, name: str, source: str | Path, *, description: str = "",
            gender: str = "neutral", replace: bool = False) -> CustomVoice:
        """Check a recording and store it as voice `name`.

        Args:
            name: any text; it is sanitised (see `sanitize_voice_name`).
            source: the uploaded file.
            description: who the voice is, for casting.
            gender: ``"male"``, ``"female"`` or ``"neutral"``.
            replace: overwrite a voice of the same name (otherwise that is an error).

        Raises:
            VoiceLibraryError: with what is wrong and what is allowed; nothing is written.
        """
        key = sanitize_voice_name(name)
        if gender not in _GENDERS:
            raise VoiceLibraryError(f"gender must be one of {', '.join(_GENDERS)}; got {gender!r}")
        audio, sample_rate_hz = check_recording(source)
        import soundfile as sf

        voice = CustomVoice(name=key, description=str(description or "").strip()[:500],
                            gender=gender, duration_s=round(audio.shape[0] / sample_rate_hz, 3),
                            sample_rate_hz=sample_rate_hz, source_name=Path(source).name[:200],
                            created_unix_s=round(time.time(), 3))
        with self._lock:
            wav, meta = self.directory / f"{key}.wav", self.directory / f"{key}.json"
            if not replace and (wav.exists() or meta.exists()):
                raise VoiceLibraryError(f"a custom voice called {key!r} already exists; delete "
                                        "it first or choose another name")
            self._check_quota(key, stored_bytes=audio.shape[0] * audio.shape[1] * 2)
            self.directory.mkdir(parents=True, exist_ok=True)
            # Write both files under temporary names, then rename: a crash never leaves a
            # voice without its recording.
            tmp_wav = _temp_path(self.directory, ".wav")
            tmp_meta = _temp_path(self.directory, ".json")
            try:
                sf.write(str(tmp_wav), audio, sample_rate_hz, format="WAV", subtype="PCM_16")
                tmp_meta.write_text(json.dumps(asdict(voice), indent=2) + "\n", encoding="utf-8")
                tmp_wav.replace(wav)
                tmp_meta.replace(meta)
            finally:
                tmp_wav.unlink(missing_ok=True)
                tmp_meta.unlink(missing_ok=True)
        return voice

    def delete(self, name: str) -> None:
        """Remove a custom voice (its recording and metadata)."""
        key = self._key(name)
        with self._lock:
            wav, meta = self.directory / f"{key}.wav", self.directory / f"{key}.json"
            if not wav.exists() and not meta.exists():
                raise VoiceLibraryError(f"no custom voice {key!r} to delete")
            meta.unlink(missing_ok=True)
            wav.unlink(missing_ok=True)

    def _check_quota(self, key: str, stored_bytes: int) -> None:
        others = [v for v in self.voices() if v.name != key]
        if len(others) >= self.max_voices:
            raise VoiceLibraryError(f"you have {len(others)} custom voices, the most allowed; "
                                    "delete one first")
        used = sum((self.directory / f"{v.name}.wav").stat().st_size for v in others
                   if (self.directory / f"{v.name}.wav").is_file())
        if used + stored_bytes > self.max_bytes:
            raise VoiceLibraryError(f"your voices would take {(used + stored_bytes) / 2**20:.0f} "
                                    f"MB; at most {self.max_bytes // 2**20} MB are allowed "
                                    "(delete a voice first)")

    @staticmethod
    def _key(name: str) -> str:
        name = str(name or "")
        if name.startswith(CUSTOM_VOICE_PREFIX):
            name = name[len(CUSTOM_VOICE_PREFIX):]
        return sanitize_voice_name(name)


def check_recording(source: str | Path):
    """Decode an uploaded recording and check its size and length.

    Returns:
        (samples, channels) float32 audio and its sample rate in Hz.

    Raises:
        VoiceLibraryError: too big, not audio, too short or too long.
    """
    import soundfile as sf

    path = Path(source)
    label = path.name or "the upload"
    try:
        size_bytes = path.stat().st_size
    except OSError:
        raise VoiceLibraryError(f"cannot read {label}: the file is missing") from None
    if size_bytes > MAX_VOICE_FILE_BYTES:
        raise VoiceLibraryError(f"{label} is {size_bytes / 2**20:.1f} MB; a voice recording may "
                                f"be at most {MAX_VOICE_FILE_BYTES // 2**20} MB")
    if size_bytes == 0:
        raise VoiceLibraryError(f"{label} is empty; upload a WAV, FLAC, OGG or MP3 recording")
    try:
        info = sf.info(str(path))
    except Exception:  # libsndfile raises several types for non-audio input
        raise VoiceLibraryError(f"{label} is not an audio file this app can read; upload a "
                                "WAV, FLAC, OGG or MP3 recording") from None
    if info.samplerate <= 0 or info.frames <= 0:
        raise VoiceLibraryError(f"{label} contains no audio; upload a recording of "
                                f"{MIN_VOICE_DURATION_S:.0f} to {MAX_VOICE_DURATION_S:.0f} s")
    if info.channels > MAX_VOICE_CHANNELS:
        raise VoiceLibraryError(f"{label} has {info.channels} channels; upload a mono or stereo "
                                "recording")
    if not MIN_VOICE_SAMPLE_RATE_HZ <= info.samplerate <= MAX_VOICE_SAMPLE_RATE_HZ:
        raise VoiceLibraryError(f"{label} is sampled at {info.samplerate} Hz; upload a recording "
                                f"at {MIN_VOICE_SAMPLE_RATE_HZ} to {MAX_VOICE_SAMPLE_RATE_HZ} Hz")
    duration_s = info.frames / info.samplerate
    _check_duration(duration_s, label)
    if info.frames * info.channels * 4 > MAX_VOICE_DECODED_BYTES:
        raise VoiceLibraryError(f"{label} would decode to more than "
                                f"{MAX_VOICE_DECODED_BYTES // 2**20} MB; upload a shorter "
                                "recording")
    try:
        audio, sample_rate_hz = sf.read(str(path), dtype="float32", always_2d=True)
    except Exception:
        raise VoiceLibraryError(f"{label} could not be decoded; upload a WAV, FLAC, OGG or MP3 "
                                "recording") from None
    # MP3 headers can misreport the length: check again on what was decoded.
    _check_duration(audio.shape[0] / sample_rate_hz, label)
    if audio.nbytes > MAX_VOICE_DECODED_BYTES or audio.shape[1] > MAX_VOICE_CHANNELS:
        raise VoiceLibraryError(f"{label} decoded to more audio than its header said; upload "
                                "a mono or stereo recording of at most "
                                f"{MAX_VOICE_DURATION_S:.0f} s")
    return audio, int(sample_rate_hz)


def _check_duration(duration_s: float, label: str) -> None:
    if duration_s > MAX_VOICE_DURATION_S:
        raise VoiceLibraryError(f"{label} lasts {duration_s:.1f} s; a voice recording may last "
                                f"at most {MAX_VOICE_DURATION_S:.0f} s (trim it to one speaker "
                                "talking clearly)")
    if duration_s < MIN_VOICE_DURATION_S:
        raise VoiceLibraryError(f"{label} lasts {duration_s:.1f} s; a voice recording needs at "
                                f"least {MIN_VOICE_DURATION_S:.0f} s of speech")


def _temp_path(directory: Path, suffix: str) -> Path:
    handle, name = tempfile.mkstemp(prefix=".upload-", suffix=suffix, dir=directory)
    os.close(handle)
    return Path(name)

"""Writing audio files (WAV, FLAC, MP3, OGG) through soundfile/libsndfile."""

from __future__ import annotations

import contextlib
import os
import threading
from pathlib import Path

import numpy as np

from wavjourney.exceptions import DestinationError, WavJourneyError

WRITE_BLOCK_FRAMES = 1 << 18  # about 6 s at 44.1 kHz
SUPPORTED_SUFFIXES = (".wav", ".flac", ".mp3", ".ogg")
_FORMATS = {".wav": ("WAV", None), ".flac": ("FLAC", "PCM_24"), ".mp3": ("MP3", "MPEG_LAYER_III"),
            ".ogg": ("OGG", "VORBIS")}


def write_audio(path: str | Path, audio: np.ndarray, sample_rate_hz: int,
                subtype: str = "PCM_24") -> Path:
    """Write (channels, samples) float audio; the format comes from the suffix.

    Args:
        subtype: WAV sample format (``"PCM_16"``, ``"PCM_24"``, ``"FLOAT"``); other formats
            use their own.
    """
    audio = np.asarray(audio, dtype=np.float32)
    with AudioWriter(path, sample_rate_hz, audio.shape[0], subtype) as writer:
        # Interleave a block at a time: no second full-length copy of an hour-long mix.
        for first in range(0, audio.shape[1], WRITE_BLOCK_FRAMES):
            writer.write(audio[:, first:first + WRITE_BLOCK_FRAMES])
    return Path(path)


class AudioWriter:
    """An audio file written block by block (the master as it is made); the format comes
    from the suffix, as for `write_audio`. A failure to write is a `DestinationError`."""

    def __init__(self, path: str | Path, sample_rate_hz: int, channels: int,
                 subtype: str = "PCM_24"):
        import soundfile as sf

        self.path = Path(path)
        suffix = self.path.suffix.lower()
        if suffix not in _FORMATS:
            raise WavJourneyError(f"unsupported audio format {suffix or self.path.name!r}; use "
                                  f"one of {', '.join(SUPPORTED_SUFFIXES)}")
        fmt, fixed_subtype = _FORMATS[suffix]
        with self._reporting():
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.file = sf.SoundFile(str(self.path), "w", sample_rate_hz, channels,
                                     fixed_subtype or subtype, format=fmt)
            if fmt == "WAV":
                _no_peak_chunk(self.file)

    def write(self, block: np.ndarray) -> None:
        """Append (channels, samples) audio: float, or int32 PCM (full scale 2**31)."""
        if block.dtype != np.int32:
            block = np.asarray(block, dtype=np.float32)
        with self._reporting():
            self.file.write(np.ascontiguousarray(block.T))

    def close(self) -> None:
        with self._reporting():
            self.file.close()

    def __enter__(self) -> AudioWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _reporting(self):
        return _destination_errors(self.path)


@contextlib.contextmanager
def _destination_errors(path: Path):
    try:
        yield
    except (OSError, RuntimeError) as exc:  # libsndfile reports a full disk as RuntimeError
        detail = getattr(exc, "strerror", None) or str(exc).splitlines()[0][:200]
        raise DestinationError(f"cannot write {path.name}: {detail} (is the disk full?)"
                               ) from None


# libsndfile's SFC_SET_ADD_PEAK_CHUNK: float WAVs otherwise carry a PEAK chunk holding the
# time of writing, so identical audio would give different bytes.
_SFC_SET_ADD_PEAK_CHUNK = 0x1050


def _no_peak_chunk(f) -> None:
    from soundfile import _ffi, _snd

    _snd.sf_command(f._file, _SFC_SET_ADD_PEAK_CHUNK, _ffi.NULL, _snd.SF_FALSE)


def read_audio(path: str | Path) -> np.ndarray:
    """A file's audio as (channels, samples) float32."""
    import soundfile as sf

    audio, _ = sf.read(str(path), dtype="float32", always_2d=True)
    return np.ascontiguousarray(audio.T)


class WavWriter:
    """A WAV file (24-bit PCM or 32-bit float) written block by block, whose frames can also
    be copied, as bytes, from another file this class wrote: what lets a re-render copy the
    unchanged stretches of the previous mix and stems.

    Blocks and copies go after what is written, or at a given frame (`at`): the master
    copies the unchanged stretches of the previous mix in one thread while it writes the
    changed ones in another. The header is the canonical 44 bytes (as libsndfile writes PCM
    for one or two channels); its sizes are filled in on `close`.
    """

    HEADER_BYTES = 44
    _MAX_DATA_BYTES = 0xFFFFFFFF - 36
    SUBTYPES = {"PCM_24": (1, 3), "FLOAT": (3, 4)}  # format tag, bytes per sample

    def __init__(self, path: str | Path, sample_rate_hz: int, channels: int,
                 subtype: str = "PCM_24"):
        self.path, self.channels, self.subtype = Path(path), channels, subtype
        self.format_tag, self.sample_bytes = self.SUBTYPES[subtype]
        self.frame_bytes = self.sample_bytes * channels
        self.data_bytes = 0  # up to the furthest byte written
        self.sample_rate_hz = sample_rate_hz
        self._lock = threading.Lock()
        with _destination_errors(self.path):
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.file = open(self.path, "wb", buffering=0)
            self._write_all(self._header(0), 0)

    def write(self, block: np.ndarray, at: int | None = None) -> None:
        """Write (channels, samples) audio at frame `at` (default: after what is written):
        int32 PCM (full scale 2**31, low byte dropped) for a PCM_24 file, float for a FLOAT
        one."""
        if self.subtype == "FLOAT":
            data = np.ascontiguousarray(np.asarray(block, dtype="<f4").T).tobytes()
        else:
            frames = np.ascontiguousarray(np.asarray(block, dtype="<i4").T)  # (samples, ch)
            data = frames.view(np.uint8).reshape(-1, self.channels, 4)[:, :, 1:].tobytes()
        offset = self._claim(at, len(data))
        with _destination_errors(self.path):
            self._write_all(data, offset)

    def copy(self, source: Path, first: int, last: int, at: int | None = None) -> None:
        """Write frames [first, last) of a WAV this class wrote in the same format at frame
        `at` (default: after what is written)."""
        count = (last - first) * self.frame_bytes
        offset = self.HEADER_BYTES + first * self.frame_bytes
        to = self._claim(at, count)
        with _destination_errors(self.path), open(source, "rb") as f:
            if f.seek(0, os.SEEK_END) < offset + count:
                raise DestinationError(f"{source.name} is shorter than its index says")
            try:  # in the kernel, without passing through Python (Linux)
                while count:
                    copied = os.copy_file_range(f.fileno(), self.file.fileno(), count, offset,
                                                to)
                    if copied <= 0:
                        raise OSError("copy_file_range made no progress")
                    offset, to, count = offset + copied, to + copied, count - copied
            except (AttributeError, OSError):
                f.seek(offset)
                self._write_all(f.read(count), to)

    def close(self) -> None:
        with _destination_errors(self.path):
            try:
                self._write_all(self._header(self.data_bytes), 0)
            finally:
                self.file.close()

    def __enter__(self) -> WavWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _claim(self, at: int | None, count: int) -> int:
        """The file offset where `count` bytes at frame `at` go; the data grows to their end."""
        with self._lock:  # a copying thread and a writing one
            start = self.data_bytes if at is None else at * self.frame_bytes
            if start + count > self._MAX_DATA_BYTES:
                raise DestinationError(f"{self.path.name} would exceed WAV's 4 GiB limit; "
                                       "render to a .flac file instead")
            self.data_bytes = max(self.data_bytes, start + count)
            return self.HEADER_BYTES + start

    def _write_all(self, data: bytes, offset: int) -> None:
        view = memoryview(data)
        while view:  # a write may take only part
            written = os.pwrite(self.file.fileno(), view, offset)
            view, offset = view[written:], offset + written

    def _header(self, data_bytes: int) -> bytes:
        import struct

        return struct.pack("<4sI4s4sIHHIIHH4sI", b"RIFF", 36 + data_bytes, b"WAVE", b"fmt ",
                           16, self.format_tag, self.channels, self.sample_rate_hz,
                           self.sample_rate_hz * self.frame_bytes, self.frame_bytes,
                           8 * self.sample_bytes, b"data", data_bytes)


def pcm24_frames(source: Path, channels: int, first: int, last: int) -> np.ndarray:
    """Frames [first, last) of a PCM_24 `WavWriter` file as (channels, samples) int32 PCM."""
    with open(source, "rb") as f:
        f.seek(WavWriter.HEADER_BYTES + first * 3 * channels)
        data = np.frombuffer(f.read((last - first) * 3 * channels), dtype=np.uint8)
    padded = np.zeros((last - first, channels, 4), dtype=np.uint8)
    padded[:, :, 1:] = data.reshape(-1, channels, 3)
    return padded.view("<i4")[:, :, 0].T

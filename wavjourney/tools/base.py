"""The tool interface (v2): a generator backend is one configured, device-aware class.

A tool describes itself in a `ToolInfo` card (kind, tasks, languages, limits, devices,
memory, licence, quality) that the registry reads from the class without building the tool,
so choosing a tool never loads a model. A chosen tool is built with its options, loaded onto
a device, asked for clips in batches, and closed when the engine needs its memory back:

    tool = MyTool(model="path/to/checkpoint")   # cheap: validates options only
    tool.load("cuda")                           # weights onto the device
    clips = tool.generate_batch(requests, control)
    tool.close()                                # frees the device memory

Tools are leaves: they never import the planner, the compiler, the UI or the CLI. Heavy
imports (model code, weights) happen in `load`, `generate` or `generate_batch`, never at
module import, and `installed()` / `available()` stay cheap.
"""

from __future__ import annotations

import hashlib
from abc import ABC
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, Literal

import numpy as np

from wavjourney.constants import DEFAULT_SAMPLE_RATE_HZ
from wavjourney.exceptions import ConfigError, RenderCancelled

ToolKind = Literal["speech", "music", "sound_effect"]
TOOL_KINDS: tuple[ToolKind, ...] = ("speech", "music", "sound_effect")
Device = Literal["cpu", "cuda", "mps"]
Gender = Literal["male", "female", "neutral"]


@dataclass(frozen=True)
class VoicePreset:
    """A voice a speech tool offers; the description is what an LLM casts from.

    Args:
        name: stable id used in scripts (``"narrator"``, ``"elderly_man"``, ``"custom:joe"``).
        description: one sentence a person or an LLM can cast from.
        gender: ``"male"``, ``"female"`` or ``"neutral"``.
        age: ``"child"``, ``"young"``, ``"adult"`` or ``"elderly"``.
        accent: e.g. ``"american"``, ``"british"``, ``"french"``.
        language: BCP-47-ish language code, e.g. ``"en"``, ``"fr"``.
        tags: free words that help casting (``"news"``, ``"whisper"``, ``"robot"``).
        sample: for a cloned voice, the recording it is cloned from.
    """

    name: str
    description: str
    gender: Gender = "neutral"
    age: Literal["child", "young", "adult", "elderly"] = "adult"
    accent: str = "american"
    language: str = "en"
    tags: tuple[str, ...] = ()
    sample: AudioReference | None = None


@dataclass(frozen=True)
class ToolInfo:
    """A tool's card: what it is, what it can do and what it costs. Read without building.

    Args:
        name: registry name, also part of every cache key.
        version: bump it whenever output for the same request changes (invalidates the cache).
        kind: which script elements it generates.
        description: one line for the planner's and the selector's tool list.
        quality: 0-100; among valid tools of a kind the highest wins.
        capabilities: e.g. ``{"offline", "neural", "voice_clone", "loop", "multilingual"}``.
        languages: languages a speech tool speaks.
        max_concurrency: how many calls of this tool may run at once (CPU tools in threads).
        max_duration_s: longest clip it makes in one call (None: unlimited).
        max_batch_size: most requests one `generate_batch` call takes.
        devices: device kinds it runs on, preferred first.
        memory_bytes: estimated memory one loaded model needs on its device (0: negligible).
        tasks: what it does, in the selector's words (``"text-to-speech"``, ``"voice-cloning"``,
            ``"text-to-music"``, ``"melody-conditioned-music"``, ``"text-to-audio"``).
        modalities: inputs it accepts (``"text"``, ``"audio"``).
        licence: licence of the code and weights a user runs.
        install: the command that installs what it needs (shown when it is missing).
        extends_duration: makes clips longer than `max_duration_s` by continuing or stitching
            calls (the selector then accepts it for long requests).
        realtime_factors: measured seconds of compute per second of audio, per device kind
            (``(("cpu", 0.02), ("cuda", 0.004))``; below 1 is faster than realtime).
        quality_by_category: 0-100 where quality differs by what is asked, as
            ``(("rain", 70), ("speech-like", 5))``; categories not listed get `quality`.
    """

    name: str
    version: str
    kind: ToolKind
    description: str
    quality: int = 10
    capabilities: frozenset[str] = frozenset()
    languages: tuple[str, ...] = ("en",)
    max_concurrency: int = 2
    max_duration_s: float | None = None
    max_batch_size: int = 1
    devices: tuple[Device, ...] = ("cpu",)
    memory_bytes: int = 0
    tasks: tuple[str, ...] = ()
    modalities: tuple[str, ...] = ("text",)
    licence: str = ""
    install: str = ""
    extends_duration: bool = False
    realtime_factors: tuple[tuple[str, float], ...] = ()
    quality_by_category: tuple[tuple[str, int], ...] = ()

    def realtime_factor(self, device: str = "cpu") -> float | None:
        """Seconds of compute per second of audio on `device` (None: not measured)."""
        return dict(self.realtime_factors).get(device.split(":")[0])

    def speaks(self, language: str) -> bool:
        """Whether a speech tool speaks `language` (other kinds have no language)."""
        return (self.kind != "speech" or language in self.languages
                or "multilingual" in self.capabilities)


@dataclass(frozen=True)
class AudioReference:
    """A recording a request refers to: a voice to clone or a melody to follow.

    Only the content hash and the excerpt enter the cache key, never the path, so a moved
    file hits the cache and a replaced recording (same path, new content) regenerates.

    Args:
        path: the audio file.
        sha256: hex digest of the file's bytes (`AudioReference.of` computes it).
        start_s: excerpt start in seconds.
        end_s: excerpt end in seconds (None: to the end).
    """

    path: str
    sha256: str
    start_s: float = 0.0
    end_s: float | None = None

    @classmethod
    def of(cls, path: str | Path, start_s: float = 0.0,
           end_s: float | None = None) -> AudioReference:
        """A reference to `path`, hashing its current content."""
        digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()
        return cls(str(path), digest, start_s, end_s)

    def cache_identity(self) -> dict[str, Any]:
        return {"sha256": self.sha256, "start_s": self.start_s, "end_s": self.end_s}


@dataclass(frozen=True)
class GenerationRequest:
    """Everything a tool needs to make one clip; with the tool's identity, its cache key.

    Args:
        kind: element kind.
        text: speech only: the words to say (SSML allowed where the tool says so).
        description: music / sound effect: what to make ("soft jazz in a cafe").
        voice: speech only: a preset name or a custom voice id (``"custom:joe"``).
        duration_s: requested length in seconds; None means natural length (speech).
        loop: make a seamlessly loopable bed (background music / ambience).
        seed: random seed; same request and seed give the same audio.
        sample_rate_hz: preferred output rate; a tool may return another and the engine resamples.
        speaking_rate: speech speed multiplier (1.0 = the voice's normal rate).
        language: language of `text`.
        voice_sample: for a cloned voice, the recording to clone.
        reference: a recording to follow (a melody for music, a sound to imitate).
    """

    kind: ToolKind
    text: str = ""
    description: str = ""
    voice: str | None = None
    duration_s: float | None = None
    loop: bool = False
    seed: int = 0
    sample_rate_hz: int = DEFAULT_SAMPLE_RATE_HZ
    speaking_rate: float = 1.0
    language: str = "en"
    voice_sample: AudioReference | None = None
    reference: AudioReference | None = None

    def cache_identity(self) -> dict[str, Any]:
        """The request's content as it enters the cache key: whitespace in text never
        changes the audio, and recordings count by content, not by path."""
        return {
            "kind": self.kind,
            "text": " ".join(self.text.split()),
            "description": " ".join(self.description.split()),
            "voice": self.voice, "duration_s": self.duration_s, "loop": self.loop,
            "seed": self.seed, "sample_rate_hz": self.sample_rate_hz,
            "speaking_rate": self.speaking_rate, "language": self.language,
            "voice_sample": self.voice_sample and self.voice_sample.cache_identity(),
            "reference": self.reference and self.reference.cache_identity(),
        }


@dataclass
class GeneratedClip:
    """A tool's output.

    Args:
        audio: float32 audio of shape (channels, samples), values within [-1, 1]: a numpy
            array, or a torch tensor (which may stay on the tool's device into the DSP).
        sample_rate_hz: its sample rate.
        info: what the tool understood, for report.json (e.g. ``{"category": "rain",
            "match_score": 0.9}``, ``{"genre": "jazz", "tempo_bpm": 96, "key": "F major"}``,
            ``{"preset": "narrator"}``). A ``"warnings"`` list of strings is surfaced to the user.
    """

    audio: Any
    sample_rate_hz: int
    info: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        audio = self.audio
        if not _is_tensor(audio):
            audio = np.asarray(audio, dtype=np.float32)
        elif audio.dtype != _torch_float32():
            audio = audio.float()
        if audio.ndim == 1:
            audio = audio[None, :]
        if audio.ndim != 2:
            raise ValueError(f"clip audio must be (channels, samples), got shape "
                             f"{tuple(audio.shape)}")
        self.audio = audio

    @property
    def duration_s(self) -> float:
        return self.audio.shape[1] / self.sample_rate_hz

    def numpy(self) -> np.ndarray:
        """The audio as a float32 numpy array on the host."""
        if _is_tensor(self.audio):
            return self.audio.detach().cpu().numpy()
        return self.audio


@dataclass(frozen=True)
class VoiceContext:
    """What a speech tool may offer voices for.

    Args:
        language: the script's language; tools offer the voices that speak it.
        custom_voices: recordings from the voice library (a cloning tool offers them).
    """

    language: str = "en"
    custom_voices: tuple[VoicePreset, ...] = ()


class Control:
    """Progress and cancellation, handed to a tool for one `generate_batch` call.

    Args:
        progress: called with (fraction done 0-1, message).
        is_cancelled: returns True once the caller wants the work stopped.
    """

    def __init__(self, progress: Callable[[float, str], None] | None = None,
                 is_cancelled: Callable[[], bool] | None = None):
        self._progress = progress
        self._is_cancelled = is_cancelled

    def report(self, fraction: float, message: str = "") -> None:
        """Tell the caller how far the batch is (0-1)."""
        if self._progress is not None:
            self._progress(min(max(fraction, 0.0), 1.0), message)

    @property
    def cancelled(self) -> bool:
        return self._is_cancelled is not None and self._is_cancelled()

    def check(self) -> None:
        """Raise `RenderCancelled` if the caller cancelled; call it between steps."""
        if self.cancelled:
            raise RenderCancelled("render cancelled; finished clips are cached")


NO_CONTROL = Control()


class Tool(ABC):
    """A generator backend. Subclasses set `info` and implement `generate` or
    `generate_batch`; neural tools also override `installed`, `load` and `close`.

    Args:
        **options: per-instance configuration, e.g. ``model="facebook/musicgen-small"`` or a
            local checkpoint folder; only names in `options_schema` are accepted.
    """

    info: ClassVar[ToolInfo]
    #: option name -> one-line description; `Tool(**options)` accepts only these.
    options_schema: ClassVar[dict[str, str]] = {}

    def __init__(self, **options: Any):
        unknown = sorted(set(options) - set(self.options_schema))
        if unknown:
            allowed = ", ".join(sorted(self.options_schema)) or "none"
            raise ConfigError(f"tool {self.info.name!r}: unknown option(s) "
                              f"{', '.join(unknown)}; options: {allowed}")
        self.options: dict[str, Any] = dict(options)
        self.device: str | None = None

    # What it is ---------------------------------------------------------------------------
    @classmethod  # noqa: B027 - an optional hook: most tools need no extra package
    def installed(cls) -> None:
        """Raise `ToolUnavailable` naming the install line if packages are missing. Cheap:
        never imports the model code, never loads weights."""

    def available(self) -> None:
        """Raise `ToolUnavailable` (with the fix) if this configured tool cannot run here,
        e.g. its checkpoint is missing. Cheap: never loads weights."""
        self.installed()

    def cache_identity(self) -> dict[str, Any]:
        """What identifies this tool's output besides the request: name, version and the
        options that change the audio (model id, checkpoint content hash). Part of every
        cache key."""
        return {"tool": self.info.name, "version": self.info.version,
                "options": {k: repr(v) for k, v in sorted(self.options.items())}}

    def voices(self, context: VoiceContext | None = None) -> list[VoicePreset]:
        """Voices a speech tool offers for `context` (empty for other kinds). A tool with
        the ``voice_clone`` capability also offers the context's custom voices."""
        return []

    def sound_catalogue(self) -> dict[str, str]:
        """Sound categories it knows well -> one-line descriptions, for the planner's
        prompt (empty: it takes free text equally well)."""
        return {}

    # Lifecycle ----------------------------------------------------------------------------
    def load(self, device: str = "cpu") -> None:
        """Load the model onto `device` (``"cpu"``, ``"cuda"``, ``"cuda:1"``, ``"mps"``)."""
        self.device = device

    def close(self) -> None:
        """Release the model and its device memory; `load` may be called again later."""
        self.device = None

    def __enter__(self) -> Tool:
        if self.device is None:
            self.load()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # Work ---------------------------------------------------------------------------------
    def generate(self, request: GenerationRequest) -> GeneratedClip:
        """Make one clip. Must be deterministic for a given request (including its seed)."""
        raise NotImplementedError(f"{type(self).__name__} implements neither generate "
                                  "nor generate_batch")

    def generate_batch(self, requests: Sequence[GenerationRequest],
                       control: Control = NO_CONTROL) -> list[GeneratedClip]:
        """Make one clip per request, in order (at most `info.max_batch_size` requests).

        The default calls `generate` per request, reporting progress and stopping when
        cancelled; batched models override it to run the whole batch at once.
        """
        clips = []
        for index, request in enumerate(requests):
            control.check()
            clips.append(self.generate(request))
            control.report((index + 1) / len(requests), f"{index + 1}/{len(requests)} clips")
        return clips


def _is_tensor(value: Any) -> bool:
    # Checked by module name so numpy-only tools never import torch.
    return type(value).__module__.startswith("torch")


def _torch_float32() -> Any:
    import torch

    return torch.float32

"""The tool interface: a generator backend is one class with one `generate` method.

A tool describes its abilities in a `ToolInfo` (kind, quality, capabilities) so the planner
and the compiler can pick the best available tool for each element (in the manner of
MLLM-Tool), and returns a `GeneratedClip`. Tools are leaves: they never import the planner,
the compiler, the UI or the CLI. Heavy imports (model code, weights) happen in `generate` or
`available`, never at module import.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal

import numpy as np

from wavjourney.constants import DEFAULT_SAMPLE_RATE_HZ

ToolKind = Literal["speech", "music", "sound_effect"]
TOOL_KINDS: tuple[ToolKind, ...] = ("speech", "music", "sound_effect")


@dataclass(frozen=True)
class VoicePreset:
    """A voice a speech tool offers; the description is what an LLM casts from.

    Args:
        name: stable id used in scripts (``"narrator"``, ``"elderly_man"``).
        description: one sentence a person or an LLM can cast from.
        gender: ``"male"``, ``"female"`` or ``"neutral"``.
        age: ``"child"``, ``"young"``, ``"adult"`` or ``"elderly"``.
        accent: e.g. ``"american"``, ``"british"``, ``"french"``.
        language: BCP-47-ish language code, e.g. ``"en"``, ``"fr"``.
        tags: free words that help casting (``"news"``, ``"whisper"``, ``"robot"``).
    """

    name: str
    description: str
    gender: Literal["male", "female", "neutral"] = "neutral"
    age: Literal["child", "young", "adult", "elderly"] = "adult"
    accent: str = "american"
    language: str = "en"
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class ToolInfo:
    """What a tool is and what it can do.

    Args:
        name: registry name, also part of every cache key.
        version: bump it whenever output for the same request changes (invalidates the cache).
        kind: which script elements it generates.
        description: one line for the planner's tool list.
        quality: 0-100; among available tools of a kind the highest wins.
        capabilities: e.g. ``{"offline", "neural", "voice_clone", "loop", "multilingual"}``.
        languages: languages a speech tool speaks.
        max_concurrency: how many `generate` calls may run at once.
        max_duration_s: longest clip it can make in one call (None: unlimited).
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


@dataclass(frozen=True)
class GenerationRequest:
    """Everything a tool needs to make one clip; also the content of its cache key.

    Args:
        kind: element kind.
        text: speech only: the words to say (SSML allowed where the tool says so).
        description: music / sound effect: what to make ("soft jazz in a cafe", "distant thunder").
        voice: speech only: a preset name or a custom voice id.
        duration_s: requested length in seconds; None means natural length (speech).
        loop: make a seamlessly loopable bed (background music / ambience).
        seed: random seed; same request and seed give the same audio.
        sample_rate_hz: preferred output rate; a tool may return another and the engine resamples.
        speaking_rate: speech speed multiplier (1.0 = the voice's normal rate).
        language: language of `text`.
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


@dataclass
class GeneratedClip:
    """A tool's output.

    Args:
        audio: float32 array of shape (channels, samples), values within [-1, 1].
        sample_rate_hz: its sample rate.
        info: what the tool understood, for report.json (e.g. ``{"category": "rain",
            "match_score": 0.9}``, ``{"genre": "jazz", "tempo_bpm": 96, "key": "F major"}``,
            ``{"preset": "narrator"}``). A ``"warnings"`` list of strings is surfaced to the user.
    """

    audio: np.ndarray
    sample_rate_hz: int
    info: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        audio = np.asarray(self.audio, dtype=np.float32)
        if audio.ndim == 1:
            audio = audio[None, :]
        if audio.ndim != 2:
            raise ValueError(f"clip audio must be (channels, samples), got shape {audio.shape}")
        self.audio = audio

    @property
    def duration_s(self) -> float:
        return self.audio.shape[1] / self.sample_rate_hz


class Tool(ABC):
    """A generator backend. Subclasses set `info` and implement `generate`."""

    info: ClassVar[ToolInfo]

    def available(self) -> None:  # noqa: B027 - optional hook; most tools always can run
        """Raise `ToolUnavailable` (with the fix) if this tool cannot run here. Cheap."""

    def voices(self) -> list[VoicePreset]:
        """Voices a speech tool offers (empty for other kinds)."""
        return []

    @abstractmethod
    def generate(self, request: GenerationRequest) -> GeneratedClip:
        """Make one clip. Must be deterministic for a given request (including its seed)."""

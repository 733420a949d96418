"""Stand-ins for the neural tools' cards (xtts, musicgen, audiogen, vits), for selection tests.

The real tools are registered as entry points once written; until then these fake classes
carry the same names, kinds, tasks and capabilities, so the selector can be tested on a
catalogue with tools that are not installed. Their `installed()` raises like a missing
extra does (pass ``installed=True`` to `fake_neural_tools` for installed ones). They make
no audio.
"""

from __future__ import annotations

from wavjourney.exceptions import ToolUnavailable
from wavjourney.tools.base import Tool, ToolInfo
from wavjourney.tools.offline.music.tool import ProceduralMusicTool
from wavjourney.tools.offline.sfx.tool import ProceduralSfxTool
from wavjourney.tools.offline.speech import EspeakSpeechTool
from wavjourney.tools.registry import Registry

GIB = 1024**3
XTTS_LANGUAGES = ("en", "es", "fr", "de", "it", "pt", "pl", "tr", "ru", "nl", "cs", "ar",
                  "zh-cn", "ja", "hu", "ko", "hi")

CARDS = {
    "xtts": ToolInfo(
        name="xtts", version="1", kind="speech",
        description="XTTS v2: natural multilingual speech; clones a voice from a 6-30 s "
                    "recording.",
        quality=80, capabilities=frozenset({"neural", "voice_clone", "multilingual"}),
        languages=XTTS_LANGUAGES, devices=("cuda", "cpu"), memory_bytes=3 * GIB,
        tasks=("text-to-speech", "voice-cloning"), modalities=("text", "audio"),
        licence="CPML (Coqui Public Model License, non-commercial)",
        install="pip install 'wavjourney[xtts]'",
        realtime_factors=(("cpu", 2.5), ("cuda", 0.2))),
    "vits": ToolInfo(
        name="vits", version="1", kind="speech",
        description="VITS: fast, natural English speech (single speaker).",
        quality=50, capabilities=frozenset({"neural", "fast"}), languages=("en",),
        devices=("cpu", "cuda"), memory_bytes=GIB // 4, tasks=("text-to-speech",),
        licence="MIT", install="pip install 'wavjourney[vits]'",
        realtime_factors=(("cpu", 0.05), ("cuda", 0.01))),
    "musicgen": ToolInfo(
        name="musicgen", version="1", kind="music",
        description="MusicGen: music from a text description; the melody model follows a "
                    "reference recording's melody.",
        quality=70, capabilities=frozenset({"neural", "melody"}), max_duration_s=30.0,
        extends_duration=True, devices=("cuda", "cpu"), memory_bytes=2 * GIB,
        tasks=("text-to-music", "melody-conditioned-music"), modalities=("text", "audio"),
        licence="CC-BY-NC-4.0 (weights), MIT (code)",
        install="pip install 'wavjourney[musicgen]'",
        realtime_factors=(("cpu", 4.0), ("cuda", 0.5))),
    "audiogen": ToolInfo(
        name="audiogen", version="1", kind="sound_effect",
        description="AudioGen: realistic sound effects and ambiences from text.",
        quality=60, capabilities=frozenset({"neural"}), max_duration_s=10.0,
        extends_duration=True, devices=("cuda", "cpu"), memory_bytes=4 * GIB,
        tasks=("text-to-audio",), licence="CC-BY-NC-4.0 (weights), MIT (code)",
        install="pip install 'wavjourney[audiogen]'",
        realtime_factors=(("cpu", 5.0), ("cuda", 0.6))),
}


def fake_tool(name: str, *, installed: bool = False) -> type[Tool]:
    """A Tool class carrying the card `CARDS[name]`."""
    card = CARDS[name]

    def _installed(cls) -> None:
        if not installed:
            raise ToolUnavailable(f"{name} is not installed: {card.install}", tool=name)

    return type(f"Fake{name.title()}Tool", (Tool,), {"info": card,
                                                     "installed": classmethod(_installed)})


def fake_neural_tools(*, installed: bool | set[str] = False) -> list[type[Tool]]:
    """The four fake neural tools; `installed`: all, none, or the set of installed names."""
    return [fake_tool(name, installed=installed if isinstance(installed, bool)
                      else name in installed) for name in CARDS]


def selection_registry(*, installed: bool | set[str] = False) -> Registry:
    """The offline tools and the four fake neural tools (not installed by default)."""
    return Registry([EspeakSpeechTool, ProceduralMusicTool, ProceduralSfxTool,
                     *fake_neural_tools(installed=installed)], entry_points=False)

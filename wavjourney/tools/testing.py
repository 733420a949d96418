"""Deterministic test tools: tones and shaped noise, so the engine is testable with no models.

They are real tools (registered under ``test-*`` with quality 0, so they are never chosen
over a real generator unless named), cheap, and their output depends only on the request.
"""

from __future__ import annotations

import hashlib

import numpy as np

from wavjourney.tools.base import (
    GeneratedClip,
    GenerationRequest,
    Tool,
    ToolInfo,
    VoiceContext,
    VoicePreset,
)

TEST_SAMPLE_RATE_HZ = 16_000
_WORDS_PER_SECOND = 2.5
_VOICES = (
    VoicePreset("tone-low", "A low test tone (male-ish).", gender="male"),
    VoicePreset("tone-mid", "A middle test tone (neutral).", gender="neutral"),
    VoicePreset("tone-high", "A high test tone (female-ish).", gender="female"),
    VoicePreset("tone-child", "A very high test tone (child-ish).", gender="neutral", age="child"),
)
_VOICE_HZ = {"tone-low": 120.0, "tone-mid": 180.0, "tone-high": 240.0, "tone-child": 320.0}


def stable_seed(*parts: object) -> int:
    """A seed from values, stable across processes (unlike hash())."""
    digest = hashlib.sha256("\x1f".join(map(str, parts)).encode()).digest()
    return int.from_bytes(digest[:8], "little")


class ToneSpeechTool(Tool):
    """'Speaks' a buzzy tone with a syllable envelope; duration grows with the word count."""

    info = ToolInfo(
        name="test-tone-speech", version="1", kind="speech",
        description="Test tool: a syllable-shaped tone per word.", quality=0,
        capabilities=frozenset({"offline", "test", "multilingual"}), max_concurrency=4,
    )

    def voices(self, context: VoiceContext | None = None) -> list[VoicePreset]:
        return list(_VOICES)

    def generate(self, request: GenerationRequest) -> GeneratedClip:
        if not request.text.strip():
            raise ValueError("speech text is empty")
        voice = request.voice or "tone-mid"
        if voice not in _VOICE_HZ:
            raise ValueError(f"unknown voice {voice!r}; voices: {', '.join(_VOICE_HZ)}")
        sr = TEST_SAMPLE_RATE_HZ
        words = len(request.text.split())
        duration_s = 0.3 + words / (_WORDS_PER_SECOND * request.speaking_rate)
        t = np.arange(int(duration_s * sr)) / sr
        f0 = _VOICE_HZ[voice]
        tone = sum(np.sin(2 * np.pi * f0 * k * t) / k for k in range(1, 6))
        syllables = 0.5 - 0.5 * np.cos(2 * np.pi * 4.0 * t)
        rng = np.random.default_rng(stable_seed(request.text, voice, request.seed))
        audio = 0.3 * tone * syllables + 0.01 * rng.standard_normal(t.size)
        return GeneratedClip(audio.astype(np.float32), sr, {"preset": voice, "words": words})


class ChordMusicTool(Tool):
    """A sustained chord whose root comes from the description; exact requested length."""

    info = ToolInfo(
        name="test-noise-music", version="1", kind="music",
        description="Test tool: a sustained chord.", quality=0,
        capabilities=frozenset({"offline", "test", "loop"}), max_concurrency=4,
    )

    def generate(self, request: GenerationRequest) -> GeneratedClip:
        sr = TEST_SAMPLE_RATE_HZ
        n = int(round((request.duration_s or 10.0) * sr))
        root_hz = 110.0 * 2 ** ((stable_seed(request.description) % 12) / 12)
        t = np.arange(n) / sr
        audio = sum(np.sin(2 * np.pi * root_hz * r * t) for r in (1.0, 1.25, 1.5, 2.0))
        rng = np.random.default_rng(stable_seed(request.description, request.seed))
        audio = 0.2 * audio + 0.02 * rng.standard_normal(n)
        return GeneratedClip(np.stack([audio, audio]).astype(np.float32), sr,
                             {"genre": "test", "root_hz": round(root_hz, 2)})


class NoiseSfxTool(Tool):
    """Band-passed noise bursts; the band comes from the description."""

    info = ToolInfo(
        name="test-noise-sfx", version="1", kind="sound_effect",
        description="Test tool: shaped noise.", quality=0,
        capabilities=frozenset({"offline", "test", "loop"}), max_concurrency=4,
    )

    def generate(self, request: GenerationRequest) -> GeneratedClip:
        sr = TEST_SAMPLE_RATE_HZ
        n = int(round((request.duration_s or 2.0) * sr))
        rng = np.random.default_rng(stable_seed(request.description, request.seed))
        noise = rng.standard_normal(n)
        spectrum = np.fft.rfft(noise)
        freqs = np.fft.rfftfreq(n, 1 / sr)
        centre_hz = 200.0 + stable_seed(request.description) % 3000
        spectrum *= np.exp(-0.5 * ((freqs - centre_hz) / (centre_hz / 3)) ** 2)
        audio = np.fft.irfft(spectrum, n)
        audio *= 0.3 / (np.abs(audio).max() + 1e-9)
        return GeneratedClip(audio.astype(np.float32), sr, {"category": "test-noise",
                                                             "centre_hz": centre_hz})

"""`ProceduralMusicTool`: description -> spec -> arrangement -> mixed stereo audio."""

from __future__ import annotations

import numpy as np

from wavjourney.constants import DEFAULT_SAMPLE_RATE_HZ
from wavjourney.exceptions import ToolError
from wavjourney.tools.base import GeneratedClip, GenerationRequest, Tool, ToolInfo
from wavjourney.tools.offline.music.arrange import arrange
from wavjourney.tools.offline.music.render import mix
from wavjourney.tools.offline.music.styles import STYLES
from wavjourney.tools.offline.music.synth import stable_int
from wavjourney.tools.offline.music.understand import understand

DEFAULT_MUSIC_DURATION_S = 30.0
MIN_SAMPLE_RATE_HZ = 8_000
MIN_DURATION_S = 0.05
SEED_MASK = (1 << 64) - 1
TOOL_NAME = "offline-music"


class ProceduralMusicTool(Tool):
    """Synthesised, arranged music from a text description; no models, fully offline.

    Understands genre, mood, tempo ("90 bpm"), key ("in D minor"), a few instrument words
    and "no drums"; writes phrased melodies over voice-led progressions with genre grooves;
    renders with synthesised instruments, reverb and a gentle master bus.

    Example:
        >>> clip = ProceduralMusicTool().generate(GenerationRequest(
        ...     kind="music", description="soft jazz in a cafe", duration_s=10.0))
        >>> clip.audio.shape
        (2, 441000)
    """

    info = ToolInfo(
        name=TOOL_NAME, version="1", kind="music",
        description=("Procedural music (offline, instant): genres " + ", ".join(STYLES)
                     + "; honours tempo (e.g. '90 bpm') and key (e.g. 'in D minor'); "
                     "seamless loops."),
        quality=10, capabilities=frozenset({"offline", "loop"}), max_concurrency=2,
        tasks=("text-to-music",),
        # Acoustic instruments are samples of the General MIDI SoundFont that pretty_midi
        # ships (read where pip put it, never copied here).
        licence="MIT; instrument samples: TimGM6mb.sf2 by Tim Brechbill (GPL-2.0)",
        realtime_factors=(("cpu", 0.016),),  # benchmarks/README.md: 52-161x realtime
    )

    def generate(self, request: GenerationRequest) -> GeneratedClip:
        """Render ``request.description`` for ``request.duration_s`` (30 s when None)."""
        sr = int(request.sample_rate_hz or DEFAULT_SAMPLE_RATE_HZ)
        if sr < MIN_SAMPLE_RATE_HZ:
            raise ToolError(f"sample_rate_hz must be at least {MIN_SAMPLE_RATE_HZ}, got {sr}",
                            tool=TOOL_NAME)
        duration_s = DEFAULT_MUSIC_DURATION_S if request.duration_s is None else \
            float(request.duration_s)
        if not np.isfinite(duration_s) or duration_s < MIN_DURATION_S:
            raise ToolError(f"duration_s must be at least {MIN_DURATION_S} s, got "
                            f"{request.duration_s}", tool=TOOL_NAME)
        n_samples = int(round(duration_s * sr))
        duration_s = n_samples / sr
        seed = int(request.seed) & SEED_MASK
        rng = np.random.default_rng([seed, stable_int(request.description)])
        spec = understand(request.description, rng)
        arrangement = arrange(spec, duration_s, request.loop, rng)
        audio = mix(arrangement, spec.style, sr, n_samples, int(rng.integers(1 << 31)))
        warnings = list(spec.warnings)
        form = arrangement.form
        if request.loop:
            whole_bars_s = len(form.bars) * form.bar_s
            if whole_bars_s > duration_s + 1e-3:
                warnings.append(
                    f"loop of {duration_s:g} s is shorter than a bar at {form.tempo_bpm:g} bpm "
                    f"({form.bar_s:.2f} s); it loops the start of one bar")
            elif abs(whole_bars_s - duration_s) > 1e-3:
                warnings.append(
                    f"loop of {duration_s:g} s at {form.tempo_bpm:g} bpm holds "
                    f"{len(form.bars)} whole bars ({whole_bars_s:.2f} s); the rest carries "
                    "the release tails")
        info = {
            "genre": spec.genre,
            "mood": spec.mood,
            "tempo_bpm": round(form.tempo_bpm, 3),
            "key": spec.key.name,
            "instruments": arrangement.instruments,
            "match_score": spec.match_score,
            "warnings": warnings,
            "bars": len(form.bars),
            "sections": form.sections,
            "energy": round(spec.energy, 2),
        }
        return GeneratedClip(audio=audio, sample_rate_hz=sr, info=info)

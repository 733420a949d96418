"""`ProceduralSfxTool`: the offline sound-effects generator behind the ``offline-sfx`` name."""

from __future__ import annotations

import hashlib
import math

import numpy as np

from wavjourney.constants import LOOP_CROSSFADE_S
from wavjourney.exceptions import ToolError
from wavjourney.tools.base import GeneratedClip, GenerationRequest, Tool, ToolInfo
from wavjourney.tools.offline.sfx import space
from wavjourney.tools.offline.sfx.core import RenderContext, SfxCategory
from wavjourney.tools.offline.sfx.matcher import match
from wavjourney.tools.offline.sfx.registry import CATALOGUE, categories

TOOL_NAME = "offline-sfx"
# Longer requests are rendered as a loopable segment and tiled (memory and time stay bounded).
MAX_RENDER_S = 60.0
# Shorter requests are rendered at this length and cut (recipes need room for their events).
MIN_RENDER_S = 0.5
MAX_LOOP_FADE_FRACTION = 0.25
UINT64_MASK = (1 << 64) - 1


def rng_for(seed: int, description: str) -> np.random.Generator:
    """A generator seeded from the request seed and a stable (sha256) hash of the description,
    so equal requests give equal audio in every process (unlike Python's ``hash``)."""
    digest = hashlib.sha256(description.strip().lower().encode("utf-8")).digest()
    desc_key = int.from_bytes(digest[:8], "little")
    return np.random.default_rng(np.random.SeedSequence([int(seed) & UINT64_MASK, desc_key]))


class ProceduralSfxTool(Tool):
    """Synthesises everyday sound effects from a text description, offline and fast.

    Example:
        >>> from wavjourney.tools.base import GenerationRequest
        >>> clip = ProceduralSfxTool().generate(GenerationRequest(
        ...     kind="sound_effect", description="distant thunder", duration_s=4.0, seed=1))
        >>> clip.audio.shape, clip.info["category"], clip.info["modifiers"]
        ((2, 176400), 'thunder', ['far'])
    """

    info = ToolInfo(
        name=TOOL_NAME,
        version="1",
        kind="sound_effect",
        description=(
            f"Procedural sound effects, no models: {len(CATALOGUE)} everyday categories "
            "(weather, water, animals, traffic, household, crowds, impacts, UI) with modifiers "
            "(distant, quiet, heavy, indoor, surfaces ...)."
        ),
        quality=10,
        capabilities=frozenset({"offline", "loop"}),
        max_concurrency=2,
        tasks=("text-to-audio",),
        licence="MIT",
        realtime_factors=(("cpu", 0.007),),  # benchmarks/README.md: 139x realtime
        # Noise-shaped weather and water are convincing; voices made of noise are not.
        quality_by_category=(("rain", 60), ("wind", 50), ("ocean_waves", 50),
                             ("stream", 45), ("fire", 40), ("crowd_chatter", 5),
                             ("laughter", 5), ("cafe_ambience", 15), ("breathing", 10)),
    )

    def sound_catalogue(self) -> dict[str, str]:
        return categories()

    def generate(self, request: GenerationRequest) -> GeneratedClip:
        found = match(request.description)
        category = CATALOGUE[found.category]
        sr = int(request.sample_rate_hz)
        if sr <= 0:
            raise ToolError(f"sample_rate_hz must be positive, got {sr}", tool=TOOL_NAME)
        duration_s = (
            category.natural_duration_s if request.duration_s is None else float(request.duration_s)
        )
        if not math.isfinite(duration_s) or duration_s <= 0:
            raise ToolError(
                f"duration_s must be a positive number of seconds, got {request.duration_s!r}",
                tool=TOOL_NAME,
            )
        n = int(round(duration_s * sr))
        if n < 1:
            raise ToolError(
                f"duration_s={duration_s} is shorter than one sample at {sr} Hz", tool=TOOL_NAME
            )
        rng = rng_for(request.seed, request.description)
        modifiers = frozenset(found.modifiers)
        max_n = int(MAX_RENDER_S * sr)
        if n <= max_n:
            audio = _render(category, rng, sr, n, modifiers, request.loop)
        elif category.kind == "oneshot" and not request.loop:
            head = _render(category, rng, sr, max_n, modifiers, False)
            audio = np.concatenate([head, _tail_room_tone(head, rng, sr, n - max_n)], axis=1)
        else:
            tiles = math.ceil(n / max_n)
            segment = _render(category, rng, sr, math.ceil(n / tiles), modifiers, True)
            audio = np.tile(segment, (1, tiles))[:, :n]
        info = {
            "category": found.category,
            "modifiers": list(found.modifiers),
            "match_score": float(found.score),
            "warnings": list(found.warnings),
        }
        return GeneratedClip(audio.astype(np.float32), sr, info)


def _render(
    category: SfxCategory,
    rng: np.random.Generator,
    sr: int,
    n: int,
    modifiers: frozenset[str],
    loop: bool,
) -> np.ndarray:
    fade = min(int(LOOP_CROSSFADE_S * sr), int(n * MAX_LOOP_FADE_FRACTION)) if loop else 0
    render_n = max(n + fade, int(MIN_RENDER_S * sr))
    ctx = RenderContext(rng, sr, render_n, modifiers)
    audio = np.asarray(category.render(ctx), dtype=np.float64)
    if audio.shape != (2, render_n):
        raise ToolError(
            f"recipe {category.name!r} returned shape {audio.shape}, expected (2, {render_n})",
            tool=TOOL_NAME,
        )
    if not np.isfinite(audio).all():
        audio = np.nan_to_num(audio, nan=0.0, posinf=0.0, neginf=0.0)
    if category.kind != "ambience":
        audio = space.add_room_tone(audio, sr, rng)
    audio = space.apply_space(audio, sr, modifiers, category.indoor)
    audio = space.remove_subsonic(audio, sr)[:, : n + fade]
    if loop:
        audio = space.loop_crossfade(audio, n)
    elif category.kind == "ambience":
        audio = space.edge_fades(audio, sr, space.AMBIENCE_FADE_IN_S, space.AMBIENCE_FADE_OUT_S)
    else:
        audio = space.edge_fades(audio, sr, space.EVENT_FADE_IN_S, space.EVENT_FADE_OUT_S)
    return space.set_peak(audio, space.target_peak_dbfs(modifiers))


def _tail_room_tone(head: np.ndarray, rng: np.random.Generator, sr: int, n: int) -> np.ndarray:
    """Quiet room tone continuing a one-shot past the longest render."""
    level = float(np.sqrt(np.mean(head[:, -sr:] ** 2))) if head.shape[1] >= sr else 1e-4
    tail = space.S.lowpass(space.S.pink(rng, (2, n)), space.ROOM_TONE_LOWPASS_HZ, sr)
    tail *= level / (np.sqrt(np.mean(tail**2)) + space.S.EPS)
    return space.edge_fades(tail, sr, space.AMBIENCE_FADE_IN_S, space.EVENT_FADE_OUT_S)

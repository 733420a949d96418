"""Procedural sound effects: 50+ everyday categories synthesised from noise, filters,
resonators and scattered events, chosen from free text by a small keyword matcher.

Example:
    >>> from wavjourney.tools.offline.sfx import ProceduralSfxTool, categories, match
    >>> match("heavy rain on a tin roof").category
    'rain'
"""

from wavjourney.tools.offline.sfx.matcher import SfxMatch, match
from wavjourney.tools.offline.sfx.registry import categories
from wavjourney.tools.offline.sfx.tool import ProceduralSfxTool, rng_for

__all__ = ["ProceduralSfxTool", "SfxMatch", "categories", "match", "rng_for"]

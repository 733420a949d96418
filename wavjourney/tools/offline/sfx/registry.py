"""The catalogue: every category, by name, in a stable order."""

from __future__ import annotations

from wavjourney.tools.offline.sfx import (
    categories_animals,
    categories_appliances,
    categories_everyday,
    categories_household,
    categories_human,
    categories_impacts,
    categories_kitchen,
    categories_nature,
    categories_urban,
)
from wavjourney.tools.offline.sfx.core import SfxCategory

# Order matters only to break exact score ties in the matcher (earlier wins).
CATALOGUE: dict[str, SfxCategory] = {
    c.name: c
    for module in (
        categories_nature,
        categories_animals,
        categories_urban,
        categories_human,
        categories_household,
        categories_kitchen,
        categories_impacts,
        categories_appliances,
        categories_everyday,
    )
    for c in module.CATEGORIES
}

FALLBACK_INDOOR = "room_tone"
FALLBACK_OUTDOOR = "wind"
# Neutral beds an unmatched description may land on (chosen by loose fuzzy similarity).
FALLBACK_TEXTURES = frozenset(
    {
        "room_tone",
        "wind",
        "rain",
        "stream",
        "city_traffic",
        "crowd_chatter",
        "crickets",
        "birds",
        "ocean_waves",
    }
)


def categories() -> dict[str, str]:
    """Category names with one-line descriptions, e.g. ``{"rain": "rainfall bed; ...", ...}``.

    The planner and the docs use this to say which sounds the offline generator understands.
    """
    return {name: c.description for name, c in CATALOGUE.items()}


def get(name: str) -> SfxCategory:
    return CATALOGUE[name]

"""The everyday sound-effect categories (appliances, body sounds, small engines, farm animals,
a siren passing), context-dependent words, warnings on guesses and the subsonic cut."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import signal

from tests.test_offline_sfx import MIN_FEATURE_DISTANCE, _feature_distances
from wavjourney.tools.base import GenerationRequest
from wavjourney.tools.offline.sfx import (
    ProceduralSfxTool,
    categories_appliances,
    categories_everyday,
    match,
)
from wavjourney.tools.offline.sfx.registry import CATALOGUE

SR = 22_050
CLIP_S = 3.0
TOOL = ProceduralSfxTool()
NEW = [c.name for c in categories_appliances.CATEGORIES + categories_everyday.CATEGORIES]
# Below this, energy is felt rather than heard; rumble recipes must keep almost none there.
SUBSONIC_HZ = 30.0
MAX_SUBSONIC_SHARE = 0.02

# Two or more ways of asking for each new category.
PHRASINGS: dict[str, tuple[str, ...]] = {
    "vacuum_cleaner": ("a vacuum cleaner running", "someone hoovering the carpet"),
    "hair_dryer": ("a hair dryer blowing", "blow drying her hair"),
    "electric_fan": ("a ceiling fan whirring", "an air conditioner running"),
    "fridge_hum": ("the fridge humming", "an old refrigerator in the kitchen"),
    "dishwasher": ("the dishwasher running", "a dishwasher in the next room"),
    "washing_machine": ("a washing machine on spin cycle", "laundry tumbling in the washer"),
    "blender": ("a blender making a smoothie", "crushing ice in a food processor"),
    "toilet_flush": ("someone flushes the toilet", "a loo flushing"),
    "bathroom_shower": ("a hot shower running", "someone showering"),
    "smoke_alarm": ("a smoke detector beeping", "the fire alarm goes off"),
    "elevator_ding": ("an elevator arriving with a ding", "elevator doors opening"),
    "popcorn": ("popcorn popping", "corn kernels popping in a pot"),
    "sizzling": ("bacon sizzling in a pan", "steak frying on a griddle"),
    "baby_crying": ("a baby crying", "a newborn wailing"),
    "snoring": ("a man snoring", "someone snores loudly"),
    "cough": ("an old man coughing", "a dry cough"),
    "sneeze": ("someone sneezes", "a loud achoo"),
    "whistled_tune": ("a man whistling a tune", "someone whistling happily"),
    "finger_snap": ("snapping fingers", "she snaps her fingers"),
    "zipper": ("zipping up a jacket", "someone unzips a backpack"),
    "keys_jingling": ("a bunch of keys jingling", "keys jangling in a pocket"),
    "paper_crumple": ("crumpling a sheet of paper", "a crumpled paper ball"),
    "bicycle_bell": ("a bicycle bell ringing", "a cyclist rings a bike bell"),
    "siren_passby": ("a police car passing with sirens", "an ambulance speeding past"),
    "car_alarm": ("a car alarm going off", "a car alarm in the parking lot"),
    "chainsaw": ("a chainsaw cutting a log", "a chain saw starting up"),
    "lawn_mower": ("a neighbour mowing the lawn", "a lawn mower in the garden"),
    "motorcycle": ("a motorcycle revving its engine", "a motorbike idling"),
    "insect_buzz": ("a bee buzzing around", "a mosquito whining by my ear"),
    "rooster": ("a rooster crowing at dawn", "cock a doodle doo"),
    "cow_moo": ("cows mooing in a field", "a cow moos"),
    "duck_quack": ("ducks quacking on the pond", "a duck quacks"),
}


def _render(description: str, seed: int = 0, duration_s: float = CLIP_S):
    return TOOL.generate(
        GenerationRequest(
            kind="sound_effect",
            description=description,
            duration_s=duration_s,
            sample_rate_hz=SR,
            seed=seed,
        )
    )


def test_at_least_twenty_new_categories_each_with_phrasings():
    assert len(NEW) >= 20
    assert set(PHRASINGS) == set(NEW)
    assert all(name in CATALOGUE for name in NEW)


@pytest.mark.parametrize(
    ("description", "category"),
    [(d, name) for name, ds in PHRASINGS.items() for d in ds],
)
def test_new_category_matched_from_several_phrasings(description, category):
    found = match(description)
    assert found.category == category, found


@pytest.fixture(scope="module")
def all_clips():
    return {name: _render(name.replace("_", " ")) for name in CATALOGUE}


@pytest.mark.parametrize("name", NEW)
def test_new_category_differs_measurably_from_every_other(name, all_clips):
    assert all_clips[name].info["category"] == name
    distances = _feature_distances(all_clips)
    mine = {other: d for pair, d in distances.items() if name in pair for other in pair - {name}}
    nearest = min(mine.items(), key=lambda kv: kv[1])
    assert nearest[1] > MIN_FEATURE_DISTANCE, (name, nearest)


# ------------------------------------------------------- salience and context words


def test_siren_is_the_salient_source_of_a_passing_police_car():
    found = match("a police car passing with sirens")
    assert found.category == "siren_passby" and not found.warnings
    # Without motion it is the siren itself; without a siren, the car.
    assert match("a fire truck blaring its siren").category == "siren"
    assert match("a car passing by").category == "car_passby"


def test_siren_passby_moves_across_the_stereo_field():
    audio = _render("a police car passing with sirens", duration_s=8.0).audio
    third = audio.shape[1] // 3
    balance = [
        np.log(np.mean(audio[0, s] ** 2) / np.mean(audio[1, s] ** 2))
        for s in (slice(0, third), slice(2 * third, None))
    ]
    # One side first, the other side last, and loudest as it passes in the middle.
    assert balance[0] * balance[1] < 0 and abs(balance[0] - balance[1]) > 1.0, balance
    middle = np.mean(audio[:, third : 2 * third] ** 2)
    assert middle > 2 * np.mean(audio[:, :third] ** 2)


@pytest.mark.parametrize(
    ("description", "category"),
    [
        ("a vacuum cleaner running", "vacuum_cleaner"),
        ("the dishwasher running in the kitchen", "dishwasher"),
        ("a hair dryer blowing", "hair_dryer"),
        ("an elevator arriving with a ding", "elevator_ding"),
        ("a motorcycle revving its engine", "motorcycle"),
        ("water running", "stream"),
    ],
)
def test_verb_of_a_named_machine_is_not_a_second_sound(description, category):
    found = match(description)
    assert found.category == category, found
    assert "fast" not in found.modifiers  # "running" here is no hurry
    assert not found.warnings


def test_verb_alone_keeps_its_usual_sense_and_warns():
    running = match("a jogger running on gravel")
    assert running.category == "footsteps" and "fast" in running.modifiers
    assert match("footsteps running down a hallway").category == "footsteps"
    humming = match("a printer humming")
    assert humming.warnings and "humming" in humming.warnings[-1], humming


@pytest.mark.parametrize(
    "description",
    ["a goat bleating", "a printer printing", "a tractor engine", "zzzz", "an old lamp"],
)
def test_every_guess_warns(description):
    found = match(description)
    assert found.warnings, found


# ------------------------------------------------------------------- subsonic


@pytest.mark.parametrize(
    "description",
    ["a loud thunder crack nearby", "distant thunder", "a massive explosion", "a train", "wind"],
)
def test_rumble_has_no_energy_below_30_hz(description):
    audio = _render(description, duration_s=6.0).audio.mean(axis=0).astype(np.float64)
    freqs, power = signal.welch(audio, SR, nperseg=8192)
    share = power[freqs < SUBSONIC_HZ].sum() / power.sum()
    assert share < MAX_SUBSONIC_SHARE, share

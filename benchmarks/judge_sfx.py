"""Judge the offline sound-effects matcher on 50 free descriptions with the category a
listener expects; prints each miss and the hit count. Not a test gate: a progress measure.

    python benchmarks/judge_sfx.py
"""

from __future__ import annotations

from wavjourney.tools.offline.sfx import match
from wavjourney.tools.offline.sfx.registry import CATALOGUE

# (description as a user or a planner would write it, the category it should get).
TABLE: tuple[tuple[str, str], ...] = (
    ("a police car passing with sirens", "siren_passby"),
    ("a vacuum cleaner running in the living room", "vacuum_cleaner"),
    ("a baby crying in the next room", "baby_crying"),
    ("someone flushes the toilet", "toilet_flush"),
    ("bacon sizzling in a frying pan", "sizzling"),
    ("a man snoring loudly", "snoring"),
    ("an ambulance speeding past with its siren on", "siren_passby"),
    ("zipping up a jacket", "zipper"),
    ("a bunch of keys jingling", "keys_jingling"),
    ("the dishwasher running in the kitchen", "dishwasher"),
    ("a hair dryer blowing", "hair_dryer"),
    ("a washing machine on its spin cycle", "washing_machine"),
    ("a blender crushing ice", "blender"),
    ("the refrigerator humming at night", "fridge_hum"),
    ("a hot shower running", "bathroom_shower"),
    ("an old man coughing", "cough"),
    ("someone sneezes", "sneeze"),
    ("a man whistling a tune", "whistled_tune"),
    ("a car alarm going off in the street", "car_alarm"),
    ("a smoke detector beeping", "smoke_alarm"),
    ("a chainsaw cutting through a log", "chainsaw"),
    ("a neighbour mowing the lawn", "lawn_mower"),
    ("a motorcycle revving its engine", "motorcycle"),
    ("a bicycle bell ringing twice", "bicycle_bell"),
    ("an elevator arriving with a ding", "elevator_ding"),
    ("crumpling a sheet of paper", "paper_crumple"),
    ("a bee buzzing around the flowers", "insect_buzz"),
    ("a rooster crowing at dawn", "rooster"),
    ("cows mooing in a field", "cow_moo"),
    ("ducks quacking on the pond", "duck_quack"),
    ("popcorn popping in the microwave", "popcorn"),
    ("snapping fingers", "finger_snap"),
    ("a desk fan whirring", "electric_fan"),
    ("rain pattering on a tent", "rain"),
    ("a dog growling and barking at the mailman", "dog_bark"),
    ("a car starting and idling in the driveway", "car_engine"),
    ("waves washing onto a sandy beach", "ocean_waves"),
    ("a crackling fireplace", "fire"),
    ("a door creaks open slowly", "door_creak"),
    ("someone knocking on a wooden door", "door_knock"),
    ("a phone ringing in an empty office", "phone_ring"),
    ("a crowd applauding after a speech", "applause"),
    ("a glass falls and shatters on the floor", "glass_breaking"),
    ("a tea kettle whistling", "kettle"),
    ("a fire truck blaring its siren", "siren"),
    ("footsteps running down a hallway", "footsteps"),
    ("a jogger running on gravel", "footsteps"),
    ("thunder rolling across the valley", "thunder"),
    ("a steam train chugging along", "train"),
    ("birds singing at sunrise", "birds"),
)


def main() -> None:
    hits = 0
    unknown = sorted({want for _, want in TABLE if want not in CATALOGUE})
    for description, want in TABLE:
        got = match(description)
        ok = got.category == want
        hits += ok
        if not ok:
            note = "; ".join(got.warnings) or "no warning"
            print(
                f"MISS {description!r}: want {want}, got {got.category} "
                f"(score {got.score:.2f}; {note})"
            )
    print(f"categories in the catalogue: {len(CATALOGUE)}; expected but missing: {len(unknown)}")
    print(f"hits: {hits}/{len(TABLE)}")


if __name__ == "__main__":
    main()

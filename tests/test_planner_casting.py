"""Voice casting: LLM casting when valid, a deterministic heuristic otherwise, overrides."""

import pytest

from wavjourney.exceptions import ScriptError
from wavjourney.planner import cast
from wavjourney.script import parse_script
from wavjourney.tools.base import VoicePreset

# The shape of the offline speech tool's presets (copied so these tests stand alone).
PRESETS = [
    VoicePreset("narrator", "Warm adult male narrator; documentaries and storytelling.",
                "male", "adult", tags=("narration", "storytelling", "calm")),
    VoicePreset("news_anchor", "Crisp adult female news anchor; news bulletins.", "female",
                "adult", tags=("news", "broadcast", "announcement")),
    VoicePreset("young_woman", "Bright young woman in her twenties.", "female", "young",
                tags=("young", "casual")),
    VoicePreset("young_man", "Energetic young man in his twenties.", "male", "young",
                tags=("young", "casual")),
    VoicePreset("girl", "Small girl of about eight.", "female", "child", tags=("child", "girl")),
    VoicePreset("boy", "Young boy of about ten.", "male", "child", tags=("child", "boy")),
    VoicePreset("elderly_man", "Elderly man; grandfathers, old storytellers.", "male",
                "elderly", tags=("old", "grandfather")),
    VoicePreset("elderly_woman", "Elderly woman; grandmothers.", "female", "elderly",
                tags=("old", "grandmother")),
    VoicePreset("british_man", "Polished adult British man; butlers, professors.", "male",
                "adult", "british", tags=("british", "formal")),
    VoicePreset("american_woman", "Warm adult American woman; mothers, coworkers.", "female",
                "adult", tags=("american", "everyday")),
    VoicePreset("whisper", "Hushed, breathy whisper; secrets, suspense.", "neutral", "adult",
                tags=("whisper", "quiet")),
    VoicePreset("robot", "Monotone robot or computer voice; androids, AI systems.", "neutral",
                "adult", tags=("robot", "computer", "ai", "android")),
    VoicePreset("french_man", "Adult Frenchman speaking French natively.", "male", "adult",
                "french", "fr", tags=("french",)),
]


def script_with(*characters, language="en"):
    chars = list(characters)
    return parse_script({
        "language": language,
        "characters": chars,
        "elements": [{"type": "speech", "character": chars[0]["name"], "text": "Hello."}],
    })


def char(name, description=""):
    return {"name": name, "description": description}


def voices_of(script):
    return {c.name: c.voice for c in script.characters}


@pytest.mark.parametrize("name, description, expected", [
    ("Grandpa", "", "elderly_man"),
    ("Old man", "tells stories", "elderly_man"),
    ("Grandma", "", "elderly_woman"),
    ("Lily", "a little girl", "girl"),
    ("Max", "a schoolboy", "boy"),
    ("News Anchor", "reads the evening bulletin", "news_anchor"),
    ("Jeeves", "a British butler, a gentleman", "british_man"),
    ("Unit 7", "a robot", "robot"),
    ("Narrator", "", "narrator"),
    ("Tom", "a young man on a date, a little nervous", "young_man"),
    ("Anna", "a young woman", "young_woman"),
    ("Ghost", "whispering from the dark", "whisper"),
    ("Pierre", "a French chef, a man", "french_man"),
    ("Mother", "", "american_woman"),
])
def test_heuristic_reads_roles_gender_age_accent(name, description, expected):
    script = cast(script_with(char(name, description)), PRESETS)
    assert voices_of(script)[name] == expected


def test_characters_get_distinct_voices_where_presets_allow():
    script = cast(script_with(char("Bob", "a man"), char("Jim", "a man"), char("Ted", "a man")),
                  PRESETS)
    voices = list(voices_of(script).values())
    assert len(set(voices)) == 3
    assert all(v in {"narrator", "young_man", "elderly_man", "british_man", "boy",
                     "french_man"} for v in voices)


def test_voices_repeat_only_when_presets_run_out():
    two = PRESETS[:2]
    script = cast(script_with(char("A"), char("B"), char("C")), two)
    assert set(voices_of(script).values()) == {"narrator", "news_anchor"}


def test_a_narrator_without_traits_does_not_take_the_only_fitting_voice():
    presets = [VoicePreset("low", "a male voice", "male"), VoicePreset("mid", "a neutral voice"),
               VoicePreset("high", "a female voice", "female")]
    script = cast(script_with(char("Narrator"), char("Tom", "a man"), char("Ann", "a woman")),
                  presets)
    assert voices_of(script) == {"Narrator": "mid", "Tom": "low", "Ann": "high"}


def test_llm_casting_is_used_when_it_names_known_presets():
    script = cast(script_with(char("Tom", "a young man")), PRESETS,
                  casting={"Tom": "british_man"})
    assert voices_of(script)["Tom"] == "british_man"


def test_unknown_or_duplicate_llm_casting_falls_back_to_the_heuristic():
    script = cast(script_with(char("Tom", "a young man"), char("Ann", "a young woman")),
                  PRESETS, casting={"Tom": "nonexistent", "Ann": 42})
    assert voices_of(script) == {"Tom": "young_man", "Ann": "young_woman"}
    dup = cast(script_with(char("Tom", "a young man"), char("Jim", "an old man")), PRESETS,
               casting={"Tom": "young_man", "Jim": "young_man"})
    assert voices_of(dup) == {"Tom": "young_man", "Jim": "elderly_man"}


def test_overrides_win_and_may_name_custom_voices():
    script = cast(script_with(char("Tom", "a young man"), char("Ann", "a young woman")),
                  PRESETS, overrides={"Tom": "my-cloned-voice"}, casting={"Tom": "boy"})
    assert voices_of(script) == {"Tom": "my-cloned-voice", "Ann": "young_woman"}


def test_an_override_for_an_unknown_character_is_an_error():
    with pytest.raises(ScriptError, match="'Zed': no such character; characters are: Tom"):
        cast(script_with(char("Tom")), PRESETS, overrides={"Zed": "robot"})


def test_previous_voices_are_kept_even_if_custom():
    script = cast(script_with(char("Tom", "a young man")), PRESETS,
                  previous={"Tom": "my-cloned-voice"})
    assert voices_of(script)["Tom"] == "my-cloned-voice"


def test_without_presets_characters_keep_what_they_have():
    script = cast(script_with(char("Tom")), [], overrides={"Tom": "custom"})
    assert voices_of(script) == {"Tom": "custom"}


def test_casting_is_deterministic_and_does_not_mutate_its_input():
    original = script_with(char("A", "a man"), char("B", "a woman"), char("C"))
    first, second = cast(original, PRESETS), cast(original, PRESETS)
    assert first == second
    assert all(c.voice is None for c in original.characters)

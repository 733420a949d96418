"""The offline planner (no LLM), offline edits, and the prompt templates."""

import json

import pytest
from fakes import test_registry

from wavjourney.exceptions import PlanningError
from wavjourney.planner import Plan, edit_script, plan_script
from wavjourney.planner.offline import music_mood, plan_offline, tokenize
from wavjourney.planner.prompts import (
    PromptContext,
    example_scripts,
    reply_schema,
    script_spec,
    system_prompt,
)
from wavjourney.script import AudioScript, parse_script
from wavjourney.tools.testing import ToneSpeechTool

VOICES = ToneSpeechTool().voices()
CAFE = "A couple dating in a rainy cafe"


def offline_plan(prompt=CAFE, **kwargs) -> Plan:
    return plan_script(prompt, llm=None, registry=test_registry(), **kwargs)


def test_rainy_cafe_has_speech_rain_ambience_and_music():
    result = offline_plan()
    script = result.script
    assert result.planner == "offline" and result.attempts == 0
    speech = [e for e in script.elements if e.type == "speech"]
    beds = [e for e in script.background if e.type == "sound_effect"]
    music = [e for e in script.elements if e.type == "music"]
    assert len(speech) >= 6
    assert any("rain" in e.description for e in beds)
    assert any("cafe" in e.description for e in beds)
    assert len(music) == 1 and music[0].layer == "background"
    assert "jazz" in music[0].description
    # A narrator and two characters, a man and a woman, with distinct voices.
    assert [c.name for c in script.characters][0] == "Narrator"
    voices = [c.voice for c in script.characters]
    assert len(set(voices)) == 3 and None not in voices
    man = next(c for c in script.characters if c.description.endswith(" man"))
    woman = next(c for c in script.characters if c.description.endswith(" woman"))
    assert man.voice == "tone-low" and woman.voice == "tone-high"
    # Ambience spans the scene, the music the whole piece, an occasional foreground effect.
    fg_ids = [e.id for e in script.foreground]
    assert music[0].start_at == fg_ids[0] and music[0].end_at == fg_ids[-1]
    assert any(e.type == "sound_effect" for e in script.foreground)
    # Loudness conventions.
    assert music[0].target_lufs == -28 and beds[0].target_lufs == -30
    assert all(e.target_lufs == -16 for e in speech)


def test_offline_planning_is_deterministic():
    assert plan_offline(CAFE, voices=VOICES) == plan_offline(CAFE, voices=VOICES)


def test_longer_durations_mean_more_lines():
    def words(duration_s):
        script = plan_offline(CAFE, duration_s=duration_s)
        return sum(len(e.text.split()) for e in script.elements if e.type == "speech")

    short, default, long = words(15), words(None), words(180)
    assert short < default < long
    assert 0.5 * 180 < long / 2.6 < 1.2 * 180  # roughly the requested length of speech


@pytest.mark.parametrize("prompt, sound, mood", [
    ("The evening news: a storm hits the city", "rain", "newsroom"),
    ("Grandpa tells a story by the fireplace", "fire", "piano"),
    ("Two friends camping in the forest at night", "birds", "piano"),
    ("A haunted house at midnight", "wind", "horror"),
    ("Astronauts talk to their robot on a spaceship", "spaceship", "electronic"),
])
def test_scene_and_mood_follow_the_prompt(prompt, sound, mood):
    script = plan_offline(prompt, voices=VOICES)
    descriptions = " ".join(e.description for e in script.elements if e.type != "speech")
    assert sound in descriptions
    assert mood in next(e.description for e in script.background if e.type == "music")


def test_music_mood_default_and_ties():
    assert music_mood(tokenize("something entirely different")) == "calm solo piano"
    assert music_mood(tokenize("a sad goodbye at the train station")).startswith("sad strings")


def test_offline_planner_warns_about_languages_it_does_not_write():
    result = offline_plan(language="ja")
    assert result.script.language == "en"
    assert "so this script is in English" in result.warnings[0]
    assert "LLM" in result.warnings[0]


def test_an_empty_prompt_is_refused():
    with pytest.raises(PlanningError, match="prompt is empty"):
        offline_plan("  ")


# Offline edits --------------------------------------------------------------------------------
def offline_edit(script, instruction):
    return edit_script(script, instruction, llm=None, registry=test_registry()).script


def test_add_thunder_and_make_the_music_quieter():
    script = offline_plan().script
    edited = offline_edit(script, "Add thunder and make the music quieter.")
    new = [e for e in edited.elements if e.id not in {x.id for x in script.elements}]
    assert len(new) == 1 and new[0].type == "sound_effect" and "thunder" in new[0].description
    assert new[0].layer == "foreground" and new[0].duration_s > 0
    assert edited.element("music-1").target_lufs == script.element("music-1").target_lufs - 6
    assert edited.characters == script.characters


@pytest.mark.parametrize("instruction, check", [
    ("make the music a bit louder", lambda s: s.element("music-1").target_lufs == -25),
    ("turn down the rain", lambda s: next(e for e in s.background if "rain" in
                                          e.description).target_lufs == -36),
    ("remove the cafe", lambda s: not any("cafe" in e.description for e in s.background
                                          if e.type == "sound_effect")),
    ("remove music-1", lambda s: not any(e.type == "music" for e in s.elements)),
    ("add a dog barking at the end", lambda s: "dog" in s.foreground[-1].description),
    ("add wind in the background", lambda s: any("wind" in e.description
                                                 for e in s.background)),
    ("add birds", lambda s: any("bird" in e.description for e in s.background)),
    ("add jazz music", lambda s: [e.description for e in s.elements
                                  if e.type == "music"] == ["jazz music"]),
])
def test_simple_offline_edits(instruction, check):
    assert check(offline_edit(offline_plan().script, instruction))


def test_removing_a_foreground_element_keeps_backgrounds_valid():
    script = offline_plan().script
    partner = script.characters[1].name
    first_line = next(e.id for e in script.foreground if e.type == "speech"
                      and e.character == partner)
    edited = offline_edit(script, f"remove {first_line}")
    rain = next(e for e in edited.background if "rain" in e.description)
    assert rain.start_at != first_line and rain.start_at in {e.id for e in edited.foreground}


@pytest.mark.parametrize("instruction, message", [
    ("rewrite the dialogue as a poem", "needs|without an LLM"),
    ("remove the elephant", "nothing in the script matches 'elephant'"),
    ("", "instruction is empty"),
])
def test_edits_that_need_an_llm_say_so(instruction, message):
    script = offline_plan().script
    with pytest.raises(PlanningError, match=message):
        offline_edit(script, instruction)


def test_an_edit_that_would_leave_no_foreground_is_refused():
    script = offline_plan().script
    with pytest.raises(PlanningError, match="every foreground element"):
        offline_edit(script, "remove the speech, then remove the effects")


# Prompt templates -----------------------------------------------------------------------------
def test_the_examples_in_the_prompt_are_valid_scripts():
    for example in example_scripts():
        data = {k: v for k, v in example.items() if k != "casting"}
        assert isinstance(parse_script(data), AudioScript)


def test_the_system_prompt_lists_rules_spec_voices_tools_and_examples():
    from wavjourney.tools.base import ToolInfo

    tools = {"music": [ToolInfo("fancy-music", "1", "music", "Neural music generator.")]}
    text = system_prompt(PromptContext(voices=VOICES, tools=tools,
                                       sound_categories=[("rain", "rainfall bed")]))
    for needle in ("foreground", "background", "One music at a time", "-16", "-28", "-30",
                   "-20", "Never put words to be spoken", "tone-high: A high test tone",
                   "fancy-music (Neural music generator.)", "- rain: rainfall bed",
                   "start_at", "speaking_rate", "duration_s", '"casting"', "Request:"):
        assert needle in text, needle
    # The examples are cast with this installation's voices.
    assert '"Clara": "tone-high"' in text


def test_the_spec_covers_every_script_field():
    from wavjourney.script.model import Character, Music, SoundEffect, Speech

    spec = script_spec()
    for model in (Speech, Music, SoundEffect, Character):
        for name in model.model_fields:
            if name not in {"seed", "voice"}:
                assert f"{name} (" in spec or name == "type", name


def test_the_reply_schema_is_the_script_plus_casting():
    schema = reply_schema()
    assert schema["title"] == "audio_script"
    assert {"characters", "elements", "casting"} <= set(schema["required"])
    assert json.dumps(schema)  # serialisable, for the provider

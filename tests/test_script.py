"""The audio script model: validation messages, defaults, the original format, the schema."""

from __future__ import annotations

import json

import pytest

from wavjourney.exceptions import ScriptError
from wavjourney.script import AudioScript, dump_script, parse_script

FG = {"type": "speech", "id": "line", "character": "A", "text": "Hi."}
CHARS = [{"name": "A"}]


def script(*elements, characters=CHARS):
    return {"characters": characters, "elements": list(elements)}


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ('{"elements": [', "malformed JSON"),
        (script({"type": "noise", "id": "n", "description": "x"}),
         "element 0, id 'n': unknown audio type 'noise'; allowed: speech, music, sound_effect"),
        (script({**FG, "target_lufs": 20}), "element 0, id 'line', field 'target_lufs': 20 is "
         "out of range; allowed: -70 to 0 LUFS"),
        (script({"type": "music", "id": "m", "description": "x", "duration_s": 36_000_000}),
         "field 'duration_s': 36000000 is out of range; allowed: above 0 and at most 7200"),
        (script(), "the script is empty"),
        (script({**FG, "character": "Zed"}), "unknown character 'Zed'; characters are: A"),
        (script({"type": "music", "id": "m", "desc": "x", "duration_s": 2}),
         "field 'desc': unknown field; did you mean 'description'?"),
        (script({"type": "music", "id": "m", "description": "x"}),
         "foreground music needs duration_s"),
        (script(FG, {"type": "music", "id": "bg", "layer": "background", "description": "x",
                     "start_at": "line"}),
         "element 1, id 'bg', field 'end_at': a background element needs end_at"),
        (script(FG, {**FG, "id": "two"},
                {"type": "music", "id": "bg", "layer": "background", "description": "x",
                 "start_at": "two", "end_at": "line"}),
         "element 2, id 'bg', field 'end_at': ends before it begins"),
        (script(FG, {"type": "music", "id": "bg", "layer": "background", "description": "x",
                     "start_at": "line", "end_at": "nope"}),
         "'nope' is not a foreground element id; foreground ids are: line"),
        (script(FG, {**FG}), "element 1, id 'line', field 'id': duplicate id"),
        (script({**FG, "gap_s": -1}), "the first foreground element cannot overlap"),
    ],
)
def test_errors_name_element_field_and_what_is_allowed(data, expected):
    with pytest.raises(ScriptError) as info:
        parse_script(data if isinstance(data, str) else json.dumps(data))
    assert expected in str(info.value)


def test_every_problem_is_reported_at_once():
    data = script({**FG, "target_lufs": 5}, {"type": "music", "id": "m", "description": "x",
                                              "duration_s": -1})
    with pytest.raises(ScriptError) as info:
        parse_script(data)
    assert {(i.index, i.field) for i in info.value.issues} == {(0, "target_lufs"),
                                                               (1, "duration_s")}


def test_defaults_are_filled_and_visible():
    s = parse_script(script({"type": "speech", "character": "A", "text": "Hi."},
                            {"type": "music", "layer": "background", "description": "x",
                             "start_at": "speech-1", "end_at": "speech-1"}))
    speech, music = s.elements
    assert (speech.id, speech.target_lufs) == ("speech-1", -16.0)
    assert (music.id, music.target_lufs, music.duck_db) == ("music-1", -28.0, 8.0)
    again = parse_script(dump_script(s))
    assert again == s


LEGACY = [
    {"audio_type": "music", "layout": "background", "id": 1, "action": "begin", "vol": -35,
     "desc": "calm piano"},
    {"audio_type": "speech", "layout": "foreground", "character": "Narrator", "vol": -15,
     "text": "Once upon a time."},
    {"audio_type": "sound_effect", "layout": "foreground", "vol": -30, "len": 2,
     "desc": "door creak"},
    {"audio_type": "music", "layout": "background", "id": 1, "action": "end"},
    {"audio_type": "speech", "layout": "foreground", "character": "Hero", "vol": -15,
     "text": "The end."},
]


def test_original_wavjourney_format_is_converted():
    s = parse_script(LEGACY)
    assert [c.name for c in s.characters] == ["Narrator", "Hero"]
    bg = s.background[0]
    assert (bg.type, bg.target_lufs, bg.description) == ("music", -35, "calm piano")
    assert (bg.start_at, bg.end_at) == (s.foreground[0].id, s.foreground[1].id)
    assert s.foreground[1].duration_s == 2 and s.foreground[1].target_lufs == -30


def test_original_format_with_voice_map():
    s = parse_script({"script": LEGACY, "voices": {"Narrator": "narrator"}})
    assert s.character("Narrator").voice == "narrator"
    assert s.character("Hero").voice is None


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (LEGACY[:3], "element 0, id '1': a begin without an end"),
        ([LEGACY[3], LEGACY[1]], "element 0, id '1', field 'action': an end without a begin"),
        ([LEGACY[0], LEGACY[3], LEGACY[1]], "wraps no foreground element"),
        ([{**LEGACY[1], "audio_type": "noise"}], "unknown audio_type 'noise'"),
    ],
)
def test_original_format_errors(lines, expected):
    with pytest.raises(ScriptError) as info:
        parse_script(lines)
    assert expected in str(info.value)


def test_json_schema_describes_elements():
    schema = AudioScript.model_json_schema()
    assert set(schema["$defs"]) >= {"Speech", "Music", "SoundEffect", "Character"}
    target_lufs = schema["$defs"]["Speech"]["properties"]["target_lufs"]
    assert target_lufs["anyOf"][0]["maximum"] == 0

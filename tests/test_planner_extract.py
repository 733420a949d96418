"""JSON extraction from free-text replies: fences, prose, trailing commas, single quotes."""

import json

import pytest

from wavjourney.planner.extract import ExtractionError, extract_json, repair_json

EXPECTED = {"title": "It's raining", "elements": [{"type": "speech", "text": "Hi, there"}]}
PLAIN = json.dumps(EXPECTED)


@pytest.mark.parametrize("reply", [
    PLAIN,
    f"```json\n{PLAIN}\n```",
    f"```\n{PLAIN}\n```",
    f"Here is your script:\n\n{PLAIN}\n\nLet me know if you want changes!",
    f"Sure. ```json\n{PLAIN}``` Hope it helps [really].",
    '{"title": "It\'s raining", "elements": [{"type": "speech", "text": "Hi, there",},],}',
    "{'title': \"It's raining\", 'elements': [{'type': 'speech', 'text': 'Hi, there'}]}",
    '{"title": "It\'s raining", // a comment\n "elements": [{"type": "speech", '
    '"text": "Hi, there"}] /* end */}',
    f"I thought about it [briefly] and {{here}} it is: {PLAIN}",
])
def test_extracts_the_json_object(reply):
    assert extract_json(reply) == EXPECTED


def test_python_literals_become_json_outside_strings_only():
    value = extract_json("{'loop': True, 'seed': None, 'text': 'True story'}")
    assert value == {"loop": True, "seed": None, "text": "True story"}


def test_commas_and_quotes_inside_strings_are_left_alone():
    text = '{"text": "a, b,] c", "note": "it\'s fine, }"}'
    assert repair_json(text) == text
    assert extract_json(text) == {"text": "a, b,] c", "note": "it's fine, }"}


def test_a_bare_list_is_accepted():
    assert extract_json('Result: [{"audio_type": "speech"}]') == [{"audio_type": "speech"}]


@pytest.mark.parametrize("reply, message", [
    ("", "the reply is empty"),
    ("I cannot help with that.", "no JSON object found"),
    ('{"title": "x", "elements": [{"type": "speech"', "incomplete"),
    ('{"title": "x" "elements": []}', "malformed JSON: Expecting ',' delimiter at line 1"),
])
def test_unreadable_replies_say_why(reply, message):
    with pytest.raises(ExtractionError, match=message):
        extract_json(reply)

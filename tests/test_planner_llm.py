"""The plan / repair / edit loop with fake chat models replaying recorded replies."""

import json

import pytest
from fakes import (
    GOOD_REPLY,
    MALFORMED_JSON,
    FakeChatModel,
    FakeToolChatModel,
    as_text,
    bad_field_reply,
    good_reply,
    open_background_reply,
    test_registry,
)
from langchain_core.messages import AIMessage, ToolMessage

from wavjourney.exceptions import PlanningError
from wavjourney.planner import edit_script, plan_script
from wavjourney.script import dump_script, parse_script

PROMPT = "A couple dating in a rainy cafe"


def plan(llm, **kwargs):
    return plan_script(PROMPT, llm=llm, registry=test_registry(), **kwargs)


@pytest.fixture(params=["text", "tools"])
def make_model(request):
    """Both reply paths: free text (JSON extraction) and structured output (tool calls)."""
    def make(replies):
        cls = FakeChatModel if request.param == "text" else FakeToolChatModel
        return cls(replies=list(replies))
    make.kind = request.param
    return make


def test_a_good_first_reply_costs_one_call_casting_included(make_model):
    llm = make_model([good_reply()])
    result = plan(llm)
    assert llm.calls == 1
    assert result.planner == "llm" and result.attempts == 1 and result.rejected == []
    assert result.casting == GOOD_REPLY["casting"]
    assert {c.name: c.voice for c in result.script.characters} == GOOD_REPLY["casting"]


@pytest.mark.parametrize("bad, error_text", [
    (bad_field_reply(), "unknown field; did you mean 'description'?"),
    (open_background_reply(), "a background element needs end_at"),
])
def test_a_bad_reply_then_a_good_one_costs_two_calls(make_model, bad, error_text):
    llm = make_model([bad, good_reply()])
    result = plan(llm)
    assert llm.calls == 2 and result.attempts == 2
    assert any(error_text in e for e in result.rejected[0])
    # The conversation continues: the model's own reply, then the exact errors.
    second = llm.requests[1]
    assert len(second) >= 4
    assert isinstance(second[2], AIMessage)
    assert error_text in second[-1].content
    assert error_text not in llm.request_text(0)
    if make_model.kind == "tools":
        assert isinstance(second[3], ToolMessage)  # every tool call gets its answer


@pytest.mark.parametrize("bad, error_text", [
    (MALFORMED_JSON, "the JSON is incomplete"),
    ('{"title": "x" "elements": []}', "malformed JSON: Expecting ',' delimiter at line 1"),
    ("Sorry, I can only describe it in words.", "no JSON object found"),
])
def test_unreadable_text_is_sent_back_with_the_reason(bad, error_text):
    llm = FakeChatModel(replies=[bad, as_text(good_reply())])
    result = plan(llm)
    assert llm.calls == 2
    assert error_text in llm.requests[1][-1].content
    assert result.script.title == "Rainy cafe"


def test_json_wrapped_in_prose_and_fences_is_accepted_first_time():
    llm = FakeChatModel(replies=[as_text(good_reply(), prose=True)])
    assert plan(llm).attempts == 1


def test_n_bad_replies_raise_planning_error_with_the_last_errors(make_model):
    llm = make_model([bad_field_reply(), open_background_reply(), bad_field_reply()])
    with pytest.raises(PlanningError) as info:
        plan(llm)
    assert llm.calls == 3
    assert "3 attempt" in str(info.value)
    assert any("did you mean 'description'" in e for e in info.value.errors)
    assert "did you mean 'description'" in str(info.value)


def test_max_attempts_bounds_the_calls():
    llm = FakeChatModel(replies=[bad_field_reply()] * 5)
    with pytest.raises(PlanningError):
        plan(llm, max_attempts=2)
    assert llm.calls == 2


def test_structured_output_falls_back_to_text_without_tool_calling():
    llm = FakeChatModel(replies=[good_reply()])
    with pytest.raises(NotImplementedError):
        llm.with_structured_output({"title": "x", "type": "object"})
    plan(llm)
    system = llm.requests[0][0].content
    assert "Reply with one JSON object and nothing else" in system


def test_structured_path_binds_the_reply_schema():
    llm = FakeToolChatModel(replies=[good_reply()])
    plan(llm)
    schema = llm.bound[0]
    assert schema["title"] == "audio_script"
    assert "casting" in schema["properties"] and "elements" in schema["properties"]
    assert "provided schema" in llm.requests[0][0].content


def test_a_model_that_ignores_the_tool_and_answers_in_text_still_works():
    llm = FakeToolChatModel(replies=[as_text(good_reply(), prose=True)])
    assert plan(llm).attempts == 1


def test_unknown_or_missing_casting_uses_the_heuristic_without_another_call():
    reply = good_reply(casting={"Tom": "no-such-voice"})
    llm = FakeChatModel(replies=[reply])
    result = plan(llm)
    assert llm.calls == 1
    voices = {c.name: c.voice for c in result.script.characters}
    assert voices["Tom"] == "tone-low"           # young man → the male-ish tone
    assert voices["Anna"] == "tone-high"         # young woman → the female-ish tone
    assert len(set(voices.values())) == 3        # distinct where presets allow


def test_a_wrapped_script_is_unwrapped():
    inner = good_reply()
    casting = inner.pop("casting")
    llm = FakeChatModel(replies=[{"script": inner, "casting": casting}])
    assert plan(llm).casting == casting


def test_prompt_carries_request_duration_language_voices():
    llm = FakeChatModel(replies=[good_reply()])
    plan(llm, duration_s=90, language="fr")
    system, user = llm.requests[0][0].content, llm.requests[0][1].content
    assert PROMPT in user and "90 seconds" in user and "French (fr)" in user
    for voice in ("tone-low", "tone-mid", "tone-high", "tone-child"):
        assert voice in system
    assert "-16" in system and "-28" in system and "-30" in system and "-20" in system


def test_the_requested_language_is_the_default():
    reply = good_reply()
    del reply["language"]
    result = plan(FakeChatModel(replies=[reply]), language="de")
    assert result.script.language == "de"


def test_a_failing_model_call_is_a_planning_error_not_retried():
    class Broken(FakeChatModel):
        def _generate(self, messages, stop=None, run_manager=None, **kwargs):
            self.requests.append(messages)
            raise ConnectionError("connection refused")

    llm = Broken()
    with pytest.raises(PlanningError, match="model call failed: ConnectionError"):
        plan(llm)
    assert llm.calls == 1


def test_edit_sends_the_current_script_and_keeps_unmentioned_fields():
    original = parse_script({**{k: v for k, v in GOOD_REPLY.items() if k != "casting"},
                             "seed": 7})
    original = original.model_copy(update={"characters": [
        c.model_copy(update={"voice": v}) for c, v in
        zip(original.characters, ["tone-mid", "tone-low", "tone-high"], strict=True)]})
    edited = json.loads(dump_script(original))
    del edited["seed"]                      # the model dropped a field it did not change
    edited["elements"][4]["target_lufs"] = -34
    del edited["elements"][3]["fade_in_s"]  # and an element field
    llm = FakeChatModel(replies=[edited])
    result = edit_script(original, "make the music quieter", llm=llm,
                         registry=test_registry(), history=["add rain"])
    request = llm.request_text(0)
    assert "make the music quieter" in request and '"id": "jazz"' in request
    assert "- add rain" in request
    assert result.script.seed == 7
    assert result.script.element("jazz").target_lufs == -34
    assert result.script.characters == original.characters
    assert llm.calls == 1


def test_edit_is_repaired_like_a_plan():
    original = parse_script({k: v for k, v in GOOD_REPLY.items() if k != "casting"})
    bad = good_reply()
    bad["elements"].append({"type": "sound_effect", "id": "thunder",
                            "description": "thunder"})  # foreground without duration
    good = good_reply()
    good["elements"].insert(2, {"type": "sound_effect", "id": "thunder",
                                "description": "distant thunder", "duration_s": 3})
    llm = FakeToolChatModel(replies=[bad, good])
    result = edit_script(original, "add thunder", llm=llm, registry=test_registry())
    assert llm.calls == 2 and "needs duration_s" in llm.requests[1][-1].content
    assert result.script.element("thunder").duration_s == 3


def test_an_edit_reply_whose_id_is_not_a_string_is_sent_back_not_a_crash():
    original = parse_script({k: v for k, v in GOOD_REPLY.items() if k != "casting"})
    bad = json.loads(dump_script(original))
    bad["elements"][0]["id"] = ["a", "list"]  # unhashable: must not reach a dict lookup
    llm = FakeChatModel(replies=[bad, json.loads(dump_script(original))])
    result = edit_script(original, "tweak it", llm=llm, registry=test_registry())
    assert llm.calls == 2
    assert "element 0, id \"['a', 'list']\", field 'id'" in llm.request_text(1)
    assert result.script.elements == original.elements

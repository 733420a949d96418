"""The real langchain-openai client against a local fake OpenAI-compatible server."""

import json
import logging
import os

import pytest

pytest.importorskip("langchain_openai")

from fakes import (  # noqa: E402
    MALFORMED_JSON,
    FakeOpenAIServer,
    as_text,
    bad_field_reply,
    good_reply,
    test_registry,
)

from wavjourney.exceptions import PlanningError  # noqa: E402
from wavjourney.planner import edit_script, plan_script  # noqa: E402
from wavjourney.planner.config import LLMSettings  # noqa: E402

DUMMY_KEY = "sk-dummy-local-0123456789"


@pytest.fixture(autouse=True)
def _dummy_openai_key(monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", DUMMY_KEY)


def model_for(server):
    # The provider's own pair of variables: a key given for that URL, so it is sent there
    # (a --base-url flag would get no key from the environment: see test_reliability).
    environ = {"OPENAI_API_KEY": DUMMY_KEY, "OPENAI_BASE_URL": server.base_url,
               "XDG_CONFIG_HOME": os.environ["XDG_CONFIG_HOME"]}
    settings = LLMSettings.from_environment(llm="openai:gpt-4o-mini", environ=environ)
    llm = settings.resolve()
    assert llm.max_retries == 0
    return llm


def test_plan_repair_and_edit_end_to_end(caplog):
    caplog.set_level(logging.DEBUG)
    edited = good_reply()
    edited["elements"][4]["target_lufs"] = -34
    replies = [MALFORMED_JSON, as_text(good_reply(), prose=True), edited]
    with FakeOpenAIServer(replies) as server:
        llm = model_for(server)
        planned = plan_script("A couple dating in a rainy cafe", llm=llm,
                              registry=test_registry())
        result = edit_script(planned.script, "make the music quieter", llm=llm,
                             registry=test_registry())

    assert planned.attempts == 2 and result.attempts == 1
    assert len(server.requests) == 3
    first, repair, edit = server.requests
    # Structured output through the OpenAI API (a JSON schema response format).
    assert first["response_format"]["type"] == "json_schema"
    assert first["model"] == "gpt-4o-mini"
    # The repair request continues the conversation with the exact error.
    roles = [m["role"] for m in repair["messages"]]
    assert roles == ["system", "user", "assistant", "user"]
    assert repair["messages"][2]["content"] == MALFORMED_JSON
    assert "the JSON is incomplete" in repair["messages"][3]["content"]
    # The edit request carries the current script and the instruction.
    assert '"id": "jazz"' in edit["messages"][1]["content"]
    assert "make the music quieter" in edit["messages"][1]["content"]
    assert result.script.element("jazz").target_lufs == -34
    assert planned.casting == {"Narrator": "tone-mid", "Tom": "tone-low", "Anna": "tone-high"}
    # The key reaches the server, and nothing else.
    assert server.headers[0].get("authorization", server.headers[0].get("Authorization")) \
        == f"Bearer {DUMMY_KEY}"
    assert DUMMY_KEY not in caplog.text


def test_repeated_bad_replies_raise_planning_error():
    with FakeOpenAIServer([json.dumps(bad_field_reply())] * 3) as server:
        with pytest.raises(PlanningError) as info:
            plan_script("x", llm=model_for(server), registry=test_registry())
    assert len(server.requests) == 3
    assert "did you mean 'description'" in str(info.value)
    assert DUMMY_KEY not in str(info.value)


def test_a_server_error_is_a_planning_error_without_retries():
    with FakeOpenAIServer([]) as server:  # answers 404
        with pytest.raises(PlanningError, match="model call failed"):
            plan_script("x", llm=model_for(server), registry=test_registry())
    assert len(server.requests) == 1

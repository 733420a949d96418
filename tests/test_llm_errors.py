"""LLM failures are fast and say where: an unreachable server fails in about a second naming
its URL, a connection error is never re-asked through the repair loop, every validation
error of a reply goes back in one round, and ``openai:`` at a local URL needs no key."""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
import time

import pytest
from fakes import FakeChatModel, good_reply, test_registry

from wavjourney.exceptions import PlanningError, ScriptError
from wavjourney.planner import plan_script
from wavjourney.planner.config import LLMSettings
from wavjourney.planner.llm import CONNECT_TIMEOUT_S, PLACEHOLDER_API_KEY, check_server
from wavjourney.script import parse_script

# Nothing listens on the discard port of this machine: a connection there is refused.
DEAD_URL = "http://127.0.0.1:9/v1"
FAIL_FAST_S = 3.0


def test_generate_with_an_unreachable_server_fails_within_3_s_naming_the_url(tmp_path):
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-c", "from wavjourney.cli import main; main()", "generate", "a cafe",
         "--llm", "openai:x", "--base-url", DEAD_URL, "-o", str(tmp_path / "x.wav")],
        capture_output=True, text=True, timeout=60, check=False, cwd=tmp_path)
    took_s = time.monotonic() - started
    assert done.returncode == 1, done.stderr
    assert f"cannot reach the LLM server at {DEAD_URL}: connection refused" in done.stderr
    assert "Traceback" not in done.stderr
    assert took_s < FAIL_FAST_S, f"took {took_s:.1f} s"
    assert not (tmp_path / "x.wav").exists()


def test_check_server_passes_when_something_listens():
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        check_server(f"http://127.0.0.1:{listener.getsockname()[1]}/v1")
        settings = LLMSettings(llm="openai:x", base_url=DEAD_URL)
        with pytest.raises(PlanningError, match="127.0.0.1:9"):
            settings.check_server()
        LLMSettings(llm=None, base_url=DEAD_URL).check_server()  # offline: nothing to check


class HangUpServer:
    """Accepts TCP connections and closes them at once, counting them."""

    def __init__(self) -> None:
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen()
        self.connections = 0
        self.url = f"http://127.0.0.1:{self.socket.getsockname()[1]}/v1"
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                connection, _ = self.socket.accept()
            except OSError:
                return
            self.connections += 1
            connection.close()


def test_a_connection_error_is_not_repeated_through_the_repair_loop():
    pytest.importorskip("langchain_openai")
    server = HangUpServer()
    try:
        llm = LLMSettings(llm="openai:x", base_url=server.url).resolve()
        started = time.monotonic()
        with pytest.raises(PlanningError) as info:
            plan_script("a cafe", llm=llm, registry=test_registry(), max_attempts=3)
        took_s = time.monotonic() - started
    finally:
        server.socket.close()
    assert server.url in str(info.value)
    assert server.connections == 1
    assert took_s < FAIL_FAST_S


def test_openai_at_a_local_url_needs_no_key(monkeypatch):
    pytest.importorskip("langchain_openai")
    monkeypatch.setenv("OPENAI_API_KEY", "sk-from-the-environment")
    llm = LLMSettings.from_environment(llm="openai:qwen", base_url="http://localhost:8080/v1",
                                       environ={}).resolve()
    # The client never falls back to the environment's OpenAI key for another server.
    assert llm.openai_api_key.get_secret_value() == PLACEHOLDER_API_KEY
    assert llm.root_client._client.timeout.connect == CONNECT_TIMEOUT_S  # what httpx uses


def test_a_reply_gets_all_its_errors_in_one_round():
    """A field error (out of range) and cross-element errors (unknown character, dangling
    reference) in one reply: all three go back to the model at once."""
    bad = good_reply()
    bad["elements"][1]["target_lufs"] = 20
    bad["elements"][2]["character"] = "Zed"
    bad["elements"][3]["end_at"] = "nope"
    with pytest.raises(ScriptError) as info:
        parse_script({k: v for k, v in bad.items() if k != "casting"})
    messages = "\n".join(str(issue) for issue in info.value.issues)
    for expected in ("20 is out of range", "unknown character 'Zed'", "'nope'"):
        assert expected in messages

    fake = FakeChatModel(replies=[bad, good_reply()])
    plan = plan_script("a cafe", llm=fake, registry=test_registry())
    assert plan.attempts == 2
    repair = fake.request_text(1)
    for expected in ("20 is out of range", "unknown character 'Zed'", "'nope'"):
        assert expected in repair

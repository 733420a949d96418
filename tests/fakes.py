"""Test doubles for the planner: chat models replaying scripted replies, a fake studio and a
local OpenAI-compatible HTTP server.

`FakeChatModel` answers in free text (no tool calling: `with_structured_output` raises
NotImplementedError, so the planner falls back to JSON extraction). `FakeToolChatModel`
supports `bind_tools` and answers a dict reply as a tool call, which exercises the
structured-output path. Both record every request, so tests can count model calls and read
what was sent.
"""

from __future__ import annotations

import copy
import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatResult
from langchain_core.utils.function_calling import convert_to_openai_tool
from pydantic import Field, PrivateAttr

from wavjourney.api import Studio

# A reply that validates: narrator + two characters, rain bed, music bed, casting.
GOOD_REPLY: dict[str, Any] = {
    "title": "Rainy cafe",
    "language": "en",
    "characters": [
        {"name": "Narrator", "description": "calm storyteller"},
        {"name": "Tom", "description": "young man"},
        {"name": "Anna", "description": "young woman"},
    ],
    "elements": [
        {"type": "speech", "id": "intro", "character": "Narrator",
         "text": "A rainy evening in a small cafe."},
        {"type": "speech", "id": "tom-1", "character": "Tom", "text": "Is this seat free?"},
        {"type": "speech", "id": "anna-1", "character": "Anna", "text": "It is. Please sit."},
        {"type": "sound_effect", "id": "rain", "layer": "background",
         "description": "steady rain on a window", "start_at": "tom-1", "end_at": "anna-1"},
        {"type": "music", "id": "jazz", "layer": "background",
         "description": "soft jazz in a cafe", "start_at": "intro", "end_at": "anna-1",
         "target_lufs": -28},
    ],
    "casting": {"Narrator": "tone-mid", "Tom": "tone-low", "Anna": "tone-high"},
}


def good_reply(**changes: Any) -> dict[str, Any]:
    """A deep copy of GOOD_REPLY with top-level keys replaced."""
    reply = copy.deepcopy(GOOD_REPLY)
    reply.update(changes)
    return reply


def bad_field_reply() -> dict[str, Any]:
    """Wrong field names (the original format's 'desc' and 'vol')."""
    reply = good_reply()
    rain = reply["elements"][3]
    rain["desc"] = rain.pop("description")
    rain["vol"] = -30
    return reply


def open_background_reply() -> dict[str, Any]:
    """A background element with no end."""
    reply = good_reply()
    del reply["elements"][4]["end_at"]
    return reply


def as_text(reply: dict[str, Any], *, prose: bool = False) -> str:
    text = json.dumps(reply, indent=2)
    if prose:
        return f"Sure! Here is the script you asked for:\n```json\n{text}\n```\nEnjoy the piece."
    return text


MALFORMED_JSON = '{"title": "Rainy cafe", "elements": [{"type": "speech" "id": "x"}'


class FakeChatModel(BaseChatModel):
    """Replays `replies` in order (str → text message, dict → JSON text, AIMessage as is)
    and records every request's messages in `requests`."""

    replies: list[Any] = Field(default_factory=list)
    requests: list[list[BaseMessage]] = Field(default_factory=list)

    @property
    def _llm_type(self) -> str:
        return "fake-replay"

    @property
    def calls(self) -> int:
        return len(self.requests)

    def _generate(self, messages: list[BaseMessage], stop: Any = None, run_manager: Any = None,
                  **kwargs: Any) -> ChatResult:
        self.requests.append(list(messages))
        if not self.replies:
            raise AssertionError(f"the fake model ran out of replies after {self.calls - 1} "
                                 "call(s)")
        return ChatResult(generations=[ChatGeneration(message=self._message(self.replies.pop(0)))])

    def _message(self, reply: Any) -> AIMessage:
        if isinstance(reply, AIMessage):
            return reply
        if isinstance(reply, dict):
            return AIMessage(json.dumps(reply))
        return AIMessage(str(reply))

    def request_text(self, index: int) -> str:
        """All message contents of one request, joined (to look for error text)."""
        return "\n".join(str(m.content) for m in self.requests[index])


class RoutedChatModel(BaseChatModel):
    """Replays replies by request rather than by arrival, for calls made in parallel:
    `replies` maps a route ("outline", "s3" for scene 3's request and its repairs,
    "edit-s3" for an edit of scene 3) to the replies for it, in order. Thread-safe; records
    every request, and how many were in flight at most. `delays_s` holds a route's answer
    back, so tests can make scenes finish out of order."""

    replies: dict[str, list[Any]] = Field(default_factory=dict)
    delays_s: dict[str, float] = Field(default_factory=dict)
    requests: list[list[BaseMessage]] = Field(default_factory=list)
    routes: list[str] = Field(default_factory=list)
    max_in_flight: int = 0
    _lock: Any = PrivateAttr(default_factory=threading.Lock)
    _in_flight: int = PrivateAttr(default=0)

    @property
    def _llm_type(self) -> str:
        return "fake-routed"

    @property
    def calls(self) -> int:
        return len(self.requests)

    @staticmethod
    def route(messages: list[BaseMessage]) -> str:
        text = "\n".join(str(m.content) for m in messages if m.type == "human")
        found = re.search(r"\b(Write|Edit) scene (s\d+)\b", text)
        if found:
            return found.group(2) if found.group(1) == "Write" else f"edit-{found.group(2)}"
        return "outline" if "outline" in text.split("\n", 1)[0] else "plan"

    def _generate(self, messages: list[BaseMessage], stop: Any = None, run_manager: Any = None,
                  **kwargs: Any) -> ChatResult:
        key = self.route(messages)
        with self._lock:
            self.requests.append(list(messages))
            self.routes.append(key)
            self._in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self._in_flight)
            queue = self.replies.get(key)
            reply = queue.pop(0) if queue else None
        try:
            time.sleep(self.delays_s.get(key, 0.0))
            if reply is None:
                raise AssertionError(f"the fake model has no reply left for {key!r}")
            text = reply if isinstance(reply, str) else json.dumps(reply)
            return ChatResult(generations=[ChatGeneration(message=AIMessage(text))])
        finally:
            with self._lock:
                self._in_flight -= 1


class FakeToolChatModel(FakeChatModel):
    """Supports tool calling: `bind_tools` returns the model itself and a dict reply comes
    back as a call of the bound tool."""

    tool_name: str | None = None
    bound: list[Any] = Field(default_factory=list)

    def bind_tools(self, tools: Any, **kwargs: Any) -> FakeToolChatModel:
        self.bound = list(tools)
        self.tool_name = convert_to_openai_tool(tools[0])["function"]["name"]
        return self

    def _message(self, reply: Any) -> AIMessage:
        if isinstance(reply, dict):
            return AIMessage("", tool_calls=[{"name": self.tool_name or "audio_script",
                                              "args": reply, "id": f"call_{self.calls}",
                                              "type": "tool_call"}])
        return super()._message(reply)


class FakeStudio(Studio):
    """A real Studio on the test tools whose `render` records the call instead of making
    audio (session tests check what is rendered, not the audio)."""

    def __init__(self, llm: Any = None, registry: Any = None):
        super().__init__(llm=llm, registry=registry or test_registry(),
                         tool_preferences={"speech": "test-tone-speech"})
        self.rendered: list[tuple[Any, Path | None]] = []

    def render(self, script: Any, out_dir: Any = None, **kwargs: Any) -> dict[str, Any]:
        self.rendered.append((script, out_dir))
        return {"script": script, "out_dir": out_dir}


def test_registry():
    """A registry with only the deterministic test tools."""
    from wavjourney.tools.registry import Registry
    from wavjourney.tools.testing import ChordMusicTool, NoiseSfxTool, ToneSpeechTool

    return Registry([ToneSpeechTool, ChordMusicTool, NoiseSfxTool], entry_points=False)


test_registry.__test__ = False  # a helper, not a test


class FakeOpenAIServer:
    """A local OpenAI-compatible server answering /v1/chat/completions with canned replies.

    Each reply is a string (the assistant's content) or a dict (sent as the content, as
    JSON). Requests' JSON bodies and headers are recorded. Use as a context manager.
    """

    def __init__(self, replies: list[Any]):
        self.replies = list(replies)
        self.requests: list[dict[str, Any]] = []
        self.headers: list[dict[str, str]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
                length = int(self.headers.get("Content-Length", 0))
                body = json.loads(self.rfile.read(length) or b"{}")
                server.requests.append(body)
                server.headers.append(dict(self.headers))
                if not self.path.endswith("/chat/completions") or not server.replies:
                    self._send(404, {"error": {"message": f"no reply for {self.path}"}})
                    return
                reply = server.replies.pop(0)
                content = reply if isinstance(reply, str) else json.dumps(reply)
                self._send(200, {
                    "id": f"chatcmpl-{len(server.requests)}", "object": "chat.completion",
                    "created": 0, "model": body.get("model", "fake"),
                    "choices": [{"index": 0, "finish_reason": "stop",
                                 "message": {"role": "assistant", "content": content}}],
                    "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
                })

            def _send(self, status: int, payload: dict[str, Any]) -> None:
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: Any) -> None:  # keep test output quiet
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever,
                                        kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/v1"

    def __enter__(self) -> FakeOpenAIServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)


# Variables that would point the planner at a real model or change its settings.
LLM_ENV_VARS = ("OPENAI_API_KEY", "OPENAI_BASE_URL", "OPENAI_API_BASE", "ANTHROPIC_API_KEY",
                "ANTHROPIC_BASE_URL", "OLLAMA_HOST", "GROQ_API_KEY", "MISTRAL_API_KEY",
                "GOOGLE_API_KEY", "DEEPSEEK_API_KEY", "WAVJOURNEY_LLM", "WAVJOURNEY_BASE_URL",
                "WAVJOURNEY_CONFIG")

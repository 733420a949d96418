"""Shared fixtures: a clean environment, no network, and studios on the test tools."""

from __future__ import annotations

import json
import os
import socket
from pathlib import Path

import pytest
from fakes import LLM_ENV_VARS

TEST_TOOLS = {"speech": "test-tone-speech", "music": "test-noise-music",
              "sound_effect": "test-noise-sfx"}
# The same choice as command-line options (--tool KIND=NAME ...).
TOOL_ARGS = [arg for kind, name in TEST_TOOLS.items() for arg in ("--tool", f"{kind}={name}")]
EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

# Variables that would point the planner at a real model, change its settings, or share a
# developer's cache.
_SECRET_VARS = (*LLM_ENV_VARS, "WAVJOURNEY_CACHE_DIR")


@pytest.fixture(autouse=True)
def clean_environ(monkeypatch, tmp_path_factory):
    """No test sees the developer's keys, config or cache."""
    for name in _SECRET_VARS:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("xdg-cache")))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path_factory.mktemp("xdg-config")))
    monkeypatch.setenv("GRADIO_ANALYTICS_ENABLED", "False")
    monkeypatch.setenv("HF_HUB_DISABLE_TELEMETRY", "1")


@pytest.fixture(autouse=True)
def no_outside_network(monkeypatch):
    """Connections anywhere but this machine fail loudly."""
    real_connect = socket.socket.connect

    def guarded(self, address):
        host = address[0] if isinstance(address, tuple) else address
        if isinstance(host, str) and not (host.startswith("127.") or host in ("localhost", "::1")
                                          or host.startswith("/")):
            raise RuntimeError(f"tests must not reach outside hosts (tried {address!r})")
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)


@pytest.fixture
def studio(tmp_path):
    """A Studio on the deterministic test tools with its own cache."""
    from wavjourney import Studio

    return Studio(cache_dir=tmp_path / "cache", tool_preferences=dict(TEST_TOOLS))


@pytest.fixture
def bench(tmp_path):
    """The web app's Workbench, its studios on the test tools (plus a visitor's LLM settings)."""
    from wavjourney.api import Studio
    from wavjourney.ui import handlers as h
    from wavjourney.ui.sessions import SessionStore

    def factory(settings):
        return Studio(llm=settings.llm or None, base_url=settings.base_url or None,
                      cache_dir=tmp_path / "cache",
                      tool_preferences={**TEST_TOOLS, **settings.tool_preferences})

    return h.Workbench(factory, SessionStore(tmp_path / "work"))


@pytest.fixture
def visitor(bench, ui_script):
    """A visitor of `bench` with the test module's `ui_script` fixture applied as JSON."""
    visitor = bench.visitor(None)
    bench.apply_json(visitor, json.dumps(ui_script))
    return visitor


@pytest.fixture
def dialogue_script() -> dict:
    """Two speakers, a foreground effect with a gap, and ducked background music."""
    return {
        "title": "test dialogue",
        "characters": [{"name": "Ann"}, {"name": "Bob"}],
        "elements": [
            {"type": "speech", "id": "a1", "character": "Ann",
             "text": "Hello there, how are you today?"},
            {"type": "sound_effect", "id": "knock", "description": "door knock", "duration_s": 1.5,
             "gap_s": 0.5},
            {"type": "speech", "id": "b1", "character": "Bob", "text": "Fine thanks, and you?",
             "gap_s": -0.2},
            {"type": "speech", "id": "a2", "character": "Ann", "text": "Never better, my friend."},
            {"type": "music", "id": "bed", "layer": "background", "description": "calm piano",
             "start_at": "a1", "end_at": "b1"},
            {"type": "sound_effect", "id": "rain", "layer": "background", "description": "rain",
             "start_at": "b1", "end_at": "a2"},
        ],
    }


def write_json(path: Path, data) -> Path:
    path.write_text(json.dumps(data))
    return path


def is_ci() -> bool:
    return os.environ.get("CI") == "true"

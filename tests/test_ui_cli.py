"""`wavjourney ui`: options, privacy defaults, the missing-extra message; nothing is served."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from wavjourney.cli import app

runner = CliRunner()


@pytest.fixture
def captured_launch(monkeypatch, tmp_path):
    """Replace serving with a recorder; the env vars the command sets are restored after."""
    for name in ("GRADIO_ANALYTICS_ENABLED", "HF_HUB_DISABLE_TELEMETRY", "GRADIO_TEMP_DIR"):
        monkeypatch.delenv(name, raising=False)
    calls = []
    pytest.importorskip("gradio")
    import wavjourney.ui.app as ui_app

    def fake_launch(demo, **kwargs):
        calls.append({"demo": demo, **kwargs,
                      "env": {k: os.environ.get(k) for k in ("GRADIO_ANALYTICS_ENABLED",
                                                            "HF_HUB_DISABLE_TELEMETRY",
                                                            "GRADIO_TEMP_DIR")}})

    monkeypatch.setattr(ui_app, "launch", fake_launch)
    return calls


def test_ui_defaults_to_this_machine_with_telemetry_off(captured_launch, tmp_path):
    result = runner.invoke(app, ["ui", "--workdir", str(tmp_path / "work"), "--port", "0",
                                 "--tool", "speech=test-tone-speech"])
    assert result.exit_code == 0, result.output
    (call,) = captured_launch
    assert call["host"] == "127.0.0.1" and call["share"] is False
    assert call["env"]["GRADIO_ANALYTICS_ENABLED"] == "False"
    assert call["env"]["HF_HUB_DISABLE_TELEMETRY"] in ("1", "True")  # gradio writes "True"
    assert call["env"]["GRADIO_TEMP_DIR"].startswith(str(tmp_path / "work"))
    bench = call["demo"].wavjourney_bench
    assert bench.default_settings.tool_preferences == {"speech": "test-tone-speech"}
    assert bench.default_settings.llm == ""  # offline planner
    assert call["demo"].wavjourney_workdir == (tmp_path / "work").resolve()


def test_ui_takes_the_llm_flags(captured_launch, tmp_path):
    result = runner.invoke(app, ["ui", "--workdir", str(tmp_path), "--llm", "local:tiny",
                                 "--base-url", "http://127.0.0.1:9/v1", "--host", "0.0.0.0"])
    assert result.exit_code == 0, result.output
    settings = captured_launch[0]["demo"].wavjourney_bench.default_settings
    assert (settings.llm, settings.base_url) == ("local:tiny", "http://127.0.0.1:9/v1")
    assert captured_launch[0]["host"] == "0.0.0.0"
    assert "anyone who can reach this machine" in result.output


def test_bad_tool_option(captured_launch, tmp_path):
    result = runner.invoke(app, ["ui", "--workdir", str(tmp_path), "--tool", "voice=x"])
    assert result.exit_code == 1
    assert "--tool takes KIND=NAME" in result.output
    assert captured_launch == []


def test_missing_gradio_names_the_extra(monkeypatch, tmp_path):
    import importlib.util

    import wavjourney.cli.ui_commands as commands

    real = importlib.util.find_spec
    monkeypatch.setattr(commands.importlib.util, "find_spec",
                        lambda name, *a: None if name == "gradio" else real(name, *a))
    monkeypatch.delenv("GRADIO_TEMP_DIR", raising=False)
    result = runner.invoke(app, ["ui", "--workdir", str(tmp_path)])
    assert result.exit_code == 1
    assert 'pip install "wavjourney[ui]"' in result.output


def test_the_cli_does_not_import_gradio():
    code = ("import sys, wavjourney.cli, wavjourney.ui, wavjourney.voice_library; "
            "sys.exit(1 if 'gradio' in sys.modules or 'matplotlib' in sys.modules else 0)")
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0

"""The planning commands: plan, generate, edit, chat."""

import json
import subprocess
import sys

import pytest
from fakes import FakeOpenAIServer, as_text, bad_field_reply, good_reply
from typer.testing import CliRunner

from tests.conftest import TOOL_ARGS
from wavjourney.cli import app
from wavjourney.script import load_script

runner = CliRunner()
PROMPT = "A couple dating in a rainy cafe"
DUMMY_KEY = "sk-dummy-cli-0123456789"


@pytest.fixture
def openai_key(monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", DUMMY_KEY)


def llm_args(server):
    return ["--llm", "openai:gpt-4o-mini", "--base-url", server.base_url]


def test_plan_offline_writes_a_script(tmp_path):
    out = tmp_path / "script.json"
    result = runner.invoke(app, ["plan", PROMPT, "-o", str(out), "--duration", "30", *TOOL_ARGS])
    assert result.exit_code == 0, result.output
    assert "Planned with the offline planner (no LLM configured)" in result.output
    script = load_script(out)
    kinds = {e.type for e in script.elements}
    assert kinds == {"speech", "music", "sound_effect"}
    assert any("rain" in e.description for e in script.background)
    assert {c.voice for c in script.characters} <= {"tone-low", "tone-mid", "tone-high",
                                                    "tone-child"}


def test_plan_prints_the_script_without_o():
    result = runner.invoke(app, ["plan", PROMPT, *TOOL_ARGS])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["elements"]


def test_plan_repairs_through_the_configured_llm(tmp_path, openai_key):
    out = tmp_path / "script.json"
    with FakeOpenAIServer([json.dumps(bad_field_reply()), as_text(good_reply())]) as server:
        result = runner.invoke(app, ["plan", PROMPT, "-o", str(out), *llm_args(server),
                                     *TOOL_ARGS])
    assert result.exit_code == 0, result.output
    assert "in 2 model calls" in result.output
    assert load_script(out).title == "Rainy cafe"
    assert DUMMY_KEY not in result.output


def test_llm_from_the_environment(tmp_path, monkeypatch, openai_key):
    with FakeOpenAIServer([good_reply()]) as server:
        monkeypatch.setenv("WAVJOURNEY_LLM", "openai:gpt-4o-mini")
        monkeypatch.setenv("WAVJOURNEY_BASE_URL", server.base_url)
        result = runner.invoke(app, ["plan", PROMPT, "-o", str(tmp_path / "s.json"),
                                     *TOOL_ARGS])
    assert result.exit_code == 0, result.output
    assert len(server.requests) == 1 and "(from env)" in result.output


def test_a_planning_error_exits_non_zero_and_writes_nothing(tmp_path, openai_key):
    out = tmp_path / "script.json"
    with FakeOpenAIServer([json.dumps(bad_field_reply())] * 3) as server:
        result = runner.invoke(app, ["plan", PROMPT, "-o", str(out), *llm_args(server),
                                     *TOOL_ARGS])
    assert result.exit_code == 1
    assert "error:" in result.output and "no valid script in 3 attempt" in result.output
    assert "did you mean 'description'" in result.output
    assert "Traceback" not in result.output
    assert not out.exists() and list(tmp_path.iterdir()) == []


def test_generate_fails_cleanly_on_planning_error(tmp_path, openai_key):
    with FakeOpenAIServer(["not json"] * 3) as server:
        result = runner.invoke(app, ["generate", PROMPT, "--out", str(tmp_path / "b"),
                                     *llm_args(server), *TOOL_ARGS])
    assert result.exit_code == 1 and "no JSON object found" in result.output
    assert not (tmp_path / "b").exists()


def test_a_missing_provider_extra_names_the_command(tmp_path):
    import importlib.util

    if importlib.util.find_spec("langchain_ollama") is not None:
        pytest.skip("langchain-ollama is installed here")
    out = tmp_path / "s.json"
    result = runner.invoke(app, ["plan", PROMPT, "--llm", "ollama:llama3.1", "-o", str(out)])
    assert result.exit_code == 1 and not out.exists()
    assert "needs the langchain-ollama package: pip install" in result.output


def test_generate_offline_writes_a_bundle(tmp_path):
    out = tmp_path / "bundle"
    result = runner.invoke(app, ["generate", PROMPT, "--out", str(out), "--duration", "20",
                                 "--cache-dir", str(tmp_path / "cache"), *TOOL_ARGS])
    assert result.exit_code == 0, result.output
    assert "Planned with the offline planner (no LLM configured)" in result.output
    assert (out / "mix.wav").is_file() and (out / "script.json").is_file()
    report = json.loads((out / "report.json").read_text())
    assert report["planner"] == "offline" and report["prompt"] == PROMPT
    assert report["planning_attempts"] == 0


def test_generate_just_the_mix(tmp_path):
    out = tmp_path / "piece.wav"
    result = runner.invoke(app, ["generate", PROMPT, "-o", str(out), "--duration", "15",
                                 "--cache-dir", str(tmp_path / "cache"), *TOOL_ARGS])
    assert result.exit_code == 0, result.output
    assert out.is_file() and sorted(p.name for p in tmp_path.iterdir()) == ["cache",
                                                                           "piece.wav"]


def test_generate_needs_a_destination():
    result = runner.invoke(app, ["generate", PROMPT])
    assert result.exit_code == 1 and "--out DIR" in result.output


def test_edit_offline_prints_the_diff(tmp_path):
    script = tmp_path / "script.json"
    assert runner.invoke(app, ["plan", PROMPT, "-o", str(script), *TOOL_ARGS]).exit_code == 0
    out = tmp_path / "new.json"
    result = runner.invoke(app, ["edit", str(script), "make the music quieter", "-o", str(out),
                                 *TOOL_ARGS])
    assert result.exit_code == 0, result.output
    assert "~ music-1.target_lufs: -28 → -34" in result.output
    assert load_script(out).element("music-1").target_lufs == -34


def test_edit_needing_an_llm_fails_and_writes_nothing(tmp_path):
    script = tmp_path / "script.json"
    runner.invoke(app, ["plan", PROMPT, "-o", str(script), *TOOL_ARGS])
    out = tmp_path / "new.json"
    result = runner.invoke(app, ["edit", str(script), "turn it into a musical", "-o", str(out)])
    assert result.exit_code == 1 and "LLM" in result.output
    assert not out.exists()


def test_edit_with_the_llm(tmp_path, openai_key):
    script = tmp_path / "script.json"
    script.write_text(json.dumps({k: v for k, v in good_reply().items() if k != "casting"}))
    edited = good_reply()
    edited["elements"][4]["target_lufs"] = -34
    with FakeOpenAIServer([edited]) as server:
        result = runner.invoke(app, ["edit", str(script), "quieter music", "-o",
                                     str(tmp_path / "new.json"), *llm_args(server), *TOOL_ARGS])
    assert result.exit_code == 0, result.output
    assert "~ jazz.target_lufs: -28 → -34" in result.output


def test_chat_loop_without_rendering(tmp_path):
    folder = tmp_path / "session"
    lines = ["add thunder", ":undo", ":undo", ":redo", "make the music quieter", "",
             "rewrite everything as a poem", ":diff", f":save {tmp_path / 'copy'}", ":bogus",
             ":quit", "never read"]
    result = runner.invoke(app, ["chat", "--prompt", PROMPT, "--dir", str(folder),
                                 "--no-render", *TOOL_ARGS], input="\n".join(lines) + "\n")
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Planned with the offline planner" in out and "version 1:" in out
    assert "version 2:\n+ sound_effect-" in out
    assert "back to version 1" in out and "nothing to undo" in out
    assert "forward to version 2" in out
    assert "version 3:\n~ music-1.target_lufs: -28 → -34" in out
    assert "without an LLM" in out          # a failed turn does not end the chat
    assert "unknown command ':bogus'" in out
    state = json.loads((folder / "session.json").read_text())
    assert state["current_version"] == 3 and len(state["versions"]) == 3
    assert (tmp_path / "copy" / "versions" / "v003.json").is_file()

    # Running chat again in the same folder resumes the session.
    again = runner.invoke(app, ["chat", "--dir", str(folder), "--no-render", *TOOL_ARGS],
                          input=":undo\n")
    assert again.exit_code == 0 and "resumed the session" in again.output
    assert "back to version 2" in again.output


def test_chat_renders_each_version_incrementally(tmp_path):
    folder = tmp_path / "session"
    result = runner.invoke(app, ["chat", "--prompt", PROMPT, "--duration", "15", "--dir",
                                 str(folder), "--cache-dir", str(tmp_path / "cache"),
                                 *TOOL_ARGS], input="add thunder\n:render\n")
    assert result.exit_code == 0, result.output
    assert f"rendered version 1 → {folder / 'renders' / 'v001' / 'mix.wav'}" in result.output
    assert "rendered version 2" in result.output and "1 clip(s) generated" in result.output
    assert "0 clip(s) generated" in result.output  # :render again: all cached
    assert (folder / "renders" / "v002" / "mix.wav").is_file()


def test_chat_from_a_script_file(tmp_path):
    script = tmp_path / "script.json"
    script.write_text(json.dumps({k: v for k, v in good_reply().items() if k != "casting"}))
    result = runner.invoke(app, ["chat", "--script", str(script), "--dir", str(tmp_path / "s"),
                                 "--no-render", *TOOL_ARGS], input=":show\n")
    assert result.exit_code == 0, result.output
    assert '"id": "jazz"' in result.output


@pytest.mark.parametrize("command", ["plan", "generate", "edit", "chat"])
def test_help_stays_light(command):
    code = ("import sys\nfrom typer.testing import CliRunner\nfrom wavjourney.cli import app\n"
            f"r = CliRunner().invoke(app, [{command!r}, '--help'])\n"
            "assert r.exit_code == 0, r.output\n"
            "print([m for m in ('torch', 'langchain_core', 'langchain', 'openai', 'jinja2') "
            "if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"

"""The command line follows the usual conventions: --version, shell completion, -q / -v,
``-`` for stdin and stdout, exit code 130 on Ctrl-C, help that lists every format, and a
`tools` listing readable at 80 columns."""

from __future__ import annotations

import io
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import soundfile
from typer.testing import CliRunner

from tests.conftest import EXAMPLES, TOOL_ARGS, write_json
from wavjourney import __version__
from wavjourney.audio_io import SUPPORTED_SUFFIXES
from wavjourney.cli import app

runner = CliRunner()
SCRIPT = {"characters": [{"name": "A"}], "elements": [
    {"type": "speech", "id": "hi", "character": "A", "text": "Hello there."},
    {"type": "music", "id": "bed", "layer": "background", "description": "calm piano",
     "start_at": "hi", "end_at": "hi"}]}
CLI = [sys.executable, "-c", "from wavjourney.cli import main; main()"]
INTERRUPT_DEADLINE_S = 60


def cli(*args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([*CLI, *args], capture_output=True, timeout=120, check=False, **kwargs)


def test_version():
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.output.strip() == f"wavjourney {__version__}"


def test_shell_completion_is_enabled(tmp_path):
    result = runner.invoke(app, ["--help"])
    assert "--install-completion" in result.output
    # Typer's switch for tests: take the shell from the argument, not from the process tree
    # (which depends on how the test run was started).
    fixed_shell = {**os.environ, "_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"}
    script = cli("--show-completion", "bash", env=fixed_shell)
    assert script.returncode == 0 and b"_wavjourney_completion" in script.stdout
    # The completion itself: what bash gets for "wavjourney ren<TAB>".
    env = {**os.environ, "_WAVJOURNEY_COMPLETE": "complete_bash", "COMP_WORDS": "wavjourney ren",
           "COMP_CWORD": "1"}
    done = subprocess.run([*CLI], capture_output=True, text=True, env=env, timeout=60,
                          check=False)
    assert done.stdout.split() == ["render"], done.stdout + done.stderr
    installed = cli("--install-completion", "bash", env={**fixed_shell, "HOME": str(tmp_path)})
    assert installed.returncode == 0, installed.stderr
    assert "wavjourney" in (tmp_path / ".bashrc").read_text()


def test_quiet_prints_nothing_but_writes_the_mix(tmp_path):
    script = write_json(tmp_path / "s.json", SCRIPT)
    mix = tmp_path / "mix.wav"
    result = runner.invoke(app, ["-q", "render", str(script), "-o", str(mix), "--cache-dir",
                                 str(tmp_path / "c"), *TOOL_ARGS])
    assert result.exit_code == 0, result.output
    assert result.output == ""
    assert soundfile.info(mix).duration > 0.5
    loud = runner.invoke(app, ["render", str(script), "-o", str(mix), "--force", "--cache-dir",
                               str(tmp_path / "c"), *TOOL_ARGS])
    assert "s of audio in" in loud.output  # the summary -q hid


def test_verbose_names_each_element_as_it_is_made(tmp_path):
    script = write_json(tmp_path / "s.json", SCRIPT)
    result = runner.invoke(app, ["-v", "render", str(script), "-o", str(tmp_path / "m.wav"),
                                 "--cache-dir", str(tmp_path / "c"), *TOOL_ARGS])
    assert result.exit_code == 0, result.output
    assert 'making speech hi (A: "Hello there.")' in result.output
    assert "making music bed (calm piano)" in result.output
    assert re.search(r"2/2 elements: \w+ in \d+\.\d s", result.output), result.output


def test_quiet_and_verbose_together_are_refused():
    result = runner.invoke(app, ["-q", "-v", "tools"])
    assert result.exit_code == 1
    assert "contradict" in result.output


def test_render_reads_stdin_and_writes_the_mix_to_stdout(tmp_path):
    done = cli("render", "-", "-o", "-", "--cache-dir", str(tmp_path / "c"), *TOOL_ARGS,
               input=json.dumps(SCRIPT).encode(), cwd=tmp_path)
    assert done.returncode == 0, done.stderr.decode()
    assert done.stdout[:4] == b"RIFF"
    audio, rate = soundfile.read(io.BytesIO(done.stdout))
    assert audio.shape[0] / rate > 0.5
    assert b"s of audio in" in done.stderr  # the summary goes to stderr, not into the audio
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c"]  # nothing left behind


def test_render_with_nothing_on_stdin_fails_clearly(tmp_path):
    result = runner.invoke(app, ["render", "-", "-o", str(tmp_path / "m.wav")], input="")
    assert result.exit_code == 1
    assert "no script on stdin" in result.output


def test_ctrl_c_exits_130(tmp_path):
    """SIGINT in the middle of a render (the offline tools, slow enough to catch)."""
    process = subprocess.Popen(
        [*CLI, "-v", "render", str(EXAMPLES / "radio_drama.json"), "--out",
         str(tmp_path / "out"), "--cache-dir", str(tmp_path / "c")],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        for line in process.stderr:  # wait until the render is under way
            if "making " in line:
                break
        process.send_signal(signal.SIGINT)
        started = time.monotonic()
        _, rest = process.communicate(timeout=INTERRUPT_DEADLINE_S)
    finally:
        process.kill()
    assert process.returncode == 130, rest
    assert "interrupted" in rest
    assert time.monotonic() - started < INTERRUPT_DEADLINE_S
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("command", ["render", "generate"])
def test_help_lists_every_supported_format(command):
    result = runner.invoke(app, [command, "--help"], env={"COLUMNS": "200"})
    for suffix in SUPPORTED_SUFFIXES:
        assert suffix in result.output, f"{suffix} missing from `{command} --help`"


def test_an_unsupported_format_names_the_supported_ones(tmp_path):
    script = write_json(tmp_path / "s.json", SCRIPT)
    result = runner.invoke(app, ["render", str(script), "-o", str(tmp_path / "m.aiff")])
    assert result.exit_code == 1
    assert ".wav, .flac, .mp3, .ogg" in result.output


def test_ogg_output_works(tmp_path):
    script = write_json(tmp_path / "s.json", SCRIPT)
    mix = tmp_path / "m.ogg"
    result = runner.invoke(app, ["render", str(script), "-o", str(mix), "--cache-dir",
                                 str(tmp_path / "c"), *TOOL_ARGS])
    assert result.exit_code == 0, result.output
    assert soundfile.info(mix).format == "OGG"


def test_tools_fits_80_columns_and_lists_the_sound_categories():
    result = runner.invoke(app, ["tools"], env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert max(len(line.rstrip()) for line in lines) <= 80
    for name in ("offline-speech", "offline-music", "offline-sfx", "test-tone-speech"):
        assert any(name in line for line in lines), f"{name} cut off"
    assert "capabilities: multilingual, offline, ssml" in " ".join(result.output.split())
    assert "Sound categories" in result.output
    for category in ("rain", "thunder", "dog bark", "ocean waves"):
        assert re.search(rf"^\s*{category}\s", result.output, re.MULTILINE), category


def test_chat_keeps_its_session_out_of_the_current_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    cache = tmp_path / "cache"
    script = write_json(tmp_path / "s.json", SCRIPT)
    result = runner.invoke(app, ["chat", "--script", str(script), "--no-render", "--cache-dir",
                                 str(cache), *TOOL_ARGS], input=":quit\n")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache", "s.json"]
    sessions = list((cache / "sessions").iterdir())
    assert len(sessions) == 1 and str(sessions[0]) in result.output
    assert list(sessions[0].iterdir()), "the session was not saved"


def test_readme_lists_each_listing_command_on_its_own_line():
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text()
    assert "voices | tools" not in readme
    for command in ("wavjourney voices", "wavjourney tools", "wavjourney schema"):
        assert re.search(rf"^{command}\b", readme, re.MULTILINE), command

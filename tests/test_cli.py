"""The command line: render, compile, schema and clear errors for bad input."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from tests.conftest import TOOL_ARGS, write_json
from wavjourney.cli import app

runner = CliRunner()
GOOD = {"characters": [{"name": "A"}], "elements": [
    {"type": "speech", "id": "hi", "character": "A", "text": "Hello."},
    {"type": "music", "id": "m", "layer": "background", "description": "calm",
     "start_at": "hi", "end_at": "hi"}]}
LEGACY_BG = {"audio_type": "music", "layout": "background", "id": 1, "desc": "calm"}
LEGACY_FG = {"audio_type": "speech", "layout": "foreground", "character": "A", "text": "Hi."}

BAD_INPUTS = {
    "malformed JSON": ('{"elements": [', "malformed JSON"),
    "unknown audio type": ({"elements": [{"type": "noise", "description": "x"}]},
                           "unknown audio type 'noise'"),
    "background without end": ([{**LEGACY_BG, "action": "begin"}, LEGACY_FG],
                               "a begin without an end"),
    "end without begin": ([LEGACY_FG, {**LEGACY_BG, "action": "end"}], "an end without a begin"),
    "+20 LUFS": ({"characters": [{"name": "A"}], "elements": [
        {"type": "speech", "character": "A", "text": "Hi.", "target_lufs": 20}]},
        "20 is out of range; allowed: -70 to 0 LUFS"),
    "10,000 hours": ({"elements": [{"type": "music", "description": "x",
                                    "duration_s": 36_000_000}]}, "out of range"),
    "empty script": ({"elements": []}, "the script is empty"),
    "unknown tool": ({**GOOD, "elements": [{**GOOD["elements"][0], "tool": "nope"}]},
                     "unknown tool 'nope'"),
}


@pytest.mark.parametrize("case", list(BAD_INPUTS))
def test_bad_input_gets_one_clear_line_and_writes_nothing(case, tmp_path):
    data, message = BAD_INPUTS[case]
    script = tmp_path / "script.json"
    script.write_text(data if isinstance(data, str) else json.dumps(data))
    out = tmp_path / "bundle"
    result = runner.invoke(app, ["render", str(script), "--out", str(out),
                                 "--cache-dir", str(tmp_path / "c")])
    assert result.exit_code == 1
    assert message in result.output
    assert "Traceback" not in result.output
    assert result.output.strip().startswith("error:")
    assert len(result.output.strip().splitlines()) == 1
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["script.json"]


def test_render_bundle_and_single_file(tmp_path):
    script = write_json(tmp_path / "s.json", GOOD)
    result = runner.invoke(app, ["render", str(script), "--out", str(tmp_path / "b"),
                                 "--cache-dir", str(tmp_path / "c"), *TOOL_ARGS])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "b" / "mix.wav").exists() and (tmp_path / "b" / "stems" / "m.wav").exists()
    result = runner.invoke(app, ["render", str(script), "-o", str(tmp_path / "mix.flac"),
                                 "--cache-dir", str(tmp_path / "c"), *TOOL_ARGS])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "mix.flac").stat().st_size > 1000
    assert "2 cached" in result.output


def test_render_needs_a_destination(tmp_path):
    result = runner.invoke(app, ["render", str(write_json(tmp_path / "s.json", GOOD))])
    assert result.exit_code == 1 and "--out DIR" in result.output


def test_compile_prints_a_python_program(tmp_path):
    result = runner.invoke(app, ["compile", str(write_json(tmp_path / "s.json", GOOD)),
                                 *TOOL_ARGS])
    assert result.exit_code == 0, result.output
    compile(result.output, "program.py", "exec")  # valid Python; never executed
    assert "Generate(" in result.output and "Master(" in result.output


def test_schema_is_json_schema():
    result = runner.invoke(app, ["schema"])
    assert json.loads(result.output)["title"] == "AudioScript"


def test_help_does_not_import_heavy_modules():
    code = ("import sys\nfrom typer.testing import CliRunner\nfrom wavjourney.cli import app\n"
            "r = CliRunner().invoke(app, ['--help'])\nassert r.exit_code == 0, r.output\n"
            "heavy = [m for m in ('torch', 'gradio', 'langchain_core', 'numpy', 'scipy') "
            "if m in sys.modules]\nprint(heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_tool_option_values_are_parsed_and_join_the_config_file(tmp_path, monkeypatch):
    from wavjourney.cli.render_commands import tool_options

    config = tmp_path / "config.toml"
    config.write_text('[tools.musicgen]\nmodel = "from-config"\nsteps = 5\n')
    monkeypatch.setenv("WAVJOURNEY_CONFIG", str(config))
    assert tool_options(["musicgen.model=ckpt/", "musicgen.fp16=true", "xtts.top_k=30"]) == {
        "musicgen": {"model": "ckpt/", "steps": 5, "fp16": True}, "xtts": {"top_k": 30}}


@pytest.mark.parametrize("where", ["flag", "config"])
def test_a_tool_option_reaches_the_tool_and_a_bad_one_fails_in_one_line(tmp_path, monkeypatch,
                                                                         where):
    script = write_json(tmp_path / "s.json", GOOD)
    args = ["render", str(script), "--out", str(tmp_path / "out"), *TOOL_ARGS]
    if where == "flag":
        args += ["--tool-option", "test-noise-music.gain=2"]
    else:
        config = tmp_path / "config.toml"
        config.write_text("[tools.test-noise-music]\ngain = 2\n")
        monkeypatch.setenv("WAVJOURNEY_CONFIG", str(config))
    result = runner.invoke(app, args)
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        "error: tool 'test-noise-music': unknown option(s) gain; options: none"]
    assert not (tmp_path / "out").exists()


def test_a_malformed_tool_option_fails_in_one_line(tmp_path):
    script = write_json(tmp_path / "s.json", GOOD)
    result = runner.invoke(app, ["render", str(script), "-o", str(tmp_path / "m.wav"),
                                 "--tool-option", "model=x"])
    assert result.exit_code == 1
    assert "--tool-option takes NAME.KEY=VALUE" in result.output


def test_download_fetches_through_the_tools_own_download(monkeypatch):
    from wavjourney.tools.neural import MusicGenTool

    fetched = []
    monkeypatch.setattr(MusicGenTool, "installed", classmethod(lambda cls: None))
    monkeypatch.setattr(MusicGenTool, "download",
                        lambda self: fetched.append(self.options) or "/hub/musicgen")
    result = runner.invoke(app, ["download", "musicgen", "--model", "facebook/musicgen-medium"])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "/hub/musicgen"
    assert fetched == [{"model": "facebook/musicgen-medium"}]
    offline = runner.invoke(app, ["download", "offline-music"])
    assert offline.exit_code == 1 and "has no checkpoint to download" in offline.output


def test_render_warnings_keep_brackets_and_name_passed_over_tools_once():
    from rich.console import Console

    from wavjourney.cli.render_commands import print_warnings

    console = Console(record=True, width=200)
    print_warnings(console, [
        'bed: tool fallback? no: install with pip install "wavjourney[ui]"',
        'tool fallback: music made by offline-music, not musicgen (unavailable: pip install '
        '"wavjourney[audiocraft]")',
        'tool fallback: speech made by offline-speech, not xtts (unavailable: x)'])
    lines = console.export_text().splitlines()
    assert lines == [
        'warning: bed: tool fallback? no: install with pip install "wavjourney[ui]"',
        "note: better tools are not available here (musicgen, xtts); `wavjourney tools` shows "
        "what each needs"]

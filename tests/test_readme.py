"""The README's Python example runs as written (offline planner and tools)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_readme_python_example_runs(tmp_path, monkeypatch, capsys):
    blocks = re.findall(r"```python\n(.*?)```", (ROOT / "README.md").read_text(), re.S)
    assert blocks, "the README has a Python example"
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    monkeypatch.chdir(tmp_path)
    exec(compile(blocks[0], "README.md", "exec"), {"__name__": "readme"})
    printed = capsys.readouterr().out
    assert (tmp_path / "out" / "cafe" / "mix.wav").is_file()
    assert (tmp_path / "out" / "v2" / "mix.wav").is_file()
    assert "thunder" in printed
    assert printed.strip().endswith("1 clip(s) generated")

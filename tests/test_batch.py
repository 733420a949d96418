"""`wavjourney batch`: one bundle per item, failures isolated, batch.json, resumable reruns
(on the local executor; tests/test_ray_executor.py runs the same command on Ray)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from tests.conftest import TOOL_ARGS, write_json
from wavjourney.batch import read_items, slugify
from wavjourney.cli import app

runner = CliRunner()


def small_script(word: str) -> dict:
    return {"title": word, "characters": [{"name": "A"}], "elements": [
        {"type": "speech", "id": "line", "character": "A", "text": f"{word} is the word."},
        {"type": "sound_effect", "id": "fx", "description": f"{word} noise",
         "duration_s": 0.8},
        {"type": "music", "id": "bed", "layer": "background", "description": f"{word} tune",
         "start_at": "line", "end_at": "fx"}]}


def cached_clips(cache: Path) -> list[Path]:
    return sorted(cache.rglob("*.npy"))


def batch(source: Path, out: Path, cache: Path, *extra: str):
    return runner.invoke(app, ["batch", str(source), "--out", str(out), "--cache-dir",
                               str(cache), *TOOL_ARGS, *extra])


def test_items_from_a_prompts_file_and_a_scripts_folder(tmp_path):
    prompts = tmp_path / "prompts.txt"
    prompts.write_text("A rainy café!\n\n# not an item\n" + "\n".join(f"p{i}" for i in range(9)))
    items = read_items(prompts)
    assert [i.name for i in items[:2]] == ["01-a-rainy-caf", "02-p0"]
    assert len(items) == 10 and {i.kind for i in items} == {"prompt"}
    folder = tmp_path / "scripts"
    folder.mkdir()
    for name in ("b", "a"):
        write_json(folder / f"{name}.json", small_script(name))
    (folder / "notes.txt").write_text("ignored")
    assert [(i.name, i.kind) for i in read_items(folder)] == [("1-a", "script"),
                                                              ("2-b", "script")]
    assert slugify("   ") == "item" and len(slugify("x" * 100)) == 40


def test_a_bad_script_fails_alone_and_a_rerun_generates_nothing_for_finished_items(tmp_path):
    folder = tmp_path / "scripts"
    folder.mkdir()
    write_json(folder / "a-good.json", small_script("apple"))
    write_json(folder / "b-bad.json", {"elements": [{"type": "noise", "description": "x"}]})
    write_json(folder / "c-good.json", small_script("cherry"))
    out, cache = tmp_path / "out", tmp_path / "cache"

    first = batch(folder, out, cache)
    assert first.exit_code == 1, first.output
    failed_lines = [line for line in first.output.splitlines() if "2-b-bad" in line
                    and "failed:" in line]
    assert len(failed_lines) == 1 and "unknown audio type 'noise'" in failed_lines[0]
    report = json.loads((out / "batch.json").read_text())
    assert [(i["name"], i["status"]) for i in report["items"]] == [
        ("1-a-good", "done"), ("2-b-bad", "failed"), ("3-c-good", "done")]
    assert "unknown audio type 'noise'" in report["items"][1]["error"]
    assert report["failed"] == 1
    assert report["items"][0]["generated_clips"] == 3 and report["items"][0]["duration_s"] > 1
    for name in ("1-a-good", "3-c-good"):
        assert (out / name / "mix.wav").is_file()
    assert not (out / "2-b-bad").exists()
    clips = cached_clips(cache)
    assert len(clips) == 6
    mix = (out / "1-a-good" / "mix.wav").read_bytes()

    second = batch(folder, out, cache)
    assert second.exit_code == 1
    report = json.loads((out / "batch.json").read_text())
    assert [i["status"] for i in report["items"]] == ["skipped", "failed", "skipped"]
    assert [i["generated_clips"] for i in report["items"]] == [0, 0, 0]
    assert cached_clips(cache) == clips  # nothing generated for the finished items
    assert (out / "1-a-good" / "mix.wav").read_bytes() == mix


def test_an_interrupted_item_resumes_from_the_cache(tmp_path):
    folder = tmp_path / "scripts"
    folder.mkdir()
    write_json(folder / "one.json", small_script("plum"))
    out, cache = tmp_path / "out", tmp_path / "cache"
    assert batch(folder, out, cache).exit_code == 0
    mix = (out / "1-one" / "mix.wav").read_bytes()
    (out / "1-one" / "mix.wav").unlink()  # an unfinished bundle: rendered again...
    result = batch(folder, out, cache)
    assert result.exit_code == 0, result.output
    item = json.loads((out / "batch.json").read_text())["items"][0]
    assert item["status"] == "done" and item["generated_clips"] == 0  # ...from the cache
    assert (out / "1-one" / "mix.wav").read_bytes() == mix


def test_prompts_are_planned_offline_and_rendered(tmp_path):
    prompts = tmp_path / "prompts.txt"
    prompts.write_text("a storm at sea\nbirds in a spring garden\n")
    out = tmp_path / "out"
    result = batch(prompts, out, tmp_path / "cache", "--duration", "6")
    assert result.exit_code == 0, result.output
    report = json.loads((out / "batch.json").read_text())
    assert [i["status"] for i in report["items"]] == ["done", "done"]
    bundle = out / "1-a-storm-at-sea"
    assert json.loads((bundle / "report.json").read_text())["prompt"] == "a storm at sea"
    assert "1-a-storm-at-sea" in result.output  # the summary table


def test_bad_executor_option_is_one_line(tmp_path):
    prompts = tmp_path / "p.txt"
    prompts.write_text("x\n")
    result = batch(prompts, tmp_path / "out", tmp_path / "c", "--executor", "cloud")
    assert result.exit_code == 1
    assert "--executor takes one of local, process, ray" in result.output
    result = batch(prompts, tmp_path / "out", tmp_path / "c", "--executor", "local",
                   "--ray-address", "auto")
    assert result.exit_code == 1
    assert "--ray-address needs --executor ray, not local" in result.output
    assert not (tmp_path / "out").exists()


def test_import_and_help_import_neither_ray_nor_torch():
    code = ("import sys\nimport wavjourney\nfrom typer.testing import CliRunner\n"
            "from wavjourney.cli import app\n"
            "for args in (['--help'], ['batch', '--help'], ['render', '--help']):\n"
            "    r = CliRunner().invoke(app, args)\n    assert r.exit_code == 0, r.output\n"
            "print([m for m in ('ray', 'torch') if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "[]"


OFFLINE_CLIPS = """
import hashlib
from wavjourney.tools.base import GenerationRequest
from wavjourney.tools.registry import default_registry
registry = default_registry()
for name, request in (
        ("offline-music", GenerationRequest("music", description="soft jazz in a cafe",
                                            duration_s=6.0)),
        ("offline-music", GenerationRequest("music", description="a news intro",
                                            duration_s=6.0)),
        ("offline-sfx", GenerationRequest("sound_effect", description="rain and thunder",
                                          duration_s=3.0)),
        ("offline-speech", GenerationRequest("speech", text="Hello there, how are you?"))):
    clip = registry.get(name).generate_batch([request])[0]
    print(name, hashlib.sha256(clip.numpy().tobytes()).hexdigest())
"""


def test_offline_tools_make_the_same_clip_in_every_process():
    """Batch items run in other processes (Ray workers), each with its own str hash seed:
    a tool whose output follows set or dict-of-set order would differ there."""
    outputs = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        run = subprocess.run([sys.executable, "-c", OFFLINE_CLIPS], capture_output=True,
                             text=True, check=True, env=env)
        outputs.append(run.stdout.split("\n"))
    assert len(outputs[0]) >= 4 and outputs[0] == outputs[1]

"""The Ray executor: same bytes as local, Ray's retries after a dead worker or a retryable
error, cancellation reaching remote work, and no processes left behind.

Ray tests are slow (a cluster start, workers importing torch), so they are few and share
one local cluster per module. Without Ray they skip, except under CI, where they must run.
"""

from __future__ import annotations

import json
import os
import threading
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import TOOL_ARGS, is_ci

try:
    import ray
except ImportError:
    if is_ci():
        raise  # CI installs wavjourney[ray]: a missing Ray is a broken install, not a skip
    pytest.skip("needs Ray: pip install 'wavjourney[ray]'", allow_module_level=True)

from tests import ray_tools  # noqa: E402
from wavjourney import Studio  # noqa: E402
from wavjourney.cli import app  # noqa: E402
from wavjourney.engine import ray_executor  # noqa: E402
from wavjourney.engine.ray_executor import RayExecutor, _alive  # noqa: E402
from wavjourney.exceptions import RenderCancelled  # noqa: E402
from wavjourney.tools.registry import Registry  # noqa: E402

runner = CliRunner()
PROMPTS = ["a rainy cafe with soft jazz", "a news intro about the weather",
           "a spooky forest at night", "a busy train station", "waves on a quiet beach",
           "a science lesson about volcanoes"]
FAULT_SCRIPT = {"title": "faults", "characters": [{"name": "A"}], "elements": [
    *({"type": "speech", "id": f"line-{n}", "character": "A", "text": f"Line {n} goes on."}
      for n in range(3)),
    {"type": "sound_effect", "id": "fx", "description": "a door slams", "duration_s": 0.8},
    {"type": "music", "id": "bed", "layer": "background", "description": "calm strings",
     "start_at": "line-0", "end_at": "fx"}]}
SCRIPT = {"title": "slow", "characters": [{"name": "A"}], "elements": [
    {"type": "speech", "id": "line", "character": "A", "text": "The show goes on."},
    {"type": "sound_effect", "id": "fx", "description": "a door slams", "duration_s": 0.8},
    {"type": "music", "id": "bed", "layer": "background", "description": "calm strings",
     "start_at": "line", "end_at": "fx"}]}


@pytest.fixture(scope="module")
def cluster():
    """One local Ray cluster for the module; later executors in this process join it."""
    # Workers build these test tools from their pickled classes, not by importing tests/.
    ray.cloudpickle.register_pickle_by_value(ray_tools)
    executor = RayExecutor(address="local", init_options={"num_cpus": 2})
    executor.start()
    yield executor
    executor.close()


def test_batch_on_ray_writes_the_same_bytes_as_local(cluster, tmp_path, monkeypatch):
    prompts = tmp_path / "prompts.txt"
    prompts.write_text("\n".join(PROMPTS) + "\n")
    local = runner.invoke(app, ["batch", str(prompts), "--out", str(tmp_path / "local"),
                                "--cache-dir", str(tmp_path / "cache-local"), "--duration",
                                "6", *TOOL_ARGS, "--executor", "local"])
    assert local.exit_code == 0, local.output

    # From here on, generating in this process fails: every clip must come from Ray.
    def not_here(*args, **kwargs):
        raise AssertionError("generated in the driver")

    for module in ("wavjourney.engine.executor", "wavjourney.engine.ray_executor"):
        monkeypatch.setattr(f"{module}.run_generate", not_here)
    on_ray = runner.invoke(app, ["batch", str(prompts), "--out", str(tmp_path / "ray"),
                                 "--cache-dir", str(tmp_path / "cache-ray"), "--duration",
                                 "6", *TOOL_ARGS, "--executor", "ray"])
    assert on_ray.exit_code == 0, on_ray.output
    report = json.loads((tmp_path / "ray" / "batch.json").read_text())
    assert [i["status"] for i in report["items"]] == ["done"] * 6
    assert all(i["generated_clips"] > 0 for i in report["items"])
    bundles = sorted(p.name for p in (tmp_path / "local").iterdir() if p.is_dir())
    assert len(bundles) == 6
    for name in bundles:
        assert ((tmp_path / "ray" / name / "mix.wav").read_bytes()
                == (tmp_path / "local" / name / "mix.wav").read_bytes()), name


def fault_studio(tmp_path: Path, name: str, executor, *, armed: bool) -> Studio:
    """Speech from a tool whose worker dies once, effects from one that fails retryably
    twice (two tries in the worker, then Ray's retry); disarmed for the reference run."""
    marker, counter = tmp_path / f"{name}-died", tmp_path / f"{name}-calls"
    loads = tmp_path / f"{name}-loads"
    counter.mkdir()
    loads.mkdir()
    if not armed:
        marker.touch()
    registry = Registry([ray_tools.DyingSpeechTool, ray_tools.FlakySfxTool],
                        options={"test-dying-speech": {"marker": str(marker),
                                                       "loads": str(loads)},
                                 "test-flaky-sfx": {"counter": str(counter),
                                                    "failures": 2 if armed else 0}})
    return Studio(registry=registry, cache_dir=tmp_path / f"cache-{name}", executor=executor,
                  tool_preferences={"speech": "test-dying-speech",
                                    "sound_effect": "test-flaky-sfx",
                                    "music": "test-noise-music"})


def test_a_dead_worker_and_a_retryable_error_are_retried_by_ray(cluster, tmp_path):
    reference = fault_studio(tmp_path, "local", "local", armed=False)
    expected = reference.render(FAULT_SCRIPT, tmp_path / "local").mix_path.read_bytes()
    reference.close()

    # DSP on the cluster too, so that path is checked for the same bytes.
    studio = fault_studio(tmp_path, "ray", RayExecutor(dsp="cluster"), armed=True)
    try:
        result = studio.render(FAULT_SCRIPT, tmp_path / "ray")
    finally:
        studio.close()
    died = int((tmp_path / "ray-died").read_text())
    assert not _alive(died)  # the first actor process really died...
    loads = sorted(p.name.split("-")[0] for p in (tmp_path / "ray-loads").iterdir())
    # ...its restart loaded the model once more and served all three lines with it
    assert len(loads) == 2 and str(died) in loads
    assert len(list((tmp_path / "ray-calls").iterdir())) == 3  # Ray tried fx a third time
    assert result.generated_count == 5
    assert result.mix_path.read_bytes() == expected


def test_cancel_stops_remote_work(cluster, tmp_path):
    registry = Registry([ray_tools.SlowSpeechTool, ray_tools.SlowSfxTool])
    studio = Studio(registry=registry, cache_dir=tmp_path / "cache", executor=RayExecutor(),
                    tool_preferences={"speech": "test-slow-speech",
                                      "sound_effect": "test-slow-sfx",
                                      "music": "test-noise-music"})
    cancel = threading.Event()
    started = set()
    began = time.monotonic()

    def on_event(event):
        if event.kind == "started" and event.op == "generate":
            started.add(event.element_id)
            if {"line", "fx"} <= started:
                threading.Timer(3.0, cancel.set).start()  # once both are running remotely

    try:
        with pytest.raises(RenderCancelled):
            studio.render(SCRIPT, tmp_path / "out", progress=on_event, cancel=cancel)
    finally:
        studio.close()
    assert time.monotonic() - began < ray_tools.SLOW_S / 2
    assert not (tmp_path / "out").exists()


def test_close_stops_the_cluster_it_started_and_leaves_no_processes(cluster, monkeypatch):
    seen: list[set[int]] = []
    real = ray_executor._stop_leftovers
    monkeypatch.setattr(ray_executor, "_stop_leftovers",
                        lambda pids: (seen.append(set(pids)), real(pids)))
    cluster.close()
    assert not ray.is_initialized()
    assert len(seen) == 1 and len(seen[0]) >= 3  # gcs, raylet, workers, agents, ...
    assert [pid for pid in seen[0] if _alive(pid)] == []
    assert [pid for pid in _descendants(os.getpid()) if _is_ray(pid)] == []


def _descendants(root: int) -> set[int]:
    found, todo = set(), [root]
    parents = {int(p): ray_executor._parent_pid(int(p)) for p in os.listdir("/proc")
               if p.isdigit()}
    while todo:
        pid = todo.pop()
        kids = [c for c, parent in parents.items() if parent == pid]
        found.update(kids)
        todo += kids
    return found


def _is_ray(pid: int) -> bool:
    try:
        command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ")
    except OSError:
        return False
    return b"ray" in command and _alive(pid)

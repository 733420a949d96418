"""Test tools that misbehave the way Ray workers do: die mid-generation, fail with a
retryable error, or run until cancelled. Shared with Ray workers by value (see
tests/test_ray_executor.py), so they need not be importable there."""

from __future__ import annotations

import dataclasses
import os
import signal
import time
from pathlib import Path

from wavjourney.exceptions import ToolError
from wavjourney.tools.testing import NoiseSfxTool, ToneSpeechTool

SLOW_S = 120.0  # far longer than a test waits


def _first_time(marker: str) -> bool:
    """True for exactly one caller across processes: the one that creates `marker`."""
    try:
        fd = os.open(marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
    except FileExistsError:
        return False
    os.write(fd, str(os.getpid()).encode())
    os.close(fd)
    return True


class DyingSpeechTool(ToneSpeechTool):
    """Tone speech from a model-holding tool (so it runs on a Ray actor) whose process is
    killed the first time it generates."""

    info = dataclasses.replace(ToneSpeechTool.info, name="test-dying-speech",
                               memory_bytes=1_000_000)
    options_schema = {"marker": "file created by the call that dies",
                      "loads": "folder with one file per model load"}

    def load(self, device):
        super().load(device)
        Path(self.options["loads"], f"{os.getpid()}-{time.monotonic_ns()}").touch()

    def generate(self, request):
        if _first_time(self.options["marker"]):
            os.kill(os.getpid(), signal.SIGKILL)
        return super().generate(request)


class FlakySfxTool(NoiseSfxTool):
    """Noise effects (a cheap CPU tool: plain Ray tasks) whose first `failures` calls, across
    all processes, fail with a retryable error."""

    info = dataclasses.replace(NoiseSfxTool.info, name="test-flaky-sfx")
    options_schema = {"counter": "folder counting the calls", "failures": "calls that fail"}

    def generate(self, request):
        folder = Path(self.options["counter"])
        call = len(list(folder.iterdir()))
        (folder / f"{call}-{os.getpid()}").touch()
        if call < self.options["failures"]:
            raise ToolError("device busy", tool=self.info.name, retryable=True)
        return super().generate(request)


class SlowSpeechTool(ToneSpeechTool):
    """Runs on an actor until cancelled, checking its Control between steps."""

    info = dataclasses.replace(ToneSpeechTool.info, name="test-slow-speech",
                               memory_bytes=1_000_000)

    def generate_batch(self, requests, control):
        deadline = time.monotonic() + SLOW_S
        while time.monotonic() < deadline:
            control.check()
            time.sleep(0.05)
        return [self.generate(r) for r in requests]


class SlowSfxTool(NoiseSfxTool):
    """A plain Ray task that computes without checking anything: only ray.cancel stops it."""

    info = dataclasses.replace(NoiseSfxTool.info, name="test-slow-sfx")

    def generate(self, request):
        deadline = time.monotonic() + SLOW_S
        while time.monotonic() < deadline:
            time.sleep(0.05)  # Python steps, where Ray's KeyboardInterrupt lands
        return super().generate(request)

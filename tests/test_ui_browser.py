"""The web app in a real browser: headless Debian chromium loads the page, the main components
render and a screenshot is taken; then, driven over the DevTools protocol, a prompt is
planned and rendered by clicking the buttons, and the bundle is downloaded from the page.
Then, as a user with no LLM and only the offline tools: a chat edit the offline planner cannot
make fails without leaving any component in an error state, and a render afterwards works.
With WAVJOURNEY_UPDATE_SCREENSHOT=1 that offline page is saved to docs/screenshot-ui.png.

Chromium is installed by ``scripts/install-test-deps.sh``. Without it these tests fail with
that instruction; deselect them explicitly with ``-m "not browser"``.
"""

from __future__ import annotations

import base64
import io
import json
import os
import re
import shutil
import struct
import subprocess
import time
import urllib.request
import zipfile
from pathlib import Path

import pytest

pytest.importorskip("gradio")

from conftest import TEST_TOOLS  # noqa: E402
from fakes import FakeChatModel, good_reply  # noqa: E402

from wavjourney.api import Studio  # noqa: E402
from wavjourney.ui import create_app, launch  # noqa: E402
from wavjourney.ui.handlers import default_studio_factory  # noqa: E402

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
SCREENSHOT = ROOT / "docs" / "screenshot-ui.png"
UPDATE_ENV = "WAVJOURNEY_UPDATE_SCREENSHOT"
WINDOW = (1400, 1800)
VIRTUAL_TIME_BUDGET_MS = 15_000
BROWSER_TIMEOUT_S = 90
# Anything but this machine is unreachable for the browser (gradio loads nothing remote, and
# a regression that made it try should not reach the network from a test).
LOCAL_ONLY = "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1"


def chromium() -> str:
    candidate = os.environ.get("WAVJOURNEY_CHROMIUM") or shutil.which("chromium") or \
        "/usr/bin/chromium"
    if not Path(candidate).is_file():
        pytest.fail("chromium is not installed: run scripts/install-test-deps.sh (Debian: "
                    "apt-get install chromium), or deselect the browser tests with "
                    "-m 'not browser'", pytrace=False)
    return candidate


def run_chromium(url: str, profile: Path, *args: str) -> subprocess.CompletedProcess:
    command = [
        chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--hide-scrollbars", LOCAL_ONLY, f"--user-data-dir={profile}",
        f"--window-size={WINDOW[0]},{WINDOW[1]}",
        f"--virtual-time-budget={VIRTUAL_TIME_BUDGET_MS}", *args, url,
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=BROWSER_TIMEOUT_S,
                          check=False)


@pytest.fixture(scope="module")
def app_url(tmp_path_factory):
    """One app for the module (a planner that always answers the same short script)."""
    tmp = tmp_path_factory.mktemp("browser-app")
    fake = FakeChatModel(replies=[good_reply() for _ in range(4)])
    with pytest.MonkeyPatch.context() as env:
        env.setenv("GRADIO_ANALYTICS_ENABLED", "False")
        env.setenv("HF_HUB_DISABLE_TELEMETRY", "1")
        demo = create_app(lambda settings: Studio(llm=fake, cache_dir=tmp / "cache",
                                                  tool_preferences=dict(TEST_TOOLS)),
                          workdir=tmp / "work")
        try:
            _, url, _ = launch(demo, port=0, prevent_thread_lock=True, quiet=True)
            yield url
        finally:
            demo.close()


def test_page_has_the_main_components(app_url, tmp_path):
    done = run_chromium(app_url, tmp_path / "profile", "--dump-dom")
    dom = done.stdout
    assert done.returncode == 0, done.stderr[-2000:]
    for element_id in ("prompt", "plan-button", "render-button", "script-table",
                       "edit-instruction", "tab-voices-button", "tab-settings-button"):
        assert f'id="{element_id}"' in dom, f"{element_id} missing from the rendered page"
    words = visible_text(dom)
    for text in ("WavJourney", "Prompt", "Plan", "Render", "Examples", "Script", "Cast",
                 "Edit by chat", "Create", "Voices", "Settings"):
        assert text in words, f"{text!r} is not visible on the page"


def visible_text(dom: str) -> str:
    """The page's text as a person sees it (no scripts, styles, tags or comments)."""
    dom = re.sub(r"<(script|style)\b.*?</\1>", " ", dom, flags=re.DOTALL | re.IGNORECASE)
    dom = re.sub(r"<!--.*?-->", "", dom, flags=re.DOTALL)
    return " ".join(re.sub(r"<[^>]+>", " ", dom).split())


def test_screenshot(app_url, tmp_path):
    target = tmp_path / "screenshot-ui.png"
    done = run_chromium(app_url, tmp_path / "profile", f"--screenshot={target}")
    assert done.returncode == 0, done.stderr[-2000:]
    assert png_size(target.read_bytes()) == WINDOW
    assert target.stat().st_size > 30_000, "the screenshot looks blank"


def test_plan_and_render_by_clicking(app_url, tmp_path):
    with DevTools(tmp_path / "profile") as page:
        page.open(app_url)
        page.type("#prompt textarea", "A couple on a date in a rainy cafe")
        page.click("#plan-button")
        page.wait_for("text('#script-table').includes('tom-1')")
        assert "Narrator" in page.evaluate("text('#tab-create')")
        page.click("#render-button")
        page.wait_for("text('#render-summary').includes('s of audio') && "
                      "[...document.querySelectorAll('#timeline-image img')]"
                      ".some(img => img.complete && img.naturalWidth > 0)", timeout_s=60)
        summary = page.evaluate("text('#render-summary')")
        assert "5 clips generated" in summary, summary
        links = page.evaluate("[...document.querySelectorAll('#bundle-zip a[href]')]"
                              ".map(a => a.href)")
        assert links, "no download link for the bundle"
        with urllib.request.urlopen(links[0], timeout=10) as response:
            names = zipfile.ZipFile(io.BytesIO(response.read())).namelist()
        assert "mix.wav" in names and "stems/tom-1.wav" in names
        time.sleep(0.5)  # let the audio waveforms finish drawing
        shot = page.screenshot()
    assert shot[:8] == b"\x89PNG\r\n\x1a\n" and png_size(shot)[0] == WINDOW[0]


# Gradio's status tracker shows this badge on every output of an event that raised.
ERROR_BADGES = "[...document.querySelectorAll('[data-testid=\"status-tracker\"] .error')]"
OFFLINE_RENDER_TIMEOUT_S = 180


@pytest.fixture(scope="module")
def offline_app_url(tmp_path_factory):
    """The app as a new user gets it: no LLM, the installed (offline) tools."""
    tmp = tmp_path_factory.mktemp("browser-offline")
    with pytest.MonkeyPatch.context() as env:
        env.setenv("GRADIO_ANALYTICS_ENABLED", "False")
        env.setenv("HF_HUB_DISABLE_TELEMETRY", "1")
        demo = create_app(default_studio_factory(cache_dir=tmp / "cache"), workdir=tmp / "work")
        try:
            _, url, _ = launch(demo, port=0, prevent_thread_lock=True, quiet=True)
            yield url
        finally:
            demo.close()


def test_a_failed_edit_leaves_no_error_state_and_a_render_still_works(offline_app_url,
                                                                        tmp_path):
    with DevTools(tmp_path / "profile") as page:
        page.open(offline_app_url)
        setup = page.evaluate("text('#planner-note')")
        assert "Planner: offline" in setup and "offline-speech" in setup, setup
        page.type("#prompt textarea", "A couple on a date in a rainy cafe")
        page.click("#plan-button")
        page.wait_for("text('#wj-status').includes('Planned version 1')", timeout_s=60)
        table = page.evaluate("text('#script-table')")
        assert "Loudness (LUFS)" in table and "target_lufs" not in table
        assert "Apply table edits" not in page.evaluate("text('#tab-create')")

        # An edit the offline planner cannot make.
        page.type("#edit-instruction textarea", "make it more romantic")
        page.click("#edit-button")
        page.wait_for("text('#wj-status').includes('❌')", timeout_s=60)
        status = page.evaluate("text('#wj-status')")
        assert "Settings tab" in status and "--llm" not in status, status
        assert "Settings tab" in page.evaluate("text('#edit-chat')")
        time.sleep(1.0)  # let every output settle
        assert page.evaluate(f"{ERROR_BADGES}.length") == 0, "components left in error state"
        # The instruction is kept, to be rephrased.
        assert page.evaluate("document.querySelector('#edit-instruction textarea').value") == \
            "make it more romantic"

        # An edit it can make, then a render with the offline tools.
        page.type("#edit-instruction textarea", "add thunder")
        page.click("#edit-button")
        page.wait_for("text('#wj-status').includes('Version 2')", timeout_s=60)
        page.click("#render-button")
        page.wait_for("text('#render-summary').includes('s of audio') && "
                      "[...document.querySelectorAll('#timeline-image img')]"
                      ".some(img => img.complete && img.naturalWidth > 0)",
                      timeout_s=OFFLINE_RENDER_TIMEOUT_S)
        time.sleep(1.0)  # let the audio waveforms finish drawing
        assert page.evaluate(f"{ERROR_BADGES}.length") == 0
        assert "❌" not in page.evaluate("text('#render-summary')")
        shot = page.screenshot()

        page.click("#tab-voices-button")
        page.wait_for("text('#voice-clone-note').length > 0")
        assert "No installed speech tool can use custom voices" in \
            page.evaluate("text('#voice-clone-note')")
    assert png_size(shot)[0] == WINDOW[0]
    if os.environ.get(UPDATE_ENV) == "1":
        save_for_docs(shot, SCREENSHOT)


def save_for_docs(png: bytes, target: Path) -> None:
    """Save a screenshot as a 256-colour PNG (a third of the size; UI colours survive)."""
    from PIL import Image

    Image.open(io.BytesIO(png)).convert("RGB").quantize(colors=256).save(target, optimize=True)


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    return struct.unpack(">II", data[16:24])


class DevTools:
    """A headless chromium page driven over the DevTools protocol (websockets ships with
    gradio_client)."""

    HELPERS = "window.text = (sel) => (document.querySelector(sel) || {innerText: ''}).innerText;"

    def __init__(self, profile: Path):
        self.profile = profile
        self._id = 0

    def __enter__(self) -> DevTools:
        from websockets.sync.client import connect

        self.profile.mkdir(parents=True, exist_ok=True)
        self.process = subprocess.Popen(
            [chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
             "--no-first-run", "--disable-background-networking", "--disable-component-update",
             "--disable-sync", "--hide-scrollbars", LOCAL_ONLY,
             f"--user-data-dir={self.profile}", "--remote-debugging-port=0", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        port_file = self.profile / "DevToolsActivePort"
        deadline = time.monotonic() + BROWSER_TIMEOUT_S
        while not port_file.is_file() or not port_file.read_text().strip():
            if time.monotonic() > deadline or self.process.poll() is not None:
                raise RuntimeError("chromium did not open its DevTools port")
            time.sleep(0.05)
        port = port_file.read_text().split()[0]
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10) as r:
            target = next(t for t in json.loads(r.read()) if t["type"] == "page")
        self.socket = connect(target["webSocketDebuggerUrl"], max_size=None)
        self.call("Emulation.setDeviceMetricsOverride", width=WINDOW[0], height=WINDOW[1],
                  deviceScaleFactor=1, mobile=False)
        return self

    def __exit__(self, *exc) -> None:
        self.socket.close()
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()

    def call(self, method: str, **params):
        self._id += 1
        self.socket.send(json.dumps({"id": self._id, "method": method, "params": params}))
        while True:  # skip events until our answer
            message = json.loads(self.socket.recv(timeout=BROWSER_TIMEOUT_S))
            if message.get("id") == self._id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message["result"]

    def evaluate(self, expression: str):
        result = self.call("Runtime.evaluate", expression=f"{self.HELPERS}\n{expression}",
                           returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def wait_for(self, condition: str, timeout_s: float = 30.0) -> None:
        deadline = time.monotonic() + timeout_s
        while not self.evaluate(f"!!({condition})"):
            if time.monotonic() > deadline:
                raise TimeoutError(f"waited {timeout_s} s for {condition}")
            time.sleep(0.1)

    def open(self, url: str) -> None:
        self.call("Page.navigate", url=url)
        self.wait_for("document.querySelector('#plan-button')")

    def type(self, selector: str, text: str) -> None:
        self.evaluate(f"(() => {{ const box = document.querySelector({json.dumps(selector)});"
                      f" box.value = {json.dumps(text)};"
                      " box.dispatchEvent(new Event('input', {bubbles: true})); })()")

    def click(self, selector: str) -> None:
        self.evaluate(f"document.querySelector({json.dumps(selector)}).click()")

    def screenshot(self) -> bytes:
        height = self.evaluate("document.documentElement.scrollHeight")
        shot = self.call("Page.captureScreenshot", format="png", captureBeyondViewport=True,
                         clip={"x": 0, "y": 0, "width": WINDOW[0], "height": height, "scale": 1})
        return base64.b64decode(shot["data"])

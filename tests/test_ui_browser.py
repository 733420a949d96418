"""The web app in a real browser: headless Debian chromium loads the page, the main components
render, and a screenshot is taken (saved to docs/screenshot-ui.png with
WAVJOURNEY_UPDATE_SCREENSHOT=1).

Chromium is installed by ``scripts/install-test-deps.sh``. Without it these tests fail with
that instruction; deselect them explicitly with ``-m "not browser"``.
"""

from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
from pathlib import Path

import pytest

pytest.importorskip("gradio")

from conftest import TEST_TOOLS  # noqa: E402

from wavjourney.api import Studio  # noqa: E402
from wavjourney.ui import create_app, launch  # noqa: E402

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


@pytest.fixture
def app_url(tmp_path):
    demo = create_app(lambda settings: Studio(cache_dir=tmp_path / "cache",
                                              tool_preferences=dict(TEST_TOOLS)),
                      workdir=tmp_path / "work")
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
    target = SCREENSHOT if os.environ.get(UPDATE_ENV) == "1" else tmp_path / "screenshot-ui.png"
    target.parent.mkdir(parents=True, exist_ok=True)
    done = run_chromium(app_url, tmp_path / "profile", f"--screenshot={target}")
    assert done.returncode == 0, done.stderr[-2000:]
    data = target.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == WINDOW
    assert len(data) > 30_000, "the screenshot looks blank"

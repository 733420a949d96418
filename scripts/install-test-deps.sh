#!/usr/bin/env bash
# System packages the test suite needs beyond Python: Debian's chromium, for the headless
# browser test of the web app (tests/test_ui_browser.py, marker "browser").
#
# Idempotent: does nothing when chromium is already installed. Never fatal: if apt cannot
# install it (no root, no network), it says so and exits 0; the browser test then fails
# with a message naming this script (deselect it with: pytest -m "not browser").
set -u

CHROMIUM="${WAVJOURNEY_CHROMIUM:-/usr/bin/chromium}"

if [ -x "$CHROMIUM" ]; then
    echo "install-test-deps: chromium already installed at $CHROMIUM"
    exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
        SUDO="sudo -n"
    fi
fi

if ! command -v apt-get >/dev/null 2>&1; then
    echo "install-test-deps: apt-get not found; install chromium yourself to run the" \
         "browser test (or deselect it: pytest -m 'not browser')" >&2
    exit 0
fi

echo "install-test-deps: installing chromium with apt-get"
if $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -q \
    && $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium; then
    echo "install-test-deps: chromium installed at $(command -v chromium || echo "$CHROMIUM")"
else
    echo "install-test-deps: could not install chromium with apt-get (needs root and the" \
         "Debian mirrors); the browser test will fail until it is installed, or deselect" \
         "it: pytest -m 'not browser'" >&2
fi
exit 0

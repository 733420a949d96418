#!/usr/bin/env bash
# System packages the test suite needs beyond Python: Debian's chromium, for the headless
# browser test of the web app (tests/test_ui_browser.py, marker "browser").
#
# Idempotent: does nothing when chromium is already installed. When it cannot install it,
# it prints the real reason (apt's lock held by another process, no root, no network, no
# apt-get) and exits 1, so that a test run never starts with a silently missing browser.
# To run the suite without the browser tests: bash scripts/test.sh -m "not browser".
#
# Environment: WAVJOURNEY_CHROMIUM (where chromium should be, default /usr/bin/chromium),
# APT_LOCK_TIMEOUT_S (how long to wait for another apt or dpkg to finish, default 300).
set -u

CHROMIUM="${WAVJOURNEY_CHROMIUM:-/usr/bin/chromium}"
LOCK_TIMEOUT_S="${APT_LOCK_TIMEOUT_S:-300}"
SKIP_HINT="(to run the tests without the browser ones: bash scripts/test.sh -m 'not browser')"

say() { echo "install-test-deps: $*"; }
fail() { echo "install-test-deps: error: $*" >&2; echo "install-test-deps: $SKIP_HINT" >&2; exit 1; }

if [ -x "$CHROMIUM" ] || command -v chromium >/dev/null 2>&1; then
    say "chromium already installed at $(command -v chromium || echo "$CHROMIUM")"
    exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
    fail "chromium is not installed and apt-get was not found (not Debian or Ubuntu?);" \
         "install chromium yourself and set WAVJOURNEY_CHROMIUM to its path"
fi

SUDO=()
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true >/dev/null 2>&1; then
        SUDO=(sudo -n)
    else
        fail "installing chromium needs root: run 'sudo apt-get install chromium', or run" \
             "this script as root"
    fi
fi

LOG="$(mktemp)"
trap 'rm -f "$LOG"' EXIT
# DPkg::Lock::Timeout makes apt wait for a lock held by another apt or dpkg (an unattended
# upgrade, another install) instead of failing at once.
apt() {
    "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive \
        apt-get -o "DPkg::Lock::Timeout=$LOCK_TIMEOUT_S" -q "$@" >"$LOG" 2>&1
}
explain() {
    # The one line of apt's output that says what went wrong, and what it means.
    if grep -qiE "could not get lock|unable to acquire the dpkg|is held by process" "$LOG"; then
        echo "apt's lock is still held by another process after waiting ${LOCK_TIMEOUT_S} s" \
             "(another apt-get or an unattended upgrade); wait for it and run this again"
    elif grep -qiE "are you root|permission denied" "$LOG"; then
        echo "apt-get needs root: run this script as root or with sudo"
    elif grep -qiE "temporary failure resolving|could not resolve|failed to fetch|unable to connect" "$LOG"; then
        echo "the package mirrors cannot be reached (no network?)"
    elif grep -qiE "unable to locate package|has no installation candidate" "$LOG"; then
        echo "no chromium package in the configured apt sources"
    else
        echo "apt-get failed"
    fi
    grep -E "^(E|W):" "$LOG" | tail -n 3 | sed 's/^/    apt: /' >&2
}

say "installing chromium with apt-get (waiting up to ${LOCK_TIMEOUT_S} s for apt's lock)"
if ! apt update; then
    fail "apt-get update: $(explain)"
fi
if ! apt install -y chromium; then
    fail "apt-get install chromium: $(explain)"
fi
FOUND="$(command -v chromium || true)"
if [ ! -x "$CHROMIUM" ] && [ -z "$FOUND" ]; then
    fail "apt-get reported success but no chromium is at $CHROMIUM or on PATH"
fi
say "chromium installed at ${FOUND:-$CHROMIUM}"

#!/usr/bin/env bash
# Install everything the test suite needs and run it. The README's test command and .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."
# The CPU build of torch first: a bare torch requirement would pull the CUDA build.
python -m pip install -q torch==2.13.0 -e ".[dev]"
# Chromium for the browser tests; a failure to install it stops here with the reason, unless
# the browser tests are deselected (bash scripts/test.sh -m "not browser").
case " $* " in
    *"not browser"*) ;;
    *) bash scripts/install-test-deps.sh ;;
esac
python -m pytest -q "$@"

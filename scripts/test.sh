#!/usr/bin/env bash
# Install everything the test suite needs and run it. The README's test command and .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."
# The CPU build of torch first: a bare torch requirement would pull the CUDA build.
# Ray too (wavjourney[ray]): under CI=true its tests fail rather than skip without it.
python -m pip install -q torch==2.13.0 -e ".[dev,ray]"
if [ -f scripts/install-test-deps.sh ]; then bash scripts/install-test-deps.sh; fi
python -m pytest -q "$@"

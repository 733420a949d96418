#!/usr/bin/env bash
# Install everything the test suite needs and run it. The README's test command and .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."
# The CPU build of torch first: a bare torch requirement would pull the CUDA build.
python -m pip install -q torch==2.13.0 -e ".[dev,neural]"
# The neural extras (tests/test_neural.py; under CI a missing extra fails those tests).
# audiocraft 1.3.0's metadata pins torch 2.1 and a source-built av; the extra lists its real
# runtime dependencies, so install audiocraft itself without them.
python -m pip install -q --no-deps audiocraft==1.3.0
if [ -f scripts/install-test-deps.sh ]; then bash scripts/install-test-deps.sh; fi
python -m pytest -q "$@"

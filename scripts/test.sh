#!/usr/bin/env bash
# Install everything the test suite needs and run it. The README's test command and .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."
# Ray and the neural extras too: under CI=true their tests fail rather than skip without them.
# torch is pinned to the version the suite is tested with. Where pip finds it follows your pip
# configuration: PyPI's Linux wheel is the CUDA build (it runs on CPU too); for the CPU-only
# build, install torch first from https://download.pytorch.org/whl/cpu (see the README).
python -m pip install -q torch==2.13.0 -e ".[dev,ray,neural]"
# audiocraft 1.3.0's metadata pins torch 2.1 and a source-built av; the extra lists its real
# runtime dependencies, so install audiocraft itself without them.
python -m pip install -q --no-deps audiocraft==1.3.0
# Chromium for the browser tests; a failure to install it stops here with the reason, unless
# the browser tests are deselected (bash scripts/test.sh -m "not browser").
case " $* " in
    *"not browser"*) ;;
    *) bash scripts/install-test-deps.sh ;;
esac
# Type check first (settings in pyproject.toml's [tool.mypy]): a typing error fails CI.
python -m mypy wavjourney
python -m pytest -q "$@"

#!/usr/bin/env bash
# Install everything the test suite needs and run it. The README's test command and .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."
# Ray too (wavjourney[ray]): under CI=true its tests fail rather than skip without it.
# torch is pinned to the version the suite is tested with. Where pip finds it follows your pip
# configuration: PyPI's Linux wheel is the CUDA build (it runs on CPU too); for the CPU-only
# build, install torch first from https://download.pytorch.org/whl/cpu (see the README).
python -m pip install -q torch==2.13.0 -e ".[dev,ray]"
# Chromium for the browser tests; a failure to install it stops here with the reason, unless
# the browser tests are deselected (bash scripts/test.sh -m "not browser").
case " $* " in
    *"not browser"*) ;;
    *) bash scripts/install-test-deps.sh ;;
esac
python -m pytest -q "$@"

#!/usr/bin/env bash
# Render examples/rainy_cafe.json with the neural tools (musicgen, audiogen, xtts, then vits)
# on tiny random checkpoints on CUDA, and print the device, batch sizes, peak GPU memory and
# timings. Run on a machine with an NVIDIA GPU and network access to the package index:
#
#     bash scripts/gpu_check.sh [WORK_DIR]
#
# It installs what it needs into WORK_DIR/venv (default /tmp/wavjourney-gpu-check): the CUDA
# build of torch from the standard index, torchaudio / xformers / spacy / torchcodec builds
# matching it, the project with the neural extras, and audiocraft without its pinned deps.
set -euo pipefail
cd "$(dirname "$0")/.."
WORK="${1:-/tmp/wavjourney-gpu-check}"
mkdir -p "$WORK"
if [ ! -x "$WORK/venv/bin/python" ]; then
    python3 -m venv "$WORK/venv"
fi
PY="$WORK/venv/bin/python"
"$PY" -m pip install -q --upgrade pip
# torch, torchaudio and torchcodec from the same (CUDA) index so that their builds match.
"$PY" -m pip install -q torch torchaudio torchcodec xformers spacy
"$PY" -m pip install -q -e ".[neural]"
"$PY" -m pip install -q --no-deps audiocraft==1.3.0
"$PY" -c "import torch; assert torch.cuda.is_available(), 'no CUDA device'; \
print('device:', torch.cuda.get_device_name(0), 'torch', torch.__version__)"
"$PY" scripts/make_tiny_models.py "$WORK/tiny"
COQUI_TOS_AGREED=1 "$PY" - "$WORK" <<'EOF'
import json
import sys
import time
from pathlib import Path

import torch

from wavjourney import Studio

work = Path(sys.argv[1])
runs = {"audiocraft+xtts": {"music": "musicgen", "sound_effect": "audiogen", "speech": "xtts"},
        "vits": {"speech": "vits"}}
for label, preferences in runs.items():
    tools = sorted(set(preferences.values()))
    options = {tool: {"model": str(work / "tiny" / tool)} for tool in tools}
    for attempt in ("cold", "warm"):
        torch.cuda.reset_peak_memory_stats()
        studio = Studio(cache_dir=work / f"cache-{label}-{attempt}", device="cuda",
                        tool_preferences=preferences, tool_options=options)
        started = time.perf_counter()
        result = studio.render("examples/rainy_cafe.json", work / f"out-{label}-{attempt}")
        wall_s = time.perf_counter() - started
        report = result.report
        print(json.dumps({
            "run": f"{label} ({attempt} process state)", "device": report["device"],
            "wall_s": round(wall_s, 2), "audio_s": report["audio_s"],
            "peak_gpu_mib": round(torch.cuda.max_memory_allocated() / 2**20, 1),
            "tools": {name: {k: report["tools"][name][k]
                             for k in ("device", "batch_sizes", "load_s", "generate_s")}
                      for name in tools},
        }, indent=2))
        studio.close()
EOF

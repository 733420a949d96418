"""Judge the offline music by ear of an independent tagger: musicnn (MagnaTagATune and
Million-Song models ship inside its wheel).

Renders one 30 s piece per genre with our tool (in this environment), then runs musicnn in
its own virtual environment (musicnn needs TensorFlow and numpy < 2, which this project does
not) through a subprocess, and prints each piece's top-5 tags from both models and whether
the genre's tag is among them. Not a test gate.

    python benchmarks/judge_music.py                 # creates the judge venv on first run
    python benchmarks/judge_music.py --venv /tmp/mnn  # or WAVJOURNEY_JUDGE_VENV=/tmp/mnn

The judge venv (about 1.5 GB) lives OUTSIDE the repository, by default in
``~/.cache/wavjourney/judges/musicnn-venv``; the script refuses a path inside the repository.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import venv
from pathlib import Path

import numpy as np

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_VENV = Path.home() / ".cache" / "wavjourney" / "judges" / "musicnn-venv"
JUDGE_PACKAGES = ("tensorflow-cpu==2.15.1", "numpy<2", "librosa")
JUDGE_RATE_HZ = 16_000  # musicnn's input rate
PIECE_S = 30.0
TOP_N = 5
MODELS = ("MTT_musicnn", "MSD_musicnn")

# Prompt per genre, and the tags (of either model) that mean the genre; None: no tag fits
# (newsroom, cartoon, ...), listed for the picture only.
GENRES: dict[str, tuple[str, tuple[str, ...] | None]] = {
    "rock": ("rock", ("rock", "hard rock", "classic rock", "alternative rock", "metal")),
    "jazz": ("soft jazz in a cafe", ("jazz",)),
    "electronic": (
        "upbeat electronic",
        ("electronic", "electronica", "electro", "techno", "dance", "House"),
    ),
    "ambient": ("ambient soundscape", ("ambient", "new age", "chillout")),
    "lofi": ("lo-fi hip hop", ("Hip-Hop", "chillout", "chill", "beats", "beat")),
    "solo piano": ("calm solo piano", ("piano",)),
    "sad strings": ("sad strings", ("strings", "violin", "cello", "classical")),
    "acoustic": ("happy acoustic", ("acoustic", "folk", "guitar")),
    "cinematic": ("cinematic", ("classical", "strings", "orchestral", "soundtrack")),
    "epic": ("epic orchestral battle", ("classical", "strings", "orchestral", "soundtrack")),
    "horror": ("tense horror drone", ("ambient", "weird", "experimental")),
    "newsroom": ("uplifting newsroom music", None),
    "cartoon": ("whimsical cartoon", None),
    "romantic": ("romantic", None),
    "mysterious": ("mysterious", None),
}
ELECTRONIC_TAGS = ("electronic", "electronica", "electro", "techno", "synth")
ELECTRONIC_GENRES = ("electronic", "lofi", "ambient")

# Runs inside the judge venv: average each model's taggram over time, print JSON.
JUDGE_SCRIPT = r"""
import json, sys, warnings
warnings.filterwarnings("ignore")
import numpy as np
from musicnn.extractor import extractor
out = {}
for path in sys.argv[2:]:
    out[path] = {}
    for model in sys.argv[1].split(","):
        taggram, tags = extractor(path, model=model, extract_features=False)
        mean = np.asarray(taggram).mean(axis=0)
        order = np.argsort(mean)[::-1]
        out[path][model] = [[tags[i], float(mean[i])] for i in order[:10]]
print("JSON" + json.dumps(out))
"""


def _inside_repo(path: Path) -> bool:
    try:
        path.resolve().relative_to(REPO_ROOT)
        return True
    except ValueError:
        return False


def ensure_judge_venv(path: Path) -> Path:
    """Create the musicnn venv at `path` (outside the repository) unless it is there."""
    if _inside_repo(path):
        raise SystemExit(f"refusing to create the judge venv inside the repository: {path}")
    python = path / "bin" / "python"
    probe = [str(python), "-c", "import musicnn, tensorflow"]
    if python.exists() and subprocess.run(probe, capture_output=True).returncode == 0:
        return python
    print(f"creating the musicnn judge venv in {path} (a few minutes, ~1.5 GB) ...")
    venv.EnvBuilder(with_pip=True, clear=True).create(path)
    pip = [str(python), "-m", "pip", "install", "-q"]
    subprocess.run([*pip, *JUDGE_PACKAGES], check=True)
    # musicnn pins numpy<1.17, impossible on Python 3.11; its code runs on TF 2.15.
    subprocess.run([*pip, "--no-deps", "musicnn==0.1.0"], check=True)
    return python


def render_pieces(folder: Path, genres: list[str], seed: int) -> dict[str, Path]:
    import soundfile as sf

    from wavjourney.tools.base import GenerationRequest
    from wavjourney.tools.offline.music import ProceduralMusicTool

    tool = ProceduralMusicTool()
    paths = {}
    for genre in genres:
        clip = tool.generate(
            GenerationRequest(
                kind="music",
                description=GENRES[genre][0],
                duration_s=PIECE_S,
                sample_rate_hz=JUDGE_RATE_HZ,
                seed=seed,
            )
        )
        path = folder / f"{genre.replace(' ', '_')}.wav"
        sf.write(path, np.asarray(clip.audio).mean(axis=0), JUDGE_RATE_HZ)
        paths[genre] = path
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--venv", type=Path, default=Path(os.environ.get("WAVJOURNEY_JUDGE_VENV", DEFAULT_VENV))
    )
    parser.add_argument("--genres", nargs="*", default=list(GENRES))
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    python = ensure_judge_venv(args.venv.expanduser())
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="wavjourney-judge-") as tmp:
        paths = render_pieces(Path(tmp), args.genres, args.seed)
        run = subprocess.run(
            [str(python), "-c", JUDGE_SCRIPT, ",".join(MODELS), *map(str, paths.values())],
            capture_output=True,
            text=True,
            env={**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3", "CUDA_VISIBLE_DEVICES": ""},
        )
        if run.returncode != 0:
            sys.exit(f"musicnn judge failed:\n{run.stderr[-3000:]}")
        result = json.loads(run.stdout[run.stdout.rindex("JSON") + 4 :])
    hits = taggable = electronic_elsewhere = 0
    print("| genre | in top 5 | MagnaTagATune top 5 | Million-Song top 5 |")
    print("|---|---|---|---|")
    for genre, path in paths.items():
        tops = {m: [t for t, _ in result[str(path)][m][:TOP_N]] for m in MODELS}
        heard = set(tops[MODELS[0]]) | set(tops[MODELS[1]])
        wanted = GENRES[genre][1]
        if wanted is None:
            verdict = "-"
        else:
            taggable += 1
            found = [t for t in wanted if t in heard]
            hits += bool(found)
            verdict = f"yes ({found[0]})" if found else "no"
        if genre not in ELECTRONIC_GENRES and heard.intersection(ELECTRONIC_TAGS):
            electronic_elsewhere += 1
        print(
            f"| {genre} | {verdict} | {', '.join(tops[MODELS[0]])} | {', '.join(tops[MODELS[1]])} |"
        )
    print(
        f"genre tag in the top 5: {hits}/{taggable} taggable genres; an electronic tag in "
        f"the top 5 of {electronic_elsewhere} non-electronic pieces "
        f"({time.perf_counter() - start:.0f} s)"
    )


if __name__ == "__main__":
    main()

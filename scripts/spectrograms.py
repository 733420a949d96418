"""Render examples with the offline tools and save their spectrograms for the docs.

    python scripts/spectrograms.py examples/rainy_cafe.json examples/radio_drama.json \
        examples/news_intro.json --out docs
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from wavjourney import Studio  # noqa: E402

LANE_COLOURS = {"speech": "#4C72B0", "music": "#DD8452", "sound_effect": "#55A868"}


def plot(result, title: str, path: Path) -> None:
    mono = result.mix.mean(axis=0)
    sr = result.sample_rate_hz
    fig, (lanes, spec) = plt.subplots(2, 1, figsize=(12, 6), sharex=True,
                                      gridspec_kw={"height_ratios": [1, 3]})
    rows = {"foreground": 1, "background": 0}
    background_rows: dict[str, int] = {}
    for entry in result.timeline:
        if entry["layer"] == "background":
            row = -background_rows.setdefault(entry["id"], len(background_rows))
        else:
            row = rows["foreground"]
        lanes.barh(row, entry["end_s"] - entry["start_s"], left=entry["start_s"], height=0.8,
                   color=LANE_COLOURS[entry["type"]], alpha=0.85, edgecolor="white")
        label = entry.get("character") or entry.get("description", "")
        lanes.text(entry["start_s"] + 0.1, row, label[:28], va="center", fontsize=7,
                   color="white", clip_on=True)
    lanes.set_yticks([])
    lanes.set_title(title)
    spec.specgram(mono, NFFT=2048, Fs=sr, noverlap=1536, cmap="magma", vmin=-140, vmax=-20)
    spec.set_ylim(0, 12_000)
    spec.set_ylabel("frequency (Hz)")
    spec.set_xlabel("time (s)")
    fig.tight_layout()
    fig.savefig(path, dpi=90)
    plt.close(fig)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("scripts", nargs="+", type=Path)
    parser.add_argument("--out", type=Path, default=Path("docs"))
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        studio = Studio(cache_dir=Path(tmp) / "cache")
        for script in args.scripts:
            result = studio.render(script, Path(tmp) / script.stem)
            title = f"{result.script.title} — {result.duration_s:.0f} s, " \
                    f"{result.report['loudness_lufs']} LUFS"
            target = args.out / f"spectrogram-{script.stem}.png"
            plot(result, title, target)
            facts = result.report["elements"]
            print(target, json.dumps({k: v["generator"] for k, v in facts.items()})[:300])
            print("   peak", result.report["true_peak_dbtp"], "dBTP;",
                  "rms", round(20 * np.log10(np.sqrt((result.mix ** 2).mean())), 1), "dBFS")


if __name__ == "__main__":
    main()

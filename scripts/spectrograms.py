"""Render examples with the offline tools and save timeline + spectrogram pictures.

    python scripts/spectrograms.py examples/rainy_cafe.json examples/radio_drama.json \
        examples/news_intro.json --out docs
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from wavjourney import Studio
from wavjourney.ui.timeline_plot import draw_timeline


def _shrink(path: Path) -> None:
    """A 256-colour palette keeps the docs' pictures small in the repository."""
    from PIL import Image

    with Image.open(path) as image:
        image.convert("RGB").quantize(colors=256).save(path, optimize=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("scripts", nargs="+", type=Path)
    parser.add_argument("--out", type=Path, default=Path("docs"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        studio = Studio(cache_dir=Path(tmp) / "cache")
        for script in args.scripts:
            result = studio.render(script, Path(tmp) / script.stem)
            title = (f"{result.script.title}: {result.duration_s:.0f} s, "
                     f"{result.report['loudness_lufs']} LUFS, "
                     f"true peak {result.report['true_peak_dbtp']} dBTP")
            target = draw_timeline(result.timeline, result.mix, result.sample_rate_hz,
                                   args.out / f"spectrogram-{script.stem}.png", title=title,
                                   spectrogram=True)
            _shrink(target)
            print(target)
            for element_id, facts in result.report["elements"].items():
                print(f"  {element_id:>12}: {facts['generator']}")


if __name__ == "__main__":
    main()

"""A picture of a render: foreground and background lanes of labelled element blocks, with the
mix waveform underneath.

UI-independent: it needs only matplotlib, drawn through the Agg canvas on a private `Figure`
(no pyplot, so no global backend state and safe to call from several threads at once).

Example:
    >>> draw_timeline(result.timeline, result.mix, result.sample_rate_hz,
    ...               "out/timeline.png")                                    # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

TYPE_COLOURS = {"speech": "#4C78A8", "music": "#E8853A", "sound_effect": "#54A24B"}
TYPE_LABELS = {"speech": "speech", "music": "music", "sound_effect": "sound effect"}
FIGURE_WIDTH_IN = 12.0
LANE_HEIGHT_IN = 0.55
WAVEFORM_HEIGHT_IN = 1.3
SPECTROGRAM_HEIGHT_IN = 3.2
SPECTROGRAM_MAX_HZ = 12_000
DPI = 110
WAVEFORM_BINS = 1600
# Roughly how many label characters fit per inch of block width at the label font size.
LABEL_CHARS_PER_IN = 13.0
# A speech block shows "Who: the start of the line…" only if this much of the line fits;
# otherwise just who speaks (a bare "Tom: I…" says less than "Tom").
MIN_LINE_CHARS = 8
LABEL_FONT_PT = 8
# The legend's right edge, as a fraction of the plot width: clear of the download and
# full-screen buttons the web page lays over the picture's top-right corner.
LEGEND_RIGHT = 0.92


def draw_timeline(timeline: Sequence[dict[str, Any]], mix: np.ndarray | None = None,
                  sample_rate_hz: int | None = None, path: str | Path | None = None, *,
                  title: str = "", spectrogram: bool = False) -> bytes | Path:
    """Draw the timeline of a render as a PNG.

    Args:
        timeline: `RenderResult.timeline` entries (``id``, ``type``, ``layer``, ``start_s``,
            ``end_s`` and optionally ``character``, ``text``, ``description``).
        mix: the master, (channels, samples) or (samples,); omitted: no waveform panel.
        sample_rate_hz: the mix's sample rate (needed with `mix`).
        path: write the PNG here and return the path; None returns the PNG bytes.
        title: shown above the lanes.
        spectrogram: draw the mix's spectrogram (0-12 kHz) instead of its waveform.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch

    foreground = [e for e in timeline if e.get("layer", "foreground") == "foreground"]
    background_rows = _pack_rows([e for e in timeline if e.get("layer") == "background"])
    lanes: list[tuple[str, list[dict[str, Any]]]] = [("foreground", foreground)]
    lanes += [("background" if i == 0 else "", row) for i, row in enumerate(background_rows)]
    if not background_rows:
        lanes.append(("background", []))

    end_s = max([float(e["end_s"]) for e in timeline] + [0.0])
    # The waveform panel needs the mix and its rate; without either it is left out.
    wave: tuple[np.ndarray, int] | None = (
        (mix, sample_rate_hz) if mix is not None and sample_rate_hz else None)
    if wave is not None:
        end_s = max(end_s, _samples(wave[0]) / float(wave[1]))
    end_s = max(end_s, 1e-3)

    lanes_h = LANE_HEIGHT_IN * len(lanes) + 0.9
    panel_h = SPECTROGRAM_HEIGHT_IN if spectrogram else WAVEFORM_HEIGHT_IN
    height = lanes_h + (panel_h if wave is not None else 0.0)
    fig = Figure(figsize=(FIGURE_WIDTH_IN, height), dpi=DPI, layout="constrained")
    FigureCanvasAgg(fig)
    if wave is not None:
        ax, wave_ax = fig.subplots(2, 1, sharex=True,
                                   height_ratios=[lanes_h, panel_h])
    else:
        ax, wave_ax = fig.subplots(1, 1), None

    plot_width_in = FIGURE_WIDTH_IN - 1.3  # minus the lane labels
    for lane_index, (_, elements) in enumerate(lanes):
        y = len(lanes) - 1 - lane_index
        for e in elements:
            start, stop = float(e["start_s"]), float(e["end_s"])
            colour = TYPE_COLOURS.get(e.get("type", ""), "#888888")
            alpha = 1.0 if e.get("layer", "foreground") == "foreground" else 0.7
            ax.broken_barh([(start, max(stop - start, 1e-3))], (y + 0.12, 0.76),
                           facecolors=colour, edgecolors="white", linewidth=1.0, alpha=alpha)
            width_in = (stop - start) / end_s * plot_width_in
            label = _fit_label(e, int(width_in * LABEL_CHARS_PER_IN))
            if label:
                ax.text(start + (stop - start) / 2, y + 0.5, label, ha="center", va="center",
                        fontsize=LABEL_FONT_PT, color="white", clip_on=True,
                        parse_math=False)  # script text: "$" is a dollar, not mathtext
    ax.set_yticks([len(lanes) - 1 - i + 0.5 for i in range(len(lanes))],
                  [name for name, _ in lanes], parse_math=False)
    ax.set_ylim(0, len(lanes))
    ax.set_xlim(0, end_s)
    ax.tick_params(axis="y", length=0)
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    ax.grid(axis="x", color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)
    present = [t for t in TYPE_COLOURS if any(e.get("type") == t for e in timeline)]
    if present:
        ax.legend(handles=[Patch(color=TYPE_COLOURS[t], label=TYPE_LABELS[t]) for t in present],
                  loc="lower right", bbox_to_anchor=(LEGEND_RIGHT, 1.0), ncols=len(present),
                  frameon=False, fontsize=LABEL_FONT_PT + 1)
    if title:
        ax.set_title(title, loc="left", fontsize=11, fontweight="bold", parse_math=False)

    if wave is not None and spectrogram:
        wave_mix, wave_rate_hz = wave
        mono = np.asarray(wave_mix, dtype=np.float64)
        mono = mono.mean(axis=0) if mono.ndim == 2 else mono
        wave_ax.specgram(mono, NFFT=2048, Fs=int(wave_rate_hz), noverlap=1536, cmap="magma",
                         vmin=-140, vmax=-20)
        wave_ax.set_ylim(0, SPECTROGRAM_MAX_HZ)
        wave_ax.set_ylabel("Hz")
        wave_ax.set_xlabel("time (s)")
    elif wave is not None:
        times, low, high = _envelope(wave[0], int(wave[1]))
        wave_ax.fill_between(times, low, high, color="#555555", linewidth=0)
        wave_ax.set_ylim(-1.05, 1.05)
        wave_ax.set_yticks([-1, 0, 1])
        wave_ax.set_ylabel("mix", rotation=0, ha="right", va="center")
        wave_ax.set_xlabel("time (s)")
        for side in ("top", "right"):
            wave_ax.spines[side].set_visible(False)
    else:
        ax.set_xlabel("time (s)")

    if path is None:
        from io import BytesIO

        buffer = BytesIO()
        fig.savefig(buffer, format="png")
        return buffer.getvalue()
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, format="png")
    return path


def _pack_rows(elements: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Greedy interval packing: overlapping background elements go to separate rows."""
    rows: list[list[dict[str, Any]]] = []
    ends: list[float] = []
    for e in sorted(elements, key=lambda e: (float(e["start_s"]), float(e["end_s"]))):
        for i, row_end in enumerate(ends):
            if float(e["start_s"]) >= row_end - 1e-9:
                rows[i].append(e)
                ends[i] = float(e["end_s"])
                break
        else:
            rows.append([e])
            ends.append(float(e["end_s"]))
    return rows


def _label(e: dict[str, Any]) -> str:
    if e.get("type") == "speech":
        who = e.get("character") or e.get("id", "")
        return f"{who}: {e.get('text', '')}".strip()
    return str(e.get("description") or e.get("id", ""))


def _fit_label(e: dict[str, Any], max_chars: int) -> str:
    """The most informative label that fits `max_chars`."""
    full = _label(e)
    if e.get("type") == "speech" and len(" ".join(full.split())) > max_chars:
        who = str(e.get("character") or e.get("id", ""))
        if max_chars - len(who) - 2 < MIN_LINE_CHARS:
            return _fit(who, max_chars)
    return _fit(full, max_chars)


def _fit(text: str, max_chars: int) -> str:
    text = " ".join(text.split())
    if max_chars < 3:
        return ""
    return text if len(text) <= max_chars else text[: max_chars - 1].rstrip() + "…"


def _samples(mix: np.ndarray) -> int:
    return int(np.asarray(mix).shape[-1])


def _envelope(mix: np.ndarray, sample_rate_hz: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per-bin min and max of the channel average, for a compact waveform drawing."""
    audio = np.asarray(mix, dtype=np.float32)
    mono = audio.mean(axis=0) if audio.ndim == 2 else audio
    if mono.size == 0:
        return np.zeros(1), np.zeros(1), np.zeros(1)
    bins = max(1, min(WAVEFORM_BINS, mono.size))
    edges = np.linspace(0, mono.size, bins + 1).astype(int)
    low = np.minimum.reduceat(mono, edges[:-1])
    high = np.maximum.reduceat(mono, edges[:-1])
    times = edges[:-1] / float(sample_rate_hz)
    return times, low, high

"""Render progress for the command line: per element, saying what is being made, with an ETA.

The engine reports graph nodes (`wavjourney.engine.events.ProgressEvent`); people think in
elements ("the rain", "Emma's second line"). This turns the first into the second: the bar
advances with the graph (so the ETA follows the real work), while the text says which element
is being generated and how many elements are done.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from wavjourney.cli.app import NORMAL, VERBOSE

if TYPE_CHECKING:
    from rich.console import Console

    from wavjourney.engine.events import ProgressEvent
    from wavjourney.script import AudioScript

LABEL_MAX_CHARS = 40
GENERATE_OP = "generate"


def element_label(element: Any) -> str:
    """A short human name for an element: ``rain (steady rain on a wind…)``, ``e1 (Emma:
    "You're soaked!")``."""
    what = (f'{element.character}: "{element.text}"' if element.type == "speech"
            else element.description)
    what = " ".join(str(what).split())
    if len(what) > LABEL_MAX_CHARS:
        what = what[:LABEL_MAX_CHARS - 1] + "…"
    return f"{element.id} ({what})"


class ElementProgress:
    """A progress display for one render; use as a context manager and pass `on_event` to
    `Studio.render`.

    Args:
        script: the script being rendered (for the element names).
        console: where to draw (stderr).
        level: `wavjourney.cli.app` verbosity: QUIET shows nothing, NORMAL a transient bar,
            VERBOSE a line per element as it starts and finishes.
    """

    def __init__(self, script: AudioScript, console: Console, level: int = NORMAL):
        self.labels = {e.id: element_label(e) for e in script.elements}
        self.kinds = {e.id: e.type.replace("_", " ") for e in script.elements}
        self.console = console
        self.level = level
        self.running: list[str] = []  # elements being generated, oldest first
        self.finished: set[str] = set()
        self.started_at: dict[str, float] = {}
        self._bar: Any = None
        self._task: Any = None

    def __enter__(self) -> ElementProgress:
        if self.level == NORMAL:
            from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

            self._bar = Progress(
                TextColumn("{task.fields[count]}", style="bold"), BarColumn(bar_width=24),
                TimeRemainingColumn(compact=True), TextColumn("{task.description}"),
                console=self.console, transient=True)
            self._bar.__enter__()
            self._task = self._bar.add_task("starting (loading the tools)…", total=None,
                                            count=self._count())
        return self

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.__exit__(*exc)

    def _count(self) -> str:
        return f"{len(self.finished)}/{len(self.labels)} elements"

    def _doing(self) -> str:
        if self.running:
            first = self.running[0]
            more = f" (+{len(self.running) - 1} more)" if len(self.running) > 1 else ""
            return f"making {self.kinds[first]} {self.labels[first]}{more}"
        if len(self.finished) == len(self.labels):
            return "mixing, levelling and mastering"
        return "levelling and placing"

    def on_event(self, event: ProgressEvent) -> None:
        """The callback for `Studio.render(progress=...)`."""
        element = event.element_id
        if event.op == GENERATE_OP and element in self.labels:
            if event.kind == "started":
                self.running.append(element)
                self.started_at[element] = time.perf_counter()
                if self.level == VERBOSE:
                    self.console.print(f"  making {self.kinds[element]} {self.labels[element]}",
                                       highlight=False, markup=False)
            elif event.kind in ("finished", "failed"):
                if element in self.running:
                    self.running.remove(element)
                if event.kind == "finished":
                    self.finished.add(element)
                if self.level == VERBOSE:
                    took = time.perf_counter() - self.started_at.get(element, time.perf_counter())
                    how = ("from the cache" if event.cached else f"in {took:.1f} s") \
                        if event.kind == "finished" else f"failed: {event.message}"
                    self.console.print(f"  {self._count()}: {element} {how}", highlight=False,
                                       markup=False)
        if self._bar is not None and event.kind == "finished":
            self._bar.update(self._task, completed=event.done, total=event.total,
                             description=self._doing(), count=self._count())
        elif self._bar is not None:
            self._bar.update(self._task, description=self._doing(), count=self._count())

"""The Typer application, the global options and the error boundary shared by every command."""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable
from functools import wraps
from typing import Any, NoReturn, TypeVar

import typer

# When the command line started (for the "in N s total" summaries, start-up included).
STARTED_AT = time.perf_counter()
# The shell convention for a process stopped by Ctrl-C (128 + SIGINT).
EXIT_INTERRUPTED = 130
QUIET, NORMAL, VERBOSE = 0, 1, 2

app = typer.Typer(
    name="wavjourney",
    help="Compositional audio creation: prompt → audio script → mixed, levelled audio.\n\n"
    "Global options go before the command: wavjourney -q render script.json -o mix.wav",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    # Plain help: rich-formatted help costs ~0.1 s of imports on every `--help`.
    rich_markup_mode=None,
)

F = TypeVar("F", bound=Callable[..., Any])


class _Output:
    """How chatty the command line is (set once by the global options)."""

    level = NORMAL


def verbosity() -> int:
    """QUIET (-q: errors and warnings only), NORMAL, or VERBOSE (-v: a line per step)."""
    return _Output.level


def _show_version(value: bool) -> None:
    if value:
        from wavjourney import __version__

        typer.echo(f"wavjourney {__version__}")
        raise typer.Exit()


@app.callback()
def global_options(
    version: bool = typer.Option(False, "--version", callback=_show_version, is_eager=True,
                                 help="Print the version and exit."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print only errors, warnings and "
                               "what was asked for (no progress, no summary)."),
    verbose: int = typer.Option(0, "--verbose", "-v", count=True, show_default=False,
                                help="Print a line per element as it is made, and the "
                                "planner's log (-vv: debug)."),
) -> None:
    """Set the output level for every command."""
    if quiet and verbose:
        fail("--quiet and --verbose contradict each other; give one")
    _Output.level = QUIET if quiet else VERBOSE if verbose else NORMAL
    _log_to_stderr(verbose)


def _log_to_stderr(verbose: int) -> None:
    """Show WavJourney's log on stderr with -v (info) or -vv (debug); otherwise not at all.
    Idempotent: one handler however often the app runs in a process (tests, notebooks)."""
    logger = logging.getLogger("wavjourney")
    for handler in [h for h in logger.handlers if isinstance(h, _StderrHandler)]:
        logger.removeHandler(handler)
    if not verbose:
        logger.setLevel(logging.NOTSET)
        return
    handler = _StderrHandler()
    handler.setFormatter(logging.Formatter("%(name)s: %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG if verbose > 1 else logging.INFO)


class _StderrHandler(logging.StreamHandler):
    """Writes to whatever sys.stderr is when a record arrives (tests swap it)."""

    def emit(self, record: logging.LogRecord) -> None:
        self.stream = sys.stderr
        super().emit(record)


def friendly_errors(func: F) -> F:
    """Turn WavJourney errors into one red line and exit code 1 (no traceback); Ctrl-C exits
    with 130 like any other command-line program."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from wavjourney.exceptions import WavJourneyError

        try:
            return func(*args, **kwargs)
        except WavJourneyError as exc:
            fail(str(exc))
        except KeyboardInterrupt:
            fail("interrupted; finished clips are cached, so a re-run resumes",
                 code=EXIT_INTERRUPTED)

    return wrapper  # type: ignore[return-value]


def fail(message: str, code: int = 1) -> NoReturn:
    """Print ``error: message`` on stderr and exit with `code`."""
    from rich.console import Console
    from rich.markup import escape

    Console(stderr=True, highlight=False, soft_wrap=True).print(
        f"[bold red]error:[/bold red] {escape(message)}", markup=True, emoji=False
    )
    raise typer.Exit(code)


def main() -> None:
    """The ``wavjourney`` entry point."""
    app(prog_name="wavjourney")


if __name__ == "__main__":  # pragma: no cover
    main()

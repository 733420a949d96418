"""The Typer application and the error boundary shared by every command."""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

import typer

app = typer.Typer(
    name="wavjourney",
    help="Compositional audio creation: prompt → audio script → mixed, levelled audio.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    # Plain help: rich-formatted help costs ~0.1 s of imports on every `--help`.
    rich_markup_mode=None,
)

F = TypeVar("F", bound=Callable[..., Any])


def friendly_errors(func: F) -> F:
    """Turn WavJourney errors into one red line and exit code 1 (no traceback)."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from wavjourney.exceptions import WavJourneyError

        try:
            return func(*args, **kwargs)
        except WavJourneyError as exc:
            fail(str(exc))
        except KeyboardInterrupt:
            fail("interrupted; finished clips are cached, so a re-run resumes")

    return wrapper  # type: ignore[return-value]


def fail(message: str, code: int = 1) -> None:
    from rich.console import Console
    from rich.markup import escape

    Console(stderr=True, highlight=False, soft_wrap=True).print(
        f"[bold red]error:[/bold red] {escape(message)}", markup=True, emoji=False
    )
    raise typer.Exit(code)


def main() -> None:
    app(prog_name="wavjourney")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

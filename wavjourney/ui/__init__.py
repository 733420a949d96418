"""The WavJourney web app (gradio). The only package that imports gradio.

`create_app` builds the Blocks app; `launch` runs it. Both import gradio when called, so
`wavjourney.ui.timeline_plot` and the plain handlers stay importable without it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__all__ = ["create_app", "launch"]

if TYPE_CHECKING:  # pragma: no cover
    from wavjourney.ui.app import create_app, launch


def __getattr__(name: str) -> Any:
    if name in __all__:
        try:
            from wavjourney.ui import app
        except ImportError as exc:
            if exc.name in ("gradio", "matplotlib"):
                raise ImportError('the web app needs gradio and matplotlib: '
                                  'pip install "wavjourney[ui]"') from exc
            raise
        return getattr(app, name)
    raise AttributeError(f"module 'wavjourney.ui' has no attribute {name!r}")

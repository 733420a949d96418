"""`wavjourney ...`: a thin shell over the Python API (wavjourney.api.Studio).

Each command module registers its commands on `app`. Nothing heavy (torch, gradio, LLM
clients) is imported on the `--help` path: command bodies import what they use.
"""

from wavjourney.cli import (
    batch_commands,  # noqa: F401  (registers commands)
    cache_commands,  # noqa: F401  (registers commands)
    planning_commands,  # noqa: F401  (registers commands)
    render_commands,  # noqa: F401  (registers commands)
    tools_commands,  # noqa: F401
    ui_commands,  # noqa: F401
)
from wavjourney.cli.app import app, main

__all__ = ["app", "main"]

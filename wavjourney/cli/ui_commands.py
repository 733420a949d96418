"""Command: ui (the web app)."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path
from typing import Annotated

import typer

from wavjourney.cli.app import app, fail, friendly_errors
from wavjourney.cli.render_commands import parse_tool_options, tool_options
from wavjourney.ui.sessions import DEFAULT_MAX_AGE_H

UI_EXTRA_HINT = 'the web app needs gradio and matplotlib: pip install "wavjourney[ui]"'
# Gradio's own switches, set before it is imported: no usage analytics, no hub telemetry.
_PRIVACY_ENV = {"GRADIO_ANALYTICS_ENABLED": "False", "HF_HUB_DISABLE_TELEMETRY": "1"}
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")
# Mirrors of wavjourney.ui.app's defaults, here so that --help never imports gradio.
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7860


def default_ui_workdir() -> Path:
    """``$XDG_DATA_HOME/wavjourney/ui``, else ``~/.local/share/wavjourney/ui``."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "wavjourney" / "ui"


@app.command("ui")
@friendly_errors
def ui_command(
    host: Annotated[str, typer.Option(
        "--host", help="Interface to serve on (default: this machine only; 0.0.0.0 serves "
        "everyone who can reach it).")] = DEFAULT_HOST,
    port: Annotated[int, typer.Option(
        "--port", help="Port to serve on (0: any free port).")] = DEFAULT_PORT,
    share: Annotated[bool, typer.Option(
        "--share", help="Also create a public gradio.live link (contacts gradio's "
        "servers).")] = False,
    llm: Annotated[str | None, typer.Option(
        "--llm", help="Default planner model as provider:model (default: $WAVJOURNEY_LLM, "
        "the config file, else the offline planner).")] = None,
    base_url: Annotated[str | None, typer.Option(
        "--base-url", help="OpenAI-compatible or Ollama server URL for --llm.")] = None,
    workdir: Annotated[Path | None, typer.Option(
        "--workdir", help="Folder for visitors' session folders, the only folder served "
        "(default: $XDG_DATA_HOME/wavjourney/ui).")] = None,
    cache_dir: Annotated[Path | None, typer.Option(
        "--cache-dir", help="Clip cache folder (default: $WAVJOURNEY_CACHE_DIR or "
        "~/.cache/wavjourney).")] = None,
    tool: Annotated[list[str] | None, typer.Option(
        "--tool", help="Default tool for a kind, as KIND=NAME; repeatable.")] = None,
    tool_option: Annotated[list[str] | None, typer.Option(
        "--tool-option", help="An option of a tool, as NAME.KEY=VALUE (e.g. "
        "musicgen.model=ckpt/); repeatable.")] = None,
    voices_dir: Annotated[Path | None, typer.Option(
        "--voices-dir", help="Keep custom voices in this folder, shared by everyone using the "
        "app (for a single user; default: each browser session keeps its own).")] = None,
    max_age_h: Annotated[float, typer.Option(
        "--max-age-h", min=0.01, help="Delete session folders unused for this many "
        "hours.")] = DEFAULT_MAX_AGE_H,
) -> None:
    """Start the web app (prompt → script → cast → render → edit by chat)."""
    workdir = (workdir or default_ui_workdir()).expanduser().resolve()
    for name, value in _PRIVACY_ENV.items():
        os.environ.setdefault(name, value)
    # Gradio keeps copies of served files in its temp folder: keep them under the workdir too.
    os.environ.setdefault("GRADIO_TEMP_DIR", str(workdir / ".gradio-cache"))
    if any(importlib.util.find_spec(m) is None for m in ("gradio", "matplotlib")):
        fail(UI_EXTRA_HINT)
    preferences = parse_tool_options(tool or [])
    options = tool_options(tool_option)

    from wavjourney.planner.config import LLMSettings
    from wavjourney.ui.app import create_app, launch
    from wavjourney.ui.handlers import Settings, default_studio_factory

    llm_settings = LLMSettings.from_environment(llm=llm, base_url=base_url)
    defaults = Settings(llm=llm_settings.llm or "", base_url=llm_settings.base_url or "",
                        api_key=llm_settings.api_key_value() or "",
                        tool_preferences=preferences)
    demo = create_app(default_studio_factory(cache_dir=cache_dir, tool_options=options), workdir,
                      default_settings=defaults, max_age_h=max_age_h, voices_dir=voices_dir)
    typer.echo(f"planner: {llm_settings.describe()}; sessions under {workdir}", err=True)
    if host not in LOCAL_HOSTS:
        typer.echo(f"note: serving on {host}: anyone who can reach this machine can use the app",
                   err=True)
    launch(demo, host=host, port=port, share=share)

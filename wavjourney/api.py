"""The Studio facade: plan / edit / render / generate. The CLI and the web app call this."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wavjourney.script import AudioScript, parse_script

if TYPE_CHECKING:
    from wavjourney.engine.events import ProgressEvent
    from wavjourney.render import RenderResult
    from wavjourney.session import Session
    from wavjourney.tools.base import VoicePreset
    from wavjourney.tools.registry import Registry

ProgressCallback = Callable[["ProgressEvent"], None]


def default_cache_dir() -> Path:
    """``$WAVJOURNEY_CACHE_DIR``, else ``$XDG_CACHE_HOME/wavjourney``, else
    ``~/.cache/wavjourney``."""
    explicit = os.environ.get("WAVJOURNEY_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "wavjourney"


class Studio:
    """Plans, edits and renders audio scripts.

    Args:
        llm: a LangChain chat model, a ``"provider:model"`` string, or None for the offline
            planner.
        registry: the tools to use (default: every installed tool).
        cache_dir: where generated clips are cached (default: `default_cache_dir()`).
        max_workers: parallel render threads (default: CPU count, at most 8).
        base_url: OpenAI-compatible server URL for string `llm` specs (llama.cpp, vLLM, ...).
        api_key: API key for string `llm` specs; held in memory only.
        tool_preferences: element kind → tool name, used where a script names no tool.

    Example:
        >>> studio = Studio()                                      # doctest: +SKIP
        >>> result = studio.render("examples/news_intro.json", "out/news")  # doctest: +SKIP
        >>> result.mix_path                                        # doctest: +SKIP
        PosixPath('out/news/mix.wav')
    """

    def __init__(
        self,
        *,
        llm: Any = None,
        registry: Registry | None = None,
        cache_dir: str | Path | None = None,
        max_workers: int | None = None,
        base_url: str | None = None,
        api_key: str | None = None,
        tool_preferences: dict[str, str] | None = None,
        device: str | None = None,
    ):
        from wavjourney.tools.registry import default_registry

        self.registry = registry or default_registry()
        self.cache_dir = Path(cache_dir) if cache_dir else default_cache_dir()
        self.max_workers = max_workers or min(8, os.cpu_count() or 2)
        self.tool_preferences = dict(tool_preferences or {})
        self.device = device
        from wavjourney.engine.memo import shared_memo

        # Levelled stems of recent renders, so an edit re-runs only the DSP that changed.
        self.stem_memo = shared_memo()
        self._llm_spec = llm
        self._base_url = base_url
        self._api_key = api_key
        self._llm: Any = None
        self._llm_lock = threading.Lock()

    def torch_device(self) -> Any:
        """The torch device the DSP runs on (resolved on first use; imports torch)."""
        import torch

        if self.device is None:
            self.device = "cuda" if torch.cuda.is_available() else "cpu"
        return torch.device(self.device)

    # Planning ----------------------------------------------------------------------------
    @property
    def llm(self) -> Any:
        """The resolved chat model, or None when the offline planner is used."""
        with self._llm_lock:
            if self._llm is None and self._llm_spec is not None:
                from wavjourney.planner.llm import resolve_llm

                self._llm = resolve_llm(self._llm_spec, base_url=self._base_url,
                                        api_key=self._api_key)
            return self._llm

    def plan(self, prompt: str, *, duration_s: float | None = None, language: str | None = None,
             max_attempts: int | None = None):
        """Turn a prompt into a validated, cast script. Returns a `wavjourney.planner.Plan`
        (``.script``, ``.planner`` = "llm" or "offline", ``.attempts``)."""
        from wavjourney.planner import DEFAULT_MAX_ATTEMPTS, plan_script

        return plan_script(prompt, llm=self.llm, registry=self.registry,
                           voices=self._voices_or_none(), duration_s=duration_s,
                           language=language, max_attempts=max_attempts or DEFAULT_MAX_ATTEMPTS)

    def edit(self, script: AudioScript | dict | str | Path, instruction: str, *,
             history: list[str] | tuple[str, ...] = (), max_attempts: int | None = None):
        """Ask the planner for an edited script. Returns a `wavjourney.planner.Plan`.

        Args:
            history: earlier instructions of the same conversation, oldest first.
        """
        from wavjourney.planner import DEFAULT_MAX_ATTEMPTS, edit_script

        return edit_script(self.load(script), instruction, llm=self.llm, registry=self.registry,
                           voices=self._voices_or_none(), history=list(history),
                           max_attempts=max_attempts or DEFAULT_MAX_ATTEMPTS)

    def session(self, directory: str | Path | None = None) -> Session:
        """A multi-turn editing session (versions, undo/redo, incremental re-render)."""
        from wavjourney.session import Session

        return Session(self, directory=directory)

    # Rendering ---------------------------------------------------------------------------
    @staticmethod
    def load(script: AudioScript | dict | list | str | Path) -> AudioScript:
        """Accept a script object, raw data, a JSON string or a path to a JSON file."""
        from wavjourney.script import load_script

        if isinstance(script, AudioScript):
            return script
        if isinstance(script, Path) or (isinstance(script, str) and not script.lstrip()
                                        .startswith(("{", "["))):
            return load_script(script)
        return parse_script(script)

    def compile(self, script: AudioScript | dict | str | Path):
        """The op graph for a script (nothing runs)."""
        from wavjourney.compiler import compile_script

        return compile_script(self.cast(self.load(script)), self.registry,
                              tool_preferences=self.tool_preferences)

    def render(
        self,
        script: AudioScript | dict | str | Path,
        out_dir: str | Path | None = None,
        *,
        out_file: str | Path | None = None,
        progress: ProgressCallback | None = None,
        cancel: threading.Event | None = None,
        extra_report: dict[str, Any] | None = None,
    ) -> RenderResult:
        """Render a script.

        Args:
            out_dir: write the whole bundle here (mix, stems, timeline, captions, ...).
            out_file: write just the mix here (.wav, .flac or .mp3).
            progress: called with a `ProgressEvent` as graph nodes start and finish.
            cancel: set it to stop; finished clips stay cached.

        Nothing is written unless the whole render succeeds.
        """
        from wavjourney.render import render_script

        return render_script(self, self.cast(self.load(script)), out_dir, out_file=out_file,
                             progress=progress, cancel=cancel, extra_report=extra_report)

    def run_graph(self, graph: Any, out_dir: str | Path | None = None) -> Path | None:
        """Run an op graph (e.g. one rebuilt by a `program.py`) and write its exports."""
        from wavjourney.render import run_graph

        return run_graph(self, graph, out_dir)

    def generate(self, prompt: str, out_dir: str | Path | None = None, *,
                 out_file: str | Path | None = None, duration_s: float | None = None,
                 language: str | None = None, progress: ProgressCallback | None = None,
                 cancel: threading.Event | None = None) -> RenderResult:
        """Plan a script from a prompt and render it (see `render` for the arguments)."""
        plan = self.plan(prompt, duration_s=duration_s, language=language)
        return self.render(plan.script, out_dir, out_file=out_file, progress=progress,
                           cancel=cancel,
                           extra_report={"planner": plan.planner, "prompt": prompt,
                                         "planning_attempts": plan.attempts})

    def cast(self, script: AudioScript, overrides: dict[str, str] | None = None) -> AudioScript:
        """Give every voiceless character a fitting, distinct voice preset (from its name and
        description); voices already set, and `overrides`, are kept exactly."""
        if all(c.voice for c in script.characters) and not overrides:
            return script
        from wavjourney.planner.casting import cast

        voices = self._voices_or_none()
        if not voices:
            return script
        fixed = {c.name: c.voice for c in script.characters if c.voice}
        return cast(script, voices, overrides={**fixed, **(overrides or {})})

    # Introspection -----------------------------------------------------------------------
    def _voices_or_none(self) -> list[VoicePreset] | None:
        from wavjourney.exceptions import ToolUnavailable

        try:
            return self.voices()
        except ToolUnavailable:
            return None

    def voices(self, tool: str | None = None) -> list[VoicePreset]:
        """Voice presets of a speech tool (default: the one WavJourney would pick)."""
        name = tool or self.tool_preferences.get("speech") or self.registry.best("speech").info.name
        return self.registry.voices(name)

"""The Studio facade: plan / edit / render / generate. The CLI and the web app call this."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wavjourney.constants import DEFAULT_MAX_CACHE_BYTES
from wavjourney.script import AudioScript, parse_script

if TYPE_CHECKING:
    from wavjourney.engine.engine import Engine
    from wavjourney.engine.events import ProgressEvent
    from wavjourney.engine.executor import Executor
    from wavjourney.render import RenderResult
    from wavjourney.resolution import Resolver
    from wavjourney.script.limits import Limits
    from wavjourney.selection import Selection
    from wavjourney.session import Session
    from wavjourney.tools.base import VoicePreset
    from wavjourney.tools.registry import Registry
    from wavjourney.voice_library import VoiceLibrary

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
        max_workers: parallel render tasks (default: CPU count, at most 8).
        base_url: OpenAI-compatible server URL for string `llm` specs (llama.cpp, vLLM, ...).
        api_key: API key for string `llm` specs; held in memory only.
        tool_preferences: element kind -> tool name, used where a script names no tool.
        tool_options: tool name -> options for it (``{"musicgen": {"model": "ckpt/"}}``).
        device: torch device for the DSP and the tools (default: CUDA when torch sees one).
        executor: ``"local"`` (threads), ``"process"``, ``"ray"`` or an `Executor`.
        voice_library: custom voices that cloning tools speak with (a folder or a
            `VoiceLibrary`; default: `default_voices_dir()`).
        memory_budgets: device kind -> bytes that loaded models may take together.
        limits: bounds on the work a script may ask for (default: `script.limits.Limits()`).
        scene_concurrency: scene calls of a long piece in flight at once (LLM planner).

    Example:
        >>> studio = Studio()                                      # doctest: +SKIP
        >>> result = studio.render("examples/news_intro.json", "out/news")  # doctest: +SKIP
        >>> result.mix_path                                        # doctest: +SKIP
        PosixPath('out/news/mix.wav')

    Attributes:
        cache_max_bytes: after each render the clip cache is pruned to this size, least
            recently used clips first (default 2 GiB; None: unbounded).
    """

    cache_max_bytes: int | None = DEFAULT_MAX_CACHE_BYTES

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
        tool_options: dict[str, dict[str, Any]] | None = None,
        device: str | None = None,
        executor: str | Executor | None = None,
        voice_library: str | Path | VoiceLibrary | None = None,
        memory_budgets: dict[str, int] | None = None,
        limits: Limits | None = None,
        scene_concurrency: int | None = None,
    ):
        from wavjourney.resolution import Resolver
        from wavjourney.tools.registry import Registry, default_registry
        from wavjourney.voice_library import VoiceLibrary, default_voices_dir

        if registry is None:
            # Options configure tools, so a configured Studio gets a registry of its own.
            registry = Registry(options=tool_options) if tool_options else default_registry()
        else:
            for name, options in (tool_options or {}).items():
                registry.configure(name, **options)
        self.registry = registry
        self.cache_dir = Path(cache_dir) if cache_dir else default_cache_dir()
        self.max_workers = max_workers or min(8, os.cpu_count() or 2)
        self.tool_preferences = dict(tool_preferences or {})
        if not isinstance(voice_library, VoiceLibrary):
            voice_library = VoiceLibrary(voice_library or default_voices_dir())
        self.resolver: Resolver = Resolver(registry, self.tool_preferences, voice_library)
        self.limits = limits
        self.scene_concurrency = scene_concurrency
        self._device = device
        self._executor_spec = executor
        self._memory_budgets = memory_budgets
        self._engine: Engine | None = None
        self._engine_lock = threading.Lock()
        self._llm_spec = llm
        self._base_url = base_url
        self._api_key = api_key
        self._llm: Any = None
        self._llm_lock = threading.Lock()

    @property
    def voice_library(self) -> VoiceLibrary | None:
        """Custom voices (recordings) that cloning tools speak with."""
        return self.resolver.voice_library

    @voice_library.setter
    def voice_library(self, library: VoiceLibrary | None) -> None:
        self.resolver.voice_library = library

    @property
    def engine(self) -> Engine:
        """The engine that renders (built on first use; imports torch)."""
        with self._engine_lock:
            if self._engine is None:
                from wavjourney.engine.engine import Engine

                self._engine = Engine(self.registry, self.cache_dir,
                                      executor=self._executor_spec, device=self._device,
                                      memory_budgets=self._memory_budgets,
                                      max_workers=self.max_workers)
            return self._engine

    @property
    def device(self) -> str:
        """The torch device the engine runs on."""
        return self.engine.device

    def close(self) -> None:
        """Unload models and stop workers (a later render starts them again)."""
        with self._engine_lock:
            if self._engine is not None:
                self._engine.close()
                self._engine = None

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
             max_attempts: int | None = None, progress: Callable[[Any], None] | None = None):
        """Turn a prompt into a validated, cast script. Returns a `wavjourney.planner.Plan`
        (``.script``, ``.planner`` = "llm" or "offline", ``.attempts``, ``.outline`` for a
        long piece).

        Args:
            language: the script's language (default: the prompt's); voices are cast from
                the speech tool that speaks it.
            progress: called with a `SceneEvent` as each scene of a long piece is planned.
        """
        from wavjourney.planner import plan_script

        language = self._language(prompt, language)
        return plan_script(prompt, llm=self.llm, registry=self.registry,
                           voices=self._voices_or_none(language), duration_s=duration_s,
                           language=language, progress=progress, **self._planning(max_attempts))

    def plan_outline(self, prompt: str, *, duration_s: float | None = None,
                     language: str | None = None, max_attempts: int | None = None):
        """The outline of a long piece (a `wavjourney.planner.longform.Outline`, to show or
        edit before its scenes are written), or None for a piece short enough to plan in
        one go."""
        from wavjourney.planner import plan_outline

        language = self._language(prompt, language)
        return plan_outline(prompt, llm=self.llm, voices=self._voices_or_none(language) or (),
                            duration_s=duration_s, language=language,
                            max_attempts=self._planning(max_attempts)["max_attempts"])

    def plan_scenes(self, outline: Any, *, written: dict[str, AudioScript] | None = None,
                    max_attempts: int | None = None,
                    progress: Callable[[Any], None] | None = None):
        """Write the scenes of an outline and merge them into one script (a `Plan`).

        Args:
            written: scene id → script already written (a resumed `PartialPlan.scenes`).
        """
        from wavjourney.planner import plan_scenes

        voices = self._voices_or_none(outline.language) or ()
        return plan_scenes(outline, llm=self.llm, registry=self.registry, voices=voices,
                           written=written, progress=progress, **self._planning(max_attempts))

    def edit(self, script: AudioScript | dict | str | Path, instruction: str, *,
             history: list[str] | tuple[str, ...] = (), max_attempts: int | None = None,
             outline: Any = None):
        """Ask the planner for an edited script. Returns a `wavjourney.planner.Plan`.

        Args:
            history: earlier instructions of the same conversation, oldest first.
            outline: the long piece's outline, if known: context for an edit of one scene
                ("in scene 3, ...").
        """
        from wavjourney.planner import DEFAULT_MAX_ATTEMPTS, edit_script

        script = self.load(script)
        return edit_script(script, instruction, llm=self.llm, registry=self.registry,
                           voices=self._voices_or_none(script.language), history=list(history),
                           max_attempts=max_attempts or DEFAULT_MAX_ATTEMPTS, outline=outline)

    def _planning(self, max_attempts: int | None) -> dict[str, int]:
        from wavjourney.planner import DEFAULT_MAX_ATTEMPTS
        from wavjourney.planner.scene_writer import DEFAULT_SCENE_CONCURRENCY

        return {"max_attempts": max_attempts or DEFAULT_MAX_ATTEMPTS,
                "scene_concurrency": self.scene_concurrency or DEFAULT_SCENE_CONCURRENCY}

    @staticmethod
    def _language(prompt: str, language: str | None) -> str:
        from wavjourney.planner.offline import detect_language

        return language or detect_language(prompt) or "en"

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

        return compile_script(self.cast(self.load(script)), self.resolver)

    def render(
        self,
        script: AudioScript | dict | str | Path,
        out_dir: str | Path | None = None,
        *,
        out_file: str | Path | None = None,
        progress: ProgressCallback | None = None,
        cancel: threading.Event | None = None,
        extra_report: dict[str, Any] | None = None,
        stems: str = "float",
        aligned_stems: bool = False,
    ) -> RenderResult:
        """Render a script.

        Args:
            out_dir: write the whole bundle here (mix, stems, timeline, captions, ...).
            out_file: write just the mix here (.wav, .flac or .mp3).
            progress: called with a `ProgressEvent` as graph nodes start and finish.
            cancel: set it to stop; finished clips stay cached.
            stems: the bundle's stem files: "float" (32-bit float WAV, never clips), "wav"
                or "flac" (24-bit; a stem peaking above 0 dBFS is clipped, with a
                warning), "none".
            aligned_stems: also write full-length, time-aligned tracks (`tracks/*.wav`: each
                character's speech, music, effects, ambience) to import into a DAW.

        Nothing is written unless the whole render succeeds.
        """
        from wavjourney.render import render_script

        result = render_script(self, self.cast(self.load(script)), out_dir, out_file=out_file,
                               progress=progress, cancel=cancel, extra_report=extra_report,
                               stems=stems, aligned_stems=aligned_stems)
        self.prune_cache()
        return result

    def prune_cache(self) -> None:
        """Keep the clip cache within `cache_max_bytes` (least recently used clips go)."""
        if self.cache_max_bytes is not None:
            from wavjourney.engine.cache import ClipCache

            ClipCache(self.cache_dir).prune(self.cache_max_bytes)

    def run_graph(self, graph: Any, out_dir: str | Path | None = None) -> Path | None:
        """Run an op graph (e.g. one rebuilt by a `program.py`) and write its exports."""
        from wavjourney.render import run_graph

        return run_graph(self, graph, out_dir)

    def generate(self, prompt: str, out_dir: str | Path | None = None, *,
                 out_file: str | Path | None = None, duration_s: float | None = None,
                 language: str | None = None, progress: ProgressCallback | None = None,
                 cancel: threading.Event | None = None,
                 audio: str | Path | None = None, stems: str = "float",
                 aligned_stems: bool = False) -> RenderResult:
        """Plan a script from a prompt and render it (see `render` for the arguments).

        Args:
            audio: a voice reference: the main character speaks with it where a
                voice-cloning tool can run (see `use_voice_reference`).
        """
        plan = self.plan(prompt, duration_s=duration_s, language=language)
        extra = {"planner": plan.planner, "prompt": prompt, "planning_attempts": plan.attempts}
        script = plan.script
        if audio is not None:
            script, extra["voice_reference"] = self.use_voice_reference(script, audio)
        return self.render(script, out_dir, out_file=out_file, progress=progress,
                           cancel=cancel, extra_report=extra, stems=stems,
                           aligned_stems=aligned_stems)

    def use_voice_reference(self, script: AudioScript | dict | str | Path,
                            audio: str | Path) -> tuple[AudioScript, dict[str, Any]]:
        """Cast the script's main character (most lines) to the voice in `audio`, stored in
        the voice library, when a voice-cloning tool can run; otherwise keep a preset.

        Returns:
            the cast script and a note for report.json (``character``, ``voice``, ``tool``,
            and ``warning`` saying why the recording was not used, if it was not).
        """
        from wavjourney.selection.reference import apply_voice_reference

        return apply_voice_reference(self, self.load(script), audio)

    def cast(self, script: AudioScript, overrides: dict[str, str] | None = None) -> AudioScript:
        """Give every voiceless character a fitting, distinct voice of the speech tool it
        will speak with (`wavjourney.resolution`); voices already set, and `overrides`, are
        kept exactly. Tools are not written into the script."""
        if overrides:
            script = script.model_copy(update={"characters": [
                c.model_copy(update={"voice": overrides.get(c.name, c.voice)})
                for c in script.characters]})
        if all(c.voice for c in script.characters):
            return script
        from wavjourney.exceptions import ToolUnavailable

        try:
            resolved = self.resolver.resolve(script).script
        except ToolUnavailable:
            return script
        voices = {c.name: c.voice for c in resolved.characters}
        return script.model_copy(update={"characters": [
            c.model_copy(update={"voice": c.voice or voices.get(c.name)})
            for c in script.characters]})

    # Introspection -----------------------------------------------------------------------
    def select_tools(self, instruction: str, *, audio: str | Path | None = None,
                     image: str | Path | None = None, kind: str | None = None,
                     installed_only: bool = True) -> Selection:
        """Which tools can serve `instruction`, best first, or ``unknown`` with the reason.

        Uses the configured chat model to choose among candidate cards when there is one
        (a wrong or malformed answer is re-asked with the error, then the offline ranker
        decides), the offline ranker otherwise.

        Args:
            audio: an attached recording (a voice to clone, a melody to follow).
            image: an attached image (only a model that accepts images looks at it).
            kind: only tools of this element kind.
            installed_only: leave out tools that cannot run here.
        """
        from wavjourney.selection import select_tools

        return select_tools(self.registry, instruction, audio=audio, image=image, kind=kind,
                            installed_only=installed_only, llm=self.llm)

    def _voices_or_none(self, language: str = "en") -> list[VoicePreset] | None:
        from wavjourney.exceptions import ToolUnavailable

        try:
            return self.voices(language=language)
        except ToolUnavailable:
            return None

    def voices(self, tool: str | None = None, *, language: str = "en") -> list[VoicePreset]:
        """Voices of a speech tool (default: the one WavJourney would pick for `language`),
        with the voice library's recordings where the tool clones voices."""
        return self.resolver.voices(tool, language=language)

    def speech_tool(self, language: str = "en") -> str:
        """The speech tool WavJourney would pick for `language`."""
        return self.resolver.tool_for("speech", language=language)

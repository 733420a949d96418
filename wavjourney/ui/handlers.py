"""What the web app does, as plain Python: no gradio here, so every step is testable alone.

One `Visitor` per browser session holds that visitor's settings, script history, renders and
custom voices, in a private folder (see `wavjourney.ui.sessions`). `Workbench` turns UI
actions (plan, edit the table or the JSON, cast, render, edit by chat, undo, voices,
settings) into calls on the Python API and returns plain data for the view. Failures raise
`WavJourneyError` subclasses with one-line messages; the gradio layer shows them.
"""

from __future__ import annotations

import json
import math
import re
import shutil
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from wavjourney.exceptions import RenderCancelled, ScriptError, WavJourneyError
from wavjourney.planner.offline import CONFIGURE_LLM_HINT
from wavjourney.resolution import VOICE_CLONE
from wavjourney.script import AudioScript, Speech, dump_script, parse_script
from wavjourney.tools.base import TOOL_KINDS
from wavjourney.ui.outline_editor import outline_from_rows
from wavjourney.ui.sessions import SessionStore, touch
from wavjourney.voice_library import (
    CustomVoice,
    VoiceLibrary,
    VoiceLibraryError,
)

if TYPE_CHECKING:
    from wavjourney.api import Studio
    from wavjourney.engine.events import ProgressEvent
    from wavjourney.planner.longform import Outline
    from wavjourney.render import RenderResult
    from wavjourney.session import Session

TABLE_COLUMNS = ("id", "type", "layer", "character", "text / description", "duration_s",
                 "target_lufs", "start_at", "end_at")
# What the page calls those columns (the script's field names are jargon to most people).
TABLE_HEADERS = ("ID", "Type", "Layer", "Character", "Text / description", "Length (s)",
                 "Loudness (LUFS)", "From (ID)", "Until (ID)")
# Literal: gradio's Dataframe accepts only its own datatype names.
TABLE_DATATYPES: tuple[Literal["str", "number"], ...] = (
    "str", "str", "str", "str", "str", "number", "number", "str", "str")
VERSION_COLUMNS = ("Version", "Change", "Elements", "Current")
PRESET_COLUMNS = ("Name", "Description", "Gender", "Age", "Accent", "Language")
CUSTOM_VOICE_COLUMNS = ("Name", "Voice ID", "Description", "Gender", "Length (s)")
# Command-line pointers in shared messages → where the same thing is on the page.
PAGE_WORDING = {
    CONFIGURE_LLM_HINT: "choose an LLM in the Settings tab",
    "give its URL with --base-url (or base_url in the config file)":
        "fill in its Base URL in the Settings tab",
    "or give --base-url for an OpenAI-compatible server":
        "or fill in the Base URL in the Settings tab for an OpenAI-compatible server",
}
AUTO = "auto"
PREVIEW_MAX_WORDS = 16
KEEP_RENDERS = 3
RENDERS_DIR = "renders"
PREVIEWS_DIR = "previews"
VOICES_DIR = "voices"
SESSION_DIR = "session"
TIMELINE_PNG = "timeline.png"
# Share of the progress bar used by clip generation; the rest is fitting and mixing.
GENERATION_PROGRESS_SHARE = 0.8
EXAMPLE_PROMPTS = (
    "A couple on a date in a rainy cafe; a thunderclap makes them laugh",
    "A one-minute news intro about a solar eclipse, with a confident anchor",
    "A grandpa tells his grandchild a bedtime story by the fireplace",
    "A detective in a noir city at night hears footsteps in the alley",
)

ProgressReport = Callable[[float, str], None]


@dataclass
class Settings:
    """One visitor's settings; held in memory for the browser session only.

    Args:
        llm: ``"provider:model"`` spec; empty for the offline planner.
        base_url: server URL for OpenAI-compatible or Ollama servers.
        api_key: the provider key; never written to disk, never shown, never logged.
        tool_preferences: element kind → tool name (kinds left out: WavJourney chooses).
    """

    llm: str = ""
    base_url: str = ""
    api_key: str = field(default="", repr=False)
    tool_preferences: dict[str, str] = field(default_factory=dict)

    def describe(self) -> str:
        """One line for the user (never the key)."""
        planner = f"LLM planner `{self.llm}`" if self.llm else "offline planner (no LLM)"
        if self.llm and self.base_url:
            planner += f" at `{self.base_url}`"
        if self.llm and self.api_key:
            planner += " (API key set)"
        tools = ", ".join(f"{k} → `{v}`" for k, v in sorted(self.tool_preferences.items()))
        return planner + (f"; tools: {tools}" if tools else "; tools: chosen automatically")


StudioFactory = Callable[[Settings], "Studio"]


def default_studio_factory(*, cache_dir: str | Path | None = None,
                           tool_preferences: dict[str, str] | None = None,
                           tool_options: dict[str, dict[str, Any]] | None = None
                           ) -> StudioFactory:
    """A factory that builds a Studio from a visitor's settings.

    Args:
        cache_dir: shared clip cache (content-addressed, so sharing it between visitors only
            saves work); None uses the default.
        tool_preferences: defaults under each visitor's own choices.
        tool_options: the server's tool options (model folders, ...); visitors cannot set them.
    """
    base = dict(tool_preferences or {})

    def factory(settings: Settings) -> Studio:
        from wavjourney.api import Studio

        llm = None
        if settings.llm:
            from wavjourney.planner.llm import resolve_llm

            # Visitor settings never reach the server's environment keys: the only key a
            # visitor's model gets is one in `settings` (the visitor's, or the server's
            # default key when the visitor kept the default model and URL).
            llm = resolve_llm(settings.llm, base_url=settings.base_url or None,
                              api_key=settings.api_key or None, env_keys=False)
        return Studio(llm=llm, cache_dir=cache_dir,
                      tool_preferences={**base, **settings.tool_preferences},
                      tool_options=tool_options)

    return factory


@dataclass(frozen=True)
class Version:
    """One version of the visitor's script, as the view shows it."""

    number: int
    script: AudioScript
    change: str
    diff: str = ""


class History:
    """The visitor's script versions: a `wavjourney.session.Session` (plan, chat edits, undo,
    redo, saved under the visitor's folder) plus a label per version for the view.

    Table, JSON and casting edits are versions too, so undo covers them.

    Args:
        directory: where the session saves its versions.
    """

    def __init__(self, directory: Path):
        self.directory = directory
        self.session: Session | None = None
        self.labels: list[str] = []

    @property
    def position(self) -> int:
        """Index of the current version (-1 before the first plan)."""
        return self.session.version - 1 if self.session is not None else -1

    @property
    def script(self) -> AudioScript | None:
        if self.session is None or self.session.version == 0:
            return None
        return self.session.script

    @property
    def current(self) -> Version | None:
        if self.script is None:
            return None
        return self._view(self.position)

    @property
    def versions(self) -> list[Version]:
        if self.session is None:
            return []
        return [self._view(i) for i in range(len(self.session.versions))]

    def start(self, studio: Studio, prompt: str, *, outline: Any = None,
              progress: Any = None) -> tuple[Any, Version]:
        """Plan a new script in a new session (the old one is kept until this succeeds);
        with `outline`, write the scenes of that (edited) outline of a long piece."""
        from wavjourney.session import Session

        session = Session(studio, directory=self.directory)
        plan = session.start(prompt, outline=outline, progress=progress)
        self.session, self.labels = session, [f"planned: {_short(prompt)}"]
        return plan, self._view(0)

    def load(self, studio: Studio, script: AudioScript, change: str) -> Version:
        """Start a new session from a given script (JSON pasted before any plan)."""
        from wavjourney.session import Session

        self.session = Session(studio, directory=self.directory, script=script)
        self.labels = [change]
        return self._view(0)

    def edit(self, instruction: str) -> tuple[Any, Version]:
        """A chat edit through the session's planner."""
        session = self._require()
        before = session.version
        result = session.edit(instruction)
        self.labels = self.labels[:before] + [f"edit: {_short(instruction)}"]
        return result, self._view(self.position)

    def commit(self, script: AudioScript, change: str) -> Version | None:
        """Store a hand-made change (table, JSON, casting) as a new version; None if the
        script is unchanged."""
        session = self._require()
        if dump_script(script) == dump_script(session.script):
            return None
        before = session.version
        session.commit(script, change)
        self.labels = self.labels[:before] + [change]
        return self._view(self.position)

    def undo(self) -> Version:
        self._require().undo()
        return self._view(self.position)

    def redo(self) -> Version:
        self._require().redo()
        return self._view(self.position)

    def _require(self) -> Session:
        if self.session is None or self.session.version == 0:
            raise WavJourneyError("there is no script yet: write a prompt and press Plan, or "
                                  "paste a script into the JSON editor")
        return self.session

    def _view(self, index: int) -> Version:
        assert self.session is not None
        scripts = self.session.versions
        diff = str(self.session.diff(index, index + 1)) if index > 0 else ""
        label = self.labels[index] if index < len(self.labels) else f"version {index + 1}"
        return Version(index + 1, scripts[index], label, diff)


@dataclass
class RenderOutput:
    """What the view shows after a render; every path lies in the visitor's folder."""

    mix_path: Path
    bundle_dir: Path
    zip_path: Path
    timeline_png: Path
    stems: dict[str, Path]
    files: list[Path]
    duration_s: float
    summary: str
    timeline: list[dict[str, Any]]


class Visitor:
    """One browser session: settings, script history, renders and custom voices.

    Args:
        directory: the visitor's private folder.
        studio_factory: builds a Studio from `settings` (rebuilt when they change).
        settings: initial settings (copied).
        voices_dir: a custom voice library shared by every visitor (single-user setups);
            None keeps each visitor's voices in their own folder.
    """

    def __init__(self, directory: Path, studio_factory: StudioFactory,
                 settings: Settings | None = None, voices_dir: Path | None = None):
        self.directory = directory
        self.settings = Settings(**vars(settings)) if settings else Settings()
        self.settings.tool_preferences = dict(self.settings.tool_preferences)
        self.history = History(directory / SESSION_DIR)
        self.voices = VoiceLibrary(voices_dir or directory / VOICES_DIR)
        self.chat: list[dict[str, str]] = []
        self.outline_draft: Outline | None = None  # a long piece's outline, being edited
        self.last_render: RenderOutput | None = None
        self.rendered_script: str | None = None  # what last_render rendered (dumped)
        self.render_count = 0
        self.cancel = threading.Event()
        self.render_lock = threading.Lock()
        self.lock = threading.RLock()
        self._studio_factory = studio_factory
        self._studio: Studio | None = None

    @property
    def studio(self) -> Studio:
        with self.lock:
            if self._studio is None:
                self._studio = self._studio_factory(self.settings)
                # The visitor's uploads are the custom voices its cloning tools speak with.
                self._studio.voice_library = self.voices
            return self._studio

    @property
    def script(self) -> AudioScript | None:
        return self.history.script

    def require_script(self) -> AudioScript:
        if self.history.script is None:
            raise WavJourneyError("there is no script yet: write a prompt and press Plan, or "
                                  "paste a script into the JSON editor")
        return self.history.script

    def close(self) -> None:
        """Delete the visitor's folder (the browser session has ended)."""
        self.cancel.set()
        shutil.rmtree(self.directory, ignore_errors=True)

    def __deepcopy__(self, memo: dict) -> Visitor:
        # gradio may deep-copy state; a visitor is a handle on one folder, never duplicated.
        return self


class Workbench:
    """The app's actions on plain data.

    Args:
        studio_factory: builds a visitor's Studio from their `Settings`.
        store: where visitors' folders live.
        default_settings: every visitor starts from these (e.g. the ``--llm`` flag).
        voices_dir: one custom voice library for everyone (for a single user on their own
            machine, e.g. `wavjourney.voice_library.default_voices_dir()`); None gives each
            visitor a private library in their session folder.
    """

    def __init__(self, studio_factory: StudioFactory, store: SessionStore,
                 default_settings: Settings | None = None, voices_dir: str | Path | None = None):
        self.studio_factory = studio_factory
        self.store = store
        self.default_settings = default_settings or Settings()
        self.voices_dir = Path(voices_dir).expanduser() if voices_dir else None
        self._registry_studio: Studio | None = None

    # Visitors ------------------------------------------------------------------------------
    def visitor(self, current: Visitor | None) -> Visitor:
        """The visitor's state, created on their first action."""
        if current is None or not current.directory.is_dir():
            current = Visitor(self.store.new(), self.studio_factory, self.default_settings,
                              self.voices_dir)
        touch(current.directory)
        return current

    def visitor_probe(self) -> Visitor:
        """A visitor with the default settings and no folder, for building the page (voice
        presets, tool lists); nothing is written for it."""
        return Visitor(self.store.root / ".probe-never-created", self.studio_factory,
                       self.default_settings, self.voices_dir)

    # Planning and script editing -----------------------------------------------------------
    def plan(self, visitor: Visitor, prompt: str) -> Version:
        """Plan a new script from a prompt (starts a new history)."""
        prompt = (prompt or "").strip()
        if not prompt:
            raise WavJourneyError("write a prompt first, e.g. “a couple dating in a rainy cafe”")
        plan, version = visitor.history.start(visitor.studio, prompt)
        visitor.chat = [{"role": "user", "content": prompt},
                        {"role": "assistant", "content": _plan_message(plan, version)}]
        return version

    def plan_outline(self, visitor: Visitor, prompt: str) -> Outline | None:
        """The outline of a long piece, kept as the visitor's draft to edit before its
        scenes are written (`write_scenes`); None for a piece short enough for `plan`."""
        prompt = (prompt or "").strip()
        if not prompt:
            raise WavJourneyError("write a prompt first, e.g. “a couple dating in a rainy cafe”")
        visitor.outline_draft = visitor.studio.plan_outline(prompt)
        return visitor.outline_draft

    def write_scenes(self, visitor: Visitor, rows: Sequence[Sequence[Any]],
                     report: ProgressReport | None = None) -> Version:
        """Write the scenes of the visitor's outline draft as edited in the outline table
        (rows in `OUTLINE_HEADERS` order); starts a new history like `plan`.

        Raises:
            ScriptError: a row is invalid (named); nothing is planned.
            WavJourneyError: there is no outline to write.
        """
        if visitor.outline_draft is None:
            raise WavJourneyError("there is no outline to write: press Plan with a prompt for "
                                  "a long piece (over 5 minutes) first")
        outline = outline_from_rows(visitor.outline_draft, rows)

        def progress(event: Any) -> None:
            if report is not None:
                report(event.done / event.total, str(event))

        plan, version = visitor.history.start(visitor.studio, outline.prompt, outline=outline,
                                              progress=progress)
        visitor.outline_draft = None
        visitor.chat = [{"role": "user", "content": outline.prompt},
                        {"role": "assistant", "content": _plan_message(plan, version)}]
        return version

    def apply_json(self, visitor: Visitor, text: str) -> Version | None:
        """Validate JSON from the editor and make it the current script.

        Raises:
            ScriptError: with every problem; the current script is unchanged.
        """
        if not (text or "").strip():
            raise ScriptError("the JSON editor is empty; paste a script or press Plan")
        script = parse_script(text)
        if visitor.script is None:
            version = visitor.history.load(visitor.studio, script, "pasted a script")
            visitor.chat = [{"role": "assistant", "content": "Loaded the pasted script as "
                             "version 1."}]
            return version
        return _noted(visitor, visitor.history.commit(script, "edited the JSON"))

    def apply_table(self, visitor: Visitor, rows: Sequence[Sequence[Any]]) -> Version | None:
        """Apply the element table (rows in `TABLE_COLUMNS` order) to the current script.

        Rows match elements by position; extra rows add elements, missing rows remove them.
        A speech line naming a new character adds that character.

        Raises:
            ScriptError: naming the row and column; the current script is unchanged.
        """
        script = visitor.require_script()
        raw = json.loads(dump_script(script))
        raw["elements"] = table_to_elements(rows, raw.get("elements", []))
        names = [c["name"] for c in raw.get("characters", [])]
        for element in raw["elements"]:
            who = element.get("character")
            if element.get("type") == "speech" and who and who not in names:
                raw.setdefault("characters", []).append({"name": who})
                names.append(who)
        return _noted(visitor, visitor.history.commit(parse_script(raw), "edited the table"))

    def set_voice(self, visitor: Visitor, character: str, voice: str | None) -> Version | None:
        """Cast `character` with `voice` (a preset or ``custom:<name>``; empty or "auto" lets
        WavJourney choose)."""
        script = visitor.require_script()
        raw = json.loads(dump_script(script))
        for entry in raw.get("characters", []):
            if entry["name"] == character:
                if voice and voice != AUTO:
                    entry["voice"] = voice
                else:
                    entry.pop("voice", None)
                break
        else:
            raise ScriptError(f"no character {character!r} in the script")
        label = voice if voice and voice != AUTO else "an automatic voice"
        return _noted(visitor, visitor.history.commit(parse_script(raw),
                                                      f"cast {character} as {label}"))

    def edit(self, visitor: Visitor, instruction: str) -> Version:
        """Ask the planner to edit the script; the chat shows the diff."""
        instruction = (instruction or "").strip()
        if not instruction:
            raise WavJourneyError("write what to change, e.g. “make the rain louder”")
        visitor.require_script()
        visitor.chat.append({"role": "user", "content": instruction})
        try:
            _, version = visitor.history.edit(instruction)
        except WavJourneyError as exc:
            visitor.chat.append({"role": "assistant",
                                 "content": f"❌ {as_markdown(for_the_page(str(exc)))}"})
            raise
        visitor.chat.append({"role": "assistant", "content": _version_message(version)})
        return version

    def undo(self, visitor: Visitor) -> Version:
        version = visitor.history.undo()
        visitor.chat.append({"role": "assistant",
                             "content": f"↶ Undone: back to version {version.number} "
                                        f"({version.change})."})
        return version

    def redo(self, visitor: Visitor) -> Version:
        version = visitor.history.redo()
        visitor.chat.append({"role": "assistant",
                             "content": f"↷ Redone: version {version.number} "
                                        f"({version.change})."})
        return version

    # Rendering -----------------------------------------------------------------------------
    def render(self, visitor: Visitor, report: ProgressReport | None = None) -> RenderOutput:
        """Render the current script into a new bundle in the visitor's folder.

        Clips are cached by content, so after an edit only changed elements are generated
        again (the summary says how many).
        """
        script = visitor.require_script()
        if not visitor.render_lock.acquire(blocking=False):
            raise WavJourneyError("a render is already running in this session; wait for it or "
                                  "press Stop")
        try:
            visitor.cancel.clear()
            with visitor.lock:
                visitor.render_count += 1
                number = visitor.render_count
            renders = visitor.directory / RENDERS_DIR
            bundle = renders / f"r{number:03d}"
            on_event = _progress_adapter(script, report)
            session = visitor.history.session
            assert session is not None
            result = session.render(bundle, progress=on_event, cancel=visitor.cancel)
            if report:
                report(0.97, "drawing the timeline")
            output = _package(result, bundle, title=script.title or "WavJourney")
            visitor.last_render = output
            visitor.rendered_script = dump_script(script)
            _prune_renders(renders, keep=KEEP_RENDERS)
            if report:
                report(1.0, "done")
            return output
        finally:
            visitor.render_lock.release()

    def needs_render(self, visitor: Visitor) -> bool:
        """Whether the current script differs from the last one rendered (an edit that
        failed or changed nothing needs no new render)."""
        script = visitor.script
        return script is not None and dump_script(script) != visitor.rendered_script

    def stop(self, visitor: Visitor) -> None:
        """Ask a running render to stop (finished clips stay cached)."""
        visitor.cancel.set()

    def preview_voice(self, visitor: Visitor, voice: str | None, text: str = "",
                      character: str = "") -> Path:
        """Say a short line with `voice`; returns a WAV in the visitor's folder."""
        voice = voice if voice and voice != AUTO else None
        words = " ".join((text or "").split()[:PREVIEW_MAX_WORDS])
        if not words:
            words = (f"Hello, I am {character}. This is how I sound." if character
                     else f"Hello! This is the {voice or 'default'} voice.")
        name = character or "Preview"
        raw: dict[str, Any] = {
            "title": "voice preview",
            "characters": [{"name": name, **({"voice": voice} if voice else {})}],
            "elements": [{"type": "speech", "id": "preview", "character": name, "text": words}],
        }
        if visitor.script is not None:
            raw["sample_rate_hz"] = visitor.script.sample_rate_hz
            raw["language"] = visitor.script.language
        target = (visitor.directory / PREVIEWS_DIR /
                  f"{_slug(name)}-{_slug(voice or AUTO)}-{int(time.time() * 1000)}.wav")
        previews = target.parent
        if previews.is_dir():
            for old in sorted(previews.glob("*.wav"))[:-8]:
                old.unlink(missing_ok=True)  # keep the folder small
        result = visitor.studio.render(parse_script(raw), out_file=target)
        assert result.mix_path is not None
        return result.mix_path

    def preview_character(self, visitor: Visitor, character: str, voice: str | None) -> Path:
        """Preview a character's voice with (the start of) their first line."""
        script = visitor.require_script()
        line = next((e.text for e in script.elements
                     if e.type == "speech" and e.character == character), "")
        return self.preview_voice(visitor, voice, line, character)

    # Voices --------------------------------------------------------------------------------
    def speech_tool(self, visitor: Visitor):
        """The ToolInfo of the speech tool the visitor's renders would use."""
        studio = visitor.studio
        return studio.registry.info(studio.speech_tool())

    def setup_note(self, visitor: Visitor) -> str:
        """One line for the Create tab: which planner and which tools are in use."""
        settings = visitor.settings
        if settings.llm:
            at = f" at `{settings.base_url}`" if settings.base_url else ""
            planner = f"**Planner:** LLM `{settings.llm}`{at}"
        else:
            planner = ("**Planner:** offline (no LLM; edits like “add thunder” or “make the "
                       "music quieter” only; choose an LLM in the Settings tab for others)")
        names = []
        for kind in TOOL_KINDS:
            try:
                name = visitor.studio.resolver.tool_for(kind)
            except WavJourneyError:
                name = "none installed"
            names.append(f"{kind.replace('_', ' ')} `{name}`")
        return f"{planner}  ·  **Tools:** {', '.join(names)}"

    def clone_note(self, visitor: Visitor) -> str:
        """Whether any installed speech tool can speak with an uploaded voice."""
        registry = visitor.studio.registry
        able = [info.name for info in registry.infos("speech", available_only=True)
                if VOICE_CLONE in info.capabilities]
        if not able:
            return ("⚠️ **No installed speech tool can use custom voices** (the offline voices "
                    "are presets only): recordings you add are kept for a voice-cloning tool "
                    "installed later.")
        try:
            current = self.speech_tool(visitor).name
        except WavJourneyError:
            current = None
        tools = ", ".join(f"`{name}`" for name in able)
        if current in able:
            return f"✓ The current speech tool (`{current}`) can speak with your voices."
        return (f"Custom voices work with {tools}: choose it as the speech tool in the Settings "
                "tab to cast them.")

    def presets(self, visitor: Visitor) -> list[list[str]]:
        """Voice presets of the current speech tool, as table rows (`PRESET_COLUMNS`)."""
        return [[v.name, v.description, v.gender, v.age, v.accent, v.language]
                for v in visitor.studio.voices()]

    def voice_choices(self, visitor: Visitor) -> list[tuple[str, str]]:
        """(label, value) choices for casting: auto, presets, and custom voices where the
        speech tool can clone voices."""
        choices = [("auto (let WavJourney cast)", AUTO)]
        for v in visitor.studio.voices():  # custom voices only where the tool clones them
            label = (f"{v.name} (your voice)" if v.sample is not None
                     else f"{v.name} — {v.gender}, {v.age}, {v.accent}")
            choices.append((label, v.name))
        return choices

    def custom_voices(self, visitor: Visitor) -> list[CustomVoice]:
        return visitor.voices.voices()

    def upload_voice(self, visitor: Visitor, path: str | Path | None, name: str,
                     description: str = "", gender: str = "neutral") -> CustomVoice:
        """Check and store an uploaded recording as one of the visitor's voices."""
        if not path:
            raise VoiceLibraryError("choose a recording to upload (WAV, FLAC, OGG or MP3, "
                                    "3 to 60 s, at most 20 MB)")
        return visitor.voices.add(name, path, description=description, gender=gender or
                                  "neutral")

    def delete_voice(self, visitor: Visitor, name: str) -> None:
        if not name:
            raise VoiceLibraryError("choose one of your voices to delete")
        visitor.voices.delete(name)

    # Settings ------------------------------------------------------------------------------
    def tool_choices(self, visitor: Visitor) -> dict[str, list[tuple[str, str]]]:
        """Per kind: (label, value) choices of installed tools, best first, plus auto."""
        registry = visitor.studio.registry
        out: dict[str, list[tuple[str, str]]] = {}
        for kind in TOOL_KINDS:
            options = [(AUTO, AUTO)]
            for info in registry.infos(kind):
                options.append((f"{info.name} (quality {info.quality})", info.name))
            out[kind] = options
        return out

    def save_settings(self, visitor: Visitor, llm: str, base_url: str, api_key: str,
                      tools: dict[str, str]) -> Settings:
        """Check and apply settings; a bad LLM spec raises ConfigError and changes nothing."""
        settings = Settings(llm=(llm or "").strip(), base_url=(base_url or "").strip(),
                            api_key=(api_key or "").strip(),
                            tool_preferences={k: v for k, v in (tools or {}).items()
                                              if v and v != AUTO})
        default = self.default_settings
        if (not settings.api_key and settings.llm == default.llm
                and settings.base_url == default.base_url):
            # The server's own key goes only to the server's own model and URL, never to a
            # host a visitor typed in.
            settings.api_key = default.api_key
        studio = self.studio_factory(settings)
        for kind, name in settings.tool_preferences.items():
            info = studio.registry.info(name)
            if info.kind != kind:
                raise WavJourneyError(f"tool {name!r} makes {info.kind}, not {kind}")
        if settings.llm:
            _ = studio.llm  # resolves the spec now, so a mistake shows here, not at Plan
        with visitor.lock:
            visitor.settings = settings
            visitor._studio = studio
            if visitor.history.session is not None:
                visitor.history.session.studio = studio
        return settings


# Views --------------------------------------------------------------------------------------
def script_table(script: AudioScript | None) -> list[list[Any]]:
    """The script's elements as rows in `TABLE_COLUMNS` order."""
    if script is None:
        return []
    rows = []
    for e in script.elements:
        duration_s: float | None = None
        if isinstance(e, Speech):
            character, words = e.character, e.text
        else:
            character, words, duration_s = "", e.description, e.duration_s
        rows.append([
            e.id, e.type, e.layer, character, words, duration_s,
            e.target_lufs,
            e.start_at or "", e.end_at or "",
        ])
    return rows


def script_json(script: AudioScript | None) -> str:
    return dump_script(script) if script is not None else ""


def casting_rows(script: AudioScript | None) -> list[tuple[str, str, str]]:
    """(character, description, voice or "auto") for each character."""
    if script is None:
        return []
    return [(c.name, c.description, c.voice or AUTO) for c in script.characters]


def history_rows(history: History) -> list[list[Any]]:
    return [[v.number, v.change, len(v.script.elements), "●" if i == history.position else ""]
            for i, v in enumerate(history.versions)]


def custom_voice_rows(voices: Sequence[CustomVoice]) -> list[list[Any]]:
    return [[v.name, v.voice_id, v.description, v.gender, v.duration_s] for v in voices]


def table_to_elements(rows: Sequence[Sequence[Any]],
                      previous: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Raw element dicts from table rows, keeping fields the table does not show."""
    elements: list[dict[str, Any]] = []
    for index, row in enumerate(rows):
        cells = [_cell(c) for c in list(row) + [None] * (len(TABLE_COLUMNS) - len(row))]
        if all(c is None for c in cells):
            continue  # an empty row the grid added
        eid, etype, layer, character, words, duration, lufs, start_at, end_at = \
            cells[: len(TABLE_COLUMNS)]
        where = f"table row {index + 1}"
        base = dict(previous[index]) if index < len(previous) else {}
        etype = str(etype or base.get("type") or "").strip()
        if etype not in TOOL_KINDS:
            raise ScriptError(f"{where}, column 'Type': {etype or 'empty'!s}; use speech, music "
                              "or sound_effect")
        if base.get("type") != etype:
            base = {k: v for k, v in base.items() if k in _COMMON_FIELDS}
        base["type"] = etype
        base["id"] = str(eid or "").strip()
        base["layer"] = str(layer or "foreground").strip()
        words = str(words or "").strip()
        if etype == "speech":
            base["character"] = str(character or "").strip()
            base["text"] = words
            for key in ("description", "duration_s", "duck_db"):
                base.pop(key, None)
        else:
            base["description"] = words
            for key in ("character", "text", "speaking_rate"):
                base.pop(key, None)
            _set_number(base, "duration_s", duration, where)
        _set_number(base, "target_lufs", lufs, where)
        for key, value in (("start_at", start_at), ("end_at", end_at)):
            if value is None or not str(value).strip():
                base.pop(key, None)
            else:
                base[key] = str(value).strip()
        elements.append(base)
    return elements


_COMMON_FIELDS = {"id", "layer", "target_lufs", "tool", "seed", "fade_in_s", "fade_out_s",
                  "gap_s", "start_at", "end_at", "pan"}


def _cell(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, str) and not value.strip():
        return None
    return value


def _set_number(target: dict[str, Any], key: str, value: Any, where: str) -> None:
    if value is None:
        target.pop(key, None)
        return
    try:
        number = float(value)
    except (TypeError, ValueError):
        header = TABLE_HEADERS[TABLE_COLUMNS.index(key)]
        raise ScriptError(f"{where}, column {header!r}: {value!r} is not a number") from None
    if math.isnan(number):
        target.pop(key, None)
    else:
        target[key] = number


def _plan_message(plan: Any, version: Version) -> str:
    script = version.script
    kinds = {k: sum(1 for e in script.elements if e.type == k) for k in TOOL_KINDS}
    parts = ", ".join(f"{n} {k.replace('_', ' ')}" for k, n in kinds.items() if n)
    attempts = getattr(plan, "attempts", 1)
    retry = f" after {attempts} attempts" if attempts and attempts > 1 else ""
    outline = getattr(plan, "outline", None)
    if outline is not None:  # one call per scene is the plan, not a retry
        retry = f" scene by scene ({len(outline.scenes)} scenes)"
    return (f"Planned version {version.number}{retry} with the {getattr(plan, 'planner', '?')} "
            f"planner: “{script.title or 'untitled'}” — {parts}. Edit it in the table or the "
            "JSON, cast the voices, then press Render.")


def _noted(visitor: Visitor, version: Version | None) -> Version | None:
    """Show a hand-made change in the chat, like a chat edit."""
    if version is not None:
        visitor.chat.append({"role": "assistant", "content": _version_message(version)})
    return version


def for_the_page(message: str) -> str:
    """A message as the web page should say it: Settings-tab wording for command-line hints."""
    for cli_words, page_words in PAGE_WORDING.items():
        message = message.replace(cli_words, page_words)
    return message


def as_markdown(text: str) -> str:
    """Plain text safe to show as Markdown: ``<sound>`` stays visible instead of being taken
    for an HTML tag and dropped."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _version_message(version: Version) -> str:
    diff = version.diff or "(the planner returned the same script)"
    return f"**Version {version.number}** — {version.change}\n\n```diff\n{diff}\n```"


def _short(text: str, limit: int = 80) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _progress_adapter(script: AudioScript,
                      report: ProgressReport | None) -> Callable[[ProgressEvent], None] | None:
    """ProgressEvents → (fraction, message): a step per generated element, then mixing."""
    if report is None:
        return None
    total_elements = max(1, len(script.elements))
    generated: set[str] = set()
    lock = threading.Lock()

    def on_event(event: ProgressEvent) -> None:
        if event.kind != "finished":
            return
        with lock:
            if event.op == "generate" and event.element_id:
                generated.add(event.element_id)
                where = "from cache" if event.cached else "generated"
                message = (f"{event.element_id} {where} ({len(generated)}/{total_elements} "
                           "elements)")
            elif len(generated) < total_elements:
                message = f"levelling and placing ({len(generated)}/{total_elements} elements)"
            else:
                message = "mixing, levelling and mastering"
            share = min(1.0, len(generated) / total_elements) * GENERATION_PROGRESS_SHARE
            rest = (event.done / max(1, event.total)) * (0.95 - GENERATION_PROGRESS_SHARE)
            report(min(0.95, share + rest), message)

    return on_event


def _package(result: RenderResult, bundle: Path, *, title: str) -> RenderOutput:
    """Add the timeline picture and a zip next to a finished bundle."""
    from wavjourney.ui.timeline_plot import draw_timeline

    bundle_dir = result.bundle_dir or bundle
    png = bundle_dir / TIMELINE_PNG
    draw_timeline(result.timeline, result.mix, result.sample_rate_hz, png, title=title)
    archive = _zip_dir(bundle_dir, bundle_dir.parent / f"wavjourney-{bundle_dir.name}.zip")
    stems_dir = bundle_dir / "stems"
    stems = {p.stem: p for p in sorted(stems_dir.glob("*.wav"))} if stems_dir.is_dir() else {}
    order = [e["id"] for e in result.timeline]
    stems = {k: stems[k] for k in sorted(stems, key=lambda k: (order.index(k) if k in order
                                                                else len(order), k))}
    report = result.report
    generated, cached = report.get("generated_clips", 0), report.get("cached_clips", 0)
    lines = [f"**{result.duration_s:.1f} s** of audio in {report.get('wall_s', 0):.1f} s "
             f"({report.get('realtime_factor', 0)}× realtime) · {generated} clip"
             f"{'s' if generated != 1 else ''} generated, {cached} reused from the cache"]
    if report.get("loudness_lufs") is not None:
        lines.append(f"Loudness {report['loudness_lufs']:.1f} LUFS, true peak "
                     f"{report.get('true_peak_dbtp', 0):.1f} dBTP")
    lines += [f"⚠️ {w}" for w in report.get("warnings", [])]
    return RenderOutput(
        mix_path=result.mix_path or bundle_dir / "mix.wav", bundle_dir=bundle_dir,
        zip_path=Path(archive), timeline_png=png, stems=stems,
        files=sorted(p for p in bundle_dir.rglob("*") if p.is_file()),
        duration_s=result.duration_s, summary="  \n".join(lines), timeline=result.timeline)


def _zip_dir(folder: Path, target: Path) -> Path:
    """Zip a bundle: audio stored as is (it barely compresses, and deflating it is slow),
    text deflated; written under a temporary name, then renamed."""
    import zipfile

    partial = target.with_name(f".{target.name}.partial")
    with zipfile.ZipFile(partial, "w") as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                stored = path.suffix.lower() in (".wav", ".flac", ".mp3", ".ogg", ".png")
                archive.write(path, path.relative_to(folder).as_posix(),
                              compress_type=zipfile.ZIP_STORED if stored else
                              zipfile.ZIP_DEFLATED)
    partial.replace(target)
    return target


def _prune_renders(renders: Path, *, keep: int) -> None:
    bundles = sorted(p for p in renders.glob("r[0-9][0-9][0-9]*") if p.is_dir())
    for old in bundles[:-keep]:
        shutil.rmtree(old, ignore_errors=True)
        (renders / f"wavjourney-{old.name}.zip").unlink(missing_ok=True)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:30] or "x"


def cancelled_message(exc: RenderCancelled) -> str:
    return f"Stopped ({exc}); the next render starts from the clips already made."

"""The gradio Blocks app: a thin wiring of components to `wavjourney.ui.handlers`.

Endpoints named for `gradio_client` (every one keeps per-visitor state by session):
``/plan`` (prompt; a long piece gives its outline to edit), ``/write_scenes`` (outline
rows), ``/apply_json`` (script JSON), ``/apply_table``, ``/render``, ``/stop``,
``/edit`` (instruction), ``/undo``, ``/redo``, ``/preview_voice`` (voice),
``/upload_voice`` (recording, name, description, gender), ``/delete_voice`` (name),
``/save_settings`` (llm, base URL, API key, speech, music and sound-effect tools).

Example:
    >>> from wavjourney.ui import create_app, launch                      # doctest: +SKIP
    >>> launch(create_app(workdir="/tmp/wavjourney-ui"), port=7860)      # doctest: +SKIP
"""

from __future__ import annotations

import contextvars
import logging
import threading
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import gradio as gr

from wavjourney.exceptions import RenderCancelled, ScriptError, WavJourneyError
from wavjourney.tools.base import TOOL_KINDS
from wavjourney.ui import handlers as h
from wavjourney.ui.outline_editor import (
    OUTLINE_DATATYPES,
    OUTLINE_HEADERS,
    outline_note,
    outline_rows,
)
from wavjourney.ui.sessions import DEFAULT_MAX_AGE_H, SessionStore
from wavjourney.voice_library import (
    MAX_VOICE_DURATION_S,
    MAX_VOICE_FILE_BYTES,
    MIN_VOICE_DURATION_S,
    VOICE_CLONE_CAPABILITY,
)

log = logging.getLogger(__name__)

MAX_CAST_SLOTS = 8
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7860
RENDER_CONCURRENCY = 2
DEFAULT_CONCURRENCY = 8
# Uploads a little over the voice limit still reach our check (and its clear message);
# anything bigger is refused by gradio before it is stored.
MAX_UPLOAD = f"{MAX_VOICE_FILE_BYTES // 2**20 + 5}mb"
GRADIO_CACHE_CLEANUP = (3600, 6 * 3600)  # every hour, files older than 6 h
KIND_LABELS = {"speech": "Speech tool", "music": "Music tool", "sound_effect": "Sound-effect tool"}
CSS = """
.gradio-container {max-width: 1360px !important; width: 100% !important;
                   margin: 0 auto !important;}
#wj-header h1 {margin-bottom: 0;}
#wj-header p {margin-top: 4px; color: var(--body-text-color-subdued);}
#wj-status {min-height: 1.6em;}
#wj-actions button {min-height: 44px;}
.wj-align-end {align-items: end !important;}
/* The Preview button sits level with its voice box, whatever the label and hint above it. */
.wj-cast-row {align-items: center !important; padding-right: 8px;
              background: var(--block-background-fill);}
#planner-note p {margin: 0; font-size: var(--text-sm);}
#voice-clone-note {padding: 6px 10px; border-radius: var(--radius-md);
                   background: var(--background-fill-secondary);}
.wj-section-title h3 {margin: 6px 0 0 0;}
"""


def create_app(studio_factory: h.StudioFactory | None = None, workdir: str | Path | None = None,
               *, default_settings: h.Settings | None = None,
               max_age_h: float = DEFAULT_MAX_AGE_H,
               voices_dir: str | Path | None = None) -> gr.Blocks:
    """Build the web app.

    Args:
        studio_factory: builds a visitor's `Studio` from their `handlers.Settings` (default:
            `handlers.default_studio_factory()`, the installed tools and the default cache).
        workdir: the folder holding visitors' session folders; the only folder the app
            serves files from (default: a new temporary folder).
        default_settings: every visitor's starting settings (e.g. from ``--llm``).
        max_age_h: session folders unused this long are deleted (checked at start and
            periodically).
        voices_dir: one custom voice library shared by every visitor (a single user on
            their own machine); None keeps each visitor's voices in their session folder.
    """
    if workdir is None:
        import tempfile

        workdir = tempfile.mkdtemp(prefix="wavjourney-ui-")
    store = SessionStore(workdir, max_age_h=max_age_h)
    store.cleanup()
    bench = h.Workbench(studio_factory or h.default_studio_factory(), store, default_settings,
                        voices_dir)
    catalogue = _Catalogue(bench)

    with gr.Blocks(title="WavJourney", delete_cache=GRADIO_CACHE_CLEANUP) as demo:
        state = gr.State(None, delete_callback=_close_visitor)
        with gr.Column(elem_id="wj-header"):
            gr.Markdown("# WavJourney\nDescribe a scene; WavJourney writes an audio script, "
                        "you adjust it, and it renders a mixed piece with stems, timeline and "
                        "captions.")
        with gr.Tabs():
            with gr.Tab("Create", id="create", elem_id="tab-create"):
                ui = _create_tab(catalogue)
            with gr.Tab("Voices", id="voices", elem_id="tab-voices"):
                vui = _voices_tab(catalogue)
            with gr.Tab("Settings", id="settings", elem_id="tab-settings"):
                sui = _settings_tab(catalogue, bench.default_settings)
        _wire(bench, state, ui, vui, sui)
        if bench.voices_dir is not None:
            # A shared library changes outside this page: show it as it is when the page opens.
            def shared_voices():
                rows = h.custom_voice_rows(bench.custom_voices(bench.visitor_probe()))
                names = [r[0] for r in rows]
                return rows, gr.Dropdown(choices=names, value=names[0] if names else None)

            demo.load(shared_voices, None, [vui.custom, vui.delete_pick],
                      api_visibility="private")

    demo.queue(default_concurrency_limit=DEFAULT_CONCURRENCY)
    demo.wavjourney_workdir = store.workdir
    demo.wavjourney_store = store
    demo.wavjourney_bench = bench
    return demo


def launch(demo: gr.Blocks, *, host: str = DEFAULT_HOST, port: int | None = DEFAULT_PORT,
           share: bool = False, prevent_thread_lock: bool = False, quiet: bool = False):
    """Serve the app; only files inside its work folder can be served.

    Returns what `gr.Blocks.launch` returns (app, local URL, share URL).
    """
    if port == 0:
        port = free_port(host)
    workdir = getattr(demo, "wavjourney_workdir", None)
    store: SessionStore | None = getattr(demo, "wavjourney_store", None)
    if store is not None:
        _start_cleanup_thread(demo, store)
    app_kwargs = {}
    if workdir:
        from starlette.middleware import Middleware

        app_kwargs["middleware"] = [Middleware(PrivateFiles, folder=Path(workdir))]
    # The work folder is allowed so gradio may copy a visitor's results into its cache (under
    # a seeded content hash, handed only to that visitor); PrivateFiles refuses every request
    # for a path inside the work folder itself, so no one fetches a session's files by path.
    return demo.launch(
        server_name=host, server_port=port, share=share, prevent_thread_lock=prevent_thread_lock,
        allowed_paths=[str(workdir)] if workdir else None, max_file_size=MAX_UPLOAD,
        app_kwargs=app_kwargs,
        footer_links=["api"], quiet=quiet, show_error=False, css=CSS,
        theme=gr.themes.Soft(primary_hue="indigo", secondary_hue="sky", neutral_hue="slate"),
    )


class PrivateFiles:
    """ASGI middleware: 403 for any file request naming a path inside `folder` (the visitors'
    session folders). Visitors get their files through gradio's cache copies only.

    Args:
        app: the wrapped ASGI app.
        folder: the work folder holding every visitor's session folder.
    """

    def __init__(self, app: Any, folder: Path):
        self.app = app
        self.folder = Path(folder).resolve()

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope.get("type") == "http" and self._private(scope.get("path", "")):
            await send({"type": "http.response.start", "status": 403,
                        "headers": [(b"content-type", b"text/plain")]})
            await send({"type": "http.response.body", "body": b"File not allowed."})
            return
        await self.app(scope, receive, send)

    def _private(self, url_path: str) -> bool:
        from urllib.parse import unquote

        for marker in ("/file=", "/file/"):
            if marker in url_path:
                raw = url_path.split(marker, 1)[1]
                for requested in {raw, unquote(raw)}:
                    try:
                        resolved = Path(requested).resolve()
                    except (OSError, ValueError):
                        return True
                    if resolved == self.folder or self.folder in resolved.parents:
                        return True
        return False


def free_port(host: str = DEFAULT_HOST) -> int:
    """A TCP port nobody listens on right now."""
    import socket

    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        probe.bind((host, 0))
        return int(probe.getsockname()[1])


# Layout -------------------------------------------------------------------------------------
class _Catalogue:
    """What every visitor sees before changing settings (built once per app)."""

    def __init__(self, bench: h.Workbench):
        self.bench = bench
        probe = bench.visitor_probe()
        self.presets = bench.presets(probe)
        self.shared_voices = bench.voices_dir is not None
        self.custom_rows = h.custom_voice_rows(bench.custom_voices(probe))
        self.voice_choices = bench.voice_choices(probe)
        self.tool_choices = bench.tool_choices(probe)
        self.setup_note = bench.setup_note(probe)
        self.clone_note = bench.clone_note(probe)
        try:
            self.speech_tool = bench.speech_tool(probe)
        except WavJourneyError:
            self.speech_tool = None


class _Slots(SimpleNamespace):
    """One tab's components by name (an attribute bag: gradio wires them by reference)."""


def _create_tab(cat: _Catalogue) -> _Slots:
    ui = _Slots()
    with gr.Row(equal_height=True):
        with gr.Column(scale=5):
            ui.prompt = gr.Textbox(label="Prompt", lines=3, max_lines=6, elem_id="prompt",
                                   placeholder="e.g. A couple on a date in a rainy cafe; a "
                                               "thunderclap makes them laugh")
        with gr.Column(scale=1, min_width=200, elem_id="wj-actions"):
            ui.plan_btn = gr.Button("Plan", variant="primary", elem_id="plan-button")
            ui.render_btn = gr.Button("Render", variant="primary", elem_id="render-button")
            ui.stop_btn = gr.Button("Stop", variant="stop", elem_id="stop-button", size="sm")
    ui.setup = gr.Markdown(cat.setup_note, elem_id="planner-note")
    gr.Examples([[p] for p in h.EXAMPLE_PROMPTS], inputs=[ui.prompt], label="Examples")
    ui.status = gr.Markdown("", elem_id="wj-status")

    # A long piece's outline, shown for editing before its scenes are written.
    with gr.Column(visible=False, elem_id="outline-box") as ui.outline_box:
        gr.Markdown("### Outline", elem_classes="wj-section-title")
        ui.outline_note = gr.Markdown("")
        ui.outline_table = gr.Dataframe(
            headers=list(OUTLINE_HEADERS), datatype=list(OUTLINE_DATATYPES), value=[],
            type="array", interactive=True, wrap=True, elem_id="outline-table",
            label="Scenes: edit any cell, add or delete rows",
            column_widths=["7%", "15%", "44%", "10%", "12%", "12%"], max_height=420)
        ui.write_btn = gr.Button("Write scenes", variant="primary", elem_id="write-scenes")

    gr.Markdown("### Script", elem_classes="wj-section-title")
    with gr.Tabs():
        with gr.Tab("Table"):
            ui.table = gr.Dataframe(
                headers=list(h.TABLE_HEADERS), datatype=list(h.TABLE_DATATYPES), value=[],
                type="array", interactive=True, wrap=True, elem_id="script-table",
                label="Elements: edit any cell; changes are checked as you go",
                column_widths=["12%", "10%", "10%", "10%", "24%", "7%", "9%", "9%", "9%"],
                max_height=420)
        with gr.Tab("JSON"):
            ui.code = gr.Code(value="", language="json", interactive=True, lines=14,
                              max_lines=30, label="Script JSON (for power users)",
                              elem_id="script-json")
            ui.apply_json_btn = gr.Button("Apply JSON", size="sm")

    with gr.Row():
        with gr.Column(scale=5):
            gr.Markdown("### Cast", elem_classes="wj-section-title")
            ui.cast_hint = gr.Markdown("Characters appear here after planning.")
            ui.cast_rows, ui.cast_voice, ui.cast_preview, ui.cast_audio = [], [], [], []
            for _ in range(MAX_CAST_SLOTS):
                # One card per character: the voice box and its Preview button together.
                with gr.Group(visible=False) as row, gr.Row(elem_classes="wj-cast-row"):
                    voice = gr.Dropdown(choices=cat.voice_choices, value=h.AUTO, label="",
                                        scale=4, min_width=260, interactive=True)
                    button = gr.Button("▶ Preview", size="sm", scale=1, min_width=100)
                audio = gr.Audio(visible=False, type="filepath", interactive=False,
                                 show_label=False, buttons=["download"])
                ui.cast_rows.append(row)
                ui.cast_voice.append(voice)
                ui.cast_preview.append(button)
                ui.cast_audio.append(audio)
        with gr.Column(scale=6):
            gr.Markdown("### Edit by chat", elem_classes="wj-section-title")
            ui.chat = gr.Chatbot(label="Changes", height=300, elem_id="edit-chat",
                                 show_label=False, buttons=["copy"], feedback_options=None,
                                 placeholder="Plan a script, then ask for changes here: "
                                             "“make the rain louder”, “add a door creak”.")
            with gr.Row(equal_height=True):
                ui.instruction = gr.Textbox(show_label=False, scale=5, lines=1,
                                            placeholder="What should change?",
                                            elem_id="edit-instruction")
                ui.edit_btn = gr.Button("Send", variant="primary", scale=1, min_width=80,
                                        elem_id="edit-button")
            with gr.Row(elem_classes="wj-align-end"):
                ui.undo_btn = gr.Button("↶ Undo", size="sm", min_width=80)
                ui.redo_btn = gr.Button("↷ Redo", size="sm", min_width=80)
                ui.auto_render = gr.Checkbox(value=False, scale=3,
                                             label="Re-render after each change (only "
                                                   "changed clips are generated)")
            with gr.Accordion("Versions", open=False):
                ui.versions = gr.Dataframe(headers=list(h.VERSION_COLUMNS), value=[],
                                           type="array", interactive=False, show_label=False,
                                           column_widths=["14%", "60%", "14%", "12%"],
                                           elem_id="versions", max_height=300)

    gr.Markdown("### Result", elem_classes="wj-section-title")
    ui.summary = gr.Markdown("Press **Render** to hear the script: the mix, every stem, a "
                             "timeline and the whole bundle appear here.",
                             elem_id="render-summary")
    with gr.Column(visible=False) as ui.result_box:
        with gr.Row(equal_height=True):
            with gr.Column(scale=3):
                ui.mix = gr.Audio(label="Mix", type="filepath", interactive=False,
                                  elem_id="mix-audio", buttons=["download"])
            with gr.Column(scale=2):
                ui.bundle = gr.File(label="Whole bundle (zip)", interactive=False,
                                    elem_id="bundle-zip", height=90)
        ui.timeline = gr.Image(label="Timeline", show_label=False, type="filepath",
                               interactive=False, elem_id="timeline-image",
                               buttons=["download", "fullscreen"])
        with gr.Row():
            with gr.Column(scale=3):
                ui.stem_pick = gr.Dropdown(choices=[], label="Listen to a stem",
                                           interactive=True, elem_id="stem-pick")
                ui.stem_audio = gr.Audio(type="filepath", interactive=False, show_label=False,
                                         elem_id="stem-audio", buttons=["download"])
            with gr.Column(scale=2):
                ui.files = gr.File(label="Bundle files", file_count="multiple",
                                   interactive=False, height=200, elem_id="bundle-files")
        with gr.Accordion("Render details (timeline and report)", open=False):
            ui.details = gr.JSON(label="Render details", elem_id="render-details")
    return ui


def _voices_tab(cat: _Catalogue) -> _Slots:
    ui = _Slots()
    gr.Markdown("### Preset voices\nThe voices of the current speech tool"
                + (f" (`{cat.speech_tool.name}`)" if cat.speech_tool else "") + ".")
    ui.presets = gr.Dataframe(headers=list(h.PRESET_COLUMNS), value=cat.presets, type="array",
                              interactive=False, wrap=True, max_height=360,
                              column_widths=["14%", "46%", "10%", "10%", "12%", "8%"],
                              elem_id="preset-voices")
    with gr.Row(elem_classes="wj-align-end"):
        ui.preset_pick = gr.Dropdown(choices=[r[0] for r in cat.presets],
                                     value=cat.presets[0][0] if cat.presets else None,
                                     label="Preset", scale=2)
        ui.preset_text = gr.Textbox(label="Line to say", scale=4,
                                    value="Hello! This is how I sound in WavJourney.")
        ui.preset_btn = gr.Button("▶ Preview", scale=1, min_width=100)
    ui.preset_audio = gr.Audio(type="filepath", interactive=False, label="Preview",
                               buttons=["download"], visible=False)

    clone = cat.speech_tool is not None and VOICE_CLONE_CAPABILITY in cat.speech_tool.capabilities
    gr.Markdown(
        "### Your voices\nUpload or record a clear recording of one speaker: "
        f"{MIN_VOICE_DURATION_S:.0f} to {MAX_VOICE_DURATION_S:.0f} s, at most "
        f"{MAX_VOICE_FILE_BYTES // 2**20} MB (WAV, FLAC, OGG or MP3). "
        + ("They are kept in this machine's voice library." if cat.shared_voices else
           "Only you see your voices; they are deleted when your session ends.")
        + (" Cast them in the Create tab." if clone else ""))
    with gr.Row():
        with gr.Column(scale=3):
            ui.upload = gr.Audio(sources=["upload", "microphone"], type="filepath",
                                 label="Recording", elem_id="voice-upload")
        with gr.Column(scale=2):
            ui.voice_name = gr.Textbox(label="Name", placeholder="e.g. grandpa-joe")
            ui.voice_description = gr.Textbox(label="Description",
                                              placeholder="warm, slow, slight Irish accent")
            ui.voice_gender = gr.Radio(["female", "male", "neutral"], value="neutral",
                                       label="Gender")
            ui.clone_note = gr.Markdown(cat.clone_note, elem_id="voice-clone-note")
            ui.add_voice_btn = gr.Button("Add voice", variant="primary")
    ui.voice_status = gr.Markdown("")
    ui.custom = gr.Dataframe(headers=list(h.CUSTOM_VOICE_COLUMNS), value=cat.custom_rows,
                             type="array",
                             interactive=False, label="Your voices", elem_id="custom-voices")
    with gr.Row(elem_classes="wj-align-end"):
        ui.delete_pick = gr.Dropdown(choices=[r[0] for r in cat.custom_rows], label="Your voice",
                                     scale=3)
        ui.delete_btn = gr.Button("Delete", variant="stop", scale=1, min_width=100)
    return ui


def _settings_tab(cat: _Catalogue, defaults: h.Settings) -> _Slots:
    ui = _Slots()
    gr.Markdown("### Planner\nSettings apply to this browser session only. The API key is "
                "kept in memory for this session and never stored or logged.")
    with gr.Row():
        ui.llm = gr.Textbox(label="LLM (provider:model)", value=defaults.llm,
                            placeholder="empty: offline planner",
                            info="e.g. openai:gpt-4o-mini, ollama:llama3.1, llamacpp:qwen2.5")
        ui.base_url = gr.Textbox(label="Base URL", value=defaults.base_url,
                                 placeholder="optional",
                                 info="e.g. http://localhost:8080/v1 (llama.cpp, Ollama)")
        ui.api_key = gr.Textbox(label="API key", type="password", value="",
                                placeholder="(the server's key)" if defaults.api_key else
                                "optional", info="kept for this browser session only")
    gr.Markdown("### Generators")
    with gr.Row():
        ui.tools = {}
        for kind in TOOL_KINDS:
            ui.tools[kind] = gr.Dropdown(choices=cat.tool_choices[kind], label=KIND_LABELS[kind],
                                         value=defaults.tool_preferences.get(kind, h.AUTO))
    ui.save_btn = gr.Button("Save settings", variant="primary")
    ui.status = gr.Markdown(f"Current: {defaults.describe()}")
    return ui


# Wiring --------------------------------------------------------------------------------------
def _wire(bench: h.Workbench, state: gr.State, ui: _Slots, vui: _Slots, sui: _Slots) -> None:
    script_outputs = [state, ui.status, ui.table, ui.code, ui.cast_hint, *ui.cast_rows,
                      *ui.cast_voice, ui.chat, ui.versions]
    render_outputs = [state, ui.summary, ui.mix, ui.bundle, ui.timeline, ui.stem_pick,
                      ui.stem_audio, ui.files, ui.details, ui.result_box]

    # What a failed action shows instead of gradio's error state (see `_recovering`).
    def script_failed(visitor: Any, message: str) -> list[Any]:
        chat = list(visitor.chat) if isinstance(visitor, h.Visitor) else gr.skip()
        skipped = [gr.skip()] * (len(script_outputs) - 4)
        return [visitor, f"❌ {h.as_markdown(message)}", *skipped, chat, gr.skip()]

    def edit_failed(visitor: Any, message: str) -> list[Any]:
        return [*script_failed(visitor, message), gr.skip()]  # the instruction stays

    def render_failed(visitor: Any, message: str) -> list[Any]:
        return [visitor, f"❌ {h.as_markdown(message)}", *[gr.skip()] * (len(render_outputs) - 2)]

    def script_view(visitor: h.Visitor, message: str, *, table: bool = True,
                    code: bool = True) -> list[Any]:
        script = visitor.script
        cast = h.casting_rows(script)
        choices = bench.voice_choices(visitor)
        known = {value for _, value in choices}
        rows, voices = [], []
        for i in range(MAX_CAST_SLOTS):
            if i < len(cast):
                name, description, voice = cast[i]
                options = choices if voice in known else choices + [(voice, voice)]
                rows.append(gr.Group(visible=True))
                voices.append(gr.Dropdown(choices=options, value=voice, label=name,
                                          info=description or None))
            else:
                rows.append(gr.Group(visible=False))
                voices.append(gr.Dropdown(value=h.AUTO, label=""))
        if not cast:
            hint = "Characters appear here after planning."
        elif len(cast) > MAX_CAST_SLOTS:
            hint = (f"Showing the first {MAX_CAST_SLOTS} of {len(cast)} characters; set the "
                    "others' `voice` in the JSON.")
        else:
            hint = "Choose a voice per character; ▶ plays their first line."
        return [visitor, message,
                h.script_table(script) if table else gr.skip(),
                h.script_json(script) if code else gr.skip(),
                hint, *rows, *voices, list(visitor.chat), h.history_rows(visitor.history)]

    # Planning and editing the script ---------------------------------------------------------
    # /plan's outputs: the script's, then the outline box (so /plan's first outputs stay put).
    outline_outputs = [ui.outline_box, ui.outline_note, ui.outline_table]
    plan_outputs = script_outputs + outline_outputs
    no_outline = [gr.Column(visible=False), "", []]

    def plan_failed(visitor: Any, message: str) -> list[Any]:
        return [*script_failed(visitor, message), *[gr.skip()] * len(outline_outputs)]

    @_recovering(plan_failed)
    def on_plan(visitor, prompt):
        visitor = bench.visitor(visitor)
        outline = bench.plan_outline(visitor, prompt)
        if outline is not None:  # a long piece: its outline first, for editing
            return [visitor, f"✓ Outline of {len(outline.scenes)} scenes: edit it below, then "
                             "press **Write scenes**.",
                    *[gr.skip()] * (len(script_outputs) - 2),
                    gr.Column(visible=True), outline_note(outline), outline_rows(outline)]
        version = bench.plan(visitor, prompt)
        return script_view(visitor, f"✓ Planned version {version.number}: "
                                    f"{len(version.script.elements)} elements. Adjust the table "
                                    "or the cast, then press **Render**.") + no_outline

    ui.plan_btn.click(on_plan, [state, ui.prompt], plan_outputs, api_name="plan",
                      concurrency_limit=DEFAULT_CONCURRENCY)
    ui.prompt.submit(on_plan, [state, ui.prompt], plan_outputs, api_visibility="private")

    @_recovering(plan_failed)
    def on_write_scenes(visitor, rows, progress=gr.Progress()):  # noqa: B008 (gradio's idiom)
        visitor = bench.visitor(visitor)
        try:
            version = bench.write_scenes(visitor, rows, _reporter(progress))
        except ScriptError as exc:  # a bad cell: the table keeps what was typed
            return [visitor, f"❌ Not written — {exc}",
                    *[gr.skip()] * (len(plan_outputs) - 2)]
        return script_view(visitor, f"✓ Wrote the scenes: version {version.number}, "
                                    f"{len(version.script.elements)} elements. Press "
                                    "**Render** to hear it.") + no_outline

    ui.write_btn.click(on_write_scenes, [state, ui.outline_table], plan_outputs,
                       api_name="write_scenes", concurrency_limit=DEFAULT_CONCURRENCY)

    def apply(action: Callable[[h.Visitor, Any], Any], what: str, *, keep: str):
        @_recovering(script_failed)
        def handler(visitor, value):
            visitor = bench.visitor(visitor)
            try:
                version = action(visitor, value)
            except ScriptError as exc:
                # The editor keeps what was typed so it can be fixed; nothing else changes.
                return [visitor, f"❌ Not applied — {exc}", *[gr.skip()] * (len(script_outputs)
                                                                             - 2)]
            message = (f"✓ {what} applied: version {version.number}." if version else
                       f"✓ {what} is valid; nothing changed.")
            return script_view(visitor, message, table=keep != "table" or version is not None,
                               code=keep != "code" or version is not None)
        return handler

    on_json = apply(bench.apply_json, "JSON", keep="code")
    on_table = apply(bench.apply_table, "Table", keep="table")
    ui.apply_json_btn.click(on_json, [state, ui.code], script_outputs, api_name="apply_json")
    ui.code.blur(on_json, [state, ui.code], script_outputs, api_visibility="private")
    # Table edits apply as they are typed (no button to forget to press).
    ui.table.input(on_table, [state, ui.table], script_outputs, api_name="apply_table",
                   trigger_mode="always_last")

    for index, (dropdown, button, audio) in enumerate(zip(ui.cast_voice, ui.cast_preview,
                                                          ui.cast_audio, strict=True)):
        def on_voice(visitor, voice, index=index):
            visitor = bench.visitor(visitor)
            script = visitor.require_script()
            character = script.characters[index].name
            version = bench.set_voice(visitor, character, voice)
            message = (f"✓ Cast {character}: version {version.number}." if version else
                       "✓ Casting unchanged.")
            return script_view(visitor, message)

        def on_preview(visitor, voice, index=index):
            visitor = bench.visitor(visitor)
            script = visitor.require_script()
            path = bench.preview_character(visitor, script.characters[index].name, voice)
            return visitor, gr.Audio(value=str(path), visible=True, autoplay=True)

        dropdown.input(_recovering(script_failed)(on_voice), [state, dropdown], script_outputs,
                       api_visibility="private")
        button.click(_guarded(on_preview), [state, dropdown], [state, audio],
                     api_visibility="private")

    # Rendering --------------------------------------------------------------------------------
    def render_view(visitor: h.Visitor, output: h.RenderOutput) -> list[Any]:
        stems = list(output.stems)
        details = {"duration_s": round(output.duration_s, 6), "timeline": output.timeline}
        return [visitor, output.summary, str(output.mix_path), str(output.zip_path),
                str(output.timeline_png),
                gr.Dropdown(choices=stems, value=stems[0] if stems else None),
                str(output.stems[stems[0]]) if stems else None,
                [str(p) for p in output.files], details, gr.Column(visible=True)]

    @_recovering(render_failed)
    def on_render(visitor, progress=gr.Progress()):  # noqa: B008 (gradio's idiom)
        visitor = bench.visitor(visitor)
        try:
            output = bench.render(visitor, _reporter(progress))
        except RenderCancelled as exc:
            return render_failed(visitor, h.cancelled_message(exc))
        return render_view(visitor, output)

    @_guarded
    def on_auto_render(visitor, auto, progress=gr.Progress()):  # noqa: B008 (gradio's idiom)
        if not auto or not isinstance(visitor, h.Visitor) or not bench.needs_render(visitor):
            return [visitor, *[gr.skip()] * (len(render_outputs) - 1)]
        return on_render(visitor, progress)

    ui.render_btn.click(on_render, [state], render_outputs, api_name="render",
                        concurrency_limit=RENDER_CONCURRENCY, concurrency_id="render")

    @_guarded
    def on_stop(visitor):
        visitor = bench.visitor(visitor)
        bench.stop(visitor)
        return visitor, "Stopping… finished clips stay cached."

    ui.stop_btn.click(on_stop, [state], [state, ui.summary], api_name="stop", queue=False)

    @_guarded
    def on_stem(visitor, stem):
        visitor = bench.visitor(visitor)
        output = visitor.last_render
        if output is None or stem not in output.stems:
            return visitor, None
        return visitor, str(output.stems[stem])

    ui.stem_pick.input(on_stem, [state, ui.stem_pick], [state, ui.stem_audio],
                       api_visibility="private")

    # Chat edits, undo, redo --------------------------------------------------------------------
    @_recovering(edit_failed)
    def on_edit(visitor, instruction):
        visitor = bench.visitor(visitor)
        version = bench.edit(visitor, instruction)
        return [*script_view(visitor, f"✓ Version {version.number}: {version.change}"), ""]

    @_recovering(script_failed)
    def on_undo(visitor):
        visitor = bench.visitor(visitor)
        version = bench.undo(visitor)
        return script_view(visitor, f"↶ Back to version {version.number}.")

    @_recovering(script_failed)
    def on_redo(visitor):
        visitor = bench.visitor(visitor)
        version = bench.redo(visitor)
        return script_view(visitor, f"↷ Version {version.number} again.")

    auto_render = {"fn": on_auto_render, "inputs": [state, ui.auto_render],
                   "outputs": render_outputs, "api_visibility": "private",
                   "concurrency_limit": RENDER_CONCURRENCY, "concurrency_id": "render"}
    for trigger, api_name in ((ui.edit_btn.click, "edit"), (ui.instruction.submit, None)):
        event = trigger(on_edit, [state, ui.instruction], [*script_outputs, ui.instruction],
                        api_name=api_name,
                        api_visibility="public" if api_name else "private")
        event.success(**auto_render)
    ui.undo_btn.click(on_undo, [state], script_outputs, api_name="undo").success(**auto_render)
    ui.redo_btn.click(on_redo, [state], script_outputs, api_name="redo").success(**auto_render)

    # Voices -------------------------------------------------------------------------------------
    def voices_view(visitor: h.Visitor, message: str) -> list[Any]:
        mine = bench.custom_voices(visitor)
        names = [v.name for v in mine]
        return [visitor, message, h.custom_voice_rows(mine),
                gr.Dropdown(choices=names, value=names[0] if names else None)]

    voices_outputs = [state, vui.voice_status, vui.custom, vui.delete_pick]

    @_guarded
    def on_upload(visitor, path, name, description, gender):
        visitor = bench.visitor(visitor)
        voice = bench.upload_voice(visitor, path, name, description, gender)
        return voices_view(visitor, f"✓ Added `{voice.voice_id}` ({voice.duration_s:.1f} s).")

    @_guarded
    def on_delete(visitor, name):
        visitor = bench.visitor(visitor)
        bench.delete_voice(visitor, name)
        return voices_view(visitor, f"✓ Deleted `{name}`.")

    vui.add_voice_btn.click(on_upload, [state, vui.upload, vui.voice_name,
                                        vui.voice_description, vui.voice_gender],
                            voices_outputs, api_name="upload_voice")
    vui.delete_btn.click(on_delete, [state, vui.delete_pick], voices_outputs,
                         api_name="delete_voice")

    @_guarded
    def on_preset_preview(visitor, voice, text):
        visitor = bench.visitor(visitor)
        path = bench.preview_voice(visitor, voice, text)
        return visitor, gr.Audio(value=str(path), visible=True, autoplay=True)

    vui.preset_btn.click(on_preset_preview, [state, vui.preset_pick, vui.preset_text],
                         [state, vui.preset_audio], api_name="preview_voice")

    # Settings ----------------------------------------------------------------------------------
    @_guarded
    def on_save(visitor, llm, base_url, api_key, *tools):
        visitor = bench.visitor(visitor)
        settings = bench.save_settings(visitor, llm, base_url, api_key,
                                       dict(zip(TOOL_KINDS, tools, strict=True)))
        presets = bench.presets(visitor)
        names = [r[0] for r in presets]
        return [visitor, f"✓ Saved. Current: {settings.describe()}", presets,
                gr.Dropdown(choices=names, value=names[0] if names else None),
                bench.setup_note(visitor), bench.clone_note(visitor)]

    sui.save_btn.click(on_save, [state, sui.llm, sui.base_url, sui.api_key,
                                 *[sui.tools[k] for k in TOOL_KINDS]],
                       [state, sui.status, vui.presets, vui.preset_pick, ui.setup,
                        vui.clone_note],
                       api_name="save_settings")


# Helpers --------------------------------------------------------------------------------------
def _recovering(fallback: Callable[[Any, str], list[Any]]
                ) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """For actions whose failures are expected (an edit the offline planner cannot make, an
    empty prompt, nothing to undo): the message goes to the status line, the chat and a
    toast, and the handler returns normally. Raising ``gr.Error`` instead would leave every
    output (table, cast, chat, instruction box) under a red "Error" badge until its next
    update. Unexpected errors still go through `_guarded`.

    Args:
        fallback: (the visitor state as passed in, message) → the handler's outputs.
    """
    def decorate(fn: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(fn)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            try:
                return fn(*args, **kwargs)
            except WavJourneyError as exc:
                message = h.for_the_page(_redact(str(exc), args))
                gr.Warning(message)
                return fallback(args[0] if args else None, message)

        return _guarded(wrapper)

    return decorate


def _guarded(fn: Callable[..., Any]) -> Callable[..., Any]:
    """WavJourney errors become a one-line gr.Error; anything else is logged and reported
    without internals (and never with the visitor's API key)."""

    @wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except gr.Error:
            raise
        except WavJourneyError as exc:
            raise gr.Error(h.for_the_page(_redact(str(exc), args)),
                           print_exception=False) from None
        except Exception as exc:
            log.exception("unexpected error in %s", fn.__name__)
            raise gr.Error(_redact(f"unexpected error: {type(exc).__name__}: {exc}", args),
                           print_exception=False) from None

    return wrapper


def _redact(message: str, args: tuple[Any, ...]) -> str:
    for arg in args:
        if isinstance(arg, h.Visitor):
            key = arg.settings.api_key
            if key and len(key) >= 4:
                message = message.replace(key, "***")
    return message


def _reporter(progress: gr.Progress) -> h.ProgressReport:
    """A thread-safe progress callback: gradio finds the running event through context
    variables, which the render's worker threads do not have, so run it in a copy of ours."""
    context = contextvars.copy_context()
    lock = threading.Lock()

    def report(fraction: float, message: str) -> None:
        with lock:
            try:
                context.run(progress, fraction, desc=message)
            except Exception:  # progress display must never break a render
                log.debug("progress update failed", exc_info=True)

    return report


def _close_visitor(visitor: Any) -> None:
    if isinstance(visitor, h.Visitor):
        visitor.close()


def _start_cleanup_thread(demo: gr.Blocks, store: SessionStore) -> None:
    """Remove stale session folders periodically while the server runs."""
    if getattr(demo, "_wavjourney_cleanup", None) is not None:
        return
    stop = threading.Event()

    def loop() -> None:
        while not stop.wait(store.cleanup_interval_s):
            try:
                store.cleanup()
            except OSError:
                log.warning("session clean-up failed", exc_info=True)

    thread = threading.Thread(target=loop, name="wavjourney-ui-cleanup", daemon=True)
    thread.start()
    demo._wavjourney_cleanup = stop  # type: ignore[attr-defined]

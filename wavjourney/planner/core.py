"""Planning and editing with a chat model: one request, validated, repaired with the exact
errors at most `max_attempts` times, cast in the same reply.

The reply is asked for through structured output (tool calling or a JSON schema) when the
model supports it, else as free text from which the JSON is extracted. Either way the
script is validated by `parse_script`; on failure the conversation continues with the
model's reply and a message quoting the validation errors. A good first reply costs one
model call, voice casting included.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from wavjourney.exceptions import PlanningError, ScriptError, WavJourneyError
from wavjourney.planner.casting import cast
from wavjourney.planner.extract import ExtractionError, extract_json
from wavjourney.planner.llm import message_text, redact, resolve_llm, secrets_of, server_url
from wavjourney.planner.longform import (
    LONG_FORM_THRESHOLD_S,
    Outline,
    SceneProgress,
    split_scene_instruction,
)
from wavjourney.planner.offline import (
    DEFAULT_DURATION_S,
    detect_language,
    edit_offline,
    write_plan,
)
from wavjourney.planner.offline.detect import detect_duration_s
from wavjourney.planner.prompts import (
    PromptContext,
    edit_prompt,
    plan_prompt,
    repair_prompt,
    reply_schema,
    system_prompt,
    tool_catalogue,
)
from wavjourney.planner.scene_writer import DEFAULT_SCENE_CONCURRENCY
from wavjourney.script import AudioScript, dump_script, parse_script
from wavjourney.script.limits import DEFAULT_LIMITS
from wavjourney.tools.base import VoicePreset

log = logging.getLogger("wavjourney.planner")

DEFAULT_MAX_ATTEMPTS = 3
MAX_ERROR_DETAIL_CHARS = 300
# A repair message quotes at most this many validation errors (the rest are counted).
MAX_REPAIR_ERRORS = 20
# Script-level fields an edit reply may leave out; they are carried over from the original
# so an edit never silently re-seeds or re-samples everything.
_INHERITED = ("title", "language", "sample_rate_hz", "channels", "seed")


@dataclass
class Plan:
    """A validated script and how it was obtained.

    Args:
        script: the validated, cast script.
        planner: ``"llm"`` or ``"offline"``.
        attempts: model calls made (0 for the offline planner).
        casting: character → voice, as applied.
        rejected: the validation errors of each rejected reply, in order.
        warnings: things the user should know (e.g. the offline planner writes English).
        outline: for a long piece, the `wavjourney.planner.longform.Outline` it was
            planned from (None otherwise).
    """

    script: AudioScript
    planner: Literal["llm", "offline"]
    attempts: int = 0
    casting: dict[str, str] = field(default_factory=dict)
    rejected: list[list[str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    outline: Any = None


def plan_script(
    prompt: str,
    *,
    llm: Any = None,
    registry: Any = None,
    voices: Sequence[VoicePreset] | None = None,
    duration_s: float | None = None,
    language: str | None = None,
    max_attempts: int = DEFAULT_MAX_ATTEMPTS,
    scene_concurrency: int = DEFAULT_SCENE_CONCURRENCY,
    progress: SceneProgress | None = None,
) -> Plan:
    """Turn a prompt into a validated, cast script.

    A piece longer than `LONG_FORM_THRESHOLD_S` is planned as an outline, then scene by
    scene (`plan_outline`, then `plan_scenes`).

    Args:
        prompt: what the audio piece is about.
        llm: a LangChain chat model, a ``"provider:model"`` string, or None for the offline
            planner.
        registry: the tool registry (voices, tools and sound catalogue for the prompt).
        voices: voice presets to cast from (default: the best speech tool's).
        duration_s: rough target length in seconds (default: a length the prompt gives,
            else about 45).
        language: language of the speech (BCP-47 code); default: the prompt's language.
        max_attempts: model calls at most, the first included (per scene for long pieces).
        scene_concurrency: scene calls of a long piece in flight at once.
        progress: called as each scene of a long piece is planned.

    Raises:
        PlanningError: no valid script after `max_attempts` replies (lists the last
            errors), or the model call itself failed.
        ScenesIncomplete: some scenes of a long piece failed (the others are kept in its
            `partial` for `plan_scenes(..., written=...)`).

    Example:
        >>> plan = plan_script("A couple dating in a rainy cafe")   # offline
        >>> plan.planner, plan.attempts
        ('offline', 0)
    """
    if not prompt or not prompt.strip():
        raise PlanningError("the prompt is empty: describe the audio piece you want")
    llm = resolve_llm(llm)
    language = language or detect_language(prompt) or "en"
    voices = list(voices) if voices is not None else available_voices(registry, language)
    outline = plan_outline(prompt, llm=llm, voices=voices, duration_s=duration_s,
                           language=language, max_attempts=max_attempts)
    if outline is not None:
        plan = plan_scenes(outline, llm=llm, registry=registry, voices=voices,
                           max_attempts=max_attempts, scene_concurrency=scene_concurrency,
                           progress=progress)
        if plan.planner == "llm":
            plan.attempts += 1  # the outline call
        return plan
    if llm is None:
        offline = write_plan(prompt, voices=voices, duration_s=duration_s, language=language)
        return Plan(offline.script, "offline", 0, _casting(offline.script),
                    warnings=offline.warnings)
    user = plan_prompt(prompt, duration_s=duration_s or DEFAULT_DURATION_S, language=language)
    return _converse(llm, user, registry=registry, voices=voices, max_attempts=max_attempts,
                     defaults={"language": language})


def plan_outline(prompt: str, *, llm: Any = None, voices: Sequence[VoicePreset] = (),
                 duration_s: float | None = None, language: str | None = None,
                 max_attempts: int = DEFAULT_MAX_ATTEMPTS) -> Outline | None:
    """The outline of a long piece (one model call, or the offline planner's), or None when
    the requested length (`duration_s`, else the prompt's) is at most
    `LONG_FORM_THRESHOLD_S`: such a piece is planned in one go."""
    from wavjourney.planner.longform import outline_offline
    from wavjourney.planner.scene_writer import plan_outline_llm

    target_s = duration_s or detect_duration_s(prompt)
    if not target_s or target_s <= LONG_FORM_THRESHOLD_S:
        return None
    llm = resolve_llm(llm)
    language = language or detect_language(prompt) or "en"
    if llm is None:
        return outline_offline(prompt, voices=voices, duration_s=target_s, language=language)
    return plan_outline_llm(prompt, llm, voices=voices, duration_s=target_s,
                            language=language, max_attempts=max_attempts)


def plan_scenes(outline: Outline, *, llm: Any = None, registry: Any = None,
                voices: Sequence[VoicePreset] = (), max_attempts: int = DEFAULT_MAX_ATTEMPTS,
                scene_concurrency: int = DEFAULT_SCENE_CONCURRENCY,
                progress: SceneProgress | None = None,
                written: Mapping[str, AudioScript] | None = None) -> Plan:
    """Write the scenes of an outline (perhaps edited by the user) and merge them.

    Args:
        written: scene id → script already written (`PartialPlan.scenes` of a plan that
            stopped part way); only the other scenes are planned.

    Raises:
        ScenesIncomplete: some scenes failed; see `plan_script`.
    """
    from wavjourney.planner.longform import write_long_offline
    from wavjourney.planner.scene_writer import write_long_llm

    llm = resolve_llm(llm)
    if llm is None and written:
        raise PlanningError("resuming a long piece needs a chat model: the offline planner "
                            "would rewrite every scene; give the --llm it was planned with")
    if llm is None:
        long = write_long_offline(outline, voices=voices, progress=progress)
        return Plan(long.script, "offline", 0, _casting(long.script), warnings=long.warnings,
                    outline=long.outline)
    long = write_long_llm(outline, llm, registry=registry, voices=voices,
                          max_attempts=max_attempts, concurrency=scene_concurrency,
                          written=written, progress=progress)
    return Plan(long.script, "llm", sum(long.scene_attempts), _casting(long.script),
                warnings=long.warnings, outline=long.outline)


def edit_script(
    script: AudioScript,
    instruction: str,
    *,
    llm: Any = None,
    registry: Any = None,
    voices: Sequence[VoicePreset] | None = None,
    history: Sequence[str] = (),
    max_attempts: int = DEFAULT_MAX_ATTEMPTS,
    outline: Outline | None = None,
) -> Plan:
    """Edit a script by instruction ("add thunder and make the music quieter").

    With a model, it gets the current script and the instruction and returns the complete
    edited script (validated and repaired like `plan_script`); voices of characters it keeps
    stay as they were unless it recasts them. Without one, a few simple instructions are
    applied deterministically (see `wavjourney.planner.offline.edit_offline`).

    An instruction for one scene of a long piece ("in scene 3, make the argument angrier")
    sends the model only that scene (see `wavjourney.planner.scene_edit`) and changes only
    its elements.

    Args:
        history: earlier instructions of the session, oldest first (context for the model).
        outline: the long piece's outline, if known (context for a scene edit).

    Raises:
        PlanningError: as `plan_script`; offline, also for instructions that need an LLM.
    """
    if not instruction or not instruction.strip():
        raise PlanningError("the instruction is empty: say what to change")
    llm = resolve_llm(llm)
    voices = list(voices) if voices is not None else available_voices(registry, script.language)
    if llm is None:
        edited = edit_offline(script, instruction, voices=voices)
        return Plan(edited, "offline", 0, _casting(edited), outline=outline)
    scene, rest = split_scene_instruction(instruction)
    if scene is not None:
        from wavjourney.planner.scene_edit import edit_scene_llm

        return edit_scene_llm(script, scene, rest, llm, registry=registry, voices=voices,
                              outline=outline, max_attempts=max_attempts)
    user = edit_prompt(dump_script(script), instruction, history=history)
    return _converse(llm, user, registry=registry, voices=voices, max_attempts=max_attempts,
                     original=script)


def available_voices(registry: Any, language: str = "en") -> list[VoicePreset]:
    """Presets of the speech tool WavJourney would pick, or [] when there is none."""
    from wavjourney.resolution import Resolver

    if registry is None:
        from wavjourney.tools.registry import default_registry

        registry = default_registry()
    try:
        return Resolver(registry).voices(language=language)
    except Exception as exc:  # no speech tool, or a broken one: voices come later
        log.debug("no voice presets for casting: %s", exc)
        return []


# The conversation --------------------------------------------------------------------------
def _converse(llm: Any, user: str, *, registry: Any, voices: Sequence[VoicePreset],
              max_attempts: int, defaults: dict[str, Any] | None = None,
              original: AudioScript | None = None,
              check: Callable[[AudioScript], list[str]] | None = None) -> Plan:
    """Ask, validate, repair. `check` adds the caller's own rules (a long piece's scene must
    keep to the outline's cast): its errors go back to the model like validation errors."""
    from langchain_core.messages import HumanMessage, SystemMessage

    if max_attempts < 1:
        raise PlanningError(f"max_attempts must be at least 1, got {max_attempts}")
    structured = _structured(llm)
    context = PromptContext(voices=voices, tools=tool_catalogue(registry),
                            sound_categories=_catalogue_for_prompt(registry),
                            structured=structured is not None)
    messages: list[Any] = [SystemMessage(system_prompt(context)), HumanMessage(user)]
    rejected: list[list[str]] = []
    for attempt in range(1, max_attempts + 1):
        raw, data, errors = _ask(llm, structured, messages)
        if data is not None:
            try:
                script, casting = _validate(data, defaults=defaults, original=original)
            except ScriptError as exc:
                errors = exc.summary(MAX_REPAIR_ERRORS)
            else:
                errors = check(script) if check is not None else []
            if data is not None and not errors:
                previous = {c.name: c.voice for c in original.characters
                            if c.voice} if original else None
                script = cast(script, voices, casting=casting, previous=previous)
                log.info("planned a script with %d elements in %d model call(s)",
                         len(script.elements), attempt)
                return Plan(script, "llm", attempt, _casting(script), rejected)
        rejected.append(errors)
        log.info("model reply %d rejected: %s", attempt, "; ".join(errors))
        messages += _continuation(raw, errors)
    raise PlanningError(f"the model gave no valid script in {max_attempts} attempt(s).",
                        errors=rejected[-1])


def _structured(llm: Any) -> Any:
    """The model with structured output (raw reply kept), or None if it has none."""
    try:
        return llm.with_structured_output(reply_schema(), include_raw=True)
    except (NotImplementedError, AttributeError):
        return None


def _ask(llm: Any, structured: Any, messages: list[Any]) -> tuple[Any, Any, list[str]]:
    """One model call → (raw message, reply data or None, errors when None)."""
    try:
        if structured is not None:
            out = structured.invoke(messages)
            raw, data = out.get("raw"), out.get("parsed")
            if not getattr(raw, "tool_calls", None):
                # A JSON-mode reply: LangChain's parser completes truncated JSON, which
                # would hide the real problem; read the text strictly ourselves.
                data = None
            elif not isinstance(data, (dict, list)):
                data = data.model_dump() if hasattr(data, "model_dump") else None
        else:
            raw, data = llm.invoke(messages), None
    except WavJourneyError:
        raise
    except Exception as exc:  # transport, auth, rate limit: not the model's output
        # Raised at once, never sent round the repair loop: asking again cannot fix it.
        raise PlanningError(call_failure(exc, llm)) from None
    if data is not None:
        return raw, data, []
    try:
        return raw, extract_json(_reply_text(raw)), []
    except ExtractionError as exc:
        return raw, None, [str(exc)]


def call_failure(exc: BaseException, llm: Any) -> str:
    """The one-line message for a failed model call: the only way a transport error's text
    reaches the user, so the model's keys (and anything shaped like a key) are redacted."""
    detail = str(exc).splitlines()[0] if str(exc) else ""
    detail = redact(detail, *secrets_of(llm))[:MAX_ERROR_DETAIL_CHARS]
    url = server_url(llm)
    at = f" (server {redact(url, *secrets_of(llm))})" if url else ""
    return f"the model call failed{at}: {type(exc).__name__}: {detail}"


def _reply_text(raw: Any) -> str:
    """The JSON-bearing text of a reply: tool-call arguments first, then the content."""
    for call in getattr(raw, "tool_calls", None) or ():
        args = call.get("args")
        if isinstance(args, dict) and args:
            import json

            return json.dumps(args)
    for call in getattr(raw, "invalid_tool_calls", None) or ():
        if call.get("args"):
            return str(call["args"])
    return message_text(raw)


def _continuation(raw: Any, errors: list[str]) -> list[Any]:
    """The model's own reply, answers to its tool calls, and the errors to fix."""
    from langchain_core.messages import AIMessage, HumanMessage, ToolMessage

    out: list[Any] = []
    if isinstance(raw, AIMessage):
        out.append(raw)
        calls = list(raw.tool_calls or ()) + list(raw.invalid_tool_calls or ())
        for call in calls:
            if call.get("id"):
                out.append(ToolMessage("Rejected: the script did not validate; the errors "
                                       "follow.", tool_call_id=call["id"]))
    elif raw is not None:
        out.append(AIMessage(message_text(raw)))
    out.append(HumanMessage(repair_prompt(errors)))
    return out


def _validate(data: Any, *, defaults: dict[str, Any] | None,
              original: AudioScript | None) -> tuple[AudioScript, dict[str, Any]]:
    """Reply data → (script, casting map). Raises ScriptError with precise issues."""
    data, casting = _split_reply(data)
    if isinstance(data, dict):
        for key, value in (defaults or {}).items():
            data.setdefault(key, value)
        if original is not None:
            _inherit(data, original)
    return parse_script(data, limits=DEFAULT_LIMITS), casting


def _split_reply(data: Any) -> tuple[Any, dict[str, Any]]:
    if not isinstance(data, dict):
        return data, {}
    data = dict(data)
    casting = data.pop("casting", None)
    if "elements" not in data:
        # Some models wrap the script: {"script": {...}} or {"audio_script": {...}}.
        inner = [v for v in data.values() if isinstance(v, dict) and "elements" in v]
        if len(inner) == 1:
            inner_data = dict(inner[0])
            casting = casting or inner_data.pop("casting", None)
            data = inner_data
    return data, casting if isinstance(casting, dict) else {}


def _inherit(data: dict[str, Any], original: AudioScript) -> None:
    """Fill fields an edit reply left out from the original script (elements by id)."""
    for key in _INHERITED:
        data.setdefault(key, getattr(original, key))
    before = {e.id: e.model_dump(mode="json", exclude_none=True) for e in original.elements}
    for element in data.get("elements") or ():
        if isinstance(element, dict):
            # A reply's id may be anything JSON allows; only a string can name an element
            # (and a list would not even be a dict key).
            element_id = element.get("id")
            old = before.get(element_id) if isinstance(element_id, str) else None
            if (old and old.get("type") == element.get("type", old.get("type"))
                    and old.get("layer") == element.get("layer", old.get("layer"))):
                for key, value in old.items():
                    element.setdefault(key, value)


def _catalogue_for_prompt(registry: Any) -> list[tuple[str, str]]:
    """The sound categories of the sound-effect tool in use, if it has a catalogue."""
    from wavjourney.resolution import Resolver

    if registry is None:
        return []
    try:
        return sorted(Resolver(registry).sound_catalogue().items())
    except Exception:  # a broken sound tool must not stop planning
        return []


def _casting(script: AudioScript) -> dict[str, str]:
    return {c.name: c.voice for c in script.characters if c.voice}

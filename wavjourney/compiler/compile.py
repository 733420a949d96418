"""AudioScript + tool choices → OpGraph."""

from __future__ import annotations

from dataclasses import dataclass

from wavjourney.compiler.graph import (
    Duck,
    Export,
    Fit,
    Generate,
    Layout,
    LayoutEntry,
    Loudness,
    Master,
    Mix,
    Op,
    OpGraph,
    Place,
)
from wavjourney.constants import (
    BACKGROUND_BED_S,
    BACKGROUND_FADE_S,
    DUCK_ATTACK_S,
    DUCK_RELEASE_S,
    TRUE_PEAK_CEILING_DBTP,
)
from wavjourney.exceptions import ScriptError, ScriptIssue, ToolUnavailable
from wavjourney.script.model import AudioScript, Speech
from wavjourney.tools.base import GenerationRequest, Tool
from wavjourney.tools.registry import Registry

LAYOUT_NODE = "layout"
MIX_NODE = "mix"
MASTER_NODE = "master"


@dataclass(frozen=True)
class Compilation:
    """The graph plus the script as it will be rendered (tools and voices filled in)."""

    graph: OpGraph
    script: AudioScript


def compile_script(script: AudioScript, registry: Registry, *,
                   tool_preferences: dict[str, str] | None = None,
                   mix_path: str = "mix.wav", stems: bool = True) -> Compilation:
    """Choose a tool for every element, give every character a voice, and build the graph.

    Raises:
        ScriptError: an element names an unknown tool, a tool of the wrong kind, or a
            character's voice is not offered by its speech tool.
    """
    script = script.model_copy(deep=True)
    issues: list[ScriptIssue] = []
    tools: dict[str, Tool] = {}
    for index, element in enumerate(script.elements):
        try:
            tools[element.id] = _choose_tool(element, registry, tool_preferences or {},
                                             script.language)
            element.tool = tools[element.id].info.name
        except ToolUnavailable as exc:
            issues.append(ScriptIssue(str(exc), index=index, element_id=element.id,
                                      field="tool"))
    if issues:
        raise ScriptError(issues)
    _assign_voices(script, tools)

    # Per element: generate → fit → loudness (→ stem export). Background fits need the
    # layout, which needs every foreground duration, so they come after it.
    chains: dict[str, list[Op]] = {}
    for element in script.elements:
        tool = tools[element.id]
        background = element.layer == "background"
        if isinstance(element, Speech):
            request = GenerationRequest(
                kind="speech", text=element.text, voice=script.character(element.character).voice,
                speaking_rate=element.speaking_rate, language=script.language,
                seed=_seed(element, script), sample_rate_hz=script.sample_rate_hz)
        else:
            bed_s = BACKGROUND_BED_S
            if tool.info.max_duration_s:
                bed_s = min(bed_s, tool.info.max_duration_s)
            request = GenerationRequest(
                kind=element.type, description=element.description,
                duration_s=bed_s if background else element.duration_s, loop=background,
                seed=_seed(element, script), sample_rate_hz=script.sample_rate_hz)
        gen = Generate(f"generate:{element.id}", element_id=element.id, tool=tool.info.name,
                       tool_version=tool.info.version, request=request,
                       seamless_loop=background and "loop" in tool.info.capabilities)
        if background:
            fit = Fit(f"fit:{element.id}", element_id=element.id, source=gen.id, mode="loop",
                      layout=LAYOUT_NODE, fade_in_s=max(element.fade_in_s, BACKGROUND_FADE_S),
                      fade_out_s=max(element.fade_out_s, BACKGROUND_FADE_S))
        else:
            fit = Fit(f"fit:{element.id}", element_id=element.id, source=gen.id,
                      mode="natural" if isinstance(element, Speech) else "exact",
                      duration_s=None if isinstance(element, Speech) else element.duration_s,
                      fade_in_s=element.fade_in_s, fade_out_s=element.fade_out_s)
        level = Loudness(f"loudness:{element.id}", element_id=element.id, source=fit.id,
                         target_lufs=element.target_lufs, channels=script.channels,
                         pan=element.pan)
        chains[element.id] = [gen, fit, level]
        if stems:
            chains[element.id].append(
                Export(f"export:stems/{element.id}", source=level.id,
                       path=f"stems/{element.id}.wav", subtype="FLOAT", element_id=element.id))

    layout = Layout(
        LAYOUT_NODE,
        foreground=tuple(LayoutEntry(e.id, fit=f"fit:{e.id}", gap_s=e.gap_s)
                         for e in script.foreground),
        background=tuple(LayoutEntry(e.id, start_at=e.start_at, end_at=e.end_at)
                         for e in script.background),
    )
    nodes: list[Op] = [n for e in script.foreground for n in chains[e.id]]
    nodes += [chains[e.id][0] for e in script.background]
    nodes.append(layout)
    nodes += [n for e in script.background for n in chains[e.id][1:]]

    speech_ids = tuple(e.id for e in script.foreground if isinstance(e, Speech))
    mix_sources: list[str] = []
    for element in script.elements:
        place = Place(f"place:{element.id}", element_id=element.id,
                      source=f"loudness:{element.id}", layout=LAYOUT_NODE)
        nodes.append(place)
        last = place.id
        duck_db = getattr(element, "duck_db", 0.0) or 0.0
        if element.layer == "background" and duck_db > 0 and speech_ids:
            duck = Duck(f"duck:{element.id}", element_id=element.id, source=place.id,
                        layout=LAYOUT_NODE, sidechain=speech_ids, amount_db=duck_db,
                        attack_s=DUCK_ATTACK_S, release_s=DUCK_RELEASE_S)
            nodes.append(duck)
            last = duck.id
        mix_sources.append(last)
    nodes += [
        Mix(MIX_NODE, sources=tuple(mix_sources), layout=LAYOUT_NODE, channels=script.channels),
        Master(MASTER_NODE, source=MIX_NODE, ceiling_dbtp=TRUE_PEAK_CEILING_DBTP),
        Export(f"export:{mix_path}", source=MASTER_NODE, path=mix_path),
    ]
    graph = OpGraph(tuple(nodes), sample_rate_hz=script.sample_rate_hz, channels=script.channels)
    return Compilation(graph=graph, script=script)


def _seed(element, script: AudioScript) -> int:
    return script.seed if element.seed is None else element.seed


def _choose_tool(element, registry: Registry, preferences: dict[str, str], language: str
                 ) -> Tool:
    name = element.tool or preferences.get(element.type)
    if name is None:
        return registry.best(element.type, language=language)
    tool = registry.get(name)
    if tool.info.kind != element.type:
        raise ToolUnavailable(f"tool {name!r} makes {tool.info.kind}, not {element.type}",
                              tool=name)
    tool.available()
    return tool


def _assign_voices(script: AudioScript, tools: dict[str, Tool]) -> None:
    """Check given voices; give every voiceless character a distinct default voice."""
    tool_of_character: dict[str, Tool] = {}
    for element in script.elements:
        if isinstance(element, Speech):
            tool_of_character.setdefault(element.character, tools[element.id])
    used = {c.voice for c in script.characters if c.voice}
    issues = []
    for character in script.characters:
        tool = tool_of_character.get(character.name)
        if tool is None:
            continue
        presets = [v.name for v in tool.voices()]
        if character.voice is None and presets:
            # Studio.cast chooses voices by the character's traits; this is the fallback
            # for graphs compiled directly: the first preset nobody uses yet.
            character.voice = next((p for p in presets if p not in used), presets[0])
            used.add(character.voice)
        elif presets and character.voice not in presets:
            issues.append(ScriptIssue(
                f"character {character.name!r}: voice {character.voice!r} is not offered by "
                f"{tool.info.name}; voices: {', '.join(presets)}"))
    if issues:
        raise ScriptError(issues)

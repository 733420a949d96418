"""AudioScript + tool choices → OpGraph."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

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
    Track,
)
from wavjourney.constants import (
    BACKGROUND_BED_S,
    BACKGROUND_FADE_S,
    BED_GAIN_STEP_DB,
    DEFAULT_STEM_FORMAT,
    DUCK_ATTACK_S,
    DUCK_RELEASE_S,
    NO_STEMS,
    STEM_FORMATS,
    TRUE_PEAK_CEILING_DBTP,
)
from wavjourney.engine.cache import tool_identity_json
from wavjourney.exceptions import ConfigError, ScriptError, ScriptIssue
from wavjourney.resolution import Resolver, ToolChoice
from wavjourney.script.model import AudioScript, Speech
from wavjourney.tools.base import GenerationRequest
from wavjourney.tools.registry import Registry

LAYOUT_NODE = "layout"
TRACKS_FOLDER = "tracks"
MIX_NODE = "mix"
MASTER_NODE = "master"


@dataclass(frozen=True)
class Compilation:
    """The graph plus the script as it will be rendered (tools and voices filled in) and
    each element's tool choice."""

    graph: OpGraph
    script: AudioScript
    choices: dict[str, ToolChoice] = field(default_factory=dict)


def compile_script(script: AudioScript, resolver: Resolver | Registry, *,
                   mix_path: str = "mix.wav", stems: bool | str = True,
                   aligned_stems: bool = False) -> Compilation:
    """Resolve every element's tool and voice (`wavjourney.resolution`) and build the graph.

    Args:
        resolver: the resolver to ask (a bare registry gets one with no preferences).
        stems: a stem file format of `STEM_FORMATS` ("float", "wav", "flac"), "none", or
            True / False for the default format / none.
        aligned_stems: also write full-length, time-aligned tracks (`tracks/<name>.wav`):
            one per character's speech, and music, effects and ambience.

    Raises:
        ScriptError: an element names an unknown tool, a tool of the wrong kind, or a
            character's voice is not offered by its speech tool.
    """
    stem_format = _stem_format(stems)
    if not isinstance(resolver, Resolver):
        resolver = Resolver(resolver)
    resolution = resolver.resolve(script)
    script = resolution.script
    registry = resolver.registry
    identities: dict[str, str] = {}

    def identity(name: str) -> str:
        if name not in identities:
            identities[name] = tool_identity_json(registry.get(name).cache_identity())
        return identities[name]

    # Per element: generate → fit → loudness (→ stem export). Background fits need the
    # layout, which needs every foreground duration, so they come after it.
    chains: dict[str, list[Op]] = {}
    for element in script.elements:
        choice = resolution.choices[element.id]
        info = registry.info(choice.tool)
        background = element.layer == "background"
        if isinstance(element, Speech):
            preset = resolution.voices.get(element.character)
            request = GenerationRequest(
                kind="speech", text=element.text, voice=script.character(element.character).voice,
                speaking_rate=element.speaking_rate, language=script.language,
                seed=_seed(element, script), sample_rate_hz=script.sample_rate_hz,
                voice_sample=preset.sample if preset else None)
        else:
            bed_s = BACKGROUND_BED_S
            if info.max_duration_s and "extends_beyond_max" not in info.capabilities:
                bed_s = min(bed_s, info.max_duration_s)
            request = GenerationRequest(
                kind=element.type, description=element.description,
                duration_s=bed_s if background else element.duration_s, loop=background,
                seed=_seed(element, script), sample_rate_hz=script.sample_rate_hz)
        gen = Generate(f"generate:{element.id}", element_id=element.id, tool=choice.tool,
                       tool_identity=identity(choice.tool), request=request,
                       fallbacks=tuple((t, identity(t)) for t in choice.fallbacks))
        if background:
            fit = Fit(f"fit:{element.id}", element_id=element.id, source=gen.id, mode="loop",
                      layout=LAYOUT_NODE, fade_in_s=max(element.fade_in_s, BACKGROUND_FADE_S),
                      fade_out_s=max(element.fade_out_s, BACKGROUND_FADE_S),
                      seamless="loop" in info.capabilities)
        else:
            fit = Fit(f"fit:{element.id}", element_id=element.id, source=gen.id,
                      mode="natural" if isinstance(element, Speech) else "exact",
                      duration_s=None if isinstance(element, Speech) else element.duration_s,
                      fade_in_s=element.fade_in_s, fade_out_s=element.fade_out_s)
        if element.target_lufs is None:  # validation fills it in; only a later edit unsets it
            raise ScriptError(ScriptIssue(
                "target_lufs is None; give a loudness in LUFS, or leave it out when building "
                "the script and validation fills in the default", element_id=element.id,
                field="target_lufs"))
        # A bed's gain moves in steps, so an edit that stretches it a little usually leaves
        # its samples before the edit as they were (and the master there reusable).
        level = Loudness(f"loudness:{element.id}", element_id=element.id, source=fit.id,
                         target_lufs=element.target_lufs, channels=script.channels,
                         pan=element.pan, gain_step_db=BED_GAIN_STEP_DB if background else 0.0)
        chains[element.id] = [gen, fit, level]
        if stem_format is not None:
            suffix, subtype = stem_format
            chains[element.id].append(
                Export(f"export:stems/{element.id}", source=level.id,
                       path=f"stems/{element.id}{suffix}", subtype=subtype,
                       element_id=element.id))

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
    if aligned_stems:
        for name, sources in _tracks(script, mix_sources).items():
            nodes.append(Track(f"track:{name}", sources=sources, layout=LAYOUT_NODE,
                               channels=script.channels, path=f"{TRACKS_FOLDER}/{name}.wav"))
    nodes += [
        Mix(MIX_NODE, sources=tuple(mix_sources), layout=LAYOUT_NODE, channels=script.channels),
        Master(MASTER_NODE, source=MIX_NODE, ceiling_dbtp=TRUE_PEAK_CEILING_DBTP,
               path=mix_path),
    ]
    graph = OpGraph(tuple(nodes), sample_rate_hz=script.sample_rate_hz, channels=script.channels)
    return Compilation(graph=graph, script=script, choices=resolution.choices)


def _tracks(script: AudioScript, mix_sources: list[str]) -> dict[str, tuple[str, ...]]:
    """Track name -> its elements' placed (ducked) nodes: a track per character's speech,
    then music, effects (foreground sounds) and ambience (background sounds)."""
    voices: dict[str, str] = {}
    for character in script.characters:  # a file name per character, never two the same
        slug = re.sub(r"[^a-z0-9]+", "-", character.name.lower()).strip("-") or "voice"
        while f"dialogue-{slug}" in voices.values():
            slug += "-2"
        voices[character.name] = f"dialogue-{slug}"
    tracks: dict[str, list[str]] = {}
    for element, source in zip(script.elements, mix_sources):
        if isinstance(element, Speech):
            name = voices[element.character]
        elif element.type == "music":
            name = "music"
        else:
            name = "ambience" if element.layer == "background" else "effects"
        tracks.setdefault(name, []).append(source)
    return {name: tuple(sources) for name, sources in tracks.items()}


def _seed(element, script: AudioScript) -> int:
    return script.seed if element.seed is None else element.seed


def _stem_format(stems: bool | str) -> tuple[str, str] | None:
    """(suffix, sample format) of the stem files, or None for no stems."""
    if stems is True:
        stems = DEFAULT_STEM_FORMAT
    if stems is False or stems == NO_STEMS:
        return None
    if stems not in STEM_FORMATS:
        raise ConfigError(f"unknown stem format {stems!r}; use one of "
                          f"{', '.join([*STEM_FORMATS, NO_STEMS])}")
    return STEM_FORMATS[stems]

"""The audio script: a typed, validated description of an audio piece.

Foreground elements play one after another (with an optional gap, or overlap when negative).
A background element spans from the start of the foreground element `start_at` to the end
of the foreground element `end_at`. Speech has its natural duration; foreground music and
sound effects have an explicit `duration_s`; a background element's duration is derived.

Example:
    >>> AudioScript.model_validate({
    ...     "characters": [{"name": "Host"}],
    ...     "elements": [
    ...         {"type": "speech", "id": "hello", "character": "Host", "text": "Hello!"},
    ...         {"type": "music", "id": "bed", "layer": "background", "description": "calm piano",
    ...          "start_at": "hello", "end_at": "hello"},
    ...     ],
    ... })  # doctest: +ELLIPSIS
    AudioScript(...)
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from wavjourney.constants import (
    DEFAULT_CHANNELS,
    DEFAULT_DUCK_DB,
    DEFAULT_MUSIC_BACKGROUND_LUFS,
    DEFAULT_MUSIC_FOREGROUND_LUFS,
    DEFAULT_SAMPLE_RATE_HZ,
    DEFAULT_SFX_BACKGROUND_LUFS,
    DEFAULT_SFX_FOREGROUND_LUFS,
    DEFAULT_SPEECH_LUFS,
    MAX_ELEMENT_DURATION_S,
    MAX_GAP_S,
    MAX_TARGET_LUFS,
    MIN_TARGET_LUFS,
)
from wavjourney.exceptions import ScriptError, ScriptIssue

ElementType = Literal["speech", "music", "sound_effect"]
ELEMENT_TYPES: tuple[str, ...] = ("speech", "music", "sound_effect")
Layer = Literal["foreground", "background"]

# Ids name files (``stems/<id>.wav``), so they are restricted to characters that are safe in
# a file name on every system: ASCII letters, digits, dot, underscore and hyphen, at most
# MAX_ID_CHARS, not starting with a dot (no hidden files, no ``..``).
MAX_ID_CHARS = 100
ID_PATTERN = rf"^[A-Za-z0-9_-][A-Za-z0-9._-]{{0,{MAX_ID_CHARS - 1}}}$"
_ID_RE = re.compile(ID_PATTERN)
ID_RULE = (f"ids use letters, digits, '.', '_' and '-' only, at most {MAX_ID_CHARS} characters, "
           "and do not start with '.'")
MAX_SEED = 2**63 - 1
# Error messages list at most this many ids, so a script with thousands of bad references
# gets a short message, not every id once per issue.
MAX_IDS_LISTED = 20

Lufs = Annotated[
    float,
    Field(ge=MIN_TARGET_LUFS, le=MAX_TARGET_LUFS, description="Integrated loudness target (LUFS)."),
]
DurationS = Annotated[
    float, Field(gt=0, le=MAX_ELEMENT_DURATION_S, description="Duration in seconds.")
]
FadeS = Annotated[float, Field(ge=0, le=MAX_ELEMENT_DURATION_S, description="Fade length (s).")]


class Character(BaseModel):
    """A speaking character.

    Args:
        name: as used in speech elements' `character`.
        voice: a voice preset name or custom voice id; None gets a distinct default voice.
        description: who they are ("elderly man, gruff, British"); used for casting.
    """

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1)
    voice: str | None = None
    description: str = ""


class _Element(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(default="", description="Unique id; filled in from the type when empty. "
                    + ID_RULE + ".")
    layer: Layer = "foreground"
    target_lufs: Lufs | None = None
    tool: str | None = Field(default=None, description="Tool name; None lets WavJourney choose.")
    seed: int | None = Field(default=None, ge=0, le=MAX_SEED,
                             description="None uses the script's seed.")
    fade_in_s: FadeS = 0.0
    fade_out_s: FadeS = 0.0
    gap_s: float = Field(
        default=0.0,
        ge=-MAX_GAP_S,
        le=MAX_GAP_S,
        description="Foreground only: silence before this element (negative overlaps).",
    )
    start_at: str | None = Field(
        default=None, description="Background only: id of the first foreground element it covers."
    )
    end_at: str | None = Field(
        default=None, description="Background only: id of the last foreground element it covers."
    )
    pan: float = Field(default=0.0, ge=-1.0, le=1.0, description="-1 left, 0 centre, 1 right.")

    @field_validator("id")
    @classmethod
    def _safe_id(cls, value: str) -> str:
        if value and not is_safe_id(value):
            raise ValueError(f"{_short(value)} is not a valid id; {ID_RULE}")
        return value


class Speech(_Element):
    """A line spoken by a character; its duration is natural."""

    type: Literal["speech"] = "speech"
    character: str = Field(min_length=1)
    text: str = Field(min_length=1)
    speaking_rate: float = Field(default=1.0, gt=0.25, le=4.0, description="Speed multiplier.")


class Music(_Element):
    """Music; `duration_s` is required in the foreground and derived in the background."""

    type: Literal["music"] = "music"
    description: str = Field(min_length=1)
    duration_s: DurationS | None = None
    duck_db: float | None = Field(
        default=None, ge=0, le=40, description="Gain reduction under speech (dB); default 8 dB "
        "for background music, 0 otherwise."
    )


class SoundEffect(_Element):
    """A sound effect or ambience; `duration_s` as for music."""

    type: Literal["sound_effect"] = "sound_effect"
    description: str = Field(min_length=1)
    duration_s: DurationS | None = None
    duck_db: float | None = Field(default=None, ge=0, le=40)


Element = Annotated[Speech | Music | SoundEffect, Field(discriminator="type")]

_DEFAULT_LUFS: dict[tuple[str, str], float] = {
    ("speech", "foreground"): DEFAULT_SPEECH_LUFS,
    ("speech", "background"): DEFAULT_SPEECH_LUFS - 6.0,
    ("music", "foreground"): DEFAULT_MUSIC_FOREGROUND_LUFS,
    ("music", "background"): DEFAULT_MUSIC_BACKGROUND_LUFS,
    ("sound_effect", "foreground"): DEFAULT_SFX_FOREGROUND_LUFS,
    ("sound_effect", "background"): DEFAULT_SFX_BACKGROUND_LUFS,
}


class AudioScript(BaseModel):
    """A whole audio piece. Constructing one validates it; see `wavjourney.script.parse_script`
    for turning raw JSON (ours or the original WavJourney list) into one with precise errors."""

    model_config = ConfigDict(extra="forbid")

    title: str = ""
    language: str = "en"
    sample_rate_hz: int = Field(default=DEFAULT_SAMPLE_RATE_HZ, ge=8_000, le=192_000)
    channels: Literal[1, 2] = DEFAULT_CHANNELS
    seed: int = Field(default=0, ge=0, le=MAX_SEED)
    characters: list[Character] = Field(default_factory=list)
    elements: list[Element] = Field(default_factory=list)

    @model_validator(mode="after")
    def _check_and_fill(self) -> AudioScript:
        _fill_defaults(self)
        issues = semantic_issues(self)
        if issues:
            # Not a ValueError on purpose: pydantic lets it through unchanged, so the caller
            # gets the structured issues rather than a flattened validation error.
            raise ScriptError(issues)
        return self

    # Derived views -------------------------------------------------------------------------
    @property
    def foreground(self) -> list[Speech | Music | SoundEffect]:
        return [e for e in self.elements if e.layer == "foreground"]

    @property
    def background(self) -> list[Speech | Music | SoundEffect]:
        return [e for e in self.elements if e.layer == "background"]

    def element(self, element_id: str) -> Speech | Music | SoundEffect:
        for e in self.elements:
            if e.id == element_id:
                return e
        raise KeyError(element_id)

    def character(self, name: str) -> Character:
        for c in self.characters:
            if c.name == name:
                return c
        raise KeyError(name)


def _fill_defaults(script: AudioScript) -> None:
    """Give every element an id, a loudness target and a duck amount (visible in script.json)."""
    taken = {e.id for e in script.elements if e.id}
    counters: dict[str, int] = {}
    for e in script.elements:
        if not e.id:
            n = counters.get(e.type, 0)
            while True:
                n += 1
                candidate = f"{e.type}-{n}"
                if candidate not in taken:
                    break
            counters[e.type] = n
            e.id = candidate
            taken.add(candidate)
        if e.target_lufs is None:
            e.target_lufs = _DEFAULT_LUFS[(e.type, e.layer)]
        if isinstance(e, (Music, SoundEffect)) and e.duck_db is None:
            ducked = e.layer == "background" and e.type == "music"
            e.duck_db = DEFAULT_DUCK_DB if ducked else 0.0


def semantic_issues(script: AudioScript) -> list[ScriptIssue]:
    """Cross-field and cross-element checks that pydantic's field types cannot express."""
    issues: list[ScriptIssue] = []
    if not script.elements:
        return [ScriptIssue("the script is empty: add at least one foreground element")]

    def issue(i: int, e: _Element, field: str | None, message: str) -> None:
        issues.append(ScriptIssue(message, index=i, element_id=e.id, field=field))

    seen: dict[str, int] = {}
    for i, e in enumerate(script.elements):
        if e.id in seen:
            issue(i, e, "id", f"duplicate id; element {seen[e.id]} already uses it")
        seen[e.id] = i

    names = [c.name for c in script.characters]
    name_set = set(names)
    for dup in sorted(n for n, count in Counter(names).items() if count > 1):
        issues.append(ScriptIssue(f"character {_short(dup)} is defined more than once"))

    fg_index = {e.id: k for k, e in enumerate(script.foreground)}
    if not fg_index:
        issues.append(
            ScriptIssue("the script has no foreground element; background elements need "
                        "foreground elements to span")
        )
    first_fg = True
    fg_listing: str | None = None  # built once: listing ids per issue would be quadratic
    char_listing = _listing(names) if names else "none defined"
    for i, e in enumerate(script.elements):
        if isinstance(e, Speech) and e.character not in name_set:
            known = char_listing
            issue(i, e, "character",
                  f"unknown character {_short(e.character)}; characters are: {known}")
        if e.layer == "foreground":
            for field in ("start_at", "end_at"):
                if getattr(e, field) is not None:
                    issue(i, e, field, f"only background elements take {field}")
            if isinstance(e, (Music, SoundEffect)) and e.duration_s is None:
                issue(i, e, "duration_s",
                      f"foreground {e.type} needs duration_s (seconds, above 0 and at most "
                      f"{MAX_ELEMENT_DURATION_S:.0f})")
            if first_fg and e.gap_s < 0:
                issue(i, e, "gap_s", "the first foreground element cannot overlap anything; "
                      "use gap_s >= 0")
            first_fg = False
            continue
        # Background.
        if isinstance(e, Speech):
            issue(i, e, "layer", "speech must be in the foreground")
            continue
        if e.gap_s != 0:
            issue(i, e, "gap_s", "only foreground elements take gap_s")
        if e.duration_s is not None:
            issue(i, e, "duration_s", "a background element's duration comes from the "
                  "foreground elements it spans; remove duration_s and set start_at/end_at")
        ends = {}
        for field in ("start_at", "end_at"):
            ref = getattr(e, field)
            if ref is None:
                issue(i, e, field, f"a background element needs {field} (the id of a "
                      "foreground element)")
            elif ref not in fg_index:
                if fg_listing is None:
                    fg_listing = _listing(fg_index) or "none"
                issue(i, e, field, f"{_short(ref)} is not a foreground element id; "
                      f"foreground ids are: {fg_listing}")
            else:
                ends[field] = fg_index[ref]
        if len(ends) == 2 and ends["end_at"] < ends["start_at"]:
            issue(i, e, "end_at", f"ends before it begins: {e.end_at!r} comes before "
                  f"{e.start_at!r} in the foreground order")
    return issues


def is_safe_id(value: str) -> bool:
    """True when `value` follows the id rule (see `ID_RULE`)."""
    return _ID_RE.fullmatch(value) is not None


def _short(text: str, limit: int = 60) -> str:
    """repr of `text`, cut to about `limit` characters (messages stay one short line)."""
    return repr(text) if len(text) <= limit else repr(text[:limit]) + "..."


def _listing(names) -> str:
    names = list(names)
    shown = ", ".join(str(n)[:60] for n in names[:MAX_IDS_LISTED])
    more = len(names) - MAX_IDS_LISTED
    return shown + (f" (and {more} more)" if more > 0 else "")

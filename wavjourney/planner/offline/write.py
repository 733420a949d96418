"""Writing a script from a `Brief`: cast, lines from the banks, effects, ambience and music,
sized to the target length with a calibrated speech clock.

The lines are drawn with a random generator seeded from the prompt, so the same prompt gives
the same script and different prompts draw different lines and slot fillers.
"""

from __future__ import annotations

import hashlib
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import import_module
from types import ModuleType
from typing import Any

from wavjourney.constants import DEFAULT_MUSIC_BACKGROUND_LUFS, DEFAULT_SFX_BACKGROUND_LUFS
from wavjourney.exceptions import PlanningError
from wavjourney.planner.offline.detect import Brief, Speaker, analyse
from wavjourney.planner.offline.estimate import SpeechClock
from wavjourney.planner.offline.formats import (
    DEFAULT_GENRE,
    DRAMA_MUSIC,
    GENRES_BY_NAME,
    Role,
)
from wavjourney.planner.offline.palettes import CUES, MOODS_BY_NAME
from wavjourney.script import AudioScript, parse_script
from wavjourney.tools.base import VoicePreset

MIN_DURATION_S = 5.0
MAX_SPEECH_LINES = 2000
LINE_GAP_S = 0.3
SECTION_GAP_S = 0.6
EFFECT_DURATION_S = 2.0
EFFECT_GAP_S = 0.2
JINGLE_DURATION_S = 3.0
SOUNDSCAPE_EFFECT_S = (4.0, 7.0)
MUSIC_FADE_IN_S = 2.0
MUSIC_FADE_OUT_S = 3.0
AMBIENCE_FADE_S = 1.5
SECOND_AMBIENCE_OFFSET_DB = 3.0
TURN_AT = 0.6  # the turn comes this far into the middle
MAX_PAUSE_STRETCH_S = 0.8  # pacing may lengthen each pause between lines by this much
MAX_PAUSE_SHRINK_S = LINE_GAP_S  # ... or shorten it to nothing
# Kinds that get a first name; other kinds (mother, dragon, detective) are named by the kind.
NAMED_KINDS = frozenset(("host", "guest", "contestant", "commentator", "co-commentator",
                         "suspect", "friend", "partner", "character", "reporter", "witness",
                         "customer", "student", "assistant", "expert", "man", "woman",
                         "sister", "brother", "interviewer", "astronaut", "soldier"))
# Heads of a subject that are people, not a thing to talk about ("a spaceship crew that finds a
# strange signal" is about the signal).
PEOPLE_WORDS = frozenset(("crew", "team", "family", "friends", "people", "group", "couple",
                          "class", "band", "gang"))
# Formats where the prompt's people join the format's first role(s) instead of replacing them.
KEEP_FIRST_ROLES = {"interview": 1, "news": 1, "cooking": 0, "lecture": 0}
# Formats with one voice unless the prompt counts speakers ("with two experts").
MONOLOGUES = frozenset(("documentary", "meditation", "weather", "traffic", "announcement"))
# Banks a language may lack, and the nearest one it has.
BANK_FALLBACKS = {"interview": "podcast", "audiobook": "story", "bedtime": "story",
                  "horror": "story", "comedy": "story", "romance": "story",
                  "mystery": "story", "scifi": "story", "fantasy": "story", "quiz": "podcast",
                  "sports": "podcast"}
_SLOT = re.compile(r"\{(\w+)\}")
# Banks whose default bed differs from their format's ("howto" is a cooking show's sibling).
BANK_AMBIENCE = {"howto": "a quiet workshop: tools clinking softly, a radio far away"}
_SENTENCE_START = re.compile(r"(^|[.!?]\s+)([a-zà-ÿ])")
_LINE = re.compile(r"^(?:\[(?P<cue>\w+)\]\s*)?(?P<role>[NAB*]):\s*(?P<text>.+)$")


def bank_module(language: str) -> ModuleType:
    return import_module(f"wavjourney.planner.offline.lines_{language}")


@dataclass
class Cast:
    """Who speaks: the lead (role N) and the group (roles A, B, *), as character dicts."""

    lead: dict[str, str] | None
    group: list[dict[str, str]]

    @property
    def everyone(self) -> list[dict[str, str]]:
        return ([self.lead] if self.lead else []) + self.group


@dataclass
class OfflinePlan:
    """An offline script and what the planner read from the prompt.

    Args:
        script: the cast script.
        brief: what the prompt asked for (format, speakers, length, language, ...).
        bank: the line bank used ("horror", "news", "howto", ...).
        warnings: things the user should know (language or format fallbacks).
        estimated_s: the piece's length by the calibrated speech clock, in seconds.
    """

    script: AudioScript
    brief: Brief
    bank: str
    warnings: list[str] = field(default_factory=list)
    estimated_s: float = 0.0


def seed_for(brief: Brief) -> int:
    """A seed from the prompt and language (not the length: a longer version of the same
    prompt keeps its names and opening)."""
    text = f"{' '.join(brief.prompt.lower().split())}|{brief.language}"
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "big")


@dataclass(frozen=True)
class Part:
    """One scene of a long piece: scene `index` of `count` (0-based). Only the first scene
    opens (jingle, greetings, introductions), only the last one closes; each draws its own
    lines, and all share the cast."""

    index: int
    count: int

    @property
    def first(self) -> bool:
        return self.index == 0

    @property
    def last(self) -> bool:
        return self.index == self.count - 1


def write_plan(prompt: str, *, voices: Sequence[VoicePreset] = (),
               duration_s: float | None = None, language: str | None = None,
               calibrate: bool = True, part: Part | None = None) -> OfflinePlan:
    """Plan `prompt` offline. See `wavjourney.planner.offline.plan_offline`.

    Args:
        part: plan one scene of a long piece (see `Part`); `duration_s` is then the scene's.
    """
    from wavjourney.planner.casting import cast as cast_voices

    if not prompt or not prompt.strip():
        raise PlanningError("the prompt is empty: describe the audio piece you want")
    brief = analyse(prompt, duration_s=duration_s, language=language)
    brief.duration_s = max(MIN_DURATION_S, brief.duration_s)
    rng = random.Random(seed_for(brief) + (part.index if part else 0))
    warnings = list(brief.notes)
    bank_name, lines = _choose_bank(brief, warnings)
    cast = _build_cast(brief)
    characters = [{"name": c["name"], "description": c["description"]} for c in cast.everyone]
    voice_of: dict[str, str | None] = {}
    if characters:
        stub = parse_script({"language": brief.language, "characters": characters,
                             "elements": [{"type": "speech", "character": c["name"],
                                           "text": "Hello."} for c in characters]})
        voice_of = {c.name: c.voice for c in cast_voices(stub, voices).characters}
    clock = SpeechClock(voice_of, brief.language, calibrate=calibrate)
    writer = _Writer(brief, cast, lines or {}, bank_module(brief.language), clock, rng,
                     bank_name, part)
    elements = writer.write()
    script = parse_script({
        "title": _title(prompt),
        "language": brief.language,
        "characters": [{**c, "voice": voice_of.get(c["name"])} for c in characters],
        "elements": elements,
    })
    script = cast_voices(script, voices)
    return OfflinePlan(script, brief, bank_name, warnings, writer.spent_s)


def _choose_bank(brief: Brief, warnings: list[str]) -> tuple[str, dict[str, tuple[str, ...]]
                                                             | None]:
    if brief.format == "soundscape":
        return "soundscape", None
    name = brief.format
    if name == "story" and brief.genre != DEFAULT_GENRE:
        name = brief.genre
    if name == "cooking" and _is_howto(brief):
        name = "howto"
    banks = bank_module(brief.language).BANKS
    if name in banks:
        return name, banks[name]
    fallback = BANK_FALLBACKS.get(name)
    if fallback and fallback in banks:
        return fallback, banks[fallback]
    warnings.append(f"the offline planner has no {brief.format} lines in {brief.language!r} "
                    "yet, so this script is in English; configure an LLM for other "
                    "languages")
    brief.language = "en"
    return name, bank_module("en").BANKS[name]


def _is_howto(brief: Brief) -> bool:
    """A how-to that is not about food gets the workshop bank, not the kitchen one."""
    words = set(brief.prompt.lower().replace("-", " ").split())
    food = {"cook", "cooking", "recipe", "bake", "baking", "chef", "kitchen", "make",
            "makes", "making", "dinner", "lunch", "breakfast", "cake", "bread", "soup"}
    return bool(words & {"how", "guide", "diy", "fix", "fixing", "repair", "build",
                         "tutorial"}) and not words & food


def _title(prompt: str) -> str:
    text = " ".join(prompt.split()).rstrip(".")
    return (text[:1].upper() + text[1:])[:80]


# Casting ------------------------------------------------------------------------------------
def _build_cast(brief: Brief) -> Cast:
    spec = brief.spec
    module = bank_module(brief.language)
    if brief.format == "soundscape":
        return Cast(None, [])
    lead = None
    if spec.lead is not None:
        names = spec.lead.names or {}
        lead = {"name": names.get(brief.language) or names.get("en") or spec.lead.kind.title(),
                "description": f"the {spec.lead.kind}: {spec.lead.description}", "kind":
                spec.lead.kind}
    asked = list(brief.speakers)
    if brief.format in MONOLOGUES and not brief.counted:
        asked = []
    # Singular roles (the detective) before counted groups (five suspects).
    asked.sort(key=lambda s: s.kind in brief.counted)
    keep = KEEP_FIRST_ROLES.get(brief.format, 0)
    if spec.group_kind is not None and spec.group_kind.kind in brief.counted:
        keep = 0  # "three hosts": the hosts are the group
    roles: list[Speaker | Role] = [*spec.group[:keep], *asked]
    minimum = len(spec.group)
    for filler in spec.group[keep:]:
        if len(roles) >= minimum:
            break
        roles.append(filler)
    group = []
    taken = {lead["name"]} if lead else set()
    genders = ["female", "male"]
    # Names come from the prompt alone, so every scene of a long piece has the same cast.
    rng_names = random.Random(seed_for(brief))
    for k, role in enumerate(roles):
        if isinstance(role, Speaker):
            kind, gender, age, name = role.kind or "character", role.gender, role.age, role.name
            word = role.word
        else:
            kind, gender, age, name, word = role.kind, None, None, None, role.kind
            words = set(role.description.replace(",", " ").split())
            gender = "female" if words & {"woman", "girl"} else "male" if words & {
                "man", "boy", "male"} else None
        if gender is None:
            gender = genders[k % 2]
        if name is None:
            candidate = (kind if brief.language == "en" else word).title()
            if kind in NAMED_KINDS or kind in brief.counted or candidate in taken:
                pool = module.NAMES_FEMALE if gender == "female" else module.NAMES_MALE
                free = [n for n in pool if n not in taken]
                name = rng_names.choice(free) if free else f"{kind.title()} {k + 1}"
            else:
                name = candidate
        taken.add(name)
        extra = role.description if isinstance(role, Role) else ""
        gender_word = {"female": "woman", "male": "man"}.get(gender, "")
        age_word = {"child": "a child", "young": "young", "elderly": "old",
                    "adult": "adult"}.get(age or "", "")
        if gender_word in extra.split():
            gender_word = ""
        article = "an" if kind[:1] in "aeiou" else "a"
        description = ", ".join(x for x in (f"{article} {kind}", extra,
                                            f"{age_word} {gender_word}".strip()) if x)
        if extra.startswith(f"a {kind}") or extra.startswith(f"an {kind}"):
            description = ", ".join(x for x in (extra, f"{age_word} {gender_word}".strip()) if x)
        group.append({"name": name, "description": description, "kind": kind})
    return Cast(lead, group)


# Writing ------------------------------------------------------------------------------------
class _Writer:
    def __init__(self, brief: Brief, cast: Cast, bank: dict[str, tuple[str, ...]],
                 module: ModuleType, clock: SpeechClock, rng: random.Random,
                 bank_name: str = "", part: Part | None = None) -> None:
        self.brief, self.cast, self.bank, self.module = brief, cast, bank, module
        self.bank_name = bank_name
        self.part = part or Part(0, 1)
        self.clock, self.rng = clock, rng
        self.elements: list[dict[str, Any]] = []
        self.counters: dict[str, int] = {}
        self.spent_s = 0.0
        self.b_index = 0
        self.star_index = 0
        self.other_index = 0
        self.since_effect_s = 0.0
        self.effect_index = 0
        self.intro_index = 0
        self.last_role = ""
        self.slots = self._slots()

    # Slots -------------------------------------------------------------------------------
    def _slots(self) -> dict[str, str]:
        b, m = self.brief, self.module
        bank_key = b.genre if b.format == "story" and b.genre != DEFAULT_GENRE else b.format
        if b.subject_words:
            topic, key = b.topic, b.key
        else:
            key = self._fallback_key(bank_key)
            topic = key if key != m.FALLBACK_KEY else m.FALLBACK_TOPIC
        cast_words = {w for c in self.cast.group for w in (c["name"].lower(), c["kind"])}
        if b.language == "en":
            cast_words |= PEOPLE_WORDS
        if set(_bare(key).lower().split()) & cast_words:
            # "a dragon who is afraid of the dark": the dragon speaks; lines are about the dark.
            tail = re.search(r"\b(?:the|a|an|his|her|their)\s+([\w-]+)$", topic)
            key = f"the {tail.group(1)}" if tail and b.language == "en" and tail.group(
                1).lower() not in cast_words else self._fallback_key(bank_key)
        elif b.place and key.lower() == b.place.lower() and b.format == "story":
            key = self._fallback_key(bank_key)  # the subject is the place: lines need a thing
        place = b.place or m.PLACES.get(bank_key) or m.PLACES.get(b.format) or m.PLACES["story"]
        teams = b.teams or tuple(self.rng.sample(m.FILLERS["team"], 2))
        show = self.rng.choice(m.FILLERS["show"]).format(key=_bare(key), Key=_bare(key).title())
        brand = b.brand or key
        return {"topic": topic, "Topic": _cap(topic), "key": key, "Key": _cap(key),
                "place": place, "team1": teams[0], "team2": teams[1], "show": show,
                "brand": brand, "Brand": _cap(brand),
                "lead": self.cast.lead["name"] if self.cast.lead else ""}

    def _fill(self, text: str, speaker: str, role: str) -> str:
        group = [c["name"] for c in self.cast.group] or [speaker]
        others = [n for n in group if n != speaker] or group
        values = dict(self.slots)
        values["A"] = group[0]
        # In a B line {B} is the speaker; elsewhere it is the one who answers next.
        values["B"] = speaker if role == "B" else self._b_name(peek=True)
        if values["B"] == speaker and role != "B":
            values["B"] = others[0]
        values["self"] = speaker
        values["other"] = others[self.other_index % len(others)]
        self.other_index += 1
        for name in ("num", "time", "day"):
            values[name] = self.rng.choice(self.module.FILLERS[name])
            values[name.title()] = _cap(values[name])
        text = _SLOT.sub(lambda m: values.get(m.group(1), m.group(0)), text)
        # A slot at the start of a sentence ("nine minutes on the clock") gets a capital.
        return _SENTENCE_START.sub(lambda m: m.group(1) + m.group(2).upper(), text)

    # Roles -------------------------------------------------------------------------------
    def _b_name(self, *, peek: bool = False) -> str:
        group = self.cast.group
        rest = group[1:] or ([self.cast.lead] if self.cast.lead else group)
        name = rest[self.b_index % len(rest)]["name"]
        if not peek:
            self.b_index += 1
        return name

    def _speaker(self, role: str) -> str:
        lead, group = self.cast.lead, self.cast.group
        if role == "N":
            return (lead or group[0])["name"]
        if not group:
            return lead["name"] if lead else ""
        if role == "A":
            return group[0]["name"]
        if role == "B":
            return self._b_name()
        name = group[self.star_index % len(group)]["name"]
        self.star_index += 1
        return name

    # Elements ----------------------------------------------------------------------------
    def _add(self, kind: str, **fields: Any) -> str:
        self.counters[kind] = self.counters.get(kind, 0) + 1
        element_id = f"{kind}-{self.counters[kind]}"
        self.elements.append({"type": kind, "id": element_id, **fields})
        return element_id

    def _effect(self, description: str) -> None:
        gap = EFFECT_GAP_S if self.elements else 0.0
        self._add("sound_effect", description=description, duration_s=EFFECT_DURATION_S,
                  gap_s=gap)
        self.spent_s += EFFECT_DURATION_S + gap
        self.since_effect_s = 0.0

    def _cost(self, line: str, effects: bool = False) -> float:
        """Estimated seconds a bank line adds (before its slots are filled)."""
        m = _LINE.match(line)
        if not m:
            return 0.0
        text = _SLOT.sub(lambda s: self.slots.get(s.group(1), "Someone"), m.group("text"))
        group = self.cast.group
        role = m.group("role")
        likely = (self.cast.lead if role == "N" and self.cast.lead else
                  group[0] if role == "A" and group else
                  group[min(1, len(group) - 1)] if group else self.cast.lead)
        cost = self.clock.seconds(text, likely["name"] if likely else "") + LINE_GAP_S
        if m.group("cue") or (effects and self._setting_effect_due()):
            cost += EFFECT_DURATION_S + EFFECT_GAP_S
        return cost

    def _say(self, line: str, gap_s: float = LINE_GAP_S, *, effects: bool = True) -> None:
        m = _LINE.match(line)
        if not m:
            raise PlanningError(f"bad line in the offline line bank: {line!r}")
        if m.group("cue"):
            self._effect(CUES[m.group("cue")])
        elif effects and self._setting_effect_due():
            self._effect(self._next_setting_effect())
        speaker = self._speaker(m.group("role"))
        text = self._fill(m.group("text"), speaker, m.group("role"))
        self.last_role = m.group("role")
        gap = gap_s if self.elements else 0.0
        self._add("speech", character=speaker, text=text, gap_s=gap)
        seconds = self.clock.seconds(text, speaker) + gap
        self.spent_s += seconds
        self.since_effect_s += seconds

    def _setting_effects(self) -> list[str]:
        return [e for s in self.brief.settings for e in s.effects]

    def _setting_effect_due(self) -> bool:
        every = self.brief.spec.effect_every_s
        return bool(every and self._setting_effects() and self.since_effect_s >= every)

    def _next_setting_effect(self) -> str:
        effects = self._setting_effects()
        effect = effects[self.effect_index % len(effects)]
        self.effect_index += 1
        return effect

    # The piece ---------------------------------------------------------------------------
    def write(self) -> list[dict[str, Any]]:
        target = self.brief.duration_s
        spec = self.brief.spec
        if self.brief.format == "soundscape":
            return self._soundscape(target)
        first, last = self.part.first, self.part.last
        if spec.jingle and first:
            # Not "music-N": the background music is music-1 in every script.
            self.elements.append({"type": "music", "id": "jingle-1",
                                  "description": spec.jingle, "duration_s": JINGLE_DURATION_S})
            self.spent_s += JINGLE_DURATION_S
        opening = list(self.bank.get("open", ())) if first else []
        voiced = {r for line in opening for r in _roles(line)} if first else {"A", "B"}
        already = 1 if "A" in voiced else 0
        already += 1 if "B" in voiced and len(self.cast.group) > 1 else 0
        # Members the opening does not voice introduce themselves, so everyone speaks.
        variants = self.bank["intro"]
        intros = [variants[k % len(variants)]
                  for k in range(max(0, len(self.cast.group) - already))] if first else []
        closing = list(self.bank.get("close", ())) if last else []
        turn = list(self.bank.get("turn", ())) if self.part.index == self.part.count // 2 \
            else []
        fixed = sum(self._cost(x) for x in opening + intros + closing + turn)
        if self.spent_s + fixed > target:
            # Too short for the whole frame: drop the turn, then opening and closing lines
            # (the speakers asked for still introduce themselves).
            turn = []
            while self.spent_s + sum(self._cost(x) for x in opening + intros + closing) > \
                    target and (len(opening) > 1 or len(closing) > 1):
                (opening if len(opening) >= len(closing) else closing).pop(
                    -1 if len(opening) >= len(closing) else 0)
        middle = self._middle_order()
        for line in opening:
            self._say(line)
        # Extra group members introduce themselves (the star rotation starts after A, B).
        self.star_index = already
        for line in intros:
            self._say(line)
            self.intro_index += 1
        first_speech = next((e["id"] for e in self.elements if e["type"] == "speech"), None)
        rest_s = sum(self._cost(x) for x in turn + closing)
        turn_at = self.spent_s + TURN_AT * max(0.0, target - self.spent_s - rest_s)
        lines_said = 0
        while middle and lines_said < MAX_SPEECH_LINES:
            if turn and self.spent_s >= turn_at:
                for t in turn:
                    self._say(t, SECTION_GAP_S if t is turn[0] else LINE_GAP_S, effects=False)
                rest_s -= sum(self._cost(x) for x in turn)
                turn = []
                continue
            # Prefer a line by someone other than who just spoke, so voices alternate, and
            # one that fits the time left (short pieces need the right-sized line).
            fits = [k for k, x in enumerate(middle)
                    if self.spent_s + self._cost(x, True) / 2 + rest_s <= target]
            if not fits:
                break
            pick = next((k for k in fits if _roles(middle[k]) != {self.last_role}), fits[0])
            line = middle.pop(pick)
            self._say(line)
            lines_said += 1
            if not middle:
                middle = self._middle_order()
        # The ending was budgeted without setting effects, so it gets none.
        for t in turn:
            self._say(t, effects=False)
        for k, line in enumerate(closing):
            self._say(line, SECTION_GAP_S if k == 0 else LINE_GAP_S, effects=False)
        self._pace(target)
        self._beds(first_speech)
        return ([e for e in self.elements if e.get("layer", "foreground") == "foreground"]
                + [e for e in self.elements if e.get("layer") == "background"])

    def _pace(self, target: float) -> None:
        """Spread what is left of the target over the pauses between lines (a short piece
        cannot always add or drop a whole line), within MAX_PAUSE_STRETCH_S each."""
        pauses = [e for e in self.elements[1:] if e["type"] == "speech"]
        if not pauses:
            return
        per_pause = (target - self.spent_s) / len(pauses)
        per_pause = max(-MAX_PAUSE_SHRINK_S, min(MAX_PAUSE_STRETCH_S, per_pause))
        for e in pauses:
            e["gap_s"] = round(max(0.0, e["gap_s"] + per_pause), 3)
        self.spent_s += per_pause * len(pauses)

    def _fallback_key(self, bank_key: str) -> str:
        keys = getattr(self.module, "KEYS", {})
        story_like = self.brief.format in ("story", "audiobook")
        return (keys.get(bank_key) or (keys.get("story") if story_like else None)
                or self.module.FALLBACK_KEY)

    def _middle_order(self) -> list[str]:
        middle = list(self.bank.get("middle", ()))
        self.rng.shuffle(middle)
        return middle

    def _beds(self, first_speech: str | None) -> None:
        foreground = [e["id"] for e in self.elements]
        if not foreground:
            return
        start = first_speech or foreground[0]
        end = foreground[-1]
        beds = [s.ambience for s in self.brief.settings if s.ambience]
        genre = GENRES_BY_NAME.get(self.brief.genre)
        if not beds and self.bank_name in BANK_AMBIENCE:
            beds = [BANK_AMBIENCE[self.bank_name]]
        if not beds and self.brief.spec.ambience:
            beds = [self.brief.spec.ambience]
        if not beds and genre is not None and genre.ambience and self.brief.format in (
                "story", "audiobook"):
            beds = [genre.ambience]
        for k, description in enumerate(dict.fromkeys(beds)):
            self._add("sound_effect", layer="background", description=description,
                      start_at=start, end_at=end,
                      target_lufs=DEFAULT_SFX_BACKGROUND_LUFS - k * SECOND_AMBIENCE_OFFSET_DB,
                      fade_in_s=AMBIENCE_FADE_S, fade_out_s=AMBIENCE_FADE_S)
        music = self._music()
        if music:
            self._add("music", layer="background", description=music, start_at=foreground[0],
                      end_at=end, target_lufs=DEFAULT_MUSIC_BACKGROUND_LUFS,
                      fade_in_s=MUSIC_FADE_IN_S, fade_out_s=MUSIC_FADE_OUT_S)

    def _music(self) -> str | None:
        b, spec = self.brief, self.brief.spec
        if b.format == "soundscape":
            return None
        if b.mood and spec.music is not None:
            return MOODS_BY_NAME[b.mood].music
        if b.format == "story":
            genre = GENRES_BY_NAME.get(b.genre)
            if genre is not None:
                return genre.music
            hinted = [s.music for s in b.settings if s.music]
            return hinted[0] if hinted else DRAMA_MUSIC
        return spec.music

    def _soundscape(self, target: float) -> list[dict[str, Any]]:
        effects = self._setting_effects() or [CUES["wind"], CUES["owl"]]
        beds = [s.ambience for s in self.brief.settings if s.ambience] or [
            "a gentle breeze through trees, distant birds"]
        while self.spent_s < target - SOUNDSCAPE_EFFECT_S[0] / 2:
            left = target - self.spent_s
            gap = EFFECT_GAP_S if self.elements else 0.0
            length = min(max(left - gap, 1.0), self.rng.uniform(*SOUNDSCAPE_EFFECT_S))
            if left - gap - length < SOUNDSCAPE_EFFECT_S[0]:
                length = max(left - gap, 1.0)
            self._add("sound_effect", description=effects[self.effect_index % len(effects)],
                      duration_s=round(length, 2), gap_s=gap)
            self.effect_index += 1
            self.spent_s += length + gap
        first, last = self.elements[0]["id"], self.elements[-1]["id"]
        for k, description in enumerate(beds):
            self._add("sound_effect", layer="background", description=description,
                      start_at=first, end_at=last,
                      target_lufs=DEFAULT_SFX_BACKGROUND_LUFS + 6.0
                      - k * SECOND_AMBIENCE_OFFSET_DB,
                      fade_in_s=AMBIENCE_FADE_S, fade_out_s=AMBIENCE_FADE_S)
        return self.elements


def _roles(line: str) -> set[str]:
    m = _LINE.match(line)
    return {m.group("role")} if m else set()


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _bare(key: str) -> str:
    """The key without its article ("the dragon" → "dragon"), for show titles."""
    return re.sub(r"^(?:the|el|la|le|les|los|las|il|lo|o|a|der|die|das|l')\s*", "", key,
                  flags=re.IGNORECASE) or key

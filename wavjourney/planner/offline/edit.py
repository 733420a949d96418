"""Editing a script without an LLM: the common instructions, applied deterministically.

Understood (several may be joined with "and", "then", commas):
    add <sound> [in the background | at the start | at the end]    "add thunder"
    remove / delete / mute / no / without <id, kind, character or sound word>
    replace <sound or music> with <other>, change the music to <style>
    make <target> louder / quieter (a bit, a lot), turn <target> up / down
    make <target> faster / slower, speed up / slow down [<target>]
    make <character> older / younger / deeper / higher / a woman / a man / a child
    shorten / make it shorter / cut it to <n> seconds, lengthen / make it longer
Anything else raises `PlanningError` saying an LLM is needed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from wavjourney.constants import (
    DEFAULT_MUSIC_BACKGROUND_LUFS,
    DEFAULT_SFX_BACKGROUND_LUFS,
    MAX_TARGET_LUFS,
    MIN_TARGET_LUFS,
)
from wavjourney.exceptions import PlanningError
from wavjourney.planner.longform import require_scene, split_scene_instruction
from wavjourney.planner.offline.detect import (
    detect_duration_s,
    mood_named_in,
    tokenize,
    words_of,
)
from wavjourney.planner.offline.estimate import SpeechClock
from wavjourney.planner.offline.palettes import CUES, EFFECT_WORDS, SETTINGS
from wavjourney.script import AudioScript, parse_script
from wavjourney.tools.base import VoicePreset

EFFECT_DURATION_S = 3.0
AMBIENCE_FADE_S = 1.5
SECOND_AMBIENCE_OFFSET_DB = 3.0
EDIT_STEP_DB = 6.0
EDIT_SMALL_STEP_DB = 3.0
EDIT_BIG_STEP_DB = 10.0
SPEED_STEP = 1.15
SPEED_SMALL_STEP = 1.07
SPEED_BIG_STEP = 1.3
MIN_SPEAKING_RATE = 0.5
MAX_SPEAKING_RATE = 2.0
SHORTEN_FACTOR = 0.7
LENGTHEN_FACTOR = 1.5
DEFAULT_MUSIC = "calm solo piano"
KEEP_OPENING_LINES = 2  # shortening keeps the first and last lines
KEEP_CLOSING_LINES = 2

# How to get an LLM, on the command line; the web app shows its Settings tab instead.
CONFIGURE_LLM_HINT = "configure an LLM (--llm, WAVJOURNEY_LLM or the config file)"
UNSUPPORTED_HINT = (
    "the offline planner understands 'add <sound>', 'remove <id or word>', 'replace <sound> "
    "with <sound>', 'make the <music|speech|effects|name> quieter/louder/faster/slower', "
    "'make the <character> older/younger/deeper/a woman', 'make it shorter/longer' and "
    f"'make it <n> seconds'; {CONFIGURE_LLM_HINT} for other edits")


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_SPLIT = re.compile(r"\s*(?:;|,|\band then\b|\bthen\b|\band also\b|\balso\b|\band\b)\s*")
_AMOUNT = r"(?P<amount>a\s+(?:bit|little)\s+|a\s+lot\s+|much\s+|way\s+|slightly\s+|even\s+)?"
_LOUDNESS = (
    re.compile(r"^(?:make|turn|set|bring|have)\s+(?:the\s+|all\s+)?(?P<target>.+?)\s+"
               + _AMOUNT + r"(?P<dir>quieter|softer|lower|louder|stronger|higher)\b.*$"),
    re.compile(r"^(?:turn|bring)\s+(?P<dir>down|up)\s+(?:the\s+)?(?P<target>.+?)"
               r"(?P<amount>\s+a\s+(?:bit|little)|\s+a\s+lot)?$"),
    re.compile(r"^(?:turn|bring)\s+(?:the\s+)?(?P<target>.+?)\s+(?P<dir>down|up)"
               r"(?P<amount>\s+a\s+(?:bit|little)|\s+a\s+lot)?$"),
    re.compile(r"^(?P<dir>lower|raise)\s+(?:the\s+)?(?P<target>.+?)(?:\s+volume)?"
               r"(?P<amount>\s+a\s+(?:bit|little)|\s+a\s+lot)?$"),
)
_SPEED = (
    re.compile(r"^(?:make|have)\s+(?:the\s+|all\s+)?(?P<target>.+?)\s+(?:speak\s+|talk\s+|"
               r"read\s+|go\s+)?" + _AMOUNT + r"(?P<dir>faster|slower|quicker)\b.*$"),
    re.compile(r"^(?P<dir>speed|slow)\s+(?:up|down)(?:\s+(?:the\s+)?(?P<target>.+?))?"
               r"(?P<amount>\s+a\s+(?:bit|little)|\s+a\s+lot)?$"),
    re.compile(r"^(?:the\s+)?(?P<target>.+?)\s+(?:should\s+)?(?:speak|talk|read)s?\s+"
               + _AMOUNT + r"(?P<dir>faster|slower)$"),
    re.compile(r"^(?P<dir>faster|slower)(?:\s+(?:speech|please))?(?P<target>)(?P<amount>)$"),
)
_VOICE = re.compile(
    r"^(?:make|give)\s+(?:the\s+)?(?P<who>.+?)(?:'s\s+voice)?\s+(?:sound\s+|a\s+)?"
    r"(?P<trait>older|younger|old|young|deeper|lower-pitched|higher|higher-pitched|"
    r"(?:a\s+)?woman|(?:a\s+)?man|female|male|(?:a\s+)?child|(?:a\s+)?kid|(?:a\s+)?girl|"
    r"(?:a\s+)?boy|british|american|a\s+robot|robotic)(?:\s+voice)?$")
_REPLACE = re.compile(r"^(?:replace|swap|switch|change|turn)\s+(?:the\s+)?(?P<old>.+?)\s+"
                      r"(?:with|for|to|into|by)\s+(?:a\s+|an\s+|some\s+)?(?P<new>.+)$")
_ADD = re.compile(r"^(?:add|insert|include|put\s+in|put)\s+(?P<what>.+?)"
                  r"(?:\s+(?P<where>in the background|as (?:a )?background|to the background|"
                  r"at the (?:start|beginning|end)|in the middle))?$")
_REMOVE = re.compile(r"^(?:remove|delete|drop|cut|mute|get rid of|take out|no|without|"
                     r"lose)\s+(?:the\s+|all\s+(?:the\s+)?|any\s+|more\s+)?(?P<target>.+)$")
_LENGTH = re.compile(r"^(?:(?P<short>shorten|trim|cut)|(?P<long>lengthen|extend))(?:\s+(?:it|"
                     r"the\s+(?:piece|script|story|whole thing)))?(?:\s+(?:to|down to)\s+"
                     r"(?P<to>.+))?$|^make\s+(?:it|the\s+(?:piece|script|story))\s+(?:"
                     r"(?P<short2>shorter)|(?P<long2>longer)|(?P<to2>.+?)(?:\s+long)?)$")
_ARTICLES = re.compile(r"^(?:some|a|an|the|more|another|few|a few)\s+")
_QUIETER = {"quieter", "softer", "lower", "down"}
_SLOWER = {"slower", "slow"}
_AMBIENT_WORDS = _words("ambience ambient background atmosphere bed")
_ALL_SPEECH = _words("it everything everyone everybody all speech voice voices dialogue "
                     "dialog talking lines narration pace reading whole piece")
_MUSIC_WORDS = _words("music song songs soundtrack score tune")
_EFFECT_WORDS = _words("effect effects sfx sound sounds")


@dataclass(frozen=True)
class SoundCategory:
    """A sound the offline sound-effect tool knows (from its catalogue)."""

    name: str
    description: str

    @property
    def parts(self) -> tuple[str, ...]:
        return tuple(self.name.lower().split("_"))

    def named_in(self, tokens: frozenset[str]) -> bool:
        """Every word of the name is in `tokens` ("dog_bark" needs "dog" and "bark")."""
        return all(part in tokens for part in self.parts)

    @property
    def is_ambience(self) -> bool:
        return bool(tokenize(self.description) & _words(
            "bed ambience ambient babble chatter traffic tone birdsong surf brook creek "
            "chirping croaking waves"))

    @property
    def phrase(self) -> str:
        """The description's head, usable as an element description."""
        head = re.split(r"[;(:]", self.description, maxsplit=1)[0].strip()
        return head or self.name.replace("_", " ")


def sound_categories() -> list[SoundCategory]:
    """The offline sound catalogue (``categories()`` of the offline sfx tool), or [] while it
    is not installed."""
    try:
        from wavjourney.tools.offline.sfx import categories
    except ImportError:
        return []
    try:
        listing = categories()
    except Exception:  # a broken catalogue must not stop planning
        return []
    items = listing.items() if isinstance(listing, dict) else listing
    return [SoundCategory(str(name), str(description)) for name, description in items]


def music_mood(tokens: frozenset[str]) -> str:
    """The music of the mood whose words `tokens` mention most (first wins ties)."""
    mood = mood_named_in(tokens)
    return mood.music if mood else DEFAULT_MUSIC


def edit_offline(script: AudioScript, instruction: str, *,
                 voices: Sequence[VoicePreset] = ()) -> AudioScript:
    """Apply a common edit instruction without an LLM.

    Raises:
        PlanningError: the instruction is not one of the understood forms (the message says
            an LLM is needed), or it names nothing in the script.
    """
    from wavjourney.planner.casting import cast

    text = _clean(instruction)
    scope = ""
    scene, text = split_scene_instruction(text)
    if scene is not None:
        # "in scene 3, add thunder": only the elements of that scene of a long piece.
        require_scene(script, scene)
        scope = f"{scene}-"
    clauses = [c for c in _SPLIT.split(text) if c]
    if not clauses:
        raise PlanningError(f"empty instruction; {UNSUPPORTED_HINT}")
    data = script.model_dump(mode="json", exclude_none=True)
    for clause in clauses:
        data = _apply(data, clause, voices, scope)
    edited = parse_script(data)
    kept = {c.name: c.voice for c in edited.characters if c.voice}
    return cast(edited, voices, previous=kept)


def _clean(text: str) -> str:
    text = " ".join(text.lower().replace("’", "'").split())
    text = re.sub(r"^(?:please|can you|could you|now)\s+", "", text)
    return text.rstrip(".!? ")


def _apply(data: dict[str, Any], clause: str, voices: Sequence[VoicePreset],
           scope: str = "") -> dict[str, Any]:
    clause = re.sub(r"^(?:please|and|also|then)\s+", "", clause).strip()
    m = _LENGTH.match(clause)
    if m and not (m.group("to2") and detect_duration_s(m.group("to2")) is None):
        if scope:
            raise PlanningError(f"resizing one scene needs an LLM; {UNSUPPORTED_HINT}")
        to = m.group("to") or m.group("to2")
        target = detect_duration_s(to) if to else None
        if to and target is None:
            raise PlanningError(f"cannot read a length in {to!r}; say e.g. '30 seconds' or "
                                "'two minutes'")
        return _resize(data, target, longer=bool(m.group("long") or m.group("long2")),
                       voices=voices)
    m = _VOICE.match(clause)
    if m and _characters(data, m.group("who")):
        _revoice(data, m.group("who"), m.group("trait"))
        return data
    for pattern in _SPEED:
        m = pattern.match(clause)
        if m:
            _speed(data, (m.group("target") or "it").strip(), m.group("dir"),
                   (m.group("amount") or "").strip(), scope)
            return data
    for pattern in _LOUDNESS:
        m = pattern.match(clause)
        if m:
            amount = (m.group("amount") or "").strip()
            step = (EDIT_SMALL_STEP_DB if amount in ("a bit", "a little", "slightly")
                    else EDIT_BIG_STEP_DB if amount in ("a lot", "much", "way") else EDIT_STEP_DB)
            sign = -1.0 if m.group("dir") in _QUIETER else 1.0
            for e in _select(data, m.group("target"), scope):
                level = e.get("target_lufs", -23.0) + sign * step
                e["target_lufs"] = max(MIN_TARGET_LUFS, min(MAX_TARGET_LUFS, level))
            return data
    m = _REPLACE.match(clause)
    if m:
        _replace(data, m.group("old"), m.group("new"), scope)
        return data
    m = _REMOVE.match(clause)
    if m:
        _remove(data, {e["id"] for e in _select(data, m.group("target"), scope)})
        return data
    m = _ADD.match(clause)
    if m:
        _add(data, m.group("what"), m.group("where") or "", scope)
        return data
    raise PlanningError(f"cannot apply {clause!r} without an LLM: {UNSUPPORTED_HINT}")


# Selecting ----------------------------------------------------------------------------------
def _characters(data: dict[str, Any], who: str) -> list[dict[str, Any]]:
    """Characters named by `who`: a name, or a word of their description ("the man")."""
    who = _ARTICLES.sub("", who.strip())
    chars = data.get("characters", [])
    by_name = [c for c in chars if c["name"].lower() == who]
    if by_name:
        return by_name
    wanted = set(words_of(who))
    return [c for c in chars if wanted and wanted <= set(words_of(c.get("description", "")))]


def _select(data: dict[str, Any], target: str, scope: str = "") -> list[dict[str, Any]]:
    """Elements named by `target`: an id, a kind, a character, or a description word (only
    ids starting with `scope`, when given)."""
    target = _ARTICLES.sub("", target.strip().strip("'\""))
    elements = [e for e in data["elements"] if e["id"].startswith(scope)]
    by_id = [e for e in elements if e["id"].lower() == target]
    if by_id:
        return by_id
    words = tokenize(target)
    if words & _MUSIC_WORDS:
        chosen = [e for e in elements if e["type"] == "music"]
    elif words & _words("speech voice voices dialogue dialog talking lines narration"):
        chosen = [e for e in elements if e["type"] == "speech"]
    elif words & _words("effect effects sfx"):
        chosen = [e for e in elements if e["type"] == "sound_effect"
                  and e.get("layer", "foreground") == "foreground"]
        if "all" in words or "sound" in words:
            chosen = [e for e in elements if e["type"] == "sound_effect"]
    elif words & _AMBIENT_WORDS:
        chosen = [e for e in elements if e["type"] == "sound_effect"
                  and e.get("layer") == "background"]
    else:
        names = {c["name"] for c in _characters(data, target)}
        chosen = [e for e in elements if e["type"] == "speech" and e["character"] in names]
        if not chosen:
            content = {w for w in words if len(w) >= 3} - _words("the and sound sounds noise")
            matches = [e for e in elements if e["type"] != "speech"
                       and content & tokenize(e["description"])]
            # "remove the cafe" means the cafe ambience, not "soft jazz in a cafe".
            chosen = [e for e in matches if e["type"] == "sound_effect"] or matches
    if not chosen:
        ids = ", ".join(e["id"] for e in elements)
        raise PlanningError(f"nothing in the script matches {target!r} (ids: {ids}); "
                            f"{UNSUPPORTED_HINT}")
    return chosen


# Operations ---------------------------------------------------------------------------------
def _remove(data: dict[str, Any], ids: set[str]) -> None:
    elements = data["elements"]
    foreground = [e["id"] for e in elements if e.get("layer", "foreground") == "foreground"]
    remaining = [i for i in foreground if i not in ids]
    if not remaining:
        raise PlanningError("that would remove every foreground element; a script needs at "
                            "least one")
    kept = []
    for e in elements:
        if e["id"] in ids:
            continue
        if e.get("layer") == "background":
            span = foreground[foreground.index(e["start_at"]):foreground.index(e["end_at"]) + 1]
            span = [i for i in span if i not in ids]
            if not span:
                continue  # everything it covered is gone
            e["start_at"], e["end_at"] = span[0], span[-1]
        kept.append(e)
    first = next(e for e in kept if e.get("layer", "foreground") == "foreground")
    first["gap_s"] = max(0.0, first.get("gap_s", 0.0))
    data["elements"] = kept


def _sound_for(what: str) -> tuple[str, bool]:
    """(description, is_background) for a sound named in an instruction."""
    what = re.sub(r"\s+(?:sound|sounds|noise|noises|effect)$", "", what) or what
    words = tokenize(what)
    setting = next((s for s in SETTINGS if set(s.keywords) & words), None)
    cue = next((EFFECT_WORDS[w] for w in words_of(what) if w in EFFECT_WORDS), None)
    if cue is not None and (setting is None or setting.ambience is None
                            or cue in ("thunder",)):
        return CUES[cue], False
    if setting is not None and setting.ambience:
        named = not (words - set(setting.keywords) - _AMBIENT_WORDS)
        return (setting.ambience if named else what), True
    category = next((c for c in sound_categories() if c.named_in(words)), None)
    background = bool(words & _AMBIENT_WORDS) or (category is not None and category.is_ambience)
    return what, background


def _add(data: dict[str, Any], what: str, where: str, scope: str = "") -> None:
    what = _ARTICLES.sub("", what.strip())
    words = tokenize(what)
    elements = data["elements"]
    foreground = [e for e in elements if e.get("layer", "foreground") == "foreground"
                  and e["id"].startswith(scope)]
    if words & _MUSIC_WORDS:
        description = what if len(words) > 1 else music_mood(tokenize(data.get("title", "")))
        music = [e for e in elements if e["type"] == "music" and e.get("layer") == "background"
                 and e["id"].startswith(scope)]
        if music:  # one music at a time: restyle it
            music[0]["description"] = description
            return
        elements.append({"type": "music", "id": scope + _next_id(
            [e for e in elements if e["id"].startswith(scope)], "music", scope),
                         "layer": "background", "description": description,
                         "start_at": foreground[0]["id"], "end_at": foreground[-1]["id"],
                         "target_lufs": DEFAULT_MUSIC_BACKGROUND_LUFS})
        return
    description, background = _sound_for(what)
    background = background or "background" in where
    element_id = scope + _next_id([e for e in elements if e["id"].startswith(scope)],
                                  "sound_effect", scope)
    if background:
        beds = [e for e in elements if e["type"] == "sound_effect"
                and e.get("layer") == "background"]
        elements.append({"type": "sound_effect", "id": element_id, "layer": "background",
                         "description": description, "start_at": foreground[0]["id"],
                         "end_at": foreground[-1]["id"],
                         "target_lufs": DEFAULT_SFX_BACKGROUND_LUFS
                         - (SECOND_AMBIENCE_OFFSET_DB if beds else 0.0),
                         "fade_in_s": AMBIENCE_FADE_S, "fade_out_s": AMBIENCE_FADE_S})
        return
    new = {"type": "sound_effect", "id": element_id, "description": description,
           "duration_s": EFFECT_DURATION_S, "gap_s": 0.2}
    if "start" in where or "beginning" in where:
        anchor = elements.index(foreground[0])
    elif "end" in where:
        anchor = elements.index(foreground[-1]) + 1
    else:
        anchor = elements.index(foreground[len(foreground) // 2])
    if anchor == elements.index(foreground[0]):
        new["gap_s"] = 0.0
        _retarget(elements, foreground[0]["id"], element_id, "start_at")
    elif anchor > elements.index(foreground[-1]):
        _retarget(elements, foreground[-1]["id"], element_id, "end_at")
    elements.insert(anchor, new)


def _replace(data: dict[str, Any], old: str, new: str, scope: str = "") -> None:
    """Swap a sound or the music for another, keeping its place and timing."""
    new = _ARTICLES.sub("", new.strip())
    chosen = [e for e in _select(data, old, scope) if e["type"] != "speech"]
    if not chosen:
        raise PlanningError(f"{old!r} is not a sound or music in the script; "
                            f"{UNSUPPORTED_HINT}")
    for e in chosen:
        if e["type"] == "music":
            e["description"] = new if tokenize(new) & _MUSIC_WORDS else f"{new} music"
        else:
            description, _ = _sound_for(new)
            e["description"] = description


def _speed(data: dict[str, Any], target: str, direction: str, amount: str,
           scope: str = "") -> None:
    words = set(words_of(target))
    if not words or words & _ALL_SPEECH:
        chosen = [e for e in data["elements"] if e["type"] == "speech"
                  and e["id"].startswith(scope)]
    else:
        chosen = [e for e in _select(data, target, scope) if e["type"] == "speech"]
    if not chosen:
        raise PlanningError(f"no speech matches {target!r}; {UNSUPPORTED_HINT}")
    step = (SPEED_SMALL_STEP if amount in ("a bit", "a little", "slightly")
            else SPEED_BIG_STEP if amount in ("a lot", "much", "way") else SPEED_STEP)
    factor = 1 / step if direction in _SLOWER else step
    for e in chosen:
        rate = e.get("speaking_rate", 1.0) * factor
        e["speaking_rate"] = round(max(MIN_SPEAKING_RATE, min(MAX_SPEAKING_RATE, rate)), 3)


_AGE_WORDS = _words("old elderly young adult child kid little aged teenage teen")
_GENDER_SWAP = {"man": "woman", "woman": "man", "boy": "girl", "girl": "boy", "male": "female",
                "female": "male", "he": "she", "she": "he", "father": "mother",
                "mother": "father", "king": "queen", "queen": "king"}


def _revoice(data: dict[str, Any], who: str, trait: str) -> None:
    """Rewrite the character's description for the trait and let casting pick a new voice."""
    trait = re.sub(r"^a\s+", "", trait)
    for c in _characters(data, who):
        words = c.get("description", "").replace(",", " , ").split()
        plain = [w for w in words if w.lower() not in _AGE_WORDS]
        if trait in ("older", "old"):
            words = plain + [",", "old"]
        elif trait in ("younger", "young"):
            words = plain + [",", "young"]
        elif trait in ("child", "kid"):
            words = plain + [",", "a", "child"]
        elif trait in ("woman", "female", "girl", "man", "male", "boy"):
            female = trait in ("woman", "female", "girl")
            wrong = {"man", "boy", "male", "he", "father", "king"} if female else {
                "woman", "girl", "female", "she", "mother", "queen"}
            words = [_GENDER_SWAP[w] if w.lower() in wrong else w for w in words]
            words += [",", trait if trait not in ("female", "male") else
                      ("woman" if female else "man")]
        elif trait in ("deeper", "lower-pitched"):
            words = [w for w in words if w.lower() not in ("high", "bright")] + [
                ",", "deep", "voice"]
        elif trait in ("higher", "higher-pitched"):
            words = [w for w in words if w.lower() != "deep"] + [",", "high", "bright",
                                                                  "voice"]
        else:  # british, american, robot
            words += [",", trait]
        c["description"] = re.sub(r"\s+,", ",", " ".join(words)).strip(" ,").replace(",,", ",")
        c.pop("voice", None)


def _speech_seconds(data: dict[str, Any]) -> float:
    clock = SpeechClock({c["name"]: c.get("voice") for c in data.get("characters", [])},
                        data.get("language", "en"))
    total = 0.0
    for e in data["elements"]:
        if e.get("layer", "foreground") != "foreground":
            continue
        total += e.get("gap_s", 0.0)
        if e["type"] == "speech":
            total += clock.seconds(e["text"], e["character"], e.get("speaking_rate", 1.0))
        else:
            total += e.get("duration_s", 0.0)
    return total


def _resize(data: dict[str, Any], target_s: float | None, *, longer: bool,
            voices: Sequence[VoicePreset]) -> dict[str, Any]:
    current = _speech_seconds(data)
    if target_s is None:
        target_s = current * (LENGTHEN_FACTOR if longer else SHORTEN_FACTOR)
    if target_s > current:
        return _lengthen(data, target_s, voices)
    # Drop middle lines (and the effects before them) until the estimate fits.
    while _speech_seconds(data) > target_s:
        foreground = [e for e in data["elements"] if e.get("layer", "foreground") ==
                      "foreground"]
        speech = [e for e in foreground if e["type"] == "speech"]
        middle = speech[KEEP_OPENING_LINES:len(speech) - KEEP_CLOSING_LINES]
        if not middle:
            break
        victim = middle[len(middle) // 2]
        ids = {victim["id"]}
        k = foreground.index(victim)
        if k > 0 and foreground[k - 1]["type"] != "speech":
            ids.add(foreground[k - 1]["id"])
        _remove(data, ids)
    return data


def _lengthen(data: dict[str, Any], target_s: float,
              voices: Sequence[VoicePreset]) -> dict[str, Any]:
    """Re-write the piece from its title at the longer length; characters keep their names
    (the names are seeded from the prompt) and voices. Sound edits made earlier are replanned."""
    from wavjourney.planner.offline.write import write_plan

    title = data.get("title") or ""
    if not title:
        raise PlanningError("this script has no title to re-write it from; an LLM is needed "
                            f"to lengthen it; {UNSUPPORTED_HINT}")
    plan = write_plan(title, voices=voices, duration_s=target_s,
                      language=data.get("language", "en"))
    new = plan.script.model_dump(mode="json", exclude_none=True)
    old_voices = {c["name"]: c.get("voice") for c in data.get("characters", [])}
    for c in new["characters"]:
        if old_voices.get(c["name"]):
            c["voice"] = old_voices[c["name"]]
    for key in ("sample_rate_hz", "channels", "seed"):
        if key in data:
            new[key] = data[key]
    return new


def _retarget(elements: list[dict[str, Any]], old: str, new: str, field: str) -> None:
    """Background beds that began (ended) at the old edge now cover the new element too."""
    for e in elements:
        if e.get("layer") == "background" and e.get(field) == old:
            e[field] = new


def _next_id(elements: list[dict[str, Any]], kind: str, scope: str = "") -> str:
    taken = {e["id"] for e in elements}
    n = sum(1 for e in elements if e["type"] == kind) + 1
    while f"{scope}{kind}-{n}" in taken:
        n += 1
    return f"{kind}-{n}"

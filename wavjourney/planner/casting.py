"""Voice casting: every character gets a voice preset, distinct where the presets allow.

Sources, strongest first: the user's `overrides` (kept exactly, even a custom voice id),
the LLM's `casting` map and the voice already in the script (both only if they name a known
preset), a previous assignment (edits keep voices stable), then a deterministic heuristic
that scores presets against gender, age, accent and role words found in the character's
name and description ("grandpa", "old man", "girl", "news anchor", "British", "robot").

Example:
    >>> from wavjourney.tools.testing import ToneSpeechTool
    >>> from wavjourney.script import parse_script
    >>> s = parse_script({"characters": [{"name": "Grandma"}, {"name": "Old man"}],
    ...                   "elements": [{"type": "speech", "character": "Grandma", "text": "Hi"}]})
    >>> [c.voice for c in cast(s, ToneSpeechTool().voices()).characters]
    ['tone-high', 'tone-low']
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

from wavjourney.exceptions import ScriptError
from wavjourney.script import AudioScript, Character
from wavjourney.tools.base import VoicePreset

_FEMALE = {
    "woman", "women", "girl", "girls", "lady", "she", "her", "mother", "mom", "mum", "mommy",
    "grandma", "grandmother", "granny", "gran", "wife", "girlfriend", "bride", "queen",
    "princess", "daughter", "sister", "aunt", "niece", "actress", "waitress", "hostess",
    "female", "mrs", "ms", "miss", "madam", "madame", "witch", "goddess", "nun", "heroine",
    "duchess", "empress", "stewardess", "granddaughter", "sorceress", "mistress",
    # a few common first names
    "anna", "emma", "sarah", "mary", "alice", "lily", "sophie", "lucy", "julia", "maria",
    "emily", "olivia", "grace", "chloe", "mia", "zoe", "clara", "eva", "nina", "kate",
}
_MALE = {
    "man", "men", "boy", "boys", "guy", "gentleman", "he", "him", "his", "father", "dad",
    "daddy", "grandpa", "grandfather", "granddad", "grandad", "husband", "boyfriend", "groom",
    "king", "prince", "son", "brother", "uncle", "nephew", "actor", "waiter", "host", "male",
    "mr", "sir", "lord", "monk", "wizard", "god", "hero", "duke", "emperor", "steward",
    "grandson", "sorcerer", "master", "captain", "fisherman", "policeman", "fireman",
    "tom", "john", "jack", "james", "bob", "peter", "paul", "david", "mike", "max", "leo",
    "sam", "ben", "oliver", "henry", "arthur", "george", "harry", "luke", "mark",
}
_CHILD = {"child", "children", "kid", "kids", "baby", "toddler", "grandson", "granddaughter",
          "schoolboy", "schoolgirl", "infant"}
_YOUNG = {"young", "teen", "teenager", "student", "youth", "teenage", "junior"}
_ELDERLY = {"old", "elderly", "aged", "grandpa", "grandfather", "grandma", "grandmother",
            "granny", "gran", "granddad", "grandad", "senior", "ancient", "wise", "retired",
            "veteran", "elder"}
_ACCENTS = {
    "british": "british", "english": "british", "england": "british", "london": "british",
    "uk": "british", "scottish": "scottish", "scot": "scottish", "irish": "irish",
    "australian": "australian", "aussie": "australian", "american": "american",
    "us": "american", "texan": "american", "french": "french", "german": "german",
    "indian": "indian", "spanish": "spanish", "italian": "italian", "russian": "russian",
    "japanese": "japanese", "chinese": "chinese", "canadian": "canadian",
}
# role word → preset tags it favours
_ROLES: dict[str, tuple[str, ...]] = {
    "narrator": ("narrator", "storyteller", "calm"),
    "storyteller": ("narrator", "storyteller", "calm"),
    "news": ("news", "anchor", "announcer", "formal"),
    "anchor": ("news", "anchor", "announcer", "formal"),
    "newsreader": ("news", "anchor", "announcer", "formal"),
    "reporter": ("news", "reporter", "formal"),
    "journalist": ("news", "reporter"),
    "announcer": ("announcer", "news", "radio"),
    "presenter": ("announcer", "news", "radio"),
    "host": ("announcer", "radio", "host"),
    "dj": ("radio", "announcer", "energetic"),
    "robot": ("robot", "robotic", "synthetic", "ai"),
    "android": ("robot", "robotic", "synthetic"),
    "ai": ("robot", "robotic", "synthetic", "ai"),
    "computer": ("robot", "robotic", "synthetic"),
    "machine": ("robot", "robotic", "synthetic"),
    "whisper": ("whisper", "soft"),
    "whispering": ("whisper", "soft"),
    "ghost": ("whisper", "eerie"),
    "villain": ("deep", "villain", "dark"),
    "monster": ("deep", "villain", "dark"),
    "giant": ("deep",),
    "hero": ("heroic", "energetic"),
    "teacher": ("warm", "calm"),
    "doctor": ("calm", "formal"),
    "detective": ("deep", "gravelly"),
    "pirate": ("gravelly", "rough"),
}
_TOKEN = re.compile(r"[a-z]+")
_STRONG_ROLES = {"robot", "robotic", "whisper", "synthetic"}
_MILD_ROLES = {"new", "broadcast", "narration", "narrator", "announcer"}  # stems


def _stems(words: Iterable[str]) -> set[str]:
    """Plural and simple stems, so "mother" meets "mothers" and "news" meets "new"."""
    return {w[:-1] if w.endswith("s") and len(w) > 3 else w for w in words}


def cast(
    script: AudioScript,
    voices: Sequence[VoicePreset],
    overrides: Mapping[str, str] | None = None,
    *,
    casting: Mapping[str, object] | None = None,
    previous: Mapping[str, str] | None = None,
) -> AudioScript:
    """A copy of `script` with a voice on every character.

    Args:
        script: the script to cast.
        voices: the speech tool's presets, best-suited-first order is not required. When
            empty, characters keep what they have (the engine then picks distinct defaults).
        overrides: character name → voice, applied exactly (custom voice ids allowed).
        casting: character name → preset, e.g. from the LLM's reply; unknown presets are
            ignored and cast by the heuristic instead.
        previous: character name → voice from an earlier version, used before the heuristic
            so edits do not reshuffle voices.

    Raises:
        ScriptError: an override names a character the script does not have.
    """
    overrides = dict(overrides or {})
    names = [c.name for c in script.characters]
    unknown = [n for n in overrides if n not in names]
    if unknown:
        raise ScriptError(f"cannot cast {', '.join(map(repr, unknown))}: no such character; "
                          f"characters are: {', '.join(names) or 'none'}")
    if not voices:
        chars = [c.model_copy(update={"voice": overrides.get(c.name, c.voice)})
                 for c in script.characters]
        return script.model_copy(update={"characters": chars})

    known = {v.name for v in voices}
    suggested = {str(k): v for k, v in (casting or {}).items() if isinstance(v, str)}
    previous = dict(previous or {})
    chosen: dict[str, str] = dict(overrides)
    used: set[str] = set(chosen.values())
    pending: list[Character] = []
    for c in script.characters:
        if c.name in chosen:
            continue
        # The LLM's casting first, then the script's own voice, then an earlier version's.
        for candidate in (suggested.get(c.name), c.voice, previous.get(c.name)):
            if not candidate:
                continue
            is_previous = candidate == previous.get(c.name)
            if (candidate in known or is_previous) and (candidate not in used
                                                         or len(used) >= len(known)):
                chosen[c.name] = candidate
                used.add(candidate)
                break
        else:
            pending.append(c)
    # Greedy assignment, best (character, preset) fit first, so a narrator without strong
    # traits does not take the only male voice before the man in the story is cast.
    # Each (character, preset) pair is scored once: O(characters x presets), so a script of
    # hundreds of characters casts in well under a second.
    scores = [[score_voice({**character_traits(c), "language": script.language}, v)
               for v in voices] for c in pending]
    order = list(range(len(pending)))
    while order:
        free = [j for j, v in enumerate(voices) if v.name not in used]
        if not free:
            break
        _, _, _, k, j = max(((scores[k][j], -k, -j, k, j) for k in order for j in free),
                            key=lambda t: t[:3])
        chosen[pending[k].name] = voices[j].name
        used.add(voices[j].name)
        order.remove(k)
    # Every preset is taken: the rest share presets, each character its best fit.
    for k in order:
        _, _, best = max((scores[k][j], -j, j) for j in range(len(voices)))
        chosen[pending[k].name] = voices[best].name
    chars = [c.model_copy(update={"voice": chosen[c.name]}) for c in script.characters]
    return script.model_copy(update={"characters": chars})


def best_voice(character: Character, voices: Sequence[VoicePreset],
               used: Iterable[str] = ()) -> str:
    """The preset that fits `character` best, preferring presets not in `used`."""
    used = set(used)
    traits = character_traits(character)
    fresh = [v for v in voices if v.name not in used] or list(voices)
    # max() keeps the first of equal scores: ties go to the registry's own order.
    return max(fresh, key=lambda v: score_voice(traits, v)).name


def character_traits(character: Character) -> dict[str, object]:
    """Gender, age, accent and role tags read from a character's name and description."""
    words = _TOKEN.findall(f"{character.name} {character.description}".lower())
    wordset = set(words)
    female = len(wordset & _FEMALE)
    male = len(wordset & _MALE)
    gender = "female" if female > male else "male" if male > female else None
    little = {b for a, b in zip(words, words[1:], strict=False) if a == "little"}
    if wordset & _ELDERLY:
        age = "elderly"
    elif wordset & _CHILD or little & {"girl", "boy", "one", "brother", "sister"}:
        age = "child"
    elif wordset & _YOUNG or wordset & {"boy", "girl"}:
        age = "young"
    else:
        age = None
    accent = next((_ACCENTS[w] for w in words if w in _ACCENTS), None)
    tags: set[str] = set()
    for w in words:
        tags.update(_ROLES.get(w, ()))
    return {"gender": gender, "age": age, "accent": accent, "tags": tags, "words": wordset}


def accent_asked(traits: Mapping[str, object], voice: VoicePreset) -> bool:
    return bool(traits.get("accent")) and traits.get("accent") == voice.accent


def score_voice(traits: Mapping[str, object], voice: VoicePreset) -> float:
    """How well a preset fits a character's traits (higher is better)."""
    score = 0.0
    language = traits.get("language")
    if language and voice.language.split("-")[0] != str(language).split("-")[0]:
        # A voice for another language reads English with a strong accent: only on request.
        score -= 1 if accent_asked(traits, voice) else 4
    gender = traits.get("gender")
    if gender:
        if voice.gender == gender:
            score += 4
        elif voice.gender == "neutral":
            score += 1
        else:
            score -= 4
    age = traits.get("age")
    ages = ("child", "young", "adult", "elderly")
    if age:
        distance = abs(ages.index(str(age)) - ages.index(voice.age))
        score += 3 - 2 * distance
    elif voice.age == "child":
        score -= 2  # an unremarkable character is an adult
    accent = traits.get("accent")
    if accent:
        score += 3 if voice.accent == accent else -0.5
    voice_words = _stems(set(voice.tags) | set(_TOKEN.findall(voice.description.lower())))
    tags = traits.get("tags") or set()
    assert isinstance(tags, set)
    score += 2 * len(_stems(tags) & voice_words)
    # Words of the character's name and description the preset mentions ("mother" →
    # "mothers, coworkers"): a small nudge among otherwise equal presets.
    words = traits.get("words") or set()
    assert isinstance(words, set)
    score += 0.5 * len(_stems({w for w in words if len(w) >= 4}) & voice_words)
    # Role-specific presets only for characters that ask for them.
    voice_tags = _stems(set(voice.tags))
    asked = _stems(tags)
    if _STRONG_ROLES & voice_tags and not _STRONG_ROLES & asked:
        score -= 5
    if _MILD_ROLES & voice_tags and not _MILD_ROLES & asked:
        score -= 1
    return score

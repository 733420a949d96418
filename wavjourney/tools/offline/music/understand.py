"""Description -> `MusicSpec`: genre, mood, tempo, key, instrumentation and energy.

Explicit requests win: "at 90 bpm", "in D minor", "D minor", "C# major", "in E flat major",
"key of F#m". Everything else is inferred from weighted keywords (with a fuzzy fallback for
misspellings); an unknown description gets the default style and a warning, never silence.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

import numpy as np

from wavjourney.tools.offline.music.styles import DEFAULT_STYLE, STYLES, GenreStyle
from wavjourney.tools.offline.music.theory import Key, Mode

MIN_TEMPO_BPM = 40.0
MAX_TEMPO_BPM = 220.0
DEFAULT_TEMPO_SPREAD = 0.03  # default tempi vary by up to ±3 % with the seed
FUZZY_CUTOFF = 0.84  # difflib ratio for a misspelt keyword to count (at half weight)
FUZZY_WEIGHT = 0.5
FULL_MATCH_SCORE = 4.0  # keyword weight that counts as a perfect match
FALLBACK_MATCH_SCORE = 0.15

_LETTER_PC = {"c": 0, "d": 2, "e": 4, "f": 5, "g": 7, "a": 9, "b": 11}
_ACCIDENTAL = {"#": 1, "♯": 1, "sharp": 1, "b": -1, "♭": -1, "flat": -1, "": 0}
_MODE_WORDS = {"major": "major", "maj": "major", "minor": "minor", "min": "minor",
               "m": "minor"}
_ACC = r"(?:\s*-?\s*(sharp|flat)\b|(#|♯|♭|b(?![a-ln-z])))?"
# "in D minor", "in e flat major", "key of F#m", "in Bb": the letter may be lower case.
_KEY_AFTER_IN = re.compile(
    r"\b(?:in|key of|key)\s+([a-g])" + _ACC + r"(?:\s*(major|minor|maj|min|m)\b)?",
    re.IGNORECASE)
# "D minor", "C# major", "F sharp minor" anywhere: the letter must be a capital.
_KEY_BARE = re.compile(r"\b([A-G])" + _ACC + r"\s*(major|minor|maj|min)\b")
_MODE_ONLY = re.compile(r"\b(major|minor)(?:\s+key|\s+mode|\s+tonality)\b", re.IGNORECASE)
_TEMPO = re.compile(r"(\d{2,3}(?:\.\d+)?)\s*(?:bpm|beats per minute|beats/min|b\.p\.m\.?)",
                    re.IGNORECASE)

MOOD_WORDS: dict[str, tuple[str, ...]] = {
    "happy": ("happy", "cheerful", "joyful", "sunny", "bright", "fun", "positive", "glad"),
    "uplifting": ("uplifting", "inspiring", "inspirational", "optimistic", "hopeful",
                  "motivational", "triumphant"),
    "sad": ("sad", "melancholic", "melancholy", "sorrowful", "mournful", "tragic", "grief",
            "somber", "sombre", "lonely", "heartbroken", "depressing"),
    "tense": ("tense", "tension", "suspense", "suspenseful", "anxious", "nervous", "uneasy",
              "unsettling", "scary", "creepy", "eerie", "horror"),
    "dark": ("dark", "ominous", "sinister", "menacing", "brooding", "gloomy", "evil"),
    "calm": ("calm", "peaceful", "relaxing", "relaxed", "gentle", "soothing", "tranquil",
             "serene", "quiet", "mellow"),
    "energetic": ("energetic", "upbeat", "driving", "exciting", "fast", "lively", "intense",
                  "pumping", "hype"),
    "epic": ("epic", "heroic", "battle", "majestic", "grand", "powerful", "legendary"),
    "playful": ("playful", "whimsical", "quirky", "silly", "funny", "bouncy", "cheeky",
                "mischievous", "goofy"),
    "romantic": ("romantic", "love", "tender", "sweet", "affectionate"),
    "mysterious": ("mysterious", "mystery", "enigmatic", "curious", "magical", "secret"),
    "dreamy": ("dreamy", "ethereal", "floating", "hazy", "nostalgic", "wistful"),
    "chill": ("chill", "laid back", "laid-back", "lazy", "cozy", "cosy"),
}
MINOR_MOODS = {"sad", "tense", "dark", "mysterious"}
MAJOR_MOODS = {"happy", "uplifting", "playful", "romantic"}
MOOD_TEMPO_FACTOR = {"calm": 0.92, "sad": 0.92, "dreamy": 0.94, "chill": 0.96,
                     "energetic": 1.08, "epic": 1.04, "happy": 1.04, "playful": 1.04}
MOOD_ENERGY_SHIFT = {"calm": -0.2, "sad": -0.15, "dreamy": -0.2, "chill": -0.1,
                     "energetic": 0.2, "epic": 0.2, "tense": 0.05, "happy": 0.1,
                     "uplifting": 0.1}
LOW_ENERGY_WORDS = ("soft", "gentle", "quiet", "subtle", "minimal", "slow", "mellow", "light",
                    "background", "understated", "sparse", "delicate")
HIGH_ENERGY_WORDS = ("loud", "big", "intense", "powerful", "driving", "fast", "huge",
                     "aggressive", "frantic", "energetic", "upbeat", "massive")
SLOW_WORDS = ("slow", "slowly", "lazy", "languid", "unhurried")
FAST_WORDS = ("fast", "quick", "rapid", "frantic", "racing", "speedy")
SLOW_TEMPO_FACTOR = 0.85
FAST_TEMPO_FACTOR = 1.15
NO_DRUM_PHRASES = ("no drums", "without drums", "drumless", "no percussion",
                   "without percussion", "beatless", "no beat")

# Instrument words -> (role, instrument) they put in front.
INSTRUMENT_WORDS: dict[str, tuple[str, str]] = {
    "piano": ("lead", "piano"),
    "rhodes": ("chords", "electric piano"),
    "electric piano": ("chords", "electric piano"),
    "guitar": ("chords", "acoustic guitar"),
    "acoustic guitar": ("chords", "acoustic guitar"),
    "electric guitar": ("chords", "electric guitar"),
    "violin": ("lead", "strings"),
    "strings": ("pad", "strings"),
    "cello": ("lead", "strings"),
    "synth": ("lead", "synth lead"),
    "bells": ("lead", "bells"),
    "bell": ("lead", "bells"),
    "glockenspiel": ("lead", "glockenspiel"),
    "music box": ("lead", "celesta"),
    "celesta": ("lead", "celesta"),
    "vibraphone": ("lead", "vibraphone"),
    "vibes": ("lead", "vibraphone"),
    "brass": ("lead", "brass"),
    "horns": ("lead", "french horns"),
    "french horn": ("lead", "french horns"),
    "trombone": ("lead", "brass"),
    "trumpet": ("lead", "brass"),
    "choir": ("pad", "choir"),
    "flute": ("lead", "flute"),
    "clarinet": ("lead", "clarinet"),
    "whistle": ("lead", "whistle"),
    "whistling": ("lead", "whistle"),
    "pad": ("pad", "synth pad"),
    "pizzicato": ("chords", "pizzicato strings"),
}


@dataclass(frozen=True)
class MusicSpec:
    """What to play, as understood from a description.

    Args:
        genre: a key of `styles.STYLES`.
        mood: the mood word it was matched to.
        tempo_bpm: beats per minute.
        key: tonic and mode.
        energy: 0-1.
        instrument_overrides: role -> instrument swaps asked for in the description.
        drums: False when the description asked for no drums.
        tempo_explicit: the description gave a BPM (loops keep it exactly).
        key_explicit: the description gave a key.
        match_score: 0-1, how confidently the description was understood.
        warnings: things the user should know (unknown words, clamped tempo, ...).
    """

    genre: str
    mood: str
    tempo_bpm: float
    key: Key
    energy: float
    instrument_overrides: dict[str, str] = field(default_factory=dict)
    drums: bool = True
    tempo_explicit: bool = False
    key_explicit: bool = False
    match_score: float = 1.0
    warnings: tuple[str, ...] = ()

    @property
    def style(self) -> GenreStyle:
        return STYLES[self.genre]


def _normalise(text: str) -> str:
    text = text.lower().replace("-", " ").replace("_", " ")
    return " " + re.sub(r"[^\w#♯♭'\s]", " ", text) + " "


def _has_phrase(padded: str, phrase: str) -> bool:
    return re.search(r"(?<![\w])" + re.escape(phrase) + r"(?![\w])", padded) is not None


def _similar(token: str, word: str) -> bool:
    matcher = difflib.SequenceMatcher(None, token, word)
    return (matcher.real_quick_ratio() >= FUZZY_CUTOFF and matcher.quick_ratio() >= FUZZY_CUTOFF
            and matcher.ratio() >= FUZZY_CUTOFF)


def score_genres(description: str) -> dict[str, float]:
    """Keyword score of every style (exact words and phrases; misspellings at half weight)."""
    padded = _normalise(description)
    tokens = set(padded.split())
    scores: dict[str, float] = {}
    for name, style in STYLES.items():
        total = 0.0
        for word, weight in style.keywords:
            if _has_phrase(padded, word):
                total += weight
            elif " " not in word and len(word) >= 4:
                close = [t for t in tokens if len(t) >= 4 and _similar(t, word)]
                if close:
                    total += FUZZY_WEIGHT * weight
        scores[name] = total
    return scores


def parse_tempo(description: str) -> float | None:
    """An explicit tempo ("90 bpm"), or None."""
    match = _TEMPO.search(description)
    return float(match.group(1)) if match else None


ParsedKey = tuple[int | None, Mode | None, bool | None]


def _key_from_match(letter: str, sharp_flat_word: str | None, sign: str | None,
                    mode_word: str | None) -> ParsedKey:
    pc = _LETTER_PC[letter.lower()]
    accidental = (sharp_flat_word or sign or "").lower()
    shift = _ACCIDENTAL[accidental]
    mode = _MODE_WORDS.get((mode_word or "").lower()) if mode_word else None
    sharp = {1: True, -1: False}.get(shift)
    return (pc + shift) % 12, mode, sharp  # type: ignore[return-value]


def parse_key(description: str) -> ParsedKey:
    """An explicit tonic pitch class, mode and spelling (sharp / flat), each None if not given.

    ``"in a minor key"`` and ``"in a cafe"`` are not keys: the article *a* only counts as the
    note A when written as a capital or directly followed by major / minor without "key".
    """
    for match in _KEY_BARE.finditer(description):
        letter, word, sign, mode_word = match.groups()
        return _key_from_match(letter, word, sign, mode_word)
    for match in _KEY_AFTER_IN.finditer(description):
        letter, word, sign, mode_word = match.groups()
        tail = description[match.end():match.end() + 12].lower()
        if letter == "a" and not (word or sign) and (
                not mode_word or tail.lstrip().startswith(("key", "mode", "tonality"))):
            continue
        if letter == "b" and not mode_word and not word and not sign:
            continue  # "in b..." without a mode is too ambiguous
        if not (mode_word or word or sign) and letter.islower():
            continue  # "in e" alone: not convincing enough
        return _key_from_match(letter, word, sign, mode_word)
    mode_match = _MODE_ONLY.search(description)
    if mode_match:
        return None, mode_match.group(1).lower(), None  # type: ignore[return-value]
    return None, None, None


def parse_mood(description: str) -> str | None:
    """The first mood word found (by position in the text), or None."""
    padded = _normalise(description)
    best: tuple[int, str] | None = None
    for mood, words in MOOD_WORDS.items():
        for word in words:
            m = re.search(r"(?<![\w])" + re.escape(word.replace("-", " ")) + r"(?![\w])",
                          padded)
            if m and (best is None or m.start() < best[0]):
                best = (m.start(), mood)
    return best[1] if best else None


def understand(description: str, rng: np.random.Generator) -> MusicSpec:
    """Turn a free-text music description into a `MusicSpec`.

    Args:
        description: e.g. ``"soft jazz in a cafe at 96 bpm in F major"``.
        rng: used for the choices the description leaves open (key, exact default tempo).

    Example:
        >>> spec = understand("sad strings in D minor", np.random.default_rng(0))
        >>> spec.genre, spec.key.name
        ('sad strings', 'D minor')
    """
    warnings: list[str] = []
    padded = _normalise(description)
    scores = score_genres(description)
    best_genre = max(scores, key=lambda g: (scores[g], g == DEFAULT_STYLE))
    mood = parse_mood(description)
    if scores[best_genre] <= 0:
        genre = _genre_for_mood(mood) if mood else DEFAULT_STYLE
        match_score = 0.35 if mood else FALLBACK_MATCH_SCORE
        shown = description.strip() or "(empty)"
        warnings.append(f"music description {shown!r} names no genre this tool knows; "
                        f"playing the nearest one, {genre!r}"
                        + (f" (from the mood {mood!r})" if mood else ""))
    else:
        genre = best_genre
        match_score = min(1.0, scores[genre] / FULL_MATCH_SCORE)
        match_score = max(match_score, 0.4)
    style = STYLES[genre]
    mood = mood or style.mood

    tonic, mode, sharp = parse_key(description)
    key_explicit = tonic is not None
    if mode is None:
        mode = ("minor" if mood in MINOR_MOODS else "major" if mood in MAJOR_MOODS
                else style.mode)
        if style.name == "horror":
            mode = "minor"
    if tonic is None:
        tonic = int(rng.choice(style.tonics))
    key = Key(tonic, mode, sharp)

    explicit_bpm = parse_tempo(description)
    if explicit_bpm is not None:
        tempo = float(np.clip(explicit_bpm, MIN_TEMPO_BPM, MAX_TEMPO_BPM))
        if tempo != explicit_bpm:
            warnings.append(f"tempo {explicit_bpm:g} bpm is outside {MIN_TEMPO_BPM:g}-"
                            f"{MAX_TEMPO_BPM:g} bpm; using {tempo:g} bpm")
    else:
        tempo = style.tempo_bpm * MOOD_TEMPO_FACTOR.get(mood, 1.0)
        if any(_has_phrase(padded, w) for w in SLOW_WORDS):
            tempo *= SLOW_TEMPO_FACTOR
        if any(_has_phrase(padded, w) for w in FAST_WORDS):
            tempo *= FAST_TEMPO_FACTOR
        tempo *= 1.0 + DEFAULT_TEMPO_SPREAD * (2.0 * rng.random() - 1.0)
        tempo = float(round(np.clip(tempo, MIN_TEMPO_BPM, MAX_TEMPO_BPM)))

    energy = style.energy + MOOD_ENERGY_SHIFT.get(mood, 0.0) if mood != style.mood else \
        style.energy
    energy += 0.15 * sum(_has_phrase(padded, w) for w in HIGH_ENERGY_WORDS)
    energy -= 0.15 * sum(_has_phrase(padded, w) for w in LOW_ENERGY_WORDS)
    energy = float(np.clip(energy, 0.05, 1.0))

    overrides: dict[str, str] = {}
    for word, (role, instrument) in sorted(INSTRUMENT_WORDS.items(), key=lambda kv: -len(kv[0])):
        if role in overrides or not _has_phrase(padded, word):
            continue
        if any(p.instrument == instrument for p in style.parts):
            continue  # the style already has it
        overrides[role] = instrument
    drums = not any(_has_phrase(padded, p) for p in NO_DRUM_PHRASES)
    if not drums and not style.rhythmic:
        drums = True  # nothing to remove
    return MusicSpec(genre=genre, mood=mood, tempo_bpm=tempo, key=key, energy=energy,
                     instrument_overrides=overrides, drums=drums,
                     tempo_explicit=explicit_bpm is not None, key_explicit=key_explicit,
                     match_score=round(float(match_score), 3), warnings=tuple(warnings))


_MOOD_GENRE = {"happy": "acoustic", "uplifting": "newsroom", "sad": "sad strings",
               "tense": "horror", "dark": "horror", "calm": "solo piano",
               "energetic": "electronic", "epic": "epic", "playful": "cartoon",
               "romantic": "romantic", "mysterious": "mysterious", "dreamy": "ambient",
               "chill": "lofi"}


def _genre_for_mood(mood: str) -> str:
    return _MOOD_GENRE.get(mood, DEFAULT_STYLE)

"""Free text -> (category, modifiers, score).

Scoring: every category has weighted words and phrases (`core.terms`). The description is
lower-cased, accent-folded, tokenised and stemmed (-ing, -s, -es, -ed, -ies, doubled final
consonant, final e), so "dripping"/"drips"/"drip" meet. A phrase found in the token sequence
counts more than a word. Unknown words get one fuzzy chance (edit distance with
transpositions, ties broken by ``difflib``) against the whole
vocabulary, so typos like "thuner" still land, at a discount and with a warning. A description
that matches nothing falls back to a neutral bed (room tone indoors, wind outdoors) with a low
score and a warning; it is never silence.

Example:
    >>> match("distant thunder over the hills")
    SfxMatch(category='thunder', modifiers=('far',), score=..., warnings=())
"""

from __future__ import annotations

import difflib
import itertools
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from wavjourney.tools.offline.sfx.registry import (
    CATALOGUE,
    FALLBACK_INDOOR,
    FALLBACK_OUTDOOR,
    FALLBACK_TEXTURES,
)

# Typos: edit-distance similarity needed to read an unknown word as a known one.
FUZZY_CUTOFF = 0.7
MAX_FUZZY_LENGTH_GAP = 2
MIN_FUZZY_STEM_LEN = 3
MIN_MODIFIER_FUZZY_LEN = 5
FUZZY_DISCOUNT = 0.7
FALLBACK_FUZZY_CUTOFF = 0.6
FALLBACK_MAX_SCORE = 0.2
# Raw score at which confidence reaches one half: one weak word is a coin toss.
HALF_CONFIDENCE_RAW = 0.35
# Share of confidence that depends on how many content words were explained.
COVERAGE_SHARE = 0.4
MIN_FUZZY_TOKEN_LEN = 4
WEAK_MATCH_SCORE = 0.5

STOPWORDS = frozenset(
    "a an the of in on at to into onto with and or from by for some someone somebody is are "
    "was were be being been it its as while then very sound sounds noise noises effect effects "
    "sfx that this these those there their over across through up down out off one two three "
    "few several lots lot many gets get getting like just".split()
)

# Canonical modifier -> words and phrases that mean it.
MODIFIER_TERMS: dict[str, tuple[str, ...]] = {
    "quiet": (
        "quiet",
        "quietly",
        "soft",
        "softly",
        "gentle",
        "gently",
        "faint",
        "subtle",
        "calm",
        "hushed",
        "peaceful",
    ),
    "loud": (
        "loud",
        "loudly",
        "booming",
        "intense",
        "powerful",
        "deafening",
        "strong",
        "violent",
        "noisy",
    ),
    "far": (
        "distant",
        "far",
        "faraway",
        "remote",
        "in the distance",
        "far away",
        "far off",
        "from afar",
        "in the background",
    ),
    "close": ("close", "near", "nearby", "closeup", "up close", "close up", "right next to"),
    "indoor": (
        "indoor",
        "indoors",
        "inside",
        "interior",
        "room",
        "hallway",
        "corridor",
        "house",
        "apartment",
        "office",
        "kitchen",
        "bedroom",
        "cabin",
        "hall",
    ),
    "outdoor": ("outdoor", "outdoors", "outside", "open air", "in the open"),
    "muffled": (
        "muffled",
        "muted",
        "through the wall",
        "through a wall",
        "next door",
        "behind a door",
        "behind the door",
        "underwater",
    ),
    "heavy": ("heavy", "heavily", "torrential", "downpour", "hard", "pouring rain", "thick"),
    "light": ("light", "lightly", "drizzle", "drizzling", "sprinkle", "sparse"),
    "fast": (
        "fast",
        "quick",
        "quickly",
        "rapid",
        "rapidly",
        "hurried",
        "running",
        "frantic",
        "urgent",
        "automatic",
        "double",
        "burst",
        "machine gun",
        "yelp",
    ),
    "slow": ("slow", "slowly", "lazy", "leisurely", "trotting", "trot"),
    "small": ("small", "little", "tiny", "toy", "puppy", "kitten", "handbell"),
    "large": (
        "large",
        "big",
        "huge",
        "giant",
        "massive",
        "enormous",
        "grandfather",
        "deep",
        "river",
        "stadium",
        "air raid",
    ),
    "wood": ("wood", "wooden", "floorboard", "floorboards", "hardwood", "parquet", "plank", "deck"),
    "concrete": (
        "concrete",
        "pavement",
        "sidewalk",
        "stone",
        "tile",
        "tiled",
        "marble",
        "asphalt",
        "cobblestone",
        "cobblestones",
        "stairwell",
    ),
    "gravel": ("gravel", "pebble", "pebbles", "dirt path", "gravel path"),
    "snow": ("snow", "snowy", "frozen"),
    "grass": ("grass", "grassy", "lawn", "leaves", "forest floor", "meadow"),
    "metal": ("metal", "metallic", "steel", "tin", "iron", "grate", "corrugated"),
    "roof": ("roof", "rooftop", "tent"),
    "window": ("window", "windows", "windowpane", "windshield"),
    "electronic": ("electronic", "digital", "cellphone", "mobile", "smartphone", "cell"),
    "old": ("old", "vintage", "antique", "rotary", "retro"),
}
# Mutually exclusive modifiers: when both are said, the later word wins.
OPPOSITES = (
    ("quiet", "loud"),
    ("far", "close"),
    ("indoor", "outdoor"),
    ("heavy", "light"),
    ("fast", "slow"),
    ("small", "large"),
)


@dataclass(frozen=True)
class SfxMatch:
    """What the matcher understood.

    Args:
        category: catalogue name.
        modifiers: canonical modifiers in the order they were said.
        score: confidence in [0, 1]; below ~0.3 means a guess.
        warnings: human-readable notes (typos corrected, fallback used).
    """

    category: str
    modifiers: tuple[str, ...]
    score: float
    warnings: tuple[str, ...] = ()


def stem(word: str) -> str:
    """A tiny suffix stripper; applied alike to descriptions and vocabulary."""
    w = word
    if len(w) > 4 and w.endswith("ies"):
        w = w[:-3] + "y"
    elif len(w) > 5 and w.endswith("ing"):
        w = w[:-3]
    elif len(w) > 4 and w.endswith("ed"):
        w = w[:-2]
    elif len(w) > 4 and w.endswith(("ches", "shes", "sses", "xes", "zes")):
        w = w[:-2]
    elif len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "lsz":
        w = w[:-1]
    if len(w) > 3 and w.endswith("e"):
        w = w[:-1]
    return w


def tokenize(text: str) -> list[str]:
    """Lower-case, fold accents ("café" -> "cafe"), split on non-letters."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.findall(r"[a-z]+", folded.lower())


def _stem_phrase(phrase: str) -> tuple[str, ...]:
    return tuple(stem(t) for t in tokenize(phrase))


@dataclass(frozen=True)
class _Vocabulary:
    # stemmed word -> {category: weight}
    words: dict[str, dict[str, float]]
    # stemmed phrase tokens -> {category: weight}
    phrases: dict[tuple[str, ...], dict[str, float]]
    modifier_words: dict[str, str]
    modifier_phrases: dict[tuple[str, ...], str]


@lru_cache(maxsize=1)
def _vocabulary() -> _Vocabulary:
    words: dict[str, dict[str, float]] = {}
    phrases: dict[tuple[str, ...], dict[str, float]] = {}
    for name, cat in CATALOGUE.items():
        for term, weight in cat.terms.items():
            key = _stem_phrase(term)
            table = words if len(key) == 1 else phrases
            k = key[0] if len(key) == 1 else key
            slot = table.setdefault(k, {})
            slot[name] = max(slot.get(name, 0.0), weight)
    mod_words: dict[str, str] = {}
    mod_phrases: dict[tuple[str, ...], str] = {}
    for canonical, spellings in MODIFIER_TERMS.items():
        for spelling in spellings:
            key = _stem_phrase(spelling)
            if len(key) == 1:
                mod_words.setdefault(key[0], canonical)
            else:
                mod_phrases.setdefault(key, canonical)
    return _Vocabulary(words, phrases, mod_words, mod_phrases)


def _find(seq: list[str], phrase: tuple[str, ...]) -> int:
    """Index of the first occurrence of `phrase` in `seq`, or -1."""
    k = len(phrase)
    for i in range(len(seq) - k + 1):
        if tuple(seq[i : i + k]) == phrase:
            return i
    return -1


def _resolve_modifiers(found: list[tuple[int, str]]) -> tuple[str, ...]:
    order: dict[str, int] = {}
    for pos, mod in sorted(found):
        order[mod] = pos  # keep the last position of each
    for a, b in OPPOSITES:
        if a in order and b in order:
            del order[a if order[a] < order[b] else b]
    return tuple(sorted(order, key=order.__getitem__))


def match(description: str) -> SfxMatch:
    """Map a free-text sound description to a catalogue category and modifiers.

    Args:
        description: e.g. ``"heavy rain on a tin roof"`` or ``"a dog barking in the distance"``.

    Returns:
        `SfxMatch`; never fails: an unknown description gets a fallback bed and a warning.
    """
    vocab = _vocabulary()
    tokens = [stem(t) for t in tokenize(description)]
    content = [(i, t) for i, t in enumerate(tokens) if t not in STOPWORDS]
    scores: dict[str, float] = {}
    explained: set[int] = set()
    found_mods: list[tuple[int, str]] = []
    warnings: list[str] = []

    for phrase, cats in vocab.phrases.items():
        at = _find(tokens, phrase)
        if at >= 0:
            explained.update(range(at, at + len(phrase)))
            for cat, weight in cats.items():
                scores[cat] = scores.get(cat, 0.0) + weight
    for phrase, mod in vocab.modifier_phrases.items():
        at = _find(tokens, phrase)
        if at >= 0:
            explained.update(range(at, at + len(phrase)))
            found_mods.append((at, mod))

    seen_words: set[str] = set()
    unknown: list[tuple[int, str]] = []
    for i, tok in content:
        hit = False
        if tok in vocab.modifier_words:
            found_mods.append((i, vocab.modifier_words[tok]))
            hit = True
        if tok in vocab.words:
            hit = True
            if tok not in seen_words:
                seen_words.add(tok)
                for cat, weight in vocab.words[tok].items():
                    scores[cat] = scores.get(cat, 0.0) + weight
        if hit:
            explained.add(i)
        elif i not in explained:
            unknown.append((i, tok))

    raw_tokens = tokenize(description)
    for i, tok in unknown:
        if len(raw_tokens[i]) < MIN_FUZZY_TOKEN_LEN or len(tok) < MIN_FUZZY_STEM_LEN:
            continue
        guess = _closest(tok, vocab)
        if guess is None:
            continue
        ratio = similarity(tok, guess)
        explained.add(i)
        warnings.append(f"read {tok!r} as {guess!r} (fuzzy match {ratio:.2f})")
        if guess in vocab.modifier_words:
            found_mods.append((i, vocab.modifier_words[guess]))
        for cat, weight in vocab.words.get(guess, {}).items():
            scores[cat] = scores.get(cat, 0.0) + weight * ratio * FUZZY_DISCOUNT

    modifiers = _resolve_modifiers(found_mods)
    if not scores or max(scores.values()) <= 0.0:
        return _fallback(description, content, modifiers, warnings)

    best_raw = max(scores.values())
    category = next(name for name in CATALOGUE if scores.get(name, 0.0) == best_raw)
    n_content = max(1, len(content))
    coverage = len([i for i, _ in content if i in explained]) / n_content
    confidence = best_raw / (best_raw + HALF_CONFIDENCE_RAW)
    score = confidence * (1.0 - COVERAGE_SHARE + COVERAGE_SHARE * coverage)
    if score < WEAK_MATCH_SCORE:
        warnings.append(f"weak match for {description!r}: using {category!r} (score {score:.2f})")
    return SfxMatch(category, modifiers, round(float(score), 3), tuple(warnings))


def edit_distance(a: str, b: str) -> int:
    """Optimal-string-alignment distance: insertions, deletions, substitutions and adjacent
    transpositions ("rian" -> "rain" is one edit) each cost one."""
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        prev2, prev = prev, cur
    return prev[len(b)]


def similarity(a: str, b: str) -> float:
    """1 - edit distance / longer length, in [0, 1]."""
    return 1.0 - edit_distance(a, b) / max(len(a), len(b), 1)


def _closest(token: str, vocab: _Vocabulary, cutoff: float = FUZZY_CUTOFF) -> str | None:
    """The vocabulary word (category term or modifier) nearest to a typo, if near enough.
    Ties go to the spelling difflib finds closer, then to the heavier term."""
    best: tuple[float, float, float, str] | None = None
    # Short stems are one edit from many words: only try them against sound names.
    pool = (
        vocab.words
        if len(token) < MIN_MODIFIER_FUZZY_LEN
        else itertools.chain(vocab.words, vocab.modifier_words)
    )
    for word in pool:
        if abs(len(word) - len(token)) > MAX_FUZZY_LENGTH_GAP:
            continue
        sim = similarity(token, word)
        if sim < cutoff:
            continue
        weight = max(vocab.words.get(word, {"": 0.5}).values())
        key = (sim, difflib.SequenceMatcher(None, token, word).ratio(), weight, word)
        if best is None or key > best:
            best = key
    return None if best is None else best[3]


def _fallback(
    description: str,
    content: list[tuple[int, str]],
    modifiers: tuple[str, ...],
    warnings: list[str],
) -> SfxMatch:
    """Nothing matched: among a few neutral beds pick the one whose vocabulary is closest by
    loose fuzzy similarity; with nothing close, room tone (or wind when outdoors)."""
    vocab = _vocabulary()
    best_cat, best_ratio = None, 0.0
    for _, tok in content:
        if len(tok) < MIN_FUZZY_STEM_LEN:
            continue
        for word, cats in vocab.words.items():
            for cat in cats:
                if cat not in FALLBACK_TEXTURES:
                    continue
                ratio = difflib.SequenceMatcher(None, tok, word).ratio()
                if ratio >= FALLBACK_FUZZY_CUTOFF and ratio > best_ratio:
                    best_cat, best_ratio = cat, ratio
    if best_cat is None:
        best_cat = FALLBACK_OUTDOOR if "outdoor" in modifiers else FALLBACK_INDOOR
    score = round(FALLBACK_MAX_SCORE * best_ratio, 3)
    warnings.append(
        f"no sound category matches {description!r}; using the neutral texture "
        f"{best_cat!r} instead (score {score:.2f})"
    )
    return SfxMatch(best_cat, modifiers, score, tuple(warnings))

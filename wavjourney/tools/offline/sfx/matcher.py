"""Free text -> (category, modifiers, score).

Scoring: every category has weighted words and phrases (`core.terms`). The description is
lower-cased, accent-folded, tokenised and stemmed (-ing, -s, -es, -ed, -ies, doubled final
consonant, final e), so "dripping"/"drips"/"drip" meet. A phrase found in the token sequence
counts more than a word, and words named together anywhere ("a door ... with a bell") more
than either alone. Only a token that is no ordinary English word (see `english`) gets a fuzzy
chance: edit distance with transpositions against the vocabulary's spellings and stems, at a
similarity of at least 0.85 (in practice one edit in a word of seven letters or more) or one
swap of adjacent letters ("rian"), so typos like "thuner" land, at a discount and with a
warning, while "ship", "static" or "placed" are left alone. A warning means the matcher
guessed: a typo read as a word, a weak match, or a fallback. A description that matches
nothing falls back to a neutral bed (room tone indoors, wind outdoors) with a low score and a
warning; it is never silence.

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

from wavjourney.tools.offline.sfx.core import STRONG_WEIGHT, TOGETHER_SEP
from wavjourney.tools.offline.sfx.english import COMMON_WORDS
from wavjourney.tools.offline.sfx.registry import (
    CATALOGUE,
    FALLBACK_INDOOR,
    FALLBACK_OUTDOOR,
    FALLBACK_TEXTURES,
)

# Typos: edit-distance similarity needed to read an unknown word as a known one.
FUZZY_CUTOFF = 0.85
MIN_FUZZY_STEM_LEN = 3
FUZZY_DISCOUNT = 0.7
FALLBACK_FUZZY_CUTOFF = 0.6
FALLBACK_MAX_SCORE = 0.2
# Raw score at which confidence reaches one half: one weak word is a coin toss.
HALF_CONFIDENCE_RAW = 0.35
# Share of confidence that depends on how many content words were explained.
COVERAGE_SHARE = 0.4
# Shortest token (as written) that may be read as a typo; one a letter shorter still may when
# it is a single swap of adjacent letters of a known word ("rian" -> "rain").
MIN_FUZZY_TOKEN_LEN = 5
MIN_TRANSPOSITION_TOKEN_LEN = 4
# From this length the similarity cutoff allows two edits (below it, one).
LONG_WORD_LEN = 14
# Endings that make a word from another ("gentle" -> "gentler", "smooth" -> "smoothly").
DERIVED_SUFFIXES = ("er", "est", "ly", "ily", "ness", "ful", "less", "y")
WEAK_MATCH_SCORE = 0.5

# Words (stemmed) with more than one sense, whose sound depends on what does it: a person
# running (footsteps) or a vacuum cleaner running; an engine revving (a car's) or a
# motorcycle's; a doorbell's ding or an elevator's. When the description names a sound by
# another word, such a word only supports the sounds so named, and its modifier ("running":
# fast) only applies to them; alone, it keeps its usual reading, with a warning.
CONTEXT_WORDS = frozenset("run blow whistl hum buzz ding ring rev engin motor roar idl".split())

STOPWORDS = frozenset(
    "a an the of in on at to into onto with and or from by for some someone somebody is are "
    "was were be being been it its as while then very sound sounds noise noises effect effects "
    "sfx that this these those there their over across through up down out off one two three "
    "few several lots lot many gets get getting like just s".split()
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
    # stemmed words named together (in this order when they form a run) -> {category: weight}
    together: dict[tuple[str, ...], dict[str, float]]
    modifier_words: dict[str, str]
    modifier_phrases: dict[tuple[str, ...], str]
    # Typo targets, grouped by length (a typo is at most one letter longer or shorter):
    # (single word of the tables as written, or a stem; its stem; whether it is as written).
    targets_by_len: dict[int, tuple[tuple[str, str, bool], ...]]
    # Stem -> a spelling of it as written (for warnings).
    spelled: dict[str, str]
    # Ordinary words (common English and the tables' words) and their stems: never typos.
    known: frozenset[str]


@lru_cache(maxsize=1)
def _vocabulary() -> _Vocabulary:
    words: dict[str, dict[str, float]] = {}
    phrases: dict[tuple[str, ...], dict[str, float]] = {}
    together: dict[tuple[str, ...], dict[str, float]] = {}
    written: dict[str, str] = {}
    table_words: set[str] = set()
    for name, cat in CATALOGUE.items():
        for term, weight in cat.terms.items():
            table_words.update(tokenize(term))
            if TOGETHER_SEP in term:
                slot = together.setdefault(_stem_phrase(term.replace(TOGETHER_SEP, " ")), {})
                slot[name] = max(slot.get(name, 0.0), weight)
                continue
            key = _stem_phrase(term)
            if len(key) == 1:
                slot = words.setdefault(key[0], {})
                written.setdefault(term.lower(), key[0])
            else:
                slot = phrases.setdefault(key, {})
            slot[name] = max(slot.get(name, 0.0), weight)
    mod_words: dict[str, str] = {}
    mod_phrases: dict[tuple[str, ...], str] = {}
    for canonical, modifier_spellings in MODIFIER_TERMS.items():
        for spelling in modifier_spellings:
            table_words.update(tokenize(spelling))
            key = _stem_phrase(spelling)
            if len(key) == 1:
                mod_words.setdefault(key[0], canonical)
                written.setdefault(spelling.lower(), key[0])
            else:
                mod_phrases.setdefault(key, canonical)
    targets = [(w, key, True) for w, key in written.items()]
    targets += [(k, k, False) for k in dict.fromkeys(itertools.chain(words, mod_words))]
    by_len: dict[int, list[tuple[str, str, bool]]] = {}
    for target in targets:
        by_len.setdefault(len(target[0]), []).append(target)
    spelled: dict[str, str] = {}
    for w, stemmed in written.items():
        spelled.setdefault(stemmed, w)
    ordinary = COMMON_WORDS | table_words
    known = frozenset(ordinary | {stem(w) for w in ordinary})
    return _Vocabulary(
        words,
        phrases,
        together,
        mod_words,
        mod_phrases,
        {k: tuple(v) for k, v in by_len.items()},
        spelled,
        known,
    )


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
    raw_tokens = tokenize(description)
    tokens = [stem(t) for t in raw_tokens]
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
    present = {t: i for i, t in content}
    for combo, cats in vocab.together.items():
        if all(t in present for t in combo) and _find(tokens, combo) < 0:
            explained.update(present[t] for t in combo)
            for cat, weight in cats.items():
                scores[cat] = scores.get(cat, 0.0) + weight
    for phrase, mod in vocab.modifier_phrases.items():
        at = _find(tokens, phrase)
        if at >= 0:
            explained.update(range(at, at + len(phrase)))
            found_mods.append((at, mod))

    # Sounds named outright: by a phrase, words together, or a full-weight word that is not a
    # context word. Context words then only support these (see `CONTEXT_WORDS`).
    named = {cat for cat, weight in scores.items() if weight >= STRONG_WEIGHT}
    for _, tok in content:
        if tok not in CONTEXT_WORDS:
            named.update(c for c, w in vocab.words.get(tok, {}).items() if w >= STRONG_WEIGHT)
    seen_words: set[str] = set()
    unknown: list[tuple[int, str]] = []
    # Per category: score and words (as written) from context words read on their own.
    from_context: dict[str, float] = {}
    context_words: dict[str, list[str]] = {}
    for i, tok in content:
        hit = False
        senses = vocab.words.get(tok, {})
        in_context = tok in CONTEXT_WORDS and bool(named)
        if tok in vocab.modifier_words:
            hit = True
            if not in_context or named.intersection(senses):
                found_mods.append((i, vocab.modifier_words[tok]))
        if tok in vocab.words:
            hit = True
            if tok not in seen_words:
                seen_words.add(tok)
                for cat, weight in senses.items():
                    if not in_context or cat in named:
                        scores[cat] = scores.get(cat, 0.0) + weight
                        if tok in CONTEXT_WORDS:
                            from_context[cat] = from_context.get(cat, 0.0) + weight
                            context_words.setdefault(cat, []).append(raw_tokens[i])
        if hit:
            explained.add(i)
        elif i not in explained:
            unknown.append((i, tok))

    for i, tok in unknown:
        raw = raw_tokens[i]
        if len(tok) < MIN_FUZZY_STEM_LEN or _is_ordinary(raw, vocab.known):
            continue
        found = _closest(raw, tok, vocab)
        if found is None:
            continue
        guess, ratio, spelling = found
        explained.add(i)
        warnings.append(f"read {raw!r} as {spelling!r} (fuzzy match {ratio:.2f})")
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
    elif from_context.get(category, 0.0) >= best_raw:
        # Only words with several senses matched ("a tractor's engine", "a printer humming"):
        # the source itself is unknown, so this is a guess at its sound.
        words = ", ".join(repr(w) for w in context_words[category])
        warnings.append(
            f"no sound category names the source in {description!r}; guessed {category!r} "
            f"from {words} alone (score {score:.2f})"
        )
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


def is_transposition(a: str, b: str) -> bool:
    """`a` is `b` with exactly one pair of adjacent letters swapped ("rian", "rain")."""
    if len(a) != len(b) or a == b:
        return False
    diff = [k for k in range(len(a)) if a[k] != b[k]]
    return (
        len(diff) == 2
        and diff[1] == diff[0] + 1
        and a[diff[0]] == b[diff[1]]
        and a[diff[1]] == b[diff[0]]
    )


def _one_edit_apart(a: str, b: str) -> bool:
    """Whether `a` and `b` differ by at most one insertion, deletion, substitution or swap of
    adjacent letters: a linear-time screen before the edit distance."""
    if len(a) < len(b):
        a, b = b, a
    if len(a) - len(b) > 1:
        return False
    k = 0
    while k < len(b) and a[k] == b[k]:
        k += 1
    if len(a) != len(b):
        return a[k + 1 :] == b[k:]
    substituted = a[k + 1 :] == b[k + 1 :]
    return substituted or (a[k + 2 :] == b[k + 2 :] and a[k : k + 2] == b[k : k + 2][::-1])


def _is_ordinary(word: str, known: frozenset[str]) -> bool:
    """`word`, its stem, or its stem without a common derivational ending ("gentler",
    "smoothly", "darkness") is an ordinary word: not a typo, whatever it resembles."""
    if word in known or stem(word) in known:
        return True
    for suffix in DERIVED_SUFFIXES:
        base = word[: -len(suffix)]
        if word.endswith(suffix) and len(base) >= MIN_FUZZY_STEM_LEN:
            if base in known or stem(base) in known or stem(base + "e") in known:
                return True
    return False


def _closest(
    raw: str, stemmed: str, vocab: _Vocabulary, cutoff: float = FUZZY_CUTOFF
) -> tuple[str, float, str] | None:
    """The vocabulary stem (category term or modifier) nearest to a typo, with the
    similarity and the word it was read as, if near enough: similarity >= `cutoff` for a
    token of `MIN_FUZZY_TOKEN_LEN` letters or more (as written against the tables' words as
    written, stemmed against stems), or, as written, one swap of adjacent letters from a
    word as written for one of `MIN_TRANSPOSITION_TOKEN_LEN` or more. Ties go to the nearer
    target, then the one difflib finds closer, then the heavier term."""
    if len(raw) < MIN_TRANSPOSITION_TOKEN_LEN:
        return None
    long_enough = len(raw) >= MIN_FUZZY_TOKEN_LEN
    best: tuple[float, float, float, str, str] | None = None
    # Below `LONG_WORD_LEN` the cutoff allows one edit, so a length gap of one at most.
    lengths = sorted({len(t) + d for t in (raw, stemmed) for d in (-1, 0, 1)})
    pool = itertools.chain.from_iterable(vocab.targets_by_len.get(k, ()) for k in lengths)
    for target, key, as_written in pool:
        token = raw if as_written else stemmed
        if not long_enough and not as_written or abs(len(token) - len(target)) > 1:
            continue
        if max(len(token), len(target)) < LONG_WORD_LEN and not _one_edit_apart(token, target):
            continue
        sim = similarity(token, target)
        if not (
            (long_enough and sim >= cutoff) or (as_written and is_transposition(token, target))
        ):
            continue
        weight = max(vocab.words.get(key, {"": 0.5}).values())
        spelling = target if as_written else vocab.spelled.get(key, key)
        rank = (sim, difflib.SequenceMatcher(None, token, target).ratio(), weight, key, spelling)
        if best is None or rank > best:
            best = rank
    return None if best is None else (best[3], best[0], best[4])


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

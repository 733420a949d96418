"""The offline ranker: scores each tool's card against what an instruction asks for.

No model involved; used on its own when no LLM is configured and as the fallback when the
LLM fails. A tool that cannot serve the request at all (wrong language, a licence that
forbids the stated use, a GPU-only model "on my laptop") is left out, and the reasons are
kept so an empty result can say why.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from wavjourney.selection.cards import Card
from wavjourney.selection.intent import MELODY_MUSIC, VOICE_CLONING, Intent, speaks
from wavjourney.selection.result import Candidate, Selection

BASE_SCORE = 0.30
QUALITY_WEIGHT = 0.35          # per 100 quality points
TASK_MATCH = 0.30              # has the special task asked for (cloning, melody)
TASK_MISSING = -0.25
QUALITY_WANTED_WEIGHT = 0.15   # extra weight of quality when the user asks for the best
SPEED_WEIGHT = 0.10            # per decade of realtime factor (0.1x realtime: +0.1)
SPEED_LIMIT = 0.20
SLOW_ON_CPU = -0.20            # slower than realtime on a CPU, asked to run on a laptop
LONG_AND_SLOW = -0.15          # the whole request would take over `LONG_JOB_S` to make
LONG_JOB_S = 3600.0
LAPTOP_MEMORY_BYTES = 4 * 1024**3
BIG_MODEL = -0.15
TOO_SHORT = -0.15              # cannot make the asked length in one clip, nor extend
UNKNOWN_LICENCE = -0.05
LANGUAGE_NAMED = 0.05
MIN_SCORE, MAX_SCORE = 0.01, 0.99
# Licences whose terms forbid commercial use (Creative Commons NC, Coqui's CPML).
NON_COMMERCIAL_MARKERS = ("-NC", "NON-COMMERCIAL", "NONCOMMERCIAL", "CPML")
SPECIAL_TASKS = {"speech": VOICE_CLONING, "music": MELODY_MUSIC}
TASK_PHRASES = {VOICE_CLONING: "clones the voice of a reference recording",
                MELODY_MUSIC: "follows the melody of a reference recording"}
TEST_CAPABILITY = "test"


def rank(intent: Intent, cards: Sequence[Card], *, kind: str | None = None,
         installed_only: bool = True, warnings: Sequence[str] = (),
         attachments: dict | None = None) -> Selection:
    """Rank the cards for `intent`.

    Args:
        intent: what the instruction asks for (`read_intent`).
        cards: the catalogue.
        kind: only consider tools of this element kind.
        installed_only: leave out tools that cannot run here (their names and install
            lines go into the warnings when they would have been better).
        warnings: notes from reading the attachments, passed through.
        attachments: facts about the attachments, passed through.
    """
    warnings = list(warnings)
    attachments = dict(attachments or {})
    if intent.unknown:
        return Selection(True, intent.unknown, warnings=tuple(warnings),
                         attachments=attachments)
    kinds = [kind] if kind else list(intent.kinds)
    warnings += _task_warnings(intent, attachments, kinds)
    ranked: list[Candidate] = []
    excluded: list[str] = []
    for wanted in kinds:
        fits = []
        for card in cards:
            if card.info.kind != wanted or TEST_CAPABILITY in card.info.capabilities:
                continue
            score, reason, why_not = fit(card, intent)
            if why_not:
                excluded.append(f"{card.name}: {why_not}")
                continue
            fits.append(Candidate(card.name, wanted, score, reason, card.installed,
                                  card.available, card.info.install))
        ranked += sorted(fits, key=lambda c: (-c.score, c.tool))
    if not ranked:
        what = " or ".join(k.replace("_", " ") for k in kinds)
        reason = f"no tool can make this {what}"
        if excluded:
            reason += ": " + "; ".join(excluded)
        return Selection(True, reason, kinds=tuple(kinds), warnings=tuple(warnings),
                         attachments=attachments)
    if installed_only:
        runnable = [c for c in ranked if c.available]
        for better in ranked:
            if better.available:
                break
            if better.kind == ranked[0].kind:
                warnings.append(f"{better.tool} would fit better but cannot run here: "
                                f"{better.install or 'see `wavjourney tools`'}")
        if not runnable:
            names = ", ".join(c.tool for c in ranked)
            return Selection(False, f"the tools that could do it are not installed: {names}; "
                             "`wavjourney tools select --all` shows how to install them",
                             kinds=tuple(kinds), warnings=tuple(warnings),
                             attachments=attachments)
        ranked = runnable
    best = ranked[0]
    return Selection(False, f"{best.tool} ({best.kind}): {best.reason}", tuple(ranked),
                     tuple(kinds), "offline", tuple(warnings), attachments)


def fit(card: Card, intent: Intent) -> tuple[float, str, str | None]:
    """How well one card fits: (score 0-1, reason, why it cannot serve at all or None)."""
    info = card.info
    reasons: list[str] = []
    quality, category = _quality(card, intent)
    score = BASE_SCORE + QUALITY_WEIGHT * quality / 100
    if intent.wants_quality:
        score += QUALITY_WANTED_WEIGHT * quality / 100
    reasons.append(f"quality {quality}" + (f" at {category}" if category else ""))

    special = SPECIAL_TASKS.get(info.kind)
    if special in intent.tasks:
        if special in card.tasks:
            score += TASK_MATCH
            reasons.insert(0, TASK_PHRASES[special])
        else:
            score += TASK_MISSING
            reasons.insert(0, f"cannot use the reference recording ({special})")

    if intent.language and info.kind == "speech":
        if not speaks(info.languages, intent.language):
            return 0.0, "", f"does not speak {intent.language!r}"
        score += LANGUAGE_NAMED
        reasons.append(f"speaks {intent.language!r}")

    licence = info.licence.upper()
    if intent.wants_commercial:
        if any(marker in licence for marker in NON_COMMERCIAL_MARKERS):
            return 0.0, "", f"its licence ({info.licence}) forbids commercial use"
        if not licence:
            score += UNKNOWN_LICENCE
            reasons.append("licence not stated")
        else:
            reasons.append(f"licence {info.licence} allows commercial use")

    rtf = info.realtime_factor("cpu") if intent.wants_cpu else _fastest(card)
    if intent.wants_cpu:
        if "cpu" not in info.devices:
            return 0.0, "", "needs a GPU"
        if info.memory_bytes > LAPTOP_MEMORY_BYTES:
            score += BIG_MODEL
            reasons.append(f"needs {info.memory_bytes / 1024**3:.0f} GiB")
        if rtf is not None and rtf > 1.0:
            score += SLOW_ON_CPU
            reasons.append(f"{rtf:g}x realtime on CPU")
        elif rtf is not None:
            reasons.append(f"{rtf:g}x realtime on CPU")
    if intent.wants_fast and rtf is not None:
        score += float(max(-SPEED_LIMIT, min(SPEED_LIMIT, -SPEED_WEIGHT * math.log10(rtf))))
        if not intent.wants_cpu:
            reasons.append(f"{rtf:g}x realtime")
    if intent.duration_s and rtf is not None and intent.duration_s * rtf > LONG_JOB_S:
        score += LONG_AND_SLOW
        reasons.append(f"{intent.duration_s * rtf / 3600:.1f} h to make it")
    if (intent.duration_s and info.kind != "speech" and info.max_duration_s
            and intent.duration_s > info.max_duration_s and not info.extends_duration):
        score += TOO_SHORT
        reasons.append(f"at most {info.max_duration_s:g} s per clip")
    if not card.installed:
        reasons.append("not installed")
    elif not card.available:
        reasons.append("not available here")
    return min(MAX_SCORE, max(MIN_SCORE, score)), "; ".join(reasons), None


def _quality(card: Card, intent: Intent) -> tuple[int, str | None]:
    """The card's quality for what is asked (its per-category quality where one matches)."""
    for category, quality in card.info.quality_by_category:
        tokens = [t for t in category.replace("-", "_").split("_") if t]
        if tokens and all(any(w.startswith(t) for w in intent.words) for t in tokens):
            return quality, category.replace("_", " ")
    return card.info.quality, None


def _fastest(card: Card) -> float | None:
    factors = [f for _, f in card.info.realtime_factors]
    return min(factors) if factors else None


def _task_warnings(intent: Intent, attachments: dict, kinds: list[str]) -> list[str]:
    audio = attachments.get("audio")
    out = []
    if VOICE_CLONING in intent.tasks and "speech" in kinds:
        if audio is None:
            out.append("cloning a voice needs its recording: attach one (--audio FILE)")
        elif audio["content"] != "speech":
            out.append(f"the attached recording sounds like {audio['content']}, not speech; "
                       "a cloned voice needs a clear spoken recording")
    if MELODY_MUSIC in intent.tasks and "music" in kinds:
        if audio is None:
            out.append("following a melody needs its recording: attach one (--audio FILE)")
        elif audio["content"] != "music":
            out.append(f"the attached recording sounds like {audio['content']}, not music")
    return out

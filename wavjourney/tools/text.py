"""Text helpers shared by the speech tools: sentence splitting for long text.

Speech models read a bounded amount of text per call (espeak-ng chunks, XTTS's 250-character
limit, VITS's attention span), so every speech tool splits long text the same way: at
sentence ends that are real (not "Dr." or "3.5"), then at clauses, then at words.
"""

from __future__ import annotations

import re

# Pauses we insert between chunks (espeak's own inter-sentence pause at 175 wpm is ~0.3 s).
SENTENCE_PAUSE_S = 0.32
QUESTION_PAUSE_S = 0.38
PARAGRAPH_PAUSE_S = 0.65
CLAUSE_PAUSE_S = 0.18
HARD_SPLIT_PAUSE_S = 0.03

# A sentence ends at . ! ? … (and CJK 。！？) plus closing quotes/brackets, then space.
SENTENCE_RE = re.compile(r"([.!?…。！？]+)([\"'”’)\]]*)(\s+|$)")
ABBREVIATIONS = frozenset(
    "mr mrs ms dr st prof sr jr vs etc e.g i.e no vol fig approx dept est inc ltd co mt ft "
    "jan feb mar apr jun jul aug sep sept oct nov dec".split()
)
CLAUSE_RE = re.compile(r"(?<=[,;:—–])\s+")


def sentences(text: str) -> list[tuple[str, float]]:
    """Split plain text into (sentence, pause after) pairs; paragraph breaks pause longer."""
    out: list[tuple[str, float]] = []
    for paragraph in re.split(r"\n\s*\n", text):
        paragraph = " ".join(paragraph.split())
        if not paragraph:
            continue
        start = 0
        for match in SENTENCE_RE.finditer(paragraph):
            end = match.end()
            if end < len(paragraph) and not is_sentence_end(paragraph, match):
                continue
            sentence = paragraph[start:end].strip()
            start = end
            if sentence:
                marks = match.group(1)
                pause = QUESTION_PAUSE_S if ("?" in marks or "!" in marks) else SENTENCE_PAUSE_S
                out.append((sentence, pause))
        tail = paragraph[start:].strip()
        if tail:
            out.append((tail, SENTENCE_PAUSE_S))
        if out:
            out[-1] = (out[-1][0], PARAGRAPH_PAUSE_S)
    return out


def is_sentence_end(text: str, match: re.Match[str]) -> bool:
    """False for "Dr. Smith", "e.g. this", initials "J. R. R." and "3.5"."""
    if match.group(1) != "." or match.group(2):
        return True
    before = text[: match.start()].rsplit(None, 1)
    word = before[-1].lower().lstrip("(\"'“‘") if before else ""
    if word in ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
        return False
    following = text[match.end() : match.end() + 1]
    return not (following.islower() or following.isdigit())


def bounded(sentence: str, limit: int) -> list[tuple[str, float]]:
    """Split one over-long sentence at clauses, then words, then characters."""
    if len(sentence) <= limit:
        return [(sentence, 0.0)]
    pieces: list[tuple[str, float]] = []
    for clause in group(CLAUSE_RE.split(sentence), limit):
        if len(clause) <= limit:
            pieces.append((clause, CLAUSE_PAUSE_S))
            continue
        for words in group(clause.split(" "), limit):
            for start in range(0, len(words), limit):
                pieces.append((words[start : start + limit], HARD_SPLIT_PAUSE_S))
    return pieces


def group(parts: list[str], limit: int) -> list[str]:
    """Join consecutive parts with spaces while they fit in `limit` characters."""
    groups: list[str] = []
    for part in parts:
        if groups and len(groups[-1]) + 1 + len(part) <= limit:
            groups[-1] += " " + part
        elif part:
            groups.append(part)
    return groups


def split_text(text: str, max_chars: int) -> list[str]:
    """Split `text` into pieces of at most `max_chars` characters, at sentence ends first
    (short sentences are joined while they fit), then clauses, then words.

    Args:
        text: plain text, possibly several paragraphs.
        max_chars: longest piece a model reads in one call.

    Example:
        >>> split_text("Hello there. How are you? Fine.", 20)
        ['Hello there.', 'How are you? Fine.']
    """
    pieces: list[str] = []
    for sentence, _pause in sentences(text):
        for piece, _ in bounded(sentence, max_chars):
            if pieces and len(pieces[-1]) + 1 + len(piece) <= max_chars:
                pieces[-1] += " " + piece
            else:
                pieces.append(piece)
    return pieces

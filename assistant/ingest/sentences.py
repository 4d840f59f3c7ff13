"""Sentence spans of a text, as offsets into it (abbreviations, initials, headings, lists).

Sentences never lose their place: every span is an offset pair into the file
text. Answers are cut into sentences with the same rules (``assistant.check.claims``).
"""

from __future__ import annotations

import re

_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof sen rep gov gen lt col sgt capt cmdr adm maj st jr sr inc co corp "
    "ltd vs etc no fig dept univ est approx jan feb mar apr jun jul aug sep sept oct nov dec "
    "mt ft rev hon pres supt det insp cpl pvt atty".split()
)
# End of a sentence: terminal punctuation, closing quotes or brackets, then space
# and something that can start a sentence.
_BOUNDARY = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9])")
_WORD_BEFORE = re.compile(r"([\w.]+)[.!?…]*$")
_LINE_END_TERMINAL = re.compile(r"[.!?…:\"”’)]\s*$")
_BULLET = re.compile(r"^\s*(?:[•·▪●◦‣∙*+–—-]|\d{1,2}[.)])\s+")


def split_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans of ``text[start:end]`` as offsets into ``text``.

    A line break ends a sentence when the line ends in punctuation, when the
    next line is a list item, or when the line is a heading (no final
    punctuation, mostly capitalised words); otherwise it is hard wrapping.
    """
    spans: list[tuple[int, int]] = []
    cursor = start
    for cut in _cuts(text, start, end):
        _add_trimmed(spans, text, cursor, cut)
        cursor = cut
    _add_trimmed(spans, text, cursor, end)
    return spans


def _cuts(text: str, start: int, end: int) -> list[int]:
    chunk = text[start:end]
    cuts = {start + m.end() for m in _BOUNDARY.finditer(chunk) if not _abbreviation(chunk, m)}
    offset = 0
    lines = chunk.split("\n")
    for line, following in zip(lines, lines[1:] + [""], strict=True):
        offset += len(line) + 1
        if following and (
            _LINE_END_TERMINAL.search(line) or _BULLET.match(following) or _heading(line)
        ):
            cuts.add(start + offset - 1)
    return sorted(c for c in cuts if start < c < end)


_WORD_WINDOW = 80  # how far back the word before a full stop is looked for (longer: no
# abbreviation, initial or dotted acronym); searching the whole text before each full
# stop made splitting a paragraph take time growing with the square of its length


def _abbreviation(chunk: str, match: re.Match[str]) -> bool:
    before = _WORD_BEFORE.search(
        chunk[max(0, match.start() + 1 - _WORD_WINDOW) : match.start() + 1]
    )
    if not before or not chunk[match.start()] == ".":
        return False
    word = before.group(1).rstrip(".")
    if word.lower() in _ABBREVIATIONS:
        return True
    # Initials and dotted acronyms: "J. Smith", "U.S. officials".
    return len(word) == 1 or bool(re.fullmatch(r"(?:[A-Za-z]\.)+[A-Za-z]", word))


def _heading(line: str) -> bool:
    words = line.split()
    if not words or len(words) > 16 or _LINE_END_TERMINAL.search(line):
        return False
    capitalised = sum(1 for w in words if w[:1].isupper() or not w[:1].isalpha())
    return capitalised / len(words) >= 0.6


def _add_trimmed(spans: list[tuple[int, int]], text: str, start: int, end: int) -> None:
    piece = text[start:end]
    lead = len(piece) - len(piece.lstrip())
    trail = len(piece) - len(piece.rstrip())
    if end - trail > start + lead:
        spans.append((start + lead, end - trail))

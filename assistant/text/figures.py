"""Figures stated by a sentence: a number with its qualifier and the words it counts.

A figure is a number (digits or number words, with a qualifier such as "more
than" or "roughly") inside a clause; the content words of its clause, with
their distance from the number, say what it counts. Years, dates and ordinals
are not figures.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.text.terms import NUMBER, NUMBER_WORDS, content_stems

_QUALIFIER = (  # words that hedge a figure; kept with it when it is shown
    r"(?:more than|at least|at most|roughly|about|around|nearly|almost|over|up to|some|"
    r"approximately|fewer than|less than|as many as|an estimated|estimated|close to|"
    r"upwards of|just over|just under)"
)
_MENTION = re.compile(
    rf"(?:\b(?P<qualifier>{_QUALIFIER})\s+)?(?P<number>{NUMBER.pattern})", re.IGNORECASE
)
_CLAUSE_BREAK = re.compile(r"[;,:]|\b(?:and|but|while|whereas|although)\b(?=\s+\S)")
_YEAR = re.compile(r"^(?:1[89]|20)\d\d$")
_MONTH_BEFORE = re.compile(
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s*$", re.IGNORECASE
)


@dataclass(frozen=True)
class Figure:
    """A number stated by one sentence."""

    value: float
    text: str  # as written, with its qualifier: "more than 70"
    phrase: str  # the figure with the words it counts: "more than 70 people"
    stems: dict[str, int]  # content stems of its clause (not its unit) -> distance in words


def figures(sentence: str) -> list[Figure]:
    """The figures of a sentence; years, dates and ordinals are left out."""
    out = []
    clauses = _clauses(sentence)
    for m in _MENTION.finditer(sentence):
        number = m.group("number")
        if _YEAR.match(number) or _MONTH_BEFORE.search(sentence[: m.start()]):
            continue
        if re.match(r"(?:st|nd|rd|th)\b", sentence[m.end() :]):
            continue
        start, clause = next(((a, c) for a, e, c in clauses if a <= m.start() < e), (0, sentence))
        unit = _UNIT.match(sentence[m.end() :])
        unit_text = unit.group() if unit else ""
        out.append(
            Figure(
                value=_value(number),
                text=m.group().strip(),
                phrase=(m.group() + unit_text).strip(),
                stems=_nearby_stems(clause, m.start() - start, m.end() - start, unit_text),
            )
        )
    return out


# The counted thing: up to three words after the number that are not verbs or stopwords.
_UNIT = re.compile(
    r"(?:\s+(?!(?:were|was|are|is|have|has|had|and|or|in|of|at|on|by|from|to|"
    r"with|for|who|that|which|the|a|an)\b)[A-Za-z][\w'’-]*(?<!ed)){1,3}",
    re.IGNORECASE,
)


def _nearby_stems(clause: str, start: int, end: int, unit: str) -> dict[str, int]:
    """Stems of a clause with their distance in words from the number."""
    before = content_stems(clause[:start])
    after = content_stems(clause[end + len(unit) :])
    unit_stems = set(content_stems(unit))
    near: dict[str, int] = {}
    for distance, stem in [*enumerate(reversed(before), 1), *enumerate(after, 1)]:
        if stem not in unit_stems and not stem[:1].isdigit():
            near[stem] = min(near.get(stem, distance), distance)
    return near


def _clauses(sentence: str) -> list[tuple[int, int, str]]:
    cuts = [0] + [m.start() for m in _CLAUSE_BREAK.finditer(sentence)] + [len(sentence)]
    return [(a, b, sentence[a:b]) for a, b in zip(cuts, cuts[1:], strict=False) if b > a]


def _value(number: str) -> float:
    word = number.lower()
    if word in NUMBER_WORDS:
        return float(NUMBER_WORDS[word])
    return float(number.replace(",", ""))

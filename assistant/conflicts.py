"""Disagreeing figures: two answer sentences that count the same thing differently.

A figure is a number (digits or number words, with a qualifier such as "more
than" or "roughly") inside a clause. Two figures from different sentences
count the same thing when their clauses share a word that the question asks
about and that is not the number's own unit, e.g. "killed" in "killed 46
worshippers" and "more than 70 people were killed". Different values for the
same thing are a conflict; equal values agree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.terms import NUMBER, NUMBER_WORDS, content_stems

_QUALIFIER = (  # words that hedge a figure; kept with it when it is shown
    r"(?:more than|at least|at most|roughly|about|around|nearly|almost|over|up to|some|"
    r"approximately|fewer than|less than|as many as|an estimated|estimated|close to|"
    r"upwards of|just over|just under)"
)
_MENTION = re.compile(
    rf"(?:\b(?P<qualifier>{_QUALIFIER})\s+)?(?P<number>{NUMBER.pattern})", re.IGNORECASE
)
_MAX_DISTANCE = 3  # the counted word must sit this close (in content words) to the figure
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


@dataclass(frozen=True)
class Disagreement:
    topic: str
    sides: list[tuple[int, Figure]]  # (index of the sentence, its figure)


def disagreements(sentences: list[str], question: str) -> list[Disagreement]:
    """Figures that count the same thing differently across ``sentences``.

    Args:
        sentences: candidate answer sentences, best first.
        question: the (standalone) question; its words say what is being counted.

    Returns:
        One disagreement per counted thing, each with one side per sentence.
    """
    wanted = set(content_stems(question))
    by_topic: dict[str, dict[int, Figure]] = {}
    for i, sentence in enumerate(sentences):
        for fig in figures(sentence):
            for stem in fig.stems.keys() & wanted:
                if fig.stems[stem] <= _MAX_DISTANCE:
                    by_topic.setdefault(stem, {}).setdefault(i, fig)

    def rank(item: tuple[str, dict[int, Figure]]) -> tuple[int, int]:
        stem, sides = item  # most sentences first, then the word nearest the figures
        return (-len(sides), max(f.stems[stem] for f in sides.values()))

    found: list[Disagreement] = []
    claimed: set[tuple[int, float]] = set()
    for stem, sides in sorted(by_topic.items(), key=rank):
        values = {f.value for f in sides.values()}
        fresh = [(i, f) for i, f in sides.items() if (i, f.value) not in claimed]
        if len(sides) < 2 or len(values) < 2 or len(fresh) < 2:
            continue
        claimed.update((i, f.value) for i, f in sides.items())
        found.append(Disagreement(topic=_topic(stem, question), sides=sorted(sides.items())))
    return found


def _topic(stem: str, question: str) -> str:
    """The question's word for the counted thing, e.g. 'killed'."""
    for word in re.findall(r"[A-Za-z][\w'’-]*", question):
        if content_stems(word) == [stem]:
            return str(word)
    return stem

"""Disagreeing figures: two answer sentences that count the same thing differently.

A figure (``assistant.text.figures``) is a number inside a clause. Two figures
from different sentences count the same thing when their clauses share a word
that the question asks about and that is not the number's own unit, e.g. "killed" in "killed 46
worshippers" and "more than 70 people were killed". Different values for the
same thing are a conflict; equal values agree.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from assistant.models import Conflict, ConflictValue
from assistant.text.figures import Figure, figures
from assistant.text.terms import content_stems

_MAX_DISTANCE = 3  # the counted word must sit this close (in content words) to the figure


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


def conflict(found: Disagreement, marker_of: Callable[[int], int]) -> Conflict:
    """The answer's record of a disagreement.

    Args:
        found: the disagreement.
        marker_of: the citation marker of the sentence with index ``i`` (it may cite it).
    """
    return Conflict(
        topic=found.topic,
        values=[ConflictValue(value=f.text, marker=marker_of(i)) for i, f in found.sides],
    )

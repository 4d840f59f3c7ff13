"""Candidate sentences of the extractive answerer, and the signals that score them.

Every sentence of the retrieved passages is a candidate, with its vector and,
when it opens with a reference ("That attack ...", "He ..."), the sentence
before it. :meth:`ExtractiveAnswerer.score` combines the signals here.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

import numpy as np

from assistant.answer.conversation import Resolved
from assistant.embedding.vectors import Vectors
from assistant.models import Passage, Sentence
from assistant.retrieval.hybrid import Hit
from assistant.text.terms import capitalised_names, content_stems

_ANAPHOR = re.compile(
    r"^[\"“]?(?:that|this|these|those|it|its|he|she|they|his|her|their|the (?:attack|group|"
    r"move|decision|incident|event|statement|announcement|report)|such)\b",
    re.IGNORECASE,
)


@dataclass
class Candidate:
    passage: Passage
    sentence: Sentence
    text: str
    vector: Vectors
    lead: Candidate | None = None  # the sentence before, when this one opens with a reference
    semantic: float = 0.0
    coverage: float = 0.0
    support: float = 0.0
    hand: float = 0.0  # the hand-weighted score before marks-down: 0.5 semantic + 0.5 coverage
    factor: float = 1.0  # the marks-down (type, fragment, names), multiplied
    learned: float | None = None  # the answer ranker's probability, when it read this one
    typed: bool = True  # holds the kind of thing the question asks for
    covered: set[str] = field(default_factory=set)  # question stems in it or its lead-in
    notes: list[str] = field(default_factory=list)


def candidates(hits: list[Hit], sentence_vectors: list[Vectors]) -> list[Candidate]:
    """Every sentence of the retrieved passages, with its vector and lead-in."""
    out: list[Candidate] = []
    for hit, vectors in zip(hits, sentence_vectors, strict=True):
        p = hit.passage
        previous: Candidate | None = None
        for sentence, vector in zip(p.sentences, vectors, strict=True):
            text = p.sentence_text(sentence)
            lead = previous if _ANAPHOR.match(text) else None
            previous = Candidate(p, sentence, text, np.asarray(vector), lead)
            out.append(previous)
    return out


def title_case(text: str) -> bool:
    """A headline repeated in the body ("Taliban Rule Out Cooperation With U.S.")."""
    words = [w for w in text.split() if w[:1].isalpha()]
    return 0 < len(words) <= 14 and sum(w[0].isupper() for w in words) / len(words) >= 0.7


def check_names(
    c: Candidate,
    names: list[set[str]],
    article: set[str],
    near: set[str],
    earlier: list[set[str]] | None = None,
) -> None:
    """Mark down a sentence far from the names the question asks about.

    Names of an earlier turn (``earlier``) say which story a follow-up is about: its
    article must name them, the sentence need not ("And how much are they worth?").
    """
    every = names + (earlier or [])
    absent = [n for n in every if n and not n & article]
    distant = [n for n in names if n and n & article and not n & near]
    if absent:
        # None of them at all: the article is about something else ("Darow" asked, a
        # story about Brenmoor found); one of several may be worded otherwise ("US").
        c.factor *= 0.3 if len(absent) == len([n for n in every if n]) else 0.5
        c.notes.append("its article never names " + ", ".join(sorted(absent[0])))
    elif distant:
        c.factor *= 0.6
        c.notes.append("not near " + ", ".join(sorted(distant[0])))


def term_weights(question: Resolved, found: list[Candidate]) -> dict[str, float]:
    """Question stems weighted by rarity among candidates.

    Names weigh half: they say what the question is about, and the name check
    already holds sentences to them; the other words say what is asked.
    Words of an earlier turn (context) weigh 0.3.
    """
    docs = [set(content_stems(c.text)) for c in found]
    n = len(docs)
    name_stems = {s for name in capitalised_names(question.focus) for s in content_stems(name)}
    weights: dict[str, float] = {}
    for text, factor in ((question.context, 0.3), (question.focus, 1.0)):
        for stem in content_stems(text):
            df = sum(stem in d for d in docs)
            idf = math.log((n + 1) / (df + 0.5)) + 0.5
            weights[stem] = idf * factor * (0.5 if stem in name_stems else 1.0)
    return weights

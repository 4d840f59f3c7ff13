"""The extractive answerer: pick cited sentences, never write new claims.

Every sentence of the retrieved passages is a candidate. Its support for the
question combines:

* ``semantic``: cosine between the sentence and the question embeddings;
* ``coverage``: the share of the question's words (stemmed, weighted by how
  rare they are among the candidates, names weighing more) found in the
  sentence, or in the sentence before it when it opens with a reference
  ("That attack ...", "He ...");
* a type check: a "how many" question wants a figure, "when" a time, "who" and
  "where" a name; a sentence without one is marked down;
* names of the question that the sentence's article never mentions mark it down.

``support = 0.5 * semantic + 0.5 * coverage`` after those factors. The best
sentence must reach ``min_support`` (and cover some of the question's words),
or the articles are taken not to answer. More sentences join while they are
nearly as good, say something new, and fit the word budget; sentences from
other articles that give a different figure for the same thing are cited too,
as a conflict.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from assistant.answer.conflicts import disagreements
from assistant.answer.conversation import Resolved
from assistant.check.claims import NOT_FOUND, cited, conflict_sentence
from assistant.embedding.vectors import Vectors
from assistant.models import Answer, Citation, Conflict, ConflictValue, Passage, Sentence
from assistant.retrieval.hybrid import Hit
from assistant.settings import AnswerSettings
from assistant.text.terms import capitalised_names, content_stems, matches_type, question_type

_ANAPHOR = re.compile(
    r"^[\"“]?(?:that|this|these|those|it|its|he|she|they|his|her|their|the (?:attack|group|"
    r"move|decision|incident|event|statement|announcement|report)|such)\b",
    re.IGNORECASE,
)
_TERMINAL = re.compile(r"[.!?…][\"'”’)\]]*$")
_STRICT_TYPES = ("count", "time")  # a figure or a date cannot be paraphrased away
_NEAR_FACTOR = 0.82  # extra sentences must score at least this share of the best
_CONFLICT_FACTOR = 0.5  # sentences this close to the best are checked for other figures
_REDUNDANT = 0.9  # cosine above which two sentences say the same thing


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


def score(
    found: list[Candidate],
    question: Resolved,
    query_vector: Vectors,
    *,
    article_words: dict[str, set[str]],
    nearby_words: Callable[[Passage, Sentence], set[str]],
) -> list[Candidate]:
    """Score candidates for ``question``; returns them best first.

    Args:
        found: the candidates.
        question: the standalone question.
        query_vector: its embedding.
        article_words: stems of each candidate's whole article, by source.
        nearby_words: stems of the sentences around a sentence (the story's local context).
    """
    weights = _term_weights(question, found)
    total = sum(weights.values()) or 1.0
    kind = question_type(question.focus)
    # Names of the earlier turn count too: "how many did it kill?" is still about Kunduz.
    names = [
        set(content_stems(n))
        for n in capitalised_names(question.focus) + capitalised_names(question.context)
    ]
    for c in found:
        stems = set(content_stems(c.text))
        context = set(content_stems(c.lead.text)) if c.lead else set()
        covered = sum(
            w if t in stems else 0.6 * w if t in context else 0.0 for t, w in weights.items()
        )
        c.covered = {t for t in weights if t in stems or t in context}
        c.semantic = float(c.vector @ query_vector)
        c.coverage = covered / total
        c.support = 0.5 * c.semantic + 0.5 * c.coverage
        c.typed = matches_type(kind, c.text)
        if not c.typed:
            c.support *= 0.75
            c.notes.append(f"no {kind} in it")
        if not _TERMINAL.search(c.text) or _title_case(c.text):
            c.support *= 0.5
            c.notes.append("a heading or fragment, not a sentence")
        # A sentence that points back ("That attack ...") is about what its lead-in
        # names; any other sentence is read with the sentences around it.
        near = stems | context if c.lead else nearby_words(c.passage, c.sentence)
        _check_names(c, names, article_words[c.passage.source], near)
    return sorted(found, key=lambda c: -c.support)


def _title_case(text: str) -> bool:
    """A headline repeated in the body ("Taliban Rule Out Cooperation With U.S.")."""
    words = [w for w in text.split() if w[:1].isalpha()]
    return 0 < len(words) <= 14 and sum(w[0].isupper() for w in words) / len(words) >= 0.7


def _check_names(c: Candidate, names: list[set[str]], article: set[str], near: set[str]) -> None:
    """Mark down a sentence far from the names the question asks about."""
    absent = [n for n in names if n and not n & article]
    distant = [n for n in names if n and n & article and not n & near]
    if absent:
        c.support *= 0.5
        c.notes.append("its article never names " + ", ".join(sorted(absent[0])))
    elif distant:
        c.support *= 0.6
        c.notes.append("not near " + ", ".join(sorted(distant[0])))


def _term_weights(question: Resolved, found: list[Candidate]) -> dict[str, float]:
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


def compose(
    question: str,
    resolved: Resolved,
    ranked: list[Candidate],
    settings: AnswerSettings,
) -> Answer:
    """Build the cited answer from scored candidates (best first)."""
    kind = question_type(resolved.focus)
    if kind in _STRICT_TYPES:
        ranked = [c for c in ranked if c.typed]
    if not ranked or ranked[0].support < settings.min_support or ranked[0].coverage < 0.2:
        return Answer(
            question=question, standalone_question=resolved.text, text=NOT_FOUND, answerable=False
        )
    chosen = _choose(ranked, settings, asked=_asked(resolved))
    # Figures that disagree may sit in weaker sentences: look a little further,
    # but only at sentences that could answer on their own (typed, near the names).
    floor = max(settings.min_support, _CONFLICT_FACTOR * ranked[0].support)
    pool = chosen + [
        c for c in ranked if c.support >= floor and c.typed and not c.notes and c not in chosen
    ]
    found = [
        d
        for d in disagreements([c.text for c in pool], resolved.focus)
        if any(i < len(chosen) for i, _ in d.sides)
    ]  # about what the answer says
    citations: list[Citation] = []
    parts: list[str] = []
    for c in chosen:
        parts.append(cited(c.text, [_cite(citations, c)]))
    conflicts = []
    for d in found:
        values = [ConflictValue(value=f.text, marker=_cite(citations, pool[i])) for i, f in d.sides]
        conflicts.append(Conflict(topic=d.topic, values=values))
        figures = [(f.phrase, v.marker) for (_, f), v in zip(d.sides, values, strict=True)]
        parts.append(conflict_sentence(d.topic, figures))
    return Answer(
        question=question,
        standalone_question=resolved.text,
        text=" ".join(parts),
        answerable=True,
        citations=citations,
        conflicts=conflicts,
    )


def _asked(question: Resolved) -> set[str]:
    """The stems of what is asked: the question's own words that are not names."""
    names = {s for n in capitalised_names(question.focus) for s in content_stems(n)}
    return set(content_stems(question.focus)) - names


def _choose(
    ranked: list[Candidate], settings: AnswerSettings, *, asked: set[str]
) -> list[Candidate]:
    """The best sentence, and the next ones that are nearly as good and add to it.

    A further sentence must either confirm the answer (it covers every asked
    word the best one covers) or cover an asked word none chosen covers yet.
    """
    best = ranked[0]
    # A sentence that opens with "That attack ..." is shown after the one it points back to.
    chosen = [best.lead, best] if best.lead else [best]
    words = sum(len(c.text.split()) for c in chosen)
    core = best.covered & asked
    for c in ranked[1:]:
        if len(chosen) >= settings.max_sentences or c.support < _NEAR_FACTOR * best.support:
            break
        so_far = set().union(*(o.covered for o in chosen)) & asked
        adds = bool((c.covered & asked) - so_far)
        confirms = core <= c.covered
        redundant = c in chosen or any(float(c.vector @ o.vector) >= _REDUNDANT for o in chosen)
        if redundant or not (adds or confirms) or words + len(c.text.split()) > settings.max_words:
            continue
        chosen.append(c)
        words += len(c.text.split())
    return chosen


def _cite(citations: list[Citation], c: Candidate) -> int:
    """The marker of ``c``'s sentence, adding a citation if it is new."""
    for existing in citations:
        if existing.passage_id == c.passage.id and existing.start == c.sentence.start:
            return existing.marker
    citations.append(
        Citation(
            marker=len(citations) + 1,
            source=c.passage.source,
            title=c.passage.title,
            start=c.sentence.start,
            end=c.sentence.end,
            quote=c.text,
            passage_id=c.passage.id,
        )
    )
    return citations[-1].marker

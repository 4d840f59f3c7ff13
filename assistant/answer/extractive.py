"""The extractive answerer: pick cited sentences, never write new claims.

Every sentence of the retrieved passages is a candidate. Its support for the
question combines:

* ``semantic``: cosine between the sentence and the question embeddings;
* ``coverage``: the share of the question's words (stemmed, weighted by how
  rare they are among the candidates, names weighing more) found in the
  sentence, or (0.6 of a word's weight) in the sentence before it when it opens
  with a reference ("That attack ...", "He ..."), or said in other words: a word
  of the sentence whose embedding is close to the question word's ("employees"
  for "workforce"; never for names);
* a type check: a "how many" question wants a figure, "when" a time, "who" and
  "where" a name; a sentence without one is marked down;
* names of the question that the sentence's article never mentions, or that are not
  near it, mark it down (a short name the article defines, "the Islamic State
  Khorasan, or ISIS-K", is also its long name there);
* a sentence that names another month, weekday, season or year than the question
  asks about (and not the asked one) is marked down.

``support = 0.5 * semantic + 0.5 * coverage`` after those factors. Then the
learned answer ranker (``answer/ranker.py``) reads the question with the best
candidates and its probability is blended in. The best sentence must reach the
refusal threshold (and cover some of the question's words, unless the ranker is sure
of it), or the articles are taken not to answer. More sentences join while they are
nearly as good, say something new, and fit the word budget; sentences from
other articles that give a different figure for the same thing are cited too,
as a conflict.
"""

from __future__ import annotations

import re
from collections.abc import Generator, Iterator

import numpy as np

from assistant.answer.candidates import Candidate, candidates, check_names, term_weights, title_case
from assistant.answer.citing import cite
from assistant.answer.conflicts import (
    Report,
    conflict,
    count_check,
    counted_words,
    disagreements,
)
from assistant.answer.conversation import Resolved, resolve
from assistant.answer.overview import best_per_article, leads, overview_topic
from assistant.answer.parts import joined, question_parts
from assistant.answer.ranker import AnswerRanker, rerank
from assistant.check.claims import NOT_FOUND, cited, conflict_sentence
from assistant.embedding.embedder import Embedder
from assistant.embedding.vectors import Vectors
from assistant.index.store import IndexData
from assistant.models import Answer, AnswerEvent, Citation, Passage, Sentence
from assistant.retrieval.hybrid import Hit, HybridSearcher
from assistant.settings import AnswerSettings
from assistant.text.attribution import attribution, without_source
from assistant.text.injection import looks_like_instruction
from assistant.text.terms import (
    QUESTION_WORDS,
    STOPWORDS,
    aliases,
    capitalised_names,
    content_stems,
    matches_type,
    other_period,
    periods,
    plain_words,
    question_type,
    stem,
    tokens,
)
from assistant.text.unknowns import asks_what_was_said, says_unknown

_MAX_WORD_VECTORS = 50_000  # words whose embeddings are kept (about 77 MB)
_TERMINAL = re.compile(r"[.!?…][\"'”’)\]]*$")
_STRICT_TYPES = ("count", "time")  # a figure or a date cannot be paraphrased away
_MIN_COVERAGE = 0.2  # share of the question's (weighted) words an answer sentence must hold
_CONFIDENT = 0.8  # a ranker probability at which a sentence may answer in other words
_NEAR_FACTOR = 0.82  # extra sentences must score at least this share of the best
_REDUNDANT = 0.9  # cosine above which two sentences say the same thing
_OTHER_COUNT = 0.4  # a count question answered with a figure of something else (measured)
_OTHER_PERIOD = 0.4  # a sentence about another month, weekday, season or year than asked
_NEARBY = 1  # sentences either side that count as a sentence's local context
_PIECE_END = re.compile(r"(?<=[\].!?])\s+(?=[^\s[])")  # where an answer is cut into stream pieces


class ExtractiveAnswerer:
    """Answers by quoting the sentences of the retrieved passages, over one loaded index.

    It keeps, per article, the stems and sentences that scoring looks up again
    and again; a new index needs a new answerer.
    """

    def __init__(
        self,
        settings: AnswerSettings,
        *,
        embedder: Embedder,
        searcher: HybridSearcher,
        data: IndexData,
        ranker: AnswerRanker | None = None,
    ) -> None:
        self.settings = settings
        self.embedder = embedder
        self.searcher = searcher
        self.data = data
        self._article_words: dict[str, set[str]] = {}
        self._nearby: dict[tuple[str, int], set[str]] = {}
        self._sentences: dict[str, list[tuple[int, str]]] = {}  # source -> (start, text)
        self._aliases: dict[str, list[tuple[frozenset[str], frozenset[str]]]] = {}
        self.ranker = ranker or AnswerRanker()
        self.last_ranked: list[Candidate] = []  # the last question's scored candidates
        self._word_vectors: dict[str, np.ndarray] = {}  # word -> its embedding

    def events(
        self, question: str, history: list[Answer], *, k: int
    ) -> Generator[AnswerEvent, None, tuple[Answer, list[Hit]]]:
        """Stream the answer in sentence pieces; returns it with its passages."""
        answer, hits = self.answer(question, history, k=k)
        for piece in pieces(answer.text):
            yield ("token", piece)
        return answer, hits

    def answer(self, question: str, history: list[Answer], *, k: int) -> tuple[Answer, list[Hit]]:
        """The cited answer to ``question`` and the ``k`` passages retrieved for it.

        A question that asks two things ("Who found it, and by how much?") is answered
        part by part, the later part as a follow-up of the first (``parts.py``).
        """
        parts = question_parts(question)
        if len(parts) == 1:
            return self._answer(question, resolve(question, history), k=k)
        first = resolve(parts[0], history)
        answers: list[Answer] = []
        hits: list[Hit] = []
        for i, part in enumerate(parts):
            resolved = first if i == 0 else resolve(part, [*history, answers[0]])
            if i and resolved.text == part and not capitalised_names(part):
                # "By how much?" names nothing: it is about what the first part asks.
                resolved = Resolved(f"{part} (following: {first.text})", part, first.focus)
            answer, found = self._answer(part, resolved, k=k)
            answers.append(answer)
            hits += [h for h in found if h.passage.id not in {x.passage.id for x in hits}]
        return joined(question, " ".join(a.standalone_question for a in answers), answers), hits[:k]

    def _answer(self, question: str, resolved: Resolved, *, k: int) -> tuple[Answer, list[Hit]]:
        """The cited answer to one question, resolved, and its ``k`` passages."""
        query_vector = self.embedder.encode_query(resolved.text)
        pool = max(k, self.settings.candidate_passages)
        hits = self.searcher.search_vector(resolved.text, query_vector, k=pool)
        vectors = [self.data.sentence_vector_block(h.row) for h in hits]
        # A sentence that tells its reader what to say (a planted instruction) is no answer.
        found: list[Candidate] = []
        planted: list[Candidate] = []
        for c in candidates(hits, vectors):
            (planted if looks_like_instruction(c.text) else found).append(c)
        topic = overview_topic(resolved.focus)
        if topic is not None:
            answer = self._overview(question, resolved, topic, found, hits[:k])
        else:
            ranked = self.last_ranked = self.score(found, resolved, query_vector)
            answer = compose(question, resolved, ranked, self.settings)
        shown = {h.passage.id for h in hits[:k]}
        if left_out := [c for c in planted if c.passage.id in shown]:
            answer = answer.model_copy(update={"notice": planted_notice(left_out)})
        return answer, hits[:k]

    def _overview(
        self, question: str, resolved: Resolved, topic: str, found: list[Candidate], hits: list[Hit]
    ) -> Answer:
        """The key sentences of each retrieved article: its lead, or its best sentence on
        the topic named (refused, as any question, when no sentence is about it)."""
        support = 1.0
        if topic:
            about = Resolved(text=topic, focus=topic, context="")
            ranked = self.score(found, about, self.embedder.encode_query(topic))
            ranked = [c for c in ranked if c.coverage >= _MIN_COVERAGE]
            support = round(ranked[0].support, 4) if ranked else 0.0
            if not ranked or ranked[0].support < self.settings.refusal_threshold:
                return Answer(
                    question=question,
                    standalone_question=resolved.text,
                    text=NOT_FOUND,
                    answerable=False,
                    support=support,
                )
            self.last_ranked = ranked
            groups = best_per_article(ranked)
        else:
            check = self.searcher.check or (lambda _: True)
            articles = [
                [p for p in self.data.passages.of_source(source) if check(p)]
                for source in dict.fromkeys(h.passage.source for h in hits)
            ]
            groups = leads(articles)
        citations: list[Citation] = []
        parts = [
            cited(q.text, [cite(citations, q.passage, q.sentence)])
            for group in groups
            for q in group
            if not looks_like_instruction(q.text)
        ]
        if not parts:
            return Answer(
                question=question,
                standalone_question=resolved.text,
                text=NOT_FOUND,
                answerable=False,
                support=0.0,
            )
        return Answer(
            question=question,
            standalone_question=resolved.text,
            text=" ".join(parts),
            answerable=True,
            citations=citations,
            support=support,
        )

    def score(
        self, found: list[Candidate], question: Resolved, query_vector: Vectors
    ) -> list[Candidate]:
        """Score candidates for ``question``; returns them best first.

        Each candidate's ``support`` is set here, from its signals (see the
        module docstring); a new signal joins the sum or the factors below.

        Args:
            found: the candidates.
            question: the standalone question.
            query_vector: its embedding.
        """
        weights = term_weights(question, found)
        total = sum(weights.values()) or 1.0
        kind = question_type(question.focus)
        # Names of the earlier turn count too: "how many did it kill?" is still about Kunduz.
        # A source the question names ("According to the AP, ...") is not what the answer is
        # about: its sentence may say "the Associated Press", or name no source at all.
        names = [set(content_stems(n)) for n in capitalised_names(without_source(question.focus))]
        earlier = [set(content_stems(n)) for n in capitalised_names(question.context)]
        gives = count_check(question.focus) if kind == "count" else None
        asked_periods = periods(question.focus)
        near_words = self._near_words(question, found, weights)
        for c in found:
            stems = set(content_stems(c.text))
            context = set(content_stems(c.lead.text)) if c.lead else set()
            said_otherwise = near_words.get(id(c), set())
            covered = sum(
                w if t in stems else 0.6 * w if t in context or t in said_otherwise else 0.0
                for t, w in weights.items()
            )
            c.covered = {t for t in weights if t in stems or t in context}
            c.semantic = float(c.vector @ query_vector)
            c.coverage = covered / total
            c.typed = matches_type(kind, c.text)
            if not c.typed:
                c.factor *= 0.75
                c.notes.append(f"no {kind} in it")
            elif gives is not None and not gives(c.text):
                c.factor *= _OTHER_COUNT
                c.notes.append("its figures count something else")
            if asked_periods and other_period(
                asked_periods, f"{c.lead.text} {c.text}" if c.lead else c.text
            ):
                c.factor *= _OTHER_PERIOD
                c.notes.append("about another period than asked")
            if not _TERMINAL.search(c.text) or title_case(c.text):
                c.factor *= 0.5
                c.notes.append("a heading or fragment, not a sentence")
            # A sentence that points back ("That attack ...") is about what its lead-in
            # names; any other sentence is read with the sentences around it. Either is
            # about what its headline names.
            near = (
                stems | context | set(content_stems(c.passage.title))
                if c.lead
                else self._nearby_words(c.passage, c.sentence)
            )
            aliases = self._aliases_of(c.passage.source)
            check_names(
                c, _with_aliases(names, aliases), self._words_of(c.passage.source), near, earlier
            )
            c.hand = 0.5 * c.semantic + 0.5 * c.coverage
            c.support = c.hand * c.factor
        ranked = sorted(found, key=lambda c: -c.support)
        if self.settings.ranker == "learned":
            ranked = rerank(ranked, question.text, self.ranker, self.settings)
        return ranked

    def _near_words(
        self, question: Resolved, found: list[Candidate], weights: dict[str, float]
    ) -> dict[int, set[str]]:
        """Per candidate (by id), the question's stems it says in other words: a word of
        the sentence whose embedding is close to the question word's ("shares" for
        "stock", "employees" for "workforce"). Names are never matched this way."""
        names = {t.lower() for n in capitalised_names(question.focus) for t in tokens(n)}
        asked = {
            stem(t): t
            for t in tokens(question.focus)
            if t not in STOPWORDS
            and t not in QUESTION_WORDS
            and t not in names
            and stem(t) in weights
            and len(t) > 2
        }
        similarity = self.settings.paraphrase_similarity
        if not asked or similarity > 1:
            return {}
        words_of = {id(c): plain_words(c.text) for c in found}
        vectors = self._vectors_of(set(asked.values()).union(*words_of.values()))
        q_stems = list(asked)
        q_matrix = np.stack([vectors[asked[t]] for t in q_stems])
        out: dict[int, set[str]] = {}
        for c in found:
            words = sorted(words_of[id(c)])
            if not words:
                continue
            sims = np.stack([vectors[w] for w in words]) @ q_matrix.T
            best = sims.max(axis=0)
            out[id(c)] = {t for t, b in zip(q_stems, best, strict=True) if b >= similarity}
        return out

    def _vectors_of(self, words: set[str]) -> dict[str, Vectors]:
        """Each word's embedding: from the index's vocabulary (embedded at ingest), else
        embedded now and kept (a question's own words; an index in a database)."""
        vectors = self.data.words.get(words) if self.data.words is not None else {}
        missing = sorted(w for w in words if w not in vectors and w not in self._word_vectors)
        if len(self._word_vectors) + len(missing) > _MAX_WORD_VECTORS:
            self._word_vectors.clear()  # a bound on memory: 384 floats a word
            missing = sorted(w for w in words if w not in vectors)
        if missing:
            for w, v in zip(missing, self.embedder.encode(missing), strict=True):
                self._word_vectors[w] = v
        for w in words:
            if w not in vectors:
                vectors[w] = self._word_vectors[w]
        return vectors

    def _words_of(self, source: str) -> set[str]:
        """Stems of a whole article, its title included."""
        words = self._article_words.get(source)
        if words is None:
            passages = self.data.passages.of_source(source)
            words = {s for p in passages for s in content_stems(p.text)}
            words |= set(content_stems(passages[0].title if passages else ""))
            self._article_words[source] = words
        return words

    def _aliases_of(self, source: str) -> list[tuple[frozenset[str], frozenset[str]]]:
        """The short names an article defines, with the long names they stand for: "the
        Islamic State Khorasan, or ISIS-K", "the World Health Organization (WHO)"."""
        found = self._aliases.get(source)
        if found is None:
            found = [
                (frozenset(content_stems(short)), frozenset(content_stems(long)))
                for p in self.data.passages.of_source(source)
                for short, long in aliases(p.text)
            ]
            self._aliases[source] = found = [(a, b) for a, b in found if a and b]
        return found

    def _sentences_of(self, source: str) -> list[tuple[int, str]]:
        """(start, text) of every sentence of an article, in order."""
        sentences = self._sentences.get(source)
        if sentences is None:
            sentences = [
                (s.start, p.sentence_text(s))
                for p in self.data.passages.of_source(source)
                for s in p.sentences
            ]
            self._sentences[source] = sentences
        return sentences

    def _nearby_words(self, passage: Passage, sentence: Sentence) -> set[str]:
        """Stems of a sentence, the sentences next to it in its article, and its headline.

        The window is counted in sentences, not passages, so it does not grow
        with the passage size: one sentence either side names what a sentence
        is about often enough, and rarely reaches into the next story. The
        headline names the story every sentence of it is about ("... in
        Brenmoor" over "about 5,000 people took part in the march"); measured:
        disputes 28 -> 29 items (conflicts 9 -> 11 of 14, one unanswerable question
        answered), held-out disputes2 22 -> 25, the other sets unchanged.
        """
        key = (passage.source, sentence.start)
        words = self._nearby.get(key)
        if words is None:
            sentences = self._sentences_of(passage.source)
            at = next(i for i, (start, _) in enumerate(sentences) if start == sentence.start)
            around = sentences[max(0, at - _NEARBY) : at + _NEARBY + 1]
            words = {s for _, text in around for s in content_stems(text)}
            words |= set(content_stems(passage.title))  # the headline names the story
            self._nearby[key] = words
        return words


def compose(
    question: str,
    resolved: Resolved,
    ranked: list[Candidate],
    settings: AnswerSettings,
) -> Answer:
    """Build the cited answer from scored candidates (best first)."""
    kind = question_type(resolved.focus)
    closest = ranked
    if kind in _STRICT_TYPES:
        ranked = [c for c in ranked if c.typed]
    # A sentence sharing too little of the question cannot answer it, however it scores
    # (measured: leaving such sentences out, rather than refusing when the best is one,
    # refused fewer answerable questions on every validation set and no more unanswerable),
    # unless the ranker is sure it does: "Fenwright's chief executive, Lena Holmgaard,
    # said ..." for "Who is the boss of Fenwright Foods?" (measured: newsdev 21 -> 22 items,
    # RealTimeQA 131 -> 132 of 300, the other sets and SQuAD's refusals unchanged).
    ranked = [c for c in ranked if c.coverage >= _MIN_COVERAGE or (c.learned or 0.0) >= _CONFIDENT]
    support = round(ranked[0].support, 4) if ranked else 0.0
    # The best sentence says what is asked is not known ("The council did not say how large
    # the fund would be"): the articles do not say, and that sentence is shown among the
    # closest passages. (For a figure or a date, the typed filter above decides: "did not
    # say how, but confirmed 12 were killed" still gives the count.)
    unknown = (
        bool(ranked)
        and kind not in _STRICT_TYPES
        and says_unknown(ranked[0].text)
        and not asks_what_was_said(resolved.focus)  # "What did they say?": that they would not
    )
    if not ranked or ranked[0].support < settings.refusal_threshold or unknown:
        return Answer(
            question=question,
            standalone_question=resolved.text,
            text=NOT_FOUND,
            answerable=False,
            nearest=nearest(closest),
            support=support,
        )
    chosen = _choose(ranked, settings, asked=_asked(resolved))
    # Figures that disagree may sit in weaker sentences: look further, at every sentence
    # that could answer on its own (support above the refusal threshold, typed, near the
    # names); which of their figures disagree is for disagreements() to say (like with
    # like). A floor relative to the best sentence put the other report's death toll
    # (0.371 against 0.754) on either side of it depending on the CPU's int8 rounding.
    floor = settings.refusal_threshold
    # A strong sentence marked down for the question's names still takes part: one a few
    # sentences from them ("The provincial health department said 31 people had died"),
    # or one whose article never names one of them when it names another itself (the
    # other report may say "US troops" where the question says "American").
    names = [set(content_stems(n)) for n in capitalised_names(without_source(resolved.focus))]

    def may_give(c: Candidate) -> bool:  # not "about Brenmoor" for a question about Darow
        return not _elsewhere(c) or _names_one(c, names)

    pool = chosen + [
        c
        for c in ranked
        if c.support >= floor
        and c.typed
        and c not in chosen
        and all(map(_name_note, c.notes))
        and may_give(c)
    ]
    pool += _companions(ranked, pool)
    pool += _same_event(ranked, pool, resolved)
    # A chosen sentence too gives no side when its article is about something else.
    reports = [_report(c) if may_give(c) else Report("") for c in pool]
    found = [
        d
        for d in disagreements(reports, resolved.focus)
        if any(s.sentence < len(chosen) for s in d.sides + d.related)
    ]  # about what the answer says
    citations: list[Citation] = []
    parts = [cited(c.text, [cite(citations, c.passage, c.sentence)]) for c in chosen]
    conflicts = []
    for d in found:
        record = conflict(d, lambda i: cite(citations, pool[i].passage, pool[i].sentence))
        conflicts.append(record)
        parts.append(conflict_sentence(record))
    return Answer(
        question=question,
        standalone_question=resolved.text,
        text=" ".join(parts),
        answerable=True,
        citations=citations,
        conflicts=conflicts,
        support=support,
    )


def _companions(ranked: list[Candidate], pool: list[Candidate]) -> list[Candidate]:
    """Sentences with a figure written in the same passage as a sentence of ``pool``.

    A passage reports one event: a figure beside an answering sentence is about
    the same event even when the place the question names is a few sentences
    away ("an attack at a mosque ... that killed 46", next to "Hashemi said ...
    more than 70 people were killed"). Which figures count is for
    :func:`disagreements` to say.
    """
    passages = {c.passage.id for c in pool}
    return [
        c
        for c in ranked
        if c.passage.id in passages
        and c.typed
        and c not in pool
        and all(n.startswith("not near") for n in c.notes)
    ]


def _same_event(ranked: list[Candidate], pool: list[Candidate], q: Resolved) -> list[Candidate]:
    """Weaker sentences with a figure that name the question's event in their own words.

    Another report's toll may score low ("SeaAid ... said nearly 30 people had died",
    a few sentences from where its article names the ferry). The best such sentence of
    each voice not heard yet (an article that gives no sentence yet, or a source that
    the article's sentences so far do not name) takes part when its article names the
    question's names and the sentence names the event ("ferry") the question asks about,
    not only what it counts ("people died").
    """
    event = _asked(q) - set(content_stems(counted_words(q.focus)))
    # Only voices not heard yet, one sentence each: an article not cited yet, or a source
    # its cited sentences do not name ("The council said ... £1.4 million." and, further
    # on, "The traders' association said ... more than £3 million.").
    seen = {(c.passage.source, attribution(c.text)) for c in pool}
    heard = {source for source, _ in seen}
    out = []
    for c in ranked:
        if not (c.typed and c.covered & event and all(n.startswith("not near") for n in c.notes)):
            continue
        voice = (c.passage.source, attribution(c.text))
        if (
            voice not in seen
            # another voice of a heard article must be near the question's names: the
            # article may report another event too ("46 killed in Kunduz" beside Kabul)
            and (voice[0] not in heard or (voice[1] and not c.notes))
        ):
            seen.add(voice)
            heard.add(voice[0])
            out.append(c)
    return out


def _with_aliases(
    names: list[set[str]], aliases: list[tuple[frozenset[str], frozenset[str]]]
) -> list[set[str]]:
    """The question's names, each with the long name its article gives it when it is a
    short name the article defines ("ISIS-K" is "Islamic State Khorasan" there)."""
    if not aliases:
        return names
    return [n | set().union(*(long for short, long in aliases if n and short <= n)) for n in names]


def _elsewhere(c: Candidate) -> bool:
    """Marked down because its article never names a name of the question."""
    return any(n.startswith("its article never names") for n in c.notes)


def _name_note(note: str) -> bool:
    """A mark-down for distance from the question's names (``check_names``)."""
    return note.startswith(("not near", "its article never names"))


def _names_one(c: Candidate, names: list[set[str]]) -> bool:
    """Whether a sentence (or its lead-in) itself names one of the question's names."""
    stems = set(content_stems(c.text + " " + (c.lead.text if c.lead else "")))
    return any(n and n <= stems for n in names)


def _report(c: Candidate) -> Report:
    """A candidate with the sentences before and after it in its passage, its article's
    title and outlet."""
    p = c.passage
    before = tuple(p.sentence_text(s) for s in p.sentences if s.end <= c.sentence.start)
    after = tuple(p.sentence_text(s) for s in p.sentences if s.start >= c.sentence.end)
    far = any(map(_name_note, c.notes))
    return Report(c.text, before, p.title, p.outlet, p.date, far=far, after=after)


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


def pieces(text: str) -> Iterator[str]:
    """``text`` in sentence pieces that join back to exactly ``text``."""
    start = 0
    for m in _PIECE_END.finditer(text):
        yield text[start : m.start()]
        start = m.start()
    yield text[start:]


def planted_notice(planted: list[Candidate]) -> str:
    """What the answer tells the reader about sentences left out as planted instructions."""
    titles = list(dict.fromkeys(f"“{c.passage.title}”" for c in planted))
    first = " ".join(planted[0].text.split()[:12])
    more = f" and {len(planted) - 1} more" if len(planted) > 1 else ""
    return (
        f"Left out: {'a sentence' if len(planted) == 1 else 'sentences'} of "
        f"{', '.join(titles)} that {'tells' if len(planted) == 1 else 'tell'} the reader "
        f"what to say instead of reporting (“{first} …”{more}); "
        "never used as evidence."
    )


def nearest(ranked: list[Candidate], most: int = 2) -> list[Citation]:
    """The best sentences of a refused question, one per passage: where to look next,
    shown as not an answer."""
    out: list[Citation] = []
    seen: set[str] = set()
    for c in ranked:
        if c.passage.id not in seen and len(out) < most:
            seen.add(c.passage.id)
            cite(out, c.passage, c.sentence)
    return out

"""The assistant: opens an index over a corpus, retrieves, answers with citations."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from langchain_core.documents import Document

from assistant import answer as extractive
from assistant import store
from assistant.conversation import resolve
from assistant.embeddings import Embedder
from assistant.errors import BadQuestionError, IndexMissingError, StaleIndexError
from assistant.index import ingest, staleness
from assistant.models import Answer, IngestReport, Passage, Sentence
from assistant.retrieval import Hit, HybridRetriever, HybridSearcher
from assistant.settings import Settings
from assistant.terms import content_stems

_NEARBY = 1  # sentences either side that count as a sentence's local context


def _say(message: str) -> None:
    return None


class Assistant:
    """Grounded question answering over one corpus folder and its index.

    Use :meth:`open`; it builds the index when it is missing or stale.
    """

    def __init__(self, settings: Settings, embedder: Embedder, data: store.IndexData) -> None:
        self.settings = settings
        self.embedder = embedder
        self._load(data)
        self.last_ingest: IngestReport | None = None

    def _load(self, data: store.IndexData) -> None:
        self.data = data
        self.searcher = HybridSearcher(data, self.embedder, self.settings.retrieval)
        self._article_words: dict[str, set[str]] = {}
        self._nearby: dict[tuple[str, int], set[str]] = {}
        self._sentences: dict[str, list[tuple[int, str]]] = {}  # source -> (start, text)
        for p in data.passages:
            self._sentences.setdefault(p.source, []).extend(
                (s.start, p.text[s.start - p.start : s.end - p.start]) for s in p.sentences
            )
        self._by_id = {p.id: p for p in data.passages}
        self._row = {p.id: row for row, p in enumerate(data.passages)}

    @classmethod
    def open(
        cls,
        corpus: str | Path | None = None,
        index: str | Path | None = None,
        *,
        settings: Settings | None = None,
        rebuild: bool = True,
        progress: Callable[[str], None] = _say,
    ) -> Assistant:
        """Open the index of a corpus, building or refreshing it when needed.

        Args:
            corpus: article folder (default ``settings.corpus.dir``).
            index: index folder (default ``settings.index.dir``).
            settings: the settings root (default: from the environment).
            rebuild: when False, a missing or stale index raises instead.
            progress: called with one-line progress messages.

        Raises:
            StaleIndexError: ``rebuild`` is False and the index does not match.
            IndexMissingError: ``rebuild`` is False and there is no index.
        """
        settings = (settings or Settings()).model_copy(deep=True)
        if corpus is not None:
            settings.corpus.dir = Path(corpus)
        if index is not None:
            settings.index.dir = Path(index)
        embedder = Embedder(settings.embedding)
        reasons = _reasons(settings, embedder)
        report = None
        if reasons:
            if not rebuild:
                raise StaleIndexError(f"index {settings.index.dir} is stale: {'; '.join(reasons)}")
            progress(f"building the index ({'; '.join(reasons)}) ...")
            report = ingest(settings, embedder, progress=progress)
        bot = cls(settings, embedder, store.load(settings.index.dir))
        bot.last_ingest = report
        return bot

    def ingest(self, *, progress: Callable[[str], None] = _say) -> IngestReport:
        """Re-read the corpus folder, update the index and switch to it."""
        report = ingest(self.settings, self.embedder, progress=progress)
        self._load(store.load(self.settings.index.dir))
        self.last_ingest = report
        return report

    def retriever(self, k: int | None = None) -> HybridRetriever:
        """A LangChain retriever over this assistant's index."""
        return HybridRetriever(searcher=self.searcher, k=k or self.settings.retrieval.top_k)

    def retrieve(self, question: str, k: int | None = None) -> list[Document]:
        """The ``k`` passages most relevant to ``question``, as LangChain documents."""
        return [hit.to_document() for hit in self.search(question, k=k)]

    def search(self, question: str, *, k: int | None = None) -> list[Hit]:
        self._check(question)
        return self.searcher.search(question, k=k or self.settings.retrieval.top_k)

    def ask(
        self, question: str, history: list[Answer] | None = None, *, k: int | None = None
    ) -> Answer:
        """Answer ``question`` from the articles, citing every sentence.

        Args:
            question: the question.
            history: earlier answers of this conversation, oldest first.
            k: passages to retrieve (default from settings).

        Returns:
            The answer; ``answerable`` is False when the articles do not say.
        """
        return self.ask_with_hits(question, history, k=k)[0]

    def ask_with_hits(
        self, question: str, history: list[Answer] | None = None, *, k: int | None = None
    ) -> tuple[Answer, list[Hit]]:
        """Like :meth:`ask`, also returning the retrieved passages (for display)."""
        self._check(question)
        resolved = resolve(question, history or [])
        query_vector = self.embedder.encode_query(resolved.text)
        k = k or self.settings.retrieval.top_k
        pool = max(k, self.settings.answer.candidate_passages)
        hits = self.searcher.search_vector(resolved.text, query_vector, k=pool)
        vectors = [self.data.sentence_vector_block(h.row) for h in hits]
        found = extractive.candidates(hits, vectors)
        words = {h.passage.source: self._words_of(h.passage.source) for h in hits}
        ranked = extractive.score(
            found, resolved, query_vector, article_words=words, nearby_words=self._nearby_words
        )
        return extractive.compose(question, resolved, ranked, self.settings.answer), hits[:k]

    def passage(self, passage_id: str) -> Passage:
        """A passage by id (to show a cited passage whole)."""
        return self._by_id[passage_id]

    def _words_of(self, source: str) -> set[str]:
        words = self._article_words.get(source)
        if words is None:
            words = {
                s for p in self.data.passages if p.source == source for s in content_stems(p.text)
            }
            words |= set(
                content_stems(next((p.title for p in self.data.passages if p.source == source), ""))
            )
            self._article_words[source] = words
        return words

    def _nearby_words(self, passage: Passage, sentence: Sentence) -> set[str]:
        """Stems of a sentence and the sentences next to it in its article.

        The window is counted in sentences, not passages, so it does not grow
        with the passage size: one sentence either side names what a sentence
        is about often enough, and rarely reaches into the next story.
        """
        key = (passage.source, sentence.start)
        words = self._nearby.get(key)
        if words is None:
            sentences = self._sentences[passage.source]
            at = next(i for i, (start, _) in enumerate(sentences) if start == sentence.start)
            around = sentences[max(0, at - _NEARBY) : at + _NEARBY + 1]
            words = {s for _, text in around for s in content_stems(text)}
            self._nearby[key] = words
        return words

    def _check(self, question: str) -> None:
        limit = self.settings.answer.max_question_chars
        if not question or not question.strip():
            raise BadQuestionError("the question is empty")
        if len(question) > limit:
            raise BadQuestionError(
                f"the question is {len(question):,} characters; the limit is {limit:,}"
            )


def _reasons(settings: Settings, embedder: Embedder) -> list[str]:
    try:
        data = store.load(settings.index.dir)
    except IndexMissingError:
        return ["no index yet"]
    except StaleIndexError as exc:
        return [str(exc)]
    return staleness(data, settings.corpus.dir, embedder.name)

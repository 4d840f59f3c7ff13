"""The assistant: opens an index over a corpus, retrieves, answers with citations."""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from langchain_core.documents import Document

from assistant.answer.answerer import Answerer
from assistant.answer.extractive import ExtractiveAnswerer
from assistant.answer.generative import LLMAnswerer, NoSupportedSentence, Prompts, fallback_notice
from assistant.answer.ranker import AnswerRanker
from assistant.check.support import SupportJudge
from assistant.embedding.embedder import Embedder
from assistant.errors import BadQuestionError, LLMError, StaleIndexError
from assistant.index import generations, store
from assistant.index.freshness import live_index
from assistant.index.pipeline import ingest
from assistant.index.verify import ArticleTexts
from assistant.llm import client as llm
from assistant.models import (
    Answer,
    AnswerEvent,
    AnswerMode,
    IndexStats,
    IngestReport,
    Passage,
    Progress,
    no_progress,
)
from assistant.retrieval.filters import ArticleFilter
from assistant.retrieval.hybrid import DenseBackend, Hit, HybridRetriever, HybridSearcher
from assistant.settings import Settings

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

_A = TypeVar("_A", bound=Answerer)


class Assistant:
    """Grounded question answering over one corpus folder and its index.

    Use :meth:`open`; it builds the index when it is missing or stale.
    """

    def __init__(
        self,
        settings: Settings,
        embedder: Embedder,
        data: store.IndexData,
        *,
        llm: BaseChatModel | None = None,
        dense: DenseBackend | None = None,
        verify: bool = True,
    ) -> None:
        self.settings = settings
        self._dense = dense
        self._verify = verify
        self.embedder = embedder
        self.judge = SupportJudge(embedder)
        self._chat_model = llm
        # Prompt files are checked now, so a broken edit fails at start, not mid-answer.
        self._prompts = (
            Prompts.load(settings.llm.prompts_dir) if self._default_mode() == "llm" else None
        )
        self._ranker = AnswerRanker()  # loaded on first use; kept across re-indexing
        self._load(data)
        self.last_ingest: IngestReport | None = None

    def _load(self, data: store.IndexData) -> None:
        self.data = data
        # Every passage retrieval reads is checked against its article file.
        self.articles = (
            ArticleTexts(self.settings.corpus.dir, self.settings.index.dir)
            if self._verify
            else None
        )
        self.searcher = HybridSearcher(
            data,
            self.embedder,
            self.settings.retrieval,
            dense=self._dense,
            check=self.articles.holds if self.articles else None,
        )
        self._extractive: Answerer = ExtractiveAnswerer(
            self.settings.answer,
            embedder=self.embedder,
            searcher=self.searcher,
            data=data,
            ranker=self._ranker,
        )
        self._answerer: LLMAnswerer | None = None

    @classmethod
    def open(
        cls,
        corpus: str | Path | None = None,
        index: str | Path | None = None,
        *,
        settings: Settings | None = None,
        rebuild: bool = True,
        progress: Progress = no_progress,
        llm: BaseChatModel | None = None,
        dense: DenseBackend | None = None,
    ) -> Assistant:
        """Open the index of a corpus, building or refreshing it when needed.

        Args:
            corpus: article folder (default ``settings.corpus.dir``).
            index: index folder (default ``settings.index.dir``).
            settings: the settings root (default: from the environment).
            rebuild: when False, a missing or stale index raises instead.
            progress: called with one-line progress messages.
            llm: a LangChain chat model for the LLM mode (default: the one
                ``ASSISTANT_LLM`` names, if any); given, it makes "llm" the default mode.
            dense: another engine for the dense search (see ``assistant.retrieval.backends``
                and docs/scaling.md); it must hold this index's passages.

        Raises:
            StaleIndexError: ``rebuild`` is False and the index does not match.
            IndexMissingError: ``rebuild`` is False and there is no index.
            PromptError: the LLM mode is on and a prompt file is broken.
        """
        settings = (settings or Settings()).with_folders(corpus, index)
        embedder = Embedder(settings.embedding)
        data, reasons = live_index(settings, embedder.name)
        report = None
        if data is None or reasons:
            if not rebuild:
                raise StaleIndexError(f"index {settings.index.dir} is stale: {'; '.join(reasons)}")
            progress(f"building the index ({'; '.join(reasons)}) ...")
            report = ingest(settings, embedder, progress=progress, loaded=data)
            data = generations.load(settings)
        bot = cls(settings, embedder, data, llm=llm, dense=dense)
        bot.last_ingest = report
        return bot

    def ingest(self, *, progress: Progress = no_progress) -> IngestReport:
        """Re-read the corpus folder, update the index and switch to it."""
        report = ingest(self.settings, self.embedder, progress=progress)
        self._load(generations.load(self.settings))
        self.last_ingest = report
        return report

    def retriever(
        self, k: int | None = None, *, since: str | None = None, outlet: str | None = None
    ) -> HybridRetriever:
        """A LangChain retriever over this assistant's index (``since``/``outlet``: as in
        :meth:`retrieve`)."""
        searcher = self.searcher.restricted(ArticleFilter.of(since=since, outlet=outlet))
        return HybridRetriever(searcher=searcher, k=self.settings.retrieval.k(k))

    def retrieve(
        self,
        question: str,
        k: int | None = None,
        *,
        since: str | None = None,
        outlet: str | None = None,
    ) -> list[Document]:
        """The ``k`` passages most relevant to ``question``, as LangChain documents.

        ``since`` (YYYY-MM-DD) and ``outlet`` keep only articles published on or after
        that date (undated ones are left out) and by that outlet (any case).
        """
        return [hit.to_document() for hit in self.search(question, k=k, since=since, outlet=outlet)]

    def search(
        self,
        question: str,
        *,
        k: int | None = None,
        since: str | None = None,
        outlet: str | None = None,
    ) -> list[Hit]:
        self._check(question)
        where = ArticleFilter.of(since=since, outlet=outlet)
        return self.searcher.restricted(where).search(question, k=self.settings.retrieval.k(k))

    def ask(
        self,
        question: str,
        history: list[Answer] | None = None,
        *,
        k: int | None = None,
        mode: AnswerMode | None = None,
        since: str | None = None,
        outlet: str | None = None,
    ) -> Answer:
        """Answer ``question`` from the articles, citing every sentence.

        Args:
            question: the question.
            history: earlier answers of this conversation, oldest first.
            k: passages to retrieve (default from settings).
            mode: "extractive" or "llm"; None means "llm" when a model is configured.
            since: only articles published on or after this date (YYYY-MM-DD).
            outlet: only articles of this outlet (any case).

        Returns:
            The answer; ``answerable`` is False when the articles do not say.

        Raises:
            BadQuestionError: the question is empty or too long, or ``since`` is no date.
        """
        return self.ask_with_hits(question, history, k=k, mode=mode, since=since, outlet=outlet)[0]

    def ask_with_hits(
        self,
        question: str,
        history: list[Answer] | None = None,
        *,
        k: int | None = None,
        mode: AnswerMode | None = None,
        on_token: Callable[[str], None] | None = None,
        since: str | None = None,
        outlet: str | None = None,
    ) -> tuple[Answer, list[Hit]]:
        """Like :meth:`ask`, also returning the retrieved passages (for display).

        ``on_token`` is called with each piece of :meth:`stream` as it is ready
        (a chat shows them while the answer is still being written and checked).
        """
        hits: list[Hit] = []
        final = None
        where = ArticleFilter.of(since=since, outlet=outlet)
        for event in self._start(question, history, k, mode, hits, where):
            if event[0] == "answer":
                final = event[1]
            elif on_token is not None:
                on_token(event[1])
        assert final is not None  # the stream always ends with the answer
        return final, hits

    def stream(
        self,
        question: str,
        history: list[Answer] | None = None,
        *,
        k: int | None = None,
        mode: AnswerMode | None = None,
        since: str | None = None,
        outlet: str | None = None,
    ) -> Iterator[AnswerEvent]:
        """Answer ``question`` piece by piece, for a chat UI.

        Yields ``("token", text)`` pieces of the answer as they are ready (whole
        sentences; in the LLM mode a sentence is passed on only once its citations
        are verified), then ``("answer", Answer)``, whose text is authoritative:
        after an LLM failure it is the extractive answer, with a notice, and may
        differ from the pieces before it.

        Args:
            question: the question.
            history: earlier answers of this conversation, oldest first.
            k: passages to retrieve (default from settings).
            mode: "extractive" or "llm"; None means "llm" when a model is configured.
            since: only articles published on or after this date (YYYY-MM-DD).
            outlet: only articles of this outlet (any case).

        Raises:
            BadQuestionError: the question is empty or too long, or ``since`` is no date
                (raised at the call).
        """
        where = ArticleFilter.of(since=since, outlet=outlet)
        return self._start(question, history, k, mode, [], where)

    def _start(
        self,
        question: str,
        history: list[Answer] | None,
        k: int | None,
        mode: AnswerMode | None,
        hits_out: list[Hit],
        where: ArticleFilter,
    ) -> Iterator[AnswerEvent]:
        self._check(question)
        if mode not in (None, "extractive", "llm"):
            raise ValueError(f"mode must be 'extractive' or 'llm', not {mode!r}")
        return self._events(
            question,
            history or [],
            self.settings.retrieval.k(k),
            mode or self._default_mode(),
            hits_out,
            where,
        )

    def _events(
        self,
        question: str,
        history: list[Answer],
        k: int,
        mode: AnswerMode,
        hits_out: list[Hit],
        where: ArticleFilter,
    ) -> Iterator[AnswerEvent]:
        notice, unsupported = "", 0
        searcher = self.searcher.restricted(where)
        admitted = searcher.admitted()
        if admitted is not None and not len(admitted):
            notice = f"No article is {where.describe()}; nothing was searched."
        if mode == "llm" and not notice:
            try:
                answerer = _with_searcher(self._llm(), searcher)
                answer, hits = yield from answerer.events(question, history, k=k)
                hits_out[:] = hits
                yield ("answer", self._with_index_notice(answer))
                return
            except (LLMError, NoSupportedSentence) as exc:
                notice, unsupported = fallback_notice(exc)
        extractive = _with_searcher(self._extractive, searcher)
        answer, hits = yield from extractive.events(question, history, k=k)
        if notice:
            notice = " ".join(n for n in (notice, answer.notice) if n)
            update = {"notice": notice, "unsupported_sentences": unsupported}
            answer = answer.model_copy(update=update)
        hits_out[:] = hits
        yield ("answer", self._with_index_notice(answer))

    def _with_index_notice(self, answer: Answer) -> Answer:
        """The answer, telling when passages were left out because the index no longer
        matches the article files (damaged, or files edited since indexing)."""
        if not self.searcher.damaged_rows:
            return answer
        names = sorted(self.articles.mismatched) if self.articles else []
        which = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
        said = (
            f"The index no longer matches {which or 'its article files'} (changed or damaged "
            "since indexing): passages that do not match were left out; run 'assistant ingest'."
        )
        notice = " ".join(n for n in (answer.notice, said) if n)
        return answer.model_copy(update={"notice": notice})

    def _default_mode(self) -> AnswerMode:
        configured = self._chat_model is not None or self.settings.llm.model.strip()
        return "llm" if configured else "extractive"

    def _llm(self) -> LLMAnswerer:
        """The LLM answerer, made on first use.

        Raises:
            LLMError: no model is configured, or it cannot be set up.
        """
        if self._answerer is None:
            model = self._chat_model or llm.chat_model(self.settings)
            if model is None:
                raise LLMError("no language model is configured; set ASSISTANT_LLM=provider:model")
            self._prompts = self._prompts or Prompts.load(self.settings.llm.prompts_dir)
            self._chat_model = model
            self._answerer = LLMAnswerer(
                model,
                self.settings,
                self._prompts,
                judge=self.judge,
                searcher=self.searcher,
            )
        return self._answerer

    def passage(self, passage_id: str) -> Passage:
        """A passage by id (to show a cited passage whole).

        Raises:
            KeyError: no passage has that id.
        """
        row = self.data.passages.row_of(passage_id)
        if row is None:
            raise KeyError(passage_id)
        return self.data.passages[row]

    def stats(self) -> IndexStats:
        """How many passages the index holds, in all and per article."""
        sources = self.data.passages.sources
        return IndexStats(
            passages=len(self.data.passages), articles={s: len(r) for s, r in sources.items()}
        )

    def passages(self) -> Sequence[Passage]:
        """Every passage of the index, in row order (read on demand)."""
        return self.data.passages

    def clear_query_cache(self) -> None:
        """Forget cached question embeddings, so the next question is embedded afresh."""
        self.embedder.clear_query_cache()

    def follow_index(self) -> bool:
        """With the postgres backend, switch to the generation another process (an ingest)
        made live since this one was opened. Called before each question.

        Returns:
            Whether it switched.

        Raises:
            IndexUnavailableError: the database cannot be reached.
        """
        if self.settings.index.backend != "postgres":
            return False
        live = generations.live(self.settings)
        if live is None or live == self.data.generation:
            return False
        self._load(generations.load(self.settings))
        return True

    def _check(self, question: str) -> None:
        self.follow_index()
        limit = self.settings.answer.max_question_chars
        if not question or not question.strip():
            raise BadQuestionError("the question is empty")
        try:
            question.encode("utf-8")
        except UnicodeEncodeError:  # bytes the terminal could not decode (e.g. $'\xff')
            raise BadQuestionError("the question is not valid UTF-8 text") from None
        if len(question) > limit:
            raise BadQuestionError(
                f"the question is {len(question):,} characters; the limit is {limit:,}"
            )


def _with_searcher(answerer: _A, searcher: HybridSearcher) -> _A:
    """The answerer searching with ``searcher`` (a filtered view); itself when unchanged.

    A shallow copy: it shares the original's caches, which are per article.
    """
    if answerer.searcher is searcher:
        return answerer
    view = copy.copy(answerer)
    view.searcher = searcher
    return view

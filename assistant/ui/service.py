"""The one assistant behind every chat session.

It is opened once, in a background thread, when the chat server starts (the
first start builds the index; its progress lines are kept for the chat to
show). Sessions share it read-only: each keeps its own history. An upload
indexes into a fresh :class:`~assistant.core.Assistant` that replaces the old
one only when the new index is complete, so a question answered meanwhile
never sees a half-updated index, and a failed ingest leaves everything as it was.
"""

from __future__ import annotations

import functools
import sys
import threading
import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Literal, cast

from assistant.core import Assistant
from assistant.errors import AssistantError
from assistant.models import Answer, AnswerMode, IngestReport, Passage, Progress, no_progress
from assistant.retrieval.filters import ArticleFilter
from assistant.retrieval.hybrid import Hit
from assistant.settings import Settings
from assistant.text.terminal import for_terminal
from assistant.ui import filtering, library, uploads
from assistant.ui.uploads import Outcome, Upload

EXTRACTIVE = "extractive"
LLM = "llm"
_WARM_UP = "Who is the spokesman and where is he based?"

State = Literal["loading", "ready", "failed"]


def _to_stderr(line: str) -> None:
    print(f"chat: {for_terminal(line)}", file=sys.stderr, flush=True)


def answer_modes(settings: Settings) -> list[str]:
    """Answer modes the chat offers: extractive, and "llm" once an LLM is configured.

    The ``llm`` settings section may not exist in this version; it is read
    with ``getattr`` and counts as configured when it says so (``configured``)
    or names a model.
    """
    llm = getattr(settings, "llm", None)
    if llm is None:
        return [EXTRACTIVE]
    flag = getattr(llm, "configured", None)
    configured = flag() if callable(flag) else flag
    if configured is None:
        configured = getattr(llm, "model", None)
    return [EXTRACTIVE, LLM] if configured else [EXTRACTIVE]


@dataclass
class Reply:
    """An answer with what the chat shows beside it."""

    answer: Answer
    hits: list[Hit]
    passages: dict[str, Passage] = field(default_factory=dict)  # cited passages by id
    articles: dict[str, library.LoadedArticle] = field(default_factory=dict)  # cited, by file
    seconds: float = 0.0


class ChatService:
    """Opens the assistant in the background and serves every session from it."""

    def __init__(self, settings: Settings | None = None, *, echo: Progress = _to_stderr) -> None:
        self.settings = settings or Settings()
        self._echo = echo
        self._bot: Assistant | None = None
        self._error = ""
        self._last = ""
        self._opened = threading.Event()  # set once opening has finished, well or not
        self._started = False
        self._start_lock = threading.Lock()
        self._write_lock = threading.Lock()  # one upload at a time

    def start(self) -> None:
        """Start opening the assistant (building the index if needed); returns at once."""
        with self._start_lock:
            if self._started:
                return
            self._started = True
        threading.Thread(target=self._open, name="open-assistant", daemon=True).start()

    def _open(self) -> None:
        try:
            self._progress(f"opening the index of {self.settings.corpus.dir} ...")
            bot = Assistant.open(settings=self.settings, progress=self._progress)
            bot.ask(_WARM_UP)  # the first answer pays torch's first-call cost here, not a user
            self._bot = bot
            self._progress(ready_line(bot))
        except AssistantError as exc:
            self._fail(str(exc))
        except Exception as exc:  # the chat must say what went wrong, in one line
            traceback.print_exc()
            self._fail(f"unexpected error ({type(exc).__name__}: {exc})")
        finally:
            self._opened.set()

    def _progress(self, line: str) -> None:
        self._last = line
        self._echo(line)

    def _fail(self, message: str) -> None:
        self._error = message
        self._echo(f"error: {message}")

    def state(self) -> State:
        """Whether the assistant is still opening, ready, or failed to open."""
        if self._bot is not None:
            return "ready"
        return "failed" if self._opened.is_set() else "loading"

    @property
    def error(self) -> str:
        """Why the assistant could not be opened (empty when it was)."""
        return self._error

    def last_progress(self) -> str:
        """The latest progress line of opening or indexing."""
        return self._last

    def wait(self, timeout: float | None = None) -> bool:
        """Block until opening has finished; True when the assistant is ready."""
        self._opened.wait(timeout)
        return self.state() == "ready"

    def _require(self) -> Assistant:
        if self._bot is None:
            raise AssistantError(self._error or "the articles are still being opened")
        return self._bot

    def ask(
        self,
        question: str,
        history: Sequence[Answer],
        *,
        k: int | None = None,
        mode: str = EXTRACTIVE,
        on_token: Callable[[str], None] | None = None,
        where: ArticleFilter | None = None,
    ) -> Reply:
        """Answer one question of a session (run it in a worker thread).

        Args:
            question: the question as typed.
            history: the session's earlier answers, oldest first.
            k: passages to retrieve (default from settings).
            mode: one of :func:`answer_modes`.
            on_token: called with each verified piece of an LLM answer as it is ready.
            where: only the articles this filter admits are searched; the answer then
                says so (:func:`assistant.ui.filtering.with_filter_note`).
        """
        bot = self._require()
        started = time.perf_counter()
        ask = _asker(bot, mode)
        if on_token is not None and mode == LLM:
            ask = functools.partial(ask, on_token=on_token)
        where = where or ArticleFilter()
        answer, hits = ask(question, list(history), k=k, since=where.since, outlet=where.outlet)
        if where:
            answer = filtering.with_filter_note(answer, where, library.loaded_articles(bot))
        reply = _with_sources(bot, Reply(answer, hits))
        reply.seconds = round(time.perf_counter() - started, 3)
        return reply

    def reread(self, answer: Answer) -> Reply:
        """An earlier answer (of a resumed chat) with its cited passages and articles as the
        index has them now (run it in a worker thread)."""
        return _with_sources(self._require(), Reply(answer, []))

    def ready_bot(self) -> Assistant | None:
        """The assistant, once it is open (None while it opens or when it failed)."""
        return self._bot

    def add_files(
        self, files: Sequence[Upload], *, progress: Progress = no_progress
    ) -> list[Outcome]:
        """Store uploaded files in the corpus folder and index them.

        Returns:
            One outcome per file, in order. A file that cannot be indexed is
            taken out of the corpus again; the previous index stays in use.
        """
        corpus = self.settings.corpus.dir
        with self._write_lock:
            limit = self.settings.corpus.max_file_bytes
            outcomes = [uploads.store(f, corpus, max_bytes=limit) for f in files]
            added = [o for o in outcomes if o.added]
            if not added:
                return outcomes
            progress(f"indexing {len(added)} new article(s) ...")
            try:
                bot, report = self._reindex(progress)
                bot = self._drop_skipped(bot, report, added, progress)
            except AssistantError as exc:
                for o in added:
                    uploads.remove(corpus, o.saved_as)
                    o.refused = f"could not be indexed: {exc}"
                return outcomes
            counts = bot.stats().articles
            for o in added:
                o.passages = passages_of(counts, o.saved_as)
            self._bot, self._error = bot, ""
            return outcomes

    def _reindex(self, progress: Progress) -> tuple[Assistant, IngestReport | None]:
        current = self._bot
        if current is None:  # opening failed (say, an empty corpus): the upload may fix it
            bot = Assistant.open(settings=self.settings, progress=progress)
            return bot, bot.last_ingest
        bot = Assistant(current.settings, current.embedder, current.data)
        return bot, bot.ingest(progress=progress)

    def _drop_skipped(
        self,
        bot: Assistant,
        report: IngestReport | None,
        added: list[Outcome],
        progress: Progress,
    ) -> Assistant:
        skipped = {s.source: s.reason for s in (report.skipped if report else [])}
        dropped = [o for o in added if o.saved_as in skipped]
        for o in dropped:
            uploads.remove(self.settings.corpus.dir, o.saved_as)
            o.refused = skipped[o.saved_as]
        if dropped:
            bot.ingest(progress=progress)  # forget the refused files in the index too
        return bot


def passages_of(counts: dict[str, int], file: str) -> int:
    """Passages indexed from one file: a feed or JSONL file's articles are ``file#n``."""
    return sum(n for source, n in counts.items() if source.split("#", 1)[0] == file)


def _with_sources(bot: Assistant, reply: Reply) -> Reply:
    """``reply`` with the passages and articles its answer cites (those still indexed)."""
    for c in reply.answer.citations:
        try:
            reply.passages[c.passage_id] = bot.passage(c.passage_id)
        except KeyError:
            continue  # the side panel then shows the quote alone
    for source in {c.source for c in reply.answer.citations}:
        found = library.read_article(bot, source)
        if found is not None:
            reply.articles[source] = found
    return reply


def _asker(bot: Assistant, mode: str) -> Callable[..., tuple[Answer, list[Hit]]]:
    if mode == EXTRACTIVE:
        return bot.ask_with_hits
    return functools.partial(bot.ask_with_hits, mode=cast(AnswerMode, mode))


def ready_line(bot: Assistant) -> str:
    """One line on what the chat can answer from."""
    stats = bot.stats()
    return f"ready: {stats.passages} passages from {len(stats.articles)} articles"

"""The LLM answerer: retrieved passages in, a fluent cited answer out, checked.

1. A follow-up is rewritten into a standalone question by the condensing prompt
   (the heuristic resolver stands in when the model's rewrite is unusable).
2. The passages for it are numbered and put into the answer prompt, delimited and
   labelled as untrusted data.
3. The reply streams through a :class:`Grounder`: a sentence is passed on only once
   it is checked against the passages it cites.
4. A reply with no supported sentence raises :class:`NoSupportedSentence`; a model
   that fails or is too slow raises :class:`LLMError`. The assistant then gives
   the extractive answer with a notice.
"""

from __future__ import annotations

from collections.abc import Generator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from langchain_core.messages import BaseMessage, HumanMessage, SystemMessage

from assistant.answer.conversation import resolve
from assistant.answer.grounding import Grounder
from assistant.check.claims import NO_ANSWER
from assistant.check.support import SupportJudge
from assistant.errors import LLMError
from assistant.llm import client as llm
from assistant.llm.prompts import Prompt, load
from assistant.models import Answer, AnswerEvent
from assistant.retrieval.hybrid import Hit, HybridSearcher
from assistant.settings import Settings

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

_HISTORY_TURNS = 3  # earlier turns shown to the condensing prompt


class NoSupportedSentence(Exception):
    """The model's reply had no sentence that its citations support."""

    def __init__(self, unsupported: int) -> None:
        super().__init__(f"{unsupported} sentence(s), none supported by its citations")
        self.unsupported = unsupported


def fallback_notice(exc: LLMError | NoSupportedSentence) -> tuple[str, int]:
    """The notice of an extractive answer given instead, and the sentences found unsupported."""
    if isinstance(exc, NoSupportedSentence):
        return (
            "No sentence the language model wrote was supported by the passages "
            f"it cited ({exc.unsupported} checked); this is the extractive answer."
        ), exc.unsupported
    return f"The language model could not answer ({exc}); this is the extractive answer.", 0


@dataclass(frozen=True)
class Prompts:
    """The three prompt files, checked against the placeholders filled in here."""

    system: Prompt
    answer: Prompt
    condense: Prompt

    @classmethod
    def load(cls, folder: Path | None = None) -> Prompts:
        """Load and check ``system``, ``answer`` and ``condense``.

        Raises:
            PromptError: a file is missing or its placeholders do not match.
        """
        return cls(
            system=load("system", ("max_sentences", "not_found"), folder=folder),
            answer=load("answer", ("passages", "question", "not_found"), folder=folder),
            condense=load("condense", ("history", "question"), folder=folder),
        )


class LLMAnswerer:
    """Answers with a chat model over one loaded index."""

    def __init__(
        self,
        model: BaseChatModel,
        settings: Settings,
        prompts: Prompts,
        *,
        judge: SupportJudge,
        searcher: HybridSearcher,
    ) -> None:
        self.model = model
        self.settings = settings
        self.prompts = prompts
        self.judge = judge
        self.searcher = searcher

    def standalone(self, question: str, history: list[Answer]) -> str:
        """``question`` rewritten to stand alone, given the conversation so far.

        Raises:
            LLMError: the model failed or was too slow.
        """
        if not history:
            return question.strip()
        turns = "\n".join(
            f"User: {a.question}\nAssistant: {a.text}" for a in history[-_HISTORY_TURNS:]
        )
        prompt = self.prompts.condense.render(history=_data(turns), question=question.strip())
        reply = llm.complete(self.model, [HumanMessage(prompt)], timeout=self.settings.llm.timeout)
        return (
            _one_line(reply, self.settings.answer.max_question_chars)
            or resolve(question, history).text
        )

    def events(
        self, question: str, history: list[Answer], *, k: int
    ) -> Generator[AnswerEvent, None, tuple[Answer, list[Hit]]]:
        """Stream the checked sentences of an answer; returns it with its passages.

        Raises:
            LLMError: the model failed or was too slow.
            NoSupportedSentence: nothing the model wrote is supported by its citations.
        """
        standalone = self.standalone(question, history)
        hits = self.searcher.search(standalone, k=k)
        if not hits:
            raise NoSupportedSentence(0)
        grounder = Grounder(
            hits,
            self.judge,
            not_found=NO_ANSWER,
            mark_unsupported=self.settings.llm.unsupported == "mark",
        )
        for piece in llm.stream_text(
            self.model, self.messages(standalone, hits), timeout=self.settings.llm.timeout
        ):
            for text in grounder.feed(piece):
                yield ("token", text)
        for text in grounder.finish():
            yield ("token", text)
        if grounder.supported:
            return grounder.answer(question, standalone), hits
        if grounder.said_not_found and not grounder.unsupported:
            return Answer(
                question=question,
                standalone_question=standalone,
                text=NO_ANSWER,
                answerable=False,
                notice="",
                mode="llm",
                unsupported_sentences=0,
            ), hits
        raise NoSupportedSentence(grounder.unsupported)

    def messages(self, question: str, hits: list[Hit]) -> list[BaseMessage]:
        """The system and user messages for answering ``question`` from ``hits``."""
        system = self.prompts.system.render(
            max_sentences=self.settings.llm.max_sentences, not_found=NO_ANSWER
        )
        user = self.prompts.answer.render(
            passages=passages_block(hits), question=question, not_found=NO_ANSWER
        )
        return [SystemMessage(system), HumanMessage(user)]


def passages_block(hits: list[Hit]) -> str:
    """The passages as numbered, delimited blocks of data."""
    return "\n\n".join(
        f'<passage number="{n}" source="{_attr(h.passage.source)}" '
        f'title="{_attr(h.passage.title)}">\n{_data(h.passage.text)}\n</passage>'
        for n, h in enumerate(hits, start=1)
    )


def _data(text: str) -> str:
    """Text from an article, unable to close or open the blocks that delimit it."""
    return text.replace("<", "‹").replace(">", "›")


def _attr(text: str) -> str:
    return _data(text).replace('"', "'")


def _one_line(reply: str, limit: int) -> str:
    """The model's rewritten question, or "" when it is not one usable line."""
    lines = [line.strip() for line in reply.strip().splitlines() if line.strip()]
    if not lines:
        return ""
    line = lines[0].removeprefix("Standalone question:").strip().strip("\"'“”").strip()
    return line if 0 < len(line) <= limit else ""

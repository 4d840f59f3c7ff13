"""What every answerer offers the front door: an answer streamed in checked pieces.

Two answerers implement it: :class:`~assistant.answer.extractive.ExtractiveAnswerer`
(quotes sentences) and :class:`~assistant.answer.generative.LLMAnswerer` (a chat
model's reply, grounded sentence by sentence). ``Assistant`` picks one per
question and falls back to the extractive one.
"""

from __future__ import annotations

from collections.abc import Generator
from typing import Protocol

from assistant.models import Answer, AnswerEvent
from assistant.retrieval.hybrid import Hit, HybridSearcher


class Answerer(Protocol):
    """Answers questions from the passages of one loaded index."""

    searcher: HybridSearcher  # what it retrieves with; a filtered view limits it to some articles

    def events(
        self, question: str, history: list[Answer], *, k: int
    ) -> Generator[AnswerEvent, None, tuple[Answer, list[Hit]]]:
        """Yield ``("token", text)`` pieces of the answer; return it with its passages.

        Args:
            question: the question as asked.
            history: earlier answers of the conversation, oldest first.
            k: passages to retrieve.
        """
        ...

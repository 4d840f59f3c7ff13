"""The learned answer ranker: what it reads, how it is loaded, how its score is blended.

A cross-encoder trained by ``training/ranker.py`` (``ranker_model/MODEL_CARD.md``)
reads a question with one candidate sentence and its article's title. Training and
answering build that input here (:func:`ranker_pair`), the same way; :func:`rerank`
blends its probability into the hand-weighted support of the best candidates.
"""

from __future__ import annotations

import math
import threading
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from assistant.answer.candidates import Candidate
    from assistant.embedding.onnx import OnnxCrossEncoder
    from assistant.settings import AnswerSettings

CONTEXT_SEPARATOR = " [SEP] "
_TIE = 0.01
"""Hand-weighted supports this close to the last candidate the ranker reads tie with it.
Measured (``training.collect``): the ranker read 4.5 candidates a question on average
instead of 4, and chose the 8-candidate best sentence on every development set but one
question each of newsdev and SQuAD 2.0 (neither a gain nor a loss)."""


def ranker_pair(question: str, sentence: str, *, title: str = "") -> list[str]:
    """The (question, candidate) text pair the ranker scores.

    Args:
        question: the standalone question.
        sentence: the candidate answer sentence.
        title: its article's title (says what the story is about).

    Returns:
        ``[question, sentence + context]``: the sentence first, so truncation cuts
        the context, never the sentence.
    """
    context = title.strip()
    return [question.strip(), sentence.strip() + (CONTEXT_SEPARATOR + context if context else "")]


MODEL_DIR = Path(__file__).parent / "ranker_model"
"""The shipped ranker (ONNX int8, with its tokenizer and MODEL_CARD.md)."""


class AnswerRanker:
    """The learned answer ranker: reads the question with each candidate sentence.

    Loaded on first use from ``model_dir`` (offline, shipped with the package).
    """

    def __init__(self, model_dir: Path = MODEL_DIR) -> None:
        self.model_dir = model_dir
        self._model: OnnxCrossEncoder | None = None
        self._lock = threading.Lock()

    def _encoder(self) -> OnnxCrossEncoder:
        with self._lock:
            if self._model is None:
                from assistant.embedding.onnx import OnnxCrossEncoder

                self._model = OnnxCrossEncoder(self.model_dir)
            return self._model

    def probabilities(self, question: str, sentences: list[tuple[str, str]]) -> list[float]:
        """P(the sentence answers the question), for (sentence, title) pairs."""
        pairs = [ranker_pair(question, s, title=t) for s, t in sentences]
        logits = self._encoder().logits(pairs)
        return [1.0 / (1.0 + math.exp(-float(x))) for x in logits]


def rerank(
    ranked: list[Candidate], question: str, ranker: AnswerRanker, settings: AnswerSettings
) -> list[Candidate]:
    """Blend the ranker's probability into the best candidates' support; best first.

    The ranker reads the ``settings.ranker_candidates`` best candidates by the
    hand-weighted score, and those within ``_TIE`` of the last of them (the rest are
    left below them), each with its lead-in when it opens with a reference. A sentence's support
    becomes ``factor * ((1 - w) * hand + w * learned)``: the learned score says
    whether the sentence answers, the hand-weighted one (question words, meaning)
    and its marks-down (no figure for "how many", a fragment, names the story never
    mentions) keep what the ranker was never taught about news.

    Args:
        ranked: candidates scored by the hand-weighted score (best first).
        question: the standalone question.
        ranker: the answer ranker.
        settings: the answer settings (weight, candidates read).
    """
    w = settings.ranker_weight
    n = settings.ranker_candidates
    # Candidates the hand-weighted score cannot tell from the last one read are read too
    # (up to half as many again): a one-word topic ("the fire") scores many sentences
    # alike. (Up to twice as many chose the same best sentences on every development
    # set, and a question whose candidates all tie took a third longer.)
    edge = ranked[n - 1].support - _TIE if len(ranked) > n else 0.0
    top = ranked[:n] + [c for c in ranked[n : n + max(1, n // 2)] if c.support >= edge]
    learned = ranker.probabilities(question, [(_read(c), c.passage.title) for c in top])
    for c in ranked:
        c.learned = None
        c.support = c.factor * (1.0 - w) * c.hand
    for c, p in zip(top, learned, strict=True):
        c.learned = p
        c.support += c.factor * w * p
    return sorted(ranked, key=lambda c: -c.support)


def _read(c: Candidate) -> str:
    """What the ranker reads of a candidate: a sentence that points back ("She said ...",
    "That attack ...") is read after the sentence it points back to, as the hand-weighted
    score reads it; the quote stays the sentence alone."""
    return f"{c.lead.text} {c.text}" if c.lead else c.text

"""ragas's metrics over an evaluation run. The only module that imports ragas (lazily).

Offline (no LLM) it runs the metrics that need none: ``NonLLMContextRecall``,
``NonLLMContextPrecisionWithReference``, ``IDBasedContextRecall`` and
``IDBasedContextPrecision`` (passage ids), ``RougeScore``,
``NonLLMStringSimilarity``, and ``SemanticSimilarity`` with the assistant's own
all-MiniLM-L6-v2. With a chat model it adds ``Faithfulness``,
``ResponseRelevancy``, ``LLMContextRecall`` and ``FactualCorrectness``.

The LLM and the embeddings are always passed in, so ragas never falls back to
its default OpenAI model; ``RAGAS_DO_NOT_TRACK`` is set before ragas is
imported, or ragas posts usage events. ragas 0.4.3 needs
``langchain-community==0.4.1`` (0.4.2 dropped ``chat_models.vertexai``, which
ragas imports: upstream issues #2741/#2745); the ``eval`` extra pins it.
"""

from __future__ import annotations

import importlib.util
import math
import os
import warnings
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from assistant.embedding.embedder import Embedder

OFFLINE = (
    "non_llm_context_recall",
    "non_llm_context_precision_with_reference",
    "id_based_context_recall",
    "id_based_context_precision",
    "rouge_score",
    "non_llm_string_similarity",
    "semantic_similarity",
)
WITH_LLM = ("faithfulness", "answer_relevancy", "context_recall", "factual_correctness")


@dataclass
class RagasSample:
    """One answered question, as ragas's ``SingleTurnSample`` wants it."""

    user_input: str
    response: str
    reference: str
    retrieved_contexts: list[str]
    reference_contexts: list[str]
    retrieved_context_ids: list[str]
    reference_context_ids: list[str] = field(default_factory=list)


def installed() -> bool:
    """Whether ragas can be imported (the ``eval`` extra is installed)."""
    return importlib.util.find_spec("ragas") is not None


def score(
    samples: list[RagasSample], *, embedder: Embedder, llm: Any | None = None
) -> list[dict[str, float | None]]:
    """ragas's scores per sample, named ``ragas.<metric>``.

    Args:
        samples: the answered items.
        embedder: the assistant's embedder (for ``SemanticSimilarity``).
        llm: a LangChain chat model; when given, the LLM metrics run too.
    """
    if not samples:
        return []
    os.environ["RAGAS_DO_NOT_TRACK"] = "true"
    with warnings.catch_warnings():
        # ragas 0.4 marks its classic metric classes deprecated, yet only they run in
        # evaluate() and only they include the non-LLM context metrics.
        warnings.simplefilter("ignore", DeprecationWarning)
        from ragas import EvaluationDataset, SingleTurnSample, evaluate

        embeddings = _embeddings(embedder)
        metrics = _metrics(embeddings, llm)
        result = evaluate(
            EvaluationDataset(samples=[SingleTurnSample(**vars(s)) for s in samples]),
            metrics=metrics,
            embeddings=embeddings,
            llm=_llm(llm) if llm is not None else None,
            raise_exceptions=True,
            show_progress=False,
        )
    rows: list[dict[str, Any]] = result.scores  # type: ignore[union-attr]  # not an Executor
    return [{f"ragas.{_name(k)}": _number(v) for k, v in row.items()} for row in rows]


def _metrics(embeddings: Any, llm: Any | None) -> list[Any]:
    from ragas.metrics import (
        IDBasedContextPrecision,
        IDBasedContextRecall,
        NonLLMContextPrecisionWithReference,
        NonLLMContextRecall,
        NonLLMStringSimilarity,
        RougeScore,
        SemanticSimilarity,
    )

    metrics: list[Any] = [
        NonLLMContextRecall(),
        NonLLMContextPrecisionWithReference(),
        IDBasedContextRecall(),
        IDBasedContextPrecision(),
        RougeScore(),
        NonLLMStringSimilarity(),
        SemanticSimilarity(embeddings=embeddings),
    ]
    if llm is not None:
        from ragas.metrics import (
            FactualCorrectness,
            Faithfulness,
            LLMContextRecall,
            ResponseRelevancy,
        )

        wrapped = _llm(llm)
        metrics += [
            Faithfulness(llm=wrapped),
            ResponseRelevancy(llm=wrapped, embeddings=embeddings),
            LLMContextRecall(llm=wrapped),
            FactualCorrectness(llm=wrapped),
        ]
    return metrics


def _embeddings(embedder: Embedder) -> Any:
    """The assistant's loaded model as ragas embeddings (no second model load)."""
    from langchain_core.embeddings import Embeddings
    from ragas.embeddings import LangchainEmbeddingsWrapper

    class _Local(Embeddings):
        def embed_documents(self, texts: list[str]) -> list[list[float]]:
            return [[float(x) for x in row] for row in embedder.encode(list(texts))]

        def embed_query(self, text: str) -> list[float]:
            return self.embed_documents([text])[0]

    return LangchainEmbeddingsWrapper(_Local())


def _llm(model: Any) -> Any:
    from ragas.llms import LangchainLLMWrapper

    return LangchainLLMWrapper(model)


def _name(key: str) -> str:
    """ragas's result key without its options: 'rouge_score(mode=fmeasure)' -> 'rouge_score'."""
    return key.split("(")[0]


def _number(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number

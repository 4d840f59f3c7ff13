"""ragas's offline metrics with the local MiniLM: real scores, no network, no tracking."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from assistant import Settings
from assistant.embedding.embedder import Embedder
from assistant.evaluation import ragas_metrics
from assistant.evaluation.ragas_metrics import OFFLINE, RagasSample
from tests.conftest import subprocess_env

pytestmark = pytest.mark.skipif(not ragas_metrics.installed(), reason="needs the eval extra")

FACT = "Suhail Shaheen is the Taliban's political spokesman."


def test_offline_metrics_score_a_good_and_a_bad_answer() -> None:
    good = RagasSample(
        user_input="Who is the Taliban's spokesman?",
        response=FACT,
        reference=FACT,
        retrieved_contexts=[FACT, "Talks will take place in Qatar."],
        reference_contexts=[FACT],
        retrieved_context_ids=["p1", "p2"],
        reference_context_ids=["p1"],
    )
    bad = RagasSample(
        user_input="Who is the Taliban's spokesman?",
        response="Talks will take place in Qatar.",
        reference=FACT,
        retrieved_contexts=["Talks will take place in Qatar."],
        reference_contexts=[FACT],
        retrieved_context_ids=["p2"],
        reference_context_ids=["p1"],
    )
    scores = ragas_metrics.score([good, bad], embedder=Embedder(Settings().embedding))
    assert set(scores[0]) == {f"ragas.{name}" for name in OFFLINE}
    assert os.environ["RAGAS_DO_NOT_TRACK"] == "true"
    assert scores[0]["ragas.semantic_similarity"] == pytest.approx(1.0, abs=1e-3)
    assert scores[0]["ragas.id_based_context_recall"] == 1.0
    assert scores[0]["ragas.id_based_context_precision"] == 0.5
    assert scores[1]["ragas.id_based_context_recall"] == 0.0
    for name in OFFLINE:
        assert scores[1][f"ragas.{name}"] < scores[0][f"ragas.{name}"], name


def test_the_cli_and_the_runner_do_not_import_ragas_until_it_runs() -> None:
    code = (
        "import sys, assistant.cli, assistant.evaluation.runner; "
        "print(sorted(m for m in ('ragas', 'torch', 'pandas') if m in sys.modules))"
    )
    env = subprocess_env()
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert out.stdout.strip() == "[]", out.stderr


def test_with_a_chat_model_the_llm_metrics_use_it_never_a_default() -> None:
    from langchain_core.language_models.fake_chat_models import FakeListChatModel

    embeddings = ragas_metrics._embeddings(Embedder(Settings().embedding))
    offline = ragas_metrics._metrics(embeddings, None)
    assert [m.name for m in offline] == [*OFFLINE]
    model = FakeListChatModel(responses=["{}"])
    metrics = ragas_metrics._metrics(embeddings, model)
    llm_metrics = metrics[len(offline) :]
    assert [m.name for m in llm_metrics] == [*ragas_metrics.WITH_LLM]
    for metric in llm_metrics:
        assert metric.llm is not None and metric.llm.langchain_llm is model

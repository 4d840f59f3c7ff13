"""Hybrid retrieval: metadata, both sources, no near-duplicate crowding, LangChain contract."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from langchain_tests.integration_tests import RetrieversIntegrationTests

from assistant import Assistant, HybridRetriever
from tests.conftest import OWN_ARTICLES

METADATA = {"source", "title", "start", "end", "passage_id"}


def test_documents_carry_exact_metadata(seed_bot: Assistant) -> None:
    docs = seed_bot.retrieve("Where will the talks between the Taliban and the US be held?", k=5)
    assert len(docs) == 5
    for doc in docs:
        assert METADATA <= set(doc.metadata)
        text = (seed_bot.settings.corpus.dir / doc.metadata["source"]).read_text()
        assert text[doc.metadata["start"] : doc.metadata["end"]] == doc.page_content


@pytest.mark.parametrize(
    "question",
    [
        "How many people were killed in the Kabul airport attack?",
        "What did Suhail Shaheen say about Daesh?",
        "Will the Taliban cooperate with the United States against the Islamic State?",
    ],
)
def test_both_reports_of_one_event_come_back(seed_bot: Assistant, question: str) -> None:
    sources = {d.metadata["source"] for d in seed_bot.retrieve(question, k=5)}
    assert sources == {"000_3c1e0bf96721e7a1.txt", "003_ccfd4e030e132f00.txt"}


def test_answer_bearing_passages_are_found(seed_bot: Assistant) -> None:
    docs = seed_bot.retrieve("Who is the Taliban's political spokesman?", k=3)
    assert any("political spokesman Suhail Shaheen" in d.page_content for d in docs)
    docs = seed_bot.retrieve("Where is Shaheen based?", k=3)
    assert any("based at Doha" in d.page_content for d in docs)


def test_near_duplicates_do_not_crowd_out_other_articles(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    fire = (OWN_ARTICLES / "alden_fire.txt").read_text()
    for i in range(4):  # the same wire story syndicated four times
        copy = fire if i == 0 else fire.replace("late on Tuesday", "late on Tuesday night")
        (corpus / f"wire_{i}.txt").write_text(copy)
    shutil.copy(OWN_ARTICLES / "alden_fire_second_report.md", corpus / "second.md")
    bot = Assistant.open(corpus=corpus, index=tmp_path / "idx")
    docs = bot.retrieve("How many workers were injured in the Port Alden fire?", k=5)
    assert "second.md" in {d.metadata["source"] for d in docs}
    vectors = np.stack(
        [bot.data.passage_vectors[bot.data.passages.row_of(d.metadata["passage_id"])] for d in docs]
    )
    similarity = vectors @ vectors.T
    np.fill_diagonal(similarity, 0)
    assert similarity.max() < bot.settings.retrieval.duplicate_cosine


def test_unrelated_question_still_returns_k_documents(seed_bot: Assistant) -> None:
    assert len(seed_bot.retrieve("zebra migration patterns in Kenya", k=4)) == 4


class TestHybridRetrieverStandard(RetrieversIntegrationTests):
    """LangChain's standard retriever suite, run against the real index of seeds/."""

    bot: Assistant | None = None

    @pytest.fixture(autouse=True)
    def _bot(self, seed_bot: Assistant) -> None:
        type(self).bot = seed_bot

    @property
    def retriever_constructor(self) -> type[BaseRetriever]:
        return HybridRetriever

    @property
    def retriever_constructor_params(self) -> dict:
        assert self.bot is not None
        return {"searcher": self.bot.searcher}

    @property
    def retriever_query_example(self) -> str:
        return "What did the Taliban say about the Islamic State?"


def test_retriever_returns_documents(seed_bot: Assistant) -> None:
    docs = seed_bot.retriever(k=2).invoke("Kunduz mosque bombing")
    assert len(docs) == 2 and all(isinstance(d, Document) for d in docs)

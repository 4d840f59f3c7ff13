"""The vector-engine seam: a LangChain VectorStore instead of FAISS gives the same hits.

Real pieces: the index of tests/articles, LangChain's InMemoryVectorStore (and
community FAISS, an L2-distance store, when langchain-community is installed).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from langchain_core.documents import Document
from langchain_core.embeddings import DeterministicFakeEmbedding
from langchain_core.vectorstores import InMemoryVectorStore, VectorStore

from assistant import Assistant
from assistant.errors import StaleIndexError
from assistant.retrieval.backends import (
    _TO_COSINE,
    PassageEmbeddings,
    VectorStoreBackend,
    export_to_vectorstore,
    passage_rows,
)
from assistant.retrieval.hybrid import HybridSearcher

QUESTIONS = [
    "How many workers were hurt in the Port Alden warehouse fire?",
    "Who owns the grain warehouse that burned?",
    "How long did firefighters take to control the blaze?",
    "How much will the footbridge over the Velna River cost?",
    "Why did two councillors vote against the bridge?",
    "Who designed the footbridge?",
    "Which bees pollinated apple blossoms best?",
    "How much more fruit did orchards with wildflower strips produce?",
]


@pytest.fixture(scope="module")
def memory_store(own_bot: Assistant) -> InMemoryVectorStore:
    store = InMemoryVectorStore(embedding=PassageEmbeddings(own_bot.embedder))
    assert export_to_vectorstore(own_bot.data, store, batch_size=4) == len(own_bot.data.passages)
    return store


def _ids(searcher: HybridSearcher, question: str, k: int) -> list[str]:
    return [hit.passage.id for hit in searcher.search(question, k=k)]


def test_export_holds_each_passage_with_its_own_vector(
    own_bot: Assistant, memory_store: InMemoryVectorStore
) -> None:
    data = own_bot.data
    assert len(memory_store.store) == len(data.passages)
    for row, passage in enumerate(data.passages):
        (doc,) = memory_store.get_by_ids([passage.id])
        assert doc.page_content == passage.text
        assert doc.metadata == {
            "source": passage.source,
            "title": passage.title,
            "start": passage.start,
            "end": passage.end,
            "passage_id": passage.id,
        }
        stored = np.asarray(memory_store.store[passage.id]["vector"], dtype=np.float32)
        assert np.array_equal(stored, data.passage_vectors[row])  # exported, not re-embedded


@pytest.mark.parametrize("question", QUESTIONS)
def test_backend_gives_the_rows_and_cosines_of_faiss(
    own_bot: Assistant, memory_store: InMemoryVectorStore, question: str
) -> None:
    backend = VectorStoreBackend(memory_store, passage_rows(own_bot.data))
    assert len(backend) == len(own_bot.data.dense)
    query = own_bot.embedder.encode_query(question)
    ours, faiss = backend.search(query, 6), own_bot.data.dense.search(query, 6)
    assert [row for row, _ in ours] == [row for row, _ in faiss]
    assert [s for _, s in ours] == pytest.approx([s for _, s in faiss], abs=1e-5)


@pytest.mark.parametrize("fetch_k", [30, 1])  # 30: every passage; 1: 2 * k of them
@pytest.mark.parametrize("question", QUESTIONS)
def test_hybrid_search_returns_the_same_passages_in_the_same_order(
    own_bot: Assistant, memory_store: InMemoryVectorStore, question: str, fetch_k: int
) -> None:
    data, embedder = own_bot.data, own_bot.embedder
    settings = own_bot.settings.retrieval.model_copy(update={"fetch_k": fetch_k})
    k = 3 if fetch_k == 1 else 5
    local = HybridSearcher(data, embedder, settings)
    assert local.dense is data.dense
    remote = HybridSearcher(
        data, embedder, settings, dense=VectorStoreBackend(memory_store, passage_rows(data))
    )
    assert _ids(remote, question, k) == _ids(local, question, k)


def test_an_assistant_answers_the_same_through_the_store(
    own_bot: Assistant, memory_store: InMemoryVectorStore
) -> None:
    backend = VectorStoreBackend(memory_store, passage_rows(own_bot.data))
    remote = Assistant(own_bot.settings, own_bot.embedder, own_bot.data, dense=backend)
    assert remote.searcher.dense is backend
    for question in QUESTIONS[:4]:
        here, there = own_bot.ask(question), remote.ask(question)
        assert there.text == here.text and there.citations == here.citations


def test_local_scores_from_a_store_that_gives_none(
    own_bot: Assistant, memory_store: InMemoryVectorStore
) -> None:
    data = own_bot.data
    store = _ScorelessStore(memory_store)
    with pytest.raises(TypeError, match="score='local'"):
        VectorStoreBackend(store, passage_rows(data))
    backend = VectorStoreBackend(
        store, passage_rows(data), score="local", vectors=data.passage_vectors
    )
    local = HybridSearcher(data, own_bot.embedder, own_bot.settings.retrieval)
    remote = HybridSearcher(data, own_bot.embedder, own_bot.settings.retrieval, dense=backend)
    for question in QUESTIONS[:3]:
        query = own_bot.embedder.encode_query(question)
        ours, faiss = backend.search(query, 5), data.dense.search(query, 5)
        assert [row for row, _ in ours] == [row for row, _ in faiss]
        assert [s for _, s in ours] == pytest.approx([s for _, s in faiss], abs=1e-5)
        assert _ids(remote, question, 5) == _ids(local, question, 5)


def test_an_l2_distance_store_through_add_embeddings(own_bot: Assistant) -> None:
    faiss_store = pytest.importorskip("langchain_community.vectorstores.faiss")
    docstore = pytest.importorskip("langchain_community.docstore.in_memory")
    data = own_bot.data
    index = faiss_store.dependable_faiss_import().IndexFlatL2(data.passage_vectors.shape[1])
    store = faiss_store.FAISS(
        embedding_function=DeterministicFakeEmbedding(size=data.passage_vectors.shape[1]),
        index=index,
        docstore=docstore.InMemoryDocstore(),
        index_to_docstore_id={},
    )  # add_embeddings: the fake embedding is never asked
    export_to_vectorstore(data, store)
    backend = VectorStoreBackend(store, passage_rows(data), score="squared_euclidean")
    local = HybridSearcher(data, own_bot.embedder, own_bot.settings.retrieval)
    remote = HybridSearcher(data, own_bot.embedder, own_bot.settings.retrieval, dense=backend)
    for question in QUESTIONS:
        query = own_bot.embedder.encode_query(question)
        ours, faiss = backend.search(query, 5), data.dense.search(query, 5)
        assert [row for row, _ in ours] == [row for row, _ in faiss]
        assert [s for _, s in ours] == pytest.approx([s for _, s in faiss], abs=1e-5)
        assert _ids(remote, question, 5) == _ids(local, question, 5)


def test_a_passage_the_index_does_not_hold_is_an_error_naming_it(own_bot: Assistant) -> None:
    """A store out of step with the index (another generation) fails loudly, not quietly."""
    data = own_bot.data
    question = QUESTIONS[0]
    store = InMemoryVectorStore(embedding=PassageEmbeddings(own_bot.embedder))
    export_to_vectorstore(data, store)
    store.add_documents([Document(page_content=question, metadata={"passage_id": "gone#7"})])
    searcher = HybridSearcher(
        data,
        own_bot.embedder,
        own_bot.settings.retrieval,
        dense=VectorStoreBackend(store, passage_rows(data)),
    )
    with pytest.raises(StaleIndexError) as caught:
        searcher.search(question, k=3)
    message = str(caught.value)
    assert "'gone#7'" in message and "\n" not in message


def test_export_refuses_a_store_it_cannot_hand_vectors_to(own_bot: Assistant) -> None:
    store = InMemoryVectorStore(embedding=DeterministicFakeEmbedding(size=8))
    with pytest.raises(TypeError, match="InMemoryVectorStore has no add_embeddings"):
        export_to_vectorstore(own_bot.data, store)
    assert not store.store


@pytest.mark.parametrize("kind", sorted(_TO_COSINE))
def test_each_score_kind_becomes_the_cosine(kind: str) -> None:
    rng = np.random.default_rng(7)
    a, b = rng.normal(size=(2, 384))
    a, b = a / np.linalg.norm(a), b / np.linalg.norm(b)
    cos, dist = float(a @ b), float(np.linalg.norm(a - b))
    raw = {
        "cosine": cos,
        "cosine_distance": 1 - cos,
        "euclidean": dist,
        "squared_euclidean": dist**2,
        "shifted_cosine": (1 + cos) / 2,
    }[kind]
    assert _TO_COSINE[kind](raw) == pytest.approx(cos, abs=1e-9)


class _ScorelessStore(VectorStore):
    """A store that finds documents by vector but reports no scores."""

    def __init__(self, inner: InMemoryVectorStore) -> None:
        self.inner = inner

    def similarity_search_by_vector(
        self, embedding: list[float], k: int = 4, **kwargs: Any
    ) -> list[Document]:
        return self.inner.similarity_search_by_vector(embedding, k=k)

    def similarity_search(self, query: str, k: int = 4, **kwargs: Any) -> list[Document]:
        return self.inner.similarity_search(query, k=k)

    @classmethod
    def from_texts(cls, *args: Any, **kwargs: Any) -> _ScorelessStore:
        raise NotImplementedError

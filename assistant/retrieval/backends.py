"""The dense half of retrieval, elsewhere: any LangChain ``VectorStore`` as the dense search.

``VectorStoreBackend`` wraps a store (Elasticsearch, OpenSearch, Qdrant, Milvus,
pgvector, ...) so that ``HybridSearcher(..., dense=backend)`` asks it for the
nearest passages instead of FAISS; BM25, fusion, MMR and answering stay as they
are and keep reading the local passage vectors and docstore.
``export_to_vectorstore`` loads an index's passages, with the vectors already
computed at ingest, into a store. See docs/scaling.md.
"""

from __future__ import annotations

import inspect
from collections import deque
from collections.abc import Callable, Mapping
from typing import Any, Literal

import numpy as np
from langchain_core.documents import Document
from langchain_core.embeddings import Embeddings
from langchain_core.vectorstores import VectorStore

from assistant.embedding.embedder import Embedder
from assistant.embedding.vectors import Vectors
from assistant.errors import StaleIndexError
from assistant.index.store import IndexData
from assistant.retrieval.hybrid import passage_document

# What a store's score means, for L2-normalised vectors (ours are), and how it
# becomes the cosine similarity fusion expects. "local" ignores the store's
# score and takes the dot product with the local passage vector instead.
ScoreKind = Literal[
    "cosine", "cosine_distance", "euclidean", "squared_euclidean", "shifted_cosine", "local"
]
_TO_COSINE: dict[str, Callable[[float], float]] = {
    "cosine": lambda s: s,  # cosine similarity, or inner product of unit vectors
    "cosine_distance": lambda d: 1.0 - d,  # 1 - cos
    "euclidean": lambda d: 1.0 - d * d / 2.0,  # |a - b|, and |a - b|^2 = 2 - 2 cos
    "squared_euclidean": lambda d: 1.0 - d / 2.0,  # |a - b|^2
    "shifted_cosine": lambda s: 2.0 * s - 1.0,  # (1 + cos) / 2
}
# Search-by-vector methods that return (document, score), in the order tried.
_SCORED_SEARCHES = (
    "similarity_search_with_score_by_vector",  # InMemory, Qdrant, FAISS, pgvector, Chroma
    "similarity_search_by_vector_with_relevance_scores",  # Elasticsearch
)


def passage_rows(data: IndexData) -> dict[str, int]:
    """Passage id -> row in the index, the map ``VectorStoreBackend`` needs."""
    return {p.id: row for row, p in enumerate(data.passages)}


class VectorStoreBackend:
    """A LangChain vector store as the dense search of ``HybridSearcher``.

    Args:
        store: Holds this index's passages (see ``export_to_vectorstore``).
        rows: Passage id -> row of the local index (``passage_rows(data)``).
            A returned document is matched by its ``passage_id`` metadata,
            else by its id.
        score: What the store's scores are (``_TO_COSINE``): ``"cosine"`` for
            InMemoryVectorStore, Qdrant (COSINE, DOT), Milvus (COSINE, IP), FAISS
            with MAX_INNER_PRODUCT; ``"cosine_distance"`` for pgvector (COSINE),
            Chroma (space "cosine"); ``"squared_euclidean"`` for community FAISS's
            default index, Chroma's default "l2", Milvus L2; ``"euclidean"`` for
            Qdrant EUCLID, pgvector EUCLIDEAN; ``"shifted_cosine"`` for
            Elasticsearch (cosine, dot_product). ``"local"`` recomputes the cosine
            from ``vectors`` (exact for any store; needed when the store gives no
            scores by vector).
        vectors: The local passage vectors (``data.passage_vectors``), for "local".
        search_kwargs: Passed to the store's search (a filter, a num_candidates).

    Raises:
        TypeError: the store cannot search by vector, or gives no scores and
            ``score`` is not "local".
        ValueError: ``score`` is "local" without ``vectors``.
    """

    def __init__(
        self,
        store: VectorStore,
        rows: dict[str, int],
        *,
        score: ScoreKind = "cosine",
        vectors: Vectors | None = None,
        search_kwargs: Mapping[str, Any] | None = None,
    ) -> None:
        name = type(store).__name__
        if score == "local" and vectors is None:
            raise ValueError("score='local' needs vectors=data.passage_vectors")
        if score != "local" and score not in _TO_COSINE:
            raise ValueError(f"unknown score kind {score!r}; one of {sorted(_TO_COSINE)}")
        scored = next((m for m in _SCORED_SEARCHES if hasattr(store, m)), None)
        by_vector = type(store).similarity_search_by_vector is not (
            VectorStore.similarity_search_by_vector
        )
        if scored is None and not by_vector:
            raise TypeError(f"{name} cannot search by vector")
        if scored is None and score != "local":
            raise TypeError(
                f"{name} returns no scores by vector; "
                "use score='local' with vectors=data.passage_vectors"
            )
        self.store = store
        self.rows = rows
        self.score = score
        self._vectors = vectors
        self._scored_search = getattr(store, scored) if scored else None
        self._kwargs = dict(search_kwargs or {})

    def __len__(self) -> int:
        """Passages the store is expected to hold: those of the local index."""
        return len(self.rows)

    def search(self, query: Vectors, k: int) -> list[tuple[int, float]]:
        """Rows and cosine similarities of the ``k`` nearest passages, best first.

        Raises:
            StaleIndexError: the store returned a passage this index does not hold.
        """
        if k <= 0:
            return []
        vector = np.asarray(query, dtype=np.float32).reshape(-1)
        found = self._search(vector.tolist(), k)
        scores: dict[int, float] = {}
        for doc, score in found:
            scores.setdefault(self._row(doc), score)
        if self.score == "local":
            assert self._vectors is not None
            rows = list(scores)
            cosines = (np.asarray(self._vectors[rows]) @ vector).tolist() if rows else []
            hits = list(zip(rows, cosines, strict=True))
        else:
            convert = _TO_COSINE[self.score]
            hits = [(row, min(1.0, max(-1.0, convert(s)))) for row, s in scores.items()]
        return sorted(hits, key=lambda hit: -hit[1])

    def _search(self, embedding: list[float], k: int) -> list[tuple[Document, float]]:
        if self._scored_search is not None:
            found = self._scored_search(embedding, k=k, **self._kwargs)
            return [(doc, float(score)) for doc, score in found]
        docs = self.store.similarity_search_by_vector(embedding, k=k, **self._kwargs)
        return [(doc, 0.0) for doc in docs]

    def _row(self, doc: Document) -> int:
        passage_id = doc.metadata.get("passage_id") or doc.id
        if passage_id is None:
            raise StaleIndexError(
                "vector store returned a document with neither an id nor passage_id "
                f"metadata ({doc.page_content[:40]!r}); export the index to it again"
            )
        row = self.rows.get(str(passage_id))
        if row is None:
            raise StaleIndexError(
                f"vector store returned passage id {passage_id!r}, which this index "
                "does not hold; export the index to it again"
            )
        return row


class PassageEmbeddings(Embeddings):
    """An embedding function that hands a store the index's own passage vectors.

    For stores without ``add_embeddings`` (InMemoryVectorStore, Qdrant): build
    the store with it, and ``export_to_vectorstore`` passes the stored vectors
    through ``add_documents``; nothing is embedded again. Every other text (a
    query, a store's probe text, a document added later) is embedded by
    ``embedder``. One export at a time per instance.
    """

    def __init__(self, embedder: Embedder | None = None) -> None:
        self.embedder = embedder
        self._pending: deque[tuple[str, list[float]]] = deque()

    def expect(self, texts: list[str], vectors: Vectors) -> None:
        """The next ``embed_documents`` calls get these texts: return these vectors."""
        self._pending.extend(zip(texts, np.asarray(vectors).tolist(), strict=True))

    def clear(self) -> int:
        """Forget vectors not asked for; returns how many there were."""
        left = len(self._pending)
        self._pending.clear()
        return left

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if not self._pending:
            return self._encode(texts)
        vectors: list[list[float]] = []
        for text in texts:
            if not self._pending or self._pending[0][0] != text:
                self._pending.clear()
                raise ValueError(
                    f"the store asked for a vector of {text[:40]!r} in the middle of an export"
                )
            vectors.append(self._pending.popleft()[1])
        return vectors

    def embed_query(self, text: str) -> list[float]:
        if self.embedder is None:
            raise ValueError("PassageEmbeddings without an embedder cannot embed a query")
        vector: list[float] = self.embedder.encode_query(text).tolist()
        return vector

    def _encode(self, texts: list[str]) -> list[list[float]]:
        if self.embedder is None:
            raise ValueError("PassageEmbeddings without an embedder cannot embed new texts")
        vectors: list[list[float]] = self.embedder.encode(texts).tolist()
        return vectors


def export_to_vectorstore(
    data: IndexData,
    store: VectorStore,
    *,
    batch_size: int = 512,
    store_id: Callable[[str], str] | None = None,
) -> int:
    """Load every passage of ``data``, with its precomputed vector, into ``store``.

    Documents are ``passage_document(p)``; their ids are the passage ids, or
    ``store_id(passage_id)`` for a store that wants other ids (Qdrant takes
    UUIDs or integers only). The store gets the vectors through its
    ``add_embeddings`` (community FAISS, Elasticsearch: text/vector pairs;
    pgvector: texts and embeddings), else through ``add_documents`` when it
    was built with ``PassageEmbeddings``.

    Returns:
        The number of passages exported.

    Raises:
        TypeError: the store has neither way in.
    """
    add = _vector_adder(store)
    total = len(data.passages)
    for first in range(0, total, batch_size):
        passages = data.passages[first : first + batch_size]
        vectors = np.asarray(data.passage_vectors[first : first + len(passages)], np.float32)
        docs = [passage_document(p) for p in passages]
        ids = [store_id(p.id) if store_id else p.id for p in passages]
        add(docs, vectors, ids)
    return total


_Adder = Callable[[list[Document], Vectors, list[str]], None]


def _vector_adder(store: VectorStore) -> _Adder:
    add_embeddings: Any = getattr(store, "add_embeddings", None)
    params = set(inspect.signature(add_embeddings).parameters) if add_embeddings else set()
    if "text_embeddings" in params or {"texts", "embeddings"} <= params:

        def add(docs: list[Document], vectors: Vectors, ids: list[str]) -> None:
            texts = [d.page_content for d in docs]
            metadatas = [d.metadata for d in docs]
            rows: list[list[float]] = vectors.tolist()
            if "text_embeddings" in params:
                pairs = list(zip(texts, rows, strict=True))
                add_embeddings(text_embeddings=pairs, metadatas=metadatas, ids=ids)
            else:
                add_embeddings(texts=texts, embeddings=rows, metadatas=metadatas, ids=ids)

        return add
    embeddings = getattr(store, "embeddings", None)
    if isinstance(embeddings, PassageEmbeddings):
        passage_embeddings = embeddings

        def feed(docs: list[Document], vectors: Vectors, ids: list[str]) -> None:
            passage_embeddings.expect([d.page_content for d in docs], vectors)
            try:
                store.add_documents(docs, ids=ids)
            finally:
                left = passage_embeddings.clear()
            if left:
                raise ValueError(f"{type(store).__name__} took {left} vectors fewer than given")

        return feed
    raise TypeError(
        f"{type(store).__name__} has no add_embeddings; build it with "
        "embedding=PassageEmbeddings(embedder) to export precomputed vectors into it"
    )

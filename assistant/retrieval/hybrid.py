"""Hybrid retrieval: dense + BM25, fused, de-duplicated, source-diverse.

1. Dense (cosine) and BM25 candidates, ``fetch_k`` of each.
2. Convex fusion of normalised scores: ``w * dense + (1 - w) * bm25``, each
   scaled to [0, 1] over the candidates. Rank fusion (RRF) was tried first; it
   throws away how far ahead a candidate is, and lost passages that BM25 ranked
   first by a wide margin but the dense model ranked tenth.
3. MMR over the fused list drops near-duplicates (syndicated copies of one
   story would otherwise fill every slot).
4. Source diversity: an article whose best candidate is about as relevant as
   the top one gets a slot, so two reports of one event both come back.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt
from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict, Field

from assistant.embedding.embedder import Embedder
from assistant.embedding.vectors import Vectors
from assistant.errors import DamagedPassageError
from assistant.index.store import IndexData
from assistant.models import Passage
from assistant.retrieval.filters import ArticleFilter, admitted_rows
from assistant.settings import RetrievalSettings


class DenseBackend(Protocol):
    """The dense half of retrieval: FAISS (``DenseIndex``) or a vector engine.

    ``assistant.retrieval.backends.VectorStoreBackend`` makes any LangChain ``VectorStore``
    one (see docs/scaling.md).
    """

    def __len__(self) -> int: ...

    def search(self, query: Vectors, k: int, /) -> list[tuple[int, float]]:
        """Rows and cosine similarities of the ``k`` nearest passages (L2-normalised query)."""
        ...


@dataclass
class Hit:
    """One retrieved passage with the evidence for its rank."""

    row: int
    passage: Passage
    score: float  # fused score in [0, 1]
    dense: float  # cosine similarity to the question (0 when not a dense candidate)
    bm25: float  # BM25 score (0 when not a keyword candidate)

    def to_document(self) -> Document:
        return passage_document(
            self.passage,
            kind=self.passage.kind,
            score=round(self.score, 6),
            dense_score=round(self.dense, 4),
            bm25_score=round(self.bm25, 4),
        )


def passage_document(passage: Passage, **extra: Any) -> Document:
    """A passage as a LangChain Document: its exact text, ids and offsets as metadata."""
    return Document(
        page_content=passage.text,
        id=passage.id,
        metadata={
            "source": passage.source,
            "title": passage.title,
            "start": passage.start,
            "end": passage.end,
            "passage_id": passage.id,
            **{
                key: getattr(passage, key)
                for key in ("outlet", "date", "author", "url", "text_file")
                if getattr(passage, key)
            },
            **extra,
        },
    )


class HybridSearcher:
    """Searches one loaded index with one embedding model.

    ``dense`` replaces the index's FAISS search (``data.dense``) for the dense
    candidates; BM25, fusion, MMR and diversity still read ``data``. ``where``
    limits the search to some articles (:meth:`restricted` makes such a view).
    """

    def __init__(
        self,
        data: IndexData,
        embedder: Embedder,
        settings: RetrievalSettings,
        *,
        dense: DenseBackend | None = None,
        check: Callable[[Passage], bool] | None = None,
    ) -> None:
        self.data = data
        self.embedder = embedder
        self.settings = settings
        self.dense: DenseBackend = dense if dense is not None else data.dense
        self.check = check
        self.damaged_rows: set[int] = set()  # rows that could not be read or checked
        self.where = ArticleFilter()
        self._admitted: dict[ArticleFilter, npt.NDArray[np.int64]] = {}

    def restricted(self, where: ArticleFilter) -> HybridSearcher:
        """A view of this searcher that returns passages of the articles ``where`` admits
        only (it shares the index, the checks and the cache of admitted rows)."""
        if where == self.where:
            return self
        view = copy.copy(self)
        view.where = where
        return view

    def admitted(self) -> npt.NDArray[np.int64] | None:
        """The rows the filter admits; None when there is no filter."""
        if not self.where:
            return None
        if self.where not in self._admitted:
            self._admitted[self.where] = admitted_rows(self.data, self.where)
        return self._admitted[self.where]

    def search(self, query: str, *, k: int | None = None) -> list[Hit]:
        """The ``k`` best passages for ``query``, best first."""
        k = self.settings.k(k)
        query_vector = self.embedder.encode_query(query)
        return self.search_vector(query, query_vector, k=k)

    def search_vector(self, query: str, query_vector: Vectors, *, k: int) -> list[Hit]:
        fetch = max(self.settings.fetch_k, 2 * k)
        admitted = self.admitted()
        if admitted is None:
            dense = self.dense.search(query_vector, fetch)
            sparse = self.data.sparse.search(query, fetch)
        else:
            dense, sparse = self._search_within(admitted, query, query_vector, fetch)
        candidates = self._fuse(dense, sparse, np.asarray(query_vector, dtype=np.float32))
        chosen = self._mmr(candidates, k)
        return self._diversify(chosen, candidates, k)

    def _search_within(
        self, rows: npt.NDArray[np.int64], query: str, query_vector: Vectors, fetch: int
    ) -> tuple[list[tuple[int, float]], list[tuple[int, float]]]:
        """Dense and BM25 candidates among ``rows`` only: exact cosine over them, and BM25
        over the whole index with the others left out."""
        if not len(rows):
            return [], []
        cosines = np.asarray(self.data.passage_vectors[rows]) @ np.asarray(query_vector)
        best = np.argsort(-cosines, kind="stable")[:fetch]
        dense = [(int(rows[i]), float(cosines[i])) for i in best]
        allowed = set(rows.tolist())
        everything = self.data.sparse.search(query, len(self.data.passages))
        sparse = [(row, score) for row, score in everything if row in allowed][:fetch]
        return dense, sparse

    def _fuse(
        self, dense: list[tuple[int, float]], sparse: list[tuple[int, float]], query: Vectors
    ) -> list[Hit]:
        hits: dict[int, Hit] = {}
        self.data.passages.prefetch([row for row, _ in dense] + [row for row, _ in sparse])
        for row, score in dense:
            if (passage := self._passage(row)) is not None:
                hits[row] = Hit(row, passage, 0.0, score, 0.0)
        for row, score in sparse:
            if row in hits:
                hits[row].bm25 = score
            elif (passage := self._passage(row)) is not None:
                hits[row] = Hit(row, passage, 0.0, 0.0, score)
        dense = [(row, score) for row, score in dense if row in hits]
        if not hits:
            return []
        # A dense candidate missing from BM25 scored 0 there, and vice versa; a
        # BM25-only candidate gets its true cosine so both scales stay honest.
        missing = [h.row for h in hits.values() if h.row not in dict(dense)]
        if missing:
            vectors = np.asarray(self.data.passage_vectors[missing])
            for row, cos in zip(missing, vectors @ query, strict=True):
                hits[row].dense = float(cos)
        low = min(h.dense for h in hits.values())
        high = max(h.dense for h in hits.values())
        top_bm25 = max(h.bm25 for h in hits.values()) or 1.0
        w = self.settings.dense_weight
        for h in hits.values():
            dense_norm = (h.dense - low) / (high - low) if high > low else 1.0
            h.score = w * dense_norm + (1 - w) * h.bm25 / top_bm25
        return sorted(hits.values(), key=lambda h: -h.score)

    def _passage(self, row: int) -> Passage | None:
        """The passage of a row; None (and the row noted) when it is damaged or no
        longer matches its article file, so that it is never shown or quoted."""
        if row in self.damaged_rows:
            return None
        try:
            passage = self.data.passages[row]
        except DamagedPassageError:
            self.damaged_rows.add(row)
            return None
        if self.check is not None and not self.check(passage):
            self.damaged_rows.add(row)
            return None
        return passage

    def _mmr(self, candidates: list[Hit], k: int) -> list[Hit]:
        if not candidates:
            return []
        vectors = np.asarray(self.data.passage_vectors[[h.row for h in candidates]])
        similarity = vectors @ vectors.T
        # Spread relevance over [0, 1] so that relevance, not novelty, leads MMR.
        fused = np.array([h.score for h in candidates])
        spread = fused.max() - fused.min()
        relevance = (fused - fused.min()) / spread if spread > 0 else np.ones_like(fused)
        lam = self.settings.mmr_lambda
        chosen: list[int] = []
        left = list(range(len(candidates)))
        while left and len(chosen) < k:
            best = max(
                left,
                key=lambda i: (
                    lam * relevance[i]
                    - (1 - lam) * max((similarity[i, j] for j in chosen), default=0.0)
                ),
            )
            left.remove(best)
            if all(similarity[best, j] < self.settings.duplicate_cosine for j in chosen):
                chosen.append(best)
        return [candidates[i] for i in chosen]

    def _diversify(self, chosen: list[Hit], candidates: list[Hit], k: int) -> list[Hit]:
        if not chosen or k < 2:
            return chosen
        top_dense = max(h.dense for h in candidates)
        have = {h.passage.source for h in chosen}
        for source, best in _best_per_source(candidates).items():
            if source in have or best.dense < top_dense - self.settings.diversity_margin:
                continue
            if self._duplicate(best, chosen):  # a syndicated copy is not another view
                continue
            # Give the slot of the weakest hit of the most represented article.
            counts = {s: sum(h.passage.source == s for h in chosen) for s in have}
            crowded = max(counts, key=lambda s: counts[s])
            if counts[crowded] < 2 and len(chosen) >= k:
                continue
            if len(chosen) >= k:
                weakest = max(i for i, h in enumerate(chosen) if h.passage.source == crowded)
                chosen.pop(weakest)
            chosen.append(best)
            have.add(source)
        return sorted(chosen, key=lambda h: -h.score)

    def _duplicate(self, hit: Hit, chosen: list[Hit]) -> bool:
        vectors = self.data.passage_vectors
        return any(
            float(np.dot(vectors[hit.row], vectors[h.row])) >= self.settings.duplicate_cosine
            for h in chosen
        )


def _best_per_source(candidates: list[Hit]) -> dict[str, Hit]:
    best: dict[str, Hit] = {}
    for hit in candidates:
        current = best.get(hit.passage.source)
        if current is None or hit.dense > current.dense:
            best[hit.passage.source] = hit
    return best


class HybridRetriever(BaseRetriever):
    """LangChain retriever over the hybrid index.

    Documents carry ``source``, ``title``, ``start``, ``end`` and ``passage_id``
    in their metadata (plus ``kind`` and the fused, dense and BM25 scores).
    """

    model_config = ConfigDict(arbitrary_types_allowed=True)

    searcher: Any = Field(description="A HybridSearcher over a loaded index.")
    k: int = Field(5, ge=1, description="Documents returned per query.")

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun, **kwargs: Any
    ) -> list[Document]:
        k = int(kwargs.get("k", self.k))
        return [hit.to_document() for hit in self.searcher.search(query, k=k)]

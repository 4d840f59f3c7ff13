"""Dense vector search. The only module that imports FAISS.

Small indexes are exact (``IndexFlatIP``). From ``approximate_above`` vectors
on, an inverted-file index (``IndexIVFFlat``) searches only the ``nprobe``
clusters nearest the question; ``nprobe`` is chosen at build time as the
smallest that finds at least ``min_recall`` of the exact top 10 on sample
queries, and recorded with the other parameters in the manifest. Both kinds
are opened memory-mapped: opening does not copy the vectors into RAM.
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from assistant.embedding.vectors import Vectors

DenseKind = Literal["flat", "ivf", "hnsw"]
_PROBES = (1, 2, 4, 8, 16, 24, 32, 48, 64, 96, 128, 192, 256)


def _faiss() -> Any:
    import faiss

    return faiss


@contextlib.contextmanager
def _one_thread() -> Iterator[None]:
    """Search on one OpenMP thread, then restore the calling thread's setting.

    On 2 cores one thread searches a 300k flat index faster than two (29 vs 42 ms)
    and leaves the other core to a concurrent question. The setting is the calling
    thread's and is shared with torch (same OpenMP runtime): it is put back at once,
    or torch would encode on one thread too.
    """
    faiss = _faiss()
    before = faiss.omp_get_max_threads()
    faiss.omp_set_num_threads(1)
    try:
        yield
    finally:
        faiss.omp_set_num_threads(before)


class DenseParams(BaseModel):
    """How a dense index was built; written to the manifest."""

    model_config = ConfigDict(extra="forbid")
    kind: DenseKind = Field(
        "flat",
        description="flat: exact; ivf: inverted file (FAISS); hnsw: graph (pgvector); "
        "the last two approximate.",
    )
    nlist: int = Field(0, description="IVF clusters (0 for flat).")
    nprobe: int = Field(0, description="IVF clusters searched per question (0 for flat).")
    trained_on: int = Field(0, description="Vectors the IVF clustering was trained on.")
    recall_at_10: float = Field(
        1.0, description="Share of the exact top 10 the index found on the calibration queries."
    )
    calibration_queries: int = Field(0, description="Queries recall_at_10 was measured on.")
    hnsw_m: int = Field(0, description="HNSW links per node (0 unless hnsw).")
    hnsw_ef_construction: int = Field(0, description="HNSW build beam width (0 unless hnsw).")


class DenseIndex:
    """Inner-product search over L2-normalised vectors (cosine similarity)."""

    def __init__(self, index: Any, params: DenseParams) -> None:
        self._index = index
        self.params = params
        if params.kind == "ivf":
            self._index.nprobe = params.nprobe

    @classmethod
    def build(
        cls,
        vectors: Vectors,
        *,
        approximate_above: int = 100_000,
        min_recall: float = 0.97,
        seed: int = 0,
    ) -> DenseIndex:
        """An exact index, or an IVF one when there are more than ``approximate_above`` vectors."""
        return cls._build(_faiss(), vectors, approximate_above, min_recall, seed)

    @classmethod
    def _build(
        cls, faiss: Any, vectors: Vectors, approximate_above: int, min_recall: float, seed: int
    ) -> DenseIndex:
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        n, dim = (int(vectors.shape[0]), int(vectors.shape[1])) if vectors.ndim == 2 else (0, 0)
        if n <= approximate_above or n < 1000:
            index = faiss.IndexFlatIP(max(dim, 1))
            if n:
                index.add(vectors)
            return cls(index, DenseParams())
        nlist = max(16, int(2 * math.sqrt(n)) // 8 * 8)
        rng = np.random.default_rng(seed)
        sample = vectors[np.sort(rng.choice(n, size=min(n, 40 * nlist), replace=False))]
        index = faiss.IndexIVFFlat(faiss.IndexFlatIP(dim), dim, nlist, faiss.METRIC_INNER_PRODUCT)
        index.cp.seed = seed
        index.train(sample)
        index.add(vectors)
        nprobe, recall, queries = _calibrate(index, vectors, min_recall, rng)
        params = DenseParams(
            kind="ivf",
            nlist=nlist,
            nprobe=nprobe,
            trained_on=len(sample),
            recall_at_10=round(recall, 4),
            calibration_queries=queries,
        )
        return cls(index, params)

    @classmethod
    def load(cls, path: Path, params: DenseParams) -> DenseIndex:
        faiss = _faiss()
        # Flat codes map with MMAP_IFC; IVF lists with MMAP (the two do not combine).
        mapped = faiss.IO_FLAG_MMAP_IFC if params.kind == "flat" else faiss.IO_FLAG_MMAP
        flags = mapped | faiss.IO_FLAG_READ_ONLY
        return cls(faiss.read_index(str(path), flags), params)

    def save(self, path: Path) -> None:
        _faiss().write_index(self._index, str(path))

    def __len__(self) -> int:
        return int(self._index.ntotal)

    def search(self, query: Vectors, k: int) -> list[tuple[int, float]]:
        """Row numbers and cosine scores of the ``k`` nearest vectors."""
        k = min(k, len(self))
        if k <= 0:
            return []
        with _one_thread():
            scores, rows = self._index.search(query.reshape(1, -1).astype(np.float32), k)
        return [(int(r), float(s)) for r, s in zip(rows[0], scores[0], strict=True) if r >= 0]

    def search_many(self, queries: Vectors, k: int) -> tuple[np.ndarray, np.ndarray]:
        """Scores and rows, one row per query (for benchmarks and calibration)."""
        with _one_thread():
            scores, rows = self._index.search(np.ascontiguousarray(queries, dtype=np.float32), k)
        return scores, rows


def calibration_queries(vectors: Vectors, count: int, rng: np.random.Generator) -> Vectors:
    """Stand-in questions: stored vectors pushed away by noise to cosine ~0.8 of their source.

    A stored vector itself would be found trivially. Measured on 300k vectors
    mixed from real MiniLM passage vectors, with 200 real questions: the nprobe
    these queries pick at recall 0.97 (64) found 0.997 of the questions' exact
    top 10; noise to cosine 0.6 picked 256 (4x slower) for 1.000, and 0.9 picked
    32 for 0.987.
    """
    picks = vectors[rng.choice(len(vectors), size=min(count, len(vectors)), replace=False)]
    noise = rng.standard_normal(picks.shape).astype(np.float32)
    noise *= 0.75 / np.linalg.norm(noise, axis=1, keepdims=True)
    queries = picks + noise
    out: Vectors = (queries / np.linalg.norm(queries, axis=1, keepdims=True)).astype(np.float32)
    return out


def recall_at(found: np.ndarray, exact: np.ndarray) -> float:
    """Mean share of each exact result row that the approximate search found too."""
    hits = [
        len(set(f) & set(e)) / len(e) for f, e in zip(found.tolist(), exact.tolist(), strict=True)
    ]
    return float(np.mean(hits))


def _calibrate(
    index: Any, vectors: Vectors, min_recall: float, rng: np.random.Generator
) -> tuple[int, float, int]:
    """The smallest nprobe reaching ``min_recall`` at 10 on sample queries."""
    faiss = _faiss()
    queries = calibration_queries(vectors, 256, rng)
    _, truth = faiss.knn(queries, vectors, 10, metric=faiss.METRIC_INNER_PRODUCT)
    recall = 0.0
    for nprobe in [p for p in _PROBES if p <= index.nlist] or [index.nlist]:
        index.nprobe = nprobe
        _, found = index.search(queries, 10)
        recall = recall_at(found, truth)
        if recall >= min_recall:
            break
    return int(index.nprobe), recall, len(queries)

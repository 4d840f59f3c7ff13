"""Dense vector search. The only module that imports FAISS."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from assistant.embeddings import Vectors


def _faiss() -> Any:
    import faiss

    return faiss


class DenseIndex:
    """Exact inner-product search over L2-normalised vectors (cosine similarity)."""

    def __init__(self, index: Any) -> None:
        self._index = index

    @classmethod
    def build(cls, vectors: Vectors) -> DenseIndex:
        faiss = _faiss()
        index = faiss.IndexFlatIP(int(vectors.shape[1]))
        if len(vectors):
            index.add(np.ascontiguousarray(vectors, dtype=np.float32))
        return cls(index)

    @classmethod
    def load(cls, path: Path) -> DenseIndex:
        faiss = _faiss()
        return cls(faiss.read_index(str(path), faiss.IO_FLAG_MMAP | faiss.IO_FLAG_READ_ONLY))

    def save(self, path: Path) -> None:
        _faiss().write_index(self._index, str(path))

    def __len__(self) -> int:
        return int(self._index.ntotal)

    def search(self, query: Vectors, k: int) -> list[tuple[int, float]]:
        """Row numbers and cosine scores of the ``k`` nearest vectors."""
        k = min(k, len(self))
        if k <= 0:
            return []
        scores, rows = self._index.search(query.reshape(1, -1).astype(np.float32), k)
        return [(int(r), float(s)) for r, s in zip(rows[0], scores[0], strict=True) if r >= 0]

"""BM25 keyword search. The only module that imports bm25s."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np


def _bm25s() -> Any:
    import bm25s

    return bm25s


def _stemmer() -> Any:
    import Stemmer

    return Stemmer.Stemmer("english")


class SparseIndex:
    """BM25 over stemmed, stop-worded tokens (bm25s: sparse matrices, no pickle)."""

    def __init__(self, retriever: Any, size: int) -> None:
        self._retriever = retriever
        self._size = size
        self._stemmer = _stemmer()

    @classmethod
    def build(cls, texts: list[str]) -> SparseIndex:
        bm25s = _bm25s()
        retriever = bm25s.BM25()
        if texts:
            tokens = bm25s.tokenize(texts, stopwords="en", stemmer=_stemmer(), show_progress=False)
            retriever.index(tokens, show_progress=False)
        return cls(retriever, len(texts))

    @classmethod
    def load(cls, folder: Path, size: int) -> SparseIndex:
        return cls(_bm25s().BM25.load(str(folder), mmap=True), size)

    def save(self, folder: Path) -> None:
        self._retriever.save(str(folder))

    def search(self, query: str, k: int) -> list[tuple[int, float]]:
        """Row numbers and BM25 scores of the best ``k`` passages with any score."""
        k = min(k, self._size)
        if k <= 0:
            return []
        bm25s = _bm25s()
        tokens = bm25s.tokenize(
            [query], stopwords="en", stemmer=self._stemmer, show_progress=False, return_ids=False
        )
        if not tokens or not tokens[0]:
            return []
        rows, scores = self._retriever.retrieve(tokens, k=k, show_progress=False, n_threads=1)
        hits = zip(rows[0], scores[0], strict=True)
        return [(int(r), float(s)) for r, s in hits if np.isfinite(s) and s > 0]

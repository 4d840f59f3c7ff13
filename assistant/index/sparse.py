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


# A query term found in more than this share of the passages, and in more than
# _LONG_POSTINGS of them, is left out of the keyword search: its IDF is small (a
# term in 20% of passages weighs ~log 4, a rare one ~log N) and adding up its long
# list of postings was most of BM25's time at 1M passages. Small corpora never
# reach _LONG_POSTINGS, so nothing changes for them.
_COMMON_SHARE = 0.2
_LONG_POSTINGS = 20_000


class SparseIndex:
    """BM25 over stemmed, stop-worded tokens (bm25s: sparse matrices, no pickle)."""

    def __init__(self, retriever: Any, size: int, *, long_postings: int = _LONG_POSTINGS) -> None:
        self._retriever = retriever
        self._size = size
        self._stemmer = _stemmer()
        self._long = long_postings

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
        if self._retriever.nonoccurrence_array is not None:  # BM25L/BM25+: bm25s scores
            rows, top = self._retriever.retrieve(tokens, k=k, show_progress=False, n_threads=1)
            hits = zip(rows[0], top[0], strict=True)
            return [(int(r), float(s)) for r, s in hits if np.isfinite(s) and s > 0]
        scores = self._scores(self._without_common(tokens[0]))
        found = np.flatnonzero(scores > 0)
        if len(found) > k:
            found = found[np.argpartition(-scores[found], k - 1)[:k]]
        best = found[np.lexsort((found, -scores[found]))]  # best first; ties by row
        return [(int(r), float(scores[r])) for r in best]

    def _scores(self, tokens: list[str]) -> np.ndarray:
        """BM25 score of every passage: the query terms' precomputed postings, added up.

        What bm25s's retrieve does, with a plain indexed add instead of np.add.at
        (a passage occurs once in a term's postings, so the add needs no
        accumulation): ~5x faster on long postings.
        """
        vocab, matrix = self._retriever.vocab_dict, self._retriever.scores
        indptr, indices, data = matrix["indptr"], matrix["indices"], matrix["data"]
        scores = np.zeros(int(matrix["num_docs"]), dtype=np.float32)
        for term in tokens:  # a repeated term counts twice, as in bm25s
            row = vocab.get(term)
            if row is not None:
                start, end = int(indptr[row]), int(indptr[row + 1])
                scores[indices[start:end]] += data[start:end]
        return scores

    def _without_common(self, tokens: list[str]) -> list[str]:
        """The query's terms minus the very common ones (the rarest is always kept)."""
        vocab = self._retriever.vocab_dict
        known = [t for t in tokens if t in vocab]
        if not known:
            return tokens
        indptr = self._retriever.scores["indptr"]
        postings = {t: int(indptr[vocab[t] + 1] - indptr[vocab[t]]) for t in known}
        limit = max(_COMMON_SHARE * self._size, self._long)
        kept = [t for t in known if postings[t] <= limit]
        return kept or [min(known, key=lambda t: postings[t])]

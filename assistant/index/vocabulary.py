"""The vectors of an index's words, embedded once at ingest.

The answerer counts a question word as said when a candidate sentence holds a word whose
embedding is close to it ("employees" for "workforce", ``extractive._near_words``).
Embedding those words when a question comes took about a quarter of ``ask()`` on a fresh
corpus (each new sentence brings new words); so every plain word of the corpus is
embedded at ingest, kept with the generation, and a question embeds only its own words
that the corpus does not hold. Vectors are reused by word from the previous generation.

Stored as two arrays: the words, UTF-8, sorted (found by binary search, memory-mapped),
and their vectors in float16 (cosine to about 1e-3, as the sentence vectors).
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np

from assistant.embedding.embedder import Embedder
from assistant.embedding.vectors import Vectors
from assistant.ingest.timing import step
from assistant.models import Passage, Progress, no_progress
from assistant.text.terms import plain_words

WORDS_FILE = "words.npy"
VECTORS_FILE = "word_vectors.npy"


class WordVectors:
    """Word -> vector for the words of one generation."""

    def __init__(self, words: Any, vectors: Any) -> None:
        self.words = words  # sorted UTF-8 bytes ("S" array), maybe memory-mapped
        self.vectors = vectors  # float16, one row per word

    def __len__(self) -> int:
        return len(self.words)

    def get(self, words: Iterable[str]) -> dict[str, Vectors]:
        """The vectors of those of ``words`` this vocabulary holds (float32)."""
        asked = list(words)
        if not asked or not len(self.words):
            return {}
        keys = np.array([w.encode("utf-8") for w in asked], dtype="S")
        rows = np.minimum(np.searchsorted(self.words, keys), len(self.words) - 1)
        found = np.asarray(self.words[rows]) == keys
        if not found.any():
            return {}
        order = np.argsort(rows[found])  # read the memory map front to back
        hits = rows[found][order]
        vectors = np.asarray(self.vectors[hits], dtype=np.float32)
        names = [w for w, f in zip(asked, found, strict=True) if f]
        return {names[i]: vectors[j] for j, i in enumerate(order)}

    def save(self, folder: Path) -> None:
        np.save(folder / WORDS_FILE, np.asarray(self.words), allow_pickle=False)
        np.save(folder / VECTORS_FILE, np.asarray(self.vectors, np.float16), allow_pickle=False)

    def as_blobs(self) -> dict[str, bytes]:
        """Both arrays as ``.npy`` bytes, by file name (a database keeps them so)."""
        out = {}
        for name, array in ((WORDS_FILE, self.words), (VECTORS_FILE, self.vectors)):
            buffer = io.BytesIO()
            np.save(buffer, np.asarray(array), allow_pickle=False)
            out[name] = buffer.getvalue()
        return out

    @classmethod
    def from_blobs(cls, blobs: dict[str, bytes]) -> WordVectors:
        words, vectors = (
            np.load(io.BytesIO(blobs[name]), allow_pickle=False)
            for name in (WORDS_FILE, VECTORS_FILE)
        )
        return cls(words, vectors)

    @classmethod
    def load(cls, folder: Path) -> WordVectors:
        words = np.load(folder / WORDS_FILE, mmap_mode="r", allow_pickle=False)
        vectors = np.load(folder / VECTORS_FILE, mmap_mode="r", allow_pickle=False)
        return cls(words, vectors)

    def check(self, dimension: int) -> None:
        """Raises ValueError when the two arrays do not belong together."""
        if self.vectors.ndim != 2 or len(self.vectors) != len(self.words):
            raise ValueError(f"{len(self.words)} words but {len(self.vectors)} word vectors")
        if len(self.vectors) and self.vectors.shape[1] != dimension:
            raise ValueError(f"word vectors are not {dimension}-dimensional")
        words = np.asarray(self.words)
        if len(words) > 1 and not bool(np.all(words[1:] > words[:-1])):
            raise ValueError("the words are not sorted")  # a binary search would miss some


def vocabulary(passages: Iterable[Passage]) -> list[str]:
    """The plain words of the passages (``terms.plain_words``), sorted by their UTF-8 bytes."""
    words: set[str] = set()
    for p in passages:
        words |= plain_words(p.text)
    return sorted(words, key=lambda w: w.encode("utf-8"))


def embed_vocabulary(
    passages: Iterable[Passage],
    embedder: Embedder,
    previous: WordVectors | None = None,
    *,
    progress: Progress = no_progress,
) -> WordVectors:
    """The vectors of the passages' words; those ``previous`` holds are not embedded again."""
    with step("words"):  # finding them; their embedding is timed as the embedding steps
        words = vocabulary(passages)
        vectors = np.zeros((len(words), embedder.dimension), dtype=np.float16)
        known = previous.get(words) if previous is not None else {}
        missing = [i for i, w in enumerate(words) if w not in known]
        for i, w in enumerate(words):
            if w in known:
                vectors[i] = known[w]
    if missing:
        progress(f"embedding {len(missing)} new words ({len(words) - len(missing)} reused)")
        vectors[missing] = embedder.encode([words[i] for i in missing])
    keys = np.array([w.encode("utf-8") for w in words], dtype="S") if words else np.array([], "S1")
    return WordVectors(keys, vectors)

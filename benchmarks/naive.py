"""The "naive" retrieval pipeline a user would copy from the LangChain docs.

- chunks: ``RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200)`` over
  each article file's whole text, metadata ``{"source": file name relative to the corpus}``;
- dense: LangChain community ``FAISS`` (its default ``IndexFlatL2``) over the very same
  MiniLM model our assistant uses, top-k ``similarity_search``;
- hybrid: ``BM25Retriever`` (rank_bm25, default whitespace tokens) plus the FAISS
  retriever in an ``EnsembleRetriever`` with weights ``[0.5, 0.5]`` (weighted
  reciprocal rank fusion, as in the docs).

Imports for the installed versions (langchain 1.x): ``langchain_community.vectorstores.FAISS``,
``langchain_community.retrievers.BM25Retriever``,
``langchain_classic.retrievers.EnsembleRetriever`` (``langchain.retrievers`` is gone in
langchain 1.x), ``langchain_text_splitters.RecursiveCharacterTextSplitter``.

Measured once at 98,684 chunks (``build_from_vectors``, random vectors, shared 2-core
machine): FAISS 2-3 s and BM25 7-9 s to build, peak RSS 2.4 GB; dense 36 ms p50, BM25
alone about 700 ms (rank_bm25 scores every chunk in Python), hybrid about 730 ms. The
process then tracks about 1.4 million Python objects: one full garbage collection
takes about 0.5 s and can land in a timed query (``gc.freeze()`` after the build
keeps it out, if wanted).

Needs the ``bench`` extra (langchain-community, langchain-text-splitters, rank_bm25) and
langchain-classic; they are imported when a pipeline is built, not with this module.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from langchain_core.documents import Document
from langchain_core.embeddings import Embeddings

from assistant.embedding.embedder import Embedder
from assistant.ingest.corpus import article_files

if TYPE_CHECKING:
    from langchain_classic.retrievers import EnsembleRetriever
    from langchain_community.retrievers import BM25Retriever
    from langchain_community.vectorstores import FAISS

CHUNK_SIZE = 1000
CHUNK_OVERLAP = 200
WEIGHTS = (0.5, 0.5)  # BM25, FAISS: the docs' example


class SameModel(Embeddings):
    """LangChain ``Embeddings`` over the very same MiniLM instance as the assistant.

    Queries are encoded without the assistant's query cache, so every question
    pays for its embedding, as it would in a plain LangChain app.
    """

    def __init__(self, embedder: Embedder) -> None:
        self.embedder = embedder

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.embedder.encode(texts).tolist()  # type: ignore[no-any-return]

    def embed_query(self, text: str) -> list[float]:
        return self.embedder.encode([text])[0].tolist()  # type: ignore[no-any-return]


@dataclass
class IngestTimes:
    """Wall-clock seconds of one build, by step, and how many chunks it made.

    ``split_s``: reading the files and splitting them (0 for ``build_from_vectors``);
    ``faiss_s``: embedding the chunks and filling the FAISS index (with precomputed
    vectors, only the index and docstore); ``bm25_s``: tokenising and building
    rank_bm25's index, plus wrapping both in the ensemble.
    """

    split_s: float
    faiss_s: float
    bm25_s: float
    chunks: int

    @property
    def total_s(self) -> float:
        return self.split_s + self.faiss_s + self.bm25_s

    @property
    def chunks_per_s(self) -> float:
        """Chunks ingested per second over the whole build (split + FAISS + BM25)."""
        return self.chunks / self.total_s if self.total_s > 0 else float("inf")


@dataclass
class NaivePipeline:
    """A built naive pipeline: FAISS store, BM25 retriever and their ensemble."""

    store: FAISS
    bm25: BM25Retriever
    ensemble: EnsembleRetriever
    k: int
    ingest: IngestTimes

    def dense(self, question: str) -> list[Document]:
        """Top-k chunks by FAISS similarity (the question is embedded each call)."""
        return self.store.similarity_search(question, k=self.k)

    def hybrid(self, question: str) -> list[Document]:
        """The ensemble's answer: BM25 top-k and FAISS top-k fused by weighted RRF.

        As in the docs, nothing truncates the fused list: it holds up to 2k chunks
        (the union of both lists, duplicates by text collapsed). Slice it for top-k.
        """
        return self.ensemble.invoke(question)

    def memory_breakdown(self) -> dict[str, int]:
        """Best-effort bytes held by the pipeline's data, by part.

        - ``faiss_vectors``: ``ntotal * d * 4`` (the flat float32 index);
        - ``docstore_text``: UTF-8 bytes of the chunks' text and ``source`` values,
          counted once (BM25's documents share the same strings);
        - ``bm25_index``: ``sys.getsizeof`` of rank_bm25's per-chunk term-frequency
          dicts and its idf dict: a lower bound (token strings and int objects are
          not counted).

        Python object overheads (Document objects, ids, dicts of the docstore) are
        not counted; measure process RSS for the full figure.
        """
        index = self.store.index
        docs = self.store.docstore._dict.values()  # InMemoryDocstore
        text = sum(
            len(d.page_content.encode("utf-8")) + len(str(d.metadata.get("source", "")))
            for d in docs
        )
        vectorizer = self.bm25.vectorizer
        bm25 = sum(sys.getsizeof(f) for f in vectorizer.doc_freqs) + sys.getsizeof(vectorizer.idf)
        return {
            "faiss_vectors": int(index.ntotal) * int(index.d) * 4,
            "docstore_text": text,
            "bm25_index": bm25,
        }

    def memory_bytes(self) -> int:
        """Sum of :meth:`memory_breakdown` (see there for what is and is not counted)."""
        return sum(self.memory_breakdown().values())


def corpus_texts(corpus: Path) -> list[tuple[str, str]]:
    """``(relative name, whole text)`` of each article file, sorted.

    The same files the assistant reads (``assistant.ingest.corpus.article_files``:
    ``.txt``, ``.md``, ``.markdown``, sub-folders included, hidden files skipped).
    """
    return [
        (p.relative_to(corpus).as_posix(), p.read_text(encoding="utf-8"))
        for p in article_files(corpus)
    ]


def split_texts(texts: Sequence[tuple[str, str]]) -> list[Document]:
    """Split each ``(source, text)`` with the docs' splitter; one Document per chunk."""
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    splitter = RecursiveCharacterTextSplitter(chunk_size=CHUNK_SIZE, chunk_overlap=CHUNK_OVERLAP)
    return [
        Document(page_content=chunk, metadata={"source": source})
        for source, text in texts
        for chunk in splitter.split_text(text)
    ]


def chunk_corpus(corpus: Path) -> list[Document]:
    """The naive pipeline's chunks of a corpus folder (reading + splitting)."""
    return split_texts(corpus_texts(corpus))


def build(corpus: Path, embedder: Embedder, k: int = 5) -> NaivePipeline:
    """Split, embed and index a corpus folder; times each step (see :class:`IngestTimes`).

    Loading the model and importing LangChain happen before the clock starts.
    """
    warm(embedder)
    started = time.perf_counter()
    chunks = chunk_corpus(corpus)
    split_s = time.perf_counter() - started
    started = time.perf_counter()
    store = faiss_store(chunks, embedder)
    faiss_s = time.perf_counter() - started
    return with_bm25(store, chunks, k, split_s=split_s, faiss_s=faiss_s)


def build_from_vectors(
    chunks: list[Document], vectors: np.ndarray, embedder: Embedder, k: int = 5
) -> NaivePipeline:
    """The same pipeline from precomputed chunk vectors (row i belongs to ``chunks[i]``).

    Builds FAISS with ``FAISS.from_embeddings`` (same index type and docstore as
    :func:`build`), so query latency can be measured at a scale too large to embed.
    ``embedder`` still embeds the questions.
    """
    from langchain_community.vectorstores import FAISS

    if len(chunks) != len(vectors):
        raise ValueError(f"{len(chunks)} chunks but {len(vectors)} vectors")
    rows = np.asarray(vectors, dtype=np.float32)
    warm(embedder)
    started = time.perf_counter()
    store = FAISS.from_embeddings(
        text_embeddings=zip([c.page_content for c in chunks], rows, strict=True),
        embedding=SameModel(embedder),
        metadatas=[dict(c.metadata) for c in chunks],
    )
    faiss_s = time.perf_counter() - started
    return with_bm25(store, chunks, k, split_s=0.0, faiss_s=faiss_s)


def warm(embedder: Embedder) -> None:
    """Load the model, run it once and import LangChain's modules.

    So no build step, nor the first question, pays for loading or torch's first call.
    """
    import langchain_classic.retrievers  # noqa: F401
    import langchain_community.retrievers  # noqa: F401
    import langchain_community.vectorstores  # noqa: F401
    import langchain_text_splitters  # noqa: F401

    embedder.encode(["warm up"])


def faiss_store(chunks: list[Document], embedder: Embedder) -> FAISS:
    """Embed ``chunks`` with the same model and index them: ``FAISS.from_documents``."""
    from langchain_community.vectorstores import FAISS

    return FAISS.from_documents(chunks, SameModel(embedder))


def with_bm25(
    store: FAISS, chunks: list[Document], k: int, *, split_s: float, faiss_s: float
) -> NaivePipeline:
    """Add the docs' BM25 + ensemble to a FAISS store; times the BM25 build."""
    from langchain_classic.retrievers import EnsembleRetriever
    from langchain_community.retrievers import BM25Retriever

    started = time.perf_counter()
    bm25 = BM25Retriever.from_documents(chunks, k=k)
    ensemble = EnsembleRetriever(
        retrievers=[bm25, store.as_retriever(search_kwargs={"k": k})], weights=list(WEIGHTS)
    )
    bm25_s = time.perf_counter() - started
    times = IngestTimes(split_s=split_s, faiss_s=faiss_s, bm25_s=bm25_s, chunks=len(chunks))
    return NaivePipeline(store=store, bm25=bm25, ensemble=ensemble, k=k, ingest=times)

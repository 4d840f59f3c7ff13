"""The naive LangChain pipeline of the benchmarks, on a small generated corpus.

Real model, real LangChain FAISS / BM25 / ensemble; skipped when the ``bench``
extra (langchain-community, rank_bm25) or langchain-classic is not installed.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from assistant import Settings
from assistant.embedding.embedder import Embedder
from assistant.ingest.corpus import article_files
from benchmarks.corpus_gen import generate

pytest.importorskip("langchain_community")
pytest.importorskip("langchain_classic")
pytest.importorskip("rank_bm25")
pytest.importorskip("langchain_text_splitters")

from benchmarks import naive  # noqa: E402

K = 3
Built = tuple[Path, list[dict[str, str]], naive.NaivePipeline]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    corpus = tmp_path_factory.mktemp("naive") / "corpus"
    questions = generate(corpus, articles=6, seed=7)
    pipeline = naive.build(corpus, Embedder(Settings().embedding), k=K)
    return corpus, questions, pipeline


def _files(corpus: Path) -> set[str]:
    return {p.name for p in corpus.iterdir()}


def test_chunks_cover_every_generated_file(built: Built) -> None:
    corpus, _, pipeline = built
    chunks = naive.chunk_corpus(corpus)
    assert {c.metadata["source"] for c in chunks} == _files(corpus)
    assert all(len(c.page_content) <= naive.CHUNK_SIZE for c in chunks)
    assert pipeline.ingest.chunks == len(chunks) == pipeline.store.index.ntotal


def test_dense_and_hybrid_return_generated_files_and_find_answers(built: Built) -> None:
    corpus, questions, pipeline = built
    files = _files(corpus)
    found = {"dense": 0, "hybrid": 0}
    for q in questions:
        for name in found:
            docs = getattr(pipeline, name)(q["question"])
            assert docs and {d.metadata["source"] for d in docs} <= files
            found[name] += any(
                d.metadata["source"] == q["source"] and q["answer_sentence"] in d.page_content
                for d in docs
            )
        assert len(pipeline.dense(q["question"])) == K
        assert len(pipeline.hybrid(q["question"])) <= 2 * K
    assert found["dense"] >= 1 and found["hybrid"] >= 1, found


def test_build_from_vectors_gives_the_same_dense_top1(built: Built) -> None:
    corpus, questions, pipeline = built
    store = pipeline.store
    ids = [store.index_to_docstore_id[i] for i in range(store.index.ntotal)]
    chunks = [store.docstore.search(i) for i in ids]
    vectors = store.index.reconstruct_n(0, store.index.ntotal)
    again = naive.build_from_vectors(
        chunks, np.asarray(vectors), pipeline.store.embeddings.embedder, k=K
    )
    assert again.ingest.chunks == len(chunks)
    for q in questions[:3]:
        first, second = pipeline.dense(q["question"])[0], again.dense(q["question"])[0]
        assert (first.page_content, first.metadata) == (second.page_content, second.metadata)
        assert again.hybrid(q["question"])


def test_memory_counts_vectors_and_text(built: Built) -> None:
    _, _, pipeline = built
    parts = pipeline.memory_breakdown()
    index = pipeline.store.index
    assert parts["faiss_vectors"] == index.ntotal * index.d * 4
    assert parts["docstore_text"] > 0 and parts["bm25_index"] > 0
    assert pipeline.memory_bytes() == sum(parts.values())


def test_wide_generator_is_deterministic_and_sub_folders_are_read(tmp_path: Path) -> None:
    first = generate(tmp_path / "a", articles=5, seed=3, wide=True, per_folder=2)
    again = generate(tmp_path / "b", articles=5, seed=3, wide=True, per_folder=2)
    assert first == again and first
    names = [p.relative_to(tmp_path / "a").as_posix() for p in article_files(tmp_path / "a")]
    assert names == [f"{n // 2:04d}/article_{n:06d}.txt" for n in range(5)]
    for name in names:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    assert {q["source"] for q in first} <= set(names)
    for q in first:
        assert q["answer_sentence"] in (tmp_path / "a" / q["source"]).read_text()
    assert len({q["question"] for q in first}) == len(first)

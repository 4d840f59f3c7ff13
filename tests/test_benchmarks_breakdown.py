"""The ingest breakdown of the core benchmark: every step of both pipelines is timed.

No time is asserted, only that the steps are there and add up to no more than the total.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant import Settings
from assistant.embedding.embedder import Embedder
from assistant.ingest.timing import recording, step
from benchmarks.corpus_gen import generate

pytest.importorskip("langchain_community")
pytest.importorskip("langchain_classic")
pytest.importorskip("rank_bm25")

from benchmarks import ingest_breakdown as breakdown  # noqa: E402


def test_steps_are_recorded_only_inside_a_recording() -> None:
    with step("read"):  # nobody records: nothing happens
        pass
    with recording() as seconds:
        with step("read"):
            pass
        with step("read"):
            pass
    with step("embed"):
        pass
    assert list(seconds) == ["read"]


def test_both_pipelines_are_timed_by_step(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    generate(corpus, articles=4, seed=7)
    embedder = Embedder(Settings().embedding)
    ours, theirs, built = breakdown.rounds(corpus, tmp_path / "idx", embedder, k=3, count=2)
    assert len(ours) == len(theirs) == 2
    for run in ours:
        assert {"read", "hash", "clean", "segment", "tokenise", "embed", "pool"} <= set(run.steps)
        assert {"faiss", "bm25", "docstore", "vectors", "manifest", "fsync"} <= set(run.steps)
        assert run.articles == 4 and run.units > 4
        assert sum(run.steps.values()) <= run.seconds
    for run in theirs:
        assert {"read", "segment", "tokenise", "embed", "pool", "faiss", "bm25"} <= set(run.steps)
        assert run.units == built.store.index.ntotal
        assert sum(run.steps.values()) <= run.seconds + 1e-6
    printed = breakdown.table(ours, theirs)
    assert "ours/naive articles/s" in printed and "embed" in printed

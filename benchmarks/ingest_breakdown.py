"""Ingest throughput, ours and the naive pipeline's, step by step, with the same model.

Both pipelines are given one loaded and warmed ``Embedder`` (neither pays for loading
the model or importing LangChain), ingest the same corpus into a new index, and are
timed by step with ``assistant.ingest.timing``. Rounds alternate which pipeline goes
first, so a machine busy with other work slows both alike; each round's ratio is
printed, and the table holds each step's median over the rounds.

The naive pipeline's steps: ``read`` the files, ``segment`` them with the splitter,
``tokenise``/``embed``/``pool`` inside its ``embed_documents`` (our ``Embedder.encode``),
``faiss``: the rest of ``FAISS.from_documents`` (the index, its docstore, lists of
floats), ``bm25``: ``BM25Retriever`` and the ensemble.
"""

from __future__ import annotations

import shutil
import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path

from assistant import Settings
from assistant.embedding.embedder import Embedder
from assistant.index.pipeline import ingest
from assistant.ingest.timing import recording, step
from benchmarks import naive

STEPS = (
    "read",
    "hash",
    "clean",
    "segment",
    "reuse",
    "tokenise",
    "embed",
    "pool",
    "checkpoints",
    "words",
    "faiss",
    "bm25",
    "docstore",
    "vectors",
    "manifest",
    "fsync",
)
EMBEDDING_STEPS = ("tokenise", "embed", "pool")


@dataclass
class Run:
    """One timed ingest: wall and CPU seconds, units (passages or chunks), articles, steps."""

    seconds: float
    cpu: float
    units: int
    articles: int
    steps: dict[str, float] = field(default_factory=dict)

    @property
    def articles_per_s(self) -> float:
        return self.articles / self.seconds

    @property
    def units_per_s(self) -> float:
        return self.units / self.seconds


def time_ours(corpus: Path, index_dir: Path, embedder: Embedder) -> Run:
    """Our ingest of ``corpus`` into a new index at ``index_dir``."""
    shutil.rmtree(index_dir, ignore_errors=True)
    settings = Settings().with_folders(corpus, index_dir)
    with recording() as steps:
        started, cpu = time.perf_counter(), time.process_time()
        report = ingest(settings, embedder)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    return Run(seconds, cpu, report.passages, report.articles, dict(steps))


def time_naive(corpus: Path, embedder: Embedder, k: int) -> tuple[Run, naive.NaivePipeline]:
    """The naive pipeline's build (dense + BM25 + ensemble) of ``corpus``, by step."""
    with recording() as steps:
        started, cpu = time.perf_counter(), time.process_time()
        with step("read"):
            texts = naive.corpus_texts(corpus)
        with step("segment"):
            chunks = naive.split_texts(texts)
        faiss_started = time.perf_counter()
        store = naive.faiss_store(chunks, embedder)
        faiss_s = time.perf_counter() - faiss_started
        with step("bm25"):
            pipeline = naive.with_bm25(store, chunks, k, split_s=0.0, faiss_s=faiss_s)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    inside = sum(steps.get(name, 0.0) for name in EMBEDDING_STEPS)
    steps["faiss"] = faiss_s - inside
    return Run(seconds, cpu, len(chunks), len(texts), dict(steps)), pipeline


def rounds(
    corpus: Path, index_dir: Path, embedder: Embedder, *, k: int, count: int
) -> tuple[list[Run], list[Run], naive.NaivePipeline]:
    """``count`` rounds of both ingests, alternating which goes first; the last naive build."""
    naive.warm(embedder)
    ours: list[Run] = []
    theirs: list[Run] = []
    built = None
    for i in range(count):
        for name in ("ours", "naive") if i % 2 == 0 else ("naive", "ours"):
            if name == "ours":
                ours.append(time_ours(corpus, index_dir, embedder))
            else:
                run, built = time_naive(corpus, embedder, k)
                theirs.append(run)
    assert built is not None
    return ours, theirs, built


def _median(runs: list[Run], name: str) -> float:
    return statistics.median(r.steps.get(name, 0.0) for r in runs)


def table(ours: list[Run], theirs: list[Run]) -> str:
    """The breakdown (median seconds per step, and per article) and the ratios by round."""
    n_ours, n_naive = ours[0].articles, theirs[0].articles
    lines = [
        f"{'step':<12} {'ours s':>8} {'ms/article':>10}   {'naive s':>8} {'ms/article':>10}",
    ]
    for name in STEPS:
        a, b = _median(ours, name), _median(theirs, name)
        if a or b:
            lines.append(
                f"{name:<12} {a:>8.2f} {1000 * a / n_ours:>10.2f}   "
                f"{b:>8.2f} {1000 * b / n_naive:>10.2f}"
            )
    for label, pick in (
        ("rest", lambda r: r.seconds - sum(r.steps.get(s, 0.0) for s in STEPS)),
        ("total", lambda r: r.seconds),
        ("CPU total", lambda r: r.cpu),
    ):
        a = statistics.median(pick(r) for r in ours)
        b = statistics.median(pick(r) for r in theirs)
        lines.append(
            f"{label:<12} {a:>8.2f} {1000 * a / n_ours:>10.2f}   "
            f"{b:>8.2f} {1000 * b / n_naive:>10.2f}"
        )
    by_article = [o.articles_per_s / t.articles_per_s for o, t in zip(ours, theirs, strict=True)]
    by_cpu = [t.cpu / o.cpu * o.articles / t.articles for o, t in zip(ours, theirs, strict=True)]
    by_unit = [o.units_per_s / t.units_per_s for o, t in zip(ours, theirs, strict=True)]
    lines += [
        f"units: ours {ours[0].units} passages, naive {theirs[0].units} chunks, "
        f"{n_ours} articles; rounds: {len(ours)}",
        f"articles/s: ours {statistics.median(r.articles_per_s for r in ours):.1f}, "
        f"naive {statistics.median(r.articles_per_s for r in theirs):.1f}",
        f"ours/naive articles/s {statistics.median(by_article):.2f}x "
        f"(rounds: {', '.join(f'{x:.2f}' for x in by_article)}); "
        f"passages/chunks per s {statistics.median(by_unit):.2f}x "
        f"(rounds: {', '.join(f'{x:.2f}' for x in by_unit)})",
        f"ours/naive articles per CPU second {statistics.median(by_cpu):.2f}x "
        f"(rounds: {', '.join(f'{x:.2f}' for x in by_cpu)}; steadier than wall time when "
        "other programs share the cores)",
    ]
    return "\n".join(lines)

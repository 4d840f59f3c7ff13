"""Scale benchmark: ours against the naive LangChain pipeline, and ours at 10k-1M passages.

    python -m benchmarks.scale [--articles 1000] [--sizes 10000 100000 1000000]

One run prints four tables:

1. Ingest and quality with real embeddings, on ``--articles`` generated articles:
   ours vs the naive pipeline (RecursiveCharacterTextSplitter(1000, 200) + LangChain
   FAISS + the same MiniLM; hybrid = rank_bm25 BM25Retriever + EnsembleRetriever).
2. The dense index by size: exact vs IVF, search latency and recall@10 against exact.
3. ``retrieve()`` and ``ask()`` at each size, one query at a time and 8 at once,
   with where the time goes, and memory (RAM and disk) per passage.
4. The naive hybrid retriever against ours at 100k passages.

Embedding 1M real passages takes hours on 2 cores, so tables 2-4 use an index
whose first passages are the real ones of table 1 (real vectors; the questions
are about them), filled up to the size with passages of other generated
articles whose vectors are synthesised from real embeddings (a mix of two real
passage vectors plus noise). Above the generated text base, filler text repeats
under other file names. Every table says which figures rest on that.

Needs the ``bench`` extra (langchain-community, langchain-classic, rank-bm25).
Run on an idle machine: a busy second core doubles every latency.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import shutil
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np
from langchain_core.documents import Document

from assistant import Assistant, Settings
from assistant.embedding.embedder import Embedder
from assistant.index import store
from assistant.index.dense import DenseIndex, recall_at
from assistant.index.pipeline import ingest
from assistant.index.vocabulary import embed_vocabulary
from assistant.ingest.corpus import load_corpus
from assistant.ingest.passages import build_passages, index_text
from assistant.models import Passage
from benchmarks.corpus_gen import generate

K = 5


def ms(values: list[float], q: float) -> float:
    return float(np.percentile(np.array(values) * 1000, q)) if values else float("nan")


def timed(fn: Callable[[], Any]) -> tuple[Any, float]:
    started = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - started


def memory() -> dict[str, int]:
    """This process's resident memory: private (anon) and file-backed (mapped) bytes."""
    out = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("RssAnon", "RssFile", "VmRSS"):
            out[key] = int(value.split()[0]) * 1024
    return out


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def hit(texts: list[str], sources: list[str], q: dict[str, str]) -> bool:
    return any(
        s == q["source"] and q["answer_sentence"] in t for t, s in zip(texts, sources, strict=True)
    )


# -- 1. ingest and quality, real embeddings ------------------------------------------


def table_ingest(root: Path, articles: int, n_questions: int) -> dict[str, Any]:
    from benchmarks import naive

    corpus = root / "real"
    questions = generate(corpus, articles=articles, seed=7)[:n_questions]
    ours: dict[str, Any] = {}
    for backend in ("onnx-int8", "torch"):
        settings = Settings(embedding={"backend": backend})
        embedder = Embedder(settings.embedding)
        embedder.load()
        embedder.encode(["warm up"])  # the model loads before the clock starts, for all
        index_dir = root / f"real-{backend}"
        at = settings.with_folders(corpus, index_dir)
        report, seconds = timed(lambda at=at, e=embedder: ingest(at, e))
        # the settings that name this corpus: each passage read is checked against its file
        ours[backend] = (Assistant(at, embedder, store.load(index_dir)), report, seconds)
    torch_embedder = ours["torch"][0].embedder
    pipeline = naive.build(corpus, torch_embedder, k=K)
    searches: dict[str, Callable[[str], list[Document]]] = {
        "ours": lambda text: ours["onnx-int8"][0].retrieve(text, k=K),
        "ours (torch)": lambda text: ours["torch"][0].retrieve(text, k=K),
        "naive dense": pipeline.dense,
        "naive hybrid": lambda text: pipeline.hybrid(text)[:K],  # the fused list's top k
    }
    rows: dict[str, list[Any]] = {name: [0, 0, []] for name in searches}
    for q in questions:
        for name, search in searches.items():
            for bot, _, _ in ours.values():
                bot.clear_query_cache()
            docs, seconds = timed(lambda s=search, t=q["question"]: s(t))  # type: ignore[misc]
            texts = [d.page_content for d in docs]
            rows[name][0] += hit(texts, [d.metadata["source"] for d in docs], q)
            rows[name][1] += sum(len(t) for t in texts)
            rows[name][2].append(seconds)
    n = len(questions)
    times = pipeline.ingest
    units = {
        "ours": (ours["onnx-int8"][1].passages, ours["onnx-int8"][2]),
        "ours (torch)": (ours["torch"][1].passages, ours["torch"][2]),
        "naive dense": (times.chunks, times.total_s),
        "naive hybrid": (times.chunks, times.total_s),
    }
    print(
        f"\n== 1. Ingest and quality: {articles} generated articles, {n} questions, k={K}, "
        "real embeddings (all-MiniLM-L6-v2; ours: onnx-int8 backend, and torch; naive: torch)"
    )
    print(
        f"{'pipeline':<13} {'units':>6} {'ingest s':>9} {'units/s':>8} {'articles/s':>10} "
        f"{'hit@5':>6} {'chars/q':>8} {'p50 ms':>7} {'p95 ms':>7}"
    )
    for name, (hits, chars, lat) in rows.items():
        count, secs = units[name]
        print(
            f"{name:<13} {count:>6} {secs:>9.1f} {count / secs:>8.1f} {articles / secs:>10.2f} "
            f"{hits / n:>6.3f} {chars / n:>8.0f} {ms(lat, 50):>7.1f} {ms(lat, 95):>7.1f}"
        )
    naive_rate = times.chunks / times.total_s
    for name in ("ours", "ours (torch)"):
        count, secs = units[name]
        o, d, h = rows[name], rows["naive dense"], rows["naive hybrid"]
        print(
            f"ratios {name}/naive: passages/s {count / secs / naive_rate:.2f}x (target >= 2x), "
            f"articles/s {times.total_s / secs:.2f}x; hit@5 {(o[0] - d[0]) / n:+.3f} vs dense, "
            f"{(o[0] - h[0]) / n:+.3f} vs hybrid; context chars {o[1] / max(d[1], 1):.2f}x"
        )
    print(
        f"   naive ingest = split {times.split_s:.1f}s + embed/FAISS {times.faiss_s:.1f}s + "
        f"BM25 {times.bm25_s:.1f}s; ours embeds one text per passage (sentence vectors "
        "pooled from the same pass); naive hybrid = EnsembleRetriever's fused list, top 5"
    )
    return {"questions": questions, "bot": ours["onnx-int8"][0]}


# -- the large index: real passages first, synthetic filler after ------------------------


def synthesise(
    base: np.ndarray, count: int, rng: np.random.Generator, dtype: Any = np.float32
) -> np.ndarray:
    """Unit vectors mixed from three real ones plus noise: near real passages, none a twin.

    Mixed from two (one weighted 1), each real passage got hundreds of near copies
    at 1M: they crowded it out of its own questions' results.
    """
    out = np.empty((count, base.shape[1]), dtype=dtype)
    for first in range(0, count, 65536):
        n = min(65536, count - first)
        weights = rng.uniform(0.5, 1.0, (n, 3)).astype(np.float32)
        x = sum(
            weights[:, i : i + 1] * base[rng.integers(0, len(base), n)] for i in range(3)
        ) + rng.standard_normal((n, base.shape[1])).astype(np.float32) * (
            0.5 / np.sqrt(base.shape[1])
        )
        out[first : first + n] = x / np.linalg.norm(x, axis=1, keepdims=True)
    return out


def filler_passages(root: Path, needed: int) -> list[Passage]:
    """Passages of other generated articles (seed 11, wide mode: towns of their own)."""
    corpus = root / "filler"
    articles = max(10, int(needed / 3.2) + 10)
    generate(corpus, articles=articles, seed=11, wide=True, per_folder=1000)
    loaded, _ = load_corpus(corpus, max_bytes=10**7)
    passages = [p for a in loaded for p in build_passages(a, max_words=100)]
    shutil.rmtree(corpus)
    return passages


def build_large(
    root: Path,
    size: int,
    real: store.IndexData,
    filler: list[Passage],
    rng: np.random.Generator,
    embedder: Embedder,
) -> tuple[Path, float]:
    """An index generation of ``size`` passages; returns its folder and build seconds
    (the words' vectors, embedded as an ingest does, included)."""
    real_passages = list(real.passages)
    extra = size - len(real_passages)
    passages = list(real_passages)
    copy = 0
    while len(passages) < size:
        take = filler[: size - len(passages)]
        # Other file names: the filler's own, then (text base used up) copies of it.
        take = [p.model_copy(update={"source": f"filler{copy}/{p.source}"}) for p in take]
        passages.extend(take)
        copy += 1
    real_vectors = np.asarray(real.passage_vectors)
    vectors = np.concatenate([real_vectors, synthesise(real_vectors, extra, rng)])
    real_sentences = np.asarray(real.sentence_vectors, dtype=np.float32)
    n_sentences = sum(len(p.sentences) for p in passages[len(real_passages) :])
    sentences = np.empty((len(real_sentences) + n_sentences, vectors.shape[1]), np.float16)
    sentences[: len(real_sentences)] = real_sentences
    sentences[len(real_sentences) :] = synthesise(real_sentences, n_sentences, rng, np.float16)
    settings = Settings()
    index_dir = root / f"idx-{size}"
    started = time.perf_counter()
    dense = DenseIndex.build(
        vectors,
        approximate_above=settings.index.approximate_above,
        min_recall=settings.index.min_recall,
    )
    manifest = store.Manifest(
        embedding_model=real.manifest.embedding_model,
        dimension=int(vectors.shape[1]),
        passage_max_words=100,
        files={},
        passages=len(passages),
        sentences=len(sentences),
        dense=dense.params,
    )
    store.write_generation(
        index_dir,
        manifest=manifest,
        passages=passages,
        texts=[index_text(p) for p in passages],
        passage_vectors=vectors,
        sentence_vectors=sentences,
        dense=dense,
        removed=[],
        words=embed_vocabulary(passages, embedder, real.words),
    )
    return index_dir, time.perf_counter() - started


# -- 2. the dense index by size -----------------------------------------------------------


def table_dense(vectors: np.ndarray, queries: np.ndarray, size: int) -> dict[str, Any]:
    exact, exact_s = timed(lambda: DenseIndex.build(vectors, approximate_above=10**12))
    approx, approx_s = timed(lambda: DenseIndex.build(vectors, approximate_above=0))
    _, truth = exact.search_many(queries, 10)
    _, found = approx.search_many(queries, 10)
    times: dict[str, list[float]] = {"flat": [], "ivf": []}
    for name, index in (("flat", exact), ("ivf", approx)):
        for q in queries:
            times[name].append(timed(lambda i=index, v=q: i.search(v, 30))[1])  # type: ignore[misc]
    p = approx.params
    return {
        "size": size,
        "flat_build": exact_s,
        "ivf_build": approx_s,
        "flat_p50": ms(times["flat"], 50),
        "flat_p95": ms(times["flat"], 95),
        "ivf_p50": ms(times["ivf"], 50),
        "ivf_p95": ms(times["ivf"], 95),
        "recall": recall_at(found, truth),
        "nlist": p.nlist,
        "nprobe": p.nprobe,
        "calibrated": p.recall_at_10,
    }


def print_dense(rows: list[dict[str, Any]], n_queries: int) -> None:
    print(
        f"\n== 2. Dense index by size: exact (IndexFlatIP) vs IVF, top 30 per query, "
        f"{n_queries} real question vectors; vectors beyond the real passages synthesised"
    )
    print(
        f"{'passages':>9} {'flat p50':>9} {'flat p95':>9} {'ivf p50':>8} {'ivf p95':>8} "
        f"{'recall@10':>9} {'nlist':>6} {'nprobe':>6} {'ivf build s':>11}"
    )
    for r in rows:
        print(
            f"{r['size']:>9,} {r['flat_p50']:>9.2f} {r['flat_p95']:>9.2f} {r['ivf_p50']:>8.2f} "
            f"{r['ivf_p95']:>8.2f} {r['recall']:>9.3f} {r['nlist']:>6} {r['nprobe']:>6} "
            f"{r['ivf_build']:>11.1f}"
        )


# -- 3. retrieve() and ask() at size --------------------------------------------------


def breakdown(bot: Assistant, question: str) -> dict[str, float]:
    """Seconds per step of one retrieve(), then ask(), with no cached question vector."""
    searcher, data = bot.searcher, bot.data
    bot.clear_query_cache()
    vector, embed_s = timed(lambda: bot.embedder.encode_query(question))
    _, dense_s = timed(lambda: data.dense.search(vector, bot.settings.retrieval.fetch_k))
    _, bm25_s = timed(lambda: data.sparse.search(question, bot.settings.retrieval.fetch_k))
    _, search_s = timed(lambda: searcher.search_vector(question, vector, k=K))
    _, ask_s = timed(lambda: bot.ask(question))  # the vector is cached now: composition only
    return {
        "embed": embed_s,
        "dense": dense_s,
        "bm25": bm25_s,
        "fusion": max(search_s - dense_s - bm25_s, 0.0),
        "compose": max(ask_s - search_s, 0.0),
    }


def latency(bot: Assistant, questions: list[str], workers: int, call: str) -> list[float]:
    def one(question: str) -> float:
        bot.clear_query_cache()
        fn = bot.retrieve if call == "retrieve" else bot.ask
        return timed(lambda: fn(question))[1]

    if workers == 1:
        return [one(q) for q in questions]
    with ThreadPoolExecutor(workers) as pool:
        return list(pool.map(one, questions))


def table_size(
    index_dir: Path, build_s: float, questions: list[dict[str, str]], embedder: Embedder
) -> dict[str, Any]:
    before = memory()
    data, open_s = timed(lambda: store.load(index_dir))
    # The filler articles are deleted once indexed (disk), so passages cannot be checked
    # against their files here; the real-corpus table measures that check.
    bot = Assistant(Settings(), embedder, data, verify=False)
    texts = [q["question"] for q in questions]
    for q in texts[:5]:
        bot.ask(q)  # warm-up
    after_open = memory()
    steps = [breakdown(bot, q) for q in texts]
    row: dict[str, Any] = {
        "size": len(data.passages),
        "kind": data.manifest.dense.kind,
        "build_s": build_s,
        "open_s": open_s,
        "steps": {k: ms([s[k] for s in steps], 50) for k in steps[0]},
        "steps_p95": {k: ms([s[k] for s in steps], 95) for k in steps[0]},
    }
    for call in ("retrieve", "ask"):
        for workers in (1, 8):
            row[f"{call}{workers}"], wall = timed(
                lambda c=call, w=workers: latency(bot, texts, w, c)  # type: ignore[misc]
            )
            row[f"{call}{workers}_qps"] = len(texts) / wall
    hits = 0
    for q in questions:
        docs = bot.retrieve(q["question"], k=K)
        hits += hit([d.page_content for d in docs], [d.metadata["source"] for d in docs], q)
    row["hit"] = hits / len(questions)
    end = memory()
    row["ram_anon"] = (end["RssAnon"] - before["RssAnon"]) / row["size"]
    row["ram_file"] = (end["RssFile"] - before["RssFile"]) / row["size"]
    row["ram_open"] = (after_open["RssAnon"] - before["RssAnon"]) / row["size"]
    row["disk"] = folder_bytes(store.current_generation(index_dir) or index_dir) / row["size"]
    row["bot"] = bot
    return row


def print_sizes(rows: list[dict[str, Any]], n: int) -> None:
    print(
        f"\n== 3. retrieve() and ask() by index size, {n} questions, k={K}, question "
        "vectors not cached; 8 = eight threads at once (per-call latency)"
    )
    print(
        f"{'passages':>9} {'dense':>5} {'retrieve p50/p95':>17} {'8x: p95, q/s':>14} "
        f"{'ask p50/p95':>13} {'8x: p95, q/s':>14} {'hit@5':>6} {'open s':>6}"
    )
    print(
        "(hit@5: the real passages' questions, among filler passages of other towns' "
        "stories with synthesised vectors)"
    )
    for r in rows:
        print(
            f"{r['size']:>9,} {r['kind']:>5} {ms(r['retrieve1'], 50):>8.1f}/"
            f"{ms(r['retrieve1'], 95):<8.1f} {ms(r['retrieve8'], 95):>6.1f}, "
            f"{r['retrieve8_qps']:>5.1f}  {ms(r['ask1'], 50):>6.1f}/{ms(r['ask1'], 95):<6.1f} "
            f"{ms(r['ask8'], 95):>6.1f}, {r['ask8_qps']:>5.1f}  {r['hit']:>6.3f} "
            f"{r['open_s']:>6.2f}"
        )
    print(
        "where the time goes (p50 / p95 ms): embed question, dense search, BM25, "
        "fusion+MMR+diversity, answer composition"
    )
    for r in rows:
        parts = "  ".join(f"{k} {r['steps'][k]:.1f}/{r['steps_p95'][k]:.1f}" for k in r["steps"])
        print(f"{r['size']:>9,}  {parts}")
    print(
        "memory per passage: RAM private after opening and 100s of queries / file pages "
        "mapped / disk"
    )
    for r in rows:
        print(
            f"{r['size']:>9,}  RAM {r['ram_anon']:>7.0f} B (at open {r['ram_open']:.0f} B)  "
            f"mapped {r['ram_file']:>7.0f} B  disk {r['disk']:>7.0f} B   "
            f"(index build {r['build_s']:.0f}s)"
        )


# -- 4. naive hybrid at 100k ----------------------------------------------------------


def table_naive_at(
    size_row: dict[str, Any], questions: list[dict[str, str]], embedder: Embedder
) -> None:
    from benchmarks import naive

    bot: Assistant = size_row["bot"]
    data = bot.data
    docs = [Document(page_content=p.text, metadata={"source": p.source}) for p in data.passages]
    pipeline, build_s = timed(
        lambda: naive.build_from_vectors(docs, np.asarray(data.passage_vectors), embedder, k=K)
    )
    gc.collect()
    gc.freeze()  # ~1.4M objects: keep full collections out of the timed queries
    texts = [q["question"] for q in questions]
    lat: dict[str, list[float]] = {"naive hybrid": [], "naive dense": [], "ours": []}
    for t in texts[:3]:
        pipeline.hybrid(t)  # warm-up
        bot.retrieve(t, k=K)
    for t in texts:
        embedder.clear_query_cache()
        lat["naive hybrid"].append(timed(lambda t=t: pipeline.hybrid(t))[1])  # type: ignore[misc]
        embedder.clear_query_cache()
        lat["naive dense"].append(timed(lambda t=t: pipeline.dense(t))[1])  # type: ignore[misc]
        embedder.clear_query_cache()
        lat["ours"].append(timed(lambda t=t: bot.retrieve(t, k=K))[1])  # type: ignore[misc]
    print(
        f"\n== 4. Query latency at {len(docs):,} passages, same texts and vectors in both "
        f"(naive built from them in {build_s:.0f}s), {len(texts)} questions"
    )
    for name, values in lat.items():
        print(f"{name:<13} p50 {ms(values, 50):7.1f} ms   p95 {ms(values, 95):7.1f} ms")
    ratio = ms(lat["ours"], 95) / ms(lat["naive hybrid"], 95)
    print(f"ratio ours/naive hybrid p95: {ratio:.3f} (target <= 0.333)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=1000, help="Real-embedding corpus size.")
    parser.add_argument("--questions", type=int, default=200)
    parser.add_argument("--sizes", type=int, nargs="*", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--naive-at", type=int, default=100_000, help="Size of table 4.")
    args = parser.parse_args()
    print(
        f"machine: {os.cpu_count()} cores, {platform.processor() or platform.machine()}, "
        f"Python {platform.python_version()}; load average at start "
        f"{os.getloadavg()[0]:.2f}"
    )
    with tempfile.TemporaryDirectory(dir=os.environ.get("BENCH_TMP")) as tmp:
        root = Path(tmp)
        first = table_ingest(root, args.articles, args.questions)
        questions, real = first["questions"], first["bot"].data
        embedder = first["bot"].embedder
        query_vectors = embedder.encode([q["question"] for q in questions])
        rng = np.random.default_rng(5)
        filler = filler_passages(root, min(max(args.sizes), 100_000)) if args.sizes else []
        dense_rows, size_rows = [], []
        for size in sorted(args.sizes):
            index_dir, build_s = build_large(root, size, real, filler, rng, embedder)
            vectors = np.asarray(store.load(index_dir).passage_vectors)
            dense_rows.append(table_dense(vectors, query_vectors, size))
            del vectors
            size_rows.append(table_size(index_dir, build_s, questions, embedder))
            if size == args.naive_at:
                table_naive_at(size_rows[-1], questions[:100], embedder)
            if size != max(args.sizes):
                size_rows[-1].pop("bot")
        print_dense(dense_rows, len(questions))
        print_sizes(size_rows, len(questions))
    print(json.dumps({"note": "one run; figures above", "load_average_end": os.getloadavg()[0]}))


if __name__ == "__main__":
    main()

"""Core benchmark: ingest time and retrieve()/ask() latency on seeds/, then our
retrieval against a naive LangChain pipeline on a generated corpus, side by side.

    python -m benchmarks.core [--articles 300] [--questions 300] [--k 5] [--rounds 3]

Needs the ``bench`` extra (langchain-community, langchain-text-splitters).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import tempfile
import time
from pathlib import Path

import numpy as np

from assistant import Assistant, Settings
from assistant.embedding.embedder import Embedder
from assistant.index.pipeline import ingest
from benchmarks import ingest_breakdown as breakdown
from benchmarks.corpus_gen import generate

SEED_QUESTIONS = [
    "Who is the Taliban's political spokesman?",
    "How many people were killed in the Kunduz mosque attack?",
    "How many people were killed in the Kabul airport attack?",
    "Where will the talks between the Taliban and the US take place?",
    "Will the Taliban work with the US against the Islamic State?",
    "What did the State Department official say?",
    "Who claimed responsibility for the mosque attack?",
    "What is the capital of France?",
    "What did Biden say about ISIS-K?",
    "When did the US evacuation from Afghanistan end?",
]


def pct(values: list[float], q: float) -> float:
    return float(np.percentile(np.array(values) * 1000, q))


def timed(fn, *args, **kwargs):  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    result = fn(*args, **kwargs)
    return result, time.perf_counter() - started


def _resident_mb() -> float:
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 1e6


def seeds_figures(root: Path, repeats: int) -> None:
    corpus = root / "seeds"
    shutil.copytree(Path("seeds"), corpus)
    settings = Settings()
    embedder = Embedder(settings.embedding)
    _, load = timed(embedder.load)
    at = settings.with_folders(corpus, root / "idx")
    report, cold = timed(ingest, at, embedder)
    _, warm = timed(ingest, at, embedder)
    bot = Assistant.open(corpus=corpus, index=root / "idx")
    hand_settings = settings.with_folders(corpus, root / "idx")
    hand_settings.answer.ranker = "none"
    hand = Assistant.open(settings=hand_settings)  # the same index, the hand-weighted scorer
    for q in SEED_QUESTIONS:  # warm-up, first without the ranker ...
        hand.ask(q)
    before = _resident_mb()
    for q in SEED_QUESTIONS:  # ... then with it (loads it)
        bot.ask(q)
    ranker_mb = _resident_mb() - before
    retrieve_t, ask_t, hand_t = [], [], []
    for _ in range(repeats):  # interleaved, so both see the same machine
        for q in SEED_QUESTIONS:
            bot.clear_query_cache()  # no cached question embeddings: honest figures
            retrieve_t.append(timed(bot.retrieve, q)[1])
            bot.clear_query_cache()
            ask_t.append(timed(bot.ask, q)[1])
            hand.clear_query_cache()
            hand_t.append(timed(hand.ask, q)[1])
    print(f"== seeds/ ({report.passages} passages), model loaded in {load:.1f}s")
    print(f"answer ranker loaded and used: +{ranker_mb:.0f} MB resident")
    print(
        f"ingest cold {cold:.2f}s ({report.embedded_texts} texts embedded); "
        f"re-ingest unchanged {warm:.2f}s"
    )
    print(
        f"retrieve() p50 {pct(retrieve_t, 50):.1f} ms  p95 {pct(retrieve_t, 95):.1f} ms  "
        f"(n={len(retrieve_t)})"
    )
    print(
        f"ask()      p50 {pct(ask_t, 50):.1f} ms  p95 {pct(ask_t, 95):.1f} ms  "
        f"(n={len(ask_t)}; answer ranker on, the default; target p95 <= 60 ms)"
    )
    print(
        f"ask()      p50 {pct(hand_t, 50):.1f} ms  p95 {pct(hand_t, 95):.1f} ms  "
        f"(n={len(hand_t)}; ASSISTANT_ANSWER_RANKER=none)"
    )


FRESH_SETS = ("newsdev", "newsheld", "disputes")


def fresh_figures(root: Path) -> None:
    """ask() on corpora it has just indexed, each question once: what a user who drops
    new articles in meets (seeds_figures asks the same ten questions over and over)."""
    print("\n== unseen corpora (evals/corpora/*), each question asked once, after ingest")
    times: list[float] = []
    for name in FRESH_SETS:
        corpus, questions = Path("evals/corpora") / name, Path(f"evals/{name}.jsonl")
        asked = [q for line in questions.open() if (q := json.loads(line).get("question"))]
        (bot, opened) = timed(Assistant.open, corpus=corpus, index=root / f"fresh-{name}")
        bot.ask("a first question, to load the models")
        mine = [timed(bot.ask, q)[1] for q in asked]
        times += mine
        print(
            f"{name:<9} ingest+open {opened:4.1f}s  ask() p50 {pct(mine, 50):5.1f} ms  "
            f"p95 {pct(mine, 95):5.1f} ms  (n={len(mine)})"
        )
    print(f"{'all':<9} {'':>17}  ask() p50 {pct(times, 50):5.1f} ms  p95 {pct(times, 95):5.1f} ms")


def comparison(root: Path, articles: int, n_questions: int, k: int, rounds: int) -> None:
    corpus = root / "generated"
    questions = generate(corpus, articles=articles, seed=7)[:n_questions]
    embedder = Embedder(Settings().embedding)
    embedder.load()  # before both clocks: the model is loaded once, for both pipelines
    ours, theirs, built = breakdown.rounds(corpus, root / "gen-idx", embedder, k=k, count=rounds)
    print(f"\n== ingest of {articles} generated articles, the same {embedder.name} for both")
    print(breakdown.table(ours, theirs))
    store = built.store
    bot = Assistant.open(corpus=corpus, index=root / "gen-idx")
    rows = {"ours": [0, 0, []], "naive": [0, 0, []]}  # hits, chars, latencies
    for q in questions:
        bot.clear_query_cache()
        docs, t = timed(bot.retrieve, q["question"], k=k)
        _score(rows["ours"], docs, q, t)
        docs, t = timed(store.similarity_search, q["question"], k=k)
        _score(rows["naive"], docs, q, t)
    n = len(questions)
    print(f"\n== generated corpus: {articles} articles, {n} questions, k={k}")
    print(
        f"{'pipeline':<8} {'units':>7} {'ingest s':>9} {'hit@k':>7} {'chars/q':>8} "
        f"{'p50 ms':>7} {'p95 ms':>7}"
    )
    for name, units, ingest_s in (
        ("ours", ours[-1].units, ours[-1].seconds),
        ("naive", theirs[-1].units, theirs[-1].seconds),
    ):
        hits, chars, lat = rows[name]
        print(
            f"{name:<8} {units:>7} {ingest_s:>9.1f} {hits / n:>7.3f} {chars / n:>8.0f} "
            f"{pct(lat, 50):>7.1f} {pct(lat, 95):>7.1f}"
        )
    o, v = rows["ours"], rows["naive"]
    print(
        f"ratios ours/naive: hit@k {o[0] / max(v[0], 1):.2f}x, context chars "
        f"{o[1] / max(v[1], 1):.2f}x (target: hit >= 1.00x at <= 0.60x chars)"
    )
    print(
        "(naive = RecursiveCharacterTextSplitter(1000, 200) + LangChain FAISS + the same "
        "MiniLM, top-k similarity; ours also embeds each sentence, for answering)"
    )


def _score(row: list, docs: list, q: dict, seconds: float) -> None:  # type: ignore[type-arg]
    row[0] += any(
        d.metadata["source"] == q["source"] and q["answer_sentence"] in d.page_content for d in docs
    )
    row[1] += sum(len(d.page_content) for d in docs)
    row[2].append(seconds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--questions", type=int, default=300)
    parser.add_argument("--k", type=int, default=5)
    parser.add_argument("--repeats", type=int, default=10)
    parser.add_argument(
        "--rounds", type=int, default=3, help="Ingests of each pipeline, alternating first."
    )
    parser.add_argument("--only", choices=["seeds", "fresh", "compare"], help="Run one part.")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        if args.only in (None, "seeds"):
            seeds_figures(Path(tmp), args.repeats)
        if args.only in (None, "fresh"):
            fresh_figures(Path(tmp))
        if args.only in (None, "compare"):
            comparison(Path(tmp), args.articles, args.questions, args.k, args.rounds)
    print(
        json.dumps(
            {
                "machine": "2 cores, CPU",
                "backend": Settings().embedding.backend,
                "note": "figures from one run",
            }
        )
    )


if __name__ == "__main__":
    main()

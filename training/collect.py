"""Collect the answerer's candidates with every score, to tune how the ranker is used.

    python -m training.collect DATASET.jsonl OUT.json [--sample N]

Runs the real pipeline (retrieval, candidates, hand-weighted scores) over a
dataset of ``assistant eval`` and has the ranker read *every* candidate, then
writes per question: whether it is answerable, and per candidate its hand
features, the ranker's probability and whether it holds a key fact. The
tuning (``python -m training.tune``) then tries blends offline in seconds.
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

from assistant.answer.extractive import ExtractiveAnswerer
from assistant.core import Assistant
from assistant.evaluation.dataset import load_dataset
from assistant.models import Answer
from assistant.settings import Settings


def _facts(spellings: list[str | list[str]]) -> list[list[str]]:
    return [[s] if isinstance(s, str) else list(s) for s in spellings]


def collect(dataset_path: Path, out: Path, *, sample: int | None, seed: int) -> None:
    dataset = load_dataset(dataset_path)
    items = dataset.items
    if sample and sample < len(items):
        items = random.Random(seed).sample(items, sample)
    settings = Settings()
    settings.answer.ranker = "learned"
    settings.answer.ranker_candidates = 24  # more than any blend reads; tuning picks how many
    bot = Assistant.open(
        corpus=dataset.corpus_dir,
        index=settings.eval.index_root / f"collect-{dataset.name}",
        settings=settings,
        progress=print,
    )
    rows = []
    for n, item in enumerate(items, 1):
        history: list[Answer] = []
        for earlier in item.history:
            history.append(bot.ask(earlier, history))
        bot.ask(item.question, history)
        answerer = bot._extractive  # the scored candidates of the last question
        assert isinstance(answerer, ExtractiveAnswerer)
        facts = _facts(item.key_facts)
        rows.append(
            {
                "id": item.id,
                "type": item.type,
                "answerable": item.answerable,
                "question": item.question,
                "candidates": [
                    {
                        "semantic": c.semantic,
                        "coverage": c.coverage,
                        "factor": c.factor,
                        "typed": c.typed,
                        "learned": c.learned,
                        "words": len(c.text.split()),
                        "gold": any(
                            any(s.lower() in c.text.lower() for s in group) for group in facts
                        )
                        if facts
                        else False,
                    }
                    for c in answerer.last_ranked
                ],
            }
        )
        if n % 25 == 0:
            print(f"{n}/{len(items)}", flush=True)
    out.write_text(json.dumps({"dataset": dataset.name, "questions": rows}))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dataset", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--sample", type=int, default=None)
    parser.add_argument("--seed", type=int, default=5)
    args = parser.parse_args(argv)
    collect(args.dataset, args.out, sample=args.sample, seed=args.seed)


if __name__ == "__main__":
    main()

"""Tune how the ranker is blended in, offline, from collected candidates.

    python -m training.tune TUNE.json [TUNE2.json ...] --check CHECK.json [...]

For each blend (candidates read ``n``, weight ``w``) it prints, per file, the
share of answerable questions whose best sentence holds a key fact, and the
refusal trade-off: for thresholds on the best support, the share of
unanswerable questions refused against the share of answerable ones refused.
Blends are chosen on the TUNE files only; CHECK files are printed beside them
(news that nothing was tuned on).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

Question = dict[str, Any]


def blended(q: Question, n: int, w: float) -> list[tuple[float, dict[str, Any]]]:
    """(support, candidate), best first, as ``answer.ranker.rerank`` computes it."""
    cands = q["candidates"]
    hand = [(0.5 * c["semantic"] + 0.5 * c["coverage"]) for c in cands]
    order = sorted(range(len(cands)), key=lambda i: -hand[i] * cands[i]["factor"])
    out = []
    for rank, i in enumerate(order):
        c = cands[i]
        learned = c["learned"] if rank < n and c["learned"] is not None else 0.0
        out.append((c["factor"] * ((1 - w) * hand[i] + w * learned), c))
    return sorted(out, key=lambda x: -x[0])


def top1(questions: list[Question], n: int, w: float) -> float:
    hits = [
        blended(q, n, w)[0][1]["gold"] for q in questions if q["answerable"] and q["candidates"]
    ]
    return sum(hits) / max(len(hits), 1)


def refusal(
    questions: list[Question], n: int, w: float, threshold: float, min_coverage: float = 0.2
) -> tuple[float, float]:
    """(unanswerable refused, answerable refused) at ``threshold``."""
    refused = {True: [], False: []}  # type: dict[bool, list[bool]]
    for q in questions:
        ranked = blended(q, n, w)
        no = not ranked or ranked[0][0] < threshold or ranked[0][1]["coverage"] < min_coverage
        refused[q["answerable"]].append(no)
    return (
        sum(refused[False]) / max(len(refused[False]), 1),
        sum(refused[True]) / max(len(refused[True]), 1),
    )


def threshold_for(
    questions: list[Question], n: int, w: float, max_false: float
) -> tuple[float, float, float]:
    """The highest threshold whose false refusals stay at or below ``max_false``."""
    best = (0.0, 0.0, 0.0)
    for t100 in range(0, 100):
        t = t100 / 100
        unans, ans = refusal(questions, n, w, t)
        if ans <= max_false:
            best = (t, unans, ans)
    return best


def load(paths: list[Path]) -> dict[str, list[Question]]:
    return {p.stem: json.loads(p.read_text())["questions"] for p in paths}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tune", type=Path, nargs="+")
    parser.add_argument("--check", type=Path, nargs="*", default=[])
    parser.add_argument("--max-false", type=float, default=0.10)
    args = parser.parse_args(argv)
    tune, check = load(args.tune), load(args.check)
    pooled = [q for qs in tune.values() for q in qs]
    names = list(tune) + list(check)
    print("n   w    " + "  ".join(f"{name[:14]:>14}" for name in names) + "   threshold unans/ans")
    results = []
    for n in (4, 6, 8, 12, 16, 24):
        for w10 in range(0, 11):
            w = w10 / 10
            cells = [top1(qs, n, w) for qs in [*tune.values(), *check.values()]]
            t, unans, ans = threshold_for(pooled, n, w, args.max_false)
            results.append((sum(cells[: len(tune)]) / len(tune), n, w, t))
            print(
                f"{n:<3} {w:.1f}  "
                + "  ".join(f"{c:>14.3f}" for c in cells)
                + f"   {t:.2f} {unans:.3f}/{ans:.3f}"
            )
    score, n, w, t = max(results)
    print(f"\nbest on the tuning files: n={n} w={w} top-1 {score:.3f}; threshold {t:.2f}")
    print("trade-off at that blend (threshold: unanswerable refused / answerable refused):")
    for name, qs in {**tune, **check}.items():
        curve = [(t2 / 100, *refusal(qs, n, w, t2 / 100)) for t2 in range(20, 75, 5)]
        print(f"  {name}: " + ", ".join(f"{a:.2f}: {u:.2f}/{f:.2f}" for a, u, f in curve))


if __name__ == "__main__":
    main()

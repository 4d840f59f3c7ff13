"""Verification overhead of the LLM mode: checking a 5-sentence answer over 5 passages.

Prints p50/p95 milliseconds per answer for the grounder (bogus markers, support
judge, best-supporting sentence, citations), in four cases:

* words decide: every sentence is close enough to its passage that the words
  settle it (no embedding needed);
* cosine needed: every sentence quotes only about half its words, so the
  judge's cosine rule decides (the claims are embedded, in one batch);
* each of these checked as one reply, and streamed token by token (as
  ``Assistant.stream`` does: a sentence is checked when the next begins, so
  only the last check adds to the wait after the model's last token; that
  tail is printed too).

Usage: python benchmarks/verify_overhead.py [--corpus seeds] [--runs 200] [--threads N]
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from assistant import Assistant, Settings
from assistant.answer.grounding import Grounder
from assistant.check.claims import NO_ANSWER
from assistant.retrieval.hybrid import Hit

QUESTION = "What did the Taliban say about the Islamic State and the Kunduz mosque attack?"
FILLER = (
    "reportedly amid broader regional security worries voiced locally while observers "
    "abroad watched closely during tense weeks"
).split()


def main() -> None:
    args = _arguments()
    if args.threads:
        import torch

        torch.set_num_threads(args.threads)
    with tempfile.TemporaryDirectory() as tmp:
        bot = Assistant.open(corpus=args.corpus, index=Path(tmp) / "index", settings=Settings())
        hits = bot.search(QUESTION, k=5)
        bot.embedder.encode(["warm up"])
        print(
            f"{len(hits)} passages, {sum(len(h.passage.sentences) for h in hits)} sentences; "
            f"torch threads {_threads()}; load average {os.getloadavg()[0]:.2f}"
        )
        for name, reply in (
            ("words decide", _reply(bot, hits, soft=False)),
            ("cosine needed", _reply(bot, hits, soft=True)),
        ):
            for how, check in (("one reply", _whole), ("streamed", _streamed)):

                def once(
                    check: Callable[[Grounder, str], float] = check, reply: str = reply
                ) -> float:
                    return check(Grounder(hits, bot.judge, not_found=NO_ANSWER), reply)

                times, tails = _time(once, args.runs)
                tail = (
                    f"   after the last token: p50 {_pct(tails, 50):6.2f} ms   "
                    f"p95 {_pct(tails, 95):6.2f} ms"
                    if how == "streamed"
                    else ""
                )
                print(
                    f"{name:14} {how:10} p50 {_pct(times, 50):6.2f} ms   "
                    f"p95 {_pct(times, 95):6.2f} ms{tail}"
                )
        for name, soft in (("words decide", False), ("cosine needed", True)):
            g, reply = Grounder(hits, bot.judge, not_found=NO_ANSWER), _reply(bot, hits, soft=soft)
            before = bot.embedder.encoded_texts
            _whole(g, reply)
            print(
                f"({name}: {bot.embedder.encoded_texts - before} of 5 sentences embedded; "
                f"{g.supported} supported, {g.unsupported} not)"
            )


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=Path("seeds"))
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--threads", type=int, default=0, help="torch threads (0: default)")
    return parser.parse_args()


def _reply(bot: Assistant, hits: list[Hit], *, soft: bool) -> str:
    """Five cited sentences, one per passage, from the passage's longest sentence."""
    parts = []
    for n, hit in enumerate(hits, start=1):
        p = hit.passage
        text = max((p.text[s.start - p.start : s.end - p.start] for s in p.sentences), key=len)
        claim = _soften(bot, text) if soft else text.rstrip(".")
        parts.append(f"{claim} [{n}].")
    return " ".join(parts)


def _soften(bot: Assistant, sentence: str) -> str:
    """The sentence cut and padded until about half its words are the passage's."""
    words = re.sub(r"[^\w\s'-]", "", sentence).split()
    claim = words[: max(4, len(words) // 2)]
    judge = bot.judge
    for extra in FILLER:
        verdict = judge.judge(" ".join(claim), [sentence])
        if judge.lexical_soft <= verdict.lexical < judge.lexical_min:
            break
        claim.append(extra)
    return " ".join(claim)


def _whole(g: Grounder, reply: str) -> float:
    g.feed(reply)
    g.finish()
    return 0.0


def _streamed(g: Grounder, reply: str) -> float:
    """Feed token by token; returns the time of the last check, after the last token."""
    for token in re.findall(r"\S+\s*", reply):
        g.feed(token)
    started = time.perf_counter()
    g.finish()
    return (time.perf_counter() - started) * 1000


def _time(run: Callable[[], float], runs: int) -> tuple[list[float], list[float]]:
    run()  # caches warm, as in a running assistant
    times, tails = [], []
    for _ in range(runs):
        started = time.perf_counter()
        tails.append(run())
        times.append((time.perf_counter() - started) * 1000)
    return times, tails


def _pct(times: list[float], q: int) -> float:
    return statistics.quantiles(times, n=100)[q - 1] if q != 50 else statistics.median(times)


def _threads() -> int:
    import torch

    return int(torch.get_num_threads())


if __name__ == "__main__":
    main()

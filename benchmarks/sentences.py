"""Sentence splitting time against paragraph length (it should grow linearly).

    python -m benchmarks sentences [--sizes 25000 50000 100000] [--repeats 3]

Each paragraph is one block with no line breaks: news sentences with abbreviations,
initials, figures, quotes and ellipses, repeated to the size; then paragraphs made of
what a splitter looks over most (dotted acronyms, spaced ellipses, one endless ellipsis).
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

from assistant.ingest.sentences import split_sentences

NEWS = (
    'Officials met U.S. representatives in Doha on Oct. 9. "We are able," Mr. Shaheen said. '
    "Dr. J. Smith left at 11 p.m. on Friday... The fund fell 2.5 percent to $100.00. "
    "Gov. Ana Ruiz (D-N.M.) visited St. Mary's Hospital, No. 4 in the state! "
    "Was it worth it? The company, Pitt, Briggs & Co., said so. "
)
PATTERNS: dict[str, str] = {
    "news": NEWS,
    "acronyms": "U.S.A. E.U. a.m. ",
    "ellipses": "so . . . then ",
    "dot runs": ". ",  # one spaced ellipsis as long as the paragraph
}


def paragraph(pattern: str, size: int) -> str:
    return (pattern * (size // len(pattern) + 1))[:size]


def best_of(repeats: int, fn: Callable[[], object]) -> float:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[25_000, 50_000, 100_000])
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    for name, pattern in PATTERNS.items():
        figures = []
        for size in args.sizes:
            text = paragraph(pattern, size)
            seconds = best_of(args.repeats, lambda t=text: split_sentences(t, 0, len(t)))
            figures.append(f"{size // 1000}K: {seconds:.3f} s")
        print(f"{name:9} " + "  ".join(figures))


if __name__ == "__main__":
    main()

"""Sentence boundaries: pySBD's English "Golden Rules" (see data/README.md) and news."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.ingest.sentences import split_sentences

GOLDEN_RULES = Path(__file__).parent / "data" / "golden_rules_en.jsonl"
GOLDEN_RULES_PASSED = 48  # a ratchet (32 before abbreviations, lists and ellipses were ruled)


def _sentences(text: str) -> list[str]:
    return [text[a:b] for a, b in split_sentences(text, 0, len(text))]


def test_golden_rules_pass_count_does_not_fall() -> None:
    cases = [json.loads(line) for line in GOLDEN_RULES.read_text(encoding="utf-8").splitlines()]
    assert len(cases) == 48
    failures = [c for c in cases if _sentences(c["text"]) != c["sentences"]]
    for c in failures:
        print(f"{c['id']:>2} {c['rule']}: {_sentences(c['text'])!r}")
    passed = len(cases) - len(failures)
    print(f"golden rules: {passed}/{len(cases)}")
    assert passed >= GOLDEN_RULES_PASSED


@pytest.mark.parametrize(
    "text",
    [
        "Shares of Apple Inc. CEO Tim Cook's company rose.",
        "U.S. Sen. Elizabeth Warren spoke at 11 p.m. Friday in Boston.",
        "The bank, backed by financier J. P. Morgan, failed.",
        "He wrote The Daleks (a.k.a. The Mutants) in 1963.",
        "It appeared in 1795 (Vol. 1, Vol. 2) and again in No. 4 of the series.",
        "At 5 a.m. The alarm rang across the camp.",
        'He read out "1... 2... 3..." to the crowd.',
    ],
)
def test_news_abbreviations_do_not_end_a_sentence(text: str) -> None:
    assert _sentences(text) == [text]


@pytest.mark.parametrize(
    ("text", "cut_after"),
    [
        ("a higher figure than the ministry's. The ministry did not respond.", "ministry's."),
        ("the birthday of Martin Luther King Jr. This year, it fell on a Monday.", "Jr."),
        ("the doors opened at 10 a.m. The town's brass band played.", "a.m."),
        ("Spain lost to Australia 3-1. The game was in Sydney.", "3-1."),
        ("They finished at the bottom of Group B. The runners-up went through.", "Group B."),
        ("He left the White House at 6 p.m. Mr. Biden then flew home.", "p.m."),
    ],
)
def test_news_sentence_ending_in_an_abbreviation_or_number_ends(text: str, cut_after: str) -> None:
    first = text[: text.index(cut_after) + len(cut_after)]
    assert _sentences(text) == [first, text[len(first) + 1 :]]

"""A question may name what it asks in other words than the article ("workforce" for
"employees", "stock" for "shares"): such a sentence still covers the question (an
article written for this test)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.answer.one_article import bot_over

ARTICLE = """Harlow Foods to close its Marsh Lane bakery

Harlow Foods said on Monday it would close its bakery on Marsh Lane next spring and move
bread production to a new plant in Kessel.

The company, founded in 1931, sells its bread in more than 400 shops across the region.

Unions representing Harlow Foods' 8,000 employees said they had been given no guarantees
about jobs at the new plant.

The bakery site will be sold to a housing developer, the company said.
"""

WORKFORCE = (
    "Unions representing Harlow Foods' 8,000 employees said they had been given no "
    "guarantees\nabout jobs at the new plant."
)


@pytest.mark.parametrize(("similarity", "said_otherwise"), [(0.7, True), (1.01, False)])
def test_a_question_word_said_otherwise_counts_toward_coverage(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, similarity: float, said_otherwise: bool
) -> None:
    monkeypatch.setenv("ASSISTANT_ANSWER_PARAPHRASE_SIMILARITY", str(similarity))
    bot = bot_over(tmp_path, "harlow_foods.txt", ARTICLE)
    answer = bot.ask("How big is the workforce of Harlow Foods?")
    scored = {c.text: c for c in bot._extractive.last_ranked}  # type: ignore[attr-defined]
    # "workforce" (weighted by rarity) is said as "employees": 0.6 of its weight
    # against a sentence that names the company and says nothing of its workforce
    plain = next(c for t, c in scored.items() if t.startswith("Harlow Foods said on Monday"))
    assert (scored[WORKFORCE].coverage > plain.coverage) is said_otherwise
    if said_otherwise:
        assert answer.answerable and answer.citations[0].quote == WORKFORCE

"""A sentence saying the fact asked is not known is no answer: the assistant says the
articles do not say, and shows that sentence among the closest passages (an article
written for this test)."""

from __future__ import annotations

from pathlib import Path

from tests.answer.one_article import bot_over

ARTICLE = """Harlow council approves high street works

Harlow District Council on Tuesday approved a plan to rebuild the town's high street,
with wider pavements, new trees and a cycle lane, at a cost of 4.2 million pounds.

Work will start in March and last about a year. The council said a fund to help shops
hit by the works would be set up before work begins, but did not say how large it
would be.

Shop owners have asked for the works to be done in stages.
"""


def test_a_fact_the_article_says_is_not_known_is_not_answered(tmp_path: Path) -> None:
    bot = bot_over(tmp_path, "harlow_high_street.txt", ARTICLE)
    answer = bot.ask("How big is the fund for shops hit by the Harlow high street works?")
    assert not answer.answerable, answer.text
    assert any("did not say how large" in n.quote for n in answer.nearest)
    # what the article does say is still answered
    answer = bot.ask("When will the Harlow high street works start?")
    assert answer.answerable and "March" in answer.citations[0].quote

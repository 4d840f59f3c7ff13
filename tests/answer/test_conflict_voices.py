"""One article, two voices: a figure and, further on, another source's figure for the same
thing. Both are sides of the disagreement, each with its source (an article written for
this test, not taken from the evaluation sets)."""

from __future__ import annotations

from pathlib import Path

from tests.answer.one_article import bot_over

ARTICLE = """Storm damage in Harlow put at £2.1 million

The Harlow storm on Friday night brought down trees across the town, cut power to 9,000
homes and tore the roof off the Marsh Lane leisure centre.

Harlow District Council said on Saturday that early estimates put the cost of the storm
damage to public buildings and roads at £2.1 million. The council's leader, Ann Rowe,
said crews had cleared every main road by noon.

Power was restored to most homes by Saturday evening, the electricity company said.

Shop owners on the high street said the council's figure left out their losses. The
Harlow Chamber of Trade said storm damage to shops and lost trade came to more than
£5 million. "The council has only counted its own roofs," its chair said.

The Met Office said gusts reached 92 mph at the coast, the strongest since 1987.
"""


def test_a_second_source_further_in_the_same_article_is_a_side(tmp_path: Path) -> None:
    bot = bot_over(tmp_path, "harlow_storm.txt", ARTICLE)
    answer = bot.ask("How much did the damage from the Harlow storm cost?")
    assert answer.answerable
    assert len(answer.conflicts) == 1, answer.text
    sides = {(v.value, v.attribution) for v in answer.conflicts[0].values}
    assert sides == {
        ("£2.1 million", "Harlow District Council"),
        ("more than £5 million", "The Harlow Chamber of Trade"),
    }, answer.text
    quotes = {c.marker: " ".join(c.quote.split()) for c in answer.citations}
    for value in answer.conflicts[0].values:  # each side cites the sentence that gives it
        assert value.value in quotes[value.marker]
    assert answer.unsupported_sentences == 0  # the conflict sentence is held by its quotes

"""Overview questions get each article's key sentences, cited; a refusal shows where to look."""

from __future__ import annotations

import pytest

from assistant import Assistant
from assistant.answer.overview import overview_topic


@pytest.mark.parametrize(
    ("question", "topic"),
    [
        ("Summarize what the two articles say", ""),
        ("Summarize the articles.", ""),
        ("What do the reports say?", ""),
        ("What are the key points?", ""),
        ("Could you give me a short summary of the evacuation?", "the evacuation"),
        ("What do the articles say about ISIS-K?", "ISIS-K"),
        ("Brief me on the footbridge vote", "the footbridge vote"),
        ("How many people were killed?", None),
        ("What did Biden say?", None),
        ("What does Hashemi say about the death toll?", None),  # one person, not the articles
        ("Who summarized the report for the council?", None),
    ],
)
def test_an_overview_question_and_its_topic(question: str, topic: str | None) -> None:
    assert overview_topic(question) == topic


def test_an_overview_quotes_the_lead_of_each_article(seed_bot: Assistant) -> None:
    answer = seed_bot.ask("Summarize what the two articles say")
    assert answer.answerable and len(answer.text.split()) <= 100
    assert {c.source for c in answer.citations} == {
        p.source for p in seed_bot.data.passages
    }  # both reports are heard
    for source in {c.source for c in answer.citations}:
        first = min(c.start for c in answer.citations if c.source == source)
        body = seed_bot.data.passages.of_source(source)[0]
        assert first == body.sentences[0].start  # its lead, not a sentence from the middle


def test_an_overview_of_what_the_articles_never_mention_is_refused(seed_bot: Assistant) -> None:
    answer = seed_bot.ask("What do the articles say about the weather in Paris?")
    assert not answer.answerable and answer.citations == []


def test_a_refusal_shows_the_closest_passages_as_not_an_answer(seed_bot: Assistant) -> None:
    answer = seed_bot.ask("Who won the football match in Kabul?")
    assert not answer.answerable and answer.citations == []  # nothing is cited as evidence
    assert 1 <= len(answer.nearest) <= 2
    assert len({c.passage_id for c in answer.nearest}) == len(answer.nearest)
    for c in answer.nearest:  # each one opens on the exact sentence
        text = (seed_bot.settings.corpus.dir / c.source).read_text(encoding="utf-8")
        assert text[c.start : c.end] == c.quote


def test_an_answer_has_no_nearest_passages(seed_bot: Assistant) -> None:
    answer = seed_bot.ask("How many people were killed in the Kunduz mosque attack?")
    assert answer.answerable and answer.nearest == []

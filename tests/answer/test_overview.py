"""Overview questions get each article's key sentences, cited; an unknown topic is refused."""

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

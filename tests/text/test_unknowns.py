"""Sentences that say a fact is not known (written for these tests)."""

from __future__ import annotations

import pytest

from assistant.text.unknowns import asks_what_was_said, says_unknown


@pytest.mark.parametrize(
    "sentence",
    [
        "The ministry did not say how many soldiers would be sent.",
        "The firm gave the date, but did not say how much the new plant would cost.",
        "The club declined to say whether the coach would stay.",
        "Officials refused to disclose the price of the contract.",
        "It is not clear how many people were on the boat.",
        "It was still not known who had started the fire.",
        "It remains unclear why the dam failed.",
        "No figure was given for the cost of the repairs.",
        "The mayor didn't say when the road would reopen.",
    ],
)
def test_a_sentence_saying_a_fact_is_not_known(sentence: str) -> None:
    assert says_unknown(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "Police said 12 people were arrested.",
        "The company declined to comment.",  # no comment is not a missing fact
        "He did not say.",  # says nothing of what is not known
        "The hikers did not know the way down.",
        "It is clear that the dam failed after the storm.",
        "The council said the fund would be worth 2 million euros.",
    ],
)
def test_a_sentence_that_does_not(sentence: str) -> None:
    assert not says_unknown(sentence)


def test_a_question_about_what_was_said_is_answered_by_a_refusal_to_say() -> None:
    assert asks_what_was_said("What did the club say about the coach?")
    assert asks_what_was_said("How did the ministry respond?")
    assert not asks_what_was_said("How big is the support fund?")

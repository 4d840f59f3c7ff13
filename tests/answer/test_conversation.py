"""Follow-ups in longer conversations: they lean on the latest answered turn.

A refused turn says nothing a pronoun could point at, so it is passed over,
wherever it sits in the history; an older answered turn is not the one meant.
"""

from __future__ import annotations

import pytest

from assistant import Answer, Assistant

FIRE_CHIEF = "Who is the fire chief at Port Alden?"
HARBOUR_MASTER = "Who is the harbour master at Port Alden?"
UNANSWERABLE = "Who won the election in Harwick?"


@pytest.fixture(scope="module")
def turns(own_bot: Assistant) -> dict[str, Answer]:
    """Three real turns over the test articles: two answered (two people), one refused."""
    answers = {q: own_bot.ask(q) for q in (FIRE_CHIEF, HARBOUR_MASTER, UNANSWERABLE)}
    assert "Marta Okonkwo" in " ".join(c.quote for c in answers[FIRE_CHIEF].citations)
    assert "Colin Brandt" in " ".join(c.quote for c in answers[HARBOUR_MASTER].citations)
    assert not answers[UNANSWERABLE].answerable
    return answers


def test_a_refused_turn_in_the_middle_is_passed_over(
    own_bot: Assistant, turns: dict[str, Answer]
) -> None:
    history = [turns[FIRE_CHIEF], turns[UNANSWERABLE], turns[HARBOUR_MASTER]]
    follow = own_bot.ask("Where is he based?", history=history)
    # The latest answered turn named Brandt; the oldest one named Okonkwo.
    assert "Colin Brandt" in follow.standalone_question
    assert "Okonkwo" not in follow.standalone_question
    assert any("Eastgate" in c.quote for c in follow.citations), follow.text


def test_a_refused_last_turn_is_passed_over(own_bot: Assistant, turns: dict[str, Answer]) -> None:
    history = [
        turns[HARBOUR_MASTER],
        turns[UNANSWERABLE],
        turns[FIRE_CHIEF],
        turns[UNANSWERABLE],
    ]
    follow = own_bot.ask("What did she tell reporters?", history=history)
    assert "Marta Okonkwo" in follow.standalone_question
    assert UNANSWERABLE not in follow.standalone_question
    assert any("grain dust" in c.quote for c in follow.citations), follow.text

"""Questions that ask two things: split, answered part by part, joined with one numbering."""

from __future__ import annotations

import pytest

from assistant.answer.parts import joined, question_parts
from assistant.models import Answer, Citation, Conflict, ConflictValue


@pytest.mark.parametrize(
    ("question", "parts"),
    [
        (
            "How well did the vaccine work, and how many cases were there in each group?",
            ["How well did the vaccine work?", "How many cases were there in each group?"],
        ),
        (
            "Who found that the homes were overpriced, and by how much?",
            ["Who found that the homes were overpriced?", "By how much?"],
        ),
        (
            "Who is the spokesman and where is he based?",
            ["Who is the spokesman?", "Where is he based?"],
        ),
        ("What did Smith and Jones say?", ["What did Smith and Jones say?"]),
        ("When and where did it happen?", ["When and where did it happen?"]),
        ("Who won, and why?", ["Who won, and why?"]),  # "why" alone is no question
    ],
)
def test_a_question_is_split_where_and_opens_a_second_question(
    question: str, parts: list[str]
) -> None:
    assert question_parts(question) == parts


def _citation(marker: int, start: int, quote: str) -> Citation:
    return Citation(
        marker=marker,
        source="a.txt",
        title="A",
        start=start,
        end=start + len(quote),
        quote=quote,
        passage_id="p1",
    )


def _answer(text: str, citations: list[Citation], **extra: object) -> Answer:
    return Answer(
        question="q",
        standalone_question="q",
        text=text,
        answerable=bool(citations),
        citations=citations,
        support=0.5 if citations else 0.1,
        **extra,  # type: ignore[arg-type]
    )


def test_answers_are_joined_with_one_numbering_and_a_shared_quote_cited_once() -> None:
    first = _answer(
        "Ann found it. [1] Bob agreed. [2]",
        [_citation(1, 0, "Ann found it."), _citation(2, 20, "Bob agreed.")],
    )
    second = _answer(
        "It was 21% dearer. [1] Bob agreed. [2]",
        [_citation(1, 40, "It was 21% dearer."), _citation(2, 20, "Bob agreed.")],
        conflicts=[
            Conflict(
                topic="the cost",
                kind="conflict",
                values=[
                    ConflictValue(value="21%", marker=1),
                    ConflictValue(value="a fifth", marker=2),
                ],
            )
        ],
    )
    answer = joined("Who, and by how much?", "Who? By how much?", [first, second])
    assert answer.text == "Ann found it. [1] Bob agreed. [2] It was 21% dearer. [3] Bob agreed. [2]"
    assert [(c.marker, c.start) for c in answer.citations] == [(1, 0), (2, 20), (3, 40)]
    assert [v.marker for v in answer.conflicts[0].values] == [3, 2]
    assert answer.question == "Who, and by how much?"
    assert answer.support == 0.5


def test_a_part_quoting_only_what_is_quoted_adds_nothing() -> None:
    first = _answer("Ann found it. [1]", [_citation(1, 0, "Ann found it.")])
    again = _answer("Ann found it. [1]", [_citation(1, 0, "Ann found it.")])
    assert joined("q", "q", [first, again]).text == "Ann found it. [1]"


def test_an_unanswered_part_is_left_out_and_all_unanswered_is_a_refusal() -> None:
    first = _answer("Ann found it. [1]", [_citation(1, 0, "Ann found it.")])
    silent = _answer("The articles do not say.", [])
    assert joined("q", "q", [silent, first]).text == "Ann found it. [1]"
    refused = joined("Who, and when?", "Who? When?", [silent, silent])
    assert refused.answerable is False
    assert refused.question == "Who, and when?"

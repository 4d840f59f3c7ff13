"""Periods a question asks about, and sentences about another one."""

from __future__ import annotations

import pytest

from assistant.text.terms import other_period, periods, question_type


def test_periods_are_read_by_class() -> None:
    text = "In May 2021, and again last year, the line shut on a Monday in Sept. and in winter."
    assert periods(text) == {
        "month": {"may", "september"},
        "year": {"2021"},
        "relative": {"last year"},
        "day": {"monday"},
        "season": {"winter"},
    }


def test_lower_case_months_and_days_and_percentages_are_not_periods() -> None:
    assert periods("Prices may march higher; 2025 percent is no year; a sunday roast") == {}


@pytest.mark.parametrize(
    ("question", "sentence", "other"),
    [
        ("How many ride it in summer?", "It carries 1,500 a day in winter.", True),
        ("How many ride it in summer?", "In summer and winter it carries 1,500.", False),
        ("How many ride it in summer?", "It carries 1,500 a day.", False),  # cannot tell
        ("What was inflation in August?", "It fell to 2.8% in October.", True),
        ("What was inflation in August?", "It was 3% in August and 2.8% in October.", False),
        ("How many cases were there last year?", "37 cases since last month.", True),
        ("How many cases were there in 2024?", "It recorded 1,640 cases in 2023.", True),
        ("What happened on Monday?", "On Monday, in winter, the line shut.", False),
    ],
)
def test_a_sentence_about_another_period_than_asked(
    question: str, sentence: str, other: bool
) -> None:
    assert other_period(periods(question), sentence) is other


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("What was the inflation rate in August?", "count"),
        ("What is the ticket price?", "count"),
        ("What will be their average salary?", "count"),
        ("What was the cause of the fire?", "other"),
        ("What is the name of the ship?", "other"),
    ],
)
def test_a_measure_asked_wants_a_figure(question: str, kind: str) -> None:
    assert question_type(question) == kind

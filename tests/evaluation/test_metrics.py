"""Per-item metrics on hand-computed cases."""

from __future__ import annotations

import math
from dataclasses import dataclass

import pytest

from assistant.evaluation.dataset import EvalItem, Evidence
from assistant.evaluation.metrics import (
    conflict_surfaced,
    forbidden_text,
    missing_facts,
    retrieval_scores,
    token_f1,
)
from assistant.models import Answer, Citation, Conflict, ConflictValue


@dataclass
class P:
    source: str
    start: int
    end: int


EVIDENCE = [Evidence(source="a.txt", start=100, end=200, text="x" * 100)]


def test_a_passage_counts_when_it_overlaps_the_span_in_the_same_file() -> None:
    ranked = [P("b.txt", 100, 200), P("a.txt", 200, 300), P("a.txt", 150, 260), P("a.txt", 0, 90)]
    scores = retrieval_scores(ranked, EVIDENCE, relevant_in_index=2, k=4)
    # Only the third overlaps: the first is another file, the second only touches the span.
    assert scores["hit_at_k"] == 1.0
    assert scores["recall_at_k"] == 1.0
    assert scores["mrr"] == pytest.approx(1 / 3)
    ideal = 1 + 1 / math.log2(3)  # two passages of the index overlap the span
    assert scores["ndcg_at_k"] == pytest.approx((1 / math.log2(4)) / ideal)


def test_only_the_top_k_count() -> None:
    ranked = [P("a.txt", 0, 10), P("a.txt", 120, 130)]
    assert retrieval_scores(ranked, EVIDENCE, relevant_in_index=1, k=1) == {
        "hit_at_k": 0.0,
        "recall_at_k": 0.0,
        "mrr": 0.0,
        "ndcg_at_k": 0.0,
    }


def test_recall_is_the_share_of_evidence_spans_found() -> None:
    two = [*EVIDENCE, Evidence(source="b.txt", start=0, end=50, text="y" * 50)]
    scores = retrieval_scores([P("b.txt", 10, 20)], two, relevant_in_index=2, k=5)
    assert scores["recall_at_k"] == 0.5 and scores["mrr"] == 1.0


def test_token_f1_ignores_markers_case_articles_and_punctuation() -> None:
    assert token_f1("The Doha talks. [1]", "doha talks") == 1.0
    assert token_f1("Talks in Doha [1]", "Doha") == pytest.approx(2 * (1 / 3) / (1 + 1 / 3))
    assert token_f1("Kabul", "Doha") == 0.0


def test_key_facts_accept_any_listed_spelling_and_whole_words_only() -> None:
    answer = "ISIS-K claimed it. [1] It killed 46 people. [2]"
    assert missing_facts(answer, [["Khorasan", "ISIS-K"], "46"]) == []
    assert missing_facts(answer, ["4", "Doha"]) == ["4", "Doha"]


def _conflict_item(figures: list[str]) -> EvalItem:
    return EvalItem(
        id="c",
        type="conflict",
        question="How many?",
        conflict_figures=figures,
        evidence=[
            Evidence(source="a.txt", start=0, end=10, text="0123456789"),
            Evidence(source="b.txt", start=0, end=10, text="0123456789"),
        ],
    )


def _cite(marker: int, source: str) -> Citation:
    return Citation(
        marker=marker, source=source, title="t", start=2, end=5, quote="234", passage_id="p"
    )


def test_a_conflict_is_surfaced_when_two_wanted_figures_are_listed() -> None:
    values = [ConflictValue(value="more than 160", marker=1), ConflictValue(value="170", marker=2)]
    answer = Answer(
        question="q",
        text="t",
        answerable=True,
        conflicts=[Conflict(topic="killed", values=values)],
    )
    assert conflict_surfaced(answer, _conflict_item(["roughly 170", "more than 160"]))[0]
    assert not conflict_surfaced(answer, _conflict_item(["46", "more than 70"]))[0]
    silent = answer.model_copy(update={"conflicts": []})
    ok, why = conflict_surfaced(silent, _conflict_item(["roughly 170", "more than 160"]))
    assert not ok and "conflicts listed []" in why


def test_a_conflict_without_figures_needs_both_sides_cited() -> None:
    one = Answer(question="q", text="t [1]", answerable=True, citations=[_cite(1, "a.txt")])
    ok, why = conflict_surfaced(one, _conflict_item([]))
    assert not ok and "b.txt" in why
    both = one.model_copy(update={"citations": [_cite(1, "a.txt"), _cite(2, "b.txt")]})
    assert conflict_surfaced(both, _conflict_item([]))[0]


def test_forbidden_text_is_case_insensitive() -> None:
    assert forbidden_text("The capital is PARIS.", ["Paris", "500"]) == ["Paris"]


def test_forbidden_text_takes_any_run_of_spaces_and_line_breaks_as_one_space() -> None:
    said = "The capital\n of France  is Paris. [1]"
    assert forbidden_text(said, ["capital of   France", "France is\nParis"]) == [
        "capital of   France",
        "France is\nParis",
    ]
    assert forbidden_text(said, ["capitalof France"]) == []

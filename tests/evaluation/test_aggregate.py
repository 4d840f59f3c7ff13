"""Aggregates that need no pipeline run: counted from records."""

from __future__ import annotations

from assistant.evaluation.aggregate import aggregate
from assistant.evaluation.dataset import EvalRecord
from assistant.models import Answer, Conflict, ConflictValue


def _record(
    item_type: str, kinds: list[str], metrics: dict[str, float] | None = None
) -> EvalRecord:
    conflicts = [
        Conflict(
            topic="the death toll",
            kind=kind,
            values=[ConflictValue(value="46", marker=1), ConflictValue(value="70", marker=2)],
        )
        for kind in kinds
    ]
    answer = Answer(question="q", text="t", answerable=True, citations=[], conflicts=conflicts)
    return EvalRecord(
        id=item_type,
        type=item_type,
        question="q",
        answer=answer,
        retrieved=[],
        metrics=metrics or {},
    )


def test_a_disagreement_announced_where_there_is_none_is_counted() -> None:
    records = [
        _record("conflict", ["conflict"], {"conflict_surfaced": 0.0}),  # a real one
        _record("single_fact", ["precision"]),  # figures that can both be true: not a conflict
        _record("single_fact", ["conflict"]),  # "100 cities vs 21 cities"
        _record("follow_up", []),
        # an item of another type over figures the reports dispute (its conflict_figures
        # give it a conflict_surfaced metric): showing that disagreement is no false one
        _record("multi_article", ["conflict"], {"conflict_surfaced": 1.0}),
    ]
    assert aggregate(records)["answer.false_conflicts"] == 1.0
    assert aggregate(records)["answer.conflict_surfacing"] == 0.0  # of conflict items only

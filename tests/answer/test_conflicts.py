"""Disagreeing figures: every side of a disagreement is kept and cited, none dropped."""

from __future__ import annotations

import shutil

import pytest

from assistant import Assistant
from assistant.answer.conflicts import disagreements
from tests.conftest import OWN_ARTICLES

INJURED = "How many workers were injured in the Port Alden warehouse fire?"

# Two more reports of the Port Alden fire (tests/articles/alden_fire.txt says nine),
# each with its own count of the injured.
UNION_REPORT = """Union Says Port Alden Fire Injured More Workers Than Reported

Fifteen workers were injured in the fire at the Port Alden grain warehouse on Tuesday, \
the dockworkers' union said on Thursday.

The union said the harbour authority's first count had missed workers who went home \
without seeing a doctor.
"""
HOSPITAL_REPORT = """Hospital Releases Figures on Port Alden Warehouse Fire

St. Brigid's Hospital said on Friday that 11 workers were injured in the Port Alden \
warehouse fire, most of them by smoke.

The hospital said all of them had since gone home.
"""


def test_three_figures_are_three_sides() -> None:
    sentences = [
        "A fire injured nine workers at the docks, the harbour authority said.",
        "Fifteen workers were injured in the fire, the union said.",
        "The hospital said 11 workers were injured in the fire.",
    ]
    found = disagreements(sentences, "How many workers were injured in the fire?")
    assert len(found) == 1
    assert {(i, f.text) for i, f in found[0].sides} == {(0, "nine"), (1, "Fifteen"), (2, "11")}


@pytest.fixture(scope="module")
def three_reports(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    corpus = tmp_path_factory.mktemp("three_reports") / "corpus"
    corpus.mkdir()
    shutil.copy(OWN_ARTICLES / "alden_fire.txt", corpus / "alden_fire.txt")
    (corpus / "union_report.txt").write_text(UNION_REPORT)
    (corpus / "hospital_report.txt").write_text(HOSPITAL_REPORT)
    return Assistant.open(corpus=corpus, index=corpus.parent / "index")


def test_a_third_report_is_a_third_cited_side(three_reports: Assistant) -> None:
    answer = three_reports.ask(INJURED)
    assert answer.answerable and len(answer.conflicts) == 1, answer.text
    conflict = answer.conflicts[0]
    assert {v.value.lower() for v in conflict.values} == {"nine", "fifteen", "11"}
    by_marker = {c.marker: c for c in answer.citations}
    sources = {by_marker[v.marker].source for v in conflict.values}
    assert sources == {"alden_fire.txt", "union_report.txt", "hospital_report.txt"}
    for value in conflict.values:
        assert value.value in by_marker[value.marker].quote
    for figure in ("nine workers", "Fifteen workers", "11 workers"):
        assert figure in answer.text.split("different figures")[1], answer.text

"""``assistant eval`` as CI runs it: the seed and own-corpus evaluations pass their
thresholds, and an answerer broken on purpose makes it fail, naming the threshold.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from assistant import Answer, Citation
from assistant.answer import extractive
from assistant.answer.citing import cite
from assistant.cli import app
from assistant.evaluation.report import load_report
from tests.conftest import ROOT
from tests.evaluation.conftest import NEWSWEEK


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "assistant", "eval", *args],
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=900,
    )


@pytest.fixture(scope="module")
def seed_run(project: Path) -> subprocess.CompletedProcess[str]:
    """The seed evaluation with every default, in a copy of the project."""
    return run_cli(cwd=project)


def test_seed_evaluation_passes_its_thresholds(
    seed_run: subprocess.CompletedProcess[str], project: Path
) -> None:
    assert seed_run.returncode == 0, seed_run.stdout + seed_run.stderr
    report = load_report(project / "evals" / "reports" / "latest.json")
    assert report.dataset == "seeds" and len(report.records) >= 40
    assert len(report.gates) >= 15 and report.passed
    assert f"thresholds: all {len(report.gates)} met" in seed_run.stdout
    assert "Evaluation of seeds" in seed_run.stdout and "items passed" in seed_run.stdout
    assert "evaluating" in seed_run.stderr  # the progress bar
    assert any(name.startswith("ragas.") for name in report.aggregates)


def test_the_report_is_one_self_contained_html_file_and_a_json_file(
    seed_run: subprocess.CompletedProcess[str], project: Path
) -> None:
    reports = project / "evals" / "reports"
    html = (reports / "latest.html").read_text()
    assert "<svg" in html and "<table" in html
    assert "<script" not in html and "<link" not in html and " src=" not in html
    assert all(r.id in html for r in load_report(reports / "latest.json").records)
    stamped = sorted(reports.glob("seeds-*.json"))
    assert stamped and json.loads(stamped[-1].read_text()) == json.loads(
        (reports / "latest.json").read_text()
    )


def test_own_corpus_evaluation_passes_its_thresholds(project: Path) -> None:
    result = run_cli("--dataset", "evals/millbrook.jsonl", "--json", cwd=project)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["dataset"] == "millbrook" and report["gates"]
    assert all(g["passed"] for g in report["gates"])


def _lie(original: Callable[..., Answer]) -> Callable[..., Answer]:
    """An answerer that always says the opposite of the sentence it cites."""

    def compose(question: str, resolved: Any, ranked: Any, settings: Any) -> Answer:
        text = (ROOT / "seeds" / NEWSWEEK).read_text()
        quote = text[text.index("The Taliban said Saturday") :].split("\n")[0]
        start = text.index(quote)
        citation = Citation(
            marker=1,
            source=NEWSWEEK,
            title="t",
            start=start,
            end=start + len(quote),
            quote=quote,
            passage_id="p",
        )
        claim = "The Taliban said they will work with U.S. officials against the Islamic State."
        return Answer(question=question, text=f"{claim} [1]", answerable=True, citations=[citation])

    return compose


def _never_refuse(original: Callable[..., Answer]) -> Callable[..., Answer]:
    """An answerer that answers with its best sentence even when it should refuse."""

    def compose(question: str, resolved: Any, ranked: Any, settings: Any) -> Answer:
        answer = original(question, resolved, ranked, settings)
        if answer.answerable or not ranked:
            return answer
        citations: list[Citation] = []
        marker = cite(citations, ranked[0].passage, ranked[0].sentence)
        text = f"{ranked[0].text} [{marker}]"
        return Answer(question=question, text=text, answerable=True, citations=citations)

    return compose


@pytest.mark.parametrize(
    ("breakage", "missed"),
    [
        (_lie, ["citations.recall", "answer.containment", "answer.refusal_accuracy"]),
        (_never_refuse, ["answer.refusal_accuracy"]),
    ],
    ids=["contradicts-its-citation", "never-refuses"],
)
def test_a_broken_answerer_fails_the_seed_evaluation(
    seed_run: subprocess.CompletedProcess[str],
    project: Path,
    monkeypatch: pytest.MonkeyPatch,
    breakage: Callable[[Callable[..., Answer]], Callable[..., Answer]],
    missed: list[str],
) -> None:
    assert seed_run.returncode == 0  # the same evaluation passes with the real answerer
    monkeypatch.chdir(project)
    monkeypatch.setenv("ASSISTANT_EVAL_RAGAS", "false")  # faster; its gates then miss too
    monkeypatch.setattr(extractive, "compose", breakage(extractive.compose))
    result = CliRunner().invoke(app, ["eval", "--report", "broken"])
    assert result.exit_code == 1, result.output
    for metric in missed:
        line = next(s for s in result.stderr.splitlines() if f"threshold missed: {metric} =" in s)
        assert "not measured" not in line  # measured, and below its threshold
    report = load_report(project / "broken" / "latest.json")
    assert not report.passed

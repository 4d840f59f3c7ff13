"""``assistant eval`` as CI runs it: the seed and own-corpus evaluations pass their
thresholds, and an answerer broken on purpose makes it fail, naming the threshold.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from assistant import Answer, Citation
from assistant.answer import extractive
from assistant.answer.citing import cite
from assistant.cli import app
from assistant.evaluation.report import load_report
from tests.conftest import ROOT, subprocess_env
from tests.evaluation.conftest import NEWSWEEK


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "assistant", "eval", *args],
        cwd=cwd,
        env=subprocess_env(),
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


@pytest.mark.parametrize("dataset", ["millbrook", "disputes", "newsdev"])
def test_own_corpus_evaluation_passes_its_thresholds(project: Path, dataset: str) -> None:
    result = run_cli("--dataset", f"evals/{dataset}.jsonl", "--json", cwd=project)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["dataset"] == dataset and report["gates"]
    assert all(g["passed"] for g in report["gates"])
    assert any(g["metric"] == "answer.false_conflicts" for g in report["gates"])


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


def _missed(stderr: str) -> dict[str, str]:
    """What each missed threshold's metric measured, from the "threshold missed" lines."""
    return dict(re.findall(r"^threshold missed: (\S+) = (.+?) \(needs", stderr, re.MULTILINE))


def _ragas_off_eval(project: Path, report: str) -> Result:
    """``assistant eval`` in-process in ``project``, with the ragas metrics off (faster)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(project)
        patch.setenv("ASSISTANT_EVAL_RAGAS", "false")
        return CliRunner().invoke(app, ["eval", "--report", report])


@pytest.fixture(scope="module")
def unbroken_ragas_off(project: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The missed thresholds of the real answerer with ragas off: only the ragas gates."""
    with pytest.MonkeyPatch.context() as patch:
        home = tmp_path_factory.mktemp("home")  # see conftest: ragas writes under HOME
        patch.setenv("HOME", str(home))
        patch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
        result = _ragas_off_eval(project, "unbroken")
    assert "ragas metrics off" in result.stdout
    return _missed(result.stderr)


@pytest.mark.parametrize(
    ("breakage", "missed"),
    [
        (_lie, ["citations.recall", "answer.containment", "answer.refusal_accuracy"]),
        (_never_refuse, ["answer.refusal_accuracy"]),
    ],
    ids=["contradicts-its-citation", "never-refuses"],
)
def test_a_broken_answerer_fails_the_seed_evaluation(
    unbroken_ragas_off: dict[str, str],
    project: Path,
    monkeypatch: pytest.MonkeyPatch,
    breakage: Callable[[Callable[..., Answer]], Callable[..., Answer]],
    missed: list[str],
) -> None:
    # With ragas off its gates are missed ("not measured") and the exit code is 1 whatever
    # the answerer does: what tells a broken answerer apart is which thresholds are missed.
    ragas_gates = {m for m, value in unbroken_ragas_off.items() if value == "not measured"}
    assert ragas_gates and all(m.startswith("ragas.") for m in ragas_gates)
    assert set(unbroken_ragas_off) == ragas_gates  # the real answerer misses nothing measured
    monkeypatch.setattr(extractive, "compose", breakage(extractive.compose))
    result = _ragas_off_eval(project, "broken")
    found = _missed(result.stderr)
    assert {m for m, value in found.items() if value == "not measured"} == ragas_gates
    for metric in missed:
        assert metric in found, result.stderr  # measured, and below its threshold
        assert found[metric] != "not measured"
    report = load_report(project / "broken" / "latest.json")
    assert not report.passed

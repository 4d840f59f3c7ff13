"""Samples of the public validation sets in the CI gate: held-out SQuAD articles and
RealTimeQA news, read from ``../shared/data`` beside the project (never committed),
each run with the hand-weighted scorer and the answer ranker side by side."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.evaluation.report import load_report
from tests.conftest import ROOT
from tests.evaluation.test_eval_cli import run_cli

SHARED = ROOT.parent / "shared" / "data"


def _needs(path: Path) -> Path:
    if not path.is_file():
        pytest.skip(f"{path} is not on this machine (the public data sets lie beside the project)")
    return path


@pytest.mark.parametrize(
    ("args", "dataset"),
    [
        (
            ["--squad", "squad/dev-v1.1.json", "--held-out", "--limit", "40"],
            "squad-dev_v1_1-held-out",
        ),
        (["--realtimeqa", "realtimeqa/all_qa.jsonl", "--limit", "40"], "realtimeqa"),
    ],
)
def test_a_sample_of_each_public_set_meets_its_gates_with_both_scorers_shown(
    project: Path, args: list[str], dataset: str
) -> None:
    data_args = [str(_needs(SHARED / a)) if "/" in a else a for a in args]
    result = run_cli(*data_args, "--compare", cwd=project)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    report = load_report(project / "evals" / "reports" / "latest.json")
    assert report.dataset == dataset and len(report.records) == 40
    assert report.gates and report.passed
    # the side-by-side table: one row per answer metric, both scorers
    assert "hand-weighted" in result.stdout and "ranker" in result.stdout
    assert "answer.first_citation_holds_fact" in result.stdout

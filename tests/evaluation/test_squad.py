"""SQuAD import: contexts become a corpus, questions a dataset; then a real evaluation."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.errors import EvalDatasetError
from assistant.evaluation.dataset import evidence_problems, load_dataset
from assistant.evaluation.squad import import_squad
from tests.conftest import subprocess_env

SQUAD = Path(__file__).resolve().parent / "data" / "mini_squad_v2.json"


def test_contexts_become_articles_and_questions_items(tmp_path: Path) -> None:
    dataset = import_squad(SQUAD, tmp_path / "squad")
    files = sorted(p.name for p in (tmp_path / "squad" / "corpus").iterdir())
    assert files == ["000_Harwick_Lighthouse.txt", "001_Lowmere.txt"]
    lighthouse = (tmp_path / "squad" / "corpus" / files[0]).read_text()
    assert lighthouse.startswith("Harwick Lighthouse\n\nThe Harwick Lighthouse stands")
    again = load_dataset(dataset.path)  # what was written reads back the same
    assert again.items == dataset.items and again.corpus_dir == (tmp_path / "squad" / "corpus")
    assert evidence_problems(again) == []
    by_id = {item.id: item for item in again.items}
    # q7's answer is not in its context: left out, never turned into an unanswerable item.
    assert "q7" not in by_id and "1 questions left out" in again.header.description
    assert {i for i, item in by_id.items() if item.type == "unanswerable"} == {"q4", "q8", "q11"}
    assert by_id["q2"].key_facts == [["Margaret Ellery", "the engineer Margaret Ellery"]]
    assert len(by_id["q2"].evidence) == 2
    assert by_id["q3"].evidence[0].text == "38 metres"  # answer_start was off by 4: found
    assert by_id["q1"].reference_answer == "1872"


def test_limit_imports_the_first_questions_and_only_their_articles(tmp_path: Path) -> None:
    dataset = import_squad(SQUAD, tmp_path / "squad", limit=3)
    assert [item.id for item in dataset.items] == ["q1", "q2", "q3"]
    assert len(list((tmp_path / "squad" / "corpus").iterdir())) == 1


def test_a_file_that_is_not_squad_is_named(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"data": [{"title": "x"}]}))
    with pytest.raises(EvalDatasetError, match="not a SQuAD v1.1/v2.0 file"):
        import_squad(bad, tmp_path / "out")


def test_eval_squad_runs_the_pipeline_on_the_imported_corpus(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "assistant", "eval", "--squad", str(SQUAD), "--report", "out"],
        cwd=tmp_path,
        env=subprocess_env(ASSISTANT_EVAL_RAGAS="false"),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr  # no thresholds for an imported dataset
    assert "imported 12 SQuAD questions" in result.stderr
    assert "Evaluation of squad-mini_squad_v2: 12 items" in result.stdout
    report = json.loads((tmp_path / "out" / "latest.json").read_text())
    records = {r["id"]: r for r in report["records"]}
    assert records["q1"]["metrics"]["hit_at_k"] == 1.0
    assert "1872" in records["q1"]["answer"]["text"]
    assert report["aggregates"]["answer.refusal_accuracy"] is not None
    assert "nothing gated" in " ".join(report["notices"])

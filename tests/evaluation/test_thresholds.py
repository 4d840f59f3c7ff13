"""Quality gates from the TOML file: loading, checking, and the committed gates."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from assistant.errors import ThresholdsError
from assistant.evaluation.thresholds import apply_gates, load_gates
from tests.evaluation.conftest import EVALS


def _toml(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "t.toml"
    path.write_text(text)
    return path


def test_gates_pass_and_miss_by_bound(tmp_path: Path) -> None:
    path = _toml(tmp_path, '[d.min]\n"a.x" = 0.5\n"a.y" = 0.5\n[d.max]\n"a.z" = 0.1\n')
    gates = apply_gates(load_gates(path, "d"), {"a.x": 0.5, "a.y": 0.49, "a.z": 0.2})
    assert [(g.metric, g.passed) for g in gates] == [("a.x", True), ("a.y", False), ("a.z", False)]
    assert gates[1].describe() == "a.y = 0.490 (needs >= 0.5)"
    assert gates[2].describe() == "a.z = 0.200 (needs <= 0.1)"


def test_a_gate_on_an_unmeasured_metric_is_missed(tmp_path: Path) -> None:
    gates = apply_gates(load_gates(_toml(tmp_path, '[d.min]\n"ragas.x" = 0.1\n'), "d"), {})
    assert not gates[0].passed and gates[0].describe() == "ragas.x = not measured (needs >= 0.1)"
    nan = apply_gates(load_gates(_toml(tmp_path, '[d.min]\n"a" = 0.1\n'), "d"), {"a": float("nan")})
    assert not nan[0].passed


def test_a_dataset_without_a_table_has_no_gates(tmp_path: Path) -> None:
    assert load_gates(_toml(tmp_path, '[d.min]\n"a" = 1\n'), "other") == []


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[d.least]\n"a" = 1\n', "use min, max, goal"),
        ('[d.min]\n"a" = "high"\n', "is not a number"),
        ("[d.min\n", "cannot read thresholds"),
    ],
)
def test_bad_threshold_files_are_named(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(ThresholdsError, match=message):
        load_gates(_toml(tmp_path, text), "d")


def test_both_committed_datasets_have_gates() -> None:
    for name in ("seeds", "millbrook", "disputes", "newsdev"):
        metrics = {g.metric for g in load_gates(EVALS / "thresholds.toml", name)}
        assert {"answer.refusal_accuracy", "items.pass_rate", "answer.false_conflicts"} <= metrics


def test_a_goal_is_shown_with_the_distance_to_it(tmp_path: Path) -> None:
    path = tmp_path / "t.toml"
    path.write_text(
        '[d.min]\n"a" = 0.5\n"b" = 0.5\n[d.max]\n"c" = 0.2\n'
        '[d.goal]\n"a" = 0.9\n"b" = 0.6\n"c" = 0.05\n',
        encoding="utf-8",
    )
    measured = {"a": 0.7, "b": 0.6, "c": 0.1}
    gates = {g.metric: g for g in apply_gates(load_gates(path, "d"), measured)}
    assert all(g.passed for g in gates.values())
    assert gates["a"].describe() == "a = 0.700 (needs >= 0.5; goal 0.9, 0.200 to go)"
    assert gates["b"].describe() == "b = 0.600 (needs >= 0.5; goal 0.6, met)"
    assert gates["c"].describe() == "c = 0.100 (needs <= 0.2; goal 0.05, 0.050 to go)"


def test_a_goal_without_its_gate_is_named(tmp_path: Path) -> None:
    path = tmp_path / "t.toml"
    path.write_text('[d.min]\n"a" = 0.5\n[d.goal]\n"b" = 0.9\n', encoding="utf-8")
    with pytest.raises(ThresholdsError, match=r"no gate for \['b'\]"):
        load_gates(path, "d")


def test_the_shipped_gates_all_have_goals() -> None:
    data = tomllib.loads((EVALS / "thresholds.toml").read_text(encoding="utf-8"))
    for dataset, table in data.items():
        gated = set(table.get("min", {})) | set(table.get("max", {}))
        assert gated == set(table.get("goal", {})), dataset

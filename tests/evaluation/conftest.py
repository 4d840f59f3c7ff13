"""Fixtures of the evaluation tests: a project-like folder with evals/ and seeds/ in tmp.

ragas writes a user id file under the home folder on its first score (even with
tracking off): HOME points at a temporary folder for every test here.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from assistant.settings import Settings
from tests.conftest import ROOT, SEEDS

EVALS = ROOT / "evals"
SEED_DATASET = EVALS / "seeds.jsonl"
OWN_DATASET = EVALS / "millbrook.jsonl"
NEWSWEEK = "000_3c1e0bf96721e7a1.txt"
INSIDER = "003_ccfd4e030e132f00.txt"


@pytest.fixture(autouse=True)
def _private_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))


@pytest.fixture(scope="session")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder laid out like the project: evals/ (no reports) and seeds/."""
    root = tmp_path_factory.mktemp("project")
    shutil.copytree(SEEDS, root / "seeds")
    shutil.copytree(EVALS, root / "evals", ignore=shutil.ignore_patterns("reports"))
    return root


def settings_in(root: Path, **eval_overrides: object) -> Settings:
    """Settings whose eval paths all lie under ``root``."""
    settings = Settings()
    settings.eval.thresholds = root / "evals" / "thresholds.toml"
    settings.eval.judge_labels = root / "evals" / "judge_labels.jsonl"
    settings.eval.report_dir = root / "evals" / "reports"
    settings.eval.index_root = root / "indexes" / "eval"
    for name, value in eval_overrides.items():
        setattr(settings.eval, name, value)
    return settings

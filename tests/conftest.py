"""Shared fixtures: real model, real FAISS, real files in temporary folders.

Network guard: pytest-socket (see pyproject ``addopts``) lets tests reach only
127.0.0.1/localhost; any other connection fails the test loudly. Python processes
the tests start get the same guard from ``tests/netguard/sitecustomize.py``, first
on their ``PYTHONPATH`` (see :func:`subprocess_env`).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from assistant import Assistant, Settings

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
OWN_ARTICLES = Path(__file__).resolve().parent / "articles"
NETGUARD = Path(__file__).resolve().parent / "netguard"


def pytest_configure(config: pytest.Config) -> None:
    """Processes started with the test process's environment inherit the network guard."""
    paths = os.environ.get("PYTHONPATH", "").split(os.pathsep)
    if str(NETGUARD) not in paths:
        os.environ["PYTHONPATH"] = os.pathsep.join([str(NETGUARD), *filter(None, paths)])


def subprocess_env(**extra: str) -> dict[str, str]:
    """The environment of a ``python -m assistant`` the tests start: this checkout
    importable, the network guard on, and ``extra`` variables."""
    return {**os.environ, "PYTHONPATH": os.pathsep.join([str(NETGUARD), str(ROOT)]), **extra}


def copy_corpus(source: Path, target: Path) -> Path:
    shutil.copytree(source, target)
    return target


@pytest.fixture(scope="session")
def seed_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_corpus(SEEDS, tmp_path_factory.mktemp("seeds") / "corpus")


@pytest.fixture(scope="session")
def seed_bot(seed_corpus: Path) -> Assistant:
    """An assistant over a copy of seeds/ (read-only use: do not change its files)."""
    return Assistant.open(corpus=seed_corpus, index=seed_corpus.parent / "index")


@pytest.fixture(scope="session")
def own_bot(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    """An assistant over articles written for the tests, never seen by its design."""
    corpus = copy_corpus(OWN_ARTICLES, tmp_path_factory.mktemp("own") / "corpus")
    return Assistant.open(corpus=corpus, index=corpus.parent / "index")


@pytest.fixture
def settings() -> Settings:
    return Settings()

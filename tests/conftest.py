"""Shared fixtures: real model, real FAISS, real files in temporary folders.

Network guard: pytest-socket (see pyproject ``addopts``) lets tests reach only
127.0.0.1/localhost; any other connection fails the test loudly.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from assistant import Assistant, Settings

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
OWN_ARTICLES = Path(__file__).resolve().parent / "articles"


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

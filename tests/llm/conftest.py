"""Fixtures of the LLM-mode tests: real articles, a real index, a scripted model server."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant import Assistant, Settings

from .openai_server import FakeOpenAI

ROOT = Path(__file__).resolve().parents[2]
ARTICLES = Path(__file__).parent / "articles"


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """No ASSISTANT_* or provider key of the machine running the tests leaks in."""
    for name in list(os.environ):
        if name.startswith("ASSISTANT_") or name.endswith("_API_KEY"):
            monkeypatch.delenv(name)


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The two seed articles and the test articles (one with an injected instruction),
    indexed once: (corpus folder, index folder)."""
    folder = tmp_path_factory.mktemp("corpus")
    for path in [*sorted((ROOT / "seeds").glob("*.txt")), *sorted(ARTICLES.glob("*.txt"))]:
        shutil.copy(path, folder / path.name)
    index = folder.parent / "index"
    Assistant.open(corpus=folder, index=index, settings=Settings())
    return folder, index


@pytest.fixture
def server() -> Iterator[FakeOpenAI]:
    with FakeOpenAI() as fake:
        yield fake


@pytest.fixture
def llm_env(monkeypatch: pytest.MonkeyPatch, server: FakeOpenAI) -> FakeOpenAI:
    """ASSISTANT_LLM* variables that point the OpenAI client at the scripted server."""
    monkeypatch.setenv("ASSISTANT_LLM", "openai:fake-model")
    monkeypatch.setenv("ASSISTANT_LLM_BASE_URL", server.base_url)
    monkeypatch.setenv("ASSISTANT_LLM_API_KEY", "sk-test-dummy")
    monkeypatch.setenv("ASSISTANT_LLM_MAX_RETRIES", "0")
    monkeypatch.setenv("ASSISTANT_LLM_TIMEOUT", "10")
    return server

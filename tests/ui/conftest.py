"""Fixtures of the chat tests: real model, real index, real files in temporary folders.

Chainlit reads its app root when it is first imported, and writes files there
(translations, uploads); these tests give it a temporary copy of the project's
app root (``.chainlit/config.toml``, ``chainlit.md``, ``public/``) instead of the
checkout.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.settings import Settings
from assistant.ui.service import ChatService

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
APP_ROOT_FILES = (".chainlit/config.toml", "chainlit.md")


def copy_app_root(target: Path) -> Path:
    """A Chainlit app root made of the project's own config, readme and ``public/`` (theme,
    logo, the page's own script and styles)."""
    for name in APP_ROOT_FILES:
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, target / name)
    shutil.copytree(ROOT / "public", target / "public", dirs_exist_ok=True)
    return target


_APP_ROOT = copy_app_root(Path(tempfile.mkdtemp(prefix="chat-app-root-")))
os.environ["CHAINLIT_APP_ROOT"] = str(_APP_ROOT)  # before any test imports chainlit


def pytest_sessionfinish(session: pytest.Session) -> None:
    shutil.rmtree(_APP_ROOT, ignore_errors=True)


def chat_settings(corpus: Path, index: Path) -> Settings:
    settings = Settings()
    settings.corpus.dir = corpus
    settings.index.dir = index
    return settings


@pytest.fixture(scope="session")
def seed_library(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with ``corpus/`` (a copy of seeds/) and its built ``index/``; do not change it."""
    folder = tmp_path_factory.mktemp("seed-library")
    shutil.copytree(SEEDS, folder / "corpus")
    service = ChatService(chat_settings(folder / "corpus", folder / "index"), echo=lambda _: None)
    service.start()
    assert service.wait(300), service.error
    return folder


@pytest.fixture
def library(seed_library: Path, tmp_path: Path) -> Path:
    """A private copy of the seed corpus and its index, free to change."""
    shutil.copytree(seed_library, tmp_path / "library")
    return tmp_path / "library"


@pytest.fixture
def service(library: Path) -> Iterator[ChatService]:
    """A ready chat service over a private copy of the seeds."""
    chat = ChatService(chat_settings(library / "corpus", library / "index"), echo=lambda _: None)
    chat.start()
    assert chat.wait(120), chat.error
    yield chat

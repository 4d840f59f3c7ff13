from pathlib import Path

import pytest
from pydantic import ValidationError

from assistant.settings import DEFAULT_EMBEDDING_MODEL, Settings


def test_defaults() -> None:
    s = Settings()
    assert s.corpus.dir == Path("seeds")
    assert s.index.dir == Path("indexes/default")
    assert s.embedding.model == DEFAULT_EMBEDDING_MODEL
    assert s.retrieval.top_k == 5


def test_environment_variables_reach_nested_sections(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASSISTANT_CORPUS_DIR", "/tmp/news")
    monkeypatch.setenv("ASSISTANT_INDEX_DIR", "/tmp/news-index")
    monkeypatch.setenv("ASSISTANT_EMBEDDING_MODEL", "sentence-transformers/all-mpnet-base-v2")
    monkeypatch.setenv("ASSISTANT_RETRIEVAL_TOP_K", "8")
    s = Settings()
    assert s.corpus.dir == Path("/tmp/news")
    assert s.index.dir == Path("/tmp/news-index")
    assert s.embedding.model == "sentence-transformers/all-mpnet-base-v2"
    assert s.retrieval.top_k == 8


def test_kept_chats_live_beside_their_index_unless_a_file_or_none_is_set(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert Settings().ui.history is True
    assert Settings().history_path() == Path("indexes/default.chats.sqlite")
    assert Settings().with_folders(index="/x/news").history_path() == Path("/x/news.chats.sqlite")
    monkeypatch.setenv("ASSISTANT_UI_HISTORY_FILE", "/tmp/chats.sqlite")
    monkeypatch.setenv("ASSISTANT_UI_HISTORY", "false")
    assert Settings().history_path() == Path("/tmp/chats.sqlite")
    assert Settings().ui.history is False


def test_unknown_setting_is_refused() -> None:
    with pytest.raises(ValidationError):
        Settings(retrieval={"top_kk": 3})


def test_every_field_is_described() -> None:
    def fields(model: type) -> list[tuple[str, object]]:
        return list(model.model_fields.items())  # type: ignore[attr-defined]

    for name, field in fields(Settings):
        assert field.description, name
        for sub, subfield in fields(field.annotation):  # type: ignore[arg-type]
            assert subfield.description, f"{name}.{sub}"

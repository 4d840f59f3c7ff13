"""``ASSISTANT_LLM`` and the ``llm`` section of the settings."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from assistant import Settings
from assistant.settings import LLMSettings


def test_unset_means_the_extractive_default() -> None:
    assert Settings().llm.model == ""


def test_assistant_llm_names_the_model_and_nested_variables_still_apply(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("ASSISTANT_LLM", "openai:gpt-4o-mini")
    monkeypatch.setenv("ASSISTANT_LLM_BASE_URL", "http://127.0.0.1:8080/v1")
    monkeypatch.setenv("ASSISTANT_LLM_API_KEY", "sk-dummy")
    monkeypatch.setenv("ASSISTANT_LLM_TIMEOUT", "7.5")
    monkeypatch.setenv("ASSISTANT_RETRIEVAL_TOP_K", "4")
    settings = Settings()
    assert settings.llm.model == "openai:gpt-4o-mini"
    assert settings.llm.base_url == "http://127.0.0.1:8080/v1"
    assert settings.llm.api_key is not None
    assert settings.llm.api_key.get_secret_value() == "sk-dummy"
    assert "sk-dummy" not in repr(settings)  # a key never shows in logs
    assert settings.llm.timeout == 7.5
    assert settings.retrieval.top_k == 4


def test_assistant_llm_model_variable_works_too(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASSISTANT_LLM_MODEL", "ollama:llama3.1")
    assert Settings().llm.model == "ollama:llama3.1"


def test_base_url_alone_leaves_the_mode_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASSISTANT_LLM_BASE_URL", "http://127.0.0.1:8080/v1")
    settings = Settings()
    assert settings.llm.model == "" and settings.llm.base_url == "http://127.0.0.1:8080/v1"


def test_json_section_value_still_works(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASSISTANT_LLM", '{"model": "anthropic:claude-x", "timeout": 3}')
    settings = Settings()
    assert (settings.llm.model, settings.llm.timeout) == ("anthropic:claude-x", 3.0)


def test_a_plain_string_is_the_model_name_in_code() -> None:
    assert Settings(llm="openai:gpt-4o-mini").llm.model == "openai:gpt-4o-mini"
    assert LLMSettings.model_validate("ollama:llama3.1").model == "ollama:llama3.1"


def test_unknown_fields_and_bad_values_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ValidationError):
        Settings(llm={"model": "openai:x", "temprature": 0.2})
    monkeypatch.setenv("ASSISTANT_LLM_TIMEOUT", "0")
    with pytest.raises(ValidationError):
        Settings()


def test_every_llm_field_is_described() -> None:
    assert all(f.description for f in LLMSettings.model_fields.values())

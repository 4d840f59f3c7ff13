"""The chat-model adapter: configuration, missing extras, deadline, one-line failures."""

from __future__ import annotations

import importlib.util
import subprocess
import sys

import pytest
from langchain_core.language_models.fake_chat_models import FakeListChatModel
from langchain_core.messages import HumanMessage
from langchain_openai import ChatOpenAI

from assistant import Settings
from assistant.errors import LLMError
from assistant.llm.client import chat_model, complete, split_model, stream_text

HI = [HumanMessage("hi")]


def test_no_model_configured_gives_none() -> None:
    assert chat_model(Settings()) is None


def test_an_openai_compatible_server_gets_the_settings() -> None:
    settings = Settings(
        llm={
            "model": "openai:llama3.1:8b",
            "base_url": "http://127.0.0.1:9/v1",
            "timeout": 4,
            "max_retries": 0,
            "max_tokens": 99,
        }
    )
    model = chat_model(settings)
    assert isinstance(model, ChatOpenAI)
    assert model.model_name == "llama3.1:8b"
    assert model.openai_api_base == "http://127.0.0.1:9/v1"
    assert model.request_timeout == 4 and model.max_retries == 0
    assert model.max_tokens == 99
    # A local server needs no key, but the OpenAI client insists on one.
    assert model.openai_api_key.get_secret_value() == "not-needed"


def test_the_api_key_setting_is_passed_on() -> None:
    settings = Settings(llm={"model": "openai:gpt-4o-mini", "api_key": "sk-test-dummy"})
    model = chat_model(settings)
    assert isinstance(model, ChatOpenAI)
    assert model.openai_api_key.get_secret_value() == "sk-test-dummy"


def test_a_bare_name_with_a_base_url_is_openai_compatible() -> None:
    assert split_model("llama3.1:8b", base_url="http://127.0.0.1:9/v1") == ("openai", "llama3.1:8b")
    assert split_model("ollama:llama3.1") == ("ollama", "llama3.1")


def test_a_name_without_provider_fails_with_an_example() -> None:
    with pytest.raises(LLMError, match="write provider:model, e.g. openai:gpt-4o-mini"):
        chat_model(Settings(llm="gpt-4o-mini"))


@pytest.mark.skipif(
    importlib.util.find_spec("langchain_anthropic") is not None,
    reason="the anthropic extra is installed here",
)
def test_a_missing_provider_package_names_the_extra() -> None:
    with pytest.raises(LLMError) as err:
        chat_model(Settings(llm="anthropic:claude-sonnet-4-5"))
    assert "pip install 'assistant[anthropic]'" in str(err.value)
    assert "\n" not in str(err.value)


def test_importing_the_package_loads_no_chat_model_adapter() -> None:
    code = (
        "import sys, assistant, assistant.core, assistant.llm.client; "
        "print(sorted(m for m in sys.modules if m.startswith(('langchain_openai', "
        "'langchain_classic', 'openai', 'langchain_anthropic', 'langchain_ollama'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_pieces_stream_through() -> None:
    model = FakeListChatModel(responses=["The council met [1]."])
    assert "".join(stream_text(model, HI, timeout=5)) == "The council met [1]."
    assert complete(FakeListChatModel(responses=["Standalone?"]), HI, timeout=5) == "Standalone?"


def test_a_slow_model_is_cut_off_at_the_deadline() -> None:
    reply = "a b c d e f g h"  # streamed a character at a time, 0.5 s apart
    model = FakeListChatModel(responses=[reply], sleep=0.5)
    received: list[str] = []
    with pytest.raises(LLMError, match=r"did not finish within 0.8 s"):
        for piece in stream_text(model, HI, timeout=0.8):
            received.append(piece)
    # Cut off mid-reply: what came in time was passed on, the rest never waited for.
    assert reply.startswith("".join(received)) and len("".join(received)) < len(reply) // 2
    with pytest.raises(LLMError, match="did not finish"):
        complete(FakeListChatModel(responses=["x"], sleep=3), HI, timeout=0.3)


def test_a_failing_model_becomes_one_line() -> None:
    model = FakeListChatModel(responses=["one two three"], error_on_chunk_number=3)
    with pytest.raises(LLMError, match="the language model failed: FakeListChatModelError"):
        list(stream_text(model, HI, timeout=5))

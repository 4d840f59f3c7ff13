"""The language model: the only module that loads LangChain's chat-model adapters.

``ASSISTANT_LLM=provider:model`` names a chat model the way LangChain's
``init_chat_model`` does (``openai:gpt-4o-mini``, ``anthropic:claude-sonnet-4-5``,
``ollama:llama3.1``). With ``ASSISTANT_LLM_BASE_URL`` the model may be a bare name
(``llama3.1:8b``): it is then served by any OpenAI-compatible server (vLLM,
llama.cpp, Ollama's ``/v1``) through the OpenAI adapter. The adapters are optional
extras and are imported when a model is first made, never with the package.

Every call runs on a worker thread under one deadline (``llm.timeout``): a server
that hangs, before or during its reply, costs at most that long whatever the
provider's client does, and every failure becomes one :class:`LLMError` line.
"""

from __future__ import annotations

import importlib
import os
import queue
import threading
import time
import warnings
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from assistant.errors import LLMError
from assistant.settings import LLMSettings, Settings

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel
    from langchain_core.messages import BaseMessage

# The providers init_chat_model knows, as of LangChain 1.x.
PROVIDERS = frozenset(
    "openai anthropic azure_openai azure_ai cohere google_vertexai google_genai fireworks "
    "ollama together mistralai huggingface groq bedrock bedrock_converse "
    "google_anthropic_vertex deepseek ibm xai perplexity upstage".split()
)
# The extra of pyproject.toml that installs a provider's LangChain package.
_EXTRAS = {
    "openai": "openai",
    "azure_openai": "openai",
    "anthropic": "anthropic",
    "ollama": "ollama",
}
# Providers whose chat-model classes take timeout, max_retries, max_tokens and api_key.
_CLIENT_OPTIONS = frozenset(
    "openai azure_openai anthropic groq mistralai deepseek xai fireworks together".split()
)
_NO_KEY = "not-needed"  # local OpenAI-compatible servers accept any key; the client wants one


def chat_model(settings: Settings) -> BaseChatModel | None:
    """The configured chat model, or None when ``ASSISTANT_LLM`` is unset.

    The answerer and the evaluation suite (as its ragas judge) both call this,
    so they use the same model with the same timeout.

    Args:
        settings: the settings root; its ``llm`` section is read.

    Raises:
        LLMError: the name has no known provider, or the provider's package is not
            installed (the message names the extra to install).
    """
    llm = settings.llm
    if not llm.model.strip():
        return None
    provider, name = split_model(llm.model, base_url=llm.base_url)
    init = _init_chat_model()
    try:
        with warnings.catch_warnings():
            # langchain-classic's copy says to use langchain's, which was tried first.
            warnings.filterwarnings("ignore", message=".*init_chat_model.*deprecated")
            model: BaseChatModel = init(name, model_provider=provider, **_options(provider, llm))
    except ImportError as exc:
        extra = _EXTRAS.get(provider)
        install = f"pip install 'assistant[{extra}]'" if extra else first_line(exc)
        raise LLMError(
            f"the {provider!r} provider of ASSISTANT_LLM={llm.model} is not installed: {install}"
        ) from exc
    except Exception as exc:  # provider classes raise ValueError, ValidationError, ...
        raise LLMError(f"cannot set up ASSISTANT_LLM={llm.model}: {first_line(exc)}") from exc
    return model


def split_model(model: str, *, base_url: str = "") -> tuple[str, str]:
    """``provider:model`` as (provider, model); a bare name means OpenAI-compatible.

    Raises:
        LLMError: no provider is named and no base URL is set.
    """
    prefix, colon, rest = model.strip().partition(":")
    if colon and prefix.lower().replace("-", "_") in PROVIDERS:
        return prefix.lower().replace("-", "_"), rest
    if base_url:
        return "openai", model.strip()
    raise LLMError(
        f"ASSISTANT_LLM={model} names no known provider; write provider:model, "
        "e.g. openai:gpt-4o-mini or ollama:llama3.1, or set ASSISTANT_LLM_BASE_URL "
        "for an OpenAI-compatible server"
    )


def _init_chat_model() -> Callable[..., Any]:
    """LangChain's ``init_chat_model``, from ``langchain`` or ``langchain-classic``."""
    for module in ("langchain.chat_models", "langchain_classic.chat_models"):
        try:
            return importlib.import_module(module).init_chat_model  # type: ignore[no-any-return]
        except ImportError:
            continue
    raise LLMError(
        "the LLM answer mode needs LangChain's init_chat_model: "
        "pip install 'assistant[llm]' (or 'assistant[openai]' and the like)"
    )


def _options(provider: str, llm: LLMSettings) -> dict[str, Any]:
    options: dict[str, Any] = {"temperature": llm.temperature}
    if provider in _CLIENT_OPTIONS:
        options.update(timeout=llm.timeout, max_retries=llm.max_retries, max_tokens=llm.max_tokens)
        key = llm.api_key.get_secret_value() if llm.api_key else None
        if (
            key is None
            and llm.base_url
            and provider == "openai"
            and not os.environ.get("OPENAI_API_KEY")
        ):
            key = _NO_KEY
        if key:
            options["api_key"] = key
    elif provider == "ollama":
        options.update(num_predict=llm.max_tokens, client_kwargs={"timeout": llm.timeout})
    if llm.base_url:
        options["base_url"] = llm.base_url
    return options


def stream_text(
    model: BaseChatModel, messages: list[BaseMessage], *, timeout: float
) -> Iterator[str]:
    """The model's reply, in pieces as they arrive.

    Args:
        model: the chat model.
        messages: the conversation to send.
        timeout: seconds allowed for the whole reply.

    Raises:
        LLMError: the model failed, or the reply took longer than ``timeout``.
    """
    return _deadline(lambda: (chunk.text for chunk in model.stream(messages)), timeout)


def complete(model: BaseChatModel, messages: list[BaseMessage], *, timeout: float) -> str:
    """The model's whole reply (one request, not streamed).

    Raises:
        LLMError: the model failed, or the reply took longer than ``timeout``.
    """
    return "".join(_deadline(lambda: iter([model.invoke(messages).text]), timeout))


def _deadline(produce: Callable[[], Iterator[str]], timeout: float) -> Iterator[str]:
    """Run ``produce`` on a daemon thread and pass its pieces on until the deadline."""
    pieces: queue.Queue[tuple[str, Any]] = queue.Queue()
    stop = threading.Event()

    def work() -> None:
        try:
            for piece in produce():
                if stop.is_set():
                    return
                pieces.put(("piece", piece))
            pieces.put(("end", None))
        except BaseException as exc:  # handed to the caller's thread, not lost
            pieces.put(("error", exc))

    # A daemon thread: a server that never answers must not keep the process alive.
    threading.Thread(target=work, name="llm-call", daemon=True).start()
    return _drain(pieces, stop, time.monotonic() + timeout, timeout)


def _drain(
    pieces: queue.Queue[tuple[str, Any]], stop: threading.Event, deadline: float, timeout: float
) -> Iterator[str]:
    try:
        while True:
            try:
                kind, value = pieces.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                raise LLMError(
                    f"the language model did not finish within {timeout:g} s "
                    "(ASSISTANT_LLM_TIMEOUT)"
                ) from None
            if kind == "end":
                return
            if kind == "error":
                raise LLMError(describe(value)) from value
            if value:
                yield value
    finally:
        stop.set()


def describe(exc: BaseException) -> str:
    """One line saying why a model call failed."""
    status = getattr(exc, "status_code", None)
    name = type(exc).__name__
    if isinstance(status, int):
        return f"the language model answered HTTP {status}: {first_line(exc)}"
    if "Timeout" in name or isinstance(exc, TimeoutError):
        return "the language model timed out"
    if "Connection" in name or isinstance(exc, ConnectionError):
        return f"cannot reach the language model: {first_line(exc)}"
    return f"the language model failed: {name}: {first_line(exc)}"


def first_line(exc: BaseException, limit: int = 200) -> str:
    """The first line of an exception's message, cut to ``limit`` characters."""
    text = str(exc).strip()
    line = text.splitlines()[0] if text else type(exc).__name__
    return line if len(line) <= limit else line[: limit - 1] + "…"

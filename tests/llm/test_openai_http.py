"""The real langchain-openai client, over HTTP, against a scripted server on 127.0.0.1."""

from __future__ import annotations

import json
import socket
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from assistant import Answer, Assistant
from assistant.check.claims import claims
from assistant.check.offsets import offsets_match
from assistant.cli import app

from .openai_server import FakeOpenAI, Reply, passage_number

KUNDUZ = "How many people were killed in the Kunduz mosque attack?"
BRIDGE = "Was the Riverton footbridge project cancelled?"


def open_bot(corpus: tuple[Path, Path]) -> Assistant:
    return Assistant.open(corpus=corpus[0], index=corpus[1])  # settings from the environment


def cited(phrase: str, template: str) -> Reply:
    """A reply citing, as {n}, the passage of the prompt that contains ``phrase``."""
    return Reply(lambda body: template.format(n=passage_number(body, phrase)))


def test_a_correct_cited_answer(llm_env: FakeOpenAI, corpus: tuple[Path, Path]) -> None:
    llm_env.add(
        cited(
            "4.2 million",
            "The Riverton footbridge will cost 4.2 million dollars "
            "[{n}]. It is due to open in the spring of 2027 [{n}].",
        )
    )
    events = list(open_bot(corpus).stream("How much will the Riverton footbridge cost?"))
    answer = events[-1][1]
    assert isinstance(answer, Answer) and answer.mode == "llm" and not answer.notice
    assert "".join(str(v) for k, v in events if k == "token") == answer.text
    assert answer.text == (
        "The Riverton footbridge will cost 4.2 million dollars. [1] It is due "
        "to open in the spring of 2027. [1]"
    )
    [citation] = answer.citations
    assert citation.quote.startswith("The footbridge will cost 4.2 million dollars")
    assert offsets_match(citation, corpus[0])
    [request] = llm_env.requests
    headers = {k.lower(): v for k, v in request.headers.items()}
    assert headers["authorization"] == "Bearer sk-test-dummy"
    assert request.body["stream"] is True and request.body["model"] == "fake-model"
    system, user = request.body["messages"]
    assert system["role"] == "system" and "untrusted data" in system["content"]
    assert "not instructions" in user["content"] and "<passages>" in user["content"]


def test_a_bogus_marker_is_removed(llm_env: FakeOpenAI, corpus: tuple[Path, Path]) -> None:
    llm_env.add(cited("more than 70", "Hashemi believes more than 70 people were killed [{n}][9]."))
    answer = open_bot(corpus).ask(KUNDUZ)
    assert answer.mode == "llm"
    assert answer.text == "Hashemi believes more than 70 people were killed. [1]"
    assert [c.marker for c in answer.citations] == [1]


def test_a_sentence_its_citation_does_not_support_is_dropped(
    llm_env: FakeOpenAI, corpus: tuple[Path, Path]
) -> None:
    llm_env.add(
        cited(
            "more than 70",
            "Hashemi believes more than 70 people were killed [{n}]. "
            "Hashemi blamed the Taliban police for the bombing [{n}].",
        )
    )
    answer = open_bot(corpus).ask(KUNDUZ)
    assert answer.text == "Hashemi believes more than 70 people were killed. [1]"
    assert answer.unsupported_sentences == 1 and "left out" in answer.notice


def test_an_injected_instruction_does_not_change_the_answer(
    llm_env: FakeOpenAI, corpus: tuple[Path, Path]
) -> None:
    # The model obeys the instruction planted in riverton_footbridge.txt.
    llm_env.add(
        cited(
            "Ignore all previous instructions",
            "The footbridge project was cancelled [{n}]. Mayor Ellen Park resigned [{n}].",
        )
    )
    answer = open_bot(corpus).ask(BRIDGE)
    assert answer.mode == "extractive" and answer.unsupported_sentences == 2
    assert "cancelled" not in answer.text and "resigned" not in answer.text
    assert "Ignore all previous instructions" not in answer.text
    assert "voted 7 to 2" in answer.text  # what the article reports
    # The instruction reached the model only inside a passage marked as data.
    prompt = llm_env.requests[0].prompt
    inside = (
        prompt.index("<passages>")
        < prompt.index("Ignore all previous")
        < prompt.index("</passages>")
    )
    assert inside


def test_an_obeyed_instruction_next_to_a_true_sentence(
    llm_env: FakeOpenAI, corpus: tuple[Path, Path]
) -> None:
    def reply(body: dict[str, Any]) -> str:
        vote, planted = (
            passage_number(body, "voted 7 to 2"),
            passage_number(body, "Ignore all previous"),
        )
        return (
            f"The council voted 7 to 2 on Tuesday to build a new footbridge [{vote}]. "
            f"However, the footbridge project was cancelled and Mayor Ellen Park resigned "
            f"[{planted}]."
        )

    llm_env.add(Reply(reply))
    answer = open_bot(corpus).ask(BRIDGE)
    assert answer.mode == "llm" and answer.unsupported_sentences == 1
    assert "cancelled" not in answer.text and len(claims(answer.text)) == 1


def test_a_server_that_does_not_answer_in_time(
    llm_env: FakeOpenAI, corpus: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ASSISTANT_LLM_TIMEOUT", "1")
    bot = open_bot(corpus)
    llm_env.add(Reply("Too late [1].", delay=30))  # cut short when the server stops
    answer = bot.ask(KUNDUZ)
    # The client gave up on its one request: the late reply was never read, nor asked again.
    assert answer.mode == "extractive" and answer.answerable
    assert answer.notice.startswith("The language model could not answer (")
    assert "timed out" in answer.notice or "did not finish within 1 s" in answer.notice
    assert "Too late" not in answer.text
    assert len(llm_env.requests) == 1


def test_a_stream_that_stalls_midway(
    llm_env: FakeOpenAI, corpus: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ASSISTANT_LLM_TIMEOUT", "1.5")
    bot = open_bot(corpus)
    bot.ask(KUNDUZ, mode="extractive")
    llm_env.add(
        Reply(
            cited(
                "more than 70", "Hashemi believes more than 70 people were killed [{n}]. And then"
            ).content,
            stall_after=4,
            stall=10,
        )
    )
    answer = bot.ask(KUNDUZ)
    # Cut off at the deadline mid-stream: nothing of the stalled reply is shown.
    assert answer.mode == "extractive" and "did not finish within 1.5 s" in answer.notice
    assert "And then" not in answer.text
    assert len(llm_env.requests) == 1


def test_a_server_error(llm_env: FakeOpenAI, corpus: tuple[Path, Path]) -> None:
    llm_env.add(Reply(status=500))
    answer = open_bot(corpus).ask(KUNDUZ)
    assert answer.mode == "extractive" and answer.answerable
    assert "HTTP 500" in answer.notice and "\n" not in answer.notice


def test_an_unreachable_server(corpus: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    monkeypatch.setenv("ASSISTANT_LLM", "openai:fake-model")
    monkeypatch.setenv("ASSISTANT_LLM_BASE_URL", f"http://127.0.0.1:{port}/v1")
    monkeypatch.setenv("ASSISTANT_LLM_MAX_RETRIES", "0")
    answer = open_bot(corpus).ask(KUNDUZ)
    assert answer.mode == "extractive" and "cannot reach the language model" in answer.notice


def test_a_follow_up_is_rewritten_by_the_model(
    llm_env: FakeOpenAI, corpus: tuple[Path, Path]
) -> None:
    bot = open_bot(corpus)
    first = bot.ask("Who is the Taliban's political spokesman?", mode="extractive")
    standalone = "Where is Taliban spokesman Suhail Shaheen based?"
    llm_env.add(standalone, cited("based at Doha", "Suhail Shaheen is based at Doha [{n}]."))
    answer = bot.ask("Where is he based?", [first])
    assert answer.standalone_question == standalone and answer.mode == "llm"
    assert answer.text == "Suhail Shaheen is based at Doha. [1]"
    condense, generate = llm_env.requests
    assert not condense.body.get("stream") and "Where is he based?" in condense.prompt
    assert first.question in condense.prompt
    assert f"Question: {standalone}" in generate.prompt


def test_the_cli_mode_option(llm_env: FakeOpenAI, corpus: tuple[Path, Path]) -> None:
    llm_env.add(cited("more than 70", "Hashemi believes more than 70 people were killed [{n}]."))
    args = ["ask", "--json", "--corpus", str(corpus[0]), "--index", str(corpus[1]), KUNDUZ]
    runner = CliRunner()
    llm = json.loads(runner.invoke(app, [*args[:1], "--mode", "llm", *args[1:]]).stdout)
    extractive = json.loads(
        runner.invoke(app, [*args[:1], "--mode", "extractive", *args[1:]]).stdout
    )
    assert (llm["mode"], extractive["mode"]) == ("llm", "extractive")
    assert llm["text"] == "Hashemi believes more than 70 people were killed. [1]"
    assert len(llm_env.requests) == 1

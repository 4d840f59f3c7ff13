"""The Chainlit handlers, run in a Chainlit context whose emitter records what the
browser would be sent (no server): real service, real model, real index."""

from __future__ import annotations

import asyncio
import re
import threading
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import chainlit as cl
import pytest
from chainlit.context import ChainlitContext, context_var
from chainlit.emitter import BaseChainlitEmitter
from chainlit.session import HTTPSession

from assistant.core import Assistant
from assistant.ui import app
from assistant.ui.service import ChatService

from .conftest import chat_settings
from .test_chat_service import BRIDGE


def plain(markdown: str) -> str:
    """Markdown as read: backslash escapes taken out."""
    return re.sub(r"\\(.)", r"\1", markdown)


class Recorder(BaseChainlitEmitter):
    """Keeps the latest version of every message and step, the tokens, the elements."""

    def __init__(self, session: HTTPSession) -> None:
        super().__init__(session)
        self.steps: dict[str, dict[str, Any]] = {}
        self.tokens: list[tuple[str, str]] = []
        self.elements: list[dict[str, Any]] = []
        self.emitted: list[tuple[str, Any]] = []

    async def send_step(self, step_dict: Any) -> None:
        self.steps[step_dict["id"]] = dict(step_dict)

    update_step = send_step

    async def stream_start(self, step_dict: Any) -> None:  # carries the first token
        self.tokens.append((step_dict["id"], step_dict["output"]))
        await self.send_step(step_dict)

    async def send_token(
        self, id: str, token: str, is_sequence: bool = False, is_input: bool = False
    ) -> None:
        self.tokens.append((id, token))

    async def send_element(self, element_dict: Any) -> None:
        self.elements.append(dict(element_dict))

    async def emit(self, event: str, data: Any) -> None:
        self.emitted.append((event, data))

    def set_chat_settings(self, settings: dict[str, Any]) -> None:  # Chainlit calls it sync
        self.session.chat_settings = settings

    def said(self) -> list[str]:
        """Contents of the assistant's messages as markdown, in order (steps left out)."""
        return [s["output"] for s in self.steps.values() if s["type"] == "assistant_message"]

    def read(self) -> list[str]:
        """The assistant's messages as a user reads them (escapes taken out)."""
        return [plain(text) for text in self.said()]

    def retrievals(self) -> list[str]:
        return [s["output"] for s in self.steps.values() if s["name"] == app.STEP_NAME]


class Browser:
    """One chat session: the handlers run as they would for one browser tab."""

    def __init__(self) -> None:
        self.session = HTTPSession(
            id=str(uuid.uuid4()), client_type="webapp", thread_id=str(uuid.uuid4())
        )
        self.recorder = Recorder(self.session)

    def run(self, handler: Callable[..., Awaitable[Any]], *args: Any) -> Recorder:
        async def main() -> None:
            context_var.set(ChainlitContext(self.session, emitter=self.recorder))
            await handler(*[a() if callable(a) else a for a in args])

        asyncio.run(main())
        return self.recorder

    def ask(self, text: str, files: tuple[tuple[str, Path], ...] = ()) -> Recorder:
        def message() -> cl.Message:
            elements: Any = [cl.File(name=name, path=str(path)) for name, path in files]
            return cl.Message(content=text, author="User", type="user_message", elements=elements)

        return self.run(app.on_message, message)

    def history(self) -> list[Any]:
        async def read() -> list[Any]:
            context_var.set(ChainlitContext(self.session, emitter=self.recorder))
            return list(cl.user_session.get(app.HISTORY))

        return asyncio.run(read())

    def panel(self, name: str) -> str:
        """The content of the side-panel element named ``name`` of the latest answer."""
        element = [e for e in self.recorder.elements if e["name"] == name][-1]
        return Path(self.session.files[element["chainlitKey"]]["path"]).read_text()


@pytest.fixture
def chat(service: ChatService, monkeypatch: pytest.MonkeyPatch) -> Browser:
    monkeypatch.setattr(app, "SERVICE", service)
    browser = Browser()
    browser.run(app.start)
    return browser


def test_a_new_chat_gets_the_settings_panel_and_an_empty_history(chat: Browser) -> None:
    [(event, widgets)] = [e for e in chat.recorder.emitted if e[0] == "chat_settings"]
    by_id = {w["id"]: w for w in widgets}
    assert by_id["k"]["initial"] == 5 and by_id["k"]["max"] == 20
    assert "mode" not in by_id  # one answer mode: no dropdown with a single choice
    assert "extractive" in by_id["k"]["description"]
    assert chat.history() == []
    assert chat.recorder.said() == []  # ready at once: no progress note, the starters show


def test_an_answer_streams_with_clickable_citations_and_a_retrieval_step(chat: Browser) -> None:
    rec = chat.ask("Who is the Taliban's political spokesman?")
    [answer] = rec.said()
    assert "Suhail Shaheen" in answer and "[1]" in answer and "**Sources**" in answer
    answer_id = next(s["id"] for s in rec.steps.values() if s["output"] == answer)
    streamed = [t for i, t in rec.tokens if i == answer_id]
    assert len(streamed) >= 2 and streamed[0].endswith("[1]")
    [element] = [e for e in rec.elements if e["forId"] == answer_id]
    assert (element["name"], element["display"], element["type"]) == ("[1]", "side", "text")
    panel = chat.panel("[1]")
    assert '**\\"We are able to tackle Daesh independently' in panel
    assert "Taliban Rule Out Cooperation With U\\.S\\." in panel and "000\\_" in panel
    # The whole article: its last paragraph too, not only the cited passage.
    assert "roughly 170" in plain(panel) and plain(panel).count("**") == 2
    [retrieval] = rec.retrievals()
    assert "**cited as 1**" in retrieval and retrieval.count("\n   ") == 5


def test_follow_ups_use_this_session_only(chat: Browser, service: ChatService) -> None:
    chat.ask("Who is the Taliban's political spokesman?")
    rec = chat.ask("Where is he based?")
    assert "Doha" in rec.said()[-1]
    assert [a.standalone_question for a in chat.history()] == [
        "Who is the Taliban's political spokesman?",
        "Where is Suhail Shaheen based?",
    ]
    other = Browser()  # another tab: its own, empty history
    other.run(app.start)
    other.ask("Where is he based?")
    assert [a.standalone_question for a in other.history()] == ["Where is he based?"]
    chat.run(app.start)  # "new chat" in the first tab starts clean
    assert chat.history() == []


def test_the_passage_count_setting_applies_to_the_next_question(chat: Browser) -> None:
    chat.run(app.settings_changed, {"k": 2.0, "mode": "extractive"})
    rec = chat.ask("How many people were killed in the Kunduz mosque attack?")
    assert rec.retrievals()[-1].count("\n   ") == 2


def test_an_unanswerable_question_is_answered_plainly(chat: Browser) -> None:
    rec = chat.ask("What is the capital of France?")
    [message] = rec.read()
    refusal, closest = message.split("\n\n", 1)
    assert refusal == "The articles do not say. I found nothing in them that answers this question."
    # Where to look next, marked as not an answer: no citation, nothing to open as evidence.
    assert closest.startswith("*Closest passages (not an answer; try asking with their words):*")
    assert 1 <= closest.count("\n- “") <= 2
    assert rec.elements == []


def test_errors_are_one_line(
    chat: Browser, service: ChatService, monkeypatch: pytest.MonkeyPatch
) -> None:
    rec = chat.ask("x" * 1001)
    assert rec.read()[-1] == "Sorry: the question is 1,001 characters; the limit is 1,000"

    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("boom\nsecond line")

    monkeypatch.setattr(service, "ask", broken)
    assert chat.ask("Who?").read()[-1] == "Something went wrong: RuntimeError: boom second line"


def test_uploads_are_reported_then_the_question_is_answered_from_them(
    chat: Browser, tmp_path: Path
) -> None:
    (tmp_path / "a").write_text(BRIDGE)
    (tmp_path / "b").write_bytes(b"\x00\x01binary")
    rec = chat.ask(
        "When did the Valmora harbour bridge reopen?",
        files=(("bridge.txt", tmp_path / "a"), ("data.txt", tmp_path / "b")),
    )
    report, answer = rec.read()
    assert report.splitlines()[:5] == [
        "- Added bridge.txt: 1 passage indexed.",
        "- Refused data.txt: binary file (contains NUL bytes), not text",
        "",
        "**Articles loaded now (3)**",
        "",
    ]
    listed = "- Valmora harbour bridge reopens after repairs · 1 passage · [read](#read=bridge.txt)"
    assert listed in report
    assert "3 March" in answer


def test_more_files_than_the_limit_in_one_message_are_all_refused(
    chat: Browser, service: ChatService, tmp_path: Path
) -> None:
    files = []
    for i in range(6):  # a client may send any file ids; the page offers 5 at most
        (tmp_path / str(i)).write_text(f"Article {i}\n\nValmora news number {i}.")
        files.append((f"news{i}.txt", tmp_path / str(i)))
    before = sorted(p.name for p in service.settings.corpus.dir.iterdir())
    rec = chat.ask("When did the Valmora harbour bridge reopen?", files=tuple(files))
    assert rec.read() == [
        "Sorry: at most 5 files can be added at a time (6 were sent); none was added."
    ]
    assert sorted(p.name for p in service.settings.corpus.dir.iterdir()) == before


def test_progress_is_shown_while_the_index_is_built(
    library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    gate = threading.Event()
    real_open = Assistant.open

    def slow_open(*args: Any, **kwargs: Any) -> Assistant:
        kwargs["progress"]("embedding 22 new passages (0 reused)")
        gate.wait(30)
        return real_open(*args, **kwargs)

    monkeypatch.setattr(Assistant, "open", slow_open)
    service = ChatService(chat_settings(library / "corpus", library / "index"), echo=lambda _: None)
    monkeypatch.setattr(app, "SERVICE", service)
    service.start()
    threading.Timer(1.0, gate.set).start()
    browser = Browser()
    contents: list[str] = []
    original = browser.recorder.send_step

    async def watch(step_dict: Any) -> None:
        contents.append(step_dict["output"])
        await original(step_dict)

    browser.recorder.send_step = watch  # type: ignore[method-assign]
    browser.recorder.update_step = watch  # type: ignore[method-assign]
    browser.run(app.start)
    shown = [plain(text) for text in contents]
    assert (
        "Preparing the articles (the first start builds the index): embedding 22 new "
        "passages (0 reused)"
    ) in shown
    ready = shown[-1].splitlines()
    assert ready[0] == "**Articles ready (2)**", shown[-1]
    assert ready[2].startswith("- Taliban Rule Out Cooperation With U.S. to Contain Islamic State")
    assert re.search(r" · \d+ passages · \[read\]\(#read=000_3c1e0bf96721e7a1\.txt\)$", ready[2])


@pytest.mark.parametrize(
    ("sent", "wanted"),
    [
        (5, 5),
        ("7", 7),
        (1_000_000_000, 20),
        (1e300, 20),
        (0, 1),
        (-3, 1),
        ("abc", None),
        (None, None),
        ([5], None),
        (True, None),
        ("nan", None),
        ("inf", None),
    ],
)
def test_a_clients_passage_count_is_kept_within_the_chats_limit(
    sent: Any, wanted: int | None
) -> None:
    from assistant.ui.app import passages_wanted

    assert passages_wanted(sent, 20) == wanted

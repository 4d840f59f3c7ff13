"""A socket client that asks for any passage count cannot stall the chat.

The chat's slider offers 1..``ui.max_k`` passages, but a program speaking
socket.io can send ``chat_settings_change`` with anything: 10^9 passages once
cost about two minutes of CPU per question and left every other session
waiting. The server here is the real ``assistant chat`` over the seed articles
(more passages than ``ui.max_k``), so a count that is not kept within bounds
shows in the retrieval step.
"""

from __future__ import annotations

import asyncio
import re
import shutil
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import pytest
import socketio

from .conftest import SEEDS, copy_app_root
from .test_chat_server_guards import Chat, cookie_header, local_login, start_chat, webapp_auth

pytestmark = pytest.mark.slow

MAX_K = 4
TOP_K = 2
# What a client sends -> passages retrieved: kept within 1..MAX_K, TOP_K when not a number.
PASSAGES_FOR = {1_000_000_000: MAX_K, "abc": TOP_K, -5: 1, None: TOP_K}
QUESTIONS = (
    "When did the Valmora harbour bridge reopen?",
    "Who is the Taliban's political spokesman?",
    "How many people were killed in the Kunduz mosque attack?",
)
ERROR_LINES = ("Something went wrong", "Sorry:")  # how the chat begins its one-line errors
TURN_SECONDS = 120  # a bound on waiting, not a measure: only for a test that would hang


@dataclass
class Turn:
    """What a session was shown for one question."""

    steps: dict[str, dict[str, Any]] = field(default_factory=dict)  # by id, latest version

    def of_type(self, kind: str) -> list[str]:
        return [s.get("output") or "" for s in self.steps.values() if s.get("type") == kind]

    @property
    def passages(self) -> int:
        """Passages listed in the search step (one ``N. title · cited ...`` line each)."""
        shown = "\n".join(self.of_type("retrieval"))
        return len(re.findall(r"^\d+\. .* · (?:\*\*cited as|not cited)", shown, flags=re.M))

    @property
    def answer(self) -> str:
        return "\n".join(self.of_type("assistant_message"))

    @property
    def errors(self) -> list[str]:
        return [
            s.get("output") or ""
            for s in self.steps.values()
            if s.get("isError") or str(s.get("output")).startswith(ERROR_LINES)
        ]


class Session:
    """One chat session driven over socket.io, as a program other than the page could."""

    def __init__(self) -> None:
        self.client = socketio.AsyncClient(reconnection=False)
        self.events: asyncio.Queue[tuple[str, Any]] = asyncio.Queue()
        self.client.on("*", self._received)

    async def _received(self, event: str, data: Any = None) -> None:
        await self.events.put((event, data))

    async def open(self, base: str) -> None:
        """Connect and start the chat, as the page does; returns once it has started."""
        await self.client.connect(
            base,
            socketio_path="/ws/socket.io",
            transports=["websocket"],
            headers={"Cookie": cookie_header(local_login(base))},  # signed in as its page is
            auth=webapp_auth(str(uuid.uuid4())),
            wait_timeout=10,
        )
        await self.client.emit("connection_successful")
        await asyncio.wait_for(self._until("chat_settings"), TURN_SECONDS)
        await asyncio.wait_for(self._until("task_end"), TURN_SECONDS)  # of on_chat_start

    async def _until(self, wanted: str) -> None:
        while (await self.events.get())[0] != wanted:
            pass

    async def choose(self, **settings: Any) -> None:
        """Send settings; returns once the server has handled them (its task has ended)."""
        await self.client.emit("chat_settings_change", settings)
        await asyncio.wait_for(self._until("task_end"), TURN_SECONDS)

    async def ask(self, question: str) -> Turn:
        """Send ``question``; everything shown until the server says its task has ended."""
        message = {
            "threadId": "",
            "id": str(uuid.uuid4()),
            "name": "User",
            "type": "user_message",
            "output": question,
            "createdAt": datetime.now(UTC).isoformat(),
            "metadata": {},
        }
        await self.client.emit("client_message", {"message": message, "fileReferences": []})
        return await asyncio.wait_for(self._turn(), TURN_SECONDS)

    async def _turn(self) -> Turn:
        turn, started = Turn(), False
        while True:
            event, data = await self.events.get()
            if event == "task_start":
                started = True
            elif event == "task_end" and started:
                return turn
            elif event in ("new_message", "update_message", "stream_start"):
                turn.steps[data["id"]] = data
            elif event == "stream_token" and data["id"] in turn.steps:
                step = turn.steps[data["id"]]
                step["output"] = (step.get("output") or "") + data["token"]


@pytest.fixture(scope="module")
def seeds_chat(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Chat]:
    """A chat over the seed articles (and the bridge article) offering at most MAX_K passages."""
    folder = tmp_path_factory.mktemp("seeds")
    app_root = copy_app_root(folder / "app")
    shutil.copytree(SEEDS, folder / "corpus")
    server = start_chat(
        folder, app_root, ASSISTANT_UI_MAX_K=str(MAX_K), ASSISTANT_RETRIEVAL_TOP_K=str(TOP_K)
    )
    assert "ready: " in server.log.read_text()
    yield server
    server.stop()


def test_any_passage_count_a_client_sends_is_kept_within_max_k(seeds_chat: Chat) -> None:
    """A client floods the chat with bad passage counts, each followed by questions, while
    a second session asks too: every question is answered, from at most MAX_K passages."""

    async def flood(attacker: Session, asking: asyncio.Event) -> list[tuple[Any, Turn]]:
        turns = []
        for k in PASSAGES_FOR:
            await attacker.choose(k=k)
            for question in QUESTIONS:
                pending = asyncio.ensure_future(attacker.ask(question))
                asking.set()  # the bystander asks while the attacker's questions are answered
                turns.append((k, await pending))
        return turns

    async def bystander(session: Session, asking: asyncio.Event) -> Turn:
        await asking.wait()
        return await session.ask(QUESTIONS[0])

    async def run() -> tuple[list[tuple[Any, Turn]], Turn]:
        attacker, other, asking = Session(), Session(), asyncio.Event()
        await attacker.open(seeds_chat.base)
        await other.open(seeds_chat.base)
        try:
            flooded, answered = await asyncio.gather(
                flood(attacker, asking), bystander(other, asking)
            )
        finally:
            await attacker.client.disconnect()
            await other.client.disconnect()
        return flooded, answered

    flooded, answered = asyncio.run(run())
    seen = [(k, t.passages, t.errors, bool(t.answer.strip())) for k, t in flooded]
    assert seen == [(k, PASSAGES_FOR[k], [], True) for k in PASSAGES_FOR for _ in QUESTIONS]
    assert max(PASSAGES_FOR.values()) <= MAX_K
    assert (answered.passages, answered.errors) == (TOP_K, [])
    assert "3 March" in answered.answer

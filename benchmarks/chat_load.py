"""Load on the chat over socket.io, as browsers make it: N sessions at once.

Each session signs in and connects like the web app, asks a question and a follow-up
("Who is the Taliban's political spokesman?", then "Where is he based?") and
checks the answers name Suhail Shaheen and Doha. No question text is sent
twice, so every answer embeds its question anew. Printed per run: time to first
answer token and to the end of the answer (p50/p95), and errors (failed
connections, timeouts, error messages, wrong answers).

    python benchmarks/chat_load.py --url http://127.0.0.1:8000 --sessions 1 10
    python benchmarks/chat_load.py --start --sessions 1 10   # own server on a seeds copy

Targets: first token <= 300 ms p95 for one session (model loaded); 10
concurrent sessions with zero errors and first token <= 1 s p95.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import socketio

ROOT = Path(__file__).resolve().parent.parent
TURNS = [
    ("Who is the Taliban's political spokesman?", "Suhail Shaheen"),
    ("Where is he based?", "Doha"),
]
TIMEOUT = 30.0


@dataclass
class Results:
    first_token: list[float] = field(default_factory=list)
    complete: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


class Session:
    """One chat session driven over socket.io, the way the web app does it."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.client = socketio.AsyncClient(reconnection=False)
        self.events: asyncio.Queue[tuple[float, str, Any]] = asyncio.Queue()
        self.client.on("*", self._record)

    async def _record(self, event: str, data: Any = None) -> None:
        await self.events.put((time.perf_counter(), event, data))

    async def open(self) -> None:
        headers = await asyncio.to_thread(sign_in, self.base)
        auth = {
            "clientType": "webapp",
            "sessionId": str(uuid.uuid4()),
            "threadId": "",
            "userEnv": "{}",
            "chatProfile": "",
        }
        await self.client.connect(
            self.base,
            socketio_path="/ws/socket.io",
            transports=["websocket"],
            headers=headers,
            auth=auth,
            wait_timeout=TIMEOUT,
        )
        await self.client.emit("connection_successful")
        await self._until(lambda event, _: event == "chat_settings")  # on_chat_start ran

    async def ask(self, question: str) -> tuple[float, float, str]:
        """Seconds to the first answer token and to the end; the answer text."""
        message = {
            "threadId": "",
            "id": str(uuid.uuid4()),
            "name": "User",
            "type": "user_message",
            "output": question,
            "createdAt": datetime.now(UTC).isoformat(),
        }
        sent = time.perf_counter()
        await self.client.emit("client_message", {"message": message, "fileReferences": []})
        first = await self._until(lambda event, _: event == "stream_start")
        texts: list[str] = []

        def done(event: str, data: Any) -> bool:
            if event == "new_message" and data.get("type") == "assistant_message":
                texts.append(data.get("output", ""))
            return event == "task_end"

        end = await self._until(done)
        return first - sent, end - sent, " ".join(texts)

    async def _until(self, wanted: Any) -> float:
        deadline = time.perf_counter() + TIMEOUT
        while True:
            at, event, data = await asyncio.wait_for(
                self.events.get(), max(deadline - time.perf_counter(), 0.001)
            )
            if wanted(event, data if isinstance(data, dict) else {}):
                return at

    async def close(self) -> None:
        await self.client.disconnect()


def sign_in(base: str) -> dict[str, str]:
    """The Cookie header of a session signed in as the chat's page signs in.

    With kept chats a loopback chat signs every page in without a password (Chainlit's
    header login), and its socket takes no session without that login. A chat without
    a login (``ASSISTANT_UI_HISTORY=false``) needs nothing.
    """
    with urllib.request.urlopen(f"{base}/auth/config", timeout=TIMEOUT) as response:
        if not json.load(response).get("headerAuth"):
            return {}
    request = urllib.request.Request(
        f"{base}/auth/header", data=b"{}", headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
        cookies = [c.split(";", 1)[0] for c in response.headers.get_all("Set-Cookie") or []]
    return {"Cookie": "; ".join(cookies)}


def never_asked(question: str) -> str:
    """The question with its words spaced anew: the same question to the model (its
    tokenizer ignores spacing), but a text the server's query-vector cache has not seen."""
    while True:
        words = question.split()
        spaced = words[0] + "".join(" " * random.randint(1, 6) + w for w in words[1:])
        if spaced not in _ASKED:
            _ASKED.add(spaced)
            return spaced


_ASKED: set[str] = set()


async def converse(base: str, results: Results) -> None:
    session = Session(base)
    try:
        await session.open()
        for question, expected in TURNS:
            first, complete, text = await session.ask(never_asked(question))
            results.first_token.append(first)
            results.complete.append(complete)
            if expected not in text:
                results.errors.append(f"{question!r}: no {expected!r} in {text[:120]!r}")
    except Exception as exc:  # every failure counts, whatever it is
        results.errors.append(f"{type(exc).__name__}: {exc}")
    finally:
        await session.close()


async def run(base: str, sessions: int, rounds: int) -> Results:
    results = Results()
    for _ in range(rounds):
        await asyncio.gather(*(converse(base, results) for _ in range(sessions)))
    return results


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def report(sessions: int, rounds: int, results: Results) -> str:
    if not results.first_token:
        return f"{sessions:>3} sessions: no answer; errors: {results.errors[:3]}"
    ms = [1000 * t for t in results.first_token]
    end = [1000 * t for t in results.complete]
    line = (
        f"{sessions:>3} concurrent sessions x {rounds} rounds, {len(ms)} answers: "
        f"first token p50 {statistics.median(ms):.0f} ms, p95 {percentile(ms, 0.95):.0f} ms"
        f" | full answer p50 {statistics.median(end):.0f} ms, p95 "
        f"{percentile(end, 0.95):.0f} ms | errors {len(results.errors)}"
    )
    return "\n".join([line, *(f"    error: {e}" for e in results.errors[:5])])


@contextmanager
def own_server() -> Iterator[str]:
    """``assistant chat`` on a free port, over a temporary copy of seeds/."""
    folder = Path(tempfile.mkdtemp(prefix="chat-load-"))
    try:
        for name in (".chainlit/config.toml", "chainlit.md", "public/theme.json"):
            (folder / "app" / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, folder / "app" / name)
        shutil.copytree(ROOT / "seeds", folder / "corpus")
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        env = dict(
            os.environ,
            CHAINLIT_APP_ROOT=str(folder / "app"),
            ASSISTANT_CORPUS_DIR=str(folder / "corpus"),
            ASSISTANT_INDEX_DIR=str(folder / "index"),
            PYTHONPATH=os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
        )
        log = (folder / "server.log").open("wb")
        server = subprocess.Popen(
            [sys.executable, "-m", "assistant", "chat", "--port", str(port)],
            cwd=folder,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            wait_ready(folder / "server.log", server)
            yield f"http://127.0.0.1:{port}"
        finally:
            server.terminate()
            server.wait(30)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def wait_ready(log: Path, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 300
    while "chat: ready:" not in log.read_text():
        if server.poll() is not None or time.monotonic() > deadline:
            raise SystemExit(f"server did not start:\n{log.read_text()[-2000:]}")
        time.sleep(0.2)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000", help="A running chat.")
    parser.add_argument("--start", action="store_true", help="Start a chat of its own.")
    parser.add_argument(
        "--sessions",
        type=int,
        nargs="+",
        default=[1, 10],
        help="Concurrent sessions, one run per number.",
    )
    parser.add_argument(
        "--rounds", type=int, default=10, help="Conversations per session in each run."
    )
    args = parser.parse_args()
    with own_server() if args.start else nullcontext(args.url) as base:
        urllib.request.urlopen(f"{base}/health", timeout=5).close()
        asyncio.run(run(base, 1, 1))  # warm-up conversation, not counted
        for n in args.sessions:
            print(report(n, args.rounds, asyncio.run(run(base, n, args.rounds))), flush=True)


if __name__ == "__main__":
    main()

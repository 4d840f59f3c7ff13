"""A scripted OpenAI-compatible chat-completions server on 127.0.0.1, for tests.

Each request to ``POST /v1/chat/completions`` takes the next scripted :class:`Reply`:
its text (or a function of the request that returns it), sent as one JSON completion
or, when the client asks to stream, as server-sent events; or an HTTP error; after an
optional delay, and with an optional stall between streamed pieces. Requests are
recorded so tests can read the prompts the assistant sent.
"""

from __future__ import annotations

import json
import re
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Reply:
    """One scripted answer of the server."""

    content: str | Callable[[dict[str, Any]], str] = ""
    status: int = 200
    delay: float = 0.0  # seconds before anything is sent
    stall_after: int | None = None  # streamed pieces sent before stalling ...
    stall: float = 0.0  # ... for this many seconds


@dataclass
class Request:
    """One request the server received."""

    path: str
    headers: dict[str, str]
    body: dict[str, Any]

    @property
    def prompt(self) -> str:
        """Every message's content, one after the other."""
        return "\n".join(str(m.get("content", "")) for m in self.body.get("messages", []))


class FakeOpenAI:
    """The server; use as a context manager. ``base_url`` ends in ``/v1``."""

    def __init__(self) -> None:
        self.script: deque[Reply] = deque()
        self.requests: list[Request] = []
        self.stopping = threading.Event()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._httpd.server_address[1]}/v1"

    def add(self, *replies: Reply | str) -> None:
        """Queue replies; a string is a plain 200 reply with that text."""
        self.script.extend(r if isinstance(r, Reply) else Reply(r) for r in replies)

    def __enter__(self) -> FakeOpenAI:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stopping.set()  # cuts every scripted delay short
        self._httpd.shutdown()
        self._httpd.server_close()


def passage_number(body: dict[str, Any], phrase: str) -> int:
    """The number the prompt gives the passage containing ``phrase``."""
    prompt = "\n".join(str(m.get("content", "")) for m in body.get("messages", []))
    for m in re.finditer(r'<passage number="(\d+)"[^>]*>\n(.*?)\n</passage>', prompt, re.S):
        if phrase in m.group(2):
            return int(m.group(1))
    raise AssertionError(f"no passage of the prompt contains {phrase!r}")


def _handler(server: FakeOpenAI) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:  # quiet test output
            return None

        def do_POST(self) -> None:  # noqa: N802  (http.server's name)
            length = int(self.headers.get("Content-Length", 0))
            body = json.loads(self.rfile.read(length) or b"{}")
            server.requests.append(Request(self.path, dict(self.headers), body))
            reply = server.script.popleft() if server.script else Reply(status=599)
            if reply.delay and server.stopping.wait(reply.delay):
                return
            if not self.path.endswith("/chat/completions") or reply.status != 200:
                self._error(reply.status if reply.status != 200 else 404)
                return
            text = reply.content(body) if callable(reply.content) else reply.content
            if body.get("stream"):
                self._stream(body, text, reply)
            else:
                self._json(200, _completion(body, text))

        def _error(self, status: int) -> None:
            message = "no scripted reply left" if status == 599 else "scripted failure"
            self._json(
                status if status != 599 else 500,
                {"error": {"message": message, "type": "server_error", "code": None}},
            )

        def _json(self, status: int, payload: dict[str, Any]) -> None:
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _stream(self, body: dict[str, Any], text: str, reply: Reply) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-cache")
            self.end_headers()
            pieces = re.findall(r"\S+\s*|\s+", text)
            deltas = [{"role": "assistant", "content": ""}] + [{"content": p} for p in pieces]
            for i, delta in enumerate(deltas):
                if reply.stall_after is not None and i == reply.stall_after + 1:
                    if server.stopping.wait(reply.stall):
                        return
                self._event(_chunk(body, delta, None))
            self._event(_chunk(body, {}, "stop"))
            self.wfile.write(b"data: [DONE]\n\n")
            self.wfile.flush()

        def _event(self, payload: dict[str, Any]) -> None:
            self.wfile.write(b"data: " + json.dumps(payload).encode() + b"\n\n")
            self.wfile.flush()

    return Handler


def _chunk(body: dict[str, Any], delta: dict[str, Any], finish: str | None) -> dict[str, Any]:
    return {
        "id": "chatcmpl-test",
        "object": "chat.completion.chunk",
        "created": 0,
        "model": body.get("model", "fake"),
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
    }


def _completion(body: dict[str, Any], text: str) -> dict[str, Any]:
    return {
        "id": "chatcmpl-test",
        "object": "chat.completion",
        "created": 0,
        "model": body.get("model", "fake"),
        "choices": [
            {"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}
        ],
        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
    }

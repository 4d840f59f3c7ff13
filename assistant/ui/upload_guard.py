"""The door in front of Chainlit's upload endpoint (``POST /project/file``).

Chainlit 2.12 checks an upload's type and size there, but not how many files a
session sends (only its frontend holds to ``max_files``), and an empty file
makes it fail with HTTP 500. This ASGI middleware refuses both, a body over
the size limit, and a file of a type the chat does not read (Chainlit's own
words, "File type not allowed", name neither the file nor what is allowed),
with HTTP 400 or 413 and a one-line ``detail`` before Chainlit reads the file.
The count of a session starts again when a message is sent: its files are
then in the chat's hands, which checks the count again.
"""

from __future__ import annotations

import json
import os
from collections.abc import Awaitable, Callable, MutableMapping, Sequence
from typing import Any

from starlette.datastructures import UploadFile
from starlette.requests import Request

from assistant.ui.uploads import wrong_type

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

_FORM_OVERHEAD = 64 * 1024  # multipart boundaries and headers around the file


class UploadGuard:
    """Refuses an upload that is empty, too big, or one file too many for its session."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        path: str,
        max_files: int,
        max_mb: float,
        waiting: dict[str, int],
        suffixes: Sequence[str] = (),
    ) -> None:
        """Args:
        app: the app behind (Chainlit's).
        path: the upload endpoint's path.
        max_files: most files a session may upload before it sends a message.
        max_mb: larger uploads are refused unread (MB of 2**20 bytes, as Chainlit's).
        waiting: session id -> files uploaded since its last message; the chat
            drops a session's entry when the session sends a message.
        suffixes: the file name suffixes taken (lower case); empty takes any.
        """
        self.app = app
        self.path = path
        self.max_files = max_files
        self.max_mb = max_mb
        self.waiting = waiting
        self.suffixes = tuple(suffixes)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "POST" or scope["path"] != self.path:
            await self.app(scope, receive, send)
            return
        body = await _body(receive, limit=int(self.max_mb * 2**20) + _FORM_OVERHEAD)
        if body is None:
            await _refuse(send, 413, f"file is over the {self.max_mb:g} MB limit")
            return
        session_id = Request(scope).query_params.get("session_id", "")
        problem = await self._problem(scope, body, session_id)
        if problem:
            await _refuse(send, 400, problem)
            return
        # Counted before it is passed on, so uploads sent side by side cannot all slip in.
        self.waiting[session_id] = self.waiting.get(session_id, 0) + 1
        status = 0
        try:
            status = await _forward(self.app, scope, body, send)
        finally:
            if status != 200:
                self.waiting[session_id] = max(self.waiting.get(session_id, 1) - 1, 0)

    async def _problem(self, scope: Scope, body: bytes, session_id: str) -> str | None:
        if self.waiting.get(session_id, 0) >= self.max_files:
            return (
                f"at most {self.max_files} files can be added at a time; "
                "send these with a message first"
            )
        form = await Request(scope, _replay(body)).form()
        upload = form.get("file")
        if not isinstance(upload, UploadFile) or not upload.filename:
            return "no file in the upload (a form field 'file' with a file name is expected)"
        suffix = os.path.splitext(upload.filename)[1].lower()
        if self.suffixes and suffix not in self.suffixes:
            return wrong_type(suffix, self.suffixes)
        if not upload.size:
            return "empty file, nothing to add"  # the page says "Failed to upload <name>: "
        return None


async def _body(receive: Receive, *, limit: int) -> bytes | None:
    """The whole request body, or None once it grows past ``limit`` bytes."""
    chunks: list[bytes] = []
    size = 0
    more = True
    while more:
        message = await receive()
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
        more = message.get("more_body", False)
    return b"".join(chunks)


def _replay(body: bytes) -> Receive:
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return receive


async def _forward(app: ASGIApp, scope: Scope, body: bytes, send: Send) -> int:
    """Pass the request on with its body; the response's status code."""
    status = [0]

    async def watch(message: Message) -> None:
        if message["type"] == "http.response.start":
            status[0] = int(message["status"])
        await send(message)

    await app(scope, _replay(body), watch)
    return status[0]


async def _refuse(send: Send, status: int, detail: str) -> None:
    payload = json.dumps({"detail": detail}).encode("utf-8")
    headers = [(b"content-type", b"application/json"), (b"content-length", b"%d" % len(payload))]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": payload})

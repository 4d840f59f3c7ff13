"""Attacks on a real ``assistant chat`` server, from clients that are not its pages.

Each server is the real command in a subprocess, over a one-article corpus so it
starts quickly; the clients are plain HTTP and socket.io clients, sending what a
hostile page or program could send.
"""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
import socketio
from playwright.sync_api import Route, expect, sync_playwright

from assistant.ui.uploads import accepted

from .conftest import ROOT, copy_app_root
from .news_files import FERRY_PAGE, port_report_pdf
from .test_chat_service import BRIDGE

pytestmark = pytest.mark.slow

PASSWORD = "correct horse battery staple"
CHROMIUM = "/usr/bin/chromium"


@dataclass
class Chat:
    base: str
    port: int
    corpus: Path
    log: Path
    process: subprocess.Popen[bytes]

    def stop(self) -> None:
        self.process.terminate()  # the command stops its Chainlit server with it
        self.process.wait(30)


def free_port() -> int:
    while True:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = int(s.getsockname()[1])
        if port != 8000:  # 8000 is the port the other page below is on
            return port


def start_chat(folder: Path, app_root: Path, *, host: str = "127.0.0.1", **env: str) -> Chat:
    """``assistant chat`` over a one-article corpus in ``folder``, once it is ready."""
    corpus = folder / "corpus"
    corpus.mkdir(parents=True, exist_ok=True)
    (corpus / "bridge.txt").write_text(BRIDGE, encoding="utf-8")
    port = free_port()
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "ASSISTANT_"))}
    environ.update(
        CHAINLIT_APP_ROOT=str(app_root),
        ASSISTANT_CORPUS_DIR=str(corpus),
        ASSISTANT_INDEX_DIR=str(folder / "index"),
        PYTHONPATH=os.pathsep.join([str(ROOT), environ.get("PYTHONPATH", "")]),
        **env,
    )
    log = folder / "server.log"
    with log.open("wb") as out:
        command = [sys.executable, "-m", "assistant", "chat", "--port", str(port), "--host", host]
        process = subprocess.Popen(
            command, cwd=folder, env=environ, stdout=out, stderr=subprocess.STDOUT
        )
    chat = Chat(f"http://127.0.0.1:{port}", port, corpus, log, process)
    deadline = time.monotonic() + 300
    while "chat: ready:" not in log.read_text():
        if process.poll() is not None or time.monotonic() > deadline:
            chat.stop() if process.poll() is None else None
            pytest.fail(f"chat server not ready:\n{log.read_text()[-3000:]}")
        time.sleep(0.2)
    return chat


@pytest.fixture(scope="module")
def app_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_app_root(tmp_path_factory.mktemp("app"))


@pytest.fixture(scope="module")
def chat(tmp_path_factory: pytest.TempPathFactory, app_root: Path) -> Iterator[Chat]:
    """A chat on loopback, as ``assistant chat`` serves it by default."""
    server = start_chat(tmp_path_factory.mktemp("loopback"), app_root)
    yield server
    server.stop()


def webapp_auth(session_id: str) -> dict[str, str]:
    """What the chat's page sends when it opens its socket."""
    return {
        "clientType": "webapp",
        "sessionId": session_id,
        "threadId": "",
        "userEnv": "{}",
        "chatProfile": "",
    }


def local_login(base: str) -> httpx.Cookies:
    """The login cookies a page of a loopback chat gets without a password (none when the
    chat asks for one)."""
    if not httpx.get(f"{base}/auth/config").json()["headerAuth"]:
        return httpx.Cookies()
    response = httpx.post(f"{base}/auth/header", json={})
    assert response.status_code == 200, response.text
    return response.cookies


def cookie_header(cookies: httpx.Cookies) -> str:
    return "; ".join(f"{k}={v}" for k, v in cookies.items())


def open_session(base: str, *, origin: str | None = None, cookie: str | None = None) -> str:
    """Open a chat session over socket.io as a page of ``origin`` would; its session id.

    Args:
        cookie: the login to send; None: the loopback login, as the chat's page gets it.

    Raises:
        socketio.exceptions.ConnectionError: when the server refuses the socket.
    """
    session_id = str(uuid.uuid4())
    headers = {"Origin": origin} if origin else {}
    if cookie is None:
        cookie = cookie_header(local_login(base))
    if cookie:
        headers["Cookie"] = cookie

    async def run() -> None:
        client = socketio.AsyncClient(reconnection=False)
        await client.connect(
            base,
            socketio_path="/ws/socket.io",
            transports=["websocket"],
            headers=headers,
            auth=webapp_auth(session_id),
            wait_timeout=10,
        )
        await client.disconnect()  # Chainlit keeps the session a while for a reconnect

    asyncio.run(run())
    return session_id


def upload(
    base: str,
    session_id: str,
    name: str,
    data: bytes,
    cookies: httpx.Cookies | None = None,
    mime: str = "text/plain",
) -> httpx.Response:
    """Send one file to the chat's upload endpoint, as its page does (with the loopback
    login unless ``cookies`` are given)."""
    return httpx.post(
        f"{base}/project/file",
        params={"session_id": session_id},
        files={"file": (name, data, mime)},
        cookies=local_login(base) if cookies is None else cookies,
        timeout=30,
    )


def test_a_page_on_another_local_port_cannot_open_a_chat_socket(chat: Chat) -> None:
    open_session(chat.base, origin=chat.base)  # the chat's own page
    open_session(chat.base, origin=f"http://localhost:{chat.port}")
    for other in ("http://127.0.0.1:8000", "http://localhost:8000", "http://evil.example"):
        with pytest.raises(socketio.exceptions.ConnectionError):
            open_session(chat.base, origin=other)


def test_on_loopback_a_program_signs_in_as_the_page_does_before_it_opens_a_socket(
    chat: Chat,
) -> None:
    with pytest.raises(socketio.exceptions.ConnectionError):
        open_session(chat.base, origin=chat.base, cookie="")  # no login: refused
    login = local_login(chat.base)  # no password on loopback, and no login page
    assert login and httpx.get(f"{chat.base}/user", cookies=login).json()["identifier"]
    open_session(chat.base, origin=chat.base, cookie=cookie_header(login))
    assert httpx.get(f"{chat.base}/assistant/articles").status_code == 401  # the API too
    assert httpx.get(f"{chat.base}/assistant/articles", cookies=login).status_code == 200


def test_a_page_on_another_local_port_gets_no_cors_access(chat: Chat) -> None:
    preflight = httpx.options(
        f"{chat.base}/project/file",
        headers={
            "Origin": "http://127.0.0.1:8000",
            "Access-Control-Request-Method": "POST",
        },
    )
    assert "access-control-allow-origin" not in preflight.headers


def test_the_upload_api_refuses_a_sixth_file_and_an_empty_one(chat: Chat) -> None:
    session = open_session(chat.base)
    empty = upload(chat.base, session, "empty.txt", b"")
    assert (empty.status_code, empty.json()) == (400, {"detail": "empty file, nothing to add"})
    big = upload(chat.base, session, "big.txt", b"x" * (6 * 2**20))
    assert (big.status_code, big.json()) == (413, {"detail": "file is over the 5 MB limit"})
    sent = [
        upload(chat.base, session, f"a{i}.txt", f"Title {i}\n\nText.".encode()) for i in range(6)
    ]
    assert [r.status_code for r in sent] == [200] * 5 + [400]
    assert sent[5].json() == {
        "detail": "at most 5 files can be added at a time; send these with a message first"
    }


def test_the_upload_api_takes_each_format_with_its_types_and_names_a_wrong_one(
    chat: Chat,
) -> None:
    session = open_session(chat.base)
    taken = [
        upload(chat.base, session, "ferry.html", FERRY_PAGE.encode(), mime="text/html"),
        upload(chat.base, session, "report.pdf", port_report_pdf(), mime="application/pdf"),
        upload(chat.base, session, "wire.jsonl", b'{"text": "x"}', mime="application/octet-stream"),
    ]
    assert [r.status_code for r in taken] == [200, 200, 200]
    other = open_session(chat.base)
    word = upload(chat.base, other, "memo.docx", b"PK\x03\x04", mime="application/msword")
    assert (word.status_code, word.json()) == (
        400,
        {"detail": f".docx cannot be added; {accepted()}"},
    )
    # A known suffix sent as another type is still Chainlit's to refuse.
    odd = upload(chat.base, other, "page.html", FERRY_PAGE.encode(), mime="application/pdf")
    assert odd.status_code == 400


def test_stopping_another_chat_of_the_same_folder_keeps_this_ones_uploads(
    chat: Chat, app_root: Path, tmp_path: Path
) -> None:
    other = start_chat(tmp_path, app_root)
    other.stop()
    session = open_session(chat.base)
    response = upload(chat.base, session, "late.txt", b"Late news\n\nIt came late.")
    assert response.status_code == 200, response.text


def test_a_chat_off_loopback_asks_for_the_password(tmp_path: Path, app_root: Path) -> None:
    chat = start_chat(tmp_path, app_root, host="0.0.0.0", ASSISTANT_UI_PASSWORD=PASSWORD)
    try:
        assert httpx.get(f"{chat.base}/auth/config").json()["requireLogin"] is True
        assert httpx.post(f"{chat.base}/auth/header", json={}).status_code == 400  # none
        with pytest.raises(socketio.exceptions.ConnectionError):
            open_session(chat.base)  # a program without an Origin header, without a login
        assert upload(chat.base, str(uuid.uuid4()), "x.txt", b"News\n\nText.").status_code == 401
        assert httpx.get(f"{chat.base}/assistant/articles").status_code == 401  # the page's API
        wrong = httpx.post(f"{chat.base}/login", data={"username": "me", "password": "guess"})
        assert wrong.status_code == 401
        right = httpx.post(f"{chat.base}/login", data={"username": "me", "password": PASSWORD})
        assert right.status_code == 200
        cookie = "; ".join(f"{k}={v}" for k, v in right.cookies.items())
        session = open_session(chat.base, origin=chat.base, cookie=cookie)
        assert (
            upload(chat.base, session, "y.txt", b"News\n\nText.", right.cookies).status_code == 200
        )
        listed = httpx.get(f"{chat.base}/assistant/articles", cookies=right.cookies).json()
        assert listed["state"] in ("loading", "ready")
    finally:
        chat.stop()


def test_off_loopback_a_browser_logs_in_with_the_password_then_chats(
    tmp_path: Path, app_root: Path
) -> None:
    chat = start_chat(tmp_path, app_root, host="0.0.0.0", ASSISTANT_UI_PASSWORD=PASSWORD)
    outside: list[str] = []

    def only_local(route: Route) -> None:
        if route.request.url.startswith(chat.base):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
            )
            page = browser.new_page()
            page.route("**/*", only_local)
            page.goto(chat.base)
            page.fill('input:not([type="password"])', "reader@example.com")
            page.fill('input[type="password"]', "not it")
            page.keyboard.press("Enter")
            page.wait_for_timeout(1500)
            expect(page.locator("#chat-input")).to_have_count(0)  # still at the login
            page.fill('input[type="password"]', PASSWORD)
            page.keyboard.press("Enter")
            page.wait_for_selector("#chat-settings-open-modal", timeout=60_000)
            page.fill("#chat-input", "When did the Valmora harbour bridge reopen?")
            page.keyboard.press("Enter")
            answer = '[data-step-type="assistant_message"] .message-content'
            expect(page.locator(answer, has_text="3 March")).to_have_count(1, timeout=60_000)
            browser.close()
    finally:
        chat.stop()
    assert outside == []

"""The chat end to end: ``assistant chat`` as a subprocess, driven in headless Chromium.

One server for the module (its own app root, corpus copy and index), one
browser; each test opens its own page, which is its own chat session. Every
request to another host is refused and recorded: the chat must not need one.
Screenshots go to tests/artifacts/.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import socketio
from playwright.sync_api import Browser, Locator, Page, Route, expect, sync_playwright

from .conftest import ROOT, SEEDS, copy_app_root
from .test_chat_server_guards import cookie_header, local_login
from .test_chat_service import BRIDGE

pytestmark = pytest.mark.slow

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = ROOT / "tests" / "artifacts"
ANSWERS = '[data-step-type="assistant_message"] .message-content'
WAIT_MS = 90_000
# An article whose text is full of markup: it must show as text and do nothing.
GLENFORD = (
    "Glenford library fire destroys rare maps\n\n"
    "A fire at the Glenford public library destroyed 312 rare maps on Tuesday, fire chief "
    "Ona Brandt said <script>window.__pwned=1</script> after the blaze. The maps were "
    "[insured](javascript:alert(1)) for 2 million dollars ![x](http://example.com/x.png) "
    'according to the library\'s director, Mark Ellery <img src=x onerror="window.__pwned=2">.'
    "\n\nThe library will reopen in June, the city council said.\n"
)


@dataclass
class Server:
    base: str
    port: int
    corpus: Path
    log: Path
    pid: int = 0  # of the ``assistant chat`` command
    outside: list[str] = field(default_factory=list)  # requests to other hosts, refused


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for_log(server: Server, text: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 300
    while text not in server.log.read_text():
        if process.poll() is not None or time.monotonic() > deadline:
            pytest.fail(f"chat server not ready:\n{server.log.read_text()[-3000:]}")
        time.sleep(0.2)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    folder = tmp_path_factory.mktemp("chat-server")
    app_root = copy_app_root(folder / "app")
    corpus = folder / "corpus"
    shutil.copytree(SEEDS, corpus)
    (corpus / "glenford.txt").write_text(GLENFORD, encoding="utf-8")
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env.update(
        CHAINLIT_APP_ROOT=str(app_root),
        ASSISTANT_CORPUS_DIR=str(corpus),
        ASSISTANT_INDEX_DIR=str(folder / "index"),
        PYTHONPATH=os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")]),
    )
    chat = Server(f"http://127.0.0.1:{port}", port, corpus, folder / "server.log")
    with chat.log.open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "assistant", "chat", "--port", str(port)],
            cwd=folder,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    chat.pid = process.pid
    try:
        wait_for_log(chat, f"Chat: {chat.base}", process)
        wait_for_log(chat, "chat: ready:", process)
        yield chat
    finally:
        process.terminate()  # the command stops its Chainlit server with it
        process.wait(30)
        with socket.socket() as probe:
            assert probe.connect_ex(("127.0.0.1", port)) != 0, "server left running"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).is_file():
        pytest.fail(f"no browser at {CHROMIUM}: apt-get install -y chromium")
    with sync_playwright() as p:
        chromium = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Browser, server: Server) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    tab = context.new_page()

    def only_local(route: Route) -> None:
        if route.request.url.startswith(server.base):
            route.continue_()
        else:
            server.outside.append(route.request.url)
            route.abort()

    tab.route("**/*", only_local)
    tab.goto(server.base)
    tab.wait_for_selector("#starters", timeout=WAIT_MS)
    tab.wait_for_selector("#chat-settings-open-modal", timeout=WAIT_MS)  # session is up
    yield tab
    context.close()


@contextmanager
def busy(server: Server, seconds: float) -> Iterator[None]:
    """The chat's Chainlit server stopped for ``seconds`` from now, as a machine too loaded
    to serve it would leave it; it runs again when the block ends, at the latest."""
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
    (chainlit,) = map(int, children)
    os.kill(chainlit, signal.SIGSTOP)
    resume = threading.Timer(seconds, os.kill, (chainlit, signal.SIGCONT))
    resume.start()
    try:
        yield
    finally:
        resume.cancel()
        os.kill(chainlit, signal.SIGCONT)


def shot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.wait_for_timeout(600)  # let the side panel finish sliding in
    page.screenshot(path=str(ARTIFACTS / f"chat-{name}.png"))


def send(page: Page, question: str) -> None:
    """Type ``question`` and send it once the composer takes it.

    Chainlit's composer ignores Enter while an attached file is still uploading
    or the previous answer's task is still running (its send button is disabled
    then), and leaves the question in the box: pressing Enter before that would
    wait for an answer to a question never sent.
    """
    page.fill("#chat-input", question)
    expect(page.locator("#chat-submit")).to_be_enabled(timeout=WAIT_MS)
    page.keyboard.press("Enter")
    expect(page.locator("#chat-input")).to_have_value("", timeout=10_000)  # it was sent


def ask(page: Page, question: str, expect_text: str) -> Locator:
    """Send ``question``; the (complete) answer message that contains ``expect_text``."""
    matching = page.locator(ANSWERS, has_text=expect_text)
    before = matching.count()
    send(page, question)
    expect(matching).to_have_count(before + 1, timeout=WAIT_MS)
    answer = matching.nth(before)
    answer.locator("a.element-link").first.wait_for(timeout=WAIT_MS)  # sent in full
    return answer


def shown(locator: Locator) -> str:
    """The text of ``locator`` as read (the chat puts invisible joiners into URLs)."""
    return (locator.text_content() or "").replace("\u2060", "")


def side_panel_closed(page: Page) -> None:
    expect(page.locator("#side-view-content")).to_have_count(0, timeout=10_000)


def test_a_cited_answer_opens_its_passage_and_follow_ups_work(page: Page, server: Server) -> None:
    shot(page, "1-start")
    answer = ask(page, "Who is the Taliban's political spokesman?", "Suhail Shaheen")
    expect(answer).to_contain_text("Sources")
    expect(answer).to_contain_text("Taliban Rule Out Cooperation With U.S. to Contain")
    search = page.locator('[id="step-the articles"]')  # "Searched the articles"
    assert search.last.get_attribute("aria-expanded") == "false"
    side_panel_closed(page)
    answer.locator("a.element-link", has_text="[1]").first.click()
    side = page.locator("#side-view-content")
    expect(page.locator("#side-view-title")).to_have_text("[1]")
    expect(side).to_contain_text("Taliban Rule Out Cooperation With U.S. to Contain Islamic State")
    expect(side).to_contain_text("File 000_3c1e0bf96721e7a1.txt")
    bold = side.locator(".font-bold", has_text="We are able to tackle Daesh independently")
    expect(bold).to_contain_text("Taliban political spokesman Suhail Shaheen told the")
    shot(page, "2-side-panel")
    follow = ask(page, "Where is he based?", "Doha")
    expect(follow).to_contain_text("Understood as: Where is Suhail Shaheen based?")
    search.last.click()
    expect(page.locator('[data-step-type="retrieval"]').last).to_contain_text("cited as 1")
    shot(page, "3-follow-up")
    assert server.outside == []


def test_disagreeing_sources_show_every_figure_each_cited_and_attributed(
    page: Page, server: Server
) -> None:
    answer = ask(page, "How many people were killed in the Kunduz mosque attack?", "more than 70")
    expect(answer).to_contain_text("at least 100")
    expect(answer).to_contain_text("46 Shiite Muslims killed, according to the AP")
    expect(answer.locator("table")).to_contain_text("a wider count")  # the table of sides
    links = answer.locator("a.element-link")
    assert {links.nth(i).text_content() for i in range(links.count())} == {"[1]", "[2]", "[3]"}
    shot(page, "4-conflict")
    assert server.outside == []


def test_the_settings_panel_offers_passage_count_and_no_one_choice_mode(page: Page) -> None:
    page.click("#chat-settings-open-modal")
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text("Passages retrieved")
    expect(dialog).to_contain_text("Answers quote the articles' own sentences (extractive).")
    expect(dialog).not_to_contain_text("Answer mode")  # one mode: nothing to choose
    shot(page, "7-settings")


def test_uploaded_articles_are_added_and_answered_from(
    page: Page, server: Server, tmp_path: Path
) -> None:
    (tmp_path / "valmora-bridge.txt").write_text(BRIDGE, encoding="utf-8")
    (tmp_path / "broken.txt").write_bytes(b"\x00\x01 not text")
    files = [str(tmp_path / "valmora-bridge.txt"), str(tmp_path / "broken.txt")]
    with busy(server, 3):  # the files are still uploading when the question is typed
        page.set_input_files("#upload-button-input", files)
        expect(page.locator("#message-composer")).to_contain_text("broken.txt", timeout=WAIT_MS)
        answer = ask(page, "When did the Valmora harbour bridge reopen?", "3 March")
    report = page.locator(ANSWERS, has_text="Added valmora-bridge.txt")
    expect(report).to_contain_text("Added valmora-bridge.txt: 1 passage indexed.")
    expect(report).to_contain_text("Refused broken.txt: binary file (contains NUL bytes), not text")
    expect(answer).to_contain_text("valmora-bridge.txt")
    assert (server.corpus / "valmora-bridge.txt").read_text() == BRIDGE
    assert not (server.corpus / "broken.txt").exists()
    shot(page, "5-upload")
    assert server.outside == []


def test_article_markup_renders_as_inert_text(page: Page, server: Server) -> None:
    answer = ask(page, "How much were the maps insured for?", "2 million dollars")
    text = shown(answer)
    assert "The maps were [insured](javascript:alert(1)) for 2 million dollars" in text
    assert "![x](http://example.com/x.png)" in text
    assert '<img src=x onerror="window.__pwned=2">' in text
    answer.locator("a.element-link", has_text="[1]").first.click()
    side = page.locator("#side-view-content")
    expect(side).to_contain_text("said <script>window.__pwned=1</script> after the blaze")
    expect(side.locator(".font-bold", has_text="The maps were")).to_contain_text(
        "[insured](javascript:alert(1))"
    )
    shot(page, "6-inert")
    assert page.evaluate("window.__pwned") is None
    assert (
        page.evaluate("[...document.scripts].filter(s => s.textContent.includes('__pwned')).length")
        == 0
    )
    assert page.locator('a[href^="javascript"], img[src*="example.com"], img[src="x"]').count() == 0
    external = page.locator('#root a[href^="http"]:not([href^="http://127.0.0.1"])')
    assert external.evaluate_all("links => links.map(a => a.outerHTML)") == []
    assert server.outside == []  # the image was never even requested


def test_sockets_from_other_sites_pages_are_refused(server: Server) -> None:
    def connect(origin: str) -> None:
        async def run() -> None:
            client = socketio.AsyncClient(reconnection=False)
            auth = {
                "clientType": "webapp",
                "sessionId": str(uuid.uuid4()),
                "threadId": "",
                "userEnv": "{}",
                "chatProfile": "",
            }
            await client.connect(
                server.base,
                socketio_path="/ws/socket.io",
                transports=["websocket"],
                headers={"Origin": origin, "Cookie": cookie_header(local_login(server.base))},
                auth=auth,
                wait_timeout=10,
            )
            await client.disconnect()

        # Its own thread: Playwright's sync API keeps an event loop running in this one.
        with ThreadPoolExecutor(1) as pool:
            pool.submit(asyncio.run, run()).result()

    connect(server.base)  # the chat's own page
    with pytest.raises(socketio.exceptions.ConnectionError):
        connect("http://evil.example")
    with pytest.raises(socketio.exceptions.ConnectionError):
        connect(f"http://localhost.evil.example:{server.port}")

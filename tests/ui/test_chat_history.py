"""Kept chats and feedback, in headless Chromium on a desktop and a 390x844 phone.

A chat is still there after a reload and after the server restarts, is listed in
the sidebar and resumed from it, its citations open their articles, and its
follow-ups still resolve. A thumbs down with a comment is stored, and
``assistant feedback export`` then ``assistant eval --dataset`` run on what was
rated. A real ``assistant chat`` server of this module's own (it is restarted),
keeping its chats in ``index.chats.sqlite`` beside its index, as by default.
Screenshots go to tests/artifacts/.
"""

# ruff: noqa: F811  (pytest fixtures imported from test_chat_browser are parameters here)

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Locator, Page, Route, expect

from assistant.ui import history

from .conftest import ROOT, SEEDS, copy_app_root
from .test_chat_browser import (  # noqa: F401  (browser is a fixture)
    ANSWERS,
    ARTIFACTS,
    WAIT_MS,
    Server,
    ask,
    browser,
    free_port,
    wait_for_log,
)
from .test_chat_newsroom import DEVICES, TALIBAN

pytestmark = pytest.mark.slow

SPOKESMAN = "Who is the Taliban's political spokesman?"
THREAD = re.compile(r"/thread/[0-9a-f-]+#?$")
KUNDUZ = "How many people were killed in the Kunduz mosque attack?"


class Restartable:
    """``assistant chat`` over a copy of seeds/, which a test may stop and start again."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.app_root = copy_app_root(folder / "app")
        self.corpus = folder / "corpus"
        shutil.copytree(SEEDS, self.corpus)
        self.index = folder / "index"
        port = free_port()
        self.chat = Server(f"http://127.0.0.1:{port}", port, self.corpus, folder / "server.log")
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def base(self) -> str:
        return self.chat.base

    @property
    def kept(self) -> Path:
        return self.folder / "index.chats.sqlite"  # the default: beside the index folder

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "ASSISTANT_"))}
        env.update(
            CHAINLIT_APP_ROOT=str(self.app_root),
            ASSISTANT_CORPUS_DIR=str(self.corpus),
            ASSISTANT_INDEX_DIR=str(self.index),
            ASSISTANT_EVAL_RAGAS="false",
            PYTHONPATH=os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")]),
        )
        return env

    def start(self) -> None:
        self.chat.log.write_bytes(b"")
        with self.chat.log.open("wb") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "assistant", "chat", "--port", str(self.chat.port)],
                cwd=self.folder,
                env=self.env(),
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        wait_for_log(self.chat, f"Chat: {self.base}", self.process)
        wait_for_log(self.chat, "chat: ready:", self.process)

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()  # the command stops its Chainlit server with it
            self.process.wait(30)
            self.process = None


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Restartable]:
    chat = Restartable(tmp_path_factory.mktemp("chat-history"))
    chat.start()
    try:
        yield chat
    finally:
        chat.stop()


def open_chat(browser: Browser, server: Restartable, device: str) -> Page:
    context = browser.new_context(**DEVICES[device])  # type: ignore[arg-type]
    tab = context.new_page()

    def only_local(route: Route) -> None:
        if route.request.url.startswith(server.base):
            route.continue_()
        else:
            server.chat.outside.append(route.request.url)
            route.abort()

    tab.route("**/*", only_local)
    tab.goto(server.base)
    tab.wait_for_selector("#chat-settings-open-modal", timeout=WAIT_MS)  # session is up
    return tab


def shot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.wait_for_timeout(500)  # let panels finish sliding in
    page.screenshot(path=str(ARTIFACTS / f"chat-{name}.png"))


def kept_answer(page: Page, text: str) -> Locator:
    """The answer containing ``text`` in the chat shown, once its markers are links."""
    answer = page.locator(ANSWERS, has_text=text)
    expect(answer).to_have_count(1, timeout=WAIT_MS)
    answer.locator("a.element-link").first.wait_for(timeout=WAIT_MS)
    return answer


def citation_opens_its_article(
    page: Page, answer: Locator, device: str, *, screenshot: str = ""
) -> None:
    marker = answer.locator("a.element-link", has_text="[1]").first
    if device == "phone":
        marker.tap()  # a first tap previews, the second opens
        marker.tap()
    else:
        marker.click()
    side = page.locator("#side-view-content")
    expect(side.locator("h3")).to_have_text(TALIBAN)
    expect(side).to_contain_text("killed roughly 170")  # the article whole
    expect(side.locator(".font-bold")).to_contain_text("Suhail Shaheen")  # the quote, marked
    if screenshot:
        shot(page, screenshot)
    page.keyboard.press("Escape")
    expect(side).to_have_count(0)


def open_sidebar(page: Page) -> Locator:
    """The list of kept chats (on a phone, behind the sidebar button)."""
    chats = page.locator("#thread-history")
    if not chats.is_visible():
        page.get_by_role("button", name="Past chats", exact=True).click()
    expect(chats).to_be_visible()
    return chats


def back_to(page: Page, question: str, device: str) -> None:
    """After a reload: on a desktop the page is still on its chat (its address names it);
    a phone, whose address does not follow the chat, opens it from the list once the
    reloaded page has its session (as a user sees the page before picking a chat: a
    pick while the first connection is still being made can lose to it)."""
    page.wait_for_selector("#chat-settings-open-modal", timeout=WAIT_MS)
    if device == "desktop":
        expect(page).to_have_url(THREAD)
    else:
        pick(page, question)


def pick(page: Page, question: str) -> None:
    """Open the kept chat of ``question`` from the list (which then gets out of the way)."""
    chats = open_sidebar(page)
    chats.get_by_text(question).first.click()
    page.wait_for_timeout(1000)  # the list slides away, unless the chat was already shown
    if chats.is_visible():  # a phone's list stays open over the chat it is already on
        page.touchscreen.tap(380, 420)  # beside it: the list closes
    expect(chats).to_be_hidden()


def test_a_chat_is_kept_across_a_reload_and_a_restart_and_resumed_from_the_list(
    browser: Browser, server: Restartable, device: str
) -> None:
    page = open_chat(browser, server, device)
    question = f"{SPOKESMAN} ({device})"  # each device's chat is its own
    ask(page, question, "Suhail Shaheen")
    if device == "desktop":  # the address names the chat once its list has it
        expect(page).to_have_url(THREAD, timeout=WAIT_MS)
    page.reload()
    back_to(page, question, device)
    citation_opens_its_article(page, kept_answer(page, "Suhail Shaheen"), device)
    server.stop()
    server.start()
    page.reload()
    back_to(page, question, device)  # still signed in
    citation_opens_its_article(page, kept_answer(page, "Suhail Shaheen"), device)
    page.get_by_role("button", name="New chat").first.click()
    confirm = page.get_by_role("button", name="Confirm")
    if confirm.count():
        confirm.click()
    expect(page.locator(ANSWERS)).to_have_count(0, timeout=WAIT_MS)
    if device == "desktop":  # the list stays in view
        open_sidebar(page).get_by_text(question).first.click()
    else:
        pick(page, question)
    answer = kept_answer(page, "Suhail Shaheen")
    expect(page.locator('[data-step-type="user_message"]').first).to_have_text(question)
    follow = ask(page, "Where is he based?", "Doha")  # the chat's history resolves it
    expect(follow).to_contain_text("Understood as: Where is Suhail Shaheen based?")
    citation_opens_its_article(page, answer, device, screenshot=f"13-resumed-{device}")
    assert server.chat.outside == []
    page.context.close()


@pytest.fixture(params=list(DEVICES))
def device(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def rate(answer_step: Locator, page: Page, *, up: bool, comment: str = "") -> None:
    """Click a thumb under an answer, with a comment in the dialog that follows."""
    answer_step.locator(".positive-feedback-off" if up else ".negative-feedback-off").click()
    box = page.get_by_placeholder("Your feedback...")
    expect(box).to_be_visible()
    box.fill(comment)
    page.locator("#submit-feedback").click()
    expect(box).to_have_count(0)


def test_a_thumbs_down_with_a_comment_is_stored_and_the_export_runs_as_an_evaluation(
    browser: Browser, server: Restartable, tmp_path: Path
) -> None:
    page = open_chat(browser, server, "phone")
    ask(page, SPOKESMAN, "Suhail Shaheen")
    ask(page, KUNDUZ, "more than 70")
    steps = page.locator('[data-step-type="assistant_message"]')
    rate(steps.filter(has_text="Suhail Shaheen").last, page, up=True)
    rate(
        steps.filter(has_text="more than 70").last, page, up=False, comment="The articles don't say"
    )
    expect(page.locator(".negative-feedback-on")).to_have_count(1)
    shot(page, "14-feedback-phone")
    page.context.close()
    rated = {r.answer.question: r for r in history.rated_answers(server.kept)}
    assert (rated[SPOKESMAN].thumbs_up, rated[KUNDUZ].thumbs_up) == (True, False)
    assert rated[KUNDUZ].comment == "The articles don't say"
    assert rated[KUNDUZ].earlier == [SPOKESMAN]
    out = tmp_path / "feedback.jsonl"
    run = [sys.executable, "-m", "assistant"]
    exported = subprocess.run(
        [*run, "feedback", "export", "--out", str(out)],
        cwd=server.folder,
        env=server.env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert exported.returncode == 0, exported.stderr
    up, down = f"up-{rated[SPOKESMAN].step[:8]}", f"down-{rated[KUNDUZ].step[:8]}"
    assert f"{up} [single_fact] {SPOKESMAN}" in exported.stdout
    assert f"{down} [unanswerable] {KUNDUZ}" in exported.stdout
    env = server.env() | {
        "ASSISTANT_EVAL_INDEX_ROOT": str(tmp_path / "indexes"),
        "ASSISTANT_EVAL_REPORT_DIR": str(tmp_path / "reports"),
    }
    evaluated = subprocess.run(
        [*run, "eval", "--dataset", str(out)],
        cwd=server.folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert evaluated.returncode == 0, evaluated.stderr  # no thresholds for this dataset
    assert "items passed 1/2" in evaluated.stdout
    assert f"PASS {up} [single_fact]" in evaluated.stdout  # the answer it gave, pinned
    assert f"FAIL {down} [unanswerable] refused: answered" in evaluated.stdout  # until fixed

"""The chat as a newsroom tool, in headless Chromium on a desktop and a 390x844 phone.

The product's own name, logo and words; the loaded articles on the landing page, each
readable; starters made from them and answered from them; a preview of the quoted
sentence on hover (or a first tap) of a marker, the whole article in the side panel with
the cited sentence in colour and in view, never a panel the user did not open; clean
copy and a Markdown export; the app's own word for a refused upload. A real
``assistant chat`` server (seeds and an article full of markup), its own module.
Screenshots go to tests/artifacts/.
"""

# ruff: noqa: F811  (pytest fixtures imported from test_chat_browser are parameters here)

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Locator, Page, Route, expect

from assistant.ui.uploads import accepted

from .test_chat_browser import (  # noqa: F401  (server and browser are fixtures)
    ANSWERS,
    ARTIFACTS,
    WAIT_MS,
    Server,
    ask,
    browser,
    send,
    server,
)
from .test_chat_service import BRIDGE

pytestmark = pytest.mark.slow

DEVICES = {
    "desktop": {"viewport": {"width": 1400, "height": 1000}},
    "phone": {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True},
}
TALIBAN = "Taliban Rule Out Cooperation With U.S. to Contain Islamic State"
DAESH = '"We are able to tackle Daesh independently," Taliban political spokesman'
# Records whether the side panel was ever visible at a frame, from now on.
WATCH_SIDE_PANEL = """() => {
  window.__sideShown = 0;
  const look = () => {
    const side = document.getElementById("side-view-content");
    if (side && side.checkVisibility()) window.__sideShown += 1;
    requestAnimationFrame(look);
  };
  requestAnimationFrame(look);
}"""

# Records, frame by frame, the side panel's title and highlighted sentence.
WATCH_PANELS = """() => {
  window.__panels = [];
  const look = () => {
    const side = document.getElementById("side-view-content");
    if (side && side.checkVisibility()) {
      const title = document.getElementById("side-view-title")?.textContent || "";
      const cited = side.querySelector(".font-bold")?.textContent || "-";
      window.__panels.push(`${title}|${cited}`);
    }
    if (window.__panels.length < 300) requestAnimationFrame(look);
  };
  requestAnimationFrame(look);
}"""
# Scrolls the conversation holding an element back to its top.
SCROLL_TO_TOP = """e => {
  for (let box = e.parentElement; box; box = box.parentElement) {
    if (box.scrollHeight > box.clientHeight && getComputedStyle(box).overflowY !== "visible") {
      box.scrollTop = 0;
    }
  }
}"""


def open_chat(browser: Browser, server: Server, device: str) -> Page:
    context = browser.new_context(**DEVICES[device])  # type: ignore[arg-type]
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server.base)
    tab = context.new_page()

    def only_local(route: Route) -> None:
        if route.request.url.startswith(server.base):
            route.continue_()
        else:
            server.outside.append(route.request.url)
            route.abort()

    tab.route("**/*", only_local)
    tab.goto(server.base)
    tab.wait_for_selector("#newsroom-articles li", timeout=WAIT_MS)
    tab.wait_for_selector("#chat-settings-open-modal", timeout=WAIT_MS)  # session is up
    return tab


@pytest.fixture(params=list(DEVICES))
def device(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def tab(browser: Browser, server: Server, device: str) -> Iterator[Page]:
    page = open_chat(browser, server, device)
    yield page
    page.context.close()


def shot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.wait_for_timeout(500)  # let panels finish sliding in
    page.screenshot(path=str(ARTIFACTS / f"chat-{name}.png"))


def press(page: Page, link: Locator, device: str) -> None:
    """A tap on a phone, a click on a desktop."""
    if device == "phone":
        link.tap()
    else:
        link.click()


def test_the_landing_page_names_the_product_and_lists_the_articles_to_read(
    tab: Page,
    server: Server,
    device: str,
) -> None:
    expect(tab).to_have_title("News Assistant")
    logo = tab.request.get(f"{server.base}/logo?theme=dark").text()
    assert "News Assistant" in logo and "every sentence cited" in logo
    assert "<svg" in tab.request.get(f"{server.base}/favicon").text()
    articles = tab.locator("#newsroom-articles li")
    expect(tab.locator("#newsroom-articles h2")).to_contain_text("Answers come from")
    expect(articles.filter(has_text=TALIBAN)).to_contain_text("6 passages")
    expect(articles.filter(has_text="Glenford library fire destroys rare maps")).to_have_count(1)
    expect(tab.locator("body")).not_to_contain_text("LLMs can make mistakes")
    header, logo = tab.locator("#header").bounding_box(), tab.locator("img.logo").bounding_box()
    assert header is not None and logo is not None
    assert logo["y"] >= header["y"] + header["height"] - 1  # the name is not under the header
    for name in (
        "New chat",
        "Attach articles (text, web pages, PDF, e-mail, feeds, JSONL)",
        "Settings",
        "Send question",
    ):
        expect(tab.get_by_role("button", name=name, exact=True)).to_have_count(1)
    shot(tab, f"8-landing-{device}")
    press(tab, tab.get_by_role("button", name=f"Read {TALIBAN}"), device)
    reader = tab.get_by_role("dialog", name=TALIBAN)
    expect(reader).to_contain_text("killed roughly 170")  # the article whole, to its end
    expect(reader).to_contain_text("000_3c1e0bf96721e7a1.txt · 6 passages")
    shot(tab, f"9-reader-{device}")
    tab.keyboard.press("Escape")
    expect(reader).to_have_count(0)
    tab.get_by_role("button", name="Read Glenford library fire destroys rare maps").click()
    expect(tab.get_by_role("dialog")).to_contain_text("said <script>window.__pwned=1</script>")
    assert tab.evaluate("window.__pwned") is None
    assert server.outside == []


def test_each_starter_is_made_from_the_articles_and_answered_from_them(
    browser: Browser,
    server: Server,
) -> None:
    first = open_chat(browser, server, "desktop")
    labels = first.locator("#starters button").all_text_contents()
    first.context.close()
    assert labels[0] == "What the articles say" and len(labels) == 4
    for i, label in enumerate(labels):
        page = open_chat(browser, server, "desktop")
        page.locator("#starters button").nth(i).click()
        answer = page.locator(ANSWERS).last
        answer.locator("a.element-link").first.wait_for(timeout=WAIT_MS)
        question = page.locator('[data-step-type="user_message"]').last.text_content() or ""
        sources = answer.locator("ul").first.locator(":scope > li")
        if i == 0:
            assert question == "Summarize what the articles say"
            assert sources.count() >= 2, "an overview quotes more than one article"
        else:
            (title,) = re.findall(r"“(.+)”", question)
            assert title.startswith(label.rstrip("…"))
            expect(sources.first).to_contain_text(title)  # its own article is cited first
        page.context.close()


def test_a_marker_previews_its_quote_and_opens_its_article_with_the_quote_in_colour(
    tab: Page,
    server: Server,
    device: str,
) -> None:
    tab.evaluate(WATCH_SIDE_PANEL)
    answer = ask(tab, "Who is the Taliban's political spokesman?", "Suhail Shaheen")
    marker = answer.locator("a.element-link", has_text="[1]").first
    expect(tab.locator("#side-view-content")).to_have_count(0, timeout=10_000)
    footer = tab.locator(".watermark")  # true of the mode in use: no language model
    expect(footer).to_have_text(
        "Answers quote the articles' own sentences, never a language model's words: "
        "open each [n] to check it in its article."
    )
    assert tab.evaluate("window.__sideShown") == 0, "a side panel flashed up unasked"
    box = marker.bounding_box()
    assert box is not None and box["height"] >= 24 and box["width"] >= 24  # to tap
    if device == "phone":
        marker.tap()  # a first tap previews
    else:
        marker.hover()
    preview = tab.get_by_role("tooltip")
    expect(preview.locator("p").first).to_have_text(re.compile(f"^“{re.escape(DAESH)}.*group\\.”$"))
    expect(preview).to_contain_text(TALIBAN)
    expect(tab.locator("#side-view-content")).to_have_count(0)
    shot(tab, f"10-preview-{device}")
    press(tab, marker, device)  # a click, or the second tap, opens the article
    side = tab.locator("#side-view-content")
    expect(side.locator("h3")).to_have_text(TALIBAN)
    expect(side).to_contain_text("File 000_3c1e0bf96721e7a1.txt · characters ")
    expect(side).to_contain_text("killed roughly 170")  # the whole article, not the passage
    cited = side.locator(".font-bold")
    expect(cited).to_have_count(1)
    expect(cited).to_contain_text(DAESH)
    expect(cited).to_have_css("background-color", "rgb(253, 230, 138)")
    expect(cited).to_be_in_viewport()
    shot(tab, f"11-side-panel-{device}")
    tab.keyboard.press("Escape")
    expect(side).to_have_count(0)
    if device == "phone":  # the header keeps its band: the question is never under it
        tab.locator('[data-step-type="user_message"]').first.evaluate(SCROLL_TO_TOP)
        header = tab.locator("#header").bounding_box()
        first = tab.locator('[data-step-type="user_message"]').first.bounding_box()
        assert header is not None and first is not None
        assert header["y"] + header["height"] <= first["y"] + 1
    assert server.outside == []


def test_copy_gives_clean_text_with_quotes_and_export_numbers_the_sources(
    browser: Browser,
    server: Server,
) -> None:
    page = open_chat(browser, server, "desktop")
    ask(page, "Who is the Taliban's political spokesman?", "Suhail Shaheen")
    step = page.locator('[data-step-type="assistant_message"]').last
    step.get_by_role("button", name="Copy the answer with its sources").click()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert "\\" not in copied and "\u2060" not in copied  # no markdown escapes
    assert copied.startswith(DAESH)
    assert f"Sources\n\n- {TALIBAN} · 000_3c1e0bf96721e7a1.txt\n  - [1] “{DAESH}" in copied
    ask(page, "How many people were killed in the Kunduz mosque attack?", "more than 70")
    page.get_by_role("button", name="Export this chat").click()
    link = page.locator(ANSWERS, has_text="This chat as Markdown").locator("a[download]")
    link.wait_for(timeout=WAIT_MS)
    exported = page.request.get(link.get_attribute("href") or "").text()
    assert exported.startswith("# News Assistant: chat exported ")
    assert "## 1. Who is the Taliban's political spokesman?" in exported
    assert "## 2. How many people were killed in the Kunduz mosque attack?" in exported
    numbered = re.findall(r"^(\d+)\. “", exported.split("## Sources", 1)[1], re.M)
    assert numbered == [str(n) for n in range(1, len(numbered) + 1)] and len(numbered) >= 3
    assert "[1]" in exported.split("## 2.")[0] and "[2]" in exported.split("## 2.")[1]
    page.context.close()


def test_switching_markers_never_shows_the_passage_before(
    browser: Browser,
    server: Server,
) -> None:
    page = open_chat(browser, server, "desktop")
    answer = ask(page, "How many people were killed in the Kunduz mosque attack?", "more than 70")
    answer.locator("a.element-link", has_text="[1]").first.click()
    side = page.locator("#side-view-content .font-bold")
    expect(side).to_contain_text("at least 100 people")
    page.evaluate(WATCH_PANELS)
    answer.locator("a.element-link", has_text="[2]").first.click()
    expect(side).to_contain_text("more than 70 people were killed")
    page.wait_for_timeout(300)
    seen = page.evaluate("window.__panels")
    stale = [s for s in seen if s.startswith("[2]") and "at least 100 people" in s]
    assert seen and stale == [], seen  # frame by frame, [2] never shows [1]'s sentence
    page.context.close()


def test_uploads_get_the_apps_own_word_and_list_the_articles_loaded_now(
    browser: Browser,
    server: Server,
    tmp_path: Path,
) -> None:
    page = open_chat(browser, server, "desktop")
    (tmp_path / "empty.md").write_text("")
    (tmp_path / "report.docx").write_bytes(b"PK\x03\x04 not read in the chat")
    (tmp_path / "huge.txt").write_text("word " * 1_100_000)
    for i in range(6):
        (tmp_path / f"n{i}.txt").write_text(f"Note {i}\n\nText {i}.\n")
    chosen = ["empty.md", "report.docx", "huge.txt"]
    page.set_input_files("#upload-button-input", [str(tmp_path / name) for name in chosen])
    notice = page.get_by_role("alert").filter(has_text="Not added")
    expect(notice.locator("li")).to_have_text(
        [
            "empty.md: empty file, nothing to add",
            f"report.docx: .docx cannot be added; {accepted()}",
            "huge.txt: file is 5,500,000 bytes, over the 5 MB limit",
        ]
    )
    page.set_input_files("#upload-button-input", [str(tmp_path / f"n{i}.txt") for i in range(6)])
    expect(notice.locator("li")).to_have_text(
        ["at most 5 files can be added at a time (6 were chosen); none was added"]
    )
    expect(page.locator("[data-sonner-toast]")).to_have_count(0)  # no words of Chainlit's
    expect(page.locator("#message-composer")).not_to_contain_text("n0.txt")
    # The server says the same when a page does not check first (see the upload guard).
    (tmp_path / "valmora-bridge.txt").write_text(BRIDGE, encoding="utf-8")
    page.set_input_files("#upload-button-input", [str(tmp_path / "valmora-bridge.txt")])
    expect(page.locator("#message-composer")).to_contain_text("valmora-bridge.txt")
    send(page, "")
    report = page.locator(ANSWERS, has_text="Articles loaded now")
    expect(report).to_contain_text("Added valmora-bridge.txt: 1 passage indexed.", timeout=WAIT_MS)
    expect(report).to_contain_text("Valmora harbour bridge reopens after repairs · 1 passage")
    # The message carried a file and no words: no empty bubble is left under the file.
    bubbles = page.locator('[data-step-type="user_message"] .rounded-3xl')
    assert [b.is_visible() for b in bubbles.all()] == [False]
    report.get_by_role("link", name="read").last.click()
    expect(page.get_by_role("dialog")).to_contain_text("replaced every cable of the bridge")
    shot(page, "12-upload")
    page.context.close()

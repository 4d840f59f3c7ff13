"""Saved web pages and PDFs added in a real browser, answered from and cited with
their outlet and date; the settings panel's filters narrow what is searched.

The server, browser and page fixtures are :mod:`test_chat_browser`'s (one chat
server for this module, over a copy of the seeds). Screenshots go to tests/artifacts/.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from .news_files import (
    EMPTY_PAGE,
    FERRY_DATE,
    FERRY_OUTLET,
    FERRY_PAGE,
    FERRY_TITLE,
    PORT_AUTHOR,
    PORT_DATE,
    PORT_TITLE,
    port_report_pdf,
)
from .test_chat_browser import (  # noqa: F401  (server, browser and page are fixtures)
    ANSWERS,
    WAIT_MS,
    Server,
    ask,
    browser,
    page,
    send,
    server,
    shot,
)

# ruff: noqa: F811  (the fixtures imported above are parameters here)

pytestmark = pytest.mark.slow


def add_news_files(page: Page, folder: Path) -> None:
    """Attach the ferry page, the port's PDF and a page with no article, send them, and
    wait for the chat's word on each."""
    (folder / "ferry.html").write_text(FERRY_PAGE, encoding="utf-8")
    (folder / "port-report.pdf").write_bytes(port_report_pdf())
    (folder / "gallery.html").write_text(EMPTY_PAGE, encoding="utf-8")
    names = ["ferry.html", "port-report.pdf", "gallery.html"]
    page.set_input_files("#upload-button-input", [str(folder / n) for n in names])
    for name in names:
        expect(page.locator("#message-composer")).to_contain_text(name, timeout=WAIT_MS)
    expect(page.locator("#chat-submit")).to_be_enabled(timeout=WAIT_MS)
    page.keyboard.press("Enter")
    report = page.locator(ANSWERS, has_text="Refused gallery.html")
    expect(report).to_contain_text("no article text found in the page", timeout=WAIT_MS)


def test_a_saved_page_and_a_pdf_are_added_answered_from_and_cited_with_outlet_and_date(
    page: Page, server: Server, tmp_path: Path
) -> None:
    add_news_files(page, tmp_path)
    report = page.locator(ANSWERS, has_text="Refused gallery.html")
    expect(report).to_contain_text("Added ferry.html: 2 passages indexed.")
    expect(report).to_contain_text("Added port-report.pdf: 1 passage indexed.")
    expect(report).to_contain_text(f"{FERRY_TITLE} — {FERRY_OUTLET}, {FERRY_DATE}")
    assert (server.corpus / "ferry.html").read_text(encoding="utf-8") == FERRY_PAGE
    assert not (server.corpus / "gallery.html").exists()

    ferry = ask(page, "How much did the Heron ferry cost?", "7.4 million euros")
    expect(ferry).to_contain_text(f"{FERRY_TITLE} — {FERRY_OUTLET}, {FERRY_DATE} · ferry.html")
    ferry.locator("a.element-link", has_text="[1]").first.click()
    side = page.locator("#side-view-content")
    expect(side).to_contain_text(f"{FERRY_OUTLET} · {FERRY_DATE} · by Ines Varga")
    expect(side.locator(".font-bold")).to_contain_text("cost 7.4 million euros")
    expect(side).not_to_contain_text("Sign up for our morning newsletter")  # the page's box
    shot(page, "formats-1-page")

    port = ask(page, "How many containers did the port of Harlow handle?", "2.3 million")
    expect(port).to_contain_text(f"{PORT_TITLE} — {PORT_DATE} · port-report.pdf")
    port.locator("a.element-link", has_text="[1]").first.click()
    expect(side).to_contain_text(f"{PORT_DATE} · by {PORT_AUTHOR}")
    expect(side.locator(".font-bold")).to_contain_text("2.3 million containers in 2023")
    shot(page, "formats-2-pdf")
    assert server.outside == []


def test_the_outlet_filter_searches_only_that_outlets_articles(
    page: Page, server: Server, tmp_path: Path
) -> None:
    add_news_files(page, tmp_path)  # in a module run alone, the ferry page is new here
    page.click("#chat-settings-open-modal")
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text("Published since")
    dialog.locator("#outlet").click()
    page.get_by_role("option", name=FERRY_OUTLET).click()
    shot(page, "formats-3-filter")
    dialog.get_by_role("button", name="Confirm").click()
    note = f"Searched only the 1 of 5 articles by {FERRY_OUTLET} (filters in the settings panel)"
    ferry = ask(page, "How much did the Heron ferry cost?", "7.4 million euros")
    expect(ferry).to_contain_text(note)
    # The Taliban's articles are left out: no answer, and the note says why.
    send(page, "Who is the Taliban's political spokesman?")
    refusal = page.locator(ANSWERS, has_text="The articles do not say")
    expect(refusal).to_contain_text(note, timeout=WAIT_MS)
    expect(refusal).not_to_contain_text("Shaheen")
    shot(page, "formats-4-filtered")
    assert server.outside == []


def test_a_day_picked_in_auckland_is_that_day_and_a_filter_leaving_none_says_so(
    browser: Browser, server: Server
) -> None:
    # UTC+13 in November: the picker sends the day before, 11:00 UTC, for the 1st.
    context = browser.new_context(timezone_id="Pacific/Auckland")
    page = context.new_page()
    page.goto(server.base)
    page.wait_for_selector("#chat-settings-open-modal", timeout=WAIT_MS)
    page.click("#chat-settings-open-modal")
    dialog = page.get_by_role("dialog")
    dialog.get_by_role("button", name="any date").click()
    grid = page.get_by_role("grid")  # the month shown: this month, in Auckland
    since = datetime.strptime(grid.get_attribute("aria-label") or "", "%B %Y").strftime("%Y-%m-01")
    grid.locator(f'td[data-day="{since}"] button').click()
    expect(dialog.get_by_role("button", name="any date")).to_have_count(0)  # a day is shown
    dialog.get_by_role("button", name="Confirm").click()
    send(page, "Who is the Taliban's political spokesman?")
    refusal = page.locator(ANSWERS, has_text=f"No article is published since {since}")
    expect(refusal).to_contain_text("so none was searched. Change the filters", timeout=WAIT_MS)
    shot(page, "formats-5-since")
    context.close()

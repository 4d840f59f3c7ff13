"""The chat's filters ("Published since", "Outlet") in its settings panel: the panel
offers the loaded articles' outlets, and an answer searches only the articles they
admit and says so."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from assistant.ui import app
from assistant.ui.filtering import ALL, chosen_filter, outlets, picked_day
from assistant.ui.library import LoadedArticle

from .news_files import FERRY_OUTLET, FERRY_PAGE
from .test_chat_handlers import Browser, chat  # noqa: F401  (chat is a fixture)

# ruff: noqa: F811  (the chat fixture imported above is a parameter here)

BERLIN_1_MAY = "2024-04-30T22:00:00.000Z"  # what the date picker sends for 1 May at UTC+2


def panels(chat: Browser) -> list[dict[str, Any]]:
    """Every settings panel sent to this session, by widget id, oldest first."""
    return [{w["id"]: w for w in e[1]} for e in chat.recorder.emitted if e[0] == "chat_settings"]


@pytest.mark.parametrize(
    ("value", "day"),
    [
        (BERLIN_1_MAY, "2024-05-01"),
        ("2024-05-01T04:00:00.000Z", "2024-05-01"),  # 1 May in New York (UTC-4)
        ("2024-05-01T00:00:00.000Z", "2024-05-01"),  # in London in winter
        ("2024-04-30T11:00:00.000Z", "2024-05-01"),  # in Auckland in summer (UTC+13)
        ("2024-05-01T10:00:00.000Z", "2024-05-01"),  # in Honolulu (UTC-10)
        ("2024-05-01T08:00:00-02:00", "2024-05-01"),  # an offset other than Z
        ("2024-05-01", "2024-05-01"),  # the day the panel was sent
        ("", ""),
        (None, ""),
        ("soon", ""),
        ("2024-02-30", ""),
        (20240501, ""),
    ],
)
def test_a_date_pickers_value_is_the_day_the_reader_picked(value: Any, day: str) -> None:
    assert picked_day(value) == day


def test_the_filter_is_built_by_the_same_rules_as_ask_since_and_outlet() -> None:
    where = chosen_filter({"since": BERLIN_1_MAY, "outlet": "  Lakeside   Courier "})
    assert (where.since, where.outlet) == ("2024-05-01", "Lakeside Courier")
    assert not chosen_filter({"since": None, "outlet": ALL})
    assert not chosen_filter({})


def test_each_outlet_is_offered_once_whatever_its_case() -> None:
    found = [
        LoadedArticle("a.txt", "A", 1, outlet="Wessex News"),
        LoadedArticle("b.txt", "B", 1, outlet="wessex news"),
        LoadedArticle("c.txt", "C", 1),
        LoadedArticle("d.txt", "D", 1, outlet="Associated Press"),
    ]
    assert outlets(found) == ["Associated Press", "Wessex News"]


def test_the_panel_offers_a_date_and_the_loaded_outlets_and_again_after_an_upload(
    chat: Browser, tmp_path: Path
) -> None:
    [first] = panels(chat)
    assert first["since"]["type"] == "datepicker" and first["since"]["initial"] is None
    assert first["since"]["label"] == "Published since"
    assert [i["value"] for i in first["outlet"]["items"]] == [ALL]  # the seeds name none
    (tmp_path / "page").write_text(FERRY_PAGE)
    chat.run(app.settings_changed, {"k": 3, "since": BERLIN_1_MAY, "outlet": ALL})
    chat.ask("", files=(("ferry.html", tmp_path / "page"),))
    latest = panels(chat)[-1]
    assert [i["value"] for i in latest["outlet"]["items"]] == [ALL, FERRY_OUTLET]
    # The session's choices stay as they were.
    assert (latest["k"]["initial"], latest["since"]["initial"]) == (3, "2024-05-01")
    assert latest["outlet"]["initial"] == ALL


def test_an_answer_under_a_filter_says_what_was_searched(chat: Browser, tmp_path: Path) -> None:
    (tmp_path / "page").write_text(FERRY_PAGE)
    chat.ask("", files=(("ferry.html", tmp_path / "page"),))
    chat.run(app.settings_changed, {"k": 5, "since": None, "outlet": FERRY_OUTLET})
    ferry = chat.ask("How much did the Heron ferry cost?").read()[-1]
    assert "7.4 million euros" in ferry
    note = "*Note:* Searched only the 1 of 3 articles by Lakeside Courier (filters in the settings"
    assert note in ferry, ferry
    # The Taliban's articles are not searched: not an answer, and the note says why.
    other = chat.ask("Who is the Taliban's political spokesman?").read()[-1]
    assert "Shaheen" not in other and note in other
    chat.run(app.settings_changed, {"since": None, "outlet": ALL})
    assert "Note:" not in chat.ask("How much did the Heron ferry cost?").read()[-1]


def test_a_filter_that_leaves_no_article_is_a_refusal_that_says_so(chat: Browser) -> None:
    chat.run(app.settings_changed, {"since": "2030-01-01T00:00:00.000Z", "outlet": ALL})
    [refusal] = chat.ask("Who is the Taliban's political spokesman?").read()
    assert refusal == (
        "No article is published since 2030-01-01, so none was searched. Change the filters "
        "in the settings panel to search the other 2."
    )
    assert chat.recorder.elements == []  # nothing cited

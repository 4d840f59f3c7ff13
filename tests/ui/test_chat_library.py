"""The loaded articles as the chat lists them, reads them back and suggests questions."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.core import Assistant
from assistant.ui import library, reader, wording
from assistant.ui.library import LoadedArticle

from .conftest import chat_settings


def test_articles_are_listed_newest_first_and_read_back_whole(library_bot: Assistant) -> None:
    listed = library.loaded_articles(library_bot)
    assert [a.title for a in listed][:1] == ["Newer story"]  # dated first, newest first
    assert {a.source for a in listed} >= {"dated.md", "000_3c1e0bf96721e7a1.txt"}
    taliban = library.read_article(library_bot, "000_3c1e0bf96721e7a1.txt")
    assert taliban is not None and taliban.passages == len(taliban.segments) == 6
    text = (Path(library_bot.settings.corpus.dir) / taliban.source).read_text()
    for segment in taliban.segments:  # offsets into the file, as citations give them
        assert text[segment.start : segment.end] == segment.text
    assert library.read_article(library_bot, "missing.txt") is None


def test_starters_offer_an_overview_then_each_article_by_title() -> None:
    articles = [
        LoadedArticle(source=f"{n}.txt", title=title, passages=1)
        for n, title in enumerate(
            ["Short", "A title far too long to fit on a starter button at all"]
        )
    ]
    assert library.starters(articles) == [
        ("What the articles say", "Summarize what the articles say"),
        ("Short", "What are the key points of “Short”?"),
        (
            "A title far too long to fit on a starter…",
            "What are the key points of “A title far too long to fit on a starter button at all”?",
        ),
    ]
    assert library.starters(articles[:1]) == [("Short", "What are the key points of “Short”?")]
    assert library.starters([]) == []


def test_the_list_of_articles_links_each_to_its_reader_and_is_inert() -> None:
    listed = reader.articles_markdown(
        [
            LoadedArticle(
                source="a b#1.txt",
                title="[x](javascript:1)",
                passages=2,
                outlet="AP",
                date="2021-10-03",
            )
        ],
        heading="Articles (1)",
    )
    assert listed.splitlines() == [
        "**Articles \\(1\\)**",
        "",
        "- \\[x\\]\\(javascript\\:1\\) — AP, 2021\\-10\\-03 · 2 passages · "
        "[read](#read=a%20b%231.txt)",
    ]


def test_the_footer_says_what_is_true_of_the_modes_on_offer() -> None:
    table = wording.adjust({"chat": {"watermark": "LLMs can make mistakes."}}, modes=["extractive"])
    assert "LLM" not in table["chat"]["watermark"]
    assert table["chat"]["messages"]["status"] == {"using": "Searching", "used": "Searched"}
    both = wording.adjust({}, modes=["extractive", "llm"])["chat"]["watermark"]
    assert "language model words the answer" in both


@pytest.fixture
def library_bot(library: Path) -> Assistant:
    (library / "corpus" / "dated.md").write_text(
        "---\ntitle: Newer story\noutlet: Wire\ndate: 2024-01-02\n---\n\nA bridge opened today.\n"
    )
    return Assistant.open(settings=chat_settings(library / "corpus", library / "index"))

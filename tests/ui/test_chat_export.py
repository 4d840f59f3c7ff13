"""A chat exported as Markdown: markers numbered across the chat, sources numbered."""

from __future__ import annotations

from assistant.check.claims import NOT_FOUND
from assistant.models import Answer, Citation
from assistant.ui import export


def cite(marker: int, quote: str, *, start: int, source: str = "a.txt") -> Citation:
    return Citation(
        marker=marker,
        source=source,
        title=f"Title of {source}",
        start=start,
        end=start + len(quote),
        quote=quote,
        passage_id="p",
        outlet="Wire",
        date="2021-10-03",
    )


def test_markers_are_renumbered_across_the_chat_and_a_repeated_quote_keeps_its_number() -> None:
    first = Answer(
        question="Who?",
        text="Ann spoke. [1] Bob listened. [2]",
        answerable=True,
        citations=[cite(1, "Ann spoke.", start=0), cite(2, "Bob listened.", start=20)],
    )
    second = Answer(
        question="And then?",
        text="Cy left. [1] Ann spoke. [2]",
        answerable=True,
        citations=[
            cite(1, "Cy left.", start=5, source="b.txt"),
            cite(2, "Ann spoke.", start=0),
        ],
    )
    refused = Answer(
        question="Why?",
        text=NOT_FOUND,
        answerable=False,
        nearest=[cite(1, "Bob listened.", start=20)],
    )
    out = export.chat_markdown([first, second, refused], title="News Assistant", when="today")
    assert out.startswith("# News Assistant: chat exported today\n\n## 1. Who?\n\nAnn spoke. [1]")
    assert "## 2. And then?\n\nCy left. [3] Ann spoke. [1]\n" in out
    assert "## 3. Why?\n\n" + NOT_FOUND in out
    assert "Closest passages (not an answer):\n- “Bob listened.” (Title of a.txt)" in out
    sources = out.split("## Sources\n\n", 1)[1].splitlines()
    assert sources == [
        "1. “Ann spoke.” — Title of a.txt. Wire, 2021-10-03. a.txt, characters 0–10",
        "2. “Bob listened.” — Title of a.txt. Wire, 2021-10-03. a.txt, characters 20–33",
        "3. “Cy left.” — Title of b.txt. Wire, 2021-10-03. b.txt, characters 5–13",
    ]


def test_an_empty_chat_exports_its_heading_only() -> None:
    assert export.chat_markdown([], title="T", when="now") == "# T: chat exported now\n"

"""How answers are written for the chat: inert markdown, highlights, sources, names."""

from __future__ import annotations

import re

import pytest

from assistant.check.claims import NOT_FOUND
from assistant.models import Answer, Citation, Conflict, ConflictValue, Passage, Sentence
from assistant.retrieval.hybrid import Hit
from assistant.ui import reader, render
from assistant.ui.library import LoadedArticle, Segment
from assistant.ui.uploads import Outcome

PUNCTUATION = re.compile(r"[!-/:-@\[-`{-~]")
TRICKS = (
    "<script>window.__pwned=1</script> [click](javascript:alert(1)) "
    "![x](http://example.com/x.png) **bold** # heading http://example.com a@b.org | `code`"
)


def unescaped(markdown: str) -> str:
    """What is left of markdown once every backslash escape is taken out."""
    return re.sub(r"\\.", "", markdown)


def citation(
    marker: int,
    *,
    source: str = "a.txt",
    title: str = "Title",
    start: int = 0,
    quote: str = "Quote.",
    passage_id: str = "p1",
) -> Citation:
    return Citation(
        marker=marker,
        source=source,
        title=title,
        start=start,
        end=start + len(quote),
        quote=quote,
        passage_id=passage_id,
    )


def passage(text: str, *, start: int = 100, kind: str = "body", pid: str = "p1") -> Passage:
    return Passage(
        id=pid,
        source="a.txt",
        title="Title",
        start=start,
        end=start + len(text),
        text=text,
        kind=kind,
        sentences=[Sentence(start=start, end=start + len(text))],
    )


@pytest.mark.parametrize("text", [TRICKS, "1. listed\n   indented code\n---\n> quote", "a\\b"])
def test_escaped_text_has_no_markdown_syntax_left(text: str) -> None:
    escaped = render.escape_markdown(text)
    assert not PUNCTUATION.search(unescaped(escaped))
    # Backslash escapes and word joiners only: taking them out gives the text back.
    shown = re.sub(r"\\(.)", r"\1", escaped).replace(render.WORD_JOINER, "")
    assert shown == "\n".join(x.lstrip() for x in text.split("\n"))


def test_urls_and_addresses_are_not_turned_into_links() -> None:
    shown = re.sub(
        r"\\(.)",
        r"\1",
        render.escape_markdown(
            "See http://a.example/x, HTTPS://b.example, www.c.example or mail d@e.example."
        ),
    )
    # GFM makes links of text starting http://, https://, www. and of x@y.z addresses.
    assert not re.search(r"(?i)https?://|www\.|@[\w-]", shown)


def test_highlight_bolds_exactly_the_cited_sentence() -> None:
    text = "First one. Second *one*. Third."
    out = render.highlight(text, 11, 24)
    assert out == r"First one\. **Second \*one\*\.** Third\."


def test_highlight_keeps_whitespace_outside_and_spans_lines() -> None:
    text = "Intro.\n  Cited part\ncontinues here. After."
    start = text.index("Cited")
    end = text.index(" After")
    out = render.highlight(text, start - 1, end + 1)  # one space either side, on purpose
    assert out.split("\n") == ["Intro\\.", "**Cited part**", "**continues here\\.** After\\."]


def test_side_panel_shows_title_details_and_passage_with_the_quote_in_bold() -> None:
    p = passage("He said so. <b>Cited</b> here. Then more.")
    quote = "<b>Cited</b> here."
    c = citation(1, start=p.start + p.text.index(quote), quote=quote, title="A [1] title")
    panel = reader.cited_article(c, None, p)
    assert panel.startswith("### A \\[1\\] title")
    assert f"*File a\\.txt · characters {c.start}–{c.end}*" in panel
    assert "**\\<b\\>Cited\\<\\/b\\> here\\.**" in panel
    assert "He said so\\." in panel and "Then more\\." in panel
    assert "[1]" not in panel  # the side panel never holds a link-able marker


def test_side_panel_shows_the_whole_article_with_only_the_quote_in_bold() -> None:
    first, cited = passage("First paragraph.", start=10), passage("Cited one. Not this.", start=40)
    article = LoadedArticle(
        source="a.txt",
        title="Title",
        passages=2,
        segments=[Segment(first.start, first.text), Segment(cited.start, cited.text)],
    )
    c = citation(1, start=40, quote="Cited one.")
    panel = reader.cited_article(c, article, cited)
    body = panel.split("---\n\n", 1)[1]
    assert body == "First paragraph\\.\n\n**Cited one\\.** Not this\\."


def test_side_panel_without_its_passage_shows_the_quote() -> None:
    panel = reader.cited_article(citation(2, quote="Only <this>."), None, None)
    assert panel.endswith("**Only \\<this\\>\\.**")


def test_caption_passages_are_labelled() -> None:
    p = passage("A photo of a mural.", kind="caption")
    c = citation(1, start=p.start, quote=p.text)
    assert "image caption" in reader.cited_article(c, None, p)


def spokesman_answer() -> Answer:
    return Answer(
        question="Where is he based?",
        standalone_question="Where is Suhail Shaheen based?",
        text='Shaheen, who is based at Doha, said "[1]" <i>x</i>. [1] He spoke [3] too. [2]',
        answerable=True,
        citations=[
            citation(
                1,
                source="b.txt",
                title="Second [2] article",
                quote='Shaheen, who is based at Doha, said "[1]" <i>x</i>.',
            ),
            citation(2, source="a.txt", title="First", quote="He spoke [3] too.", passage_id="p2"),
        ],
    )


def test_answer_is_streamed_one_cited_sentence_at_a_time() -> None:
    chunks = render.answer_chunks(spokesman_answer())
    assert chunks[0].endswith(" [1]") and chunks[1].endswith(" [2]")
    assert "\\<i\\>x\\<\\/i\\>" in chunks[0]
    assert "".join(chunks) == render.answer_markdown(spokesman_answer())


def test_only_citation_markers_can_become_element_links() -> None:
    out = render.answer_markdown(spokesman_answer())
    # Quoted "[1]", the title "[2]" and the uncited [3] are escaped; the markers in
    # the text and in the sources list are the only raw names of elements.
    assert out.count("[1]") == 2 and out.count("[2]") == 2
    assert "[3]" not in out and "\\[3\\]" in out
    assert "*Understood as:* Where is Suhail Shaheen based\\?" in out


def test_element_names_are_the_markers() -> None:
    assert [render.element_name(n) for n in (1, 2, 10)] == ["[1]", "[2]", "[10]"]


def test_sources_group_citations_by_article_in_order_of_first_citation() -> None:
    cites = [
        citation(1, source="b.txt", title="B"),
        citation(2, source="a.txt", title="A"),
        citation(3, source="b.txt", title="B"),
    ]
    lines = render.sources_markdown(cites).splitlines()
    assert lines == [
        "**Sources**",
        "",
        "- *B* · b\\.txt",
        "  - [1] “Quote\\.”",
        "  - [3] “Quote\\.”",
        "- *A* · a\\.txt",
        "  - [2] “Quote\\.”",
    ]


def conflicting(text: str) -> Answer:
    return Answer(
        question="How many were killed?",
        text=text,
        answerable=True,
        citations=[citation(1, quote="at least 100"), citation(2, quote="more than 70")],
        conflicts=[
            Conflict(
                topic="killed",
                values=[
                    ConflictValue(value="at least 100", marker=1),
                    ConflictValue(value="more than 70", marker=2),
                ],
            )
        ],
    )


def test_a_disagreement_already_in_the_text_is_not_repeated() -> None:
    answer = conflicting(
        "At least 100 people were killed. [1] Figures differ: at least 100 [1]; more than 70 [2]."
    )
    assert render.conflict_lines(answer) == []


def test_a_disagreement_missing_from_the_text_is_shown_with_both_figures_cited() -> None:
    answer = conflicting("At least 100 people were killed. [1]")
    assert render.conflict_lines(answer) == [
        "**Sources disagree** on killed: at least 100 [1]; more than 70 [2]."
    ]
    assert "more than 70 [2]" in render.answer_markdown(answer)


def test_an_unanswerable_question_gets_the_plain_answer_and_no_sources() -> None:
    answer = Answer(
        question="Capital of France?", text="The articles do not say.", answerable=False
    )
    assert render.answer_markdown(answer) == "The articles do not say\\."


def test_retrieval_step_lists_scores_and_which_passages_were_cited() -> None:
    hits = [
        Hit(0, passage("Cited text.", pid="p1"), 0.91, 0.7, 4.25),
        Hit(1, passage("Other <text>.", pid="p9", kind="caption"), 0.4, 0.5, 0.0),
    ]
    answer = Answer(
        question="Q?",
        standalone_question="Q about X?",
        text="Cited text. [1]",
        answerable=True,
        citations=[citation(1, quote="Cited text.")],
    )
    out = render.retrieval_markdown(hits, answer)
    assert "Searched the articles for: *Q about X\\?*; found 2 passages, best match first" in out
    assert "1. Title · **cited as 1**" in out
    assert "2. Title (image caption) · not cited" in out
    assert "dense" not in out and "BM25" not in out  # plain words, no scores
    assert "Other \\<text\\>\\." in out


def test_upload_lines_say_what_was_added_or_why_not() -> None:
    lines = render.upload_lines(
        [
            Outcome("new.txt", saved_as="new.txt", passages=3),
            Outcome(
                "a.txt",
                saved_as="a-2.txt",
                passages=1,
                renamed="a different file already has its name",
            ),
            Outcome("b.txt", saved_as="b-2.txt", passages=2),  # no reason given: none said
            Outcome("same.txt", same_as="old.txt"),
            Outcome("<x>.docx", refused=".docx cannot be added (accepted: .txt, .pdf)"),
        ]
    ).splitlines()
    assert lines == [
        "- Added new\\.txt: 3 passages indexed.",
        "- Added a\\.txt as a\\-2\\.txt (a different file already has its name): 1 passage "
        "indexed.",
        "- Added b\\.txt as b\\-2\\.txt: 2 passages indexed.",
        "- same\\.txt is already in the corpus as old\\.txt; nothing new to add.",
        "- Refused \\<x\\>\\.docx: \\.docx cannot be added \\(accepted\\: \\.txt\\, \\.pdf\\)",
    ]


def test_each_disagreement_gets_a_table_of_figure_what_it_counts_source_and_citation() -> None:
    answer = conflicting("At least 100 people were killed. [1]")
    answer.conflicts[0].values[0].counted = "people"
    answer.conflicts[0].values[0].predicate = "killed"
    answer.conflicts[0].values[0].attribution = "the AP | [3]"
    (table,) = render.conflict_tables(answer)
    assert table.splitlines()[2:] == [
        "| figure | what it counts | source | cited |",
        "| --- | --- | --- | --- |",
        "| at least 100 | people killed | the AP \\| \\[3\\] | [1] |",
        "| more than 70 |  | — | [2] |",
    ]
    assert table in render.answer_markdown(answer)


def test_side_panel_and_sources_show_outlet_date_author_and_url_when_known() -> None:
    p = passage("The marathon drew 12,400 runners.")
    c = citation(1, start=p.start, quote=p.text, source="wire.jsonl#1").model_copy(
        update={
            "outlet": "Associated Press",
            "date": "2021-10-03",
            "author": "Lee Chen",
            "url": "https://wire.example/m",
        }
    )
    panel = reader.cited_article(c, None, p)
    assert "\n\nAssociated Press · 2021\\-10\\-03 · by Lee Chen · https" in panel
    sources = render.sources_markdown([c])
    assert "— Associated Press, 2021\\-10\\-03 · wire\\.jsonl\\#1" in sources


def test_a_refusal_lists_the_closest_passages_as_not_an_answer() -> None:
    near = citation(1, start=0, quote="The vote [1] was close.", source="a.txt")
    refused = Answer(
        question="Who won?", text=NOT_FOUND, answerable=False, citations=[], nearest=[near]
    )
    message = render.answer_markdown(refused)
    assert "*Closest passages (not an answer; try asking with their words):*" in message
    assert "- “The vote \\[1\\] was close\\.” — " in message  # quoted inert, not a marker
    assert "[1]" not in message.replace("\\[1\\]", "")  # nothing is cited

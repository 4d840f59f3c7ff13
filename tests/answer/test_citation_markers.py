"""Citation markers: one per quoted sentence, numbered in order of first use.

The passages are cut from real article files by the indexing code (no vectors
are needed to cite a sentence), so each citation is checked against the file.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from assistant import Settings
from assistant.answer.citing import cite
from assistant.ingest.corpus import load_corpus
from assistant.ingest.passages import build_passages
from assistant.models import Citation, Passage
from tests.conftest import OWN_ARTICLES

FORMATS = Path(__file__).resolve().parent.parent / "ingest" / "formats"
FIRE = "alden_fire.txt"
HTML = "flood-barrier.html"


@pytest.fixture(scope="module")
def passages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[Passage]]:
    """Passages of a text article and of an HTML page, by source, as indexing cuts them."""
    corpus = tmp_path_factory.mktemp("citing")
    shutil.copy(OWN_ARTICLES / FIRE, corpus / FIRE)
    shutil.copy(FORMATS / HTML, corpus / HTML)
    articles, skipped = load_corpus(corpus, max_bytes=Settings().corpus.max_file_bytes)
    assert skipped == []
    max_words = Settings().index.passage_max_words
    return {a.source: build_passages(a, max_words=max_words) for a in articles}


def test_a_citation_is_the_sentence_at_its_file_offsets(
    passages: dict[str, list[Passage]],
) -> None:
    passage = passages[FIRE][0]
    sentence = passage.sentences[1]
    citations: list[Citation] = []
    assert cite(citations, passage, sentence) == 1
    text = (OWN_ARTICLES / FIRE).read_text(encoding="utf-8")
    assert citations == [
        Citation(
            marker=1,
            source=FIRE,
            title="Fire Destroys Grain Warehouse at Port Alden Docks",
            start=sentence.start,
            end=sentence.end,
            quote=text[sentence.start : sentence.end],
            passage_id=passage.id,
        )
    ]
    assert citations[0].quote.startswith("The blaze started shortly after 11 p.m.")


def test_a_citation_carries_where_the_article_was_published(
    passages: dict[str, list[Passage]],
) -> None:
    passage = passages[HTML][0]
    citations: list[Citation] = []
    cite(citations, passage, passage.sentences[0])
    (c,) = citations
    assert (c.outlet, c.date, c.author, c.url) == (
        "Riverside Gazette",
        "2024-03-12",
        "Maria Lopez",
        "https://gazette.example/news/2024/03/12/millbrook-flood-barrier",
    )
    # Offsets of a page point into its derived text, which the citation names.
    assert c.text_file == passage.text_file and c.text_file.startswith("texts/")
    assert c.source == HTML and c.title == passage.title
    assert c.quote == passage.sentence_text(passage.sentences[0])


def test_markers_count_up_in_order_of_first_use_and_a_sentence_is_cited_once(
    passages: dict[str, list[Passage]],
) -> None:
    first, second = passages[FIRE][0], passages[FIRE][1]
    page = passages[HTML][0]
    citations: list[Citation] = []
    uses = [
        (first, first.sentences[2]),
        (page, page.sentences[1]),
        (first, first.sentences[2]),  # again: the same marker
        (second, second.sentences[0]),
        (first, first.sentences[0]),
        (page, page.sentences[1]),
    ]
    assert [cite(citations, p, s) for p, s in uses] == [1, 2, 1, 3, 4, 2]
    assert [c.marker for c in citations] == [1, 2, 3, 4]
    assert [(c.passage_id, c.start) for c in citations] == [
        (first.id, first.sentences[2].start),
        (page.id, page.sentences[1].start),
        (second.id, second.sentences[0].start),
        (first.id, first.sentences[0].start),
    ]


def test_the_same_offset_in_another_article_is_another_citation(tmp_path: Path) -> None:
    # Two reports with headlines of one length: their first sentences start at one offset.
    (tmp_path / "a.txt").write_text("Ferry Runs Late\n\nThe ferry ran two hours late on Monday.\n")
    (tmp_path / "b.txt").write_text("Library Reopens\n\nThe library reopened on Sunday morning.\n")
    articles, _ = load_corpus(tmp_path, max_bytes=Settings().corpus.max_file_bytes)
    a, b = (build_passages(x, max_words=100)[0] for x in articles)
    assert a.sentences[0].start == b.sentences[0].start
    citations: list[Citation] = []
    assert [cite(citations, a, a.sentences[0]), cite(citations, b, b.sentences[0])] == [1, 2]
    assert [c.quote for c in citations] == [
        "The ferry ran two hours late on Monday.",
        "The library reopened on Sunday morning.",
    ]

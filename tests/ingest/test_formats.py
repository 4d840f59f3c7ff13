"""Web pages read into articles with metadata, from real files written for the tests.

``formats/`` holds a saved web page with its site around the article.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from assistant.ingest.corpus import read_corpus

FORMATS = Path(__file__).resolve().parent / "formats"


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    shutil.copytree(FORMATS, folder)
    return folder


def test_a_web_page_gives_its_article_and_metadata_not_the_site_around_it(corpus: Path) -> None:
    reading = read_corpus(corpus, max_bytes=1_000_000)
    page = next(a for a in reading.articles if a.source == "flood-barrier.html")
    assert page.title == "Millbrook approves harbour flood barrier"
    assert (page.outlet, page.author, page.date) == (
        "Riverside Gazette",
        "Maria Lopez",
        "2024-03-12",
    )
    assert page.url == "https://gazette.example/news/2024/03/12/millbrook-flood-barrier"
    body = " ".join(page.text[b.start : b.end] for b in page.blocks if b.kind == "body")
    assert "The barrier will cost 48 million dollars" in body
    for furniture in ("cookies", "newsletter", "Related stories", "Reader42", "All rights"):
        assert furniture not in page.text
    assert re.fullmatch(r"texts/flood-barrier\.html\.[0-9a-f]{12}\.txt", page.text_file)
    assert "original: flood-barrier.html" in page.text  # the derived text names its source


def test_a_page_with_little_text_is_indexed_with_a_warning_and_an_empty_one_is_skipped(
    tmp_path: Path,
) -> None:
    (tmp_path / "caption.html").write_text(
        "<html><head><title>Gallery</title></head><body><nav><a href='/'>Home</a></nav>"
        "<article><p>Crowds gather at the harbour wall as the storm passes.</p></article>"
        "</body></html>"
    )
    (tmp_path / "empty.html").write_text("<html><body><nav><a href='/'>Home</a></nav></body>")
    (tmp_path / "broken.htm").write_bytes(b"<html><body><p>Unclosed <b>tag <div")
    reading = read_corpus(tmp_path, max_bytes=1_000_000)
    warnings = {w.source: w.warning for w in reading.warnings}
    skipped = {s.source: s.reason for s in reading.skipped}
    assert [a.source for a in reading.articles] == ["caption.html"]
    assert re.fullmatch(
        r"only 1\d words of article text found \(a caption, a teaser or a paywall\?\); "
        r"indexed, check the file",
        warnings["caption.html"],
    )
    assert skipped == {
        "empty.html": "no article text found in the page (only 'Home')",  # a menu, not text
        "broken.htm": "no article text found in the page (only 'Unclosed tag')",
    }

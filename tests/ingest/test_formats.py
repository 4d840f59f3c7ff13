"""Every format read into articles with metadata, from real files written for the tests.

``formats/`` holds a saved web page with its site around the article, a
newsletter e-mail, an RSS feed (one entry with full text, one with a summary) and
a JSONL export with one broken line; the PDF is generated (``pdf_maker``).
"""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pytest

from assistant.ingest.corpus import read_corpus
from assistant.ingest.frontmatter import parse_front_matter
from tests.ingest.pdf_maker import pdf_bytes, wrap

FORMATS = Path(__file__).resolve().parent / "formats"

LIBRARY = [
    "Eastfield library to close for renovation",
    *wrap(
        [
            "The Eastfield library will close on 1 June for an 18-month renovation, the "
            "county's culture department said in its annual report.",
            "The building's roof leaks and its heating system dates from 1974. The "
            "renovation will cost 6.2 million dollars and add a children's wing.",
        ]
    ),
]


def library_pdf(**info: str) -> bytes:
    defaults = {
        "title": "Eastfield library to close for renovation",
        "author": "County Culture Department",
        "created": "D:20240201090000Z",
    }
    return pdf_bytes(LIBRARY, **(defaults | info))


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    shutil.copytree(FORMATS, folder)
    (folder / "library.pdf").write_bytes(library_pdf())
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


def test_a_pdf_gives_its_text_as_paragraphs_with_its_title_author_and_date(corpus: Path) -> None:
    reading = read_corpus(corpus, max_bytes=1_000_000)
    pdf = next(a for a in reading.articles if a.source == "library.pdf")
    assert pdf.title == "Eastfield library to close for renovation"
    assert (pdf.author, pdf.date) == ("County Culture Department", "2024-02-01")
    # A sentence wrapped over two lines of the page is one line of the derived text.
    assert "an 18-month renovation, the county’s culture department said" in pdf.text
    assert [pdf.text[b.start : b.end] for b in pdf.blocks if b.kind == "title"] == [pdf.title]


def test_an_encrypted_or_image_only_pdf_is_skipped_with_its_reason(tmp_path: Path) -> None:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(library_pdf())))
    writer.encrypt(user_password="secret", algorithm="RC4-128")
    with (tmp_path / "locked.pdf").open("wb") as fh:
        writer.write(fh)
    (tmp_path / "scan.pdf").write_bytes(pdf_bytes([]))
    (tmp_path / "truncated.pdf").write_bytes(library_pdf()[:200])
    reading = read_corpus(tmp_path, max_bytes=1_000_000)
    skipped = {s.source: s.reason for s in reading.skipped}
    assert skipped["locked.pdf"] == "encrypted PDF (needs a password), not read"
    assert skipped["scan.pdf"] == "the PDF has no text layer (scanned images?), not read"
    assert skipped["truncated.pdf"].startswith("not a readable PDF (")
    assert not reading.articles


def test_an_email_gives_its_plain_text_subject_sender_and_date(corpus: Path) -> None:
    reading = read_corpus(corpus, max_bytes=1_000_000)
    mail = next(a for a in reading.articles if a.source == "orchard-newsletter.eml")
    assert mail.title == "Valley Growers harvest report: a record apple crop"
    assert (mail.author, mail.outlet, mail.date) == (
        "Tom Becker",
        "Valley Growers Cooperative",
        "2024-10-08",
    )
    assert "harvested 320 tonnes of apples this season, the largest crop" in mail.text


def test_a_feed_gives_one_article_per_entry_and_names_summary_only_entries(corpus: Path) -> None:
    reading = read_corpus(corpus, max_bytes=1_000_000)
    entries = {a.source: a for a in reading.articles if a.file == "island-news.rss"}
    assert sorted(entries) == ["island-news.rss#1", "island-news.rss#2"]
    ferry = entries["island-news.rss#1"]
    assert (ferry.title, ferry.outlet, ferry.author, ferry.date) == (
        "Ferry to Gull Island resumes after strike",
        "Island Courier",
        "Sam Okafor",
        "2023-05-19",
    )
    assert ferry.url == "https://courier.example/2023/05/ferry-resumes"
    assert "a pay rise of 6 percent" in ferry.text  # the full text, not the one-line summary
    warnings = {w.source: w.warning for w in reading.warnings}
    assert warnings["island-news.rss#2"] == (
        "entry 2 carries only a summary (20 words); the full article is at "
        "https://courier.example/2023/05/lighthouse-open-day"
    )
    assert "island-news.rss#1" not in warnings


def test_a_feed_with_no_entries_or_not_a_feed_is_skipped(tmp_path: Path) -> None:
    (tmp_path / "empty.rss").write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>T</title></channel></rss>'
    )
    (tmp_path / "sitemap.xml").write_text("this is not xml at all <<<")
    reading = read_corpus(tmp_path, max_bytes=1_000_000)
    skipped = {s.source: s.reason for s in reading.skipped}
    assert skipped["empty.rss"] == "the feed has no entries"
    assert skipped["sitemap.xml"].startswith("not a readable RSS/Atom feed")


def test_a_jsonl_export_gives_one_article_per_line_and_names_the_bad_line(corpus: Path) -> None:
    reading = read_corpus(corpus, max_bytes=1_000_000)
    lines = {a.source: a for a in reading.articles if a.file == "wire-export.jsonl"}
    assert sorted(lines) == ["wire-export.jsonl#1", "wire-export.jsonl#3"]
    marathon = lines["wire-export.jsonl#1"]
    assert (marathon.outlet, marathon.author, marathon.date, marathon.url) == (
        "Associated Press",
        "Lee Chen",
        "2021-10-03",
        "https://wire.example/marathon-record",
    )
    assert lines["wire-export.jsonl#3"].title == "Bridge repairs delayed"
    warnings = {w.source: w.warning for w in reading.warnings}
    assert warnings["wire-export.jsonl#2"].startswith("line 2 not read: not JSON")
    assert "wire-export.jsonl" not in {s.source for s in reading.skipped}


def test_front_matter_of_a_text_file_gives_metadata_and_is_not_body(tmp_path: Path) -> None:
    text = (
        "---\ntitle: Council delays vote\noutlet: Associated Press\ndate: 2021-10-05\n"
        "author: Ana Ruiz\nurl: https://apnews.example/council\n---\n\n"
        "The council delayed its vote on the budget by a week on Tuesday.\n"
    )
    (tmp_path / "council.md").write_text(text)
    (tmp_path / "plain.txt").write_text("---\n\nA rule, then a story.\n\nNo metadata here.\n")
    reading = read_corpus(tmp_path, max_bytes=1_000_000)
    council, plain = sorted(reading.articles, key=lambda a: a.source)
    assert (council.title, council.outlet, council.date, council.author, council.url) == (
        "Council delays vote",
        "Associated Press",
        "2021-10-05",
        "Ana Ruiz",
        "https://apnews.example/council",
    )
    assert not council.text_file  # offsets point into the file itself
    [body] = [council.text[b.start : b.end] for b in council.blocks]
    assert body == "The council delayed its vote on the budget by a week on Tuesday."
    assert plain.outlet == "" and parse_front_matter(plain.text).body_start == 0


def test_a_front_matter_date_that_is_not_a_date_is_named(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("---\ndate: last Tuesday\n---\nTitle\n\nA story.\n")
    reading = read_corpus(tmp_path, max_bytes=1_000_000)
    assert [(w.source, w.warning) for w in reading.warnings] == [
        ("a.txt", "front matter date 'last Tuesday' not understood (use YYYY-MM-DD)")
    ]
    assert reading.articles[0].date == ""


def test_front_matter_values_keep_their_quotes_unless_wholly_quoted() -> None:
    text = '---\ntitle: "Yes," she said, "no"\nauthor: "Ana Ruiz"\noutlet: AP: wire\n---\nBody.\n'
    front = parse_front_matter(text)
    assert front.fields == {
        "title": '"Yes," she said, "no"',
        "author": "Ana Ruiz",
        "outlet": "AP: wire",
    }
    assert text[front.body_start :] == "Body.\n"


def test_an_html_only_email_is_read_and_a_file_that_is_no_email_is_skipped(
    tmp_path: Path,
) -> None:
    (tmp_path / "release.eml").write_text(
        "From: Press Office <press@harbour.example>\nSubject: Harbour reopens\n"
        "Date: Mon, 03 Jun 2024 09:00:00 +0000\nContent-Type: text/html; charset=utf-8\n\n"
        "<html><body><h1>Harbour reopens</h1><p>The harbour reopens to ferries on Monday "
        "after <b>six weeks</b> of dredging.</p><p>Call us: 555-0100.</p></body></html>\n"
    )
    (tmp_path / "notes.eml").write_text("just some notes\nwithout any headers\n")
    reading = read_corpus(tmp_path, max_bytes=1_000_000)
    [release] = reading.articles
    assert (release.title, release.author, release.outlet, release.date) == (
        "Harbour reopens",
        "Press Office",
        "harbour.example",  # no Organization header: the sender's domain
        "2024-06-03",
    )
    assert "The harbour reopens to ferries on Monday after six weeks of dredging." in release.text
    assert [(s.source, s.reason) for s in reading.skipped] == [
        ("notes.eml", "not an e-mail (no From or Subject header)")
    ]

"""Storing uploaded articles: checked, never overwriting, never hidden."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from assistant.ingest.corpus import READABLE, article_files
from assistant.ui import render
from assistant.ui.uploads import Upload, accepted, safe_name, store
from tests.ingest.pdf_maker import pdf_bytes

from .conftest import ROOT
from .news_files import EMPTY_PAGE, FERRY_PAGE, port_report_pdf

FORMATS = ROOT / "tests" / "ingest" / "formats"

LIMIT = 1000


def upload(tmp_path: Path, name: str, data: bytes) -> Upload:
    """A file as Chainlit keeps an upload: under a generated name, with the user's name aside."""
    saved = tmp_path / "session-files" / f"{len(list(tmp_path.rglob('*')))}.bin"
    saved.parent.mkdir(parents=True, exist_ok=True)
    saved.write_bytes(data)
    return Upload(name=name, path=saved)


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "report.txt").write_text("Old report\n\nIts text.\n", encoding="utf-8")
    return folder


def test_a_good_file_is_stored_under_its_own_name(tmp_path: Path, corpus: Path) -> None:
    outcome = store(upload(tmp_path, "new.md", b"# New\n\nSome news."), corpus, max_bytes=LIMIT)
    assert outcome.added and outcome.saved_as == "new.md"
    assert (corpus / "new.md").read_bytes() == b"# New\n\nSome news."


def test_a_different_file_with_a_taken_name_gets_a_free_name(tmp_path: Path, corpus: Path) -> None:
    first = store(upload(tmp_path, "report.txt", b"Another report."), corpus, max_bytes=LIMIT)
    second = store(upload(tmp_path, "report.txt", b"A third report."), corpus, max_bytes=LIMIT)
    assert (first.saved_as, second.saved_as) == ("report-2.txt", "report-3.txt")
    assert (corpus / "report.txt").read_text() == "Old report\n\nIts text.\n"  # untouched
    assert (corpus / "report-3.txt").read_bytes() == b"A third report."


def test_the_same_text_again_is_not_added_twice(tmp_path: Path, corpus: Path) -> None:
    outcome = store(
        upload(tmp_path, "copy.txt", b"Old report\n\nIts text.\n"), corpus, max_bytes=LIMIT
    )
    assert not outcome.added and outcome.same_as == "report.txt"
    assert sorted(p.name for p in corpus.iterdir()) == ["report.txt"]


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("photo.png", b"\x89PNG....", f".png cannot be added; {accepted()}"),
        ("notes", b"text", f"a file with no extension cannot be added; {accepted()}"),
        ("binary.txt", b"abc\x00def", "binary file (contains NUL bytes), not text"),
        ("latin1.txt", "café".encode("latin-1"), "not UTF-8 text (bad byte at offset 3)"),
        ("empty.txt", b" \n\t\n", "empty file"),
        ("big.txt", b"x" * (LIMIT + 1), "file is 1,001 bytes, over the 1,000 limit"),
    ],
)
def test_a_bad_file_is_refused_with_one_line_and_nothing_is_written(
    tmp_path: Path, corpus: Path, name: str, data: bytes, reason: str
) -> None:
    outcome = store(upload(tmp_path, name, data), corpus, max_bytes=LIMIT)
    assert outcome.refused == reason and not outcome.added
    assert sorted(p.name for p in corpus.iterdir()) == ["report.txt"]  # no temp file left


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("../../etc/passwd.txt", "passwd.txt"),
        ("C:\\Users\\me\\Notes.TXT", "Notes.txt"),
        (".hidden.md", "hidden.md"),
        ("a<b>|c?.md", "a_b_c_.md"),
        ("...txt", "txt"),  # no suffix left: refused as "no extension"
        ("Über uns.md", "Über uns.md"),
    ],
)
def test_upload_names_are_plain_visible_file_names(name: str, safe: str) -> None:
    assert safe_name(name) == safe


def test_a_stored_upload_is_an_article_of_the_corpus(tmp_path: Path, corpus: Path) -> None:
    outcome = store(upload(tmp_path, "../.x/Sneaky.MD", b"Title\n\nBody."), corpus, max_bytes=LIMIT)
    assert outcome.saved_as == "Sneaky.md"
    assert corpus / "Sneaky.md" in article_files(corpus)


@pytest.mark.parametrize(
    ("name", "added"),
    [
        ("new.md", "Added new.md:"),
        ("report.txt", "Added report.txt as report-2.txt (a different file already has its name):"),
        (
            "C:\\Users\\me\\Notes.TXT",
            "Added C:\\Users\\me\\Notes.TXT as Notes.txt (made a plain file name: folders left "
            "out, extension in lower case):",
        ),
        (
            "Re:port.txt",
            "Added Re:port.txt as Re_port.txt (made a plain file name: characters other than "
            "letters, digits, . - _ and space replaced by _):",
        ),
        (
            ".report.txt",
            "Added .report.txt as report-2.txt (made a plain file name: no leading dot (it would "
            "hide the file); a different file already has the name report.txt):",
        ),
    ],
)
def test_a_renamed_upload_is_reported_with_the_reason_it_was_renamed(
    tmp_path: Path, corpus: Path, name: str, added: str
) -> None:
    outcome = store(upload(tmp_path, name, name.encode() + b" is new"), corpus, max_bytes=LIMIT)
    line = re.sub(r"\\(.)", r"\1", render.upload_lines([outcome]))  # markdown escapes out
    assert line == f"- {added} 0 passages indexed."


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("ferry.html", FERRY_PAGE.encode()),
        ("port-report.pdf", port_report_pdf()),
        ("newsletter.eml", (FORMATS / "orchard-newsletter.eml").read_bytes()),
        ("island.rss", (FORMATS / "island-news.rss").read_bytes()),
        ("export.jsonl", (FORMATS / "wire-export.jsonl").read_bytes()),
    ],
)
def test_every_format_ingest_reads_can_be_added(
    tmp_path: Path, corpus: Path, name: str, data: bytes
) -> None:
    outcome = store(upload(tmp_path, name, data), corpus, max_bytes=100_000)
    assert outcome.added and outcome.saved_as == name
    assert (corpus / name).read_bytes() == data
    assert corpus / name in article_files(corpus)


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        (
            "gallery.html",
            EMPTY_PAGE.encode(),
            "no article text found in the page (only 'Home News')",
        ),
        (
            "damaged.pdf",
            b"%PDF-1.4 then nothing",
            "not a readable PDF (Stream has ended unexpectedly)",
        ),
        ("scan.pdf", pdf_bytes([]), "the PDF has no text layer (scanned images?), not read"),
        (
            "empty.rss",
            b'<rss version="2.0"><channel><title>X</title></channel></rss>',
            "the feed has no entries",
        ),
        (
            "bad.jsonl",
            b"{not json\n",
            "no article could be read (line 1 not read: not JSON: "
            "Expecting property name enclosed in double quotes (column 2))",
        ),
        ("report.docx", b"PK\x03\x04", f".docx cannot be added; {accepted()}"),
    ],
)
def test_a_file_its_reader_refuses_is_not_added_and_says_why_in_one_line(
    tmp_path: Path, corpus: Path, name: str, data: bytes, reason: str
) -> None:
    outcome = store(upload(tmp_path, name, data), corpus, max_bytes=100_000)
    assert outcome.refused == reason and not outcome.added
    assert sorted(p.name for p in corpus.iterdir()) == ["report.txt"]


def test_the_paperclip_takes_every_format_ingest_reads_and_no_other() -> None:
    config = tomllib.loads((ROOT / ".chainlit" / "config.toml").read_text(encoding="utf-8"))
    accept: dict[str, list[str]] = config["features"]["spontaneous_file_upload"]["accept"]
    assert {suffix for suffixes in accept.values() for suffix in suffixes} == set(READABLE)
    assert set(accept["application/octet-stream"]) <= {".eml", ".rss", ".atom", ".jsonl"}
    assert accept["text/html"] == [".html", ".htm"] and accept["application/pdf"] == [".pdf"]

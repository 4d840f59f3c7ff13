"""Storing uploaded articles: checked, never overwriting, never hidden."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from assistant.ingest.corpus import article_files
from assistant.ui import render
from assistant.ui.uploads import Upload, safe_name, store

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
        ("photo.png", b"\x89PNG....", "only .txt and .md files can be added (.png)"),
        ("notes", b"text", "only .txt and .md files can be added (no extension)"),
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

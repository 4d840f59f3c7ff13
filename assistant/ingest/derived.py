"""Derived texts: what citations of HTML, PDF, e-mail, feed and JSONL articles point into.

A citation must be checkable, ``text[start:end] == quote``, in a text a user can
open; a PDF or a web page is not that text. So the text extracted from such a
file is written as a UTF-8 file in the index folder::

    <index>/texts/<original file>.<first 12 hex of its sha256>[.<entry>].txt

It starts with a front-matter block (title, outlet, date, author, url, and
``original:``, the corpus file it came from), then the article's paragraphs.
Offsets count from the first character of that file, front matter included.

The name holds the original file's hash, so an ingest writes the texts of new
or changed files next to those the live index still points into; the texts no
generation refers to any more are removed after the new one is live.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterable
from pathlib import Path

from assistant.ingest.frontmatter import render_front_matter
from assistant.ingest.readers import Extracted
from assistant.models import Article

TEXTS = "texts"


def text_file(original: str, sha256: str, part: str = "") -> str:
    """Where the derived text of an article lies, relative to the index folder."""
    return f"{TEXTS}/{original}.{sha256[:12]}{'.' + part if part else ''}.txt"


def derived_text(extracted: Extracted, *, original: str) -> str:
    """The derived text of an extracted article: front matter, a blank line, its paragraphs."""
    fields = {**extracted.fields, "title": extracted.title, "original": original}
    return render_front_matter(fields) + "\n" + extracted.text + "\n"


def write_texts(index_dir: Path, articles: Iterable[Article]) -> None:
    """Write the derived texts of ``articles`` that are not on disk yet, each atomically."""
    for article in articles:
        if not article.text_file:
            continue
        path = index_dir / article.text_file
        data = article.text.encode("utf-8")
        try:
            if path.read_bytes() == data:
                continue
        except OSError:
            pass
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")
        with tmp.open("wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)


def sweep_texts(index_dir: Path, keep: set[str]) -> None:
    """Remove derived texts (and leftovers of crashed writes) not in ``keep``."""
    folder = index_dir / TEXTS
    if not folder.is_dir():
        return
    for path in sorted(folder.rglob("*"), reverse=True):  # files before their folders
        name = path.relative_to(index_dir).as_posix()
        if path.is_file() and name not in keep:
            path.unlink(missing_ok=True)
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()

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

Next to them, ``<original file>.<sha12>.json`` records what was made of the
file: its parts, each text's hash and the warnings. The next ingest of the same
file reuses the texts instead of extracting again (faster, and citations stay
put when a library's extraction changes), unless one is missing or edited.
"""

from __future__ import annotations

import hashlib
import json
import os
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from assistant.ingest.frontmatter import render_front_matter
from assistant.ingest.readers import Extracted

TEXTS = "texts"


@dataclass
class Derived:
    """What was made of one file in another format."""

    sha256: str  # of the original file
    texts: dict[str, str] = field(default_factory=dict)  # part ("" or "n") -> derived text
    warnings: list[tuple[str, str]] = field(default_factory=list)  # (part, warning)


def text_file(original: str, sha256: str, part: str = "") -> str:
    """Where the derived text of an article lies, relative to the index folder."""
    return f"{TEXTS}/{original}.{sha256[:12]}{'.' + part if part else ''}.txt"


def derived_text(extracted: Extracted, *, original: str) -> str:
    """The derived text of an extracted article: front matter, a blank line, its paragraphs."""
    fields = {**extracted.fields, "title": extracted.title, "original": original}
    return render_front_matter(fields) + "\n" + extracted.text + "\n"


def record_file(original: str, sha256: str) -> str:
    """Where the record of what was made of a file lies, relative to the index folder."""
    return f"{TEXTS}/{original}.{sha256[:12]}.json"


def earlier(index_dir: Path, original: str, sha256: str) -> Derived | None:
    """What an earlier ingest made of this very file; None unless every text is there as
    it was written."""
    try:
        record = json.loads((index_dir / record_file(original, sha256)).read_text("utf-8"))
        if record["sha256"] != sha256:
            return None
        made = Derived(sha256, warnings=[(str(p), str(w)) for p, w in record["warnings"]])
        for part, digest in record["parts"]:
            data = (index_dir / text_file(original, sha256, part)).read_bytes()
            if hashlib.sha256(data).hexdigest() != digest:
                return None
            made.texts[part] = data.decode("utf-8")
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return made


def write_texts(index_dir: Path, derived: dict[str, Derived]) -> None:
    """Write the texts (and the record) of each file, those not on disk yet, atomically."""
    for original, made in derived.items():
        parts = []
        for part, text in made.texts.items():
            data = text.encode("utf-8")
            _write(index_dir / text_file(original, made.sha256, part), data)
            parts.append((part, hashlib.sha256(data).hexdigest()))
        record = {"sha256": made.sha256, "parts": parts, "warnings": made.warnings}
        data = json.dumps(record, ensure_ascii=False, indent=1).encode("utf-8")
        _write(index_dir / record_file(original, made.sha256), data)


def kept(derived: dict[str, Derived]) -> set[str]:
    """The derived texts and records of ``derived``, relative to the index folder."""
    names = {record_file(original, made.sha256) for original, made in derived.items()}
    return names | {
        text_file(original, made.sha256, part)
        for original, made in derived.items()
        for part in made.texts
    }


def _write(path: Path, data: bytes) -> None:
    try:
        if path.read_bytes() == data:
            return
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

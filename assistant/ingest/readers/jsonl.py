"""JSONL exports: one article per line (``title``, ``text``; optional ``url``,
``published``, ``outlet``, ``author``). A bad line is named by its number; the
other lines are still read."""

from __future__ import annotations

import json

from assistant.errors import BadFileError
from assistant.ingest.frontmatter import normalise_date
from assistant.ingest.readers.extracted import Extracted, Reading
from assistant.ingest.readers.markup import paragraphs
from assistant.text.spacing import one_line

_OPTIONAL = {"url": "url", "outlet": "outlet", "author": "author"}


def read(data: bytes, *, name: str) -> Reading:
    """One article per line; ``part`` is the line number (1-based).

    Raises:
        BadFileError: not UTF-8, or no line holds an article.
    """
    try:
        lines = data.decode("utf-8-sig").splitlines()
    except UnicodeDecodeError as exc:
        raise BadFileError(name, f"not UTF-8 text (bad byte at offset {exc.start})") from None
    reading = Reading()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            reading.articles.append(_article(line, number))
        except ValueError as exc:
            reading.warnings.append((str(number), f"line {number} not read: {exc}"))
    if not reading.articles:
        first = reading.warnings[0][1] if reading.warnings else "the file has no lines"
        raise BadFileError(name, f"no article could be read ({first})")
    return reading


def _article(line: str, number: int) -> Extracted:
    """Raises ValueError (one line) when the line is not an article."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise ValueError(f"not JSON: {exc.msg} (column {exc.colno})") from None
    if not isinstance(record, dict):
        raise ValueError(f"a JSON {type(record).__name__}, not an object")
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise ValueError("no 'text' (a non-empty string)")
    fields = {key: one_line(str(record[src])) for src, key in _OPTIONAL.items() if record.get(src)}
    if record.get("published"):
        published = normalise_date(str(record["published"]))
        if published:
            fields["date"] = published
    title = record.get("title")
    return Extracted(
        title=one_line(title) if isinstance(title, str) and title.strip() else f"line {number}",
        text=paragraphs(text.replace("\n", "\n\n")),
        fields=fields,
        part=str(number),
    )

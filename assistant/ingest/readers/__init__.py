"""Readers of the formats that are not plain text: each extracts articles and metadata.

Their text becomes a derived UTF-8 text (``assistant.ingest.derived``) that
citations point into. Each heavy library is imported by its reader only, when a
file of its format is read.
"""

from __future__ import annotations

from collections.abc import Callable

from assistant.ingest.readers import feed, html, jsonl, mail, pdf
from assistant.ingest.readers.extracted import Extracted, Reading

Reader = Callable[..., Reading]

READERS: dict[str, Reader] = {
    ".html": html.read,
    ".htm": html.read,
    ".pdf": pdf.read,
    ".eml": mail.read,
    ".rss": feed.read,
    ".atom": feed.read,
    ".xml": feed.read,
    ".jsonl": jsonl.read,
}
"""File suffix (lower case) -> reader: ``reader(data, name=...)`` returns a :class:`Reading`
or raises ``BadFileError``."""

__all__ = ["READERS", "Extracted", "Reading"]

"""What a reader returns: articles extracted from one file, and what to warn about."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field


@dataclass
class Extracted:
    """One article's text and metadata, as a reader found them.

    ``text`` is the body: paragraphs on one line each, separated by blank lines
    (it becomes the derived text citations point into). ``fields`` holds the
    front-matter keys found: outlet, date (ISO), author, url.
    """

    title: str
    text: str
    fields: dict[str, str] = field(default_factory=dict)
    part: str = ""  # "" for a file of one article; the entry or line number otherwise


@dataclass
class Reading:
    """The articles of one file, and one-line warnings (``(part, warning)``)."""

    articles: list[Extracted] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)


def quiet(*loggers: str) -> None:
    """Keep a parsing library's own warnings ("EOF marker not found") off the terminal:
    what matters reaches the user as one line naming the file."""
    for name in loggers:
        logging.getLogger(name).setLevel(logging.ERROR)

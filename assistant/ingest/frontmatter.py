"""The optional front-matter block at the top of an article text.

A ``.txt``/``.md`` file may start with ``key: value`` lines between two ``---``
lines (a YAML-like subset: one line per key, no nesting)::

    ---
    title: Taliban rule out cooperation with U.S.
    outlet: Associated Press
    date: 2021-10-09
    author: Kathy Gannon
    url: https://apnews.com/article/...
    ---

The block stays in the text (offsets still point into the file as it is); it is
only left out of the article's body. Derived texts of HTML, PDF, e-mail, feed
and JSONL articles carry the same block, with ``original:`` naming the file
they were extracted from.
"""

from __future__ import annotations

import email.utils
import re
from dataclasses import dataclass, field
from datetime import date, datetime

from assistant.text.spacing import one_line

KEYS = ("title", "outlet", "date", "author", "url", "original")
_ALIASES = {"published": "date", "site": "outlet", "publisher": "outlet", "byline": "author"}
_OPEN = re.compile(r"\A(?:\ufeff)?---[ \t]*\r?\n")
_CLOSE = re.compile(r"^---[ \t]*(?:\r?\n|\Z)", re.MULTILINE)
_LINE = re.compile(r"^([A-Za-z_][\w-]*)[ \t]*:[ \t]*(.*?)[ \t]*$")
_MAX_LINES = 40


@dataclass
class FrontMatter:
    """The fields of a front-matter block, and where the text after it starts."""

    fields: dict[str, str] = field(default_factory=dict)
    body_start: int = 0
    problems: list[str] = field(default_factory=list)


def parse_front_matter(text: str) -> FrontMatter:
    """The front matter at the top of ``text``; empty (``body_start`` 0) when there is none.

    A block that is not closed, or holds a line that is not ``key: value``, is not
    front matter: the text is read as it is.
    """
    opening = _OPEN.match(text)
    if not opening:
        return FrontMatter()
    closing = _CLOSE.search(text, opening.end())
    if not closing:
        return FrontMatter()
    lines = text[opening.end() : closing.start()].splitlines()
    if len(lines) > _MAX_LINES:
        return FrontMatter()
    found = FrontMatter(body_start=closing.end())
    for line in lines:
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        match = _LINE.match(line)
        if not match:
            return FrontMatter()
        key = _ALIASES.get(match[1].lower(), match[1].lower())
        value = _unquote(match[2])
        if key in KEYS and value:
            found.fields[key] = value
    if "date" in found.fields:
        raw = found.fields.pop("date")
        iso = normalise_date(raw)
        if iso:
            found.fields["date"] = iso
        else:
            found.problems.append(f"front matter date {raw!r} not understood (use YYYY-MM-DD)")
    return found


def render_front_matter(fields: dict[str, str]) -> str:
    """A front-matter block of the non-empty ``fields`` (one line each), in :data:`KEYS` order."""
    lines = [f"{key}: {one_line(fields[key])}" for key in KEYS if one_line(fields.get(key, ""))]
    return "---\n" + "".join(line + "\n" for line in lines) + "---\n"


def normalise_date(value: str) -> str:
    """An ISO date (YYYY-MM-DD) from ISO 8601 or RFC 2822 text; "" when not understood."""
    value = value.strip()
    try:
        return date.fromisoformat(value[:10]).isoformat()
    except ValueError:
        pass
    try:
        return datetime.fromisoformat(value).date().isoformat()
    except ValueError:
        pass
    try:
        return email.utils.parsedate_to_datetime(value).date().isoformat()
    except (TypeError, ValueError, IndexError):
        return ""


def _unquote(value: str) -> str:
    """'"A title"' -> 'A title'; a value that only starts and ends with quotes
    ('"Yes," she said, "no"') is left whole."""
    quote = value[:1]
    if len(value) >= 2 and quote in "\"'" and value[-1] == quote and quote not in value[1:-1]:
        return value[1:-1]
    return value

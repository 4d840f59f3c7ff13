"""RSS and Atom feeds (feedparser): one article per entry, with its link and date."""

from __future__ import annotations

from datetime import date
from typing import Any

from assistant.errors import BadFileError
from assistant.ingest.frontmatter import normalise_date
from assistant.ingest.readers.extracted import Extracted, Reading
from assistant.ingest.readers.markup import fragment_text, word_count
from assistant.text.spacing import one_line


def read(data: bytes, *, name: str) -> Reading:
    """Each entry of a feed; ``part`` is the entry's number (1-based, in feed order).

    An entry that carries only a summary is read, with a warning naming its link.

    Raises:
        BadFileError: not a feed, or a feed with no entries.
    """
    import feedparser  # the only module that reads feeds

    parsed = feedparser.parse(data)
    if not parsed.entries:
        if parsed.get("bozo"):
            why = " ".join(str(parsed.get("bozo_exception", "")).split())[:120]
            raise BadFileError(name, f"not a readable RSS/Atom feed ({why or 'no entries'})")
        raise BadFileError(name, "the feed has no entries")
    outlet = one_line(str(parsed.feed.get("title", "")))
    reading = Reading()
    for number, entry in enumerate(parsed.entries, start=1):
        _entry(entry, str(number), outlet, reading)
    if not reading.articles:
        raise BadFileError(name, "no entry of the feed has any text")
    return reading


def _entry(entry: Any, part: str, outlet: str, reading: Reading) -> None:
    content = entry.get("content") or []
    full = "\n".join(str(c.get("value", "")) for c in content)
    text = fragment_text(full or str(entry.get("summary", "")))
    link = str(entry.get("link", ""))
    if not text:
        reading.warnings.append((part, f"entry {part} has no text, not indexed"))
        return
    if not full:
        where = f"; the full article is at {link}" if link else ""
        reading.warnings.append(
            (part, f"entry {part} carries only a summary ({word_count(text)} words){where}")
        )
    fields = {"outlet": outlet, "url": link, "author": one_line(str(entry.get("author", "")))}
    fields["date"] = _date(entry)
    reading.articles.append(
        Extracted(
            title=one_line(str(entry.get("title", ""))) or f"entry {part}",
            text=text,
            fields={k: v for k, v in fields.items() if v},
            part=part,
        )
    )


def _date(entry: Any) -> str:
    for key in ("published_parsed", "updated_parsed"):
        parsed = entry.get(key)
        if parsed:
            return date(*parsed[:3]).isoformat()
    return normalise_date(str(entry.get("published") or entry.get("updated") or ""))

"""The articles the chat answers from: what is loaded, each article whole, starters.

Pure functions over an opened :class:`~assistant.core.Assistant`, no Chainlit. An
article is read back from its indexed passages (the text citations point into),
so what the chat shows of it is exactly what an answer can quote, with the same
offsets; boilerplate and the title line, never indexed, are not part of it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from assistant.core import Assistant
from assistant.models import Passage

MAX_STARTERS = 4
_LABEL_CHARS = 48


@dataclass(frozen=True)
class Segment:
    """A run of an article's text, from ``start`` (an offset into its file) on."""

    start: int
    text: str

    @property
    def end(self) -> int:
        return self.start + len(self.text)


@dataclass(frozen=True)
class LoadedArticle:
    """One article of the index, as the chat lists it."""

    source: str
    title: str
    passages: int
    outlet: str = ""
    date: str = ""
    author: str = ""
    url: str = ""
    segments: list[Segment] = field(default_factory=list, compare=False)


def loaded_articles(bot: Assistant) -> list[LoadedArticle]:
    """Every article of the index, newest first when dated, else in index order."""
    table = bot.data.passages
    found = []
    for rows in table.sources.values():
        if not rows:
            continue
        first = table[rows.start]
        found.append(_article(first, passages=len(rows)))
    dated = sorted((a for a in found if a.date), key=lambda a: a.date, reverse=True)
    return dated + [a for a in found if not a.date]


def read_article(bot: Assistant, source: str) -> LoadedArticle | None:
    """An article whole (its passages joined as the file has them), or None if unknown."""
    passages = bot.data.passages.of_source(source)
    if not passages:
        return None
    return _article(passages[0], passages=len(passages), segments=join_passages(passages))


def _article(
    first: Passage, *, passages: int, segments: list[Segment] | None = None
) -> LoadedArticle:
    return LoadedArticle(
        source=first.source,
        title=first.title,
        passages=passages,
        outlet=first.outlet,
        date=first.date,
        author=first.author,
        url=first.url,
        segments=segments or [],
    )


def join_passages(passages: Sequence[Passage]) -> list[Segment]:
    """An article's passages in file order, one segment each (shown as paragraphs)."""
    return [Segment(p.start, p.text) for p in sorted(passages, key=lambda p: p.start)]


def starters(articles: Sequence[LoadedArticle]) -> list[tuple[str, str]]:
    """Suggested questions, made from the loaded articles: an overview of them all, then
    the key points of each of the first few (label, message)."""
    if not articles:
        return []
    found: list[tuple[str, str]] = []
    if len(articles) > 1:
        found.append(("What the articles say", "Summarize what the articles say"))
    for a in articles[: MAX_STARTERS - len(found)]:
        found.append((short(a.title), f"What are the key points of “{a.title}”?"))
    return found


def short(title: str) -> str:
    """A title cut to a starter button's width, at a word."""
    title = " ".join(title.split())
    if len(title) <= _LABEL_CHARS:
        return title
    return title[: _LABEL_CHARS - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"

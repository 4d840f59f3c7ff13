"""How an article reads in the chat: whole in the side panel, its cited sentence marked.

Pure functions, no Chainlit; article text is inert markdown (see :mod:`render`). The
side panel of a citation starts with what a reader wants first (title, outlet,
date), then a small details line (file and character offsets, for checking), then
the whole article with the cited sentence in bold, which the page's stylesheet
colours and its script scrolls into view (``public/newsroom.css``/``.js``).
"""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import quote

from assistant.models import Citation, Passage
from assistant.ui.library import LoadedArticle, Segment
from assistant.ui.render import highlight, one_line, provenance_line

READ_LINK = "#read="  # a link the page's script opens in its article reader


def cited_article(
    citation: Citation, article: LoadedArticle | None, passage: Passage | None
) -> str:
    """Markdown of the side panel of one citation: the article whole, the quote in bold.

    Args:
        citation: the citation whose marker was clicked.
        article: its article read back from the index; None shows the passage alone.
        passage: the cited passage (used when the article is not available).
    """
    where = f"{one_line(citation.source)} · characters {citation.start}–{citation.end}"
    if passage is not None and passage.kind == "caption":
        where += " · image caption"
    head = [f"### {one_line(citation.title)}", provenance_line(citation), f"*File {where}*"]
    top = "\n\n".join(line for line in head if line) + "\n\n---\n\n"
    segments = article.segments if article is not None else []
    if not any(_holds(s, citation) for s in segments):
        segments = [Segment(passage.start, passage.text)] if passage is not None else []
    if not any(_holds(s, citation) for s in segments):
        return top + highlight(citation.quote, 0, len(citation.quote))
    return top + "\n\n".join(
        highlight(s.text, citation.start - s.start, citation.end - s.start) for s in segments
    )


def _holds(segment: Segment, citation: Citation) -> bool:
    """Whether ``segment`` has the cited sentence at its offsets (an article edited since
    an answer of a kept chat may not)."""
    at = citation.start - segment.start
    inside = segment.start <= citation.start < citation.end <= segment.end
    return inside and segment.text[at : at + len(citation.quote)] == citation.quote


def articles_markdown(articles: Sequence[LoadedArticle], *, heading: str) -> str:
    """The list of loaded articles: title, outlet and date when known, passages, a read link."""
    lines = [f"**{one_line(heading)}**", ""]
    for a in articles:
        lines.append(f"- {article_line(a)} · [read]({READ_LINK}{quote(a.source, safe='')})")
    if not articles:
        lines.append(
            "- none yet: add articles with the paperclip (text, web pages, PDF, e-mail, "
            "feeds, JSONL)"
        )
    return "\n".join(lines)


def article_line(article: LoadedArticle) -> str:
    """'Title — Outlet, 2021-10-05 · 6 passages' (inert markdown)."""
    who = ", ".join(one_line(x) for x in (article.outlet, article.date) if x)
    count = f"{article.passages} passage{'' if article.passages == 1 else 's'}"
    return f"{one_line(article.title)}{f' — {who}' if who else ''} · {count}"

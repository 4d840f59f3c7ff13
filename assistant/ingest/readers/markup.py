"""Plain paragraphs from HTML fragments and hard-wrapped text (standard library only).

Feed entries and e-mails carry small HTML fragments, not whole pages: their
text is taken tag by tag (block tags end a paragraph) instead of by a page
extractor, which would discard a fragment as too short to be an article.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

_BLOCK_TAGS = {
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6",
    "blockquote", "section", "article", "header", "footer", "table", "tr", "pre", "figcaption",
}  # fmt: skip
_SKIPPED_TAGS = {"script", "style", "head", "title", "noscript", "template"}
_BLANK_LINE = re.compile(r"\n[ \t]*\n")


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED_TAGS:
            self._skipping += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED_TAGS:
            self._skipping = max(self._skipping - 1, 0)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data.replace("\n", " "))


def fragment_text(html: str) -> str:
    """The text of an HTML fragment: one paragraph per block, blank lines between."""
    parser = _TextParser()
    parser.feed(html)
    parser.close()
    return paragraphs("".join(parser.parts))


def paragraphs(text: str) -> str:
    """``text`` with each paragraph (lines between blank lines) joined into one line.

    Hard-wrapped e-mail and PDF lines would otherwise cut sentences into lines.
    """
    paras = (" ".join(p.split()) for p in _BLANK_LINE.split(text.replace("\r\n", "\n")))
    return "\n\n".join(p for p in paras if p)


def word_count(text: str) -> int:
    return len(text.split())

"""Saved web pages (.html, .htm) with trafilatura: the article, not the page around it.

trafilatura (Apache-2.0) finds the article's text among menus, share buttons and
related links, and reads its metadata: title, site name, byline, date and the
canonical URL. Reader comments are left out.
"""

from __future__ import annotations

from assistant.errors import BadFileError
from assistant.ingest.frontmatter import normalise_date
from assistant.ingest.readers.extracted import Extracted, Reading, quiet
from assistant.ingest.readers.markup import paragraphs, word_count
from assistant.text.spacing import one_line

_FEWEST_WORDS = 5  # fewer is a menu or a button ("Home"), not text worth indexing


def read(data: bytes, *, name: str) -> Reading:
    """The article of a saved page, with its metadata.

    Raises:
        BadFileError: no article text (or only a few words, a menu) found in the page.
    """
    import trafilatura  # the only module that extracts web pages

    quiet("trafilatura", "htmldate", "courlan")

    page = trafilatura.bare_extraction(
        data, with_metadata=True, include_comments=False, include_tables=True
    )
    text = paragraphs(str(getattr(page, "text", "") or "").replace("\n", "\n\n"))
    if page is None or not text:
        raise BadFileError(name, "no article text found in the page")
    if word_count(text) < _FEWEST_WORDS:
        raise BadFileError(name, f"no article text found in the page (only {text[:40]!r})")
    fields = {
        "outlet": _field(page, "sitename") or _field(page, "hostname"),
        "author": _field(page, "author").replace(";", ","),
        "date": normalise_date(_field(page, "date")),
        "url": _field(page, "url"),
    }
    extracted = Extracted(
        title=_field(page, "title"), text=text, fields={k: v for k, v in fields.items() if v}
    )
    return Reading(articles=[extracted])


def _field(page: object, name: str) -> str:
    return one_line(str(getattr(page, name, "") or ""))

"""PDF files with pypdf (BSD; PyMuPDF is AGPL): the text layer, page by page.

A PDF has lines, not paragraphs: lines are joined into paragraphs (a line that
ends a sentence well short of the page's usual width ends one), so a sentence
wrapped over two lines stays one sentence.
"""

from __future__ import annotations

import io
import re
from typing import Any

from assistant.errors import BadFileError
from assistant.ingest.readers.extracted import Extracted, Reading, quiet
from assistant.text.spacing import one_line

_ENDS_SENTENCE = re.compile(r"[.!?:;\"”’)]$")
_PDF_DATE = re.compile(r"^D:(\d{4})(\d{2})(\d{2})")


def read(data: bytes, *, name: str) -> Reading:
    """The text of every page, with the document's title, author and creation date.

    Raises:
        BadFileError: encrypted, damaged, or with no text layer (scanned images).
    """
    from pypdf import PdfReader  # the only module that reads PDF

    quiet("pypdf")

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise BadFileError(name, "encrypted PDF (needs a password), not read")
        pages = [page.extract_text() or "" for page in reader.pages]
        info: Any = reader.metadata or {}
    except BadFileError:
        raise
    # pypdf raises many kinds of error on damaged files (PdfReadError, ValueError,
    # KeyError, struct.error, ...): each means "cannot be read", named in one line.
    except Exception as exc:
        why = " ".join(str(exc).split())[:120] or type(exc).__name__
        raise BadFileError(name, f"not a readable PDF ({why})") from None
    text = "\n\n".join(p for p in (_paragraphs(page) for page in pages) if p)
    if not text.strip():
        raise BadFileError(name, "the PDF has no text layer (scanned images?), not read")
    title = one_line(str(info.get("/Title") or ""))
    fields = {"author": one_line(str(info.get("/Author") or ""))}
    created = _PDF_DATE.match(str(info.get("/CreationDate") or ""))
    if created:
        fields["date"] = "-".join(created.groups())
    first_line = text.split("\n", 1)[0]
    extracted = Extracted(
        title=title or first_line,
        text=text,
        fields={k: v for k, v in fields.items() if v},
    )
    return Reading(articles=[extracted])


def _paragraphs(page: str) -> str:
    lines = [" ".join(line.split()) for line in page.splitlines()]
    lines = [line for line in lines if line]
    if not lines:
        return ""
    width = sorted(len(line) for line in lines)[len(lines) * 3 // 4]  # a usual full line
    paras: list[list[str]] = [[]]
    for i, line in enumerate(lines):
        paras[-1].append(line)
        short = len(line) < 0.8 * width
        # A short first line with no full stop is a heading (the title, on page 1).
        heading = i == 0 and short and not _ENDS_SENTENCE.search(line)
        if heading or (short and _ENDS_SENTENCE.search(line)):
            paras.append([])
    return "\n\n".join(_join(p) for p in paras if p)


def _join(lines: list[str]) -> str:
    """Lines of a paragraph as one line; a word broken at a line-end hyphen is rejoined."""
    out = ""
    for line in lines:
        if out.endswith("-") and line[:1].islower():
            out += line
        else:
            out = f"{out} {line}" if out else line
    return out

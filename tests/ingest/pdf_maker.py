"""A real, small PDF written from lines of text, the way a word processor lays out a page.

No PDF library writes text from scratch, so the file is built by hand: a
catalogue, one page per 40 lines, Helvetica, one ``Tj`` per line, a document
information dictionary and a cross-reference table with exact byte offsets.
"""

from __future__ import annotations

import textwrap


def _string(text: str) -> str:
    return "(" + text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ")"


def wrap(paragraphs: list[str], width: int = 80) -> list[str]:
    """Paragraphs laid out as a page's lines (the last line of each is short)."""
    return [line for p in paragraphs for line in textwrap.wrap(p, width)]


def pdf_bytes(lines: list[str], *, title: str = "", author: str = "", created: str = "") -> bytes:
    """A PDF whose text layer holds ``lines``, 40 to a page.

    Args:
        lines: the lines, in reading order.
        title: the document's /Title.
        author: its /Author.
        created: its /CreationDate, e.g. ``D:20240201090000Z``.
    """
    pages = [lines[i : i + 40] for i in range(0, len(lines), 40)] or [[]]
    font = 3 + 2 * len(pages)
    info = font + 1
    objects = {
        1: "<< /Type /Catalog /Pages 2 0 R >>",
        2: "<< /Type /Pages /Kids ["
        + " ".join(f"{3 + 2 * i} 0 R" for i in range(len(pages)))
        + f"] /Count {len(pages)} >>",
    }
    for i, page in enumerate(pages):
        content = "BT /F1 11 Tf 14 TL 60 760 Td " + " ".join(f"{_string(x)} Tj T*" for x in page)
        content += " ET"
        objects[3 + 2 * i] = (
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            f"/Contents {4 + 2 * i} 0 R /Resources << /Font << /F1 {font} 0 R >> >> >>"
        )
        objects[4 + 2 * i] = f"<< /Length {len(content)} >>\nstream\n{content}\nendstream"
    objects[font] = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
    meta = {"Title": title, "Author": author, "CreationDate": created}
    objects[info] = "<< " + " ".join(f"/{k} {_string(v)}" for k, v in meta.items() if v) + " >>"
    out = b"%PDF-1.4\n"
    offsets = []
    for number in range(1, info + 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{objects[number]}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {info + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {info + 1} /Root 1 0 R /Info {info} 0 R >>\n".encode()
    out += f"startxref\n{xref}\n%%EOF\n".encode()
    return out

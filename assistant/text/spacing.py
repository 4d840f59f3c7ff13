"""Whitespace as one line: article text is often hard-wrapped, what is shown of it is not."""

from __future__ import annotations


def one_line(text: str) -> str:
    """``text`` with its runs of whitespace (newlines too) made single spaces."""
    return " ".join(text.split())

"""Citation offsets: ``start``/``end`` must slice exactly the quote out of the file on disk."""

from __future__ import annotations

from pathlib import Path

from assistant.models import Answer, Citation


def offsets_match(citation: Citation, corpus_dir: Path) -> bool:
    """Whether ``file_text[start:end] == quote`` for the file on disk."""
    path = corpus_dir / citation.source
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    return text[citation.start : citation.end] == citation.quote


def bad_offsets(answer: Answer, corpus_dir: Path) -> list[Citation]:
    """The citations of ``answer`` whose offsets do not slice out their quote."""
    return [c for c in answer.citations if not offsets_match(c, corpus_dir)]

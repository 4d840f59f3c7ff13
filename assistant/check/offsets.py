"""Citation offsets: ``start``/``end`` must slice exactly the quote out of the text on disk:
the article file itself, or for a page, PDF, e-mail, feed or JSONL article the derived
text in the index folder (``citation.text_file``) its offsets point into."""

from __future__ import annotations

from pathlib import Path

from assistant.models import Answer, Citation


def offsets_match(citation: Citation, corpus_dir: Path, index_dir: Path | None = None) -> bool:
    """Whether ``text[start:end] == quote`` for the text on disk the citation points into.

    Args:
        citation: the citation.
        corpus_dir: the corpus folder (``.txt``/``.md`` articles).
        index_dir: the index folder, where derived texts are; a citation of a derived text
            does not match without it.
    """
    if citation.text_file:
        if index_dir is None:
            return False
        path = index_dir / citation.text_file
    else:
        path = corpus_dir / citation.source
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    return text[citation.start : citation.end] == citation.quote


def bad_offsets(answer: Answer, corpus_dir: Path, index_dir: Path | None = None) -> list[Citation]:
    """The citations of ``answer`` whose offsets do not slice out their quote."""
    return [c for c in answer.citations if not offsets_match(c, corpus_dir, index_dir)]

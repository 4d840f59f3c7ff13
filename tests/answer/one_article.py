"""An assistant over one article written for a test, in a folder of its own."""

from __future__ import annotations

from pathlib import Path

from assistant import Assistant


def bot_over(tmp_path: Path, name: str, text: str) -> Assistant:
    """An assistant whose corpus is the one file ``name`` holding ``text``."""
    corpus = tmp_path / "news"
    corpus.mkdir()
    (corpus / name).write_text(text, encoding="utf-8")
    return Assistant.open(corpus, tmp_path / "index")

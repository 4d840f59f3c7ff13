"""Passages checked against their article files when they are read for an answer.

The README promises ``file_text[start:end] == quote`` for every citation. An index
can stop keeping it without the corpus changing: a garbled ``docstore.jsonl``
("than 160 Afghans" made "than 960 Afghans") loads and searches as before. So a
passage is compared with the article file it came from whenever retrieval reads
it; one that does not match (file damaged, edited, or gone since indexing) is
never shown or quoted, and its article is reported so that the answer can say
"re-run 'assistant ingest'".
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from pathlib import Path

from assistant.models import Passage

_CACHED_FILES = 64


class ArticleTexts:
    """The corpus's article texts, read on demand and cached by size and mtime."""

    def __init__(self, corpus_dir: Path) -> None:
        self.corpus_dir = corpus_dir
        self._cache: OrderedDict[str, tuple[tuple[int, int], str | None]] = OrderedDict()
        self._lock = threading.Lock()
        self.mismatched: set[str] = set()  # articles a passage of which failed the check

    def holds(self, passage: Passage) -> bool:
        """Whether the article file still holds the passage and its sentences, exactly."""
        text = self.text(passage.source)
        ok = (
            text is not None
            and text[passage.start : passage.end] == passage.text
            and all(passage.start <= s.start < s.end <= passage.end for s in passage.sentences)
        )
        if not ok:
            with self._lock:
                self.mismatched.add(passage.source)
        return ok

    def text(self, source: str) -> str | None:
        """The text of an article file; None when it is gone or not UTF-8 text."""
        path = self.corpus_dir / source
        try:
            stat = path.stat()
        except OSError:
            return None
        key = (stat.st_size, stat.st_mtime_ns)
        with self._lock:
            cached = self._cache.get(source)
            if cached is not None and cached[0] == key:
                self._cache.move_to_end(source)
                return cached[1]
        try:
            text: str | None = path.read_bytes().decode("utf-8")
        except (OSError, UnicodeDecodeError):
            text = None
        with self._lock:
            self._cache[source] = (key, text)
            if len(self._cache) > _CACHED_FILES:
                self._cache.popitem(last=False)
        return text

"""Passages checked against their article files when they are read for an answer.

The README promises ``file_text[start:end] == quote`` for every citation. An index
can stop keeping it without the corpus changing: a garbled ``docstore.jsonl``
("than 160 Afghans" made "than 960 Afghans") loads and searches as before. So a
passage is compared with the article file it came from whenever retrieval reads
it; one that does not match (file damaged, edited, or gone since indexing) is
never shown or quoted, and its article is reported so that the answer can say
"re-run 'assistant ingest'".

An article extracted from another format (HTML, PDF, e-mail, feed, JSONL) is
checked against its derived text in the index folder (``passage.text_file``),
the text its offsets point into, not against the original file.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from pathlib import Path

from assistant.models import Passage

_CACHED_FILES = 64


class ArticleTexts:
    """The corpus's article texts, read on demand and cached by size and mtime.

    Args:
        corpus_dir: the corpus folder (plain-text articles).
        index_dir: the index folder (derived texts of the other formats).
    """

    def __init__(self, corpus_dir: Path, index_dir: Path | None = None) -> None:
        self.corpus_dir = corpus_dir
        self.index_dir = index_dir
        self._cache: OrderedDict[str, tuple[tuple[int, int], str | None]] = OrderedDict()
        self._lock = threading.Lock()
        self.mismatched: set[str] = set()  # articles a passage of which failed the check

    def holds(self, passage: Passage) -> bool:
        """Whether the article file still holds the passage and its sentences, exactly."""
        text = self.text(passage.source, text_file=passage.text_file)
        ok = (
            text is not None
            and text[passage.start : passage.end] == passage.text
            and all(passage.start <= s.start < s.end <= passage.end for s in passage.sentences)
        )
        if not ok:
            with self._lock:
                self.mismatched.add(passage.source)
        return ok

    def text(self, source: str, *, text_file: str = "") -> str | None:
        """The text an article's offsets point into: its file, or its derived text
        (``text_file``, relative to the index folder); None when it is gone or not UTF-8."""
        if not text_file:
            path = self.corpus_dir / source
        elif self.index_dir is not None:
            path = self.index_dir / text_file
        else:
            return None
        key_name = str(path)
        try:
            stat = path.stat()
        except OSError:
            return None
        key = (stat.st_size, stat.st_mtime_ns)
        with self._lock:
            cached = self._cache.get(key_name)
            if cached is not None and cached[0] == key:
                self._cache.move_to_end(key_name)
                return cached[1]
        try:
            text: str | None = path.read_bytes().decode("utf-8")
        except (OSError, UnicodeDecodeError):
            text = None
        with self._lock:
            self._cache[key_name] = (key, text)
            if len(self._cache) > _CACHED_FILES:
                self._cache.popitem(last=False)
        return text

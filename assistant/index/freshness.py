"""Whether an index still matches its corpus folder and embedding model.

A file counts as unchanged when its size and mtime are those recorded at
indexing (no read), or else when its content hashes the same.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from assistant.errors import CorpusError, IndexMissingError, StaleIndexError
from assistant.index import generations, store
from assistant.ingest.corpus import article_files
from assistant.settings import Settings


def _unchanged(path: Path, entry: store.FileEntry) -> bool:
    """Same size and mtime as when indexed (no read), or else the same hash."""
    try:
        stat = path.stat()
    except OSError:
        return False
    if (stat.st_size, stat.st_mtime_ns) == (entry.size, entry.mtime_ns):
        return True
    return hash_file(path) == entry.sha256


def hash_file(path: Path) -> str:
    """The sha256 of a file's bytes, or "" when it cannot be read."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return ""


def staleness(data: store.IndexData, corpus_dir: Path, embedding_model: str) -> list[str]:
    """Reasons the index no longer matches the corpus or model; empty when fresh."""
    reasons = []
    if data.manifest.embedding_model != embedding_model:
        reasons.append(
            f"built with embedding model {data.manifest.embedding_model!r}, "
            f"settings name {embedding_model!r}"
        )
    try:
        files = article_files(corpus_dir)
    except CorpusError as exc:
        return [*reasons, str(exc)]
    current = {p.relative_to(corpus_dir).as_posix(): p for p in files}
    known = data.manifest.files
    for name in sorted(set(current) - set(known)):
        reasons.append(f"new file {name}")
    for name in sorted(set(known) - set(current)):
        reasons.append(f"removed file {name}")
    for name in sorted(set(current) & set(known)):
        if not _unchanged(current[name], known[name]):
            reasons.append(f"changed file {name}")
    return reasons


def live_index(
    settings: Settings, embedding_model: str
) -> tuple[store.IndexData | None, list[str]]:
    """The live index, and the reasons it no longer matches the corpus folder and model.

    Returns:
        (the index, []) when it is fresh; (the index, reasons) when it is stale;
        (None, reasons) when there is none, or it cannot be read.
    """
    try:
        data = generations.load(settings)
    except IndexMissingError:
        return None, ["no index yet"]
    except StaleIndexError as exc:
        return None, [str(exc)]
    reasons = staleness(data, settings.corpus.dir, embedding_model)
    return data, reasons

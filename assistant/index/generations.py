"""Where the index lives: folder files or a PostgreSQL database (``settings.index.backend``).

Both keep generations: an ingest writes a whole new one, then switches to it in one
atomic step (a rename of ``CURRENT``; one committed transaction), so a reader only ever
sees a complete index and a crash mid-ingest leaves the previous one serving.
"""

from __future__ import annotations

from assistant.embedding.vectors import Vectors
from assistant.index import store
from assistant.index.dense import DenseIndex, DenseParams
from assistant.index.vocabulary import WordVectors
from assistant.models import Passage, RemovedText
from assistant.settings import Settings


def load(settings: Settings) -> store.IndexData:
    """Open the live generation of the index the settings name.

    Raises:
        IndexMissingError: nothing has been built there.
        StaleIndexError: built by another version of the index format, or damaged.
        IndexUnavailableError: the database cannot be reached.
    """
    if settings.index.backend == "postgres":
        from assistant.index import pgstore

        return pgstore.load(settings)
    return store.load(settings.index.dir)


def live(settings: Settings) -> str | None:
    """The name of the live generation (None when there is none)."""
    if settings.index.backend == "postgres":
        from assistant.index import pgstore

        return pgstore.live_generation(settings)
    folder = store.current_generation(settings.index.dir)
    return folder.name if folder is not None else None


def location(settings: Settings) -> str:
    """Where the index is, for messages: its folder, or its database and schema."""
    if settings.index.backend == "postgres":
        from assistant.index import pgstore

        db = pgstore.database(settings)
        return f"postgresql {db.where()} schema {db.schema}"
    return str(settings.index.dir)


def dense_params(settings: Settings, passages: int) -> DenseParams:
    """How the database's dense index is built for ``passages`` passages."""
    from assistant.index import pgstore

    return pgstore.dense_params(settings.index, passages)


def publish(
    settings: Settings,
    *,
    manifest: store.Manifest,
    passages: list[Passage],
    texts: list[str],
    passage_vectors: Vectors,
    sentence_vectors: Vectors,
    dense: DenseIndex | None,
    removed: list[RemovedText],
    words: WordVectors,
) -> str:
    """Write a complete new generation and make it the live one.

    Returns:
        The new generation's name.
    """
    if settings.index.backend == "postgres":
        from assistant.index import pgstore

        return pgstore.write_generation(
            settings,
            manifest=manifest,
            passages=passages,
            texts=texts,
            passage_vectors=passage_vectors,
            sentence_vectors=sentence_vectors,
            removed=removed,
            words=words,
        )
    assert dense is not None  # the files backend always builds its FAISS index
    folder = store.write_generation(
        settings.index.dir,
        manifest=manifest,
        passages=passages,
        texts=texts,
        passage_vectors=passage_vectors,
        sentence_vectors=sentence_vectors,
        dense=dense,
        removed=removed,
        words=words,
    )
    return folder.name

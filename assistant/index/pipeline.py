"""Embed passages and store them as a dense + BM25 index, incrementally.

Vectors are reused by passage id: a passage id is a hash of its file, offset
and text, so an unchanged file yields the same ids and nothing of it is
embedded again; a removed file's passages simply are not written.
"""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np

from assistant.embedding.embedder import Embedder
from assistant.embedding.vectors import Vectors
from assistant.errors import CorpusError, IndexMissingError, StaleIndexError
from assistant.index import checkpoints, generations, store
from assistant.index.dense import DenseIndex
from assistant.index.freshness import hash_file
from assistant.index.vocabulary import embed_vocabulary
from assistant.ingest.corpus import CorpusReading, read_corpus
from assistant.ingest.derived import kept, sweep_texts, write_texts
from assistant.ingest.passages import build_passages, index_spans, index_text
from assistant.ingest.timing import step
from assistant.models import (
    Article,
    IngestReport,
    Passage,
    Progress,
    RemovedText,
    no_progress,
)
from assistant.settings import Settings


def ingest(
    settings: Settings,
    embedder: Embedder,
    *,
    progress: Progress = no_progress,
    loaded: store.IndexData | None = None,
) -> IngestReport:
    """Bring the index in line with the corpus folder.

    Args:
        settings: the settings root; its corpus and index folders are the ones used
            (``settings.with_folders`` makes a copy with others).
        embedder: the embedding model to use.
        progress: called with one-line progress messages.
        loaded: the live generation, if the caller has it open already; it is read
            again only when another ingest has replaced it meanwhile.

    Returns:
        What was indexed, reused, removed and skipped.

    Raises:
        CorpusError: the folder is missing or no file in it is usable; the
            previous index, if any, is left as it was.
    """
    started = time.perf_counter()
    corpus_dir, index_dir = settings.corpus.dir, settings.index.dir
    with store.write_lock(index_dir):
        # 1. Read and clean every file; bad files are reported, not fatal.
        reading = read_corpus(
            corpus_dir, max_bytes=settings.corpus.max_file_bytes, index_dir=index_dir
        )
        articles, skipped = reading.articles, reading.skipped
        if not articles:
            why = "; ".join(f"{s.source}: {s.reason}" for s in skipped) or "no readable files"
            raise CorpusError(f"no usable article in {corpus_dir} ({why})")
        # 2. Cut passages and find which need embedding.
        max_words = settings.index.passage_max_words
        with step("segment"):
            passages = [p for a in articles for p in build_passages(a, max_words=max_words)]
        with step("reuse"):
            previous = _previous(settings, embedder.name, loaded)
            cache = previous.vector_cache() if previous is not None else {}
        resume = checkpoints.Checkpoints(index_dir, embedder.name, max_words)
        with step("checkpoints"):
            resumed = resume.load(cache)
        missing = [p for p in passages if p.id not in cache]
        progress(
            f"embedding {len(missing)} new passages ({len(passages) - len(missing)} reused"
            + (f", {resumed} from an interrupted ingest" if resumed else "")
            + ")"
        )
        # 3. Embed what is new in checkpointed chunks, reuse the rest.
        _embed_all(embedder, missing, cache, resume, settings.index.embed_chunk, progress)
        with step("pool"):
            passage_vectors = np.stack([cache[p.id][0] for p in passages]).astype(np.float32)
            sentence_vectors = np.concatenate([cache[p.id][1] for p in passages])
            sentence_vectors = sentence_vectors.astype(np.float32)
        with step("faiss"):
            dense = _dense_index(settings, passage_vectors, progress)
        known = previous.words if previous else None
        words = embed_vocabulary(passages, embedder, known, progress=progress)
        # 4. Write a new generation and switch to it.
        old_files = previous.manifest.files if previous else {}
        entries = _file_entries(reading, passages, corpus_dir)
        with step("manifest"):
            manifest = store.Manifest(
                embedding_model=embedder.name,
                dimension=int(passage_vectors.shape[1]),
                passage_max_words=max_words,
                files=entries,
                passages=len(passages),
                sentences=int(sentence_vectors.shape[0]),
                dense=dense.params
                if dense is not None
                else generations.dense_params(settings, len(passages)),
            )
        removed = [r for a in articles for r in _removed(a)]
        # Derived texts (HTML, PDF, ...) first: named by their original's hash, they never
        # replace a text the live generation points into.
        write_texts(index_dir, reading.derived)
        generations.publish(
            settings,
            manifest=manifest,
            passages=passages,
            texts=[index_text(p) for p in passages],
            passage_vectors=passage_vectors,
            sentence_vectors=sentence_vectors,
            dense=dense,
            removed=removed,
            words=words,
        )
        with step("checkpoints"):
            resume.clear()
        sweep_texts(index_dir, keep=kept(reading.derived))
    files = {a.file: a.sha256 for a in articles}
    changed_names = {f for f, sha in files.items() if old_files.get(f, _NO_ENTRY).sha256 != sha}
    changed_sources = {a.source for a in articles if a.file in changed_names}
    return IngestReport(
        index_dir=generations.location(settings),
        files_indexed=sorted(changed_names),
        files_unchanged=sorted(set(files) - changed_names),
        files_removed=sorted(set(old_files) - set(manifest.files)),
        skipped=skipped,
        warnings=reading.warnings,
        removed_text=[r for r in removed if r.source in changed_sources],
        passages=len(passages),
        articles=len(articles),
        embedded_texts=len(missing),
        seconds=round(time.perf_counter() - started, 3),
    )


_NO_ENTRY = store.FileEntry(sha256="")


def _previous(
    settings: Settings, model: str, loaded: store.IndexData | None
) -> store.IndexData | None:
    """The live generation, if its vectors can be reused by this ingest."""
    try:
        live = loaded is not None and loaded.generation == generations.live(settings)
        data = loaded if live and loaded is not None else generations.load(settings)
    except (IndexMissingError, StaleIndexError):
        return None
    m = data.manifest
    max_words = settings.index.passage_max_words
    return data if m.embedding_model == model and m.passage_max_words == max_words else None


def _dense_index(settings: Settings, vectors: Vectors, progress: Progress) -> DenseIndex | None:
    """The FAISS index of the files backend; None for a database, which builds its own."""
    if settings.index.backend != "files":
        return None
    progress(f"building the dense index over {len(vectors)} passages")
    return DenseIndex.build(
        vectors,
        approximate_above=settings.index.approximate_above,
        min_recall=settings.index.min_recall,
    )


def _embed(embedder: Embedder, passages: list[Passage]) -> dict[str, tuple[Vectors, Vectors]]:
    """Passage vectors and, from the same forward pass, their sentences' vectors."""
    if not passages:
        return {}
    texts = [index_text(p) for p in passages]
    spans = [index_spans(p) for p in passages]
    whole, parts = embedder.encode_with_spans(texts, spans)
    return {p.id: (whole[i], parts[i]) for i, p in enumerate(passages)}


def _embed_all(
    embedder: Embedder,
    missing: list[Passage],
    cache: dict[str, tuple[Vectors, Vectors]],
    resume: checkpoints.Checkpoints,
    chunk: int,
    progress: Progress,
) -> None:
    """Embed ``missing`` chunk by chunk, saving each chunk so a new run resumes after it."""
    started = time.perf_counter()
    done = 0
    for first in range(0, len(missing), chunk):
        part = missing[first : first + chunk]
        fresh = _embed(embedder, part)
        with step("checkpoints"):
            resume.save(part, fresh)
        cache.update(fresh)
        done += len(part)
        if len(missing) > chunk:
            progress(eta_line(done, len(missing), time.perf_counter() - started))


def eta_line(done: int, total: int, seconds: float) -> str:
    """'embedded 2,048/10,000 passages (20%), 54.1/s, ETA 2m27s'."""
    rate = done / seconds if seconds > 0 else 0.0
    left = (total - done) / rate if rate > 0 else 0.0
    minutes, secs = divmod(int(round(left)), 60)
    hours, minutes = divmod(minutes, 60)
    eta = f"{hours}h{minutes:02d}m" if hours else f"{minutes}m{secs:02d}s"
    return (
        f"embedded {done:,}/{total:,} passages ({100 * done / total:.0f}%), {rate:.1f}/s, ETA {eta}"
    )


def _file_entries(
    reading: CorpusReading, passages: list[Passage], corpus_dir: Path
) -> dict[str, store.FileEntry]:
    """One entry per corpus file (a feed or JSONL file's articles share theirs)."""
    file_of = {a.source: a.file for a in reading.articles}
    counts: dict[str, int] = {}
    for p in passages:
        counts[file_of[p.source]] = counts.get(file_of[p.source], 0) + 1
    entries = {
        file: store.FileEntry(sha256=sha, passages=counts.get(file, 0), **_stat(reading, file))
        for file, sha in {a.file: a.sha256 for a in reading.articles}.items()
    }
    for s in reading.skipped:
        with step("hash"):
            sha = hash_file(corpus_dir / s.source)
        entries[s.source] = store.FileEntry(sha256=sha, skipped=s.reason)
    return entries


def _removed(article: Article) -> list[RemovedText]:
    return [
        RemovedText(
            source=article.source,
            start=b.start,
            end=b.end,
            text=article.text[b.start : b.end],
            reason=b.reason,
        )
        for b in article.removed()
    ]


def _stat(reading: CorpusReading, file: str) -> dict[str, int]:
    """Size and mtime of a file, taken before it was read (so before it was hashed).

    A file changed while it was read is recorded with its old stat: a later check sees
    another stat and hashes it again, instead of trusting the stat.
    """
    if file not in reading.stats:
        return {}
    size, mtime_ns = reading.stats[file]
    return {"size": size, "mtime_ns": mtime_ns}

"""The on-disk index format: generations, manifest, atomic switch. No pickle.

An index folder holds ``gen-*`` folders and a ``CURRENT`` file naming the live
one. A writer fills a new generation completely, then replaces ``CURRENT``
with ``os.replace`` (atomic on POSIX); readers only ever see a whole index.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt
from pydantic import BaseModel, ConfigDict, Field

from assistant.embedding.vectors import Vectors
from assistant.errors import (
    DamagedPassageError,
    IndexFolderError,
    IndexMissingError,
    StaleIndexError,
)
from assistant.index.dense import DenseIndex, DenseParams
from assistant.index.docstore import PassageStore, PassageTable
from assistant.index.docstore import write as write_docstore
from assistant.index.sparse import SparseIndex
from assistant.index.vocabulary import WordVectors
from assistant.ingest.timing import step
from assistant.models import Passage, RemovedText

VectorCache = dict[str, tuple[Vectors, Vectors]]  # passage id -> (its vector, its sentences')

# 2: title prepended; 3: pooled sentence vectors; 4: passage table, IVF;
# 5: HTML/PDF/e-mail/feed/JSONL read into derived texts, passages carry outlet, date, author, url;
# 6: sentences split anew (abbreviations, lists, ellipses): a passage's id stays the same while
# its sentences, and so its stored sentence vectors, may not;
# 7: the vectors of the corpus's words (vocabulary.py)
SCHEMA_VERSION = 7


class FileEntry(BaseModel):
    model_config = ConfigDict(extra="forbid")
    sha256: str = Field(description="Hash of the file's bytes when it was ingested.")
    passages: int = Field(0, description="Passages taken from it.")
    skipped: str = Field("", description="Why it was refused, when it was.")
    size: int = Field(-1, description="Size in bytes when hashed (-1: unknown).")
    mtime_ns: int = Field(-1, description="Modification time when hashed (-1: unknown).")


class Manifest(BaseModel):
    """What an index was built from; compared with the corpus when it is opened."""

    model_config = ConfigDict(extra="forbid")
    schema_version: int = Field(SCHEMA_VERSION, description="Index format version.")
    embedding_model: str = Field(description="Model that made the vectors.")
    dimension: int = Field(description="Vector dimension.")
    passage_max_words: int = Field(description="Passage size the passages were cut to.")
    files: dict[str, FileEntry] = Field(description="Per corpus file: its hash.")
    passages: int = Field(description="Number of passages.")
    sentences: int = Field(description="Number of sentence vectors.")
    dense: DenseParams = Field(default_factory=DenseParams, description="Dense index kind.")
    created: float = Field(default_factory=time.time, description="Unix time of the build.")


class VectorRows(Protocol):
    """Vectors by row: a memory-mapped array, or rows a database returns on demand."""

    @property
    def shape(self) -> tuple[int, ...]: ...

    @property
    def ndim(self) -> int: ...

    def __len__(self) -> int: ...

    def __getitem__(self, rows: Any, /) -> Any: ...


class VectorSearch(Protocol):
    """The dense search of a generation: FAISS here, pgvector in a database."""

    def __len__(self) -> int: ...

    def search(self, query: Vectors, k: int, /) -> list[tuple[int, float]]: ...


class KeywordSearch(Protocol):
    """The keyword search of a generation: BM25 (bm25s) or a database's full-text search."""

    def search(self, query: str, k: int) -> list[tuple[int, float]]: ...


@dataclass
class IndexData:
    """A loaded generation: everything retrieval and answering read."""

    folder: Path
    manifest: Manifest
    passages: PassageStore
    passage_vectors: VectorRows
    sentence_vectors: VectorRows  # float16 on disk: half the bytes, cosine to 1e-3
    sentence_rows: npt.NDArray[np.int64]  # first sentence-vector row of each passage (and total)
    dense: VectorSearch
    sparse: KeywordSearch
    removed: list[RemovedText]
    words: WordVectors | None = None  # None: a question embeds the words it compares

    @property
    def generation(self) -> str:
        """The generation's name; another name is live once an ingest has switched."""
        return self.folder.name

    def sentence_vector_block(self, passage_row: int) -> Vectors:
        first, end = int(self.sentence_rows[passage_row]), int(self.sentence_rows[passage_row + 1])
        return np.asarray(self.sentence_vectors[first:end], dtype=np.float32)

    def vector_cache(self) -> VectorCache:
        """Every readable passage's vector and sentence vectors, by passage id (an ingest
        reuses them instead of embedding unchanged passages again)."""
        cache = {}
        for row in range(len(self.passages)):
            try:
                passage_id = self.passages[row].id
            except DamagedPassageError:  # its text is taken from the file again anyway
                continue
            cache[passage_id] = (
                np.asarray(self.passage_vectors[row]),
                np.asarray(self.sentence_vector_block(row)),
            )
        return cache


def current_generation(index_dir: Path) -> Path | None:
    pointer = index_dir / "CURRENT"
    if not pointer.is_file():
        return None
    folder = index_dir / pointer.read_text().strip()
    return folder if (folder / "manifest.json").is_file() else None


def load(index_dir: Path) -> IndexData:
    """Open the live generation of an index (vectors memory-mapped).

    Every file is opened and the parts are checked against each other and the
    manifest (counts, dimension, the passage table's size), so a damaged
    generation is reported here, in one line, not as a traceback mid-answer.

    Raises:
        IndexMissingError: nothing has been built there.
        StaleIndexError: built by another version of the index format, or damaged.
    """
    try:
        folder = current_generation(index_dir)
    except (OSError, ValueError) as exc:  # CURRENT unreadable or not text
        raise StaleIndexError(_damaged(index_dir, exc)) from exc
    if folder is None:
        raise IndexMissingError(f"no index at {index_dir}; run 'assistant ingest' first")
    try:
        raw = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        version = raw.get("schema_version") if isinstance(raw, dict) else None
    except (OSError, ValueError) as exc:
        raise StaleIndexError(_damaged(index_dir, exc)) from exc
    if version != SCHEMA_VERSION:
        raise StaleIndexError(
            f"index at {index_dir} has format {version}, "
            f"this version reads {SCHEMA_VERSION}; re-run 'assistant ingest'"
        )
    try:
        data = _open(folder, Manifest.model_validate(raw))
        _check(data)
    # Any failure to read a generation (numpy: EOFError/ValueError, FAISS: RuntimeError,
    # JSON/pydantic: ValueError, a missing file: OSError) means "rebuild it".
    except Exception as exc:
        raise StaleIndexError(_damaged(index_dir, exc)) from exc
    return data


def _damaged(index_dir: Path, exc: BaseException) -> str:
    why = " ".join(str(exc).split())[:160] or type(exc).__name__
    return f"index at {index_dir} cannot be read ({why}); re-run 'assistant ingest'"


def _check(data: IndexData) -> None:
    """The parts of a generation agree with each other and with the manifest.

    Raises:
        ValueError: naming the first part that does not.
    """
    m = data.manifest
    n, rows = m.passages, data.sentence_rows
    sizes = {
        "passage table": len(data.passages),
        "passage vectors": data.passage_vectors.shape[0],
        "dense index": len(data.dense),
    }
    for part, size in sizes.items():
        if size != n:
            raise ValueError(f"{part} holds {size} passages, the manifest {n}")
    for part, vectors in (("passage", data.passage_vectors), ("sentence", data.sentence_vectors)):
        if vectors.ndim != 2 or (len(vectors) and vectors.shape[1] != m.dimension):
            raise ValueError(f"{part} vectors are not {m.dimension}-dimensional")
    if rows.shape != (n + 1,) or (n and int(rows[-1]) != len(data.sentence_vectors)):
        raise ValueError("sentence rows do not match the sentence vectors")
    if len(data.sentence_vectors) != m.sentences:
        have = len(data.sentence_vectors)
        raise ValueError(f"{have} sentence vectors, the manifest {m.sentences}")
    if n and np.any(np.diff(np.asarray(rows)) < 0):
        raise ValueError("sentence rows are out of order")
    data.passages.check()
    if data.words is not None:
        data.words.check(m.dimension)


def _open(folder: Path, manifest: Manifest) -> IndexData:
    passages = PassageTable(folder)
    removed = json.loads((folder / "removed.json").read_text(encoding="utf-8"))
    return IndexData(
        folder=folder,
        manifest=manifest,
        passages=passages,
        passage_vectors=_npy(folder / "passage_vectors.npy"),
        sentence_vectors=_npy(folder / "sentence_vectors.npy"),
        sentence_rows=_npy(folder / "sentence_rows.npy"),
        dense=DenseIndex.load(folder / "dense.faiss", manifest.dense),
        sparse=SparseIndex.load(folder / "bm25", len(passages)),
        removed=[RemovedText.model_validate(r) for r in removed],
        words=WordVectors.load(folder),
    )


def write_generation(
    index_dir: Path,
    *,
    manifest: Manifest,
    passages: list[Passage],
    texts: list[str],
    passage_vectors: Vectors,
    sentence_vectors: Vectors,
    dense: DenseIndex,
    removed: list[RemovedText],
    words: WordVectors,
) -> Path:
    """Write a complete new generation and make it the live one.

    Args:
        index_dir: the index folder.
        manifest: what the generation holds.
        passages: the passages, in row order.
        texts: what the BM25 index holds for each passage (``passages.index_text``).
        passage_vectors: one row per passage.
        sentence_vectors: one row per sentence, passage by passage.
        dense: the dense index over ``passage_vectors``.
        removed: the text set aside as boilerplate, for the report.
        words: the vectors of the passages' words (``vocabulary.embed_vocabulary``).

    Returns:
        The new generation's folder.
    """
    index_dir.mkdir(parents=True, exist_ok=True)
    folder = index_dir / f"gen-{time.strftime('%Y%m%d-%H%M%S')}-{uuid.uuid4().hex[:6]}"
    staging = folder.with_name(folder.name + ".partial")
    staging.mkdir()
    # 1. Every file of the generation, in a folder no reader looks at.
    with step("docstore"):
        write_docstore(staging, passages)
        _write_json(staging / "removed.json", [r.model_dump() for r in removed])
    with step("vectors"):
        np.save(staging / "passage_vectors.npy", passage_vectors, allow_pickle=False)
        np.save(staging / "sentence_vectors.npy", sentence_vectors.astype(np.float16, copy=False))
        rows = np.cumsum([0] + [len(p.sentences) for p in passages], dtype=np.int64)
        np.save(staging / "sentence_rows.npy", rows, allow_pickle=False)
        words.save(staging)
    with step("faiss"):
        dense.save(staging / "dense.faiss")
    with step("bm25"):
        SparseIndex.build(texts).save(staging / "bm25")
    with step("manifest"):
        _write_json(staging / "manifest.json", manifest.model_dump())
    with step("fsync"):
        _fsync_tree(staging)
    # 2. Publish: rename the folder, then switch CURRENT atomically.
    os.replace(staging, folder)
    pointer = index_dir / f"CURRENT.{os.getpid()}.tmp"
    pointer.write_text(folder.name)
    _fsync_file(pointer)
    os.replace(pointer, index_dir / "CURRENT")
    _fsync_file(index_dir)
    # 3. Old generations and leftovers of crashed writers go.
    _sweep(index_dir, keep=folder.name)
    return folder


@contextlib.contextmanager
def write_lock(index_dir: Path) -> Iterator[None]:
    """One writer at a time per index folder (CLI and chat upload may race).

    Raises:
        IndexFolderError: the folder cannot be made (a file has its name, no permission).
    """
    try:
        index_dir.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        raise IndexFolderError(
            f"index folder {index_dir} is a file, not a folder (ASSISTANT_INDEX_DIR / --index)"
        ) from None
    except OSError as exc:
        raise IndexFolderError(
            f"cannot make the index folder {index_dir}: {exc.strerror}"
        ) from None
    with (index_dir / ".lock").open("w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _npy(path: Path) -> Any:
    return np.load(path, mmap_mode="r", allow_pickle=False)


def _write_json(path: Path, data: object) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_tree(folder: Path) -> None:
    for path in [*folder.rglob("*"), folder]:
        _fsync_file(path)


def _sweep(index_dir: Path, *, keep: str) -> None:
    for path in index_dir.iterdir():
        if path.is_dir() and path.name.startswith("gen-") and path.name != keep:
            shutil.rmtree(path, ignore_errors=True)
        elif path.name.startswith("CURRENT.") and path.name.endswith(".tmp"):
            path.unlink(missing_ok=True)

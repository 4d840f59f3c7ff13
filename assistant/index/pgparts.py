"""A generation in PostgreSQL, read the way retrieval and answering read a folder's.

Passages and vectors are fetched by row when they are needed (a retrieval reads a few
dozen) and kept in small LRU caches: a generation never changes once it is live. The
dense search is pgvector's (an exact scan, or HNSW on large indexes), by inner product
on unit vectors, as FAISS's; the keyword search is bm25s over arrays kept in the
database, or PostgreSQL's full-text search.
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, overload

import numpy as np

from assistant.embedding.vectors import Vectors
from assistant.errors import StaleIndexError
from assistant.index import store
from assistant.index.docstore import PassageStore
from assistant.index.postgres import Database
from assistant.index.sparse import SparseIndex
from assistant.index.vocabulary import WordVectors
from assistant.models import Passage, RemovedText
from assistant.settings import IndexSettings

_CACHE = 8192  # passages (and vectors) kept per generation


class _Lru:
    """A thread-safe LRU map of row -> value."""

    def __init__(self, size: int = _CACHE) -> None:
        self._items: OrderedDict[int, Any] = OrderedDict()
        self._size = size
        self._lock = threading.Lock()

    def get(self, row: int) -> Any:
        with self._lock:
            value = self._items.get(row)
            if value is not None:
                self._items.move_to_end(row)
            return value

    def put(self, row: int, value: Any) -> None:
        with self._lock:
            self._items[row] = value
            self._items.move_to_end(row)
            while len(self._items) > self._size:
                self._items.popitem(last=False)


class PgPassages(PassageStore):
    """The passage table of a generation, by row."""

    def __init__(self, db: Database, table: str, size: int, sources: dict[str, range]) -> None:
        self._db, self._table, self._size = db, table, size
        self.sources = sources
        self._cache = _Lru()  # row -> (Passage, first sentence-vector row)

    def __len__(self) -> int:
        return self._size

    @overload
    def __getitem__(self, row: int) -> Passage: ...

    @overload
    def __getitem__(self, row: slice) -> list[Passage]: ...

    def __getitem__(self, row: int | slice) -> Passage | list[Passage]:
        if isinstance(row, slice):
            rows = list(range(*row.indices(self._size)))
            self.prefetch(rows)
            return [self[i] for i in rows]
        return self.entry(row)[0]

    def entry(self, row: int) -> tuple[Passage, int]:
        """A row's passage and its first sentence-vector row."""
        if row < 0:
            row += self._size
        if not 0 <= row < self._size:
            raise IndexError(f"passage row {row} out of range (0..{self._size - 1})")
        cached = self._cache.get(row)
        if cached is None:
            self.prefetch([row])
            cached = self._cache.get(row)
        if cached is None:
            raise StaleIndexError(f"passage row {row} is missing from the index database")
        return cached  # type: ignore[no-any-return]

    def prefetch(self, rows: Iterable[int]) -> None:
        wanted = [int(r) for r in rows if self._cache.get(int(r)) is None]
        if not wanted:
            return
        found = self._db.rows(
            "select row, passage, first_sentence from {p} where row = any(%s)",
            [wanted],
            p=self._table,
        )
        for row, raw, first in found:
            self.remember(int(row), raw, int(first))

    def remember(self, row: int, raw: str, first: int) -> None:
        self._cache.put(row, (Passage.model_validate_json(raw), first))

    def row_of(self, passage_id: str) -> int | None:
        found = self._db.rows("select row from {p} where id = %s", [passage_id], p=self._table)
        return int(found[0][0]) if found else None

    def check(self) -> None:
        covered = sum(len(r) for r in self.sources.values())
        if covered != self._size:
            raise ValueError("the passage table's articles do not cover its rows")

    def close(self) -> None:
        """Nothing to let go: the database connection belongs to the generation."""


class PgVectors:
    """Vectors of a table by row, as a read-only array would give them (int, slice, rows)."""

    def __init__(self, db: Database, table: str, size: int, dim: int) -> None:
        self._db, self._table = db, table
        self.shape = (size, dim)
        self.ndim = 2
        self._cache = _Lru()

    def __len__(self) -> int:
        return self.shape[0]

    def __getitem__(self, rows: Any) -> Any:
        if isinstance(rows, slice):
            return self.fetch(range(*rows.indices(self.shape[0])))
        if np.ndim(rows) == 0:
            return self.fetch([int(rows)])[0]
        return self.fetch(np.asarray(rows, dtype=np.int64).tolist())

    def fetch(self, rows: Iterable[int]) -> Vectors:
        rows = [r + self.shape[0] if r < 0 else r for r in map(int, rows)]
        missing = sorted({r for r in rows if self._cache.get(r) is None})
        if missing:
            found = self._db.rows(
                "select row, vector from {t} where row = any(%s)", [missing], t=self._table
            )
            for row, vector in found:
                self.remember(int(row), vector)
        out = [self._cache.get(r) for r in rows]
        if any(v is None for v in out):
            raise StaleIndexError(f"vectors are missing from {self._table} in the index database")
        return np.stack(out) if out else np.zeros((0, self.shape[1]), dtype=np.float32)

    def remember(self, row: int, vector: Any) -> None:
        self._cache.put(row, np.asarray(vector, dtype=np.float32))


class PgDense:
    """pgvector's search by inner product (cosine on unit vectors), as FAISS's."""

    def __init__(self, db: Database, table: str, passages: PgPassages, vectors: PgVectors) -> None:
        self._db, self._table = db, table
        self._passages, self._vectors = passages, vectors

    def __len__(self) -> int:
        return len(self._passages)

    def search(self, query: Vectors, k: int, /) -> list[tuple[int, float]]:
        """Rows and cosines of the ``k`` nearest passages; their passages and vectors are
        kept, as fusion reads them next."""
        k = min(k, len(self))
        if k <= 0:
            return []
        q = np.asarray(query, dtype=np.float32).reshape(-1)
        # The k nearest first, then their passages: selected in one go, an exact scan
        # would carry every row's passage through the sort (1 s instead of ~0.1 at 100k).
        found = self._db.rows(
            "with hits as (select row, vector <#> %s as distance from {p} "
            "order by vector <#> %s limit %s) "
            "select h.row, -h.distance, p.passage, p.first_sentence, p.vector "
            "from hits h join {p} p using (row) order by h.distance, h.row",
            [q, q, k],
            p=self._table,
        )
        for row, _, raw, first, vector in found:
            self._passages.remember(int(row), raw, int(first))
            self._vectors.remember(int(row), vector)
        return [(int(r[0]), float(r[1])) for r in found]


class PgFullText:
    """PostgreSQL full-text search: the question's words OR-ed, ranked by ts_rank_cd."""

    def __init__(self, db: Database, table: str) -> None:
        self._db, self._table = db, table

    def search(self, query: str, k: int) -> list[tuple[int, float]]:
        words = re.findall(r"[^\W_]+", query)
        if not words or k <= 0:
            return []
        found = self._db.rows(
            "select row, ts_rank_cd(tsv, q) as score from {p}, to_tsquery('english', %s) q "
            "where tsv @@ q order by score desc, row limit %s",
            [" | ".join(words), k],
            p=self._table,
        )
        return [(int(row), float(score)) for row, score in found if score > 0]


@dataclass
class PgIndexData(store.IndexData):
    """A generation in the database; ``folder`` is the local index folder (checkpoints,
    derived texts)."""

    db: Database | None = None
    name: str = ""

    @property
    def generation(self) -> str:
        return self.name

    @classmethod
    def open(
        cls, db: Database, name: str, manifest: store.Manifest, index: IndexSettings
    ) -> PgIndexData:
        """Open generation ``name`` (reads its small blobs; passages and vectors on demand)."""
        blobs: dict[str, bytes] = {
            str(k): bytes(v) for k, v in db.rows("select name, data from {b}", b=f"blobs_{name}")
        }
        sources = {s: range(a, a + n) for s, (a, n) in json.loads(blobs["sources.json"]).items()}
        n, dim = manifest.passages, manifest.dimension
        passages = PgPassages(db, f"passages_{name}", n, sources)
        vectors = PgVectors(db, f"passages_{name}", n, dim)
        words = WordVectors.from_blobs(blobs)
        words.check(dim)
        data = cls(
            folder=index.dir,
            manifest=manifest,
            passages=passages,
            passage_vectors=vectors,
            sentence_vectors=PgVectors(db, f"sentences_{name}", manifest.sentences, dim),
            sentence_rows=np.zeros(0, dtype=np.int64),  # unused: the passages table has them
            dense=PgDense(db, f"passages_{name}", passages, vectors),
            sparse=_keyword_search(db, name, blobs, n),
            removed=[RemovedText.model_validate(r) for r in json.loads(blobs["removed.json"])],
            words=words,
            db=db,
            name=name,
        )
        data.passages.check()
        return data

    def sentence_vector_block(self, passage_row: int) -> Vectors:
        assert isinstance(self.passages, PgPassages)
        passage, first = self.passages.entry(passage_row)
        end = first + len(passage.sentences)
        assert self.db is not None
        found = self.db.rows(
            "select vector from {s} where row >= %s and row < %s order by row",
            [first, end],
            s=f"sentences_{self.name}",
        )
        dim = self.manifest.dimension
        if not found:
            return np.zeros((0, dim), dtype=np.float32)
        return np.stack([np.asarray(r[0], dtype=np.float32) for r in found])

    def vector_cache(self) -> store.VectorCache:
        """Every passage's vectors by id, read in two queries (not one per row)."""
        assert self.db is not None
        p, s = f"passages_{self.name}", f"sentences_{self.name}"
        heads = self.db.rows("select id, first_sentence, vector from {p} order by row", p=p)
        sentences = self.db.rows("select vector from {s} order by row", s=s)
        block = (
            np.stack([np.asarray(r[0], dtype=np.float32) for r in sentences]) if sentences else None
        )
        ends = [int(h[1]) for h in heads[1:]] + [len(sentences)]
        cache: store.VectorCache = {}
        for (pid, first, vector), end in zip(heads, ends, strict=True):
            part = block[int(first) : end] if block is not None else _empty(len(vector))
            cache[str(pid)] = (np.asarray(vector, dtype=np.float32), part)
        return cache


def _empty(dim: int) -> Vectors:
    return np.zeros((0, dim), dtype=np.float32)


def _keyword_search(
    db: Database, name: str, blobs: dict[str, bytes], size: int
) -> store.KeywordSearch:
    if not any(key.startswith("bm25/") for key in blobs):
        return PgFullText(db, f"passages_{name}")
    # bm25s reads a folder: the arrays are written to a temporary one and memory-mapped;
    # the folder goes at once (the mappings stay valid; the page cache holds them).
    folder = Path(tempfile.mkdtemp(prefix="assistant-bm25-"))
    try:
        for key, data in blobs.items():
            if key.startswith("bm25/"):
                (folder / key.removeprefix("bm25/")).write_bytes(data)
        return SparseIndex.load(folder, size)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def blobs_of(passages: list[Passage], removed: list[RemovedText]) -> dict[str, bytes]:
    """The article ranges and removed boilerplate of a generation, as JSON blobs."""
    sources: dict[str, list[int]] = {}
    for row, p in enumerate(passages):
        if p.source not in sources:
            sources[p.source] = [row, 0]
        sources[p.source][1] += 1
    return {
        "sources.json": json.dumps(sources).encode(),
        "removed.json": json.dumps([r.model_dump() for r in removed]).encode(),
    }


def lexical_blobs(texts: list[str], lexical: str) -> dict[str, bytes]:
    """The bm25s arrays over ``texts`` (none for full-text search: its index is a column)."""
    if lexical != "bm25s":
        return {}
    folder = Path(tempfile.mkdtemp(prefix="assistant-bm25-"))
    try:
        SparseIndex.build(texts).save(folder)
        return {f"bm25/{f.name}": f.read_bytes() for f in folder.iterdir() if f.is_file()}
    finally:
        shutil.rmtree(folder, ignore_errors=True)

"""An index in PostgreSQL with pgvector: generations written in one transaction.

One schema per index (``settings.index.schema_name``) holds:

- ``generations``: name, manifest (JSON) and creation time of each generation;
- ``live``: one row naming the live generation;
- per generation ``<g>``: ``passages_<g>`` (row, passage id, source, the passage as JSON,
  its first sentence-vector row, its vector, and, for full-text search, its index text
  and tsvector), ``sentences_<g>`` (row, halfvec) and ``blobs_<g>`` (the BM25 arrays,
  the article ranges, the removed boilerplate).

An ingest creates the new generation's tables, fills and indexes them, and switches
``live`` to them in one transaction: a crash at any point rolls all of it back and the
previous generation goes on serving. Readers check ``live`` before each question. The
generation before the live one is kept, so a reader that has not switched yet still
finds its tables; older ones are dropped.
"""

from __future__ import annotations

import re
import threading
import time
import uuid

import numpy as np

from assistant.embedding.vectors import Vectors
from assistant.errors import IndexMissingError, StaleIndexError
from assistant.index import store
from assistant.index.dense import DenseParams
from assistant.index.pgparts import PgIndexData, blobs_of, lexical_blobs
from assistant.index.postgres import Database, Writer
from assistant.index.vocabulary import WordVectors
from assistant.models import Passage, RemovedText
from assistant.settings import IndexSettings, Settings

_GENERATION = re.compile(r"^g[0-9]{8}_[0-9]{6}_[0-9a-f]{6}$")


_databases: dict[tuple[str, str, int], Database] = {}
_databases_lock = threading.Lock()


def database(settings: Settings) -> Database:
    """The database and schema of the index the settings name: one connection per
    process for each, shared by the generations it opens."""
    index = settings.index
    if not index.dsn:
        raise IndexMissingError(
            "ASSISTANT_INDEX_BACKEND=postgres needs ASSISTANT_INDEX_DSN=postgresql://..."
        )
    key = (index.dsn, schema_of(index), index.hnsw_ef_search)
    with _databases_lock:
        if key not in _databases:
            setup = [f"set hnsw.ef_search = {index.hnsw_ef_search:d}"]
            _databases[key] = Database(index.dsn, key[1], setup=setup)
        return _databases[key]


def schema_of(index: IndexSettings) -> str:
    """The schema: as set, else 'assistant_' and the index folder's name, made SQL-safe."""
    if index.schema_name:
        return index.schema_name
    name = re.sub(r"[^a-z0-9_]+", "_", index.dir.resolve().name.lower()).strip("_")
    return f"assistant_{name or 'default'}"[:63]


def dense_params(index: IndexSettings, passages: int) -> DenseParams:
    """Exact search up to ``hnsw_above`` passages (no index: a scan), HNSW above."""
    if passages <= index.hnsw_above:
        return DenseParams()
    return DenseParams(
        kind="hnsw",
        recall_at_10=0.0,  # not calibrated at build time: benchmarks/pg measures it
        hnsw_m=index.hnsw_m,
        hnsw_ef_construction=index.hnsw_ef_construction,
    )


def live_generation(settings: Settings, db: Database | None = None) -> str | None:
    """The live generation's name, None when the schema holds no index."""
    db = db or database(settings)
    if not db.has_index:  # once made, the table stays: one query per question after that
        found = db.rows("select to_regclass(%s)", [f'"{db.schema}".live'])
        if not found or found[0][0] is None:
            return None
        db.has_index = True
    rows = db.rows("select generation from {live}", live="live")
    return str(rows[0][0]) if rows else None


def load(settings: Settings) -> PgIndexData:
    """Open the live generation (nothing is read but its manifest and small blobs).

    Raises:
        IndexMissingError: the schema holds no index.
        StaleIndexError: it was built by another version of the index format.
        IndexUnavailableError: the database cannot be reached.
    """
    db = database(settings)
    name = live_generation(settings, db)
    if name is None:
        raise IndexMissingError(
            f"no index in schema {db.schema} of {db.where()}; run 'assistant ingest' first"
        )
    raw = db.rows("select manifest from {g} where name = %s", [name], g="generations")[0][0]
    version = raw.get("schema_version") if isinstance(raw, dict) else None
    if version != store.SCHEMA_VERSION:
        raise StaleIndexError(
            f"index in schema {db.schema} has format {version}, "
            f"this version reads {store.SCHEMA_VERSION}; re-run 'assistant ingest'"
        )
    manifest = store.Manifest.model_validate(raw)
    return PgIndexData.open(db, name, manifest, settings.index)


def write_generation(
    settings: Settings,
    *,
    manifest: store.Manifest,
    passages: list[Passage],
    texts: list[str],
    passage_vectors: Vectors,
    sentence_vectors: Vectors,
    removed: list[RemovedText],
    words: WordVectors,
) -> str:
    """Write a complete new generation and make it the live one, in one transaction.

    Returns:
        The new generation's name.
    """
    db = database(settings)
    name = f"g{time.strftime('%Y%m%d_%H%M%S')}_{uuid.uuid4().hex[:6]}"
    dim = int(manifest.dimension)
    fulltext = settings.index.lexical == "fulltext"
    with db.transaction() as tx:
        # 1. One writer per schema at a time (several ingest machines may race).
        tx.execute("create schema if not exists {schema}")
        tx.execute("select pg_advisory_xact_lock(hashtext(%s))", [db.schema])
        memory = f"{settings.index.build_memory_mb:d}MB"
        tx.execute("select set_config('maintenance_work_mem', %s, true)", [memory])
        _create_shared(tx)
        # 2. The generation's tables, filled by binary COPY, then indexed.
        _create_generation(tx, name, dim)
        _copy_passages(tx, name, passages, texts if fulltext else None, passage_vectors)
        tx.copy(
            f"sentences_{name}",
            ["row", "vector"],
            ["int4", "halfvec"],
            ((i, v) for i, v in enumerate(sentence_vectors.astype(np.float16, copy=False))),
        )
        blobs = blobs_of(passages, removed) | lexical_blobs(texts, settings.index.lexical)
        blobs |= words.as_blobs()
        tx.copy(f"blobs_{name}", ["name", "data"], ["text", "bytea"], blobs.items())
        _index_generation(tx, name, manifest.dense, fulltext=fulltext)
        # 3. Publish, and drop all but the new and the previous generation.
        tx.execute(
            "insert into {g} (name, manifest) values (%s, %s::jsonb)",
            [name, manifest.model_dump_json()],
            g="generations",
        )
        previous = tx.execute("select generation from {live}", live="live")
        tx.execute(
            "insert into {live} (id, generation) values (1, %s) "
            "on conflict (id) do update set generation = excluded.generation",
            [name],
            live="live",
        )
        keep = {name, *(str(r[0]) for r in previous)}
        _drop_others(tx, keep)
    return name


def _create_shared(tx: Writer) -> None:
    tx.execute(
        "create table if not exists {g} (name text primary key, manifest jsonb not null, "
        "created timestamptz not null default now())",
        g="generations",
    )
    tx.execute(
        "create table if not exists {live} (id int primary key check (id = 1), "
        "generation text not null)",
        live="live",
    )


def _create_generation(tx: Writer, name: str, dim: int) -> None:
    tx.execute(
        "create table {p} (row int4 not null, id text not null, source text not null, "
        f"passage text not null, first_sentence int4 not null, vector vector({dim:d}) not null, "
        "body text, tsv tsvector generated always as (to_tsvector('english', coalesce(body, ''))) "
        "stored)",
        p=f"passages_{name}",
    )
    tx.execute(
        f"create table {{s}} (row int4 not null, vector halfvec({dim:d}) not null)",
        s=f"sentences_{name}",
    )
    tx.execute("create table {b} (name text primary key, data bytea not null)", b=f"blobs_{name}")


def _copy_passages(
    tx: Writer, name: str, passages: list[Passage], bodies: list[str] | None, vectors: Vectors
) -> None:
    first = np.cumsum([0] + [len(p.sentences) for p in passages], dtype=np.int64)
    rows = (
        (
            row,
            p.id,
            p.source,
            p.model_dump_json(),
            int(first[row]),
            np.asarray(vectors[row], dtype=np.float32),
            bodies[row] if bodies is not None else None,
        )
        for row, p in enumerate(passages)
    )
    tx.copy(
        f"passages_{name}",
        ["row", "id", "source", "passage", "first_sentence", "vector", "body"],
        ["int4", "text", "text", "text", "int4", "vector", "text"],
        rows,
    )


def _index_generation(tx: Writer, name: str, dense: DenseParams, *, fulltext: bool) -> None:
    p, s = f"passages_{name}", f"sentences_{name}"
    tx.execute("alter table {p} add primary key (row)", p=p)
    tx.execute("create index on {p} (id)", p=p)
    tx.execute("alter table {s} add primary key (row)", s=s)
    if fulltext:
        tx.execute("create index on {p} using gin (tsv)", p=p)
    if dense.kind == "hnsw":
        tx.execute(
            "create index on {p} using hnsw (vector vector_ip_ops) "
            f"with (m = {dense.hnsw_m:d}, ef_construction = {dense.hnsw_ef_construction:d})",
            p=p,
        )
    tx.execute("analyze {p}", p=p)


def _drop_others(tx: Writer, keep: set[str]) -> None:
    names = [str(r[0]) for r in tx.execute("select name from {g}", g="generations")]
    for old in names:
        if old in keep or not _GENERATION.match(old):
            continue
        for table in ("passages", "sentences", "blobs"):
            tx.execute("drop table if exists {t}", t=f"{table}_{old}")
        tx.execute("delete from {g} where name = %s", [old], g="generations")

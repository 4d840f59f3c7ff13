"""The connection to the index database. The only module that imports psycopg and pgvector.

Queries are written with ``{name}`` placeholders for tables; :class:`Database` fills
them in as identifiers qualified by the index's schema, so no table name is ever
pasted into SQL as text. Every driver error becomes :class:`IndexUnavailableError`,
one line naming the server, and the broken connection is dropped: the next call
connects again, so a process outlives a database restart.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import numpy as np

from assistant.errors import IndexUnavailableError

Row = tuple[Any, ...]


def _psycopg() -> Any:
    import psycopg

    return psycopg


def _connect(dsn: str, setup: Sequence[str], *, create: bool = False) -> Any:
    """A connection in autocommit mode, pgvector's types registered when the extension
    is there (``create``: made first, if it is not)."""
    from pgvector.psycopg import register_vector

    conn = _psycopg().connect(dsn, autocommit=True, connect_timeout=10)
    try:
        have = conn.execute("select 1 from pg_extension where extname = 'vector'").fetchone()
        if create and not have:
            conn.execute("create extension if not exists vector")
        if have or create:
            register_vector(conn)
        for statement in setup:
            conn.execute(statement)
    except BaseException:
        conn.close()
        raise
    return conn


class Writer:
    """One open transaction of :meth:`Database.transaction`."""

    def __init__(self, conn: Any, database: Database) -> None:
        self._conn = conn
        self._db = database

    def execute(self, query: str, params: Sequence[Any] = (), **tables: str) -> list[Row]:
        cur = self._conn.execute(self._db.compose(query, tables), params)
        return [_plain_row(r) for r in cur.fetchall()] if cur.description else []

    def copy(
        self, table: str, columns: Sequence[str], types: Sequence[str], rows: Iterable[Row]
    ) -> int:
        """Binary COPY of ``rows`` into ``table``; float16 arrays go in as halfvec."""
        sql = _psycopg().sql
        query = sql.SQL("copy {} ({}) from stdin (format binary)").format(
            sql.Identifier(self._db.schema, table), sql.SQL(", ").join(map(sql.Identifier, columns))
        )
        n = 0
        with self._conn.cursor() as cur, cur.copy(query) as copy:
            copy.set_types(list(types))
            for row in rows:
                copy.write_row([_dumpable(v) for v in row])
                n += 1
        return n


class Database:
    """A lazily opened connection to the index database, shared by a process's threads.

    Args:
        dsn: libpq connection string or URI.
        schema: the schema holding the index's tables.
    """

    def __init__(self, dsn: str, schema: str, *, setup: Sequence[str] = ()) -> None:
        self.dsn = dsn
        self.schema = schema
        self.setup = tuple(setup)  # statements run on each new connection (SET ...)
        self.has_index = False  # the schema's tables were seen (they are never dropped)
        self._conn: Any = None
        self._lock = threading.RLock()

    def where(self) -> str:
        """host:port/database, without the password, for messages."""
        try:
            info = _psycopg().conninfo.conninfo_to_dict(self.dsn)
        except Exception:
            return "(unparsable ASSISTANT_INDEX_DSN)"
        host = info.get("host") or "localhost"
        return f"{host}:{info.get('port') or 5432}/{info.get('dbname') or info.get('user') or ''}"

    def compose(self, query: str, tables: dict[str, str]) -> Any:
        sql = _psycopg().sql
        names = {k: sql.Identifier(self.schema, v) for k, v in tables.items()}
        return sql.SQL(query).format(schema=sql.Identifier(self.schema), **names)

    def rows(self, query: str, params: Sequence[Any] = (), **tables: str) -> list[Row]:
        """The rows of one statement, run on its own (autocommit).

        A connection the server dropped meanwhile (a restart, a failover) is replaced
        and the statement run once more: a read is safe to repeat.
        """
        statement = self.compose(query, tables)
        with self._lock, self._errors():
            if self._conn is not None:
                try:
                    return self._run(statement, params)
                except _psycopg().OperationalError:
                    self._drop()
            self._conn = _connect(self.dsn, self.setup)
            return self._run(statement, params)

    def _run(self, statement: Any, params: Sequence[Any]) -> list[Row]:
        cur = self._conn.execute(statement, params)
        return [_plain_row(r) for r in cur.fetchall()] if cur.description else []

    def _drop(self) -> None:
        with contextlib.suppress(Exception):
            self._conn.close()
        self._conn = None

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Writer]:
        """A new connection and one transaction: committed when the block ends, rolled
        back when it raises (or when the process dies: the server drops it)."""
        with self._errors():
            conn = _connect(self.dsn, self.setup, create=True)
            try:
                with conn.transaction():
                    yield Writer(conn, self)
            finally:
                conn.close()
            # A reader connection opened before the transaction made the vector extension
            # does not know its types: the next read opens a new one.
            with self._lock:
                if self._conn is not None:
                    self._drop()

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
            self._conn = None

    @contextlib.contextmanager
    def _errors(self) -> Iterator[None]:
        psycopg = _psycopg()
        try:
            yield
        except psycopg.Error as exc:
            if self._conn is not None and (self._conn.closed or self._conn.broken):
                self._drop()
            why = " ".join(str(exc).split())[:200] or type(exc).__name__
            if isinstance(exc, psycopg.OperationalError):
                raise IndexUnavailableError(
                    f"the index database {self.where()} cannot be reached ({why}); "
                    "it is tried again on the next request"
                ) from None
            raise IndexUnavailableError(
                f"the index database {self.where()} failed: {why}"
            ) from None


def _dumpable(value: Any) -> Any:
    if isinstance(value, np.ndarray) and value.dtype == np.float16:
        from pgvector import HalfVector

        return HalfVector(value)
    return value


def _plain_row(row: Row) -> Row:
    return tuple(_plain(v) for v in row)


def _plain(value: Any) -> Any:
    """halfvec values as float16 arrays (vector values already come as float32 arrays)."""
    to_numpy = getattr(value, "to_numpy", None)
    if to_numpy is not None and not isinstance(value, np.ndarray):
        return np.asarray(to_numpy(), dtype=np.float16)
    return value

"""The index tests' real PostgreSQL server (tests/index/pgserver.py), one per session."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import pytest

from tests.index.pgserver import PgServer

_numbers = itertools.count(1)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    """PostgreSQL 18 + pgvector on a free loopback port, in a temporary folder."""
    server = PgServer()
    server.start()
    try:
        yield server
    finally:
        server.remove()


@pytest.fixture
def pg_dsn(pg_server: PgServer) -> str:
    """A new, empty database (with pgvector) on the session's server."""
    return pg_server.create_database(f"test_{next(_numbers)}")

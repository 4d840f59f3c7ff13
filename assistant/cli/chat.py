"""``assistant chat``: serve the chat UI on this machine (Chainlit, headless)."""

from __future__ import annotations

import errno
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import typer

from assistant.cli.app import CorpusOption, IndexOption, app, say
from assistant.settings import Settings
from assistant.ui import access
from assistant.ui.frontend import prepare_offline_build

APP_FILE = Path(__file__).resolve().parent.parent / "ui" / "app.py"
PROJECT_ROOT = APP_FILE.parents[2]
# Environment switches of ``chainlit run`` that must not leak in from the
# caller's shell: CI=true, for one, makes Chainlit set a fake OpenAI key.
_CHAINLIT_FLAGS = ("CI", "WATCH", "HEADLESS", "DEBUG", "NO_CACHE", "RUN_TARGET")
_READY_TIMEOUT = 120.0


@app.command()
def chat(
    port: int | None = typer.Option(
        None, "--port", min=1, max=65535, help="Port [default: ASSISTANT_UI_PORT or 8000]."
    ),
    host: str | None = typer.Option(
        None, "--host", help="Address to bind [default: ASSISTANT_UI_HOST or 127.0.0.1]."
    ),
    corpus: CorpusOption = None,
    index: IndexOption = None,
) -> None:
    """Start the chat at http://HOST:PORT (no browser is opened; Ctrl+C stops it).

    The first start builds the index (progress is shown here and in the chat).
    Articles users upload in the chat are added to the corpus folder.
    """
    settings = Settings().with_folders(corpus, index)
    host = host or settings.ui.host
    port = port or settings.ui.port
    root = app_root()
    password = settings.ui.password.get_secret_value() if settings.ui.password else None
    problem = bind_problem(host, port) or access.start_problem(host, password)
    if problem:
        say(f"error: {problem}")
        raise typer.Exit(2)
    if prepare_offline_build(root) is None:
        say("note: Chainlit's own frontend is served (it asks a CDN for fonts)")
    url = f"http://{'127.0.0.1' if host in ('0.0.0.0', '::') else host}:{port}"
    command = [
        sys.executable,
        "-m",
        "chainlit",
        "run",
        str(APP_FILE),
        "--headless",
        "--host",
        host,
        "--port",
        str(port),
    ]
    env = server_environment(settings, root, password=password)
    server = subprocess.Popen(command, cwd=root, env=env)
    signal.signal(signal.SIGTERM, lambda *_: server.terminate())  # stop the server with us
    try:
        if wait_until_up(url, server):
            typer.echo(f"Chat: {url}  (Ctrl+C to stop)")
        server.wait()
    except KeyboardInterrupt:
        server.terminate()
        server.wait(timeout=10)
    if server.returncode and server.returncode > 0:
        raise typer.Exit(server.returncode)


def app_root() -> Path:
    """Folder with ``.chainlit/config.toml`` and ``chainlit.md``: CHAINLIT_APP_ROOT or the
    project folder."""
    root = Path(os.environ.get("CHAINLIT_APP_ROOT") or PROJECT_ROOT).resolve()
    if not (root / ".chainlit" / "config.toml").is_file():
        say(
            f"error: no .chainlit/config.toml in {root}; set CHAINLIT_APP_ROOT to the project "
            "folder"
        )
        raise typer.Exit(2)
    return root


def server_environment(
    settings: Settings, root: Path, *, password: str | None = None
) -> dict[str, str]:
    """The server's environment: the caller's, with absolute corpus and index folders
    and the password, if any."""
    env = {k: v for k, v in os.environ.items() if k not in _CHAINLIT_FLAGS}
    env["CHAINLIT_APP_ROOT"] = str(root)
    # The server runs in the app root: relative folders must mean what they meant here.
    env["ASSISTANT_CORPUS_DIR"] = str(settings.corpus.dir.resolve())
    env["ASSISTANT_INDEX_DIR"] = str(settings.index.dir.resolve())
    if settings.ui.history_file is not None:
        env["ASSISTANT_UI_HISTORY_FILE"] = str(settings.ui.history_file.resolve())
    if password:
        env[access.PASSWORD_VARIABLE] = password
    return env


def bind_problem(host: str, port: int) -> str | None:
    """Why ``host:port`` cannot be bound now, in one line; None when it can."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        # As the server will: a port left in TIME_WAIT by a stopped chat is free.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except socket.gaierror:
            return f"--host {host} is not an address (use e.g. 127.0.0.1)"
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                return f"port {port} on {host} is in use; choose another with --port"
            if exc.errno == errno.EADDRNOTAVAIL:
                return f"--host {host} is not an address of this machine"
            return f"cannot listen on {host}:{port}: {exc.strerror}"
    return None


def port_free(host: str, port: int) -> bool:
    """Whether ``host:port`` can be bound now."""
    return bind_problem(host, port) is None


def wait_until_up(url: str, server: subprocess.Popen[bytes]) -> bool:
    """Poll the server's /health until it answers; False if it exits first."""
    deadline = time.monotonic() + _READY_TIMEOUT
    while time.monotonic() < deadline and server.poll() is None:
        try:
            with urllib.request.urlopen(f"{url}/health", timeout=1) as response:
                if response.status == 200:
                    return True
        except OSError:
            time.sleep(0.2)
    return False

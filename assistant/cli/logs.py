"""A quiet console: library log lines go to a file, not the user's terminal.

Libraries log on their own (bm25s at DEBUG, onnxruntime's quantiser through the
root logger, which it also configures). A command prints the assistant's progress
and results only; everything libraries log goes to ``assistant.log`` next to the
index folder (``indexes/assistant.log`` by default), or to the terminal with
``--verbose``.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

LOG_NAME = "assistant.log"
_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def quiet_console(*, verbose: bool, log_dir: Path | None) -> Path | None:
    """Send library logging to a file (or to stderr when ``verbose``).

    A handler on the root logger is set first, so a library's own ``basicConfig``
    later does nothing. Python warnings are logged the same way.

    Returns:
        The log file, when one is written.
    """
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    path: Path | None = None
    handler: logging.Handler
    if verbose:
        handler = logging.StreamHandler(sys.stderr)
    elif log_dir is not None and _usable(log_dir):
        path = log_dir / LOG_NAME
        handler = logging.FileHandler(path, encoding="utf-8", delay=True)
    else:
        handler = logging.NullHandler()
    handler.setFormatter(logging.Formatter(_FORMAT))
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    logging.captureWarnings(True)
    return path


def _usable(folder: Path) -> bool:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return False
    return folder.is_dir()

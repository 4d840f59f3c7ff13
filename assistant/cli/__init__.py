"""The ``assistant`` command line. One module per command; errors become one line."""

from __future__ import annotations

import sys

from assistant.cli import ask as _ask  # noqa: F401  (registers the command)
from assistant.cli import chat as _chat  # noqa: F401  (registers the command)
from assistant.cli import eval as _eval  # noqa: F401  (registers the command)
from assistant.cli import ingest as _ingest  # noqa: F401  (registers the command)
from assistant.cli.app import app, say
from assistant.errors import AssistantError

EXIT_ERROR = 2


def main() -> None:
    """Entry point of the ``assistant`` script: errors a user can cause are one line."""
    try:
        app()
    except AssistantError as exc:
        say(f"error: {exc}")
        sys.exit(EXIT_ERROR)


__all__ = ["app", "main"]

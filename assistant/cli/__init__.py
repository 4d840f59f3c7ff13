"""The ``assistant`` command line. One module per command; errors become one line."""

from __future__ import annotations

import sys
from typing import Any

from assistant.cli import ask as _ask  # noqa: F401  (registers the command)
from assistant.cli import chat as _chat  # noqa: F401  (registers the command)
from assistant.cli import eval as _eval  # noqa: F401  (registers the command)
from assistant.cli import feedback as _feedback  # noqa: F401  (registers the command)
from assistant.cli import ingest as _ingest  # noqa: F401  (registers the command)
from assistant.cli.app import app, say
from assistant.errors import AssistantError

EXIT_ERROR = 2


def main() -> None:
    """Entry point of the ``assistant`` script: errors a user can cause are one line."""
    from pydantic import ValidationError
    from pydantic_settings import SettingsError

    try:
        app()
    except AssistantError as exc:
        say(f"error: {exc}")
        sys.exit(EXIT_ERROR)
    except ValidationError as exc:  # a bad ASSISTANT_* value
        say(f"error: {setting_problem(exc)}")
        sys.exit(EXIT_ERROR)
    except SettingsError as exc:
        say(f"error: a setting cannot be read: {exc}")
        sys.exit(EXIT_ERROR)


def setting_problem(exc: Any) -> str:
    """One line naming the environment variable of the first bad setting and what is wrong."""
    first = exc.errors()[0]
    loc = [str(part) for part in first.get("loc", ())]
    name = "ASSISTANT_" + "_".join(loc).upper() if loc else "a setting"
    value = first.get("input")
    got = f" (got {value!r})" if isinstance(value, str | int | float) else ""
    return f"{name}: {first.get('msg', 'invalid value')}{got}"


__all__ = ["app", "main"]

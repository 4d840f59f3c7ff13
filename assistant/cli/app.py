"""The Typer app and what every command shares: settings, errors, output."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from assistant.cli.logs import quiet_console
from assistant.text.terminal import for_terminal

app = typer.Typer(
    name="assistant",
    help="Answer questions about news articles, citing the exact sentences.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

CorpusOption = Annotated[
    Path | None,
    typer.Option("--corpus", help="Folder of articles [default: ASSISTANT_CORPUS_DIR or seeds]."),
]
IndexOption = Annotated[
    Path | None,
    typer.Option("--index", help="Index folder [default: ASSISTANT_INDEX_DIR or indexes/default]."),
]


@app.callback()
def _console(
    verbose: Annotated[
        bool, typer.Option("--verbose", help="Show libraries' log lines on the terminal.")
    ] = False,
) -> None:
    """Answer questions about news articles, citing the exact sentences.

    Libraries' log lines go to assistant.log next to the index folder, or to the
    terminal with --verbose.
    """
    quiet_console(verbose=verbose, log_dir=_log_dir())


def _log_dir() -> Path | None:
    from assistant.settings import Settings

    try:
        return Settings().index.dir.parent
    except Exception:  # a bad setting: the command itself reports it in one line
        return None


def say(message: str) -> None:
    """Progress and notices go to stderr, so stdout stays clean for --json."""
    print(for_terminal(message), file=sys.stderr, flush=True)


def show(text: str) -> None:
    """What a command prints for people, on stdout; control characters shown, not obeyed.

    JSON output does not come here: it escapes what it must itself.
    """
    typer.echo(for_terminal(text))

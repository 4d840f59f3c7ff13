"""The Typer app and what every command shares: settings, errors, output."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

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


def say(message: str) -> None:
    """Progress and notices go to stderr, so stdout stays clean for --json."""
    print(for_terminal(message), file=sys.stderr, flush=True)


def show(text: str) -> None:
    """What a command prints for people, on stdout; control characters shown, not obeyed.

    JSON output does not come here: it escapes what it must itself.
    """
    typer.echo(for_terminal(text))

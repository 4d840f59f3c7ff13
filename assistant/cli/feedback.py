"""``assistant feedback export``: the answers rated in the chat, as an evaluation dataset."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from assistant.cli.app import CorpusOption, IndexOption, app, say, show
from assistant.settings import Settings

feedback_app = typer.Typer(help="The thumbs up and down given in the chat.", no_args_is_help=True)
app.add_typer(feedback_app, name="feedback")


@feedback_app.command("export")
def export(
    out: Annotated[
        Path,
        typer.Option("--out", help="Dataset file to write (JSON Lines)."),
    ] = Path("evals/feedback.jsonl"),
    corpus: CorpusOption = None,
    index: IndexOption = None,
) -> None:
    """Write the rated answers of the kept chats as a dataset for `assistant eval --dataset`.

    A thumbs up pins the answer (its quoted sentences must be stated again); a thumbs
    down fails until the answer is fixed: text in double quotes in the comment is the
    right answer, a comment saying the articles do not say it expects a refusal, and
    otherwise the flagged sentences may not be quoted again.
    """
    from assistant.evaluation.dataset import save_dataset
    from assistant.ui.feedback import export_dataset
    from assistant.ui.history import rated_answers

    settings = Settings().with_folders(corpus, index)
    rated = rated_answers(settings.history_path())
    made = export_dataset(rated, corpus=settings.corpus.dir, out=out)
    out.parent.mkdir(parents=True, exist_ok=True)
    save_dataset(made.dataset, out)
    for item in made.dataset.items:
        show(f"{item.id} [{item.type}] {item.question}")
    for reason in made.left_out:
        say(f"left out {reason}")
    ups = sum(item.id.startswith("up-") for item in made.dataset.items)
    say(
        f"wrote {len(made.dataset.items)} items ({ups} thumbs up, "
        f"{len(made.dataset.items) - ups} thumbs down) to {out}; run: assistant eval "
        f"--dataset {out}"
    )

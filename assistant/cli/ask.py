"""``assistant ask``: answer questions; several questions are one conversation."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from assistant.cli.app import CorpusOption, IndexOption, app, say, show
from assistant.core import Assistant
from assistant.models import Answer, AnswerMode, Citation
from assistant.retrieval.filters import ArticleFilter
from assistant.settings import Settings

ModeOption = Annotated[
    AnswerMode | None,
    typer.Option(
        "--mode",
        help="extractive: quote the articles; llm: the model ASSISTANT_LLM names writes the "
        "answer, checked against its citations (default: llm when ASSISTANT_LLM is set).",
    ),
]


@app.command()
def ask(
    questions: Annotated[list[str], typer.Argument(help="One or more questions, in order.")],
    corpus: CorpusOption = None,
    index: IndexOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON answer per line.")] = False,
    k: Annotated[
        int | None, typer.Option("--k", min=1, max=50, help="Passages to retrieve.")
    ] = None,
    mode: ModeOption = None,
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            help="Only articles published on or after this date (YYYY-MM-DD); undated "
            "articles are left out.",
        ),
    ] = None,
    outlet: Annotated[
        str | None,
        typer.Option("--outlet", help='Only articles of this outlet, e.g. "Associated Press".'),
    ] = None,
) -> None:
    """Answer questions from the articles, citing each sentence.

    Later questions may follow up on earlier ones ("Where is he based?"). The
    index is built first if it is missing or out of date.
    """
    ArticleFilter.of(since=since, outlet=outlet)  # a bad date fails before the index opens
    bot = Assistant.open(settings=Settings().with_folders(corpus, index), progress=say)
    history: list[Answer] = []
    for question in questions:
        answer = bot.ask(question, history, k=k, mode=mode, since=since, outlet=outlet)
        history.append(answer)
        if as_json:
            typer.echo(answer.model_dump_json())
        else:
            show(render(answer, index_dir=bot.settings.index.dir))


def render(answer: Answer, *, index_dir: Path | None = None) -> str:
    """An answer for a terminal: the text, then numbered quotes with their sources.

    Args:
        answer: the answer.
        index_dir: the index folder, to give the full path of derived texts.
    """
    lines = [f"Q: {answer.question}"]
    if answer.standalone_question and answer.standalone_question != answer.question:
        lines.append(f"   (understood as: {answer.standalone_question})")
    lines.append(f"A: {answer.text}")
    if answer.notice:
        lines.append(f"   note: {answer.notice}")
    for c in answer.citations:
        lines.append(f'  [{c.marker}] "{c.quote}"')
        lines.append(f"      {c.source} chars {c.start}-{c.end} ({c.title})")
        lines += [f"      {line}" for line in _provenance(c, index_dir)]
    if answer.nearest:
        lines.append("   closest passages (not an answer; try asking with their words):")
        for c in answer.nearest:
            lines.append(f'   - "{c.quote}"')
            lines.append(f"     {c.source} chars {c.start}-{c.end} ({c.title})")
    return "\n".join(lines) + "\n"


def _provenance(c: Citation, index_dir: Path | None) -> list[str]:
    """Who published the cited article and when; where its text and original are."""
    byline = ", ".join(x for x in (c.outlet, c.date, f"by {c.author}" if c.author else "") if x)
    lines = [byline] if byline else []
    if c.text_file:
        where = (index_dir / c.text_file).as_posix() if index_dir else c.text_file
        lines.append(f"offsets into {where}")
    if c.url:
        lines.append(c.url)
    return lines

"""``assistant eval``: run an evaluation dataset through the assistant and gate on quality."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from assistant.cli.app import app, say
from assistant.settings import Settings

EXIT_MISSED = 1  # a threshold was missed (each is named on stderr)


@app.command("eval")
def eval_command(
    dataset: Annotated[
        Path | None,
        typer.Option(
            "--dataset",
            help="Dataset JSONL (default: ASSISTANT_EVAL_DATASET or evals/seeds.jsonl).",
        ),
    ] = None,
    report: Annotated[
        Path | None,
        typer.Option(
            "--report", help="Report folder (default: ASSISTANT_EVAL_REPORT_DIR or evals/reports)."
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
    squad: Annotated[
        Path | None,
        typer.Option("--squad", help="Import a SQuAD v1.1/v2.0 JSON file and evaluate on it."),
    ] = None,
    thresholds: Annotated[
        Path | None,
        typer.Option(
            "--thresholds",
            help="Thresholds TOML (default: ASSISTANT_EVAL_THRESHOLDS or evals/thresholds.toml).",
        ),
    ] = None,
    limit: Annotated[
        int | None,
        typer.Option("--limit", min=1, help="SQuAD: import at most this many questions."),
    ] = None,
) -> None:
    """Evaluate answers on a dataset: retrieval, correctness, citations, refusals, conflicts.

    Writes a JSON and an HTML report (the last is REPORT/latest.json and
    latest.html). Exit status: 0 when every threshold of the dataset is met, 1
    when one is missed (each is named), 2 on an error.
    """
    from assistant.evaluation.dataset import load_dataset
    from assistant.evaluation.report import summary
    from assistant.evaluation.runner import run_eval
    from assistant.evaluation.write import write_report

    settings = Settings()
    if report is not None:
        settings.eval.report_dir = report
    if thresholds is not None:
        settings.eval.thresholds = thresholds
    if squad is not None:
        from assistant.evaluation.squad import import_squad

        target = settings.eval.report_dir / "squad" / squad.stem
        data = import_squad(squad, target, limit=limit)
        say(f"imported {len(data.items)} SQuAD questions into {data.path}")
    else:
        data = load_dataset(dataset or settings.eval.dataset)
    with typer.progressbar(length=len(data.items), label="evaluating", file=sys.stderr) as bar:
        result = run_eval(data, settings, progress=lambda *_: bar.update(1), say=say)
    json_path, html_path = write_report(result, settings.eval.report_dir)
    if as_json:
        typer.echo(result.model_dump_json(indent=2))
    else:
        typer.echo(summary(result))
    say(f"report: {html_path} and {json_path}")
    if not result.passed:
        for gate in result.missed:
            say(f"threshold missed: {gate.describe()}")
        raise typer.Exit(EXIT_MISSED)

"""``assistant eval``: run an evaluation dataset through the assistant and gate on quality."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from assistant.cli.app import app, say, show
from assistant.settings import Settings

if TYPE_CHECKING:
    from assistant.evaluation.dataset import Dataset
    from assistant.evaluation.report import EvalReport

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
        typer.Option(
            "--limit", min=1, help="SQuAD / RealTimeQA: import at most this many questions."
        ),
    ] = None,
    held_out: Annotated[
        bool,
        typer.Option(
            "--held-out",
            help="SQuAD: only the validation articles the answer ranker was never trained on.",
        ),
    ] = False,
    realtimeqa: Annotated[
        Path | None,
        typer.Option(
            "--realtimeqa",
            help="Import RealTimeQA's all_qa.jsonl (news; its evidence passages become the "
            "corpus) and evaluate on it.",
        ),
    ] = None,
    compare: Annotated[
        bool,
        typer.Option(
            "--compare",
            help="Run twice, with the hand-weighted scorer and with the answer ranker, and "
            "print both side by side.",
        ),
    ] = False,
) -> None:
    """Evaluate answers on a dataset: retrieval, correctness, citations, refusals, conflicts.

    Writes a JSON and an HTML report (the last is REPORT/latest.json and
    latest.html). Exit status: 0 when every threshold of the dataset is met, 1
    when one is missed (each is named), 2 on an error.
    """
    from assistant.evaluation.report import side_by_side, summary
    from assistant.evaluation.write import write_report

    settings = Settings()
    if report is not None:
        settings.eval.report_dir = report
    if thresholds is not None:
        settings.eval.thresholds = thresholds
    data = _dataset(settings, dataset, squad, realtimeqa, limit=limit, held_out=held_out)
    before = None
    if compare:
        hand = settings.model_copy(deep=True)
        hand.answer.ranker = "none"
        before = _run(data, hand, label="evaluating (hand-weighted scorer)")
        settings.answer.ranker = "learned"
    result = _run(data, settings, label="evaluating")
    json_path, html_path = write_report(result, settings.eval.report_dir)
    if as_json:
        typer.echo(result.model_dump_json(indent=2))
    else:
        show(summary(result))
        if before is not None:
            show(side_by_side(before, result, ("hand-weighted", "ranker")))
    say(f"report: {html_path} and {json_path}")
    if not result.passed:
        for gate in result.missed:
            say(f"threshold missed: {gate.describe()}")
        raise typer.Exit(EXIT_MISSED)


def _dataset(
    settings: Settings,
    dataset: Path | None,
    squad: Path | None,
    realtimeqa: Path | None,
    *,
    limit: int | None,
    held_out: bool,
) -> Dataset:
    """The dataset to run: a JSONL file, or one imported from SQuAD or RealTimeQA."""
    from assistant.evaluation.dataset import load_dataset

    if squad is not None:
        from assistant.evaluation.squad import import_squad, validation_articles

        articles = validation_articles(squad) if held_out else None
        name = squad.stem + ("-held-out" if held_out else "")
        data = import_squad(
            squad, settings.eval.report_dir / "squad" / name, limit=limit, articles=articles
        )
        say(f"imported {len(data.items)} SQuAD questions into {data.path}")
        return data
    if realtimeqa is not None:
        from assistant.evaluation.realtimeqa import import_realtimeqa

        target = settings.eval.report_dir / "realtimeqa"
        data = import_realtimeqa(realtimeqa, target, limit=limit)
        say(f"imported {len(data.items)} RealTimeQA questions into {data.path}")
        return data
    return load_dataset(dataset or settings.eval.dataset)


def _run(data: Dataset, settings: Settings, *, label: str) -> EvalReport:
    from assistant.evaluation.runner import run_eval

    with typer.progressbar(length=len(data.items), label=label, file=sys.stderr) as bar:
        return run_eval(data, settings, progress=lambda *_: bar.update(1), say=say)

"""``assistant ingest``: build or update the index of a corpus folder."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from assistant.cli.app import CorpusOption, IndexOption, app, say, show
from assistant.embedding.embedder import Embedder
from assistant.index.pipeline import ingest as run_ingest
from assistant.models import IngestReport
from assistant.settings import Settings

EXIT_SKIPPED = 1  # the index was written, but some files were refused


@app.command()
def ingest(
    corpus: CorpusOption = None,
    index: IndexOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Index the articles of a folder (incremental: unchanged files are not re-embedded).

    Reads .txt/.md, web pages (.html/.htm), PDF, e-mail (.eml), RSS/Atom feeds
    (.rss/.atom/.xml) and JSONL exports. Exit status: 0 when every file was indexed
    (warnings, e.g. a page with little text, are named on stderr but do not count),
    1 when some were skipped (each is named on stderr), 2 on an error (nothing
    changed; the previous index stays).
    """
    settings = Settings().with_folders(corpus, index)
    report = run_ingest(settings, Embedder(settings.embedding), progress=say)
    for skipped in report.skipped:
        say(f"skipped {skipped.source}: {skipped.reason}")
    for warning in report.warnings:
        say(f"warning {warning.source}: {warning.warning}")
    if as_json:
        typer.echo(report.model_dump_json(indent=2))
    else:
        show(summary(report))
    if report.skipped:
        raise typer.Exit(EXIT_SKIPPED)


def summary(report: IngestReport) -> str:
    """The human-readable ingest summary, boilerplate removals included."""
    lines = [
        f"Index {report.index_dir}: {report.passages} passages from "
        f"{report.articles} articles "
        f"in {report.seconds:.1f}s.",
        f"  new or changed: {len(report.files_indexed)}, unchanged: "
        f"{len(report.files_unchanged)}, removed: {len(report.files_removed)}, "
        f"skipped: {len(report.skipped)}, warnings: {len(report.warnings)}; "
        f"texts embedded: {report.embedded_texts}",
    ]
    for name in report.files_removed:
        lines.append(f"  removed from index: {name}")
    if report.removed_text:
        lines.append(f"  boilerplate removed ({len(report.removed_text)} blocks):")
        for r in report.removed_text:
            lines.append(f"    {r.source}:{r.start}-{r.end} [{r.reason}] {json.dumps(r.text)}")
    return "\n".join(lines)

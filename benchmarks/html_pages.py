"""Extraction measured on saved news pages, and answers from them against plain text.

    python -m benchmarks html [--templates wordpress arc ...] [--datasets seeds millbrook ...]

Every article of the evaluation corpora (seeds/, evals/corpora/millbrook, disputes,
disputes2) is rendered as a saved news page with each template of
``benchmarks/news_templates.py`` (seven CMS-like layouts that keep the metadata in
different places). The pages are read by the real ingest (trafilatura), and for each
template the table gives the pages whose title, outlet, date and author came out
right, whose body holds at least 90% of the article's sentences, and the lines of
the site around the article (menus, banners, related links, comments) that leaked
into the text, and how many of those the boilerplate rules then left in the index.
Then each evaluation set is run, as ``assistant eval`` scores it (items passed,
retrieval, answers, citations), on the plain files as they are, on the plain files
with the same metadata as the pages (front matter), and on the pages of each template.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from assistant.ingest.corpus import read_corpus
from assistant.ingest.sentences import split_sentences
from assistant.models import Article
from benchmarks.html_corpora import SourceArticle, html_name, read_articles
from benchmarks.html_eval import DATASETS, EvalRun, evaluate_all
from benchmarks.news_templates import TEMPLATES

ROOT = Path(__file__).resolve().parents[1]
BODY_SHARE = 0.9


@dataclass
class Extraction:
    """What one template's pages yielded, counted over the pages."""

    pages: int = 0
    skipped: int = 0
    fields: dict[str, int] = field(default_factory=dict)  # field -> pages right
    wrong: dict[str, int] = field(default_factory=dict)  # field -> pages with another value
    body: int = 0  # pages whose text holds >= 90% of the article's sentences
    sentences: tuple[int, int] = (0, 0)  # (found, of)
    leaked: int = 0  # lines of the page around the article in the extracted text
    leaked_indexed: int = 0  # of those, lines the boilerplate rules kept as text
    examples: list[str] = field(default_factory=list)


def norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def measure(articles: Sequence[SourceArticle], folder: Path, template: str) -> Extraction:
    """Render every article with ``template`` into ``folder``, read them, and count."""
    render = TEMPLATES[template]
    folder.mkdir(parents=True)
    for a in articles:
        (folder / html_name(a.name)).write_text(render(a.page), encoding="utf-8")
    reading = read_corpus(folder, max_bytes=5_000_000)
    got = {a.source: a for a in reading.articles}
    out = Extraction(pages=len(articles), skipped=len(reading.skipped))
    for a in articles:
        extracted = got.get(html_name(a.name))
        if extracted is not None:
            _count(out, a, extracted)
    return out


def _count(out: Extraction, source: SourceArticle, got: Article) -> None:
    page = source.page
    truth = {"title": page.title, "outlet": page.outlet, "date": page.date, "author": page.author}
    values = {"title": got.title, "outlet": got.outlet, "date": got.date, "author": got.author}
    for key, want in truth.items():
        value = values[key]
        if norm(value) == norm(want):
            out.fields[key] = out.fields.get(key, 0) + 1
        elif value:
            out.wrong[key] = out.wrong.get(key, 0) + 1
    body_start = got.text.index("\n---\n") + 5  # after the derived text's front matter
    text = norm(got.text[body_start:])
    sentences = [norm(p[s:e]) for p in page.paragraphs for s, e in split_sentences(p, 0, len(p))]
    found = sum(s in text for s in sentences)
    out.sentences = (out.sentences[0] + found, out.sentences[1] + len(sentences))
    out.body += found >= BODY_SHARE * len(sentences)
    whole = {norm(p) for p in [page.title, *page.paragraphs]}
    article = " ".join(whole)
    offset = body_start
    for line in got.text[body_start:].split("\n"):
        start, offset = offset, offset + len(line) + 1
        # A line of the article: one of its paragraphs, or a long part of one ("Share" or
        # "News" may be found in an article's words, and still be the page's menu).
        if not line.strip() or norm(line) in whole or (len(line) > 40 and norm(line) in article):
            continue
        out.leaked += 1
        kept = any(b.start <= start < b.end and b.kind != "boilerplate" for b in got.blocks)
        out.leaked_indexed += kept
        if len(out.examples) < 3 and norm(line)[:60] not in (e[:60] for e in out.examples):
            out.examples.append(norm(line)[:70])


def extraction_table(results: dict[str, Extraction]) -> list[str]:
    lines = [
        "| template | pages | title | outlet | date | author | body ≥ 90% (sentences found) "
        "| boilerplate lines leaked (indexed) |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for name, r in results.items():
        cells = [
            f"{r.fields.get(k, 0)}" + (f" ({r.wrong[k]} wrong)" if r.wrong.get(k) else "")
            for k in ("title", "outlet", "date", "author")
        ]
        found, of = r.sentences
        pages = f"{r.pages}" + (f" ({r.skipped} skipped)" if r.skipped else "")
        lines.append(
            f"| {name} | {pages} | {' | '.join(cells)} | {r.body} ({found}/{of}) "
            f"| {r.leaked} ({r.leaked_indexed}) |"
        )
    return lines


def eval_table(runs: list[EvalRun]) -> list[str]:
    metrics = [
        ("retrieval.hit_at_k", "hit@k"),
        ("retrieval.mrr", "MRR"),
        ("answer.containment", "key fact"),
        ("answer.first_citation_holds_fact", "first cite holds it"),
        ("answer.false_refusal_rate", "answerable refused"),
        ("answer.refusal_accuracy", "unanswerable refused"),
        ("answer.conflict_surfacing", "conflicts shown"),
        ("citations.recall", "cit. recall"),
        ("citations.offsets_valid", "offsets exact"),
    ]
    head = "| corpus | items passed | " + " | ".join(m[1] for m in metrics) + " | evidence found |"
    lines = [head, "|" + " --- |" * (len(metrics) + 3)]
    for run in runs:
        cells = [_figure(run.aggregates.get(key)) for key, _ in metrics]
        lines.append(
            f"| {run.corpus} | {run.passed}/{run.items} | {' | '.join(cells)} | {run.evidence} |"
        )
    return lines


def _figure(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--templates", nargs="+", choices=list(TEMPLATES), default=list(TEMPLATES))
    parser.add_argument("--datasets", nargs="+", choices=list(DATASETS), default=list(DATASETS))
    parser.add_argument("--no-eval", action="store_true", help="extraction figures only")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-html-"))
    try:
        corpora = {name: read_articles(DATASETS[name].corpus_dir) for name in args.datasets}
        everything = [a for articles in corpora.values() for a in articles]
        results = {t: measure(everything, work / "extract" / t, t) for t in args.templates}
        print(f"Extraction: {len(everything)} articles, each as a page of every template\n")
        print("\n".join(extraction_table(results)))
        for name, r in results.items():
            if r.examples:
                print(f"  {name} leaked, e.g.: " + " / ".join(f"'{e}'" for e in r.examples))
        if args.no_eval:
            return
        print("\nAnswers: the evaluation sets on each corpus (as assistant eval scores them)\n")
        runs = evaluate_all(
            corpora, args.templates, work / "eval", say=lambda line: print(line, flush=True)
        )
        print("\n".join(eval_table(runs)))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

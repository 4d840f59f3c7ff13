"""The evaluation sets run on plain and HTML copies of their corpora (``benchmarks html``).

Each item is asked and scored as ``assistant eval`` does it (the same
:func:`~assistant.evaluation.scoring.score_item`, judge and aggregates; ragas
aside), with the evidence spans moved to where the article's text is in each copy:
past the front matter added to a plain file, into the derived text of a page.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from assistant.core import Assistant
from assistant.errors import AssistantError
from assistant.evaluation.aggregate import aggregate
from assistant.evaluation.dataset import Dataset, EvalItem, EvalRecord, load_dataset
from assistant.evaluation.judge import Judge, make_judge
from assistant.evaluation.scoring import score_item
from assistant.models import Answer
from assistant.settings import Settings
from benchmarks.html_corpora import (
    SourceArticle,
    html_name,
    moved_to_pages,
    shifted,
    write_plain,
)
from benchmarks.news_templates import TEMPLATES

ROOT = Path(__file__).resolve().parents[1]
DATASETS = {
    name: load_dataset(ROOT / "evals" / f"{name}.jsonl")
    for name in ("seeds", "millbrook", "disputes", "disputes2")
}


@dataclass
class EvalRun:
    """One corpus copy, every dataset pooled."""

    corpus: str
    records: list[EvalRecord]
    evidence: str  # evidence spans found in the copy, of all

    @property
    def items(self) -> int:
        return len(self.records)

    @property
    def passed(self) -> int:
        return sum(r.passed for r in self.records)

    @property
    def aggregates(self) -> dict[str, float | None]:
        return aggregate(self.records)


def evaluate_all(
    corpora: dict[str, list[SourceArticle]],
    templates: Sequence[str],
    work: Path,
    *,
    say: Callable[[str], None],
) -> list[EvalRun]:
    """Every dataset on its plain corpus, the plain corpus with metadata, and each
    template's pages.

    Args:
        corpora: dataset name -> the articles of its corpus.
        templates: the templates to render pages with.
        work: a scratch folder.
        say: one line per finished run.
    """
    settings = Settings()
    kinds = ["plain (as in evals/)", "plain + front matter", *templates]
    runs = {kind: EvalRun(kind, [], "") for kind in kinds}
    counts = {kind: [0, 0] for kind in kinds}
    for name, articles in corpora.items():
        dataset = DATASETS[name]
        for kind in kinds:
            folder = work / name / kind.split(" ")[0].replace("+", "meta")
            corpus = _write(kind, articles, folder / "corpus", dataset.corpus_dir)
            bot = Assistant.open(corpus=corpus, index=folder / "index", settings=settings)
            items, found, lost = _items(kind, dataset, articles, bot)
            counts[kind][0] += found
            counts[kind][1] += found + lost
            records = run_items(bot, items, make_judge(settings, bot.embedder))
            runs[kind].records += records
            passed = sum(r.passed for r in records)
            say(f"  {name:9} {kind:22} {passed}/{len(records)} items passed")
    for kind, (found, of) in counts.items():
        runs[kind].evidence = f"{found}/{of}"
    return list(runs.values())


def _write(kind: str, articles: list[SourceArticle], folder: Path, original: Path) -> Path:
    if kind.startswith("plain ("):
        return original
    if kind.startswith("plain +"):
        write_plain(articles, folder, metadata=True)
        return folder
    folder.mkdir(parents=True)
    for a in articles:
        (folder / html_name(a.name)).write_text(TEMPLATES[kind](a.page), encoding="utf-8")
    return folder


def _items(
    kind: str, dataset: Dataset, articles: list[SourceArticle], bot: Assistant
) -> tuple[list[EvalItem], int, int]:
    """The items with their evidence where the copy has it; spans found and lost."""
    spans = sum(len(i.evidence) for i in dataset.items)
    if kind.startswith("plain ("):
        return list(dataset.items), spans, 0
    if kind.startswith("plain +"):
        return shifted(dataset, articles), spans, 0
    texts = {}
    for p in bot.passages():
        if p.source not in texts and p.text_file:
            texts[p.source] = (bot.settings.index.dir / p.text_file).read_text(encoding="utf-8")
    return moved_to_pages(dataset, texts)


def run_items(bot: Assistant, items: list[EvalItem], judge: Judge) -> list[EvalRecord]:
    """Ask and score each item as ``assistant eval`` does."""
    k = bot.settings.retrieval.top_k
    passages = bot.passages()
    records = []
    for item in items:
        try:
            history: list[Answer] = []
            for earlier in item.history:
                history.append(bot.ask(earlier, history, k=k))
            answer, hits = bot.ask_with_hits(item.question, history, k=k)
        except AssistantError as exc:
            answer, hits = Answer(question=item.question, text=str(exc), answerable=False), []
        records.append(
            score_item(
                item,
                answer,
                [h.passage for h in hits],
                index_passages=passages,
                judge=judge,
                corpus_dir=bot.settings.corpus.dir,
                k=k,
                index_dir=bot.settings.index.dir,
            )
        )
    return records

"""Run the real pipeline over a dataset and score it: the heart of ``assistant eval``."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from assistant.check.claims import strip_markers
from assistant.check.support import SupportJudge
from assistant.core import Assistant
from assistant.errors import AssistantError, EvalDatasetError
from assistant.evaluation import ragas_metrics
from assistant.evaluation.aggregate import aggregate, by_type
from assistant.evaluation.dataset import Check, Dataset, EvalItem, EvalRecord, evidence_problems
from assistant.evaluation.judge import (
    Judge,
    calibrate,
    configured_chat_model,
    cross_validated_agreement,
    load_labels,
    make_judge,
)
from assistant.evaluation.metrics import overlaps
from assistant.evaluation.report import EvalReport
from assistant.evaluation.scoring import score_item
from assistant.evaluation.thresholds import apply_gates, load_gates
from assistant.models import Answer, Passage
from assistant.settings import Settings

Progress = Callable[[int, int, str], None]  # (done, total, item id)


def _quiet(done: int, total: int, item: str) -> None:
    return None


def run_eval(
    dataset: Dataset,
    settings: Settings,
    *,
    progress: Progress = _quiet,
    say: Callable[[str], None] = print,
    judge: Judge | None = None,
) -> EvalReport:
    """Answer every item of ``dataset`` with the assistant and score it.

    Args:
        dataset: the loaded dataset; its header names the corpus folder.
        settings: the settings root (``eval`` section: index folder, judge, ragas, gates).
        progress: called after each item.
        say: one-line notices (index building, skipped metrics).
        judge: the support judge (default: the one ``settings.eval.judge`` names).

    Raises:
        EvalDatasetError: an evidence span does not match its file.
    """
    started = time.perf_counter()
    problems = evidence_problems(dataset)
    if problems:
        raise EvalDatasetError(f"{dataset.path}: bad evidence: {'; '.join(problems[:5])}")
    notices: list[str] = []
    gates = []  # read first: a bad thresholds file should not cost a whole run
    if settings.eval.thresholds.is_file():
        gates = load_gates(settings.eval.thresholds, dataset.name)
    else:
        notices.append(f"nothing gated: no thresholds file at {settings.eval.thresholds}")
    # 1. The assistant over the dataset's corpus, with its own index.
    bot = Assistant.open(
        corpus=dataset.corpus_dir,
        index=settings.eval.index_root / dataset.name,
        settings=settings,
        progress=say,
    )
    judge = judge or make_judge(settings, bot.embedder)
    k = settings.retrieval.top_k
    # 2. Ask and score every item.
    records = []
    for done, item in enumerate(dataset.items, 1):
        records.append(_run_item(bot, item, judge, k))
        progress(done, len(dataset.items), item.id)
    # 3. ragas, the judge's calibration, aggregates and gates.
    notices += _add_ragas(records, dataset, bot, settings)
    judge_errors = _calibration(judge, settings.eval.judge_labels, notices)
    aggregates = aggregate(records)
    if judge_errors is not None:
        aggregates["judge.agreement"] = judge_errors[0]
        if isinstance(judge, SupportJudge):  # its thresholds were tuned on these labels
            labels = load_labels(settings.eval.judge_labels)
            aggregates["judge.agreement_cv"] = cross_validated_agreement(bot.embedder, labels)
    gates = apply_gates(gates, aggregates)
    return EvalReport(
        dataset=dataset.name,
        dataset_path=str(dataset.path),
        corpus=str(dataset.corpus_dir),
        k=k,
        judge=describe(judge),
        seconds=time.perf_counter() - started,
        aggregates=aggregates,
        by_type=by_type(records),
        gates=gates,
        notices=notices,
        judge_errors=judge_errors[1] if judge_errors else [],
        records=records,
    )


def _run_item(bot: Assistant, item: EvalItem, judge: Judge, k: int) -> EvalRecord:
    started = time.perf_counter()
    try:
        history: list[Answer] = []
        for earlier in item.history:
            history.append(bot.ask(earlier, history, k=k))
        answer, hits = bot.ask_with_hits(item.question, history, k=k)
    except AssistantError as exc:  # e.g. a question over the length limit
        failed = Answer(question=item.question, text=str(exc), answerable=False, notice=str(exc))
        return EvalRecord(
            id=item.id,
            type=item.type,
            question=item.question,
            answer=failed,
            retrieved=[],
            checks=[Check(name="asked", passed=False, reason=str(exc))],
        )
    record = score_item(
        item,
        answer,
        [h.passage for h in hits],
        index_passages=bot.passages(),
        judge=judge,
        corpus_dir=bot.settings.corpus.dir,
        k=k,
        index_dir=bot.settings.index.dir,
    )
    record.seconds = time.perf_counter() - started
    return record


def _add_ragas(
    records: list[EvalRecord], dataset: Dataset, bot: Assistant, settings: Settings
) -> list[str]:
    """Add ragas's per-item scores to the records; returns notices of what was skipped."""
    if not settings.eval.ragas:
        return ["ragas metrics off (ASSISTANT_EVAL_RAGAS=false)"]
    if not ragas_metrics.installed():
        return ["ragas metrics skipped: ragas is not installed (pip install 'assistant[eval]')"]
    llm: Any = configured_chat_model(settings) if settings.eval.judge == "llm" else None
    items = {item.id: item for item in dataset.items}
    scored, samples = [], []
    for record in records:
        item = items[record.id]
        if not (item.reference_answer and item.evidence and record.retrieved):
            continue
        reference_ids = [p.id for p in bot.passages() if any(overlaps(p, e) for e in item.evidence)]
        samples.append(
            ragas_metrics.RagasSample(
                user_input=record.answer.standalone_question or record.question,
                response=strip_markers(record.answer.text),
                reference=item.reference_answer,
                # Sentence by sentence: ragas's string-based context metrics compare
                # each evidence sentence with each context, and a whole passage is
                # never "similar" to one of its sentences, whatever its size.
                retrieved_contexts=[
                    sentence
                    for p in record.retrieved
                    for sentence in _sentences(bot.passage(p.passage_id))
                ],
                reference_contexts=[e.text for e in item.evidence],
                retrieved_context_ids=[p.passage_id for p in record.retrieved],
                reference_context_ids=reference_ids,
            )
        )
        scored.append(record)
    for record, scores in zip(
        scored, ragas_metrics.score(samples, embedder=bot.embedder, llm=llm), strict=True
    ):
        record.metrics.update(scores)
    return [] if llm is not None else ["ragas LLM metrics skipped: no LLM judge configured"]


def _calibration(
    judge: Judge, labels_path: Path, notices: list[str]
) -> tuple[float, list[str]] | None:
    """The judge's agreement with the hand labels, and the labels it got wrong."""
    if not labels_path.is_file():
        notices.append(f"judge calibration skipped: no labels at {labels_path}")
        return None
    result = calibrate(judge, load_labels(labels_path))
    return result.agreement, result.errors


def describe(judge: Judge) -> str:
    """The judge's class and thresholds, for the report."""
    knobs = ("lexical_min", "lexical_soft", "semantic_min")
    shown = ", ".join(f"{k}={getattr(judge, k)}" for k in knobs if hasattr(judge, k))
    return f"{type(judge).__name__}({shown})"


def _sentences(passage: Passage) -> list[str]:
    return [passage.sentence_text(s) for s in passage.sentences]

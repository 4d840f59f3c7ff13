"""Aggregate metrics of a run, each over the items it applies to.

* ``retrieval.*``: mean over items with evidence.
* ``answer.containment`` and ``answer.token_f1``: mean over answerable items
  (injection probes aside); a refusal scores 0 containment.
* ``answer.first_citation_holds_fact``: share of answerable items whose first cited
  sentence states a key fact; ``answer.mean_words``: mean length of the answers given.
* ``answer.refusal_accuracy``: share of unanswerable items refused;
  ``answer.false_refusal_rate``: share of answerable items refused.
* ``answer.conflict_surfacing``: share of conflict items whose disagreement the
  answer shows; ``answer.false_conflicts``: how many answers to items with no
  disagreement (no conflict type, no ``conflict_figures``) announce one;
  ``answer.injection_resistance``: share of injection probes passed.
* ``citations.recall`` / ``citations.precision``: ALCE, mean over answers that
  answered; ``citations.offsets_valid``: share of all citations whose offsets
  slice out their quote.
* ``items.pass_rate``: share of items passing every check; ``items.pass_rate.<type>``:
  the same per item type (single_fact, follow_up, conflict, ...).
* ``ragas.*``: mean over the items ragas scored.
* ``judge.agreement``: the support judge against the hand labels; ``judge.agreement_cv``:
  the same with thresholds chosen by 5-fold cross-validation (the offline judge was
  tuned on those labels, so only this one is an estimate).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from assistant.evaluation.dataset import ITEM_TYPES, EvalRecord

RETRIEVAL = ("hit_at_k", "recall_at_k", "mrr", "ndcg_at_k")


def _mean(values: Iterable[float | None]) -> float | None:
    kept = [v for v in values if v is not None]
    return sum(kept) / len(kept) if kept else None


def _share(records: list[EvalRecord], test: Callable[[EvalRecord], bool]) -> float | None:
    return sum(map(test, records)) / len(records) if records else None


def aggregate(records: list[EvalRecord]) -> dict[str, float | None]:
    """Every aggregate metric of a run (None when no item applies)."""
    answerable = [r for r in records if r.type not in ("unanswerable", "injection")]
    answered = [r for r in records if r.answer.answerable]
    out: dict[str, float | None] = {
        f"retrieval.{name}": _mean(r.metrics.get(name) for r in records) for name in RETRIEVAL
    }
    out["answer.containment"] = _mean(r.metrics.get("containment") for r in answerable)
    out["answer.token_f1"] = _mean(r.metrics.get("token_f1") for r in answerable)
    out["answer.first_citation_holds_fact"] = _mean(
        r.metrics.get("first_citation_holds_fact") for r in answerable
    )
    out["answer.mean_words"] = _mean(r.metrics.get("words") for r in answered)
    out["answer.refusal_accuracy"] = _share(
        [r for r in records if r.type == "unanswerable"], lambda r: not r.answer.answerable
    )
    out["answer.false_refusal_rate"] = _share(answerable, lambda r: not r.answer.answerable)
    out["answer.conflict_surfacing"] = _mean(
        r.metrics.get("conflict_surfaced") for r in records if r.type == "conflict"
    )
    # A disagreement announced where the item has none ("100 cities vs 21 cities"); an
    # item of another kind may say which figures the reports dispute (conflict_figures).
    out["answer.false_conflicts"] = float(
        sum(
            any(c.kind == "conflict" for c in r.answer.conflicts)
            for r in records
            if r.type != "conflict" and r.metrics.get("conflict_surfaced") is None
        )
    )
    out["answer.injection_resistance"] = _share(
        [r for r in records if r.type == "injection"], lambda r: r.passed
    )
    out["citations.recall"] = _mean(r.metrics.get("citation_recall") for r in answered)
    out["citations.precision"] = _mean(r.metrics.get("citation_precision") for r in answered)
    citations = [(r.metrics.get("offsets_valid"), len(r.answer.citations)) for r in answered]
    total = sum(n for v, n in citations if v is not None)
    valid = sum(v * n for v, n in citations if v is not None)
    out["citations.offsets_valid"] = valid / total if total else None
    out["items.pass_rate"] = _share(records, lambda r: r.passed)
    for t in ITEM_TYPES:  # the breakdown is gated too: a gain in one type may hide a loss
        of_type = [r for r in records if r.type == t]
        out[f"items.pass_rate.{t}"] = _share(of_type, lambda r: r.passed)
    ragas = sorted({k for r in records for k in r.metrics if k.startswith("ragas.")})
    for name in ragas:
        out[name] = _mean(r.metrics.get(name) for r in records)
    return out


def by_type(records: list[EvalRecord]) -> dict[str, tuple[int, int]]:
    """Per item type: (items, items passed)."""
    return {
        t: (len(rs), sum(r.passed for r in rs))
        for t in ITEM_TYPES
        if (rs := [r for r in records if r.type == t])
    }

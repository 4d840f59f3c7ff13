"""The evaluation report: what a run measured, read back from JSON, and its terminal summary.

``assistant.evaluation.write`` writes it as JSON and HTML files.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from assistant.evaluation.dataset import EvalRecord
from assistant.evaluation.thresholds import Gate


class EvalReport(BaseModel):
    """Everything a run measured."""

    model_config = ConfigDict(extra="forbid")

    dataset: str = Field(description="Dataset name.")
    dataset_path: str = Field(description="Dataset file.")
    corpus: str = Field(description="Corpus folder.")
    created: str = Field(
        default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds"),
        description="When the run finished (UTC).",
    )
    k: int = Field(description="Passages retrieved per question.")
    judge: str = Field(description="The support judge and its settings.")
    seconds: float = Field(0.0, description="Wall time of the run.")
    aggregates: dict[str, float | None] = Field(description="Aggregate metrics.")
    by_type: dict[str, tuple[int, int]] = Field(description="Per item type: (items, passed).")
    gates: list[Gate] = Field(default_factory=list, description="Thresholds and whether met.")
    notices: list[str] = Field(default_factory=list, description="What was skipped and why.")
    judge_errors: list[str] = Field(
        default_factory=list, description="Hand labels the judge disagreed with."
    )
    records: list[EvalRecord] = Field(description="One record per item.")

    @property
    def passed(self) -> bool:
        return all(g.passed for g in self.gates)

    @property
    def missed(self) -> list[Gate]:
        return [g for g in self.gates if not g.passed]


def load_report(path: Path) -> EvalReport:
    """Read a JSON report back (e.g. ``evals/reports/latest.json``)."""
    return EvalReport.model_validate_json(path.read_text(encoding="utf-8"))


def fmt(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def summary(report: EvalReport, *, failures: int = 12) -> str:
    """The terminal summary: aggregates by group, failed items (every item, passed or not,
    when there are at most ``failures``), missed gates."""
    lines = [
        f"Evaluation of {report.dataset}: {len(report.records)} items over {report.corpus} "
        f"(k={report.k}, judge: {report.judge}) in {report.seconds:.1f}s"
    ]
    groups: dict[str, list[str]] = {}
    for name, value in report.aggregates.items():
        group, _, metric = name.partition(".")
        groups.setdefault(group, []).append(f"{metric} {fmt(value)}")
    for group, parts in groups.items():
        lines.append(f"  {group:<10} " + "  ".join(parts))
    types = ", ".join(f"{t} {p}/{n}" for t, (n, p) in report.by_type.items())
    passed = sum(r.passed for r in report.records)
    lines.append(f"  items passed {passed}/{len(report.records)} ({types})")
    failed = [r for r in report.records if not r.passed]
    every = len(report.records) <= failures  # a small dataset (feedback): every item
    for r in report.records if every else failed[:failures]:
        verdict = "PASS" if r.passed else "FAIL"
        lines.append(f"    {verdict} {r.id} [{r.type}] {'; '.join(r.failures)[:160]}".rstrip())
    if len(failed) > failures:
        lines.append(f"    ... and {len(failed) - failures} more (see the report)")
    curve = refusal_curve(report)
    if curve:
        lines.append(
            "  refusal trade-off (threshold: unanswerable refused / answerable refused): "
            + ", ".join(f"{t:.2f}: {u:.2f}/{a:.2f}" for t, u, a in curve)
        )
    lines += [f"  note: {n}" for n in report.notices]
    if not report.gates:
        lines.append("  thresholds: none for this dataset")
    elif report.passed:
        lines.append(f"  thresholds: all {len(report.gates)} met")
    short = [g for g in report.gates if g.passed and g.goal is not None and "to go" in g.describe()]
    if short:
        lines.append("  goals not reached yet (gate met):")
        lines += [f"    {g.progress()}" for g in short]
    for gate in report.missed:
        lines.append(f"  THRESHOLD MISSED: {gate.describe()}")
    return "\n".join(lines)


SIDE_BY_SIDE = (
    "answer.containment",
    "answer.first_citation_holds_fact",
    "answer.mean_words",
    "answer.refusal_accuracy",
    "answer.false_refusal_rate",
    "answer.token_f1",
    "citations.precision",
    "items.pass_rate",
)


def side_by_side(first: EvalReport, second: EvalReport, names: tuple[str, str]) -> str:
    """Two runs of one dataset, the answer metrics next to each other."""
    width = max(len(m) for m in SIDE_BY_SIDE) + 2
    lines = [
        f"\n{first.dataset}: {'':<{width - len(first.dataset) - 2}}{names[0]:>14}{names[1]:>14}"
    ]
    for metric in SIDE_BY_SIDE:
        a, b = first.aggregates.get(metric), second.aggregates.get(metric)
        lines.append(f"  {metric:<{width}}{fmt(a):>14}{fmt(b):>14}")
    passed = [sum(r.passed for r in rep.records) for rep in (first, second)]
    total = len(second.records)
    lines.append(
        f"  {'items passed':<{width}}{f'{passed[0]}/{total}':>14}{f'{passed[1]}/{total}':>14}"
    )
    return "\n".join(lines)


def refusal_curve(report: EvalReport) -> list[tuple[float, float, float]]:
    """What other refusal thresholds would give: (threshold, unanswerable refused,
    answerable refused), from each answer's best support.

    A refused answer stays refused at every threshold (it may have been refused for
    another reason: too few of the question's words), so points below the threshold
    in use show at least today's refusals; points above it are exact.
    """
    answerable = [r for r in report.records if r.type not in ("unanswerable", "injection")]
    unanswerable = [r for r in report.records if r.type == "unanswerable"]
    if not answerable or not unanswerable:
        return []

    def refused(r: EvalRecord, t: float) -> bool:
        return not r.answer.answerable or (r.answer.support or 0.0) < t

    return [
        (
            t,
            sum(refused(r, t) for r in unanswerable) / len(unanswerable),
            sum(refused(r, t) for r in answerable) / len(answerable),
        )
        for t in (x / 100 for x in range(20, 75, 5))
    ]

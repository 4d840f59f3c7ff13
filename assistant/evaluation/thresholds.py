"""Quality gates: per-dataset minimums and maximums on aggregate metrics (TOML).

    [seeds.min]
    "retrieval.hit_at_k" = 0.9
    [seeds.max]
    "answer.false_refusal_rate" = 0.1
    [seeds.goal]
    "retrieval.hit_at_k" = 1.0

A gate is a ratchet: it sits at the value the pipeline measured when it was last
raised, so a regression fails CI. A goal is where the metric should get to; the
report shows the distance. A dataset without a table has no gates. A gate on a
metric the run did not measure is missed (a typo or a skipped ragas run must not pass silently).
"""

from __future__ import annotations

import math
import tomllib
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from assistant.errors import ThresholdsError


class Gate(BaseModel):
    """One threshold on one aggregate metric."""

    model_config = ConfigDict(extra="forbid")

    metric: str = Field(description="Aggregate metric name, e.g. 'retrieval.mrr'.")
    bound: Literal["min", "max"] = Field(description="'min': at least; 'max': at most.")
    limit: float = Field(description="The threshold.")
    goal: float | None = Field(None, description="Where the metric should get to.")
    value: float | None = Field(None, description="What the run measured (None: not measured).")
    passed: bool = Field(False, description="Whether the run met it.")

    def describe(self) -> str:
        shown = "not measured" if self.value is None else f"{self.value:.3f}"
        sign = ">=" if self.bound == "min" else "<="
        return f"{self.metric} = {shown} (needs {sign} {self.limit:g}{self._to_goal()})"

    def _to_goal(self) -> str:
        if self.goal is None:
            return ""
        if self.value is None:
            return f"; goal {self.goal:g}"
        gap = self.goal - self.value if self.bound == "min" else self.value - self.goal
        return f"; goal {self.goal:g}, " + (f"{gap:.3f} to go" if gap > 1e-9 else "met")

    def progress(self) -> str:
        """``value / gate / goal`` for the report's table of gates."""
        shown = "not measured" if self.value is None else f"{self.value:.3f}"
        sign = ">=" if self.bound == "min" else "<="
        mark = "ok" if self.passed else "MISSED"
        return f"{mark:6s} {self.metric} = {shown} (gate {sign} {self.limit:g}{self._to_goal()})"


def load_gates(path: Path, dataset: str) -> list[Gate]:
    """The gates of ``dataset`` in the thresholds file at ``path``.

    Raises:
        ThresholdsError: the file cannot be read or parsed, or a value is not a number.
    """
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ThresholdsError(f"cannot read thresholds {path}: {exc}") from exc
    table = data.get(dataset, {})
    unknown = set(table) - {"min", "max", "goal"}
    if unknown:
        raise ThresholdsError(f"{path}: [{dataset}] has {sorted(unknown)}; use min, max, goal")
    goals = table.get("goal", {})
    for metric, goal in goals.items():
        if not _number(goal):
            raise ThresholdsError(f"{path}: [{dataset}.goal] {metric} is not a number")
    gates = []
    for bound in ("min", "max"):
        for metric, limit in table.get(bound, {}).items():
            if not _number(limit):
                raise ThresholdsError(f"{path}: [{dataset}.{bound}] {metric} is not a number")
            goal = goals.get(metric)
            gates.append(
                Gate(
                    metric=metric,
                    bound=bound,
                    limit=float(limit),
                    goal=None if goal is None else float(goal),
                )
            )
    stray = set(goals) - {g.metric for g in gates}
    if stray:
        raise ThresholdsError(f"{path}: [{dataset}.goal] has no gate for {sorted(stray)}")
    return gates


def _number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def apply_gates(gates: list[Gate], aggregates: dict[str, float | None]) -> list[Gate]:
    """The gates with the measured values filled in and ``passed`` decided."""
    out = []
    for gate in gates:
        value = aggregates.get(gate.metric)
        if value is not None and math.isnan(value):
            value = None
        passed = value is not None and (
            value >= gate.limit if gate.bound == "min" else value <= gate.limit
        )
        out.append(gate.model_copy(update={"value": value, "passed": passed}))
    return out

"""The support judge of the evaluation: pluggable, and calibrated against hand labels.

Offline the judge is :class:`assistant.check.support.SupportJudge` (embedding
model plus lexical evidence; its rule is in that module's docstring). With an
LLM configured (``ASSISTANT_EVAL_JUDGE=llm``), :class:`LLMSupportJudge` asks the
model instead, with the prompt ``prompts/support_judge.md``. Anything with a
``judge(claim, quotes) -> Verdict`` method can be plugged in.

Calibration: ``evals/judge_labels.jsonl`` holds (claim, quotes, label) pairs
labelled by hand; :func:`calibrate` reports how often a judge agrees.
"""

from __future__ import annotations

import itertools
import json
import re
import string
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from assistant.check.support import SupportJudge, Verdict
from assistant.errors import EvalDatasetError, JudgeUnavailableError
from assistant.llm.client import chat_model

if TYPE_CHECKING:
    from assistant.embedding.embedder import Embedder
    from assistant.settings import Settings

PROMPT = Path(__file__).resolve().parents[2] / "prompts" / "support_judge.md"
_PROMPT_FIELDS = {"claim", "quotes"}
_VERDICT = re.compile(r"\b(UNSUPPORTED|SUPPORTED)\b")


class Judge(Protocol):
    """Decides whether quotes support a claim."""

    def judge(self, claim: str, quotes: list[str]) -> Verdict: ...


class ChatModel(Protocol):
    """What the LLM judge needs of a LangChain chat model."""

    def invoke(self, input: Any) -> Any: ...


class LLMSupportJudge:
    """Asks a chat model whether the quotes entail the claim (answer SUPPORTED/UNSUPPORTED)."""

    def __init__(self, model: ChatModel, *, prompt_path: Path = PROMPT) -> None:
        self.model = model
        self.template = load_prompt(prompt_path)

    def judge(self, claim: str, quotes: list[str]) -> Verdict:
        if not quotes:
            return Verdict(False, 0.0, 0.0, -1, ["cites nothing"])
        numbered = "\n".join(f"[{i}] {q}" for i, q in enumerate(quotes, 1))
        reply = self.model.invoke(self.template.format(claim=claim, quotes=numbered))
        text = str(getattr(reply, "content", reply))
        found = _VERDICT.search(text.upper())
        supported = bool(found and found.group(1) == "SUPPORTED")
        reasons = [] if supported else [f"LLM judge: {text.strip()[:200]}"]
        return Verdict(supported, float("nan"), float("nan"), 0 if supported else -1, reasons)


def load_prompt(path: Path) -> str:
    """Read a prompt template and check it fills exactly ``{claim}`` and ``{quotes}``."""
    try:
        template = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise JudgeUnavailableError(f"cannot read judge prompt {path}: {exc}") from exc
    names = {name for _, name, _, _ in string.Formatter().parse(template) if name}
    if names != _PROMPT_FIELDS:
        raise JudgeUnavailableError(
            f"judge prompt {path} uses {sorted(names)}; the allowed names are "
            f"{sorted(_PROMPT_FIELDS)}"
        )
    return template


def make_judge(settings: Settings, embedder: Embedder) -> Judge:
    """The judge the settings ask for: ``offline`` (default) or ``llm``.

    Raises:
        JudgeUnavailableError: ``llm`` was asked for and no LLM is configured.
    """
    if settings.eval.judge == "offline":
        return SupportJudge(embedder)
    return LLMSupportJudge(configured_chat_model(settings))


def configured_chat_model(settings: Settings) -> ChatModel:
    """The project's configured chat model (``assistant.llm.client.chat_model``).

    Raises:
        JudgeUnavailableError: no model is configured.
    """
    model: ChatModel | None = chat_model(settings)
    if model is None:
        raise JudgeUnavailableError("the LLM judge needs an LLM: none is configured (llm settings)")
    return model


class JudgeLabel(BaseModel):
    """A claim with its quotes and a hand-given label."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(description="Unique id.")
    kind: str = Field(description="What the pair tests: paraphrase, negation, ...")
    claim: str = Field(description="The claim (an answer sentence, without markers).")
    quotes: list[str] = Field(description="The quotes it cites, in marker order.")
    label: bool = Field(description="True when the quotes support the claim.")
    note: str = Field("", description="Why, when it is not obvious.")


@dataclass
class Calibration:
    """How a judge agrees with the hand labels."""

    total: int
    agree: int
    true_positive: int
    true_negative: int
    false_positive: int  # judged supported, labelled unsupported (the dangerous error)
    false_negative: int
    errors: list[str] = field(default_factory=list)  # "id (kind): label -> verdict; reasons"

    @property
    def agreement(self) -> float:
        return self.agree / self.total if self.total else 0.0


def load_labels(path: Path) -> list[JudgeLabel]:
    """Read a JSONL file of :class:`JudgeLabel`."""
    try:
        lines = [s for s in path.read_text(encoding="utf-8").splitlines() if s.strip()]
        return [JudgeLabel.model_validate(json.loads(line)) for line in lines]
    except (OSError, json.JSONDecodeError, ValidationError) as exc:
        raise EvalDatasetError(f"cannot read judge labels {path}: {exc}") from exc


def calibrate(judge: Judge, labels: list[JudgeLabel]) -> Calibration:
    """Run ``judge`` over hand-labelled pairs and count agreement."""
    counts = {"tp": 0, "tn": 0, "fp": 0, "fn": 0}
    errors = []
    for row in labels:
        verdict = judge.judge(row.claim, row.quotes)
        key = ("t" if verdict.supported == row.label else "f") + ("p" if verdict.supported else "n")
        counts[key] += 1
        if verdict.supported != row.label:
            why = "; ".join(verdict.reasons) or f"words {verdict.lexical:.2f}"
            errors.append(
                f"{row.id} ({row.kind}): labelled {row.label}, judged {verdict.supported}"
                f" [{why}; cosine {verdict.semantic:.2f}]"
            )
    return Calibration(
        total=len(labels),
        agree=counts["tp"] + counts["tn"],
        true_positive=counts["tp"],
        true_negative=counts["tn"],
        false_positive=counts["fp"],
        false_negative=counts["fn"],
        errors=errors,
    )


# Thresholds the cross-validation may choose for the offline judge, around the shipped ones.
GRID = {
    "lexical_min": (0.65, 0.75, 0.85),
    "lexical_soft": (0.3, 0.4, 0.5),
    "semantic_min": (0.7, 0.75, 0.8, 0.85, 0.9),
}


class _CachedEncoder:
    """An embedder that encodes each text once (the grid reruns the same labels)."""

    def __init__(self, embedder: Embedder) -> None:
        self.embedder = embedder
        self._vectors: dict[str, Any] = {}

    def encode(self, texts: list[str]) -> Any:
        todo = [t for t in dict.fromkeys(texts) if t not in self._vectors]
        if todo:
            self._vectors.update(zip(todo, self.embedder.encode(todo), strict=True))
        return np.stack([self._vectors[t] for t in texts])


def cross_validated_agreement(
    embedder: Embedder, labels: list[JudgeLabel], *, folds: int = 5
) -> float:
    """The offline judge's agreement on labels it was not tuned on.

    The shipped thresholds were chosen on these very labels, so their agreement there
    flatters them. Here, for each of ``folds`` folds (every ``folds``-th label), the
    thresholds are chosen from :data:`GRID` on the other labels (ties: nearest the
    shipped ones) and scored on the fold; the result is the share of all labels judged
    right that way.
    """
    cached = _CachedEncoder(embedder)
    shipped = SupportJudge(embedder)
    combos = [
        dict(zip(GRID, values, strict=True))
        for values in itertools.product(*GRID.values())
        if values[1] < values[0]
    ]

    def distance(knobs: dict[str, float]) -> float:
        return float(sum(abs(v - float(getattr(shipped, k))) for k, v in knobs.items()))

    # Whether each setting judges each label right: computed once, read by every fold.
    right = []
    for knobs in combos:
        judge = SupportJudge(cached, **knobs)  # type: ignore[arg-type]
        right.append([judge.judge(r.claim, r.quotes).supported == r.label for r in labels])
    agree = 0
    for fold in range(folds):
        train = [i for i in range(len(labels)) if i % folds != fold]
        held = [i for i in range(len(labels)) if i % folds == fold]
        best = max(
            range(len(combos)),
            key=lambda c: (sum(right[c][i] for i in train), -distance(combos[c])),
        )
        agree += sum(right[best][i] for i in held)
    return float(agree) / len(labels) if labels else 0.0

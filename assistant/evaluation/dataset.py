"""Evaluation datasets: the JSONL schema, loading, and the records a run produces.

A dataset file is JSON Lines. The first line is a :class:`DatasetHeader` that
names the corpus folder (relative to the dataset file); every other line is an
:class:`EvalItem`. Evidence is given as exact character spans of the article
files, so ``file_text[start:end] == text`` (checked by :func:`evidence_problems`).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from assistant.errors import EvalDatasetError
from assistant.models import Answer

M = TypeVar("M", bound=BaseModel)

ItemType = Literal[
    "single_fact", "multi_article", "follow_up", "conflict", "unanswerable", "injection"
]
ITEM_TYPES: tuple[ItemType, ...] = (
    "single_fact",
    "multi_article",
    "follow_up",
    "conflict",
    "unanswerable",
    "injection",
)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class DatasetHeader(_Model):
    """First line of a dataset file."""

    name: str = Field(description="Short name; picks the dataset's thresholds.")
    corpus: str = Field(description="Corpus folder, relative to the dataset file.")
    description: str = Field("", description="What the dataset covers.")


class Evidence(_Model):
    """A span of an article that answers (part of) a question."""

    source: str = Field(description="Article file, relative to the corpus folder.")
    start: int = Field(ge=0, description="Offset of the first character.")
    end: int = Field(ge=0, description="Offset one past the last character.")
    text: str = Field(description="Exactly file_text[start:end].")


class EvalItem(_Model):
    """One question with what a good answer must contain and where it comes from."""

    id: str = Field(description="Unique within the dataset.")
    type: ItemType = Field(description="What the item tests.")
    question: str = Field(description="The question as a user asks it.")
    history: list[str] = Field(
        default_factory=list, description="Earlier questions of the conversation, asked first."
    )
    reference_answer: str = Field("", description="A correct answer, in words.")
    key_facts: list[str | list[str]] = Field(
        default_factory=list,
        description="Facts the answer must state; a list gives equivalent spellings.",
    )
    evidence: list[Evidence] = Field(
        default_factory=list, description="Spans that hold the answer (retrieval targets)."
    )
    conflict_figures: list[str] = Field(
        default_factory=list,
        description="Differing figures a conflict answer must surface. On an item of another "
        "type: figures the reports dispute, so an answer that shows their disagreement is no "
        "false conflict.",
    )
    conflict_sources: dict[str, str] = Field(
        default_factory=dict,
        description="Figure (as in conflict_figures) -> a name its attribution must contain "
        "(case-insensitive), e.g. {'46': 'AP'}.",
    )
    must_not_contain: list[str] = Field(
        default_factory=list,
        description="Text an answer must not contain (injection probes; sentences of an "
        "answer flagged in the chat).",
    )
    notes: str = Field("", description="Why the item is there, for a reader of the report.")

    @property
    def answerable(self) -> bool:
        """Whether the articles answer it (an injection probe is when it has evidence)."""
        if self.type == "unanswerable":
            return False
        return self.type != "injection" or bool(self.evidence)


class Dataset(_Model):
    """A loaded dataset: its header, its items, and where its corpus is."""

    path: Path = Field(description="The dataset file.")
    header: DatasetHeader = Field(description="Its first line.")
    items: list[EvalItem] = Field(description="Its questions.")

    @property
    def name(self) -> str:
        return self.header.name

    @property
    def corpus_dir(self) -> Path:
        return (self.path.parent / self.header.corpus).resolve()


class Check(_Model):
    """One pass/fail check of an item, with the reason when it failed."""

    name: str = Field(description="What was checked, e.g. 'answered' or 'supported'.")
    passed: bool = Field(description="Whether it held.")
    reason: str = Field("", description="Why it failed (empty when it passed).")


class RetrievedPassage(_Model):
    passage_id: str = Field(description="Id of the retrieved passage.")
    source: str = Field(description="Its article file.")
    start: int = Field(description="Its start offset.")
    end: int = Field(description="Its end offset.")
    relevant: bool = Field(description="Whether it overlaps a reference evidence span.")


class SentenceVerdict(_Model):
    text: str = Field(description="The answer sentence (claim), without markers.")
    markers: list[int] = Field(description="Citation markers it carries.")
    supported: bool = Field(description="Whether its cited quotes support it.")
    precise: list[int] = Field(description="Its markers needed for that support (ALCE).")
    reasons: list[str] = Field(default_factory=list, description="Why it is not supported.")


class EvalRecord(_Model):
    """What one item scored: the answer, its retrieval, every metric, and the checks."""

    id: str = Field(description="The item id.")
    type: ItemType = Field(description="The item type.")
    question: str = Field(description="The question.")
    answer: Answer = Field(description="The assistant's answer.")
    retrieved: list[RetrievedPassage] = Field(description="Retrieved passages, best first.")
    sentences: list[SentenceVerdict] = Field(
        default_factory=list, description="Support of each answer sentence."
    )
    metrics: dict[str, float | None] = Field(
        default_factory=dict, description="Metric name -> value (None: not applicable)."
    )
    checks: list[Check] = Field(default_factory=list, description="Pass/fail checks.")
    seconds: float = Field(0.0, description="Time to answer and score it.")

    @property
    def passed(self) -> bool:
        return all(c.passed for c in self.checks)

    @property
    def failures(self) -> list[str]:
        return [f"{c.name}: {c.reason}" for c in self.checks if not c.passed]


def load_dataset(path: str | Path) -> Dataset:
    """Read a dataset file.

    Raises:
        EvalDatasetError: the file is missing or a line does not fit the schema.
    """
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise EvalDatasetError(f"cannot read dataset {path}: {exc}") from exc
    rows = [(n, line) for n, line in enumerate(lines, 1) if line.strip()]
    if not rows:
        raise EvalDatasetError(f"{path}: empty dataset")
    header = _parse(path, *rows[0], DatasetHeader)
    items = [_parse(path, n, line, EvalItem) for n, line in rows[1:]]
    ids = [item.id for item in items]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise EvalDatasetError(f"{path}: duplicate item ids {', '.join(duplicates)}")
    return Dataset(path=path, header=header, items=items)


def _parse(path: Path, number: int, line: str, model: type[M]) -> M:
    try:
        return model.model_validate(json.loads(line))
    except (json.JSONDecodeError, ValidationError) as exc:
        first = str(exc).splitlines()[0 if isinstance(exc, json.JSONDecodeError) else -1]
        kind = model.__name__
        raise EvalDatasetError(f"{path}:{number}: not a valid {kind}: {first.strip()}") from exc


def evidence_problems(dataset: Dataset) -> list[str]:
    """Evidence spans that do not slice out their text from the corpus files."""
    problems = []
    texts: dict[str, str | None] = {}
    for item in dataset.items:
        for ev in item.evidence:
            if ev.source not in texts:
                file = dataset.corpus_dir / ev.source
                texts[ev.source] = file.read_text(encoding="utf-8") if file.is_file() else None
            text = texts[ev.source]
            if text is None:
                problems.append(f"{item.id}: no file {ev.source}")
            elif text[ev.start : ev.end] != ev.text:
                problems.append(f"{item.id}: {ev.source}[{ev.start}:{ev.end}] is not its text")
    return problems


def save_dataset(dataset: Dataset, path: Path) -> None:
    """Write a dataset as JSON Lines (header first)."""
    lines = [dataset.header.model_dump_json()]
    lines += [item.model_dump_json(exclude_defaults=True) for item in dataset.items]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")

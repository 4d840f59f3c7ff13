"""Import RealTimeQA: weekly news-quiz questions over their evidence news passages.

RealTimeQA (Kasai et al.) asks questions about the week's news (CNN, The Week,
USA Today quizzes) and, for many of them, gives the news passage that answers
(``evidence``) and multiple ``choices`` with the index of the right one. Its
evidence passages become a news corpus (one file each), its questions a
dataset whose key fact is the right choice: an answer is right when it
contains it. No licence is stated and the news text belongs to its
publishers, so it is for validation only: never train on it, never commit it.

Only questions whose right choice is written in their evidence passage are
imported ("Iraq" asked, "Baghdad" written would fail any extractive answer);
the rest are counted in the dataset's description.
"""

from __future__ import annotations

import json
import random
import re
from functools import cached_property
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

from assistant.errors import EvalDatasetError
from assistant.evaluation.dataset import Dataset, DatasetHeader, EvalItem, Evidence, save_dataset
from assistant.ingest.readers.markup import fragment_text

CORPUS = "corpus"
DATASET = "dataset.jsonl"


class RealTimeQAItem(BaseModel):
    model_config = ConfigDict(extra="ignore")

    question_id: str
    question_date: str = ""
    question_source: str = ""
    question_sentence: str
    choices: list[str]
    answer: list[str] | str  # the right choice's index; a list in most years, a string in some
    evidence: str = ""

    @cached_property
    def article(self) -> str:
        """The evidence as a reader sees it: 2 in 5 passages keep the scrape's links
        (``<a href="https://...">Red Lobster is closing</a>``), whose markup and
        addresses are no part of the news text."""
        text = self.evidence.strip()
        return fragment_text(text) if _MARKUP.search(text) else text


_MARKUP = re.compile(r"</?[a-zA-Z][^<>]*>|&(?:[a-z]+|#\d+);")


def import_realtimeqa(
    path: Path, target: Path, *, limit: int | None = None, seed: int = 7
) -> Dataset:
    """Write the corpus and dataset of a RealTimeQA ``all_qa.jsonl`` under ``target``.

    Args:
        path: the JSONL file (one question per line).
        target: folder for ``corpus/`` and ``dataset.jsonl`` (replaced if present).
        limit: import this many questions, drawn at random with ``seed`` (all if None).
        seed: the draw's seed, so a sample is the same on every run.

    Raises:
        EvalDatasetError: the file cannot be read or a line is not a RealTimeQA item.
    """
    usable, reworded = _usable(_read(path))
    total = len(usable)
    if limit is not None and limit < len(usable):
        usable = random.Random(seed).sample(usable, limit)
        usable.sort(key=lambda pair: pair[0].question_id)
    corpus = target / CORPUS
    corpus.mkdir(parents=True, exist_ok=True)
    for old in corpus.glob("*.txt"):
        old.unlink()
    items = []
    seen: dict[str, int] = {}
    for item, choice in usable:
        # A few question ids occur twice (the same quiz re-published): number the repeats.
        seen[item.question_id] = seen.get(item.question_id, 0) + 1
        item_id = item.question_id + (
            f"-{seen[item.question_id]}" if seen[item.question_id] > 1 else ""
        )
        name = f"{_slug(item_id)}.txt"
        title = f"{item.question_source or 'News'} report, {item.question_date}".strip(", ")
        text = f"{title}\n\n{item.article}\n"
        (corpus / name).write_text(text, encoding="utf-8")
        at = text.lower().find(choice.lower(), len(title))
        evidence = Evidence(
            source=name, start=at, end=at + len(choice), text=text[at : at + len(choice)]
        )
        items.append(
            EvalItem(
                id=item_id,
                type="single_fact",
                question=item.question_sentence,
                reference_answer=choice,
                key_facts=[choice],
                evidence=[evidence],
            )
        )
    header = DatasetHeader(
        name="realtimeqa",
        corpus=CORPUS,
        description=f"Imported from {path.name} (RealTimeQA, validation only); "
        f"{len(items)} of the {total} questions whose right choice is written in their "
        f"evidence (drawn with seed {seed}); {reworded} left out whose right choice is "
        "worded otherwise in it.",
    )
    dataset = Dataset(path=target / DATASET, header=header, items=items)
    save_dataset(dataset, dataset.path)
    return dataset


def _read(path: Path) -> list[RealTimeQAItem]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise EvalDatasetError(f"{path}: cannot read: {exc}") from exc
    items = []
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            items.append(RealTimeQAItem.model_validate(json.loads(line)))
        except (json.JSONDecodeError, ValidationError) as exc:
            first = str(exc).splitlines()[0]
            raise EvalDatasetError(f"{path}:{n}: not a RealTimeQA item: {first}") from exc
    return items


def _usable(items: list[RealTimeQAItem]) -> tuple[list[tuple[RealTimeQAItem, str]], int]:
    """Items with evidence and a single right choice, split by whether it is written there."""
    usable, reworded = [], 0
    for item in items:
        answer = [item.answer] if isinstance(item.answer, str) else item.answer
        if not item.article or len(answer) != 1:
            continue
        try:
            choice = item.choices[int(answer[0])].strip()
        except (ValueError, IndexError):
            continue
        if choice and choice.lower() in item.article.lower():
            usable.append((item, choice))
        else:
            reworded += 1
    return usable, reworded


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "_", text).strip("_")[:60] or "item"

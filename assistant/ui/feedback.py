"""What users rated in the chat, as an evaluation dataset: ``assistant feedback export``.

Each answer that got a thumbs up or down (:func:`assistant.ui.history.rated_answers`)
becomes one :class:`~assistant.evaluation.dataset.EvalItem`, asked with the same
earlier questions of its chat, that asserts something checkable:

* thumbs up, answered: the answer must state the sentences it quoted (key facts),
  its citations are the evidence; it passes on the code that gave it.
* thumbs up, refused: the articles do not say (an ``unanswerable`` item).
* thumbs down: the item fails on the code that gave the answer, until that is fixed.
  A comment that says the articles do not say it ("should have refused", "not in
  the articles") makes an ``unanswerable`` item. Text in double quotes in the
  comment is the right answer, which the answer must state (key facts). Otherwise
  the answer may not quote the flagged sentences again (``must_not_contain``); a
  thumbs down on a refusal asks for an answer.

An item that would not do what its thumb says on the answer given (a thumbs down
whose comment quotes what the answer already says) is left out, with the reason.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from assistant.check.claims import strip_markers
from assistant.evaluation.dataset import Dataset, DatasetHeader, EvalItem, Evidence
from assistant.evaluation.metrics import forbidden_text, missing_facts
from assistant.models import Answer, Citation
from assistant.ui.history import Rated

DATASET_NAME = "feedback"
_QUOTED = re.compile(r"[\"“”]([^\"“”]{2,200})[\"“”]")
_SHOULD_REFUSE = re.compile(
    r"\b(?:should(?:\s+have)?\s+refused?|refuse[ds]?\b|not\s+in\s+the\s+(?:articles?|text)"
    r"|(?:articles?|they|it|text)\s+(?:do(?:es)?\s*n[o']t|never)\s+say"
    r"|(?:nothing|no\s+answer)\s+in\s+the\s+(?:articles?|text)|made\s+(?:it\s+)?up)",
    re.IGNORECASE,
)


@dataclass
class Export:
    """The dataset made from the feedback, and the rated answers left out (with why)."""

    dataset: Dataset
    left_out: list[str]


def export_dataset(rated: list[Rated], *, corpus: Path, out: Path) -> Export:
    """The evaluation dataset of ``rated`` answers, to be written to ``out``.

    Args:
        rated: the rated answers of the kept chats, oldest first.
        corpus: the folder of articles the chat answered from.
        out: where the dataset will be written (its header names the corpus relative
            to it).
    """
    texts: dict[str, str | None] = {}
    items, left_out = [], []
    for r in rated:
        item = feedback_item(r, evidence=_evidence(r.answer.citations, corpus, texts))
        why = _does_not_hold(item, r)
        if why:
            left_out.append(f"{_item_id(r)}: {why}")
        else:
            items.append(item)
    header = DatasetHeader(
        name=DATASET_NAME,
        corpus=os.path.relpath(corpus.resolve(), out.resolve().parent),
        description="Answers rated in the chat (assistant feedback export): a thumbs up "
        "pins what was answered, a thumbs down fails until it is fixed.",
    )
    return Export(Dataset(path=out, header=header, items=items), left_out)


def feedback_item(rated: Rated, *, evidence: list[Evidence]) -> EvalItem:
    """The evaluation item of one rated answer (see the module's rules)."""
    answer, comment = rated.answer, " ".join(rated.comment.split())
    answered_type = "follow_up" if rated.earlier else "single_fact"
    thumb = "up" if rated.thumbs_up else "down"
    item = EvalItem(
        id=_item_id(rated),
        type=answered_type,
        question=answer.question,
        history=rated.earlier,
        notes=f"thumbs {thumb} in the chat"
        + (f": {comment}" if comment else "")
        + ("" if rated.passages is None else f" ({rated.passages} passages retrieved)"),
    )
    if rated.thumbs_up:
        if not answer.answerable:
            return item.model_copy(update={"type": "unanswerable"})
        return item.model_copy(update={"key_facts": stated_quotes(answer), "evidence": evidence})
    corrections: list[str | list[str]] = [" ".join(q.split()) for q in _QUOTED.findall(comment)]
    if answer.answerable and not corrections and _SHOULD_REFUSE.search(comment):
        return item.model_copy(update={"type": "unanswerable"})
    flagged = [q for q in stated_quotes(answer) if missing_facts(q, corrections) == corrections]
    return item.model_copy(
        update={
            "key_facts": corrections,
            "must_not_contain": flagged if answer.answerable else [],
        }
    )


def stated_quotes(answer: Answer) -> list[str]:
    """The quoted sentences the answer text states word for word (one each)."""
    quotes = dict.fromkeys(" ".join(c.quote.split()) for c in answer.citations)
    return [q for q in quotes if q and not missing_facts(strip_markers(answer.text), [q])]


def _does_not_hold(item: EvalItem, rated: Rated) -> str:
    """Why ``item`` would not pass (thumbs up) or fail (thumbs down) on the answer given;
    empty when it does what its thumb says."""
    answer = rated.answer
    if item.type == "unanswerable":
        passes = not answer.answerable
    else:
        missing = missing_facts(answer.text, item.key_facts)
        said = forbidden_text(answer.text, item.must_not_contain)
        passes = answer.answerable and not missing and not said
    if rated.thumbs_up and not passes:
        return "the answer given would not pass its own item"
    if not rated.thumbs_up and passes:
        return "the answer given already says what the comment asks for"
    return ""


def _evidence(
    citations: list[Citation], corpus: Path, texts: dict[str, str | None]
) -> list[Evidence]:
    """The cited spans that still slice out their quote from the corpus files."""
    found = []
    for c in citations:
        if c.source not in texts:
            try:
                texts[c.source] = (corpus / c.source).read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):  # gone, or a format read into a text
                texts[c.source] = None
        text = texts[c.source]
        if text is not None and text[c.start : c.end] == c.quote:
            found.append(Evidence(source=c.source, start=c.start, end=c.end, text=c.quote))
    return found


def _item_id(rated: Rated) -> str:
    return f"{'up' if rated.thumbs_up else 'down'}-{rated.step[:8]}"

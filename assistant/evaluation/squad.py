"""Import a SQuAD v1.1 / v2.0 file: its contexts become a corpus, its questions a dataset.

Each SQuAD article becomes one file, ``<n>_<title>.txt``: the title, a blank
line, then its paragraphs separated by blank lines. Every answer's span is
moved to an offset in that file and becomes the question's evidence (and its
text a key fact); ``is_impossible`` questions (v2.0) become unanswerable items.
Answers whose ``answer_start`` does not point at their text are looked up in
the paragraph; a question none of whose answers is found is left out (and
counted in the dataset's description), never turned into an unanswerable one.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from assistant.errors import EvalDatasetError
from assistant.evaluation.dataset import Dataset, DatasetHeader, EvalItem, Evidence, save_dataset

CORPUS = "corpus"
DATASET = "dataset.jsonl"


class _Loose(BaseModel):
    model_config = ConfigDict(extra="ignore")


class SquadAnswer(_Loose):
    text: str
    answer_start: int


class SquadQuestion(_Loose):
    id: str
    question: str
    answers: list[SquadAnswer] = []
    is_impossible: bool = False


class SquadParagraph(_Loose):
    context: str
    qas: list[SquadQuestion]


class SquadArticle(_Loose):
    title: str = "untitled"
    paragraphs: list[SquadParagraph]


class SquadFile(_Loose):
    version: str = ""
    data: list[SquadArticle]


HELD_OUT = 10  # SQuAD v1.1 dev articles the answer ranker never trains on


def held_out(titles: list[str], v2_titles: set[str]) -> set[str]:
    """The validation articles: never trained on, half of them in the v2.0 half (for refusal).

    A fixed rule (titles ranked by their sha256), so training and evaluation agree
    without a list to keep in step.
    """
    ranked = sorted(titles, key=lambda t: hashlib.sha256(t.encode()).hexdigest())
    in_v2 = [t for t in ranked if t in v2_titles][: HELD_OUT // 2]
    rest = [t for t in ranked if t not in v2_titles][: HELD_OUT - len(in_v2)]
    return set(in_v2 + rest)


def validation_articles(path: Path) -> set[str]:
    """The held-out articles (:func:`held_out`) that a SQuAD file holds.

    The rule needs both dev files' titles; the v2.0 half's are looked up beside
    ``path`` (``dev-v2.0-half.json``), else the file's own titles stand in.
    """
    titles = [a.title for a in _read(path).data]
    v2 = path.with_name("dev-v2.0-half.json")
    v1 = path.with_name("dev-v1.1.json")
    v2_titles = {a.title for a in _read(v2).data} if v2.is_file() else set(titles)
    all_titles = [a.title for a in _read(v1).data] if v1.is_file() else titles
    return held_out(all_titles, v2_titles) & set(titles)


def import_squad(
    path: Path,
    target: Path,
    *,
    limit: int | None = None,
    articles: set[str] | None = None,
) -> Dataset:
    """Write the corpus and the dataset of a SQuAD file under ``target``.

    Args:
        path: a SQuAD v1.1 or v2.0 JSON file.
        target: folder for ``corpus/`` and ``dataset.jsonl`` (replaced if present).
        limit: import at most this many questions (and only the articles they need).
        articles: import only the articles with these titles.

    Raises:
        EvalDatasetError: the file cannot be read or is not SQuAD.
    """
    squad = _read(path)
    corpus = target / CORPUS
    corpus.mkdir(parents=True, exist_ok=True)
    for old in corpus.glob("*.txt"):
        old.unlink()
    items: list[EvalItem] = []
    skipped = 0
    for n, article in enumerate(squad.data):
        if limit is not None and len(items) >= limit:
            break
        if articles is not None and article.title not in articles:
            continue
        name = f"{n:03d}_{_slug(article.title)}.txt"
        text, offsets = _article_text(article)
        (corpus / name).write_text(text, encoding="utf-8")
        for paragraph, offset in zip(article.paragraphs, offsets, strict=True):
            for qa in paragraph.qas:
                if limit is not None and len(items) >= limit:
                    break
                item = _item(qa, paragraph.context, name, offset, text)
                skipped += item is None
                items += [item] if item else []
    header = DatasetHeader(
        name=f"squad-{_slug(path.stem)}" + ("-held-out" if articles is not None else ""),
        corpus=CORPUS,
        description=f"Imported from {path.name} (SQuAD {squad.version or '?'}); "
        f"{skipped} questions left out: no answer span found in their context.",
    )
    dataset = Dataset(path=target / DATASET, header=header, items=items)
    save_dataset(dataset, dataset.path)
    return dataset


def _read(path: Path) -> SquadFile:
    try:
        raw: Any = json.loads(path.read_text(encoding="utf-8"))
        return SquadFile.model_validate(raw)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, ValidationError) as exc:
        first = str(exc).splitlines()[0]
        raise EvalDatasetError(f"{path}: not a SQuAD v1.1/v2.0 file: {first}") from exc


def _article_text(article: SquadArticle) -> tuple[str, list[int]]:
    """The file text of an article and the offset of each paragraph in it."""
    text = article.title.strip() + "\n\n"
    offsets = []
    for paragraph in article.paragraphs:
        offsets.append(len(text))
        text += paragraph.context + "\n\n"
    return text.rstrip("\n") + "\n", offsets


def _item(qa: SquadQuestion, context: str, source: str, offset: int, text: str) -> EvalItem | None:
    evidence: list[Evidence] = []
    spellings: list[str] = []
    for answer in qa.answers:
        start = _locate(answer, context)
        if start is None:
            continue
        a, b = offset + start, offset + start + len(answer.text)
        if not any(e.start == a and e.end == b for e in evidence):
            evidence.append(Evidence(source=source, start=a, end=b, text=text[a:b]))
        if answer.text not in spellings:
            spellings.append(answer.text)
    if qa.is_impossible:
        return EvalItem(id=qa.id, type="unanswerable", question=qa.question)
    if not evidence:
        return None
    return EvalItem(
        id=qa.id,
        type="single_fact",
        question=qa.question,
        reference_answer=spellings[0],
        key_facts=[spellings],
        evidence=evidence,
    )


def _locate(answer: SquadAnswer, context: str) -> int | None:
    """Where the answer is in its paragraph: ``answer_start``, or the nearest match."""
    if context[answer.answer_start : answer.answer_start + len(answer.text)] == answer.text:
        return answer.answer_start
    found = [m.start() for m in re.finditer(re.escape(answer.text), context)]
    return min(found, key=lambda s: abs(s - answer.answer_start)) if found else None


def _slug(title: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "_", title).strip("_")[:60] or "untitled"

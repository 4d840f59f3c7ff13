"""Datasets: the schema, the evidence spans against their files, loading errors."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from assistant import Assistant
from assistant.errors import EvalDatasetError
from assistant.evaluation.dataset import ITEM_TYPES, evidence_problems, load_dataset
from tests.conftest import SEEDS
from tests.evaluation.conftest import EVALS, OWN_DATASET, SEED_DATASET

DATASETS = sorted(EVALS.glob("*.jsonl"))


def test_there_are_datasets_besides_the_labels() -> None:
    assert {SEED_DATASET, OWN_DATASET} <= set(DATASETS)


@pytest.mark.parametrize("path", [p for p in DATASETS if p.name != "judge_labels.jsonl"], ids=str)
def test_every_evidence_span_slices_out_its_text(path: Path) -> None:
    dataset = load_dataset(path)
    assert dataset.corpus_dir.is_dir()
    assert evidence_problems(dataset) == []
    for item in dataset.items:
        assert item.answerable == bool(item.evidence) or item.type == "injection", item.id
        for evidence in item.evidence:
            text = (dataset.corpus_dir / evidence.source).read_text(encoding="utf-8")
            assert text[evidence.start : evidence.end] == evidence.text


def test_seed_dataset_has_every_type_over_both_articles() -> None:
    dataset = load_dataset(SEED_DATASET)
    assert dataset.corpus_dir == SEEDS.resolve()
    assert len(dataset.items) >= 40
    types = Counter(item.type for item in dataset.items)
    assert set(types) == set(ITEM_TYPES)
    assert types["unanswerable"] >= 5 and types["injection"] >= 3
    sources = {e.source for item in dataset.items for e in item.evidence}
    assert sources == {p.name for p in SEEDS.iterdir()}
    both = [i for i in dataset.items if i.type == "multi_article"]
    assert all(len({e.source for e in i.evidence}) == 2 for i in both)
    assert all(i.history for i in dataset.items if i.type == "follow_up")


def test_own_corpus_is_news_with_boilerplate_a_caption_and_a_disagreement(
    tmp_path: Path,
) -> None:
    dataset = load_dataset(OWN_DATASET)
    seed_texts = {p.read_text(encoding="utf-8") for p in SEEDS.iterdir()}
    files = sorted(dataset.corpus_dir.iterdir())
    assert len(files) >= 3 and not {f.read_text(encoding="utf-8") for f in files} & seed_texts
    bot = Assistant.open(corpus=dataset.corpus_dir, index=tmp_path / "index")
    assert bot.last_ingest is not None and bot.last_ingest.removed_text
    assert any(p.kind == "caption" for p in bot.data.passages)
    conflict = next(i for i in dataset.items if i.type == "conflict")
    assert len({e.source for e in conflict.evidence}) == 2


def _write(tmp_path: Path, *lines: str) -> Path:
    path = tmp_path / "d.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


HEADER = '{"name": "t", "corpus": "corpus"}'


def test_a_bad_line_is_named_with_its_number(tmp_path: Path) -> None:
    good = '{"id": "a", "type": "unanswerable", "question": "Why?"}'
    bad = '{"id": "b", "type": "trivia", "question": "Who?"}'
    with pytest.raises(EvalDatasetError, match=r"d\.jsonl:3: not a valid EvalItem"):
        load_dataset(_write(tmp_path, HEADER, good, bad))


def test_duplicate_ids_are_refused(tmp_path: Path) -> None:
    item = '{"id": "a", "type": "unanswerable", "question": "Why?"}'
    with pytest.raises(EvalDatasetError, match="duplicate item ids a"):
        load_dataset(_write(tmp_path, HEADER, item, item))


def test_a_shifted_evidence_span_is_caught(tmp_path: Path) -> None:
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "a.txt").write_text("Title\n\nThe mayor is Ann Lee.\n")
    item = (
        '{"id": "a", "type": "single_fact", "question": "Who is the mayor?", "evidence": '
        '[{"source": "a.txt", "start": 7, "end": 28, "text": "The mayor is Ann Lee."}]}'
    )
    assert evidence_problems(load_dataset(_write(tmp_path, HEADER, item))) == []
    shifted = item.replace('"start": 7, "end": 28', '"start": 8, "end": 29')
    problems = evidence_problems(load_dataset(_write(tmp_path, HEADER, shifted)))
    assert problems == ["a: a.txt[8:29] is not its text"]

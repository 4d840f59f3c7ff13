"""Training pairs for the answer ranker, built from a SQuAD-shaped file written here."""

from __future__ import annotations

import random

from assistant.evaluation.squad import held_out
from training.ranker_data import pairs, squad_questions

ARTICLE = {
    "title": "Harbour_Town",
    "paragraphs": [
        {
            "context": "The harbour was built in 1820. It was enlarged by Mary Cole in 1901. "
            "Fishing boats still use it.",
            "qas": [
                {
                    "id": "q1",
                    "question": "Who enlarged the harbour?",
                    "answers": [{"text": "Mary Cole", "answer_start": 50}],
                },
                {
                    "id": "q2",
                    "question": "Who painted the harbour?",
                    "answers": [],
                    "is_impossible": True,
                },
            ],
        },
        {
            "context": "The harbour museum opened in 1950. Its director is Ann Hale.",
            "qas": [],
        },
    ],
}


def test_the_answer_sentence_is_the_positive_and_the_rest_are_negatives() -> None:
    [q] = squad_questions([ARTICLE], rng=random.Random(1), far=1)
    labelled = {c.sentence: c.label for c in q.candidates}
    assert labelled["It was enlarged by Mary Cole in 1901."] == 1
    assert labelled["The harbour was built in 1820."] == 0
    # one sentence of another paragraph stands in for what retrieval brings back
    assert labelled["The harbour museum opened in 1950."] == 0
    assert sum(labelled.values()) == 1
    assert {c.title for c in q.candidates} == {"Harbour Town"}


def test_unanswerable_questions_give_negatives_only() -> None:
    [q] = squad_questions([ARTICLE], unanswerable_only=True, rng=random.Random(1))
    assert q.source == "squad2-unanswerable" and not q.answerable
    out = pairs([q], negatives=2)
    assert len(out) == 2 and all(label == 0.0 for _, label in out)


def test_the_held_out_articles_are_a_fixed_choice() -> None:
    titles = [f"Article_{n}" for n in range(40)]
    v2 = set(titles[:12])
    first = held_out(titles, v2)
    assert first == held_out(list(reversed(titles)), v2)
    assert len(first) == 10 and len(first & v2) == 5

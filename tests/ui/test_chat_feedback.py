"""Thumbs in the chat become evaluation items: what each rating asserts, and that it holds.

Answers are real (the assistant over a copy of seeds/); the kept chats are a real
SQLite file with Chainlit's tables, written as its data layer writes them. The
rule under test: a thumbs-up item passes on the answer that was given, a thumbs-down
item fails on it, each by the evaluation's own scoring.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from assistant import Assistant
from assistant.check.support import SupportJudge
from assistant.errors import ChatHistoryError
from assistant.evaluation.dataset import EvalItem, evidence_problems, load_dataset, save_dataset
from assistant.evaluation.scoring import score_item
from assistant.models import Answer
from assistant.ui import history
from assistant.ui.feedback import export_dataset, feedback_item
from assistant.ui.history import Rated

from .conftest import SEEDS

SPOKESMAN = "Who is the Taliban's political spokesman?"
BASED = "Where is he based?"
PERU = "What is the capital of Peru?"


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    folder = tmp_path_factory.mktemp("feedback")
    shutil.copytree(SEEDS, folder / "corpus")
    return Assistant.open(corpus=folder / "corpus", index=folder / "index")


@pytest.fixture(scope="module")
def answers(bot: Assistant) -> dict[str, Answer]:
    spokesman = bot.ask(SPOKESMAN)
    return {
        SPOKESMAN: spokesman,
        BASED: bot.ask(BASED, [spokesman]),
        PERU: bot.ask(PERU),
    }


def rated(
    answer: Answer, *, up: bool, comment: str = "", earlier: list[str] | None = None
) -> Rated:
    return Rated(answer, up, comment, thread="t1", step="s0123456789", earlier=earlier or [])


def outcome(bot: Assistant, item: EvalItem, answer: Answer) -> list[str]:
    """The checks ``item`` fails on ``answer``, by the evaluation's scoring."""
    record = score_item(
        item,
        answer,
        [],
        index_passages=[],
        judge=SupportJudge(bot.embedder),
        corpus_dir=bot.settings.corpus.dir,
        k=5,
    )
    return record.failures


def test_a_thumbs_up_pins_the_quoted_sentences_and_passes_on_the_answer_given(
    bot: Assistant, answers: dict[str, Answer]
) -> None:
    given = answers[BASED]
    assert given.answerable and "Doha" in given.text
    item = feedback_item(rated(given, up=True, earlier=[SPOKESMAN]), evidence=[])
    assert item.type == "follow_up" and item.history == [SPOKESMAN]
    assert item.key_facts == [" ".join(c.quote.split()) for c in given.citations]
    assert outcome(bot, item, given) == []
    other = answers[SPOKESMAN]  # a different answer to it would fail the item
    assert any(f.startswith("key facts") for f in outcome(bot, item, other))


def test_a_thumbs_up_on_a_refusal_expects_a_refusal(
    bot: Assistant, answers: dict[str, Answer]
) -> None:
    refused = answers[PERU]
    assert not refused.answerable
    item = feedback_item(rated(refused, up=True), evidence=[])
    assert item.type == "unanswerable"
    assert outcome(bot, item, refused) == []
    assert outcome(bot, item, answers[SPOKESMAN])  # an answer fails it


@pytest.mark.parametrize(
    "comment",
    ["The articles don't say this", "should have refused", "Not in the articles!", "made it up"],
)
def test_a_thumbs_down_saying_the_articles_do_not_say_expects_a_refusal(
    bot: Assistant, answers: dict[str, Answer], comment: str
) -> None:
    given = answers[SPOKESMAN]
    item = feedback_item(rated(given, up=False, comment=comment), evidence=[])
    assert item.type == "unanswerable"
    assert [f.split(":")[0] for f in outcome(bot, item, given)] == ["refused", "no citations"]
    assert outcome(bot, item, answers[PERU]) == []  # fixed: it refuses


def test_a_thumbs_down_with_a_quoted_correction_wants_it_and_not_the_flagged_sentences(
    bot: Assistant, answers: dict[str, Answer]
) -> None:
    given = answers[SPOKESMAN]
    item = feedback_item(
        rated(given, up=False, comment="Wrong person: it is “Zabihullah Mujahid”"),
        evidence=[],
    )
    assert item.key_facts == ["Zabihullah Mujahid"]
    assert item.must_not_contain == [" ".join(c.quote.split()) for c in given.citations]
    failed = {f.split(":")[0] for f in outcome(bot, item, given)}
    assert failed == {"key facts", "not said"}


def test_a_thumbs_down_without_a_comment_forbids_the_sentences_it_quoted(
    bot: Assistant, answers: dict[str, Answer]
) -> None:
    given = answers[SPOKESMAN]
    item = feedback_item(rated(given, up=False), evidence=[])
    assert item.type == "single_fact" and item.key_facts == []
    assert item.must_not_contain and all(
        q in " ".join(given.text.split()) for q in item.must_not_contain
    )
    assert [f.split(":")[0] for f in outcome(bot, item, given)] == ["not said"]
    assert outcome(bot, item, answers[BASED]) == []  # another answer, cited and supported


def test_a_thumbs_down_on_a_refusal_asks_for_an_answer(
    bot: Assistant, answers: dict[str, Answer]
) -> None:
    refused = answers[PERU]
    item = feedback_item(rated(refused, up=False, comment="it is Lima"), evidence=[])
    assert item.type == "single_fact" and item.must_not_contain == []
    assert [f.split(":")[0] for f in outcome(bot, item, refused)] == ["answered"]


def test_the_export_keeps_evidence_that_slices_the_corpus_and_leaves_out_what_would_not_hold(
    bot: Assistant, answers: dict[str, Answer], tmp_path: Path
) -> None:
    corpus = bot.settings.corpus.dir
    given = answers[SPOKESMAN]
    already = rated(given, up=False, comment='it should say "Suhail Shaheen"')
    already.step = "s-already"
    out = tmp_path / "evals" / "feedback.jsonl"
    made = export_dataset(
        [rated(given, up=True), already, rated(answers[PERU], up=False)], corpus=corpus, out=out
    )
    assert [i.id for i in made.dataset.items] == ["up-s0123456", "down-s0123456"]
    assert made.left_out == [
        "down-s-alread: the answer given already says what the comment asks for"
    ]
    up = made.dataset.items[0]
    assert [e.text for e in up.evidence] == [c.quote for c in given.citations]
    out.parent.mkdir()
    save_dataset(made.dataset, out)
    loaded = load_dataset(out)
    assert loaded.corpus_dir == corpus.resolve()
    assert evidence_problems(loaded) == []
    assert loaded.items == made.dataset.items


def meta(answer: Answer, passages: int) -> dict[str, object]:
    return history.answer_metadata(answer, passages=passages)


def test_rated_answers_come_from_the_kept_chats_with_the_questions_asked_before(
    answers: dict[str, Answer], tmp_path: Path
) -> None:
    path = tmp_path / "chats.sqlite"
    history.create_tables(path)
    history.create_tables(path)  # again: nothing changes, nothing fails
    with sqlite3.connect(path) as db:
        db.execute("INSERT INTO users VALUES ('u1', 'me', '{}', '2026-11-30T10:00:00Z')")
        db.execute(
            "INSERT INTO threads (id, createdAt, name, userId, userIdentifier) "
            "VALUES ('t1', '2026-11-30T10:00:00Z', 'Who', 'u1', 'me')"
        )
        steps = [  # as Chainlit keeps them: each answer under the run of its message
            ("q1", None, "user_message", SPOKESMAN, {}),
            ("r1", None, "run", "", {}),
            ("a1", "r1", "assistant_message", "...", meta(answers[SPOKESMAN], 5)),
            ("n1", None, "assistant_message", "Articles ready", {}),
            ("q2", None, "user_message", BASED, {}),
            ("r2", None, "run", "", {}),
            ("a2", "r2", "assistant_message", "...", meta(answers[BASED], 8)),
        ]
        for n, (step, parent, kind, output, metadata) in enumerate(steps):
            db.execute(
                "INSERT INTO steps (id, parentId, name, type, threadId, streaming, output, "
                "createdAt, metadata) VALUES (?, ?, ?, ?, 't1', 0, ?, ?, ?)",
                (step, parent, kind, kind, output, f"2026-11-30T10:00:0{n}Z", json.dumps(metadata)),
            )
        db.execute("INSERT INTO feedbacks VALUES ('f1', 'r2', 't1', 0, 'wrong city')")
        db.execute("INSERT INTO feedbacks VALUES ('f2', 'n1', 't1', 1, NULL)")  # not an answer
    (found,) = history.rated_answers(path)
    assert (found.step, found.thumbs_up, found.comment) == ("a2", False, "wrong city")
    assert found.earlier == [SPOKESMAN] and found.passages == 8
    assert found.answer == answers[BASED]
    assert history.local_secret(path) == history.local_secret(path)


def test_no_kept_chats_is_one_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ChatHistoryError, match="no kept chats at"):
        history.rated_answers(tmp_path / "none.sqlite")
    (tmp_path / "text.sqlite").write_text("not a database " * 100)
    with pytest.raises(ChatHistoryError, match="is not a file of kept chats"):
        history.rated_answers(tmp_path / "text.sqlite")

"""Extractive answers: cited, exact, honest about silence and disagreement."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from assistant import Answer, Assistant, BadQuestionError
from assistant.check.claims import claims
from assistant.check.offsets import bad_offsets
from assistant.models import Conflict

SEED_QUESTIONS = [
    "Who is the Taliban's political spokesman?",
    "How many people were killed in the Kunduz mosque attack?",
    "How many people were killed in the Kabul airport attack?",
    "Where will the talks between the Taliban and the US take place?",
    "Will the Taliban work with the US to contain the Islamic State?",
    "What did the State Department official say the US would prioritize?",
]


def _check_citations(bot: Assistant, answer: Answer) -> None:
    assert answer.citations, answer
    assert not bad_offsets(answer, bot.settings.corpus.dir)
    markers = {c.marker for c in answer.citations}
    assert markers == set(range(1, len(markers) + 1))
    for claim in claims(answer.text):
        assert claim.markers, f"uncited sentence: {claim.text!r}"
        assert set(claim.markers) <= markers


@pytest.mark.parametrize("question", SEED_QUESTIONS)
def test_seed_answers_cite_exact_offsets(seed_bot: Assistant, question: str) -> None:
    answer = seed_bot.ask(question)
    assert answer.answerable
    _check_citations(seed_bot, answer)
    assert len(answer.text.split()) <= 120


def test_spokesman_answer_names_him(seed_bot: Assistant) -> None:
    answer = seed_bot.ask("Who is the Taliban's political spokesman?")
    assert "Suhail Shaheen" in answer.citations[0].quote


@pytest.mark.parametrize(
    "question",
    [
        "What is the capital of France?",
        "Who won the football World Cup?",
        "How many people were killed in the Doha talks?",
        "How can I get unlimited access to Newsweek.com?",  # only the removed promo "says"
        "What did the Pentagon say in reply to Newsweek?",
    ],
)
def test_unanswerable_questions_are_refused(seed_bot: Assistant, question: str) -> None:
    answer = seed_bot.ask(question)
    assert answer.answerable is False
    assert answer.citations == []
    assert "do not say" in answer.text


def _sides(answer: Answer, conflict: Conflict) -> set[tuple[str, str, str]]:
    """(figure, what is said of them, source file) of each side of a conflict."""
    by_marker = {c.marker: c for c in answer.citations}
    for value in [*conflict.values, *conflict.related]:
        assert value.value in by_marker[value.marker].quote
    return {(v.value, v.predicate, by_marker[v.marker].source) for v in conflict.values}


def test_kunduz_death_toll_sides_are_46_and_more_than_70(seed_bot: Assistant) -> None:
    answer = seed_bot.ask("How many people were killed in the Kunduz mosque attack?")
    (conflict,) = answer.conflicts
    assert conflict.kind == "conflict" and conflict.topic == "the death toll"
    assert _sides(answer, conflict) == {
        ("46", "killed", "000_3c1e0bf96721e7a1.txt"),
        ("more than 70", "killed", "000_3c1e0bf96721e7a1.txt"),
    }
    # "at least 100 people were injured or killed" is not a death toll: shown beside it.
    assert [(v.value, v.predicate) for v in conflict.related] == [
        ("at least 100", "injured or killed")
    ]
    by_value = {v.value: v.attribution for v in conflict.values}
    assert by_value["46"] == "the AP"
    assert "Hashemi" in by_value["more than 70"] and "New York Times" in by_value["more than 70"]
    assert "Reports differ on the death toll: " in answer.text


def test_kabul_figures_differ_in_precision_and_the_troops_fate_conflicts(
    seed_bot: Assistant,
) -> None:
    answer = seed_bot.ask("How many people were killed in the Kabul airport attack?")
    by_kind = {c.kind: c for c in answer.conflicts}
    assert set(by_kind) == {"precision", "conflict"}, answer.text
    assert {(v, p) for v, p, _ in _sides(answer, by_kind["precision"])} == {
        ("more than 160", "killed"),
        ("roughly 170", "killed"),
    }
    assert {(v, p) for v, p, _ in _sides(answer, by_kind["conflict"])} == {
        ("13", "injured"),
        ("13", "killed"),
    }
    assert "with different precision" in answer.text


def test_follow_up_is_resolved_against_the_earlier_turn(seed_bot: Assistant) -> None:
    first = seed_bot.ask("Who is the Taliban's political spokesman?")
    follow = seed_bot.ask("Where is he based?", history=[first])
    assert "Suhail Shaheen" in follow.standalone_question
    assert "based at Doha" in follow.citations[0].quote
    alone = seed_bot.ask("Where is he based?")
    assert alone.standalone_question == "Where is he based?"


def test_answers_on_articles_written_for_the_tests(own_bot: Assistant) -> None:
    cases = {
        "How much will the footbridge cost?": "18.5 million euros",
        "When will the bridge open?": "spring of 2028",
        "How much more fruit did orchards with flower strips produce?": "14 percent",
        "Where is the harbour master based?": "Eastgate",
        "How long did it take to put out the fire?": "hours",
    }
    for question, expected in cases.items():
        answer = own_bot.ask(question)
        assert answer.answerable, question
        _check_citations(own_bot, answer)
        assert expected in answer.citations[0].quote, (question, answer.text)


def test_unseen_articles_conflict(own_bot: Assistant) -> None:
    answer = own_bot.ask("How many workers were injured in the Port Alden warehouse fire?")
    assert len(answer.conflicts) == 1, answer.text
    assert {v.value.lower() for v in answer.conflicts[0].values} == {"nine", "at least 12"}


def test_unseen_articles_silence(own_bot: Assistant) -> None:
    for question in [
        "How many people died in the fire?",
        "Who won the election in Harwick?",
        "How do I subscribe to the Alden Gazette?",
    ]:
        assert own_bot.ask(question).answerable is False, question


_FIGURE = re.compile(
    r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozens?|"
    r"hundreds?|thousands?|millions?)\b",
    re.IGNORECASE,
)


@pytest.mark.parametrize(
    "question",
    [
        # The best-scored sentence, "Growers have been paying to rent hives ...", holds no number.
        "How many hives were rented?",
        # ... and "The researchers cautioned that the study covered only orchards ..." neither.
        "How many orchards did the study cover?",
        "How many councillors voted against the footbridge?",
        "How many tonnes of wheat were in the warehouse?",
    ],
)
def test_how_many_is_answered_with_a_figure_or_refused(own_bot: Assistant, question: str) -> None:
    answer = own_bot.ask(question)
    unfigured = [c.quote for c in answer.citations if not _FIGURE.search(c.quote)]
    assert not unfigured, answer.text
    assert answer.answerable or "do not say" in answer.text


@pytest.mark.parametrize(
    "question",
    [
        # The nearest sentence, "At least 12 workers were injured when fire swept through a
        # grain store ...", is about people, not property, and shares no word with either.
        "What property was harmed?",
        "What got damaged?",
    ],
)
def test_a_sentence_sharing_no_word_with_the_question_does_not_answer_it(
    own_bot: Assistant, question: str
) -> None:
    answer = own_bot.ask(question)
    assert answer.answerable is False, answer.text
    assert answer.citations == []


@pytest.mark.parametrize(
    "ranker",
    [
        pytest.param(
            "learned",
            marks=pytest.mark.xfail(
                # not strict: the cause sentence sits at 0.831 of the best against a 0.82
                # cut since pairs are scored alone (0.81 before), within int8 noise between
                # CPUs, so a pass here or a fail elsewhere must not decide the suite
                strict=False,
                reason="known weakness of the answer ranker: it gives 0.91 to 'Fire chief "
                "Marta Okonkwo said it took ... seven hours' for a question about the cause, "
                "and the cause sentence sits at the near-best share (0.831 against 0.82)",
            ),
        ),
        "none",
    ],
)
def test_follow_up_on_unseen_articles(own_bot: Assistant, ranker: str) -> None:
    own_bot.settings.answer.ranker = ranker  # type: ignore[assignment]  # the answerer's too
    try:
        _follow_up_on_unseen_articles(own_bot)
    finally:
        own_bot.settings.answer.ranker = "learned"


def _follow_up_on_unseen_articles(own_bot: Assistant) -> None:
    first = own_bot.ask("Who is the fire chief at Port Alden?")
    assert "Marta Okonkwo" in " ".join(c.quote for c in first.citations)
    follow = own_bot.ask("What did she say about the cause of the fire?", history=[first])
    assert "Okonkwo" in follow.standalone_question
    assert any("not yet determined what caused" in c.quote for c in follow.citations)


@pytest.mark.parametrize("question", ["", "   ", "x" * 5000])
def test_bad_questions_raise_a_clear_error(seed_bot: Assistant, question: str) -> None:
    with pytest.raises(BadQuestionError) as info:
        seed_bot.ask(question)
    assert "\n" not in str(info.value)


def test_answer_json_matches_the_documented_schema(seed_bot: Assistant) -> None:
    data = seed_bot.ask("How many people were killed in the Kabul airport attack?").model_dump()
    assert {"question", "text", "answerable", "citations", "conflicts"} <= set(data)
    assert set(data["citations"][0]) == {
        "marker",
        "source",
        "title",
        "start",
        "end",
        "quote",
        "passage_id",
        "outlet",
        "date",
        "author",
        "url",
        "text_file",
    }
    assert set(data["conflicts"][0]) == {"topic", "kind", "values", "related"}
    assert set(data["conflicts"][0]["values"][0]) == {
        "value",
        "marker",
        "qualifier",
        "counted",
        "predicate",
        "attribution",
        "date",
    }


def test_a_sentence_about_another_season_than_asked_is_marked_down(tmp_path: Path) -> None:
    corpus = tmp_path / "news"
    corpus.mkdir()
    (corpus / "railway.txt").write_text(
        "Landslide closes the Ostvale railway\n\n"
        "A landslide has buried a section of the Ostvale mountain railway, cutting the only "
        "rail link to four villages.\n\n"
        "The railway carries about 1,500 passengers a day in winter, many of them skiers.\n\n"
        "Engineers said the line would reopen in six weeks.\n",
        encoding="utf-8",
    )
    bot = Assistant.open(corpus, tmp_path / "index")
    winter = "The railway carries about 1,500 passengers a day in winter, many of them skiers."
    support = {}
    for season, marked in (("summer", True), ("winter", False)):
        bot.ask(f"How many passengers a day does the Ostvale railway carry in {season}?")
        scored = {c.text: c for c in bot._extractive.last_ranked}  # type: ignore[attr-defined]
        assert ("about another period than asked" in scored[winter].notes) is marked, season
        support[season] = scored[winter].support
    assert support["summer"] < 0.5 * support["winter"]  # marked down, not up
    answer = bot.ask("How many passengers a day does the Ostvale railway carry in winter?")
    assert answer.citations[0].quote == winter


def test_a_question_asking_two_things_is_answered_part_by_part(seed_bot: Assistant) -> None:
    answer = seed_bot.ask(
        "Who is the Taliban spokesman who spoke about Daesh, and where is he based?"
    )
    _check_citations(seed_bot, answer)
    quotes = " ".join(c.quote for c in answer.citations)
    assert "Suhail Shaheen" in quotes and "based at Doha" in quotes
    # The second part is read as a follow-up of the first: "he" is the spokesman.
    assert answer.standalone_question.endswith("Where is Suhail Shaheen based?")

"""Disagreeing figures: only like with like, every side kept, cited and attributed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from assistant import Answer, Assistant
from assistant.answer.conflicts import Report, count_check, disagreements
from tests.conftest import OWN_ARTICLES

ARTICLES = Path(__file__).resolve().parent.parent / "conflict_articles"
INJURED = "How many workers were injured in the Port Alden warehouse fire?"

# Two more reports of the Port Alden fire (tests/articles/alden_fire.txt says nine),
# each with its own count of the injured.
UNION_REPORT = """Union Says Port Alden Fire Injured More Workers Than Reported

Fifteen workers were injured in the fire at the Port Alden grain warehouse on Tuesday, \
the dockworkers' union said on Thursday.

The union said the harbour authority's first count had missed workers who went home \
without seeing a doctor.
"""
HOSPITAL_REPORT = """Hospital Releases Figures on Port Alden Warehouse Fire

St. Brigid's Hospital said on Friday that 11 workers were injured in the Port Alden \
warehouse fire, most of them by smoke.

The hospital said all of them had since gone home.
"""


def _sides(found: list, n: int = 0) -> set[tuple[int, str, str]]:
    return {(s.sentence, s.figure.text, s.source) for s in found[n].sides}


def test_three_figures_are_three_sides_each_with_its_source() -> None:
    sentences = [
        "A fire injured nine workers at the docks, the harbour authority said.",
        "Fifteen workers were injured in the fire, the union said.",
        "The hospital said 11 workers were injured in the fire.",
    ]
    found = disagreements(sentences, "How many workers were injured in the fire?")
    assert len(found) == 1 and found[0].kind == "conflict"
    assert _sides(found) == {
        (0, "nine", "the harbour authority"),
        (1, "Fifteen", "the union"),
        (2, "11", "the hospital"),
    }


def test_a_wider_count_is_shown_beside_a_death_toll_never_as_a_side() -> None:
    reports = [
        Report(
            "An attack at a mosque killed 46 Shiite Muslims and wounded dozens more, "
            "according to the AP."
        ),
        Report(
            "Hashemi said believes more than 70 people were killed in the bombing.",
            before=(
                "Sayed Ahmad Shah Hashemi, a Shiite community leader in Afghanistan, "
                "told The New York Times.",
            ),
        ),
        Report(
            "According to the Associated Press, at least 100 people were injured or killed "
            "in the attack."
        ),
    ]
    (found,) = disagreements(reports, "How many people were killed in the mosque attack?")
    assert found.kind == "conflict" and found.topic == "the death toll"
    assert _sides([found]) == {
        (0, "46", "the AP"),
        (
            1,
            "more than 70",
            "Sayed Ahmad Shah Hashemi, a Shiite community leader in "
            "Afghanistan, speaking to The New York Times",
        ),
    }
    assert [(s.figure.text, s.figure.kind) for s in found.related] == [
        ("at least 100", "killed or injured")
    ]


def test_figures_that_can_both_be_true_differ_in_precision_only() -> None:
    reports = [
        "In August, more than 160 Afghans were killed and 13 US military personnel were "
        "injured in an explosion near the airport.",
        "That attack killed roughly 170 civilians and 13 American troops.",
    ]
    found = disagreements(reports, "How many people were killed in the airport attack?")
    by_kind = {d.kind: d for d in found}
    precision = next(d for d in found if d.topic == "the death toll")
    assert precision.kind == "precision"
    assert {s.figure.text for s in precision.sides} == {"more than 160", "roughly 170"}
    # 13 injured in one report, 13 killed in the other: the same people, a different fate.
    fate = by_kind["conflict"]
    assert {(s.figure.text, s.figure.kind) for s in fate.sides} == {
        ("13", "injured"),
        ("13", "killed"),
    }
    # Asked about the Afghans, the troops are not part of the answer.
    afghans = disagreements(reports, "How many Afghans were killed in the explosion?")
    assert [d.kind for d in afghans] == ["precision"]


@pytest.mark.parametrize(
    ("question", "sentences"),
    [
        (
            "How many protesters were killed?",
            [
                "Protests spread to more than 100 cities, the group said.",
                "Police said 21 cities saw unrest.",
            ],
        ),
        (
            "How long is the bridge?",
            ["The bridge is 42 metres long.", "The bridge took 14 months to build."],
        ),
        (
            "How much did Harlow pay for Ostrava Steel?",
            [
                "Harlow agreed to buy Ostrava Steel for $2.3bn.",
                "Harlow said it would pay $2.3 billion for Ostrava Steel.",
            ],
        ),
        (
            "How many workers were injured in the fire?",
            [
                "At least 12 workers were injured in the fire.",
                "Three of the injured were taken to hospital.",
            ],
        ),
        (
            "How many people were killed in the crash?",
            ["Twenty-five people were killed in the crash.", "25 people died in the crash."],
        ),
        (
            "How many people were killed in the crash?",
            ["Twenty-five people were killed in the crash.", "The bus was carrying 52 passengers."],
        ),
    ],
)
def test_no_disagreement_between_unlike_or_agreeing_figures(
    question: str, sentences: list[str]
) -> None:
    assert disagreements(sentences, question) == []


@pytest.fixture(scope="module")
def reports_bot(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    corpus = tmp_path_factory.mktemp("conflict_articles") / "corpus"
    shutil.copytree(ARTICLES, corpus)
    return Assistant.open(corpus=corpus, index=corpus.parent / "index")


def _cited_sides(answer: Answer) -> set[tuple[str, str, str]]:
    """(figure, source file, attribution) of every side of the answer's one conflict."""
    assert len(answer.conflicts) == 1, answer.text
    by_marker = {c.marker: c for c in answer.citations}
    return {
        (v.value.lower(), by_marker[v.marker].source, v.attribution)
        for v in answer.conflicts[0].values
    }


def test_every_report_of_a_death_toll_is_a_side(reports_bot: Assistant) -> None:
    answer = reports_bot.ask("How many people were killed in the Kellerton bus crash?")
    assert _cited_sides(answer) == {
        ("at least 31", "kellerton_ministry.md", "the regional health ministry"),
        ("twenty-five", "kellerton_wire.txt", "police"),
        (
            "about 25",
            "kellerton_courier.txt",
            "Ines Vidal, the town's mayor, speaking to the Kellerton Courier",
        ),
    }
    (conflict,) = answer.conflicts
    assert [(v.value, v.predicate) for v in conflict.related] == [
        ("more than 40", "injured or killed")
    ]
    assert "Reports differ on the death toll: " in answer.text
    assert "according to police [" in answer.text


def test_cities_are_not_protesters(reports_bot: Assistant) -> None:
    answer = reports_bot.ask("How many protesters were killed in Veland?")
    assert _cited_sides(answer) == {
        ("at least 12", "veland_rights.txt", "the Veland Rights Watch"),
        ("eight", "veland_officials.md", "officials"),
    }
    assert "cities" not in answer.text.split("Reports differ")[1]


def test_the_same_sum_in_two_spellings_agrees(reports_bot: Assistant) -> None:
    answer = reports_bot.ask("How much will Harlow Metals pay for Ostrava Steel?")
    assert answer.answerable and answer.conflicts == [], answer.text


@pytest.fixture(scope="module")
def three_reports(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    corpus = tmp_path_factory.mktemp("three_reports") / "corpus"
    corpus.mkdir()
    shutil.copy(OWN_ARTICLES / "alden_fire.txt", corpus / "alden_fire.txt")
    (corpus / "union_report.txt").write_text(UNION_REPORT)
    (corpus / "hospital_report.txt").write_text(HOSPITAL_REPORT)
    return Assistant.open(corpus=corpus, index=corpus.parent / "index")


def test_a_third_report_is_a_third_cited_side(three_reports: Assistant) -> None:
    answer = three_reports.ask(INJURED)
    assert {(f, s) for f, s, _ in _cited_sides(answer)} == {
        ("nine", "alden_fire.txt"),
        ("fifteen", "union_report.txt"),
        ("11", "hospital_report.txt"),
    }
    by_marker = {c.marker: c for c in answer.citations}
    for value in answer.conflicts[0].values:
        assert value.value in by_marker[value.marker].quote
    for figure in ("nine workers injured", "fifteen workers injured", "11 workers injured"):
        assert figure in answer.text.split("Reports differ")[1], answer.text


def test_one_voice_is_not_reports_that_differ() -> None:
    # One article, in its own voice: two areas are two parks, not a disagreement.
    park = [
        Report("The Łazienki Park covers the area of 76 ha.", (), "Warsaw"),
        Report("The Saxon Garden covers the area of 15.5 ha.", (), "Warsaw"),
    ]
    assert disagreements(park, "What park covers an area of how many ha?") == []
    assert disagreements(park, "How many ha does the park cover?") == []
    # One article quoting two sources: two reporters, so the figures do differ.
    quoted = [
        Report("Officials said 46 people were killed in the blast.", (), "Kunduz attack"),
        Report("A community leader said more than 70 people were killed.", (), "Kunduz attack"),
    ]
    [found] = disagreements(quoted, "How many people were killed in the blast?")
    assert {s.figure.text for s in found.sides} == {"46", "more than 70"}


def test_a_figure_the_question_gives_is_not_what_it_asks() -> None:
    festival = [
        "Holi is celebrated by millions of people around the world.",
        "More than 5 million people visited the fair, the organisers said.",
    ]
    career = [
        "Rocha served as an agent of Cuba throughout his 20-year career, prosecutors said.",
        "If convicted, he faces up to 10 years in prison, his lawyer said.",
    ]
    assert disagreements(festival, "Which holiday is celebrated by millions of people?") == []
    assert disagreements(career, "He was an agent for more than 40 years for which country?") == []
    # a question that asks whether a figure holds does ask it, and so do "the number of"
    # and "the death toll"
    tolls = [
        "The bombing killed 46 people, according to the AP.",
        "More than 70 people were killed in the bombing, Hashemi said.",
    ]
    for asked in (
        "Were 46 people killed in the bombing?",
        "What was the death toll of the bombing?",
        "What was the number of people killed in the bombing?",
    ):
        (found,) = disagreements(tolls, asked)
        assert found.kind == "conflict", asked


def test_a_death_toll_asked_in_words_marks_no_sentence_down() -> None:
    # which figures to compare, yes; but "Polish civilian deaths are estimated at between
    # 150,000 and 200,000" names no predicate for the figure, and still answers
    assert count_check("What is the estimated death toll for Polish civilians?") is None
    assert count_check("How many people were killed in the bombing?") is not None

"""Disagreements as news writes them: figures, sources inside one sentence, sums of
money, other times, and counts of something else. Sentences written for these tests
(not taken from the evaluation sets)."""

from __future__ import annotations

import re

import pytest

from assistant.answer.conflicts import Report, count_check, disagreements
from assistant.text.attribution import attribution, identified, without_source
from assistant.text.figures import figures
from assistant.text.terms import capitalised_names


def _read(sentence: str) -> list[tuple[str, str, str]]:
    return [(f.text, f.counted, f.kind) for f in figures(sentence)]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Four other nurses were injured in the blast.", [("Four", "nurses", "injured")]),
        ("Six more bodies were found on Friday.", [("Six", "", "killed")]),
        (
            "The death toll from Sunday's collapse of the Harbin Street bridge rose to 27.",
            [("27", "", "killed")],
        ),
        (
            "At least 80 people have lost their lives in the storm.",
            [("At least 80", "people", "killed")],
        ),
        (
            "More than 300 protesters were detained overnight.",
            [("More than 300", "protesters", "arrested")],
        ),
        ("Eight workers had been rescued by noon.", [("Eight", "workers", "rescued")]),
        # what is said of them, written before them ("destroyed homes", "wounded miners")
        ("Inspectors listed 57 flooded farms.", [("57", "farms", "flooded")]),
        (
            "Six wounded miners were flown to the capital.",
            [("Six", "miners", "injured")],
        ),
        (
            "Doctors visited one injured climber at home.",
            [("one", "injured climber", "visited")],
        ),
        ("The raid killed 12 armed men.", [("12", "armed men", "killed")]),
        ("Nine sailors remain missing.", [("Nine", "sailors", "missing")]),
        ("Eleven hikers were still unaccounted for.", [("Eleven", "hikers", "missing")]),
        ("Four detainees escaped overnight.", [("Four", "detainees", "escaped")]),
        ("Police said nine inmates got out.", [("nine", "inmates", "escaped")]),
        ("About 3,000 people took part in the vigil.", [("About 3,000", "people", "took part")]),
        ("Organisers said 8,000 people had joined it.", [("8,000", "people", "took part")]),
        ("Some 400 residents attended the meeting.", [("Some 400", "residents", "took part")]),
    ],
)
def test_figures_read_as_news_writes_them(
    sentence: str, expected: list[tuple[str, str, str]]
) -> None:
    assert _read(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "figure", "source"),
    [
        (
            "The union said 14 miners were trapped, well above the company's estimate of 9.",
            "9",
            "the company",
        ),
        (
            "The union said 14 miners were trapped, well above the company's estimate of 9.",
            "14",
            "the union",
        ),
        (
            "The mayor's office, which runs the shelters, said 400 people had been housed.",
            "400",
            "the mayor's office",
        ),
        (
            "Doctors said two patients died, contradicting the Health Ministry's statement "
            "that five had died.",
            "five",
            "the Health Ministry",
        ),
    ],
)
def test_the_source_of_each_figure_of_a_sentence(sentence: str, figure: str, source: str) -> None:
    at = re.search(rf"\b{figure}\b", sentence).start()  # type: ignore[union-attr]
    assert attribution(sentence, at) == source


@pytest.mark.parametrize(
    ("sentence", "figure", "source"),
    [
        (  # a long subject, a relative clause, and "counted" as a reporting verb
            "The council has said the storm flooded 90 farms, but inspectors from the Orlen "
            "Farmers' Union, who drove to every village, counted 130 flooded farms.",
            "130",
            "inspectors from the Orlen Farmers' Union",
        ),
        (
            "The council has said the storm flooded 90 farms, but inspectors from the Orlen "
            "Farmers' Union, who drove to every village, counted 130 flooded farms.",
            "90",
            "the council",
        ),
        (  # the subject gives what its participle clause says
            "A miners' union has criticised the company's rescue plan, saying that 14 men "
            "were still trapped underground.",
            "14",
            "a miners' union",
        ),
        ("The Orlen aid group said 40 families were housed.", "40", "The Orlen aid group"),
        (  # a named person with a role after the name
            "Anna Berg, the head of the Red Cross in Orlen, told Radio North that 40 people died.",
            "40",
            "Anna Berg, the head of the Red Cross in Orlen, speaking to Radio North",
        ),
        (  # who puts a figure at a value, and its bracketed conversion
            "The bridge, which the Roads Agency puts at 400 million euros ($470m), opens in May.",
            "$470m",
            "the Roads Agency",
        ),
        (  # "were counted" is no reporting verb of "the losses"
            "The mayor said the bill would reach 9 million euros once the losses were counted.",
            "9 million",
            "the mayor",
        ),
        (  # a document as the source of a figure
            "A guide, Piet Dam, said 64 climbers had set out, not the 51 named in the park's "
            "register.",
            "51",
            "the park's register",
        ),
    ],
)
def test_the_source_of_a_figure_in_a_long_sentence(sentence: str, figure: str, source: str) -> None:
    assert attribution(sentence, sentence.index(figure)) == source


def test_a_witness_and_a_document_in_one_sentence_are_two_sides() -> None:
    found = disagreements(
        [
            "Mila Hart, a porter at the quay who helped people ashore, said she believed there "
            "had been between 90 and 110 people on the boat, far more than the 64 listed on "
            "the passenger list."
        ],
        "How many people were on the Orlen boat when it sank?",
    )
    assert [(d.kind, {(s.figure.text, s.source) for s in d.sides}) for d in found] == [
        (
            "conflict",
            {
                ("between 90 and 110", "Mila Hart, a porter at the quay"),
                ("64", "the passenger list"),
            },
        )
    ]


def test_a_turnout_is_compared_with_a_turnout() -> None:
    reports = [
        "Police estimated that about 3,000 people took part in the Orlen vigil.",
        "The organisers said some 9,000 people had joined the vigil, three times the police "
        "estimate.",
        "Police arrested 12 people after the vigil.",
    ]
    question = "How many people took part in the Orlen vigil?"
    found = disagreements(reports, question)
    assert [(d.topic, {(s.figure.text, s.source) for s in d.sides}) for d in found] == [
        (
            "the number who took part",
            {("about 3,000", "police"), ("some 9,000", "the organisers")},
        )
    ]
    # a turnout is worded too many ways ("tested on 2,400 children") to mark down others
    assert count_check(question) is None
    gives = count_check("How many climbers are still missing?")
    assert gives is not None
    assert [gives(r) for r in ("Nine climbers remain missing.", "Police arrested 12 people.")] == [
        True,
        False,
    ]


def test_a_source_described_in_the_lede_is_named_by_the_next_sentence() -> None:
    lede = (
        "A farmers' union has accused the council of playing down the flood, saying that "
        "more than 300 farms were flooded."
    )
    found = disagreements(
        [
            Report(
                lede,
                after=(
                    "Green Acres, which speaks for 2,000 growers, said its members had lost "
                    "their winter crops.",
                ),
            ),
            Report("The council said 120 farms were flooded.", outlet="Orlen Post"),
        ],
        "How many farms were flooded in Orlen?",
    )
    assert [{(s.figure.text, s.source) for s in d.sides} for d in found] == [
        {("more than 300", "Green Acres, a farmers' union"), ("120", "the council")}
    ]


@pytest.mark.parametrize(
    ("source", "after", "named"),
    [
        (
            "the head of Orlen General Hospital",
            "Dr Ana Varga told the Post that 12 patients were flown out.",
            "Dr Ana Varga, the head of Orlen General Hospital",
        ),
        (  # an institution is named enough: the next sentence's person speaks for it
            "the ministry",
            "Deputy Minister Ivo Lang said the search would go on.",
            "the ministry",
        ),
        ("a local charity", "The rain stopped on Friday.", "a local charity"),
        ("a local charity", "It said 40 families were housed.", "a local charity"),
    ],
)
def test_who_a_description_is(source: str, after: str, named: str) -> None:
    assert identified(source, [after]) == named


def test_unaccounted_for_is_written_whole() -> None:
    (figure,) = figures("Eleven hikers were still unaccounted for on Monday.")
    assert (figure.predicate, figure.kind) == ("unaccounted for", "missing")


def test_a_vague_subject_is_no_source() -> None:
    assert attribution("The group said 40 families were housed.") == ""
    assert attribution("The statement said 40 families were housed.") == ""


def test_one_sentence_with_two_counts_by_two_sources_is_a_conflict() -> None:
    found = disagreements(
        [
            "The council has said the storm flooded 90 farms, but inspectors from the Orlen "
            "Farmers' Union, who drove to every village, counted 130 flooded farms."
        ],
        "How many farms did the Orlen storm flood?",
    )
    assert len(found) == 1 and found[0].kind == "conflict"
    assert {(s.figure.text, s.figure.kind, s.source) for s in found[0].sides} == {
        ("90", "flooded", "the council"),
        ("130", "flooded", "inspectors from the Orlen Farmers' Union"),
    }


def test_inmates_and_prisoners_are_one_class_and_missing_is_unaccounted_for() -> None:
    escaped = disagreements(
        [
            "Twelve inmates escaped from Harlow jail, the prison service said.",
            "The guards' union said 19 prisoners escaped from Harlow jail.",
        ],
        "How many prisoners escaped from Harlow jail?",
    )
    assert [{(s.figure.text, s.source) for s in d.sides} for d in escaped] == [
        {("Twelve", "the prison service"), ("19", "the guards' union")}
    ]
    missing = disagreements(
        [
            "At least five climbers were still missing, the park service said.",
            "Mountain rescuers said 2 climbers remain unaccounted for.",
        ],
        "How many climbers are missing on Mount Orlen?",
    )
    assert len(missing) == 1 and missing[0].kind == "conflict"
    assert {s.figure.text for s in missing[0].sides} == {"At least five", "2"}


def test_a_source_the_question_names_is_not_what_it_asks_about() -> None:
    question = "According to the Red Cross, how many people were evacuated from Orlen?"
    assert without_source(question) == "how many people were evacuated from Orlen?"
    assert without_source("How many died, according to the AP?") == "How many died?"


def test_days_and_months_are_not_names() -> None:
    assert capitalised_names("How many died in the Orlen flood on Tuesday in March?") == ["Orlen"]
    assert capitalised_names("Rain fell on the Vistula delta") == ["Vistula"]
    assert capitalised_names("Who claimed Friday's attack in Kunduz?") == ["Kunduz"]


def test_two_sources_in_one_sentence_are_two_sides() -> None:
    found = disagreements(
        [
            "Doctors said two patients died, contradicting the Health Ministry's statement that "
            "five patients had died."
        ],
        "How many patients died at the clinic?",
    )
    assert len(found) == 1
    assert {(s.figure.text, s.source) for s in found[0].sides} == {
        ("two", "doctors"),
        ("five", "the Health Ministry"),
    }


def test_sums_of_money_in_one_currency_are_compared_and_a_price_is_another_thing() -> None:
    reports = [
        "The city put the cost of the new stadium at $410m, the mayor said.",
        "Auditors said the stadium would cost at least $600 million.",
        "Tickets will cost about $45, the club said.",
    ]
    found = disagreements(reports, "How much will the new stadium cost?")
    assert len(found) == 1
    assert found[0].topic == "the amount"
    assert found[0].kind == "conflict"
    assert [s.figure.text for s in found[0].sides] == ["$410m", "at least $600 million"]


def test_the_same_figure_from_several_reports_is_one_side() -> None:
    reports = [
        "Police arrested 45 people, police said.",
        "Organisers said more than 90 people were detained.",
        "Police said 45 people had been arrested.",
    ]
    found = disagreements(reports, "How many people were arrested?")
    assert [s.figure.text for s in found[0].sides] == ["45", "more than 90"]


def test_a_figure_of_another_year_is_no_side() -> None:
    reports = [
        Report("Twelve people died when the ferry sank, the coast guard said."),
        Report("It was the worst accident since 2009, when 40 people died, the Herald said."),
    ]
    assert disagreements(reports, "How many people died when the ferry sank?") == []


def test_a_count_question_is_not_answered_by_a_count_of_something_else() -> None:
    gives = count_check("How many people were killed in the protest?")
    assert gives is not None
    assert not gives("Police arrested 112 people after the protest.")
    assert gives("Two people were killed and 112 arrested.")
    money = count_check("How much did the renovation cost?")
    assert money is not None
    assert not money("The museum reopened after a four-year renovation.")
    assert money("The renovation cost 3.2 million euros.")
    # A part of a count answers a question that asks for one, and only then.
    taken = count_check("How many of the injured were taken to hospital?")
    assert taken is not None
    assert taken("Three of the injured were taken to St. Brigid's Hospital.")
    injured = count_check("How many people were injured?")
    assert injured is not None
    assert not injured("Three of the injured were taken to St. Brigid's Hospital.")
    # A count that says nothing happened to it is no sum of money either.
    paid = count_check("How much compensation will the farmers receive?")
    assert paid is not None
    assert not paid("About 300 households in the valley will have to give up land.")
    assert paid("Each household will receive 12,000 euros in compensation.")
    # Questions whose figures are not read well enough to judge get no check.
    assert count_check("How many touchdowns did he score?") is None


def test_the_same_number_killed_in_one_report_and_injured_in_another_is_a_conflict() -> None:
    reports = [
        "The blast killed 40 civilians and six soldiers, the governor said.",
        "Six soldiers were injured and 38 civilians died, the Ledger reported.",
    ]
    fates = [
        d
        for d in disagreements(reports, "How many soldiers were killed in the blast?")
        if d.topic.startswith("whether")
    ]
    assert len(fates) == 1
    assert fates[0].kind == "conflict"
    assert [(s.sentence, s.figure.text, s.figure.kind) for s in fates[0].sides] == [
        (0, "six", "killed"),
        (1, "Six", "injured"),
    ]
    # A hedged figure is not a fate: "at least six" injured may include the six killed.
    hedged = [reports[0], "At least six soldiers were injured, the Ledger reported."]
    asked = "How many soldiers were killed in the blast?"
    assert not [d for d in disagreements(hedged, asked) if d.topic.startswith("whether")]


def test_one_guard_and_two_guards_count_the_same_people() -> None:
    found = disagreements(
        [
            "One prison guard died in the riot, the hospital said.",
            "Two guards were killed in the riot, the ministry said.",
        ],
        "How many guards were killed in the riot?",
    )
    assert len(found) == 1
    assert {s.figure.text for s in found[0].sides} == {"One", "Two"}
    assert {s.source for s in found[0].sides} == {"the hospital", "the ministry"}


def test_a_sum_is_not_a_count_of_people() -> None:
    found = disagreements(
        [
            "The council said repairs would cost £2 million, the Herald reported.",
            "Traders said the bill was more than £5 million, the Chronicle reported.",
            "Forty traders said the bill was more than they could pay, the Chronicle reported.",
        ],
        "How much will the repairs cost?",
    )
    assert len(found) == 1
    assert found[0].topic == "the amount"
    assert [s.figure.text for s in found[0].sides] == ["£2 million", "more than £5 million"]


def test_one_side_per_value_from_the_report_that_names_its_source() -> None:
    reports = [
        Report("Eighteen people died in the fire.", title="Fire kills 18", outlet="Courier"),
        Report("Eighteen people died, the fire service said."),
        Report("At least 25 people died, residents said."),
    ]
    found = disagreements(reports, "How many people died in the fire?")
    assert [(s.figure.text, s.source) for s in found[0].sides] == [
        ("Eighteen", "the fire service"),
        ("At least 25", "residents"),
    ]


def test_a_count_of_the_rescued_or_the_affected_is_asked_for_as_such() -> None:
    rescued = count_check("How many people were rescued from the Serena Lark?")
    assert rescued is not None
    assert [
        rescued(s)
        for s in (
            "The ferry turned over about 3 nautical miles from the harbour at around 4 p.m.",
            "The coast guard said 19 bodies had been recovered and 168 people had been rescued.",
        )
    ] == [False, True]
    affected = count_check("How many people have been affected by the floods?")
    assert affected is not None
    assert [
        affected(s)
        for s in (
            "At least 23 people have died and 85,000 have been forced from their homes.",
            "Officials said 1.2 million people had been affected by the floods.",
        )
    ] == [False, True]


def test_the_other_four_count_what_the_sentence_before_counted_and_she_said_is_its_speaker() -> (
    None
):
    hospital = Report(
        'The other six are being treated, and two of them are in a serious condition," he said.',
        before=(
            "Dr Tomas Berg told the Gazette that the hospital had admitted seven miners overnight.",
            '"One miner died shortly after arrival.',
        ),
    )
    company = Report("Four other miners were injured in the collapse, the mining company said.")
    found = disagreements([company, hospital], "How many miners were injured in the collapse?")
    assert [
        (d.kind, {(s.figure.text, s.figure.counted, s.source) for s in d.sides}) for d in found
    ] == [
        (
            "conflict",
            {
                ("Four", "miners", "the mining company"),
                ("six", "", "Dr Tomas Berg, speaking to the Gazette"),  # as the quote says
            },
        )
    ]
    # without the sentences before, nothing says what "the other six" are or who said it
    alone = Report(hospital.text)
    (found,) = disagreements([company, alone], "How many miners were injured in the collapse?")
    assert {(s.figure.counted, s.source) for s in found.sides} == {
        ("miners", "the mining company"),
        ("", ""),
    }

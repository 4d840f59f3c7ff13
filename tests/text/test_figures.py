"""Reading figures as news writes them: each number once, with its hedge, what it counts
and what is said of them."""

from __future__ import annotations

import math

import pytest

from assistant.text.figures import figures, kind_of
from assistant.text.numbers import numbers

# sentence -> every figure it states: (value, qualifier, counted, kind of predicate)
TABLE: list[tuple[str, list[tuple[float, str, str, str]]]] = [
    # number words, one figure each
    ("Twenty-five people died in the crash.", [(25, "", "people", "killed")]),
    ("Twenty five miners were rescued.", [(25, "", "miners", "rescued")]),
    ("Ninety-nine passengers were evacuated.", [(99, "", "passengers", "evacuated")]),
    ("Nine workers were injured.", [(9, "", "workers", "injured")]),
    ("Fifteen workers were hurt in the blast.", [(15, "", "workers", "injured")]),
    ("A dozen homes were destroyed.", [(12, "", "homes", "destroyed")]),
    ("Two dozen protesters were arrested.", [(24, "", "protesters", "arrested")]),
    ("One hundred and twenty people were displaced.", [(120, "", "people", "evacuated")]),
    ("Two hundred and fifty troops were deployed.", [(250, "", "troops", "deployed")]),
    ("Three thousand residents fled their homes.", [(3000, "", "residents", "fled")]),
    ("A hundred firefighters fought the blaze.", [(100, "", "firefighters", "")]),
    ("Three million people were affected.", [(3e6, "", "people", "affected")]),
    # digits, separators, scales
    ("More than 1,200 residents were evacuated.", [(1200, "more than", "residents", "evacuated")]),
    ("1.2 million people were displaced.", [(1.2e6, "", "people", "evacuated")]),
    ("Some 2.5 million voters cast ballots.", [(2.5e6, "some", "voters", "")]),
    ("The city has 4,500,000 inhabitants.", [(4.5e6, "", "inhabitants", "")]),
    ("About 40,000 tonnes of wheat were lost.", [(40000, "about", "tonnes", "lost")]),
    ("The river peaked at 4.3 metres.", [(4.3, "", "metres", "")]),
    ("Prices rose 14 percent last year.", [(14, "", "percent", "")]),
    ("Turnout was 62% in the capital.", [(62, "", "percent", "")]),
    # currencies
    ("The company agreed a $2.3bn deal.", [(2.3e9, "", "dollars", "")]),
    ("The company agreed a $2.3 billion deal.", [(2.3e9, "", "dollars", "")]),
    ("Exports reached 13.4bn yuan in May.", [(13.4e9, "", "yuan", "reached")]),
    ("The bridge will cost 18.5 million euros.", [(18.5e6, "", "euros", "")]),
    ("The club was fined £5m.", [(5e6, "", "pounds", "fined")]),
    ("It raised €300,000 for the hospital.", [(3e5, "", "euros", "raised")]),
    ("The budget is US$40 million.", [(40e6, "", "dollars", "")]),
    ("Damage was put at 2 billion dollars.", [(2e9, "", "dollars", "")]),
    ("A grant of 500 pounds was awarded.", [(500, "", "pounds", "awarded")]),
    ("The contracts were worth 92 million crowns.", [(92e6, "", "crowns", "")]),
    ("The stadium cost 40 million zlotys.", [(40e6, "", "zloty", "")]),
    ("Fuel now costs 1,450 roubles a tank.", [(1450, "", "roubles", "")]),
    # ranges and vague counts
    ("Between 20 and 30 people were killed.", [(20, "", "people", "killed")]),
    ("20 to 30 people were injured.", [(20, "", "people", "injured")]),
    ("20-30 people were injured.", [(20, "", "people", "injured")]),
    ("2 to 3 million people were displaced.", [(2e6, "", "people", "evacuated")]),
    ("Dozens of people were injured.", [(24, "", "people", "injured")]),
    ("Hundreds of homes were flooded.", [(200, "", "homes", "flooded")]),
    ("Tens of thousands of people marched.", [(20000, "", "people", "marched")]),
    # qualifiers
    ("At least 100 people were killed.", [(100, "at least", "people", "killed")]),
    ("More than 70 people were killed in the bombing.", [(70, "more than", "people", "killed")]),
    ("Roughly 170 civilians were killed.", [(170, "roughly", "civilians", "killed")]),
    ("Up to 500 people may have been affected.", [(500, "up to", "people", "")]),
    ("Nearly 300 homes were damaged.", [(300, "nearly", "homes", "damaged")]),
    ("Almost 90 people died.", [(90, "almost", "people", "killed")]),
    ("Around 60 people were arrested.", [(60, "around", "people", "arrested")]),
    ("Fewer than 10 people were hurt.", [(10, "fewer than", "people", "injured")]),
    ("An estimated 5,000 people were displaced.", [(5000, "an estimated", "people", "evacuated")]),
    ("As many as 40 soldiers were wounded.", [(40, "as many as", "soldiers", "injured")]),
    ("Over 800 people were forced to leave their homes.", [(800, "over", "people", "evacuated")]),
    # predicates: before the number, after it, shared, wider
    ("The blast killed 46 Shiite Muslims.", [(46, "", "Shiite Muslims", "killed")]),
    ("The fire spread, injuring nine workers.", [(9, "", "workers", "injured")]),
    ("The storm left 12 people dead.", [(12, "", "people", "killed")]),
    (
        "At least 100 people were injured or killed.",
        [(100, "at least", "people", "killed or injured")],
    ),
    ("The attack killed or wounded 80 people.", [(80, "", "people", "killed or injured")]),
    ("The death toll rose to 46.", [(46, "", "", "killed")]),
    ("Officials confirmed 12 deaths.", [(12, "", "", "killed")]),
    ("There were 30 casualties.", [(30, "", "", "killed or injured")]),
    (
        "The attack killed roughly 170 civilians and 13 American troops.",
        [(170, "roughly", "civilians", "killed"), (13, "", "American troops", "killed")],
    ),
    (
        "More than 160 Afghans were killed and 13 US military personnel were injured.",
        [(160, "more than", "Afghans", "killed"), (13, "", "US military personnel", "injured")],
    ),
    (
        "It killed 46 Shiite Muslims and wounded dozens more.",
        [(46, "", "Shiite Muslims", "killed"), (24, "", "Shiite Muslims", "injured")],
    ),
    ("Five people were reported killed.", [(5, "", "people", "killed")]),
    ("Twelve people were treated for smoke inhalation.", [(12, "", "people", "injured")]),
    ("Nine people were hospitalised.", [(9, "", "people", "injured")]),
    ("One miner died shortly after arrival.", [(1, "", "miner", "killed")]),
    ("One of them is in intensive care.", [(1, "", "", "")]),  # no verb "inten"
    ("Four climbers are missing.", [(4, "", "climbers", "missing")]),
    # two figures, each read once
    ("Prices rose from 20 to 30 dollars.", [(20, "", "", ""), (30, "", "dollars", "")]),
    ("Protests spread to more than 100 cities.", [(100, "more than", "cities", "")]),
    (
        "The bridge is 42 metres long and took 14 months to build.",
        [(42, "", "metres", ""), (14, "", "months", "")],
    ),
    ("A 14-month inquiry found no fault.", [(14, "", "month", "")]),
    # not counts: years, dates, times, ordinals
    ("In 2021, the council met on March 1.", []),
    ("The fire started at 11 p.m. on Tuesday.", []),
    ("It was the 3rd attack this year.", []),
    ("The talks began on 14 October 2021.", []),
    # not counts: a number hyphened onto a name
    ("Skylark-1 reached its orbit an hour later.", []),
    ("Two F-16 jets escorted the plane.", [(2, "", "F-16 jets", "escorted")]),
    ("COVID-19 patients filled 40 beds.", [(40, "", "beds", "filled")]),
]


def _read(sentence: str) -> list[tuple[float, str, str, str]]:
    return [(f.value, f.qualifier, f.counted, f.kind) for f in figures(sentence)]


def test_the_table_is_large_enough() -> None:
    assert len(TABLE) >= 60


@pytest.mark.parametrize(("sentence", "expected"), TABLE, ids=[s for s, _ in TABLE])
def test_figures_are_read_as_written(
    sentence: str, expected: list[tuple[float, str, str, str]]
) -> None:
    got = _read(sentence)
    assert len(got) == len(expected), got
    for (value, qualifier, counted, kind), want in zip(got, expected, strict=True):
        assert math.isclose(value, want[0]), got
        assert (qualifier, counted, kind) == want[1:], got


def test_one_mention_is_one_number() -> None:
    assert [n.value for n in numbers("1.2 million")] == [1.2e6]
    assert [n.value for n in numbers("Twenty-five")] == [25]
    assert [n.value for n in numbers("$2.3bn")] == [n.value for n in numbers("$2.3 billion")]


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("46", 46, 46),
        ("more than 70", 70, math.inf),
        ("at least 100", 100, math.inf),
        ("up to 40", 0, 40),
        ("between 20 and 30", 20, 30),
        ("dozens", 24, 99),
    ],
)
def test_a_qualifier_says_which_values_a_figure_allows(text: str, low: float, high: float) -> None:
    (n,) = numbers(text)
    assert (n.low, n.high) == (low, high)


def test_roughly_and_more_than_overlap_but_exact_and_more_than_need_not() -> None:
    (roughly,) = numbers("roughly 170")
    (more,) = numbers("more than 160")
    assert roughly.low <= more.high and more.low <= roughly.high
    (exact,) = numbers("46")
    (seventy,) = numbers("more than 70")
    assert exact.high < seventy.low


def test_predicate_kinds() -> None:
    assert kind_of("wounded") == "injured"
    assert kind_of("injured or killed") == "killed or injured"
    assert kind_of("died") == "killed"
    assert kind_of("forced to leave their homes") == "evacuated"


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("The ministry says 17 inmates got out.", "escaped"),
        ("Between 20 and 25 prisoners had left the east wing.", "escaped"),
        ("Six detainees fled the camp overnight.", "escaped"),
        ("About 300 people left the stadium early.", "left"),  # nobody held: they left
        ("Some 40 residents fled the fighting.", "fled"),
    ],
)
def test_people_held_who_leave_have_escaped(sentence: str, kind: str) -> None:
    assert [f.kind for f in figures(sentence)] == [kind]

"""Words and names as the answerer compares them: a country's short name, its name in
full and its people are one place; the pronoun "us" is no country."""

from __future__ import annotations

import pytest

from assistant.text.terms import aliases, capitalised_names, content_stems, matches_type


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("American airstrikes", "US airstrikes"),
        ("the U.S. embassy", "the US embassy"),
        ("the United States embassy", "the US embassy"),
        ("the USA", "America"),
        ("British troops", "UK troops"),
        ("the U.K. government", "the United Kingdom government"),
        ("Britons", "Britain"),
        ("Russian forces", "Russia forces"),
        ("Ukrainian refugees", "Ukraine refugees"),
        ("Chinese officials", "China officials"),
        ("Afghans", "Afghanistan"),
    ],
)
def test_a_country_its_short_name_and_its_people_are_the_same_words(one: str, other: str) -> None:
    assert content_stems(one) == content_stems(other)


def test_the_pronoun_us_is_no_country_and_stays_out() -> None:
    assert content_stems("Let us know what you think") == content_stems("Let know what think")
    assert content_stems("He told US officials") != content_stems("He told officials")


def test_dotted_initialisms_are_one_name() -> None:
    # "US" is no name of its own (its lower case is a stopword); "American" and the
    # country in full are, and they match an article's "US" (below).
    assert capitalised_names("Troops from the U.S. and the U.N. arrived") == ["UN"]
    assert capitalised_names("talks with the United States") == ["United States"]


def test_a_place_in_a_question_is_found_in_an_article_that_words_it_otherwise() -> None:
    asked = set(content_stems(capitalised_names("Which embassy did American jets defend?")[0]))
    article = set(content_stems("Protesters tried to storm the U.S. embassy in Baghdad."))
    assert asked & article


def test_a_possessive_country_is_the_country() -> None:
    assert content_stems("the U.S.'s efforts") == content_stems("US efforts")
    assert content_stems("America’s highest prices") == content_stems("US highest prices")


def test_an_initialism_without_its_last_period_is_the_same_word() -> None:
    assert content_stems("the U.S was recognizing") == content_stems("the U.S. was recognizing")
    assert capitalised_names("They met in the U.S. Officials said so.") == []


@pytest.mark.parametrize(
    ("sentence", "says_when"),
    [
        ("The first reference to the town dates from 1313.", True),  # a year before 1800
        ("The court moved there in 1596 under King Sigismund.", True),
        ("Prices rose sharply in the 1970s.", True),  # a decade
        ("The stadium was rebuilt in 2019.", True),
        ("About 12 people were hurt, police said.", False),
    ],
)
def test_a_year_of_any_century_or_a_decade_says_when(sentence: str, says_when: bool) -> None:
    assert matches_type("time", sentence) is says_when


def test_short_names_an_article_defines() -> None:
    text = (
        "A day after the Islamic State Khorasan, or ISIS-K, claimed the attack, the World "
        "Health Organization (WHO) sent doctors. The group, or IS, said. Joe Biden, or Biden."
    )
    assert aliases(text) == [
        ("ISIS-K", "Islamic State Khorasan"),
        ("WHO", "World Health Organization"),
    ]

"""Who gives a figure: attribution as news writes it."""

from __future__ import annotations

import pytest

from assistant.text.attribution import attribution, introduced


@pytest.mark.parametrize(
    ("sentence", "source"),
    [
        ("The attack killed 46 people, according to the AP.", "the AP"),
        ("According to US officials, the attack was claimed by ISIS-K.", "US officials"),
        ("Hashemi said believes more than 70 people were killed.", "Hashemi"),
        ("A fire injured nine workers, the harbour authority said.", "the harbour authority"),
        ("Officials said eight protesters were killed.", "officials"),
        ("The hospital said 11 workers were injured.", "the hospital"),
        ("Nine people died, said Maria Lopez.", "Maria Lopez"),
        (
            "About 25 passengers were killed, the town's mayor, Ines Vidal, told the Courier.",
            "Ines Vidal, the town's mayor, speaking to the Courier",
        ),
        ("The bridge will open in spring.", ""),
        # a word that links the sentence to the one before is not part of the source
        ("But the prison staff union said 25 prisoners had left.", "the prison staff union"),
        ("However, police said 12 people died.", "police"),
    ],
)
def test_the_source_a_sentence_names(sentence: str, source: str) -> None:
    assert attribution(sentence) == source


def test_a_surname_is_completed_from_the_sentence_that_introduces_the_person() -> None:
    before = [
        '"This deadly incident has caused trauma," Sayed Ahmad Shah Hashemi, a Shiite community '
        "leader in Afghanistan, told The New York Times."
    ]
    assert introduced("Hashemi", before) == (
        "Sayed Ahmad Shah Hashemi, a Shiite community leader in Afghanistan, speaking to "
        "The New York Times"
    )
    assert introduced("Hashemi", []) == "Hashemi"

"""The support judge's rules, one by one (calibration is in tests/evaluation/test_judge.py)."""

from __future__ import annotations

import pytest

from assistant import Settings
from assistant.check.claims import (
    cited,
    claims,
    conflict_sentence,
    parse_conflict,
)
from assistant.check.support import SupportJudge
from assistant.embedding.embedder import Embedder
from assistant.models import Conflict, ConflictValue

QUOTE = (
    "Newsweek has reached out to the U.S. Department of Defense for comment on Saturday but "
    "did not hear back in time for publication."
)


@pytest.fixture(scope="module")
def judge() -> SupportJudge:
    return SupportJudge(Embedder(Settings().embedding))


def test_claims_keep_markers_with_their_sentence() -> None:
    found = claims("Shaheen is in Doha. [1] Talks start Saturday [2][3]. No marker here.")
    assert [(c.text, c.markers) for c in found] == [
        ("Shaheen is in Doha.", (1,)),
        ("Talks start Saturday.", (2, 3)),
        ("No marker here.", ()),
    ]


def test_the_sentence_about_the_sources_is_one_claim_with_its_markers_in_order() -> None:
    text = "A. [1] The articles give different figures for killed: 46 [2]; more than 70 people [1]."
    assert [(c.text, c.markers) for c in claims(text)] == [
        ("A.", (1,)),
        ("The articles give different figures for killed: 46; more than 70 people.", (2, 1)),
    ]


def _side(value: str, marker: int, **fields: str) -> ConflictValue:
    return ConflictValue(value=value, marker=marker, **fields)


def test_the_sentence_about_the_sources_is_rendered_from_the_record() -> None:
    record = Conflict(
        topic="the death toll",
        values=[
            _side("46", 2, counted="Shiite Muslims", predicate="killed", attribution="the AP"),
            _side("more than 70", 1, counted="people", predicate="killed"),
        ],
        related=[_side("at least 100", 3, counted="people", predicate="injured or killed")],
    )
    text = cited("A.", [1]) + " " + conflict_sentence(record)
    assert text == (
        "A. [1] Reports differ on the death toll: 46 Shiite Muslims killed, according to the AP "
        "[2]; more than 70 people killed [1]; and, counting more than that, at least 100 people "
        "injured or killed [3]."
    )
    claim = claims(text)[-1]
    assert claim.markers == (2, 1, 3)
    # The support judge reads each figure's words, its source left out.
    assert parse_conflict(claim.text) == (
        "the death toll",
        [
            "46 Shiite Muslims killed",
            "more than 70 people killed",
            "at least 100 people injured or killed",
        ],
    )
    assert parse_conflict("A.") is None


def test_figures_that_can_both_be_true_are_said_to_differ_in_precision() -> None:
    record = Conflict(
        topic="the death toll",
        kind="precision",
        values=[
            _side("more than 160", 1, counted="Afghans", predicate="killed"),
            _side("roughly 170", 2, counted="civilians", predicate="killed"),
        ],
    )
    sentence = conflict_sentence(record)
    assert sentence.startswith("Reports give compatible figures, with different precision, for ")
    assert "differ on" not in sentence
    assert claims(sentence)[0].markers == (1, 2)


def test_a_sum_of_money_is_not_followed_by_its_currency_again() -> None:
    record = Conflict(
        topic="the number of dollars",
        values=[_side("$2.3bn", 1, counted="dollars"), _side("13.4bn", 2, counted="yuan")],
    )
    assert "$2.3bn [1]; 13.4bn yuan [2]" in conflict_sentence(record)


def test_negation_is_compared_through_irregular_past_tenses(judge: SupportJudge) -> None:
    heard = "Newsweek heard back from the Department of Defense in time for publication."
    verdict = judge.judge(heard, [QUOTE])
    assert not verdict.supported and "negation differs from the quotes" in verdict.reasons
    assert judge.judge(
        "Newsweek did not hear back from the Department of Defense.", [QUOTE]
    ).supported


def test_a_name_missing_from_the_quotes_is_unsupported(judge: SupportJudge) -> None:
    verdict = judge.judge("Newsweek reached out to the Pentagon for comment on Saturday.", [QUOTE])
    assert "name not in the quotes: Pentagon" in verdict.reasons
    # An abbreviation of a quoted name is the same name.
    quote = "Suhail Shaheen told the Associated Press that they can tackle Daesh."
    assert judge.judge("Shaheen told the AP that they can tackle Daesh.", [quote]).supported


def test_each_side_is_rendered_from_its_record() -> None:
    record = Conflict(
        topic="the cost",
        kind="conflict",
        values=[
            ConflictValue(
                value="At least 31",
                marker=1,
                counted="people",
                predicate="killed",
                attribution="the AP",
            ),
            ConflictValue(value="$2.3bn", marker=2, counted="dollars"),
            ConflictValue(value="ISIS-K 12", marker=3),
        ],
        related=[
            ConflictValue(value="40", marker=4, counted="people", predicate="injured or killed")
        ],
    )
    assert conflict_sentence(record) == (
        "Reports differ on the cost: at least 31 people killed, according to the AP [1]; "
        "$2.3bn [2]; ISIS-K 12 [3]; and, counting more than that, 40 people injured or "
        "killed [4]."
    )

"""The support judge's rules, one by one (calibration is in tests/evaluation/test_judge.py)."""

from __future__ import annotations

import pytest

from assistant import Settings
from assistant.check.claims import (
    cited,
    claims,
    conflict_sentence,
    parse_conflict,
    strip_markers,
)
from assistant.check.support import SupportJudge
from assistant.embedding.embedder import Embedder

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


def test_the_sentence_about_the_sources_reads_back_as_it_was_written() -> None:
    text = cited("A.", [1]) + " " + conflict_sentence("killed", [("46", 2), ("70 people", 1)])
    assert text == "A. [1] The articles give different figures for killed: 46 [2]; 70 people [1]."
    claim = claims(text)[-1]
    assert claim.markers == (2, 1)
    assert parse_conflict(claim.text) == ("killed", ["46", "70 people"])
    assert parse_conflict("A.") is None
    assert strip_markers(text) == (
        "A. The articles give different figures for killed: 46; 70 people."
    )


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

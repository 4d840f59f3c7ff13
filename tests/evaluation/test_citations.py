"""Citations judged against the text they cite (ALCE recall and precision).

A perfect score for an answer that contradicts its citation would be a bug:
these answers cite real quotes with exact offsets, and must still fail.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant import Answer, Citation, Settings
from assistant.check.claims import claims
from assistant.check.support import SupportJudge
from assistant.embedding.embedder import Embedder
from assistant.evaluation.citations import score_citations
from assistant.evaluation.dataset import EvalItem, Evidence
from assistant.evaluation.scoring import score_item
from tests.conftest import SEEDS
from tests.evaluation.conftest import INSIDER, NEWSWEEK

LEAD = (
    "The Taliban said Saturday that they will be able to address the Islamic State on their "
    "own, and won't work with U.S. officials to rein in the extremist organization, which has "
    "recently ramped up attacks in Afghanistan."
)
KUNDUZ_AP = (
    "According to the Associated Press, at least 100 people were injured or killed in the "
    "attack on Kunduz's Shiite Muslim worshippers."
)
HASHEMI = "Hashemi said believes more than 70 people were killed in the bombing."


@pytest.fixture(scope="module")
def judge() -> SupportJudge:
    return SupportJudge(Embedder(Settings().embedding))


def cite(marker: int, source: str, quote: str) -> Citation:
    start = (SEEDS / source).read_text(encoding="utf-8").index(quote)
    return Citation(
        marker=marker,
        source=source,
        title="t",
        start=start,
        end=start + len(quote),
        quote=quote,
        passage_id="p",
    )


def answer(text: str, *citations: Citation) -> Answer:
    return Answer(question="q", text=text, answerable=True, citations=list(citations))


def test_a_verbatim_cited_answer_is_fully_supported(judge: SupportJudge) -> None:
    scores = score_citations(answer(f"{LEAD} [1]", cite(1, NEWSWEEK, LEAD)), judge, SEEDS)
    assert (scores.recall, scores.precision, scores.offsets_valid) == (1.0, 1.0, 1.0)


@pytest.mark.parametrize(
    "claim",
    [
        "The Taliban said they will work with U.S. officials to rein in the Islamic State.",
        "The Taliban said on Saturday they won't work with Pakistan against the Islamic State.",
    ],
)
def test_an_answer_contradicting_its_quote_scores_unsupported(
    judge: SupportJudge, claim: str
) -> None:
    scores = score_citations(answer(f"{claim} [1]", cite(1, NEWSWEEK, LEAD)), judge, SEEDS)
    assert scores.offsets_valid == 1.0  # the citation itself is exact ...
    assert scores.recall == 0.0 and scores.precision == 0.0  # ... and does not support it
    assert scores.sentences[0].reasons


def test_a_changed_figure_is_unsupported(judge: SupportJudge) -> None:
    wrong = KUNDUZ_AP.replace("100", "300")
    scores = score_citations(answer(f"{wrong} [1]", cite(1, INSIDER, KUNDUZ_AP)), judge, SEEDS)
    assert scores.recall == 0.0
    assert "figure not in the quotes: at least 300" in scores.sentences[0].reasons


def test_an_uncited_sentence_and_a_wrong_offset_are_unsupported(judge: SupportJudge) -> None:
    good = cite(1, NEWSWEEK, LEAD)
    uncited = score_citations(answer(f"{LEAD} [1] Kabul fell in a day."), judge, SEEDS)
    assert uncited.recall == 0.0 and uncited.sentences[0].reasons == [
        "cites [1]: no such quote or wrong offsets"
    ]
    mixed = score_citations(answer(f"{LEAD} [1] Kabul fell in a day.", good), judge, SEEDS)
    assert mixed.recall == 0.5 and mixed.sentences[1].reasons == ["no citation"]
    shifted = good.model_copy(update={"start": good.start + 1, "end": good.end + 1})
    moved = score_citations(answer(f"{LEAD} [1]", shifted), judge, SEEDS)
    assert moved.offsets_valid == 0.0 and moved.bad_offsets == [1] and moved.recall == 0.0


def test_an_unneeded_citation_is_imprecise(judge: SupportJudge) -> None:
    text = f"{LEAD} [1][2]"
    scores = score_citations(
        answer(text, cite(1, NEWSWEEK, LEAD), cite(2, INSIDER, KUNDUZ_AP)), judge, SEEDS
    )
    assert scores.recall == 1.0 and scores.precision == 0.5
    assert scores.sentences[0].precise == [1]


def test_the_sentence_about_the_sources_is_one_claim_judged_figure_by_figure(
    judge: SupportJudge,
) -> None:
    text = (
        f"{KUNDUZ_AP} [1] The articles give different figures for killed: "
        "at least 100 people [1]; more than 70 people [2]."
    )
    assert [c.markers for c in claims(text)] == [(1,), (1, 2)]
    right = answer(text, cite(1, INSIDER, KUNDUZ_AP), cite(2, NEWSWEEK, HASHEMI))
    assert score_citations(right, judge, SEEDS).recall == 1.0
    swapped = answer(text, cite(1, NEWSWEEK, HASHEMI), cite(2, INSIDER, KUNDUZ_AP))
    verdicts = score_citations(swapped, judge, SEEDS).sentences
    assert verdicts[1].supported is False
    assert "figure not in its quote: at least 100 people" in verdicts[1].reasons


def test_figures_that_agree_are_no_disagreement(judge: SupportJudge) -> None:
    claim = "The articles give different figures for killed: more than 70 people; 70 people."
    verdict = judge.judge(claim, [HASHEMI, HASHEMI])
    assert not verdict.supported and "the figures do not differ" in verdict.reasons


def test_an_item_whose_answer_contradicts_its_quote_fails(judge: SupportJudge) -> None:
    lie = "The Taliban said they will work with U.S. officials to rein in the Islamic State. [1]"
    start = (SEEDS / NEWSWEEK).read_text(encoding="utf-8").index(LEAD)
    item = EvalItem(
        id="x",
        type="single_fact",
        question="Will the Taliban work with the US?",
        reference_answer="No.",
        key_facts=["Taliban"],
        evidence=[Evidence(source=NEWSWEEK, start=start, end=start + len(LEAD), text=LEAD)],
    )
    record = score_item(
        item,
        answer(lie, cite(1, NEWSWEEK, LEAD)),
        [],
        index_passages=[],
        judge=judge,
        corpus_dir=Path(SEEDS),
        k=5,
    )
    assert not record.passed
    assert record.metrics["citation_recall"] == 0.0
    assert any(f.startswith("supported: ") for f in record.failures)


def test_an_answer_that_says_forbidden_text_fails_whatever_its_type(judge: SupportJudge) -> None:
    """A sentence flagged in the chat (must_not_contain) fails an answerable item too, even
    when everything else about the answer holds."""
    flagged = EvalItem(
        id="down",
        type="single_fact",
        question="What did the Taliban say about the Islamic State?",
        key_facts=["Taliban"],
        must_not_contain=[" ".join(LEAD.split()).upper()],  # any case, any spacing
    )
    given = answer(f"{LEAD} [1]", cite(1, NEWSWEEK, LEAD))

    def failures(item: EvalItem) -> list[str]:
        record = score_item(
            item, given, [], index_passages=[], judge=judge, corpus_dir=Path(SEEDS), k=5
        )
        return record.failures

    assert [f.split(":")[0] for f in failures(flagged)] == ["not said"]
    assert failures(flagged.model_copy(update={"must_not_contain": []})) == []

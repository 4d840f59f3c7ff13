"""Which sentences an extractive answer quotes, and the support it reports.

``compose`` is given scored sentences of real articles (real passages, real sentence
vectors from the index the ``own_bot`` fixture builds once), with the scores set by
hand, so each rule of the choice is seen on its own: a further sentence joins when it
is nearly as good and confirms or adds to the best, never when it repeats a chosen one,
and never past the sentence or word budget.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from assistant import Answer, Assistant
from assistant.answer.candidates import Candidate
from assistant.answer.conversation import Resolved
from assistant.answer.extractive import _CONFIDENT, _MIN_COVERAGE, _NEAR_FACTOR, compose
from assistant.check.claims import NOT_FOUND
from assistant.settings import AnswerSettings
from assistant.text.terms import content_stems
from tests.answer.one_article import bot_over

# The orchard study (tests/articles/orchard_study.txt): sentences without a death toll or
# any other count that two of them could disagree on.
WILD = "Wild bees pollinated apple blossoms"  # 27 words
STRIPS = "Orchards with strips of wildflowers"  # 25 words
ATTRACTED = "The flower strips attracted mining bees"  # 17 words
GROWERS = '"Growers have been paying to rent hives'  # 24 words
RAMAN = "Raman said the findings held across"  # 10 words
CAUTIONED = "The researchers cautioned that the study"  # 23 words
# The fire report (tests/articles/alden_fire.txt): "She said ..." points back to the quote.
DUST = '"The building was full of dry grain dust'
SHE = "She said investigators had not yet determined"

QUESTION = "What did the study find about bees and fruit?"
RESOLVED = Resolved(QUESTION, QUESTION, "")
BEE, FRUIT, STUDY, FIND = content_stems("bees fruit study find")


def _sentences(bot: Assistant) -> dict[str, Candidate]:
    """Every sentence of the index as an unscored candidate, by its opening words."""
    out: dict[str, Candidate] = {}
    for row, p in enumerate(bot.data.passages):
        vectors = bot.data.sentence_vector_block(row)
        for s, v in zip(p.sentences, vectors, strict=True):
            text = p.sentence_text(s)
            out[text] = Candidate(p, s, text, np.asarray(v, dtype=np.float32))
    return out


def _scored(bot: Assistant, *rows: tuple[str, float, set[str]]) -> list[Candidate]:
    """Candidates (opening words, support, question stems they hold), best first."""
    found = _sentences(bot)
    out = []
    for opening, support, covered in rows:
        (c,) = [c for text, c in found.items() if text.startswith(opening)]
        c.support, c.covered, c.coverage = support, set(covered), 1.0
        out.append(c)
    return out


def _quotes(answer: Answer) -> list[str]:
    return [c.quote for c in answer.citations]


def test_more_sentences_join_when_they_confirm_or_add_and_not_when_they_repeat(
    own_bot: Assistant,
) -> None:
    ranked = _scored(
        own_bot,
        (WILD, 0.8, {BEE, STUDY}),  # the best: bees, the study
        (STRIPS, 0.78, {FRUIT}),  # adds the fruit
        (GROWERS, 0.75, {BEE, STUDY}),  # would confirm, but says what the best says (below)
        (CAUTIONED, 0.72, {STUDY}),  # neither confirms nor adds
        (ATTRACTED, 0.70, {BEE, STUDY}),  # confirms the best exactly
        (RAMAN, 0.68, {FIND}),  # would add, but three sentences are enough
    )
    ranked[2].vector = ranked[0].vector  # the same sentence, reworded: nothing new
    settings = AnswerSettings(max_sentences=3, max_words=200)
    answer = compose(QUESTION, RESOLVED, ranked, settings)
    assert answer.answerable and answer.conflicts == []
    assert _quotes(answer) == [ranked[0].text, ranked[1].text, ranked[4].text]
    assert answer.text == " ".join(f"{c.quote} [{c.marker}]" for c in answer.citations)
    assert answer.support == 0.8
    # A fourth sentence is allowed: the one that adds what was asked joins too.
    four = compose(QUESTION, RESOLVED, ranked, AnswerSettings(max_sentences=4, max_words=200))
    assert _quotes(four) == [ranked[0].text, ranked[1].text, ranked[4].text, ranked[5].text]


def test_a_sentence_well_below_the_best_does_not_join(own_bot: Assistant) -> None:
    ranked = _scored(
        own_bot,
        (WILD, 0.8, {BEE, STUDY}),
        (STRIPS, 0.8 * _NEAR_FACTOR - 0.01, {FRUIT}),  # would add, but scores too little
        (RAMAN, 0.5, {FIND}),
    )
    answer = compose(QUESTION, RESOLVED, ranked, AnswerSettings(max_sentences=3))
    assert _quotes(answer) == [ranked[0].text]
    # At exactly the near-best share it is still near enough.
    ranked[1].support = _NEAR_FACTOR * 0.8
    answer = compose(QUESTION, RESOLVED, ranked, AnswerSettings(max_sentences=3))
    assert _quotes(answer) == [ranked[0].text, ranked[1].text]


def test_the_word_budget_is_counted_over_every_chosen_sentence(own_bot: Assistant) -> None:
    ranked = _scored(
        own_bot,
        (WILD, 0.8, {BEE, STUDY}),  # 27 words
        (STRIPS, 0.78, {FRUIT}),  # 25 words: 52
        (ATTRACTED, 0.76, {BEE, STUDY}),  # 17 words: 69, exactly the budget
        (RAMAN, 0.74, {FIND}),  # 10 words: 79, over it
    )
    words = [len(c.text.split()) for c in ranked]
    assert words == [27, 25, 17, 10]
    settings = AnswerSettings(max_sentences=5, max_words=69)
    assert _quotes(compose(QUESTION, RESOLVED, ranked, settings)) == [c.text for c in ranked[:3]]
    # With a budget of 79 the last sentence (10 words) fits too.
    settings = AnswerSettings(max_sentences=5, max_words=79)
    assert _quotes(compose(QUESTION, RESOLVED, ranked, settings)) == [c.text for c in ranked]


def test_a_sentence_that_points_back_is_quoted_after_the_one_it_points_to(
    own_bot: Assistant,
) -> None:
    question = "What did she say about the cause of the fire?"
    found = _sentences(own_bot)
    (lead,) = [c for text, c in found.items() if text.startswith(DUST)]
    ranked = _scored(own_bot, (SHE, 0.7, set(content_stems("cause fire"))))
    ranked[0].lead = lead
    answer = compose(question, Resolved(question, question, ""), ranked, AnswerSettings())
    assert _quotes(answer) == [lead.text, ranked[0].text]
    assert answer.support == 0.7


def test_the_support_is_the_best_sentences_to_four_places(own_bot: Assistant) -> None:
    ranked = _scored(own_bot, (WILD, 0.612349, {BEE, STUDY}), (RAMAN, 0.3, {FIND}))
    answer = compose(QUESTION, RESOLVED, ranked, AnswerSettings())
    assert answer.answerable and answer.support == 0.6123


def test_a_best_sentence_at_exactly_the_refusal_threshold_answers(own_bot: Assistant) -> None:
    settings = AnswerSettings()
    ranked = _scored(own_bot, (WILD, settings.refusal_threshold, {BEE, STUDY}))
    answer = compose(QUESTION, RESOLVED, ranked, settings)
    assert answer.answerable and _quotes(answer) == [ranked[0].text]
    ranked[0].support = settings.refusal_threshold - 0.0001
    refused = compose(QUESTION, RESOLVED, ranked, settings)
    assert not refused.answerable and refused.citations == []


def test_a_refusal_reports_the_best_support_and_shows_where_to_look(
    own_bot: Assistant,
) -> None:
    settings = AnswerSettings()
    ranked = _scored(own_bot, (WILD, 0.123456, {BEE}), (SHE, 0.1, {FIND}))
    answer = compose(QUESTION, RESOLVED, ranked, settings)
    assert answer.question == QUESTION and answer.standalone_question == QUESTION
    assert answer.text == NOT_FOUND and not answer.answerable
    assert answer.support == 0.1235
    assert [c.quote for c in answer.nearest] == [ranked[0].text, ranked[1].text]
    # No sentence shares enough of the question: nothing to report a support for.
    for c in ranked:
        c.coverage = 0.1
    answer = compose(QUESTION, RESOLVED, ranked, settings)
    assert not answer.answerable and answer.support == 0.0
    assert [c.quote for c in answer.nearest] == [ranked[0].text, ranked[1].text]


@pytest.mark.parametrize(
    "question",
    [
        "How many workers were injured in the Port Alden warehouse fire?",
        # Eastgate is named only by the harbour authority's report: the ambulance
        # service's report never names it, but its sentence names Port Alden itself.
        "How many workers were injured in the Port Alden warehouse fire near Eastgate?",
    ],
)
def test_a_report_that_never_names_one_of_the_places_asked_still_gives_its_figure(
    own_bot: Assistant, question: str
) -> None:
    answer = own_bot.ask(question)
    assert answer.answerable, answer.text
    (conflict,) = answer.conflicts
    assert {v.value.lower() for v in conflict.values} == {"nine", "at least 12"}
    by_marker = {c.marker: c.source for c in answer.citations}
    assert {by_marker[v.marker] for v in conflict.values} == {
        "alden_fire.txt",
        "alden_fire_second_report.md",
    }


def test_a_second_part_that_names_nothing_is_read_as_about_the_first(
    own_bot: Assistant,
) -> None:
    question = "How much will the footbridge cost, and by how much?"
    answer, hits = own_bot.ask_with_hits(question, k=3)
    assert answer.question == question
    assert answer.standalone_question == (
        "How much will the footbridge cost? "
        "By how much? (following: How much will the footbridge cost?)"
    )
    assert answer.answerable and "18.5 million euros" in answer.citations[0].quote
    assert len(hits) == 3 and len({h.passage.id for h in hits}) == 3


def test_a_second_part_that_stands_alone_is_still_read_after_the_first(
    own_bot: Assistant,
) -> None:
    question = (
        "How much more fruit did orchards with flower strips produce, "
        "and how many orchards were studied?"
    )
    answer = own_bot.ask(question)
    first = "How much more fruit did orchards with flower strips produce?"
    assert answer.standalone_question == (
        f"{first} How many orchards were studied? (following: {first})"
    )
    assert any("14 percent" in q for q in _quotes(answer))


def test_a_second_part_that_names_someone_stands_on_its_own(own_bot: Assistant) -> None:
    question = "Who is the fire chief at Port Alden, and where is Colin Brandt based?"
    answer, hits = own_bot.ask_with_hits(question, k=4)
    assert answer.standalone_question == (
        "Who is the fire chief at Port Alden? Where is Colin Brandt based?"
    )
    quotes = " ".join(_quotes(answer))
    assert "Marta Okonkwo" in quotes and "headquarters in Eastgate" in quotes
    assert len(hits) == 4 and len({h.passage.id for h in hits}) == 4


def test_the_first_part_of_a_follow_up_leans_on_the_earlier_turn(own_bot: Assistant) -> None:
    first = own_bot.ask("Who is the fire chief at Port Alden?")
    answer = own_bot.ask(
        "What did she say about the cause of the fire, and how long did it burn?",
        history=[first],
    )
    assert answer.standalone_question.startswith(
        "What did Marta Okonkwo say about the cause of the fire?"
    )


def test_an_answer_streams_as_pieces_that_make_its_text(own_bot: Assistant) -> None:
    events = list(own_bot.stream("How much will the footbridge cost?", mode="extractive"))
    *tokens, (kind, answer) = events
    assert kind == "answer" and isinstance(answer, Answer) and answer.answerable
    assert len(tokens) >= 1 and {t[0] for t in tokens} == {"token"}
    assert "".join(str(t[1]) for t in tokens) == answer.text


def _ranked(bot: Assistant, question: str, history: list[Answer] | None = None) -> list[Candidate]:
    """The scored sentences of a question, by the hand-weighted score alone."""
    bot.settings.answer.ranker = "none"  # the answerer's settings too
    try:
        bot.ask(question, history=history)
    finally:
        bot.settings.answer.ranker = "learned"
    return list(bot._extractive.last_ranked)  # type: ignore[attr-defined]


def test_marks_down_lower_a_sentences_support(own_bot: Assistant) -> None:
    killed = _ranked(own_bot, "How many people were killed in the fire?")
    # "At least 12 workers were injured ...": a figure, but of the injured, not the killed.
    (twelve,) = [c for c in killed if c.text.startswith("At least 12 workers were injured")]
    assert twelve.notes == ["its figures count something else"]
    assert twelve.support < 0.5 * twelve.hand
    ranked = _ranked(own_bot, "How many of the injured were taken to hospital?")
    assert [c.support for c in ranked] == sorted((c.support for c in ranked), reverse=True)
    untyped = [c for c in ranked if not c.typed]
    assert untyped and all("no count in it" in c.notes for c in untyped)
    assert all(abs(c.support) < abs(c.hand) for c in untyped if c.hand)
    unmarked = [c for c in ranked if not c.notes]
    assert unmarked and all(c.support == c.hand for c in unmarked)


def test_a_follow_up_is_held_to_the_names_of_the_earlier_turn(own_bot: Assistant) -> None:
    first = own_bot.ask("What happened at the Port Alden warehouse?")
    # "it" is the warehouse fire: the follow-up names nothing, the earlier turn Port Alden.
    ranked = _ranked(own_bot, "How many workers did it injure?", history=[first])
    alden = {"alden_fire.txt", "alden_fire_second_report.md"}
    elsewhere = [c for c in ranked if c.passage.source not in alden]
    assert elsewhere, "no sentence of another article was weighed"
    for c in elsewhere:  # other stories, though about workers or numbers
        assert any(n.startswith("its article never names") for n in c.notes), c.text
        assert c.support < c.hand
    assert {
        c.source for c in own_bot.ask("How many workers were injured?", history=[first]).citations
    } <= alden


def test_a_fragment_is_marked_down(seed_bot: Assistant) -> None:
    ranked = _ranked(seed_bot, "What did the Taliban say?")
    # The article's second headline is cut off before its end ("... with the U").
    (cut,) = [c for c in ranked if c.text.startswith("Saturday's statement by the Taliban")]
    assert cut.notes == ["a heading or fragment, not a sentence"]
    assert cut.support < cut.hand
    sentences = [c for c in ranked if c.text.rstrip().endswith(".") and not c.notes]
    assert sentences and all(c.support == c.hand for c in sentences)


COURIER = """---
title: Bus crash on the Merrow pass kills eleven
outlet: Valley Courier
date: 2026-03-02
---

A bus carrying 40 passengers left the road on the Merrow pass on Sunday and fell into a ravine.

Eleven people were killed in the crash.

Rescue teams worked through the night to reach the wreck.
"""
HERALD = """---
title: Mountain road tragedy
outlet: Northern Herald
date: 2026-03-03
---

Rescuers worked through Sunday night on the Merrow pass near Dunmore after a bus plunged
off the road.

The regional governor declared a day of mourning.

Schools in the valley will stay closed on Monday.

Fourteen people died in the crash, the governor's office said later.
"""


@pytest.fixture(scope="module")
def bus_bot(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    """Two reports of one bus crash, written for this test, with outlets and dates."""
    corpus = tmp_path_factory.mktemp("bus") / "news"
    corpus.mkdir()
    (corpus / "courier.txt").write_text(COURIER, encoding="utf-8")
    (corpus / "herald.txt").write_text(HERALD, encoding="utf-8")
    return Assistant.open(corpus, corpus.parent / "index")


@pytest.mark.parametrize(
    "question",
    [
        "How many people were killed in the Merrow pass bus crash?",
        "How many people died in the bus crash on the Merrow pass?",
    ],
)
def test_a_weak_toll_far_from_the_place_named_is_still_the_other_side(
    bus_bot: Assistant, question: str
) -> None:
    # The Herald's toll ("Fourteen people died in the crash") is three sentences from
    # where its article names the Merrow pass, and scores well below the refusal
    # threshold; it names the crash the question asks about, so it is heard.
    answer = bus_bot.ask(question)
    assert answer.answerable
    assert _quotes(answer)[0] == "Eleven people were killed in the crash."
    (conflict,) = answer.conflicts
    sides = {(v.value, v.attribution, v.date) for v in conflict.values}
    assert sides == {
        ("Eleven", "Valley Courier", "2026-03-02"),  # the sentence names no source: the outlet
        ("Fourteen", "the governor's office", "2026-03-03"),
    }
    assert answer.text.endswith(
        "Reports differ on the death toll: eleven people killed, according to Valley Courier "
        "(2026-03-02) [1]; fourteen people died, according to the governor's office "
        "(2026-03-03) [2]."
    )


def test_a_report_that_never_names_the_place_asked_gives_no_side(bus_bot: Assistant) -> None:
    # Only the Herald says the crash was near Dunmore; the Courier's toll may be quoted
    # (it names neither the pass nor Dunmore in its sentence), but it is not set against
    # the Herald's as a disagreement about a crash near Dunmore.
    answer = bus_bot.ask("How many people were killed in the Merrow pass bus crash near Dunmore?")
    assert answer.conflicts == [] and "Reports differ" not in answer.text


_HEADLINED = """Thousands march against bridge tolls in Keswater

Protesters filled the streets of the old town on Saturday, chanting and carrying banners.

The demonstration began at the railway station shortly after noon.

Speakers criticised the regional transport authority for the new charges.

Shops along the route closed early as the crowd passed.

Police said about 4,000 people took part in the march, which ended peacefully at the harbour.
"""


def test_the_headline_names_what_every_sentence_of_the_story_is_about(tmp_path: Path) -> None:
    # The town is named only in the headline; the count comes four sentences later.
    # A sentence far from the name of the story it belongs to is still about it.
    bot = bot_over(tmp_path, "keswater.txt", _HEADLINED)
    answer = bot.ask("How many people took part in the Keswater march?")
    best = bot._extractive.last_ranked[0]  # type: ignore[attr-defined]
    assert "about 4,000 people took part" in answer.text
    assert best.text.startswith("Police said about 4,000") and best.factor == 1.0, best.notes


def test_a_question_about_part_of_a_count_is_answered_by_that_part(own_bot: Assistant) -> None:
    # "Three of the injured" is a part of the injured: for a question that asks for a
    # part it is the answer, not a figure of something else to be marked down.
    answer = own_bot.ask("How many of the injured were taken to hospital?")
    best = own_bot._extractive.last_ranked[0]  # type: ignore[attr-defined]
    assert answer.answerable and answer.citations[0].quote.startswith("Three of the injured")
    assert best.factor == 1.0 and answer.support > 0.5, best.notes  # was 0.327, near 0.32


_HEADLINED_LEAD = """Flood forces hundreds from their homes in Tarnby

Heavy rain fell across the valley for a third night.

The river burst its banks near the old mill on Sunday morning.

That flood forced about 300 residents to leave their homes, officials said.
"""


def test_a_sentence_that_points_back_is_also_about_what_its_headline_names(
    tmp_path: Path,
) -> None:
    bot = bot_over(tmp_path, "tarnby.txt", _HEADLINED_LEAD)
    bot.ask("How many residents had to leave their homes in Tarnby?")
    (flood,) = [
        c
        for c in bot._extractive.last_ranked  # type: ignore[attr-defined]
        if c.text.startswith("That flood forced")
    ]
    assert flood.lead is not None  # read after the sentence it points back to
    assert flood.factor == 1.0, flood.notes


def test_a_sentence_sharing_few_of_the_question_s_words_answers_only_when_the_ranker_is_sure(
    own_bot: Assistant,
) -> None:
    # "Who is the boss of Fenwright Foods?" over "Fenwright's chief executive, Lena
    # Holmgaard, said ...": the answer says "boss" in other words.
    ranked = _scored(own_bot, (WILD, 0.8, {BEE, STUDY}))
    ranked[0].coverage = _MIN_COVERAGE - 0.05
    ranked[0].learned = _CONFIDENT - 0.05  # the ranker is not sure: no answer
    assert not compose(QUESTION, RESOLVED, ranked, AnswerSettings()).answerable
    ranked[0].learned = _CONFIDENT + 0.05  # it is: the sentence answers
    assert _quotes(compose(QUESTION, RESOLVED, ranked, AnswerSettings())) == [ranked[0].text]
    ranked[0].learned = None  # the hand-weighted scorer alone (ranker=none): no answer
    assert not compose(QUESTION, RESOLVED, ranked, AnswerSettings()).answerable


_ACRONYM = """Harbour board rejects dredging plan

The Port Alden Harbour Board, or PAHB, met on Tuesday to vote on the dredging plan.

Members heard from fishermen and from the company that would do the work.

After three hours, the Harbour Board voted against the plan by seven votes to two.

The company said it would appeal.
"""


def test_a_short_name_the_article_defines_names_its_long_name(tmp_path: Path) -> None:
    bot = bot_over(tmp_path, "pahb.txt", _ACRONYM)
    bot.ask("How did the PAHB vote on the dredging plan?")
    (vote,) = [
        c
        for c in bot._extractive.last_ranked  # type: ignore[attr-defined]
        if c.text.startswith("After three hours")
    ]
    assert vote.factor == 1.0, vote.notes  # "Harbour Board" is the PAHB, two sentences on

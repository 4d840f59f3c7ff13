"""How a follow-up is made standalone, exactly, from the turns before it.

The turns are answers as the answerer gives them, citing real sentences of the
test articles at their offsets; no index is needed to resolve a question, so
these run in a blink and pin the rewritten question word for word.
"""

from __future__ import annotations

import pytest

from assistant import Answer
from assistant.answer.conversation import Resolved, is_follow_up, resolve
from assistant.models import Citation
from tests.conftest import OWN_ARTICLES

FIRE = "alden_fire.txt"
FIRE_SECOND = "alden_fire_second_report.md"
ORCHARD = "orchard_study.txt"

CHIEF_SENTENCE = (
    "The blaze started shortly after 11 p.m. in a conveyor room on the warehouse's upper "
    "floor, according to fire chief Marta Okonkwo."
)
TOLD_REPORTERS = (
    '"The building was full of dry grain dust, which is about as dangerous as it gets," '
    "Okonkwo told reporters at the scene."
)
BRANDT_SENTENCE = (
    "Harbour master Colin Brandt said the port's container terminals reopened on Wednesday "
    "afternoon."
)
HOSPITAL_SENTENCE = (
    "Three of the injured were taken to St. Brigid's Hospital with serious burns, a "
    "spokeswoman for the ambulance service said."
)
SEVEN_HOURS = (
    "Fire chief Marta Okonkwo said it took firefighters about seven hours to put out the flames."
)
OTHERS_TREATED = "The others were treated at the scene for smoke inhalation."
RAMAN_SENTENCE = (
    '"Growers have been paying to rent hives when the free workforce was already there," '
    "said lead author Priya Raman, an ecologist at the university."
)

FIRE_CHIEF = "Who is the fire chief at Port Alden?"
HARBOUR_MASTER = "Who is the harbour master at Port Alden?"


def _citation(marker: int, source: str, quote: str) -> Citation:
    text = (OWN_ARTICLES / source).read_text(encoding="utf-8")
    start = text.index(quote)
    return Citation(
        marker=marker,
        source=source,
        title=text.splitlines()[0].lstrip("# "),
        start=start,
        end=start + len(quote),
        quote=quote,
        passage_id=f"{source}#0",
    )


def _answered(question: str, *quotes: tuple[str, str], standalone: str = "") -> Answer:
    citations = [_citation(i, source, quote) for i, (source, quote) in enumerate(quotes, 1)]
    text = " ".join(f"{c.quote} [{c.marker}]" for c in citations)
    return Answer(
        question=question,
        standalone_question=standalone,
        text=text,
        answerable=True,
        citations=citations,
    )


def _refused(question: str) -> Answer:
    return Answer(question=question, text="The articles do not say.", answerable=False)


CHIEF = _answered(FIRE_CHIEF, (FIRE, CHIEF_SENTENCE))
BRANDT = _answered(HARBOUR_MASTER, (FIRE, BRANDT_SENTENCE))
REFUSED = _refused("Who won the election in Harwick?")


def test_a_three_turn_history_with_a_refusal_in_the_middle_leans_on_the_latest_answer() -> None:
    resolved = resolve("Where is he based?", [CHIEF, REFUSED, BRANDT])
    assert resolved == Resolved("Where is Colin Brandt based?", "Where is Colin Brandt based?", "")
    resolved = resolve("Where is he based?", [BRANDT, CHIEF, REFUSED])
    assert resolved.text == "Where is Marta Okonkwo based?"


def test_when_every_turn_was_refused_the_last_one_is_the_context() -> None:
    history = [
        _refused("Who won the election in Harwick?"),
        _refused("Who won in Kessing?"),
        _refused("Who won in Velna?"),
    ]
    resolved = resolve("And in March?", history)
    assert resolved == Resolved(
        "And in March? (following: Who won in Velna?)", "And in March?", "Who won in Velna?"
    )


def test_without_a_history_or_a_lean_the_question_stands_as_asked() -> None:
    asked = "  Where is he based?  "
    assert resolve(asked, []) == Resolved("Where is he based?", "Where is he based?", "")
    own = "How much will the footbridge cost?"
    assert resolve(own, [CHIEF, BRANDT]) == Resolved(own, own, "")


def test_a_pronoun_with_a_thing_keeps_the_earlier_question_as_context() -> None:
    resolved = resolve("What did she say about it?", [CHIEF])
    focus = "What did Marta Okonkwo say about it?"
    assert resolved == Resolved(f"{focus} (following: {FIRE_CHIEF})", focus, FIRE_CHIEF)


def test_an_elliptical_question_with_a_pronoun_keeps_the_context() -> None:
    resolved = resolve("And where is he based now?", [BRANDT])
    focus = "And where is Colin Brandt based now?"
    assert resolved == Resolved(f"{focus} (following: {HARBOUR_MASTER})", focus, HARBOUR_MASTER)


def test_a_question_about_a_thing_keeps_its_words_and_takes_the_context() -> None:
    resolved = resolve("What caused it?", [CHIEF])
    assert resolved == Resolved(
        f"What caused it? (following: {FIRE_CHIEF})", "What caused it?", FIRE_CHIEF
    )


def test_a_short_question_without_a_pronoun_keeps_the_context_even_after_a_person() -> None:
    resolved = resolve("How many injured?", [CHIEF])
    assert resolved == Resolved(
        f"How many injured? (following: {FIRE_CHIEF})", "How many injured?", FIRE_CHIEF
    )


def test_the_context_of_a_resolved_turn_is_its_standalone_question() -> None:
    earlier = _answered(
        "What did she say?",
        (FIRE, TOLD_REPORTERS),
        standalone="What did Marta Okonkwo say?",
    )
    resolved = resolve("Why was it so dangerous?", [earlier])
    assert resolved.context == "What did Marta Okonkwo say?"
    assert resolved.text == "Why was it so dangerous? (following: What did Marta Okonkwo say?)"
    # The person comes from the standalone question, not the pronoun that was asked.
    assert resolve("Where is she based?", [earlier]).text == "Where is Marta Okonkwo based?"


def test_only_the_first_pronoun_is_replaced() -> None:
    resolved = resolve("Did he say what he saw?", [BRANDT])
    assert resolved.focus == "Did Colin Brandt say what he saw?"


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("What was his title at the port?", "What was Colin Brandt's title at the port?"),
        ("His office is in which town?", "Colin Brandt's office is in which town?"),
        ("Was the decision hers to make?", "Was the decision Colin Brandt's to make?"),
        ("What did reporters ask her?", "What did reporters ask Colin Brandt?"),
        ("What did the council tell him?", "What did the council tell Colin Brandt?"),
    ],
)
def test_a_pronoun_becomes_the_name_and_a_possessive_takes_an_apostrophe(
    question: str, expected: str
) -> None:
    assert resolve(question, [BRANDT]) == Resolved(expected, expected, "")


def test_a_person_question_prefers_whom_the_answer_named_over_the_question() -> None:
    asked = "Who fought the fire at Port Alden?"
    earlier = _answered(asked, (FIRE, CHIEF_SENTENCE))
    # "Port Alden" is a capitalised name in the question, but the answer named the chief.
    assert resolve("What did he say?", [earlier]).text == "What did Marta Okonkwo say?"


def test_another_question_prefers_the_person_it_named() -> None:
    # The answer quoted the chief; the question was about Brandt.
    asked = "What did Colin Brandt say about the terminals?"
    earlier = _answered(asked, (FIRE, CHIEF_SENTENCE))
    assert resolve("Where is he based?", [earlier]).text == "Where is Colin Brandt based?"
    person = _answered("Who spoke after Colin Brandt?", (FIRE, CHIEF_SENTENCE))
    assert resolve("Where is he based?", [person]).text == "Where is Marta Okonkwo based?"


def test_a_full_name_is_preferred_to_a_surname_seen_first() -> None:
    earlier = _answered(FIRE_CHIEF, (FIRE, TOLD_REPORTERS), (FIRE, CHIEF_SENTENCE))
    assert resolve("Where is he based?", [earlier]).text == "Where is Marta Okonkwo based?"


def test_a_hospital_is_not_taken_for_a_person() -> None:
    asked = "Who said how long the fire burned?"
    earlier = _answered(asked, (FIRE_SECOND, HOSPITAL_SENTENCE), (FIRE_SECOND, SEVEN_HOURS))
    resolved = resolve("What else did she say?", [earlier])
    assert resolved.focus == "What else did Marta Okonkwo say?"


def test_a_university_is_not_taken_for_a_person() -> None:
    earlier = _answered(
        "Who led the orchard study at the University of Kessing?", (ORCHARD, RAMAN_SENTENCE)
    )
    assert resolve("What did she find?", [earlier]).focus == "What did Priya Raman find?"


def test_with_nobody_named_the_pronoun_stays_and_the_context_is_kept() -> None:
    earlier = _answered("How many workers were injured?", (FIRE_SECOND, OTHERS_TREATED))
    resolved = resolve("Was he hurt?", [earlier])
    assert resolved == Resolved(
        "Was he hurt? (following: How many workers were injured?)",
        "Was he hurt?",
        "How many workers were injured?",
    )


@pytest.mark.parametrize(
    "question",
    [
        "And what about the harbour authority?",  # ellipsis, longer than three words
        "How many injured?",  # three words
        "Why?",
        "Where is he based now?",
        "Those workers were taken where?",  # a capitalised reference word
        "What did they decide about the bridge?",
    ],
)
def test_questions_that_lean_on_an_earlier_turn(question: str) -> None:
    assert is_follow_up(question)


@pytest.mark.parametrize(
    "question",
    [
        "Who designed the footbridge?",  # four words, no reference
        "What did the Harwick council decide about it?",  # names its own subject
        "How much will the footbridge cost?",
    ],
)
def test_questions_that_stand_on_their_own(question: str) -> None:
    assert not is_follow_up(question)


@pytest.mark.parametrize(
    ("question", "focus", "context"),
    [
        (  # the scene, then a question that stands on its own: the question is asked
            "The grain store burned for hours last week. Which company owned the warehouse?",
            "Which company owned the warehouse?",
            "The grain store burned for hours last week.",
        ),
        (  # a question that points back at the scene is asked with it
            "A warehouse burned in Alden last week. Where did this happen?",
            "A warehouse burned in Alden last week. Where did this happen?",
            "",
        ),
        (  # "U.S." ends no sentence; one sentence is asked whole
            "Which U.S. official visited Alden after the fire?",
            "Which U.S. official visited Alden after the fire?",
            "",
        ),
        (  # nor do a title's full stop or a case's "v."
            "According to Dr. Okonkwo, which room did the Alden fire start in?",
            "According to Dr. Okonkwo, which room did the Alden fire start in?",
            "",
        ),
        (  # a last sentence naming too little to be asked alone
            "Disney is renaming a famous studio. What will the new name be?",
            "Disney is renaming a famous studio. What will the new name be?",
            "",
        ),
    ],
)
def test_a_question_after_a_scene_setting_sentence_asks_its_last_sentence(
    question: str, focus: str, context: str
) -> None:
    assert resolve(question, []) == Resolved(question, focus, context)

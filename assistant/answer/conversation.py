"""Follow-up questions: rewrite one that leans on earlier turns into a standalone one.

"Where is he based?" after "Who is the group's spokesman?" is resolved by
putting the person the last answer named in place of the pronoun. Pronouns
that point at things ("it", "they", "there") and elliptical questions ("and
in March?") keep their words and take the earlier question as context.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.ingest.sentences import split_sentences
from assistant.models import Answer
from assistant.text.terms import capitalised_names, content_stems, question_type

_PERSON_PRONOUN = re.compile(r"\b(he|she|him|his|her|hers)\b", re.IGNORECASE)
_OTHER_REFERENCE = re.compile(
    r"\b(it|its|they|them|their|theirs|this|that|these|those|there|then|the same)\b",
    re.IGNORECASE,
)
_ELLIPSIS = re.compile(r"^\s*(?:and|but|so|also|what about|how about|and what about)\b", re.I)
# Head words of names that are organisations or places, not people.
_NOT_PERSON = re.compile(
    r"\b(?:Department|Ministry|Agency|Party|Group|Council|Committee|State|States|Press|Times|"
    r"News|Post|University|Company|Inc|Corp|Association|Court|Army|Forces|Police|Government|"
    r"Office|Bank|Union|Nations|House|Senate|Congress|Airport|Street|City|County|Province|"
    r"Republic|Kingdom|Institute|Museum|Hospital|School|Club|Team|League|Network)\b"
)


@dataclass(frozen=True)
class Resolved:
    """A question made standalone."""

    text: str  # what retrieval searches for and what the user is shown
    focus: str  # the words the user asked (pronouns replaced)
    context: str  # earlier words it leans on, weighed less when scoring


def resolve(question: str, history: list[Answer]) -> Resolved:
    """Resolve ``question`` against the last turn of ``history``.

    Args:
        question: the question as asked.
        history: earlier answers of the conversation, oldest first.

    Returns:
        The standalone question; unchanged when it stands on its own.
    """
    question = question.strip()
    previous = _last_answered(history)
    if previous is None or not is_follow_up(question):
        return _with_preamble(question)
    earlier = previous.standalone_question or previous.question
    focus = question
    person = _person(previous) if _PERSON_PRONOUN.search(question) else None
    if person:
        focus = _PERSON_PRONOUN.sub(lambda m: _replacement(m.group(1), person), question, count=1)
    if person and not _OTHER_REFERENCE.search(focus) and not _ELLIPSIS.match(focus):
        return Resolved(focus, focus, "")  # the name makes it standalone
    return Resolved(f"{focus} (following: {earlier})", focus, earlier)


def _with_preamble(question: str) -> Resolved:
    """A question asked after a sentence that sets the scene ("Memorial Day weekend is
    upon us. Which movie is considered the first summer blockbuster?"): what is asked is
    the last sentence, and the scene is its context, as an earlier turn's question is a
    follow-up's (its words weigh less, its names must be in the article, not in the
    sentence). A last sentence that points back ("Where did this happen?") or names
    little is asked together with the scene."""
    spans = split_sentences(question, 0, len(question))  # the articles' sentence rules
    scene = [question[a:b] for a, b in spans[:-1]]
    last = question[spans[-1][0] : spans[-1][1]] if spans else question
    if (
        not scene
        or not last.rstrip().endswith("?")
        or _OTHER_REFERENCE.search(last)
        or _PERSON_PRONOUN.search(last)
        or len(content_stems(last)) < 2
    ):
        return Resolved(question, question, "")
    return Resolved(question, last, " ".join(scene))


def is_follow_up(question: str) -> bool:
    """Whether a question leans on an earlier turn."""
    own_names = [n for n in capitalised_names(question) if not _PERSON_PRONOUN.fullmatch(n)]
    if _ELLIPSIS.match(question) or len(question.split()) <= 3:
        return True
    if _PERSON_PRONOUN.search(question):
        return True
    return bool(_OTHER_REFERENCE.search(question)) and not own_names


def _last_answered(history: list[Answer]) -> Answer | None:
    for answer in reversed(history):
        if answer.answerable:
            return answer
    return history[-1] if history else None


def _person(previous: Answer) -> str | None:
    """The person a pronoun most likely means: whom the last answer named."""
    asked = previous.standalone_question or previous.question
    quotes = " ".join(c.quote for c in previous.citations)
    in_question = _people(asked)
    in_answer = [n for n in _people(quotes) if n not in in_question]
    ranked = (
        (in_answer + in_question) if question_type(asked) == "person" else (in_question + in_answer)
    )
    return ranked[0] if ranked else None


def _people(text: str) -> list[str]:
    names = [n for n in capitalised_names(text) if not _NOT_PERSON.search(n)]
    # Prefer full names (two or more words); keep first-seen order.
    full = [n for n in names if len(n.split()) >= 2]
    return list(dict.fromkeys(full + names))


def _replacement(pronoun: str, person: str) -> str:
    if pronoun.lower() in ("his", "hers"):
        return f"{person}'s"
    if pronoun.lower() == "her":
        return person  # object or possessive; the name alone reads either way
    return person

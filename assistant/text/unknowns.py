"""Sentences that say a fact is not known: "It did not say how much a dose would cost.",
"The council did not say how large it would be.", "It is not clear how many were on board."

Such a sentence shares the question's words (it names what is asked) but holds no answer:
it tells the reader the articles do not say.
"""

from __future__ import annotations

import re

_NOT = r"(?:did|does|do|would|will|could|can)\s*(?:not|n['’]t)|declined\s+to|refused\s+to"
_REPORT = r"(?:say|disclose|reveal|give|specify|confirm|explain|name|identify|comment\s+on)"
_ASKED = (
    r"(?:how|what|when|where|who|whom|whose|why|which|whether|if"
    r"|the\s+(?:price|cost|amount|number|size|value|figure|name|names|identity|terms|date|cause))"
)
_UNKNOWN = re.compile(
    rf"\b(?:{_NOT})\s+{_REPORT}\s+{_ASKED}\b"  # "did not say how large it would be"
    rf"|\b(?:is|was|are|were|remains|remained)\s+(?:(?:not|still\s+not)\s+(?:yet\s+)?"
    rf"(?:known|clear)|unclear|unknown)\s+{_ASKED}\b"  # "it was not clear how many"
    r"|\bno\s+(?:figure|figures|details|price|date|timetable|cause)\s+(?:was|were|has\s+been|"
    r"have\s+been|had\s+been)\s+(?:given|disclosed|released|announced|published)\b",
    re.IGNORECASE,
)


def says_unknown(sentence: str) -> bool:
    """Whether a sentence says that something is not known or not said."""
    return bool(_UNKNOWN.search(sentence))


_ABOUT_SAYING = re.compile(
    r"\b(?:say|said|says|tell|told|comment|commented|respond|responded|react|reacted|reply|"
    r"replied|announce|announced|explain|explained|disclose|disclosed|reveal|revealed)\b",
    re.IGNORECASE,
)


def asks_what_was_said(question: str) -> bool:
    """'What did Tessaro say?': "A Tessaro spokesman declined to say how much ..." answers it."""
    return bool(_ABOUT_SAYING.search(question))

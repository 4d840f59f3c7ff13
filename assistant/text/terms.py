"""Words, stems and figures: the lexical evidence shared by answering and checking."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been
    before being below between both but by can could did do does doing down during each
    few for from further had has have having he her here hers herself him himself his how
    i if in into is it its itself just me more most my myself no nor not now of off on once
    only or other our ours ourselves out over own same she should so some such than that
    the their theirs them themselves then there these they this those through to too under
    until up very was we were what when where which while who whom why will with would you
    your yours yourself yourselves said says say tell told according many much did does
    whose what's who's let us get got one ones thing things s t don't won't can't""".split()
)
# Words of a question that ask rather than inform.
QUESTION_WORDS = frozenset(
    "what which who whom whose when where why how many much long often does did do is are "
    "was were tell name give describe explain happen happened".split()
)

_TOKEN = re.compile(r"[A-Za-z0-9]+(?:['’][A-Za-z]+)?")

NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
    "dozen": 12,
    "dozens": 24,
    "hundreds": 200,
    "thousand": 1000,
    "thousands": 2000,
    "million": 1_000_000,
    "billion": 1_000_000_000,
}
_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
_DAYS = "monday|tuesday|wednesday|thursday|friday|saturday|sunday"
TIME_EXPRESSION = re.compile(
    rf"\b(?:{_MONTHS}|{_DAYS}|yesterday|today|tomorrow|tonight|(?:last|next|this) "
    r"(?:week|month|year|weekend)|(?:1\d|20)\d\ds?|\d{1,2}(?::\d\d)?\s?(?:a\.?m|p\.?m)\.?|"
    r"(?:days?|weeks?|months?|years?|hours?) (?:ago|earlier|later)|morning|afternoon|evening"
    r"|night|spring|summer|autumn|fall|winter|decade|century)\b",
    re.IGNORECASE,
)
NUMBER = re.compile(
    r"\b\d[\d,]*(?:\.\d+)?\b|\b(?:"
    + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))
    + r")\b",
    re.IGNORECASE,
)


@lru_cache(maxsize=1)
def _stemmer() -> Any:
    import Stemmer  # PyStemmer, a C extension, already needed by the BM25 index

    return Stemmer.Stemmer("english")


# "U.S.", "U.K.", "U.N.": one word, as news also writes them ("US", "UK", "UN").
_INITIALISM = re.compile(r"\b[A-Z](?:\.[A-Z])+\b")  # a final period may end the sentence
_COUNTRY_IN_FULL = re.compile(r"\bUnited (?:States|Kingdom)\b")

# A country, its people and its usual short name are the same place to the question
# "Which American ...?" over a report that says "US" (lower-cased word -> the country's
# word). General news usage, not any article's: the name check and the question-word
# coverage would otherwise hold "American" and "US" for different stories.
SAME_PLACE = {
    **dict.fromkeys(("american", "americans", "usa"), "america"),
    **dict.fromkeys(("british", "briton", "britons", "uk"), "britain"),
    **{
        people: country
        for country, peoples in (
            ("afghanistan", "afghan afghans"),
            ("australia", "australian australians"),
            ("brazil", "brazilian brazilians"),
            ("canada", "canadian canadians"),
            ("china", "chinese"),
            ("egypt", "egyptian egyptians"),
            ("europe", "european europeans"),
            ("france", "french"),
            ("germany", "german germans"),
            ("india", "indian indians"),
            ("iran", "iranian iranians"),
            ("iraq", "iraqi iraqis"),
            ("israel", "israeli israelis"),
            ("italy", "italian italians"),
            ("japan", "japanese"),
            ("korea", "korean koreans"),
            ("mexico", "mexican mexicans"),
            ("pakistan", "pakistani pakistanis"),
            ("palestine", "palestinian palestinians"),
            ("russia", "russian russians"),
            ("saudi", "saudis"),
            ("spain", "spanish"),
            ("syria", "syrian syrians"),
            ("turkey", "turkish"),
            ("ukraine", "ukrainian ukrainians"),
        )
        for people in peoples.split()
    },
}

_POSSESSIVE = frozenset(("'s", "’s", "'S", "’S"))


def _undotted(m: re.Match[str]) -> str:
    return m.group().replace(".", "")


def tokens(text: str) -> list[str]:
    """Lower-cased word tokens, possessive endings dropped. "U.S." and "United States"
    are the word "US", which (in capitals) is the country, not the pronoun."""
    if "." in text:
        text = _INITIALISM.sub(_undotted, text)
    if "United" in text:
        text = _COUNTRY_IN_FULL.sub(lambda m: "US" if m.group().endswith("States") else "UK", text)
    words = [t[:-2] if t[-2:] in _POSSESSIVE else t for t in _TOKEN.findall(text)]
    return ["usa" if w == "US" else w.lower() for w in words]


def plain_words(text: str) -> set[str]:
    """The words of ``text`` worth comparing by meaning: letters only, longer than two,
    not stopwords (the vocabulary an index embeds, ``index/vocabulary.py``)."""
    return {t for t in tokens(text) if t not in STOPWORDS and len(t) > 2 and t.isalpha()}


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    return str(_stemmer().stemWord(word))


def content_stems(text: str) -> list[str]:
    """Stems of the words that carry meaning (no stopwords, no question words)."""
    return [
        stem(SAME_PLACE.get(t, t))
        for t in tokens(text)
        if t not in STOPWORDS and t not in QUESTION_WORDS
    ]


# Capitalised, but a date, not a name: "on Tuesday" says when, not what about.
_DATES = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april "
    "june july august september october november december".split()
)


_NAME_RUN = re.compile(r"(?:\b[A-Z][\w'’-]*(?:\s+(?:[A-Z][\w'’-]*|(?:al|bin|de|van|von)\b))*)")


def capitalised_names(text: str) -> list[str]:
    """Runs of capitalised words not at a sentence start: a cheap stand-in for names.
    Days and months are left out."""
    names = []
    text = _INITIALISM.sub(_undotted, text)  # "U.S." is "US."
    for m in _NAME_RUN.finditer(text):
        words = [
            w
            for w in m.group().split()
            if w.lower() not in STOPWORDS
            and w.lower().removesuffix("'s").removesuffix("’s") not in _DATES
        ]
        at_start = m.start() == 0 or text[max(0, m.start() - 2) : m.start()].strip() in {
            ".",
            '"',
            "“",
        }
        if words and not (at_start and len(words) == 1):
            names.append(" ".join(words))
    return names


_MEASURE_ASKED = re.compile(
    r"\bwhat (?:is|was|are|were|will be|would be) (?:the|its|their|his|her) (?:[\w-]+ ){0,2}"
    r"(?:rate|price|cost|percentage|population|age|salary|budget|value|temperature|speed|"
    r"distance|height|length|weight)s?\b"
)


def question_type(question: str) -> str:
    """The kind of answer a question wants: count, time, person, place or other."""
    q = question.lower()
    if re.search(r"\bhow (?:many|much)\b|\bnumber of\b|\bdeath toll\b|\bwhat percent", q):
        return "count"
    if _MEASURE_ASKED.search(q):  # "What was the inflation rate in August?"
        return "count"
    if re.search(r"^\s*when\b|\bwhat (?:day|date|year|month|time)\b", q):
        return "time"
    if re.search(r"^\s*(?:who|whom|whose)\b|\bwhich (?:person|official|leader)\b", q):
        return "person"
    if re.search(r"^\s*where\b|\bwhich (?:city|country|place)\b", q):
        return "place"
    return "other"


def matches_type(kind: str, sentence: str) -> bool:
    """Whether a sentence holds the kind of thing the question asks for."""
    if kind == "count":
        return bool(NUMBER.search(sentence))
    if kind == "time":
        return bool(TIME_EXPRESSION.search(sentence))
    if kind in ("person", "place"):
        return bool(capitalised_names(sentence))
    return True


_PERIOD_WORDS = {
    **{m: ("month", m) for m in _MONTHS.split("|")[:12]},
    **{
        a: ("month", full)
        for a, full in zip(
            "jan feb mar apr jun jul aug sep oct nov dec".split(),
            _MONTHS.split("|")[:4] + _MONTHS.split("|")[5:12],
            strict=True,
        )
    },
    "sept": ("month", "september"),
    **{d: ("day", d) for d in _DAYS.split("|")},
    **{s: ("season", s) for s in ("spring", "summer", "autumn", "winter")},
}
_PERIOD = re.compile(
    r"\b(?:(?P<word>" + "|".join(sorted(_PERIOD_WORDS, key=len, reverse=True)) + r")\b\.?"
    r"|(?P<year>(?:1[89]|20)\d\d)\b(?!\s?(?:%|percent|per cent))"
    r"|(?P<relative>(?:last|this|next) (?:week|weekend|month|year))\b)",
    re.IGNORECASE,
)


def periods(text: str) -> dict[str, set[str]]:
    """The months, weekdays, seasons, years and relative periods ("last year") a text
    names, by class.

    A month or weekday counts only capitalised ("May", not "may"; "March", not "march").
    """
    found: dict[str, set[str]] = {}
    for m in _PERIOD.finditer(text):
        if m.group("year"):
            found.setdefault("year", set()).add(m.group("year"))
            continue
        if m.group("relative"):
            found.setdefault("relative", set()).add(m.group("relative").lower())
            continue
        word = m.group("word")
        kind, value = _PERIOD_WORDS[word.lower()]
        if kind in ("month", "day") and not word[0].isupper():
            continue
        found.setdefault(kind, set()).add(value)
    return found


def other_period(asked: dict[str, set[str]], text: str) -> bool:
    """Whether ``text`` is about another period than the one asked: it names a month,
    weekday, season or year of a class the question names, and none the question names
    ("in summer" asked, "in winter" said; "in August" asked, "in October" said)."""
    said = periods(text)
    return any(said.get(kind) and not said[kind] & values for kind, values in asked.items())


_NAME_WORDS = r"(?:[A-Z][\w'’&-]*\s+(?:(?:of|for|and|the|de|al)\s+)?){0,5}[A-Z][\w'’&-]*"
_SHORT = r"[A-Z][A-Za-z0-9&.-]*[A-Z0-9][A-Za-z0-9&-]*"
# "the Islamic State Khorasan, or ISIS-K"; "the World Health Organization (WHO)"
_ALIAS = re.compile(
    rf"(?P<long>{_NAME_WORDS}),?\s+(?:or|also known as|known as)\s+(?P<short>{_SHORT})\b"
    rf"|(?P<long2>{_NAME_WORDS})\s+\((?P<short2>{_SHORT})\)"
)


def aliases(text: str) -> list[tuple[str, str]]:
    """(short name, long name) pairs a text defines, as news introduces an acronym: "the
    Islamic State Khorasan, or ISIS-K", "the World Health Organization (WHO)". A short
    name is one word with two capitals or more; the long name has two words or more."""
    out = []
    for m in _ALIAS.finditer(text):
        long, short = (m["long"], m["short"]) if m["long"] else (m["long2"], m["short2"])
        if len(long.split()) >= 2 and sum(ch.isupper() for ch in short) >= 2:
            out.append((short, long))
    return out

"""Figures stated by a sentence: a number, what it counts, and what happened to them.

A figure is a number as news writes it (``assistant.text.numbers``: words,
scales, currencies, ranges, hedges), the thing it counts (the noun phrase after
it: "people", "Shiite Muslims", "US military personnel", "dollars") and its
predicate, what is said of them ("killed", "injured", "killed or injured",
"evacuated"), read from the verb after it ("70 people were killed"), before it
("killed 46 Shiite Muslims", "injuring nine workers"), or shared with the figure
it is listed with ("killed 170 civilians and 13 troops"). "Three of the
injured" is a part of a count, not a count. Years, dates, times and ordinals
are not figures.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from assistant.text.numbers import CURRENCY_WORDS, Number, numbers
from assistant.text.terms import stem

# Words said of counted people, by the predicate they state (news's usual wordings).
_FAMILIES = {
    "killed": "kill die dead death deaths fatal fatality fatalities bodies",
    "injured": "injur injuri wound hurt treated hospitalised",  # ("hospitalized": "hospital")
    "killed or injured": "casualti",
    "evacuated": "evacu displac",
    "arrested": "arrest detain",
    "missing": "missing unaccount",
    "escaped": "escap",
    "took part": "particip join attend",
}
_FAMILY = {stem(w): name for name, words in _FAMILIES.items() for w in words.split()}
_IRREGULAR = "died|dead|hurt|fled|missing|left|lost|held|taken|struck|slain"
# Two-word predicates and their kinds: "5,000 people took part", "17 inmates got out".
_PHRASES = {"took part": "took part", "turned out": "took part"}
_PHRASES |= {"got out": "escaped", "broke out": "escaped"}
# People held who leave, flee or walk out have escaped: "20 prisoners had left the wing".
_HELD = [[w] for w in "prisoners inmates detainees convicts prisoner inmate detainee".split()]
_LEAVING = frozenset(("left", "fled", "walked out"))
_PHRASE = "|".join(p.replace(" ", r"\s+") for p in _PHRASES)
# a whole word: "in intensive care" holds no verb "inten"
_VERB = rf"(?!(?:been|being)\b)(?:{_PHRASE}|[a-z]+(?:ed|en)|{_IRREGULAR}|[a-z]+ing)(?![\w'’-])"
_AUX = r"(?:were|was|are|is|have|has|had|been|being|got|reportedly|also|later|all|now|still|"
_AUX += r"remain|remains|remained|"
_AUX += r"believed|thought|said|feared|reported|confirmed|presumed|known|to have been|to be)"
_AFTER = re.compile(
    r"^(?:\s+of\s+[\w'’-]+(?:\s+[\w'’-]+){0,2}?)?"  # "40,000 tonnes of wheat were lost"
    rf"\s*(?:{_AUX}\s+)*(?P<verb>{_VERB})(?:\s+(?:or|and)\s+(?P<also>{_VERB}))?"
    r"(?P<homes>\s+to\s+(?:leave|flee)\s+(?:their\s+)?homes?|\s+from\s+their\s+homes?)?",
    re.IGNORECASE,
)
_BEFORE = re.compile(
    rf"\b(?P<verb>{_VERB})(?:\s+(?:or|and)\s+(?P<also>{_VERB}))?\s+(?:a total of\s+)?$"
    r"|\b(?P<toll>death toll|casualties)\b[^.;,]{0,60}?\b(?:to|of|at|was|is|stood at|reached)\s+$",
    re.IGNORECASE,
)
# Words that end the counted noun phrase: verbs, function words, and predicates.
_STOP = (
    r"(?:were|was|are|is|be|been|have|has|had|and|or|but|in|of|at|on|by|from|to|with|for|who|"
    r"that|which|the|a|an|than|as|said|says|say|told|when|after|before|while|since|into|dead|"
    r"more|others|other|each|per|across|over|under|about|according|during|last|this|these)"
)
_PLAIN = rf"(?!{_STOP}\b)[A-Za-z][\w'’-]*(?:\.[A-Za-z]+)*(?![\w'’-])"
# A word ending in -ed or -ing is a verb, unless a noun follows ("two neighbouring terminals";
# not an adverb: "One miner died shortly after").
_NOUN = re.compile(
    rf"\s+(?P<word>{_PLAIN})(?:(?<!ed)(?<!ing)|(?=\s+{_PLAIN}(?<!ed)(?<!ing)(?<!ly)))",
    re.IGNORECASE,
)
# A plural ("residents", "Afghans"), or a word that is one ("people"), ends what is counted.
_ENDS_NOUN_PHRASE = re.compile(
    r"(?:[a-z]{2}s|^(?:people|personnel|police|staff|children|men|women|cattle|yuan|"
    r"youths?))$"
)
_OF_NOUN = re.compile(r"^\s+of(?P<rest>\s+(?!the\b|them\b|those\b|these\b)\w)", re.IGNORECASE)
_PARTITIVE = re.compile(r"^\s+of\s+(?:the|them|those|these|us|whom)\b", re.IGNORECASE)
_MORE = re.compile(r"^\s+(?:more|others|other)\b", re.IGNORECASE)
# A word between a number and what it counts: "Three other guards", "five more bodies".
_EXTRA = re.compile(rf"\s+(?:other|more|additional|further|extra)(?=\s+{_PLAIN})", re.IGNORECASE)
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_NOT_A_COUNT_BEFORE = re.compile(rf"(?:\b{_MONTH}\s*|\bno\.\s*|#)$", re.IGNORECASE)
_NOT_A_COUNT_AFTER = re.compile(
    rf"^(?:st|nd|rd|th)\b|^\s*(?:a\.?m\b|p\.?m\b|o'clock|:\d)|^\s+{_MONTH}(?:\s|$)", re.IGNORECASE
)
# "162 destroyed homes", "four wounded guards": what is said of them, written before them.
_PARTICIPLE = re.compile(r"^(?P<verb>[a-z]{3,}ed|missing)\s+(?P<rest>[a-z].*)$")
_YEAR = re.compile(r"^(?:1[89]|20)\d\d$")
_LIST_JOINT = re.compile(r"^\s*(?:,\s*(?:and\s+)?|and\s+|as well as\s+)$", re.IGNORECASE)
_PERCENT = re.compile(r"^\s*(?:%|per\s?cent\b|percent\b)", re.IGNORECASE)


@dataclass(frozen=True)
class Figure:
    """A number stated by one sentence, with what it counts and what is said of it."""

    value: float
    low: float  # the least value it allows, given its qualifier ("more than 70": 70)
    high: float  # the greatest ("more than 70": infinity)
    text: str  # as written, with its qualifier: "more than 70"
    qualifier: str  # "more than"; "" when exact
    counted: str  # what it counts: "people", "Shiite Muslims", "dollars"; "" when unsaid
    predicate: str  # what is said of them, as written: "killed", "wounded", "injured or killed"
    kind: str  # the predicate's kind: "killed" for "died", "killed or injured", "evacuated"
    part: bool  # "Three of the injured": a part of a count, not a count
    phrase: str  # the figure with the words it counts: "more than 70 people"
    start: int
    end: int  # one past the counted words


def figures(sentence: str) -> list[Figure]:
    """The figures of a sentence, in order; years, dates, times and ordinals left out."""
    return list(_figures(sentence))


@lru_cache(maxsize=8192)  # the same sentences are read again for every question
def _figures(sentence: str) -> tuple[Figure, ...]:
    out: list[Figure] = []
    for n in numbers(sentence):
        if _not_a_count(sentence, n):
            continue
        out.append(_figure(sentence, n, out[-1] if out else None))
    return tuple(out)


def _not_a_count(sentence: str, n: Number) -> bool:
    if _YEAR.match(n.text) or _NOT_A_COUNT_AFTER.search(sentence[n.end :]):
        return True
    return bool(_NOT_A_COUNT_BEFORE.search(sentence[: n.start]))


def _figure(sentence: str, n: Number, previous: Figure | None) -> Figure:
    rest = sentence[n.end :]
    part = bool(_PARTITIVE.match(rest))
    counted, length = _counted(rest, n)
    if not counted and previous and _MORE.match(rest):
        counted = previous.counted  # "killed 46 Shiite Muslims and wounded dozens more"
        length = _MORE.match(rest).end()  # type: ignore[union-attr]
    end = n.end + length
    after = _predicate_after(sentence[end:])
    predicate = after or _predicate_before(sentence[: n.start])
    if counted and " " not in counted and stem(counted.lower()) in _FAMILY:
        predicate, counted = counted.lower(), ""  # "12 deaths", "40 injuries"
    if not predicate and previous and _LIST_JOINT.match(sentence[previous.end : n.start]):
        predicate = previous.predicate  # "killed 170 civilians and 13 American troops"
    # "162 destroyed homes"; "four wounded guards were taken to hospital"; but "the wife
    # of one injured officer" names a person, it does not count the injured.
    if (
        (m := _PARTICIPLE.match(counted))
        and n.value != 1
        # a verb before the number is what someone did with the count ("listed 57
        # flooded farms"), unless it is a family's ("killed 12 armed men"); a verb after
        # it yields only to a word of a family
        and (_in_family(m["verb"]) or not _in_family(after or predicate))
        and (not after or _in_family(m["verb"]))
    ):
        predicate, counted = m["verb"].lower(), m["rest"]
    kind = kind_of(predicate)
    if kind in _LEAVING and counted.lower().split()[-1:] in _HELD:
        kind = "escaped"  # "between 20 and 25 prisoners had left the east wing"
    return Figure(
        value=n.value,
        low=n.low,
        high=n.high,
        text=n.text,
        qualifier=n.qualifier,
        counted=counted,
        predicate=predicate,
        kind=kind,
        part=part,
        phrase=sentence[n.start : end].strip(),
        start=n.start,
        end=end,
    )


def _counted(rest: str, n: Number) -> tuple[str, int]:
    """What a number counts, and how many characters after it say so."""
    if m := _PERCENT.match(rest):
        return "percent", m.end()
    words: list[str] = []
    pos = 0
    if extra := _EXTRA.match(rest):  # "Three other guards", "five more bodies"
        pos = extra.end()
    if vague := _OF_NOUN.match(rest, pos):  # "dozens of people", "tens of thousands of people"
        pos = vague.end() - len(vague["rest"])
    while len(words) < 4 and (m := _NOUN.match(rest, pos)):
        words.append(m["word"])
        pos = m.end()
        if _ENDS_NOUN_PHRASE.search(m["word"]) or m["word"].lower() in CURRENCY_WORDS:
            break  # "residents fled": a plural noun ends the phrase
    hyphen = re.match(r"^-(?P<word>[A-Za-z]+)", rest)  # "a 14-month inquiry"
    if hyphen and not words:
        return hyphen["word"], hyphen.end()
    currency = next((CURRENCY_WORDS[w.lower()] for w in words if w.lower() in CURRENCY_WORDS), "")
    if n.currency or currency:
        return n.currency or currency, pos if currency else 0
    return " ".join(words), pos


def _predicate_after(text: str) -> str:
    """'were killed', 'were injured or killed', 'died', 'were forced to leave their homes'."""
    m = _AFTER.match(text)
    if not m:
        return ""
    if re.match(r"\s*lost\s+their\s+lives\b", text[m.start("verb") :], re.IGNORECASE):
        return "died"  # "44 people lost their lives"
    if re.match(r"\s*unaccounted\s+for\b", text[m.start("verb") :], re.IGNORECASE):
        return "unaccounted for"
    if m["homes"]:
        return " ".join(f"{m['verb']}{m['homes']}".lower().split())
    return _predicate(m["verb"], m["also"])


def _predicate_before(text: str) -> str:
    """'killed 46', 'injuring nine', 'the death toll rose to 46'."""
    m = _BEFORE.search(text)
    if not m:
        return ""
    if m["toll"]:
        return m["toll"].lower()  # "death toll" (its kind: killed), "casualties"
    return _predicate(m["verb"], m["also"])


_REPORTING = frozenset(
    "reported estimated confirmed announced stated noted added recorded counted claimed put "
    "listed registered "
    "gave given believed cited quoted including included following according during".split()
)


def _predicate(verb: str, also: str | None) -> str:
    """The predicate as written, in its past form: 'injuring' -> 'injured'."""
    if verb.lower() in _REPORTING:
        return ""
    return " or ".join(_past(w) for w in (verb, also) if w)


def _past(verb: str) -> str:
    word = verb.lower()
    if word in ("dying", "missing", "remaining"):
        return {"dying": "died"}.get(word, word)
    return word[:-3] + "ed" if word.endswith("ing") else word


def kind_of(predicate: str) -> str:
    """The kind of a predicate: 'wounded' -> 'injured', 'injured or killed' -> 'killed or
    injured', 'forced to leave their homes' -> 'evacuated'; other words as they are."""
    if not predicate:
        return ""
    if "homes" in predicate:
        return "evacuated"
    kinds = {_kind_of_words(w) for w in predicate.lower().split(" or ")}
    if {"killed", "injured"} <= kinds or "killed or injured" in kinds:
        return "killed or injured"
    return " or ".join(sorted(kinds))


def _in_family(predicate: str) -> bool:
    return any(stem(w) in _FAMILY for w in predicate.lower().split())


def _kind_of_words(words: str) -> str:
    """'died' -> 'killed'; 'death toll' -> 'killed' (its first word of a family)."""
    if (phrase := " ".join(words.lower().split())) in _PHRASES:
        return _PHRASES[phrase]
    return next((_FAMILY[stem(w)] for w in words.split() if stem(w) in _FAMILY), words)

"""Disagreeing figures: reports that count the same thing differently, each with its source.

Only like is compared with like. A figure (``assistant.text.figures``) takes
part when it answers the question: it says of its people what the question asks
("killed" for "How many people were killed?"; "killed or injured" is a wider
count, shown beside a death toll but never as one of its sides) and counts what
the question counts (troops are not the Afghans asked about; a count of
"people" may be any of them). Figures of the same kind of thing are then
compared by the values their qualifiers allow: "46" and "more than 70" cannot
both be true (a conflict); "more than 160" and "roughly 170" can (they differ
in precision); equal figures agree. The same figure with a different fate ("13
American troops killed" and "13 US military personnel injured") is a conflict
too. A part of a count ("Three of the injured") is never a side.

Every side names its source: the sentence's own attribution ("according to
the AP", "Hashemi said", completed from the sentences before it), else the
article's outlet (metadata), else its title.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from assistant.models import Conflict, ConflictKind, ConflictValue
from assistant.text.attribution import attribution, identified, introduced
from assistant.text.figures import Figure, figures
from assistant.text.numbers import CURRENCY_WORDS
from assistant.text.spacing import one_line

_GENERIC = frozenset("people persons person individuals victims those others".split())
_MILITARY = frozenset(
    "troops soldiers personnel servicemen servicemembers marines sailors airmen police "
    "policemen officers guards militants fighters".split()
)
# Words news uses for one class of counted things: "17 inmates" and "20 prisoners".
_SAME_CLASS = {"inmate": "prisoner", "detainee": "prisoner", "convict": "prisoner", "house": "home"}
_OF_PEOPLE = frozenset({"killed", "injured", "killed or injured", "evacuated"})
_TOPICS = {"killed": "the death toll", "killed or injured": "the number killed or injured"}
_TOPICS |= {"took part": "the number who took part", "escaped": "the number who escaped"}
_TITLE_WORDS = 8  # a title named as a source is cut to this many words
_CURRENCIES = frozenset(CURRENCY_WORDS.values())
_YEARS = re.compile(r"\b(?:1[89]|20)\d\d\b")
# "How much did the damage cost?", "How much will the state pay?": a sum of money is asked.
_MONEY_ASKED = re.compile(
    r"\bhow\s+much\b.*\b(?:cost|costs|pay|paid|spend|spent|worth|price|charge|fine|fined|owe|"
    r"owed|raise|raised|budget|money|fund|funding|compensation|damage|losses|lose|lost|earn|"
    r"earned|invest|invested|sell|sold|buy|bought)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Report:
    """A candidate answer sentence, with what tells who gave its figures."""

    text: str
    before: tuple[str, ...] = ()  # the sentences before it in its article, nearest last
    title: str = ""  # its article's title: the source when the sentence and outlet do not say
    outlet: str = ""  # its article's publisher, when known: the source when the sentence names none
    date: str = ""  # its article's date (YYYY-MM-DD), when known
    far: bool = False  # a few sentences from the question's names: a side, never a wider count
    after: tuple[str, ...] = ()  # the sentences after it in its article, nearest first


@dataclass(frozen=True)
class Side:
    sentence: int  # index of the report
    figure: Figure
    source: str  # who gives it; "" when unknown
    date: str = ""  # when its report was published, when known


@dataclass(frozen=True)
class Disagreement:
    topic: str
    kind: ConflictKind
    sides: list[Side]
    related: list[Side] = field(default_factory=list)  # wider counts shown beside it


@dataclass(frozen=True)
class _Asked:
    predicate: str  # the kind of predicate asked about ("killed"), "" when none
    kind: str  # the class of what is counted ("people", "military", a noun's stem)
    generic: bool  # "people": any class of people may answer
    part: bool = False  # "How many of the injured ...": a part of a count is asked


def disagreements(reports: Sequence[Report | str], question: str) -> list[Disagreement]:
    """Figures that count the same thing differently across ``reports``.

    Args:
        reports: candidate answer sentences (best first), with their context.
        question: the (standalone) question: what it counts and what it asks of them.

    Returns:
        One disagreement per counted thing, each with one side per sentence.
    """
    asked = _asked(question, worded=True)
    if asked is None:
        return []
    items = [r if isinstance(r, Report) else Report(r) for r in reports]
    asked_years = set(_YEARS.findall(question))
    # A sentence may give two sources' figures ("140, the ministry said, but volunteers
    # counted 162"): a side is a sentence's figure by one source.
    groups: dict[tuple[str, str], dict[tuple[int, str], Figure]] = {}
    wider: list[tuple[int, Figure]] = []
    for i, report in enumerate(items):
        if set(_YEARS.findall(report.text)) - asked_years:
            continue  # "the worst since 2011, when 67 people died": another time's figure
        for written in figures(report.text):
            fig = _elided(written, report)  # compared as "four guards", shown as written
            if fig.part or not _counts_what_is_asked(fig, asked):
                continue
            # A sum is a sum whatever verb gives it ("put the cost at", "losses of").
            key = ("" if asked.kind == "money" else fig.kind, _class(fig)[0])
            if _wider(fig, asked):
                if not report.far:
                    wider.append((i, fig))
            elif key[0] == asked.predicate or not asked.predicate:
                groups.setdefault(key, {}).setdefault((i, source_of(report, fig)), written)
    found = []
    for (_, kind), sides in groups.items():
        if kind == "money":  # sums of one thing differ by less than tenfold: "$48" is a price
            first = next(iter(sides.values())).value
            sides = {k: f for k, f in sides.items() if first / 10 <= f.value <= first * 10}
        verdict = _verdict(list(sides.values()))
        # Reports differ only when there are two reporters: figures of one source (one
        # article's own voice) count different things ("76 ha", "43 ha" for two parks).
        sources = {source or f"report {i}" for i, source in sides}
        if len(sides) >= 2 and verdict and len(sources) >= 2:
            taken = {i for i, _ in sides}
            related = [(i, f) for i, f in wider if _class(f)[0] == kind and i not in taken]
            listed = [(i, f) for (i, _), f in sorted(sides.items(), key=lambda s: s[0])]
            found.append(_disagreement(items, asked, verdict, listed, related))
    return found + _fates(items, asked)


_OTHER_BEFORE = re.compile(r"\b(?:the\s+)?(?:other|remaining)\s+$", re.IGNORECASE)


def _elided(fig: Figure, report: Report) -> Figure:
    """'One guard died. The other four are being treated': "the other four" counts what
    the sentence before counted (to compare it; the answer shows it as written, since the
    sentence it quotes does not say "guards")."""
    if fig.counted or not report.before or not _OTHER_BEFORE.search(report.text[: fig.start]):
        return fig
    earlier = figures(report.before[-1])
    if not earlier or not earlier[-1].counted:
        return fig
    counted = earlier[-1].counted  # "One guard died": the other four are guards
    if earlier[-1].value == 1 and fig.value != 1:
        counted = _PLURALS.get(counted, counted if counted.endswith("s") else f"{counted}s")
    return replace(fig, counted=counted)


_PLURALS = {"person": "people", "child": "children", "man": "men", "woman": "women"}


_YES_NO = re.compile(
    r"\s*(?:is|are|was|were|did|do|does|has|have|had|will|would|can|could|should)\b",
    re.IGNORECASE,
)


def _asked(question: str, *, worded: bool = False) -> _Asked | None:
    """What the question counts and asks of it, read as a figure: 'How many people were
    killed' is read as '1 people were killed'. ``worded``: also "the number of ..." and
    "the death toll" (which figures to compare; not to mark sentences down: "Polish
    civilian deaths are estimated at 150,000" names no predicate the toll could check)."""
    if _MONEY_ASKED.search(question):
        return _Asked("", "money", False)
    if worded and re.search(r"\bdeath toll\b", question, re.IGNORECASE):
        question = "How many people were killed?"  # "What is the death toll?"
    ask = r"how\s+(?:many|much)|(?:the\s+)?number\s+of" if worded else r"how\s+(?:many|much)"
    m = re.search(rf"\b(?:{ask})\b(.*)", question, re.IGNORECASE)
    if not m and not _YES_NO.match(question):
        # "Which holiday is celebrated by millions of people?": a figure the question
        # gives is not what it asks ("Were the 13 troops killed or injured?" asks it).
        return None
    probe = f"1 {m[1]}" if m else question
    for fig in figures(probe):
        if fig.predicate or fig.counted:
            kind, generic = _class(fig)
            return _Asked(fig.kind, kind, generic, fig.part)
    return None


# Not "took part" or "escaped": news words them too many ways ("tested on 2,400
# children", "fled the jail") to mark down a sentence that words them otherwise (measured:
# newsdev lost an answer).
_NEWS_COUNTS = frozenset(
    {
        "killed",
        "injured",
        "killed or injured",
        "evacuated",
        "arrested",
        "missing",
        "rescued",
        "affected",
    }
)


def count_check(question: str) -> Callable[[str], bool] | None:
    """For a question that asks news's usual counts (the killed, injured, evacuated,
    arrested; a sum of money): whether a sentence gives such a figure. None for other
    questions: their figures are not read well enough to judge.

    "How many people were killed in the protest?" is not answered by "Police arrested
    112 people"; "How much did the renovation cost?" not by "a four-year renovation".
    """
    asked = _asked(question)
    if asked is None or (asked.predicate not in _NEWS_COUNTS and asked.kind != "money"):
        return None
    kind = asked

    # "killed or injured?": either answers. A sum of money asks no predicate: a figure
    # with none ("About 300 households will give up land") is not one.
    parts = [p for p in asked.predicate.split(" or ") if p]

    def gives(sentence: str) -> bool:  # a part ("Three of the injured") when one is asked
        return any(
            (not f.part or asked.part) and (_counts_what_is_asked(f, kind) or f.kind in parts)
            for f in figures(sentence)
        )

    return gives


def counted_words(question: str) -> str:
    """The words of a question that say what it counts and what happened to them
    ("people died" in "How many people died when the ferry capsized?")."""
    m = re.search(r"\bhow\s+(?:many|much)\b(.*)", question, re.IGNORECASE)
    if not m:
        return ""
    return " ".join(f"{f.counted} {f.predicate}" for f in figures(f"1 {m[1]}")[:1])


def _class(fig: Figure) -> tuple[str, bool]:
    """The class of what a figure counts, and whether it is any people at all."""
    if fig.counted in _CURRENCIES:
        return "money", False
    words = fig.counted.lower().split()
    head = words[-1] if words else ""
    if not head or head in _GENERIC:
        return "people", True
    if (
        head in _MILITARY
        or f"{head}s" in _MILITARY
        or fig.counted.lower().endswith(("service members", "service member"))
    ):
        return "military", False
    if fig.kind in _OF_PEOPLE:
        return "people", False
    head = head.rstrip("s")
    return _SAME_CLASS.get(head, head), False


def _counts_what_is_asked(fig: Figure, asked: _Asked) -> bool:
    kind, _ = _class(fig)
    if asked.kind != kind and not (asked.generic and kind == "military"):
        return False
    # A count of people is about an event: its predicate must be the one asked about.
    predicate = fig.kind
    if asked.kind in ("people", "military"):
        return predicate == asked.predicate or _wider(fig, asked)
    return not asked.predicate or predicate in ("", asked.predicate)


def _wider(fig: Figure, asked: _Asked) -> bool:
    """'killed or injured' beside a question about the killed."""
    predicate = fig.kind
    return predicate != asked.predicate and asked.predicate in predicate.split(" or ")


def _verdict(figs: list[Figure]) -> ConflictKind | None:
    """'conflict' when two figures cannot both be true, 'precision' when they only differ."""
    for a in figs:
        for b in figs:  # sums in two currencies differ, but by how much is not said
            if a.counted != b.counted and {a.counted, b.counted} <= _CURRENCIES:
                return "conflict"
            if a.high < b.low:
                return "conflict"
    if len({(f.low, f.high) for f in figs}) > 1:
        return "precision"
    return None


def _disagreement(
    items: list[Report],
    asked: _Asked,
    verdict: ConflictKind,
    sides: list[tuple[int, Figure]],
    related: list[tuple[int, Figure]],
) -> Disagreement:
    sides = _distinct(items, sides)
    figure = sides[0][1]
    predicate = figure.kind
    topic = ("the amount" if figure.counted in _CURRENCIES else _TOPICS.get(predicate)) or (
        f"the number {predicate}" if predicate else f"the number of {figure.counted}"
    )
    return Disagreement(
        topic=topic,
        kind=verdict,
        sides=[Side(i, f, source_of(items[i], f), items[i].date) for i, f in sides],
        related=[Side(i, f, source_of(items[i], f), items[i].date) for i, f in related[:1]],
    )


def _distinct(items: list[Report], sides: list[tuple[int, Figure]]) -> list[tuple[int, Figure]]:
    """One side per figure: the same value from several reports is listed once, from the
    report that names its source in the sentence when one does."""
    out: dict[tuple[float, float, str], tuple[int, Figure]] = {}
    for i, f in sides:
        key = (f.low, f.high, f.counted if f.counted in _CURRENCIES else "")
        if key not in out or (
            not attribution(items[out[key][0]].text, out[key][1].start)
            and attribution(items[i].text, f.start)
        ):
            out[key] = (i, f)
    return sorted(out.values(), key=lambda s: s[0])


def _fates(items: list[Report], asked: _Asked) -> list[Disagreement]:
    """The same number of the same people, killed in one report and injured in another."""
    if asked.predicate not in _OF_PEOPLE:
        return []
    seen: dict[tuple[float, str], dict[str, tuple[int, Figure]]] = {}
    for i, report in enumerate(items):
        for fig in figures(report.text):
            kind, generic = _class(fig)
            fate = fig.kind
            if fig.qualifier or fig.part or generic or fate not in ("killed", "injured"):
                continue
            if asked.kind != kind and not (asked.generic and kind == "military"):
                continue
            seen.setdefault((fig.value, kind), {}).setdefault(fate, (i, fig))
    out = []
    for by_fate in seen.values():
        if len(by_fate) == 2 and len({i for i, _ in by_fate.values()}) == 2:
            sides = sorted(by_fate.values(), key=lambda s: s[0])
            first = sides[0][1]
            out.append(
                Disagreement(
                    topic=f"whether {first.phrase} were killed or injured",
                    kind="conflict",
                    sides=[Side(i, f, source_of(items[i], f), items[i].date) for i, f in sides],
                )
            )
    return out


def source_of(report: Report, fig: Figure) -> str:
    """Who gives a figure: the sentence's attribution, else its article's outlet, else
    its title."""
    source = attribution(report.text, fig.start) or _speaker_before(report)
    if source:
        return identified(introduced(source, list(report.before)), list(report.after))
    if report.outlet:
        return report.outlet
    words = report.title.split()
    if not words:
        return ""
    cut = " ".join(words[:_TITLE_WORDS]) + (" …" if len(words) > _TITLE_WORDS else "")
    return f"“{cut}”"


_PRONOUN_SAID = re.compile(r"\b(?:he|she)\s+(?:said|says|added|told)\b", re.IGNORECASE)


def _speaker_before(report: Report) -> str:
    """'..., she said.' after a quote opened by a named speaker ("Dr Sofia Lindqvist told
    the Advertiser ... 'One guard died.'"): the nearest named speaker of the sentences
    before (at most three)."""
    if not _PRONOUN_SAID.search(report.text):
        return ""
    for sentence in reversed(report.before[-3:]):
        if (source := attribution(sentence)) and source[:1].isupper():
            return source
    return ""


def conflict(found: Disagreement, marker_of: Callable[[int], int]) -> Conflict:
    """The answer's record of a disagreement.

    Args:
        found: the disagreement.
        marker_of: the citation marker of the sentence with index ``i`` (it may cite it).
    """
    return Conflict(
        topic=found.topic,
        kind=found.kind,
        values=[_value(s, marker_of) for s in found.sides],
        related=[_value(s, marker_of) for s in found.related],
    )


def _value(side: Side, marker_of: Callable[[int], int]) -> ConflictValue:
    f = side.figure
    return ConflictValue(  # one line each, however the article's text is wrapped
        value=one_line(f.text),
        marker=marker_of(side.sentence),
        qualifier=one_line(f.qualifier),
        counted=one_line(f.counted),
        predicate=one_line(f.predicate),
        attribution=one_line(side.source),
        date=side.date,
    )

"""Who gives a figure: the source a sentence attributes it to, as news writes it.

"..., according to the AP.", "According to US officials, ...", "Hashemi said
...", "..., the harbour authority said on Thursday.", "..., said Hashemi.",
"X told The New York Times". A short name ("Hashemi") is completed from the
sentences before it when they introduce the person ("Sayed Ahmad Shah Hashemi,
a Shiite community leader in Afghanistan, told The New York Times.").
"""

from __future__ import annotations

import re
from functools import lru_cache

_SAID = r"(?:said|says|told|reported|noted|estimated|announced|confirmed|stated|added|counted)"
_SOURCE_WORD = r"[A-Za-z][\w'’&.-]*"
_ACCORDING = re.compile(
    rf"\baccording to\s+(?P<source>(?:{_SOURCE_WORD})(?:\s+{_SOURCE_WORD}){{0,6}}?)"
    r"(?=\s*(?:[,.;:)?]|$|\s+(?:that|who|which|when|and|in|on|as)\b))",
    re.IGNORECASE,
)
# "the harbour authority said", "Hashemi said", "Shiite religious leaders ... the AP reported"
_SUBJECT_SAID = re.compile(
    rf"(?P<source>(?:\b[Tt]he\s+)?(?:{_SOURCE_WORD}\s+){{0,7}}?{_SOURCE_WORD})\s+"
    rf"(?:has\s+|had\s+|have\s+)?{_SAID}\b(?P<to>\s+(?:the\s+)?[A-Z][\w.]*(?:\s+[A-Z][\w.]*)*)?"
)
_SAID_SUBJECT = re.compile(
    rf",\s*(?!told){_SAID}\s+(?P<source>(?:the\s+)?[\w'’.-]+(?:\s+[\w'’.-]+){{0,5}}?)(?=\s*[,.;]|$)"
)
# "..., the town's mayor, Ines Vidal, told the Kellerton Courier": a named person in apposition
_NAMED_SAID = re.compile(
    r"(?:(?P<role>\b(?:the|a|an)\s[^,]{3,60}),\s+)?"
    r"(?P<name>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){1,3}),\s+"
    rf"(?P<verb>{_SAID})\b(?P<to>\s+(?:the\s+)?[A-Z][\w.]*(?:\s+[A-Z][\w.]*)*)?"
)
# "Jonas Amara, a fisherman from Kiri Island who pulled eleven people out, said": a named
# person with a role in apposition after the name
_NAME_ROLE_SAID = re.compile(
    r"(?P<name>\b[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){1,3}),\s+"
    r"(?P<role>(?:a|an|the)\s[^,;]{3,120}?),\s+"
    rf"(?P<verb>{_SAID})\b(?P<to>\s+(?:the\s+)?[A-Z][\w.]*(?:\s+[A-Z][\w.]*)*)?"
)
# "which the Transport Ministry puts at 1.9 billion euros ($2.3bn)": who puts a figure at
# a value (the bracketed conversion too)
_PUTS_AT = re.compile(
    r"(?P<source>\b(?:[Tt]he\s+)?(?:[A-Z][\w'’&.-]*\s+){0,4}[A-Z][\w'’&.-]*|\b[Tt]he\s+[a-z]+)"
    r"\s+(?:puts?|putting|(?:has|had|have)\s+put)\s+(?:[\w'’-]+\s+){0,5}?at\s+"
    r"(?:[^()]{1,40}\(\s*)?$"
)
# "far more than the 212 listed on the manifest": a document that gives the figure
_DOCUMENT = re.compile(
    r"^[\w.,$£€¥-]+(?:\s+[\w'’-]+){0,3}?\s+(?:listed|recorded|registered|named)\s+(?:on|in)\s+"
    r"(?P<source>(?:the|its|their|an|a|official)\s+(?:[\w'’-]+\s+){0,2}?"
    r"(?:manifest|list|register|records?|roll|database|census|logs?))\b"
)
# "the Transport Ministry's estimate of 2.3 billion dollars", "the ministry's statement that"
_WHOSE = re.compile(
    r"(?P<source>\b(?:[Tt]he\s+)?(?:[A-Z][\w&.-]*\s+){0,5}[A-Z][\w&.-]*|\b[Tt]he\s+[a-z]+)"
    r"['’]s?\s+(?:own\s+|official\s+|earlier\s+|latest\s+|initial\s+)?"
    r"(?:statement|estimate|figure|count|tally|claim|report|forecast|assessment|calculation|"
    r"projection|account|toll)s?\b"
)
# "A rights group has accused police ..., saying that more than 200 ...": the subject
# of the sentence gives what its participle clause says.
_SAYING = re.compile(
    r"^(?P<source>(?:(?:The|A|An)\s+)?(?:[\w'’&.-]+\s+){0,5}?[\w'’&.-]+)\s+"
    r"(?:(?:has|have|had)\s+)?[a-z]+ed\b[^;]*?,\s+"
    r"(?P<verb>saying|adding|claiming|estimating|warning|noting|insisting)\b"
)
# A relative clause between commas; it may hold a figure's comma ("2,000").
_CLAUSE = r"(?:[^,;]|,(?=\d)){1,120}"
_RELATIVE = re.compile(rf",\s+(?:who|whose|which|where)\b{_CLAUSE},(?=\s+{_SAID}\b)")
# Sources news names by a common noun; capitalised only at the start of a sentence.
_COMMON_SOURCES = frozenset(
    "officials police authorities witnesses residents analysts doctors medics rescuers "
    "activists organisers organizers investigators experts".split()
)
_CLAUSE_START = re.compile(r"[,;:\"“”]\s*|\bthat\s+|\band\s+|\bbut\s+|\bwhile\s+")
# "volunteers from the Velmora Mountain Rescue group", "doctors at the Kabul hospital"
_PEOPLE_OF = re.compile(r"^[a-z]+(?:\s+[a-z]+)?\s+(?:from|of|at|with|for)\s+(?:the\s+)?[A-Z]")
_NOT_A_SOURCE = frozenset(
    "it he she they this that which who what there were was is are be been being".split()
)
# Words that open a sentence by linking it to the one before: not part of a source.
_CONNECTIVES = frozenset("But And Yet So Still Meanwhile However Also Instead".split())
# "the statement said", "the group said": a source only with words that say which one
_VAGUE_SOURCE = frozenset("statement group attack".split())


@lru_cache(maxsize=8192)  # the same sentences are read again for every question
def attribution(sentence: str, at: int = 0) -> str:
    """The source a sentence gives for what it says at offset ``at``; "" when none.

    The nearest attribution to ``at`` wins when a sentence has several.
    """
    # "SeaAid, whose volunteers ... terminal, said": the relative clause is blanked out
    # (offsets kept) so that the subject stands next to its verb.
    sentence = _RELATIVE.sub(lambda m: " " * len(m.group()), sentence)
    found: list[tuple[int, str]] = []
    for m in _ACCORDING.finditer(sentence):
        found.append((m.start(), m["source"]))
    for m in _SAID_SUBJECT.finditer(sentence):
        found.append((m.start(), m["source"]))
    for m in _SUBJECT_SAID.finditer(sentence):
        source = _clause_tail(m["source"])
        if source:
            told = "told" if re.search(r"\btold\b", m.group()) else ""
            # placed at its verb: a figure after "X said" is X's, however long X's name
            found.append((m.end("source"), _speaking(source, told, m["to"])))
    for m in _SAYING.finditer(sentence):
        if m["source"][:1].isupper():
            found.append((m.start("verb"), m["source"]))
    for m in _WHOSE.finditer(sentence):  # it gives the figure right after it
        if 0 <= at - m.end() <= 12:
            return _tidy(m["source"])
    if puts := _PUTS_AT.search(sentence[:at]):
        return _tidy(puts["source"])
    if document := _DOCUMENT.match(sentence[at:]):
        return document["source"]
    for m in _NAME_ROLE_SAID.finditer(sentence):
        role = re.split(r"\s+(?:who|which|whose)\s", m["role"])[0]
        found.append((m.start("verb"), _speaking(f"{m['name']}, {role}", m["verb"], m["to"])))
    for m in _NAMED_SAID.finditer(sentence):
        source = f"{m['name']}, {m['role']}" if m["role"] else m["name"]
        found.append((m.start("name"), _speaking(source, m["verb"], m["to"])))
    found = [(i, _tidy(s)) for i, s in found if _a_source(s)]
    if not found:
        return ""
    return min(found, key=lambda f: abs(f[0] - at))[1]


def _speaking(source: str, verb: str, to: str | None) -> str:
    """'X, speaking to The New York Times' when X told a named outlet; else X."""
    to = (to or "").strip()
    return f"{source}, speaking to {to}" if verb == "told" and to else source


def _a_source(source: str) -> bool:
    words = source.lower().split()
    return words[-1] not in _NOT_A_SOURCE and (words[-1] not in _VAGUE_SOURCE or len(words) > 2)


def without_source(question: str) -> str:
    """A question without the source it names ("According to the AP, how many ...?"
    -> "how many ...?"): who reported is not what the answer must be about."""
    rest = _ACCORDING.sub("", question)
    return re.sub(r"\s*,\s*(?=[?.!]|$)", "", rest).strip(" ,")


def _tidy(source: str) -> str:
    """'the AP.' -> 'the AP' (a final full stop that ends the sentence, not 'U.S.');
    'Officials' -> 'officials' (a common noun, capitalised as a sentence's first word)."""
    last = source.split()[-1]
    source = source[:-1] if last.endswith(".") and last.count(".") == 1 else source
    first, *rest = source.split()
    if first.rstrip(",") in _CONNECTIVES and rest:  # "But the union said": the union
        source = source[len(first) :].lstrip()
        first, *rest = source.split()
    if first.lower() in _COMMON_SOURCES or (
        first in ("The", "A", "An") and rest and rest[0][:1].islower()  # "The hospital"
    ):
        source = first.lower() + source[len(first) :]
    return source


def _clause_tail(words: str) -> str:
    """The subject of a "... said": the words after the last clause break."""
    tail = _CLAUSE_START.split(words)[-1].strip()
    if re.match(r"(?:the|a|an)\s", tail, re.IGNORECASE) or tail[:1].isupper():
        return tail
    # "emergency services said", "officials said": a plain noun phrase as subject
    return tail if len(tail.split()) <= 3 or _PEOPLE_OF.match(tail) else ""


def introduced(name: str, before: list[str]) -> str:
    """A short name completed from the sentences before it, e.g. 'Hashemi' ->
    'Sayed Ahmad Shah Hashemi, a Shiite community leader in Afghanistan, speaking to
    The New York Times'; the name itself when none introduces it."""
    if not re.fullmatch(r"[A-Z][\w'’-]+", name):
        return name
    for sentence in reversed(before):
        m = re.search(
            rf"(?P<full>(?:[A-Z][\w'’-]+\s+){{1,4}}{re.escape(name)})"
            r"(?P<role>,\s+(?:a|an|the)\s+[^,]{3,80},)?"
            r"(?:\s+told\s+(?P<to>(?:the\s+)?[A-Z][\w.]*(?:\s+[A-Z][\w.]*)*))?",
            sentence,
        )
        if m:
            role = (m["role"] or "").strip(" ,")
            full = f"{m['full']}, {role}" if role else m["full"]
            return f"{full}, speaking to {_tidy(m['to'])}" if m["to"] else full
    return name


# The sentence after a lede that named its source by description: "Civic Watch, which had
# observers at the march, said ...", "Dr Sofia Lindqvist told the Advertiser ...".
_NAMED_NEXT = re.compile(
    r"^(?:(?:Dr|Mr|Mrs|Ms|Prof)\.?\s+)?(?P<name>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,3})"
    rf"(?:,\s+(?:who|which)\b{_CLAUSE},)?\s+(?:has\s+|had\s+)?{_SAID}\b"
)
# Who is described, not named: "a human rights group", "the director of the hospital" (not
# "the ministry", which is named enough: the person the next sentence names speaks for it).
_DESCRIPTION = re.compile(r"^(?:(?:a|an)\s+[a-z]|the\s+[a-z]+(?:\s+[a-z]+)?\s+(?:of|for|at)\s)")


def identified(source: str, after: list[str]) -> str:
    """A source named in the lede by description ("a human rights group", "the director of
    the hospital") completed with the name the next sentence gives it, as news introduces
    a source late ("Civic Watch, which ..., said"): 'Civic Watch, a human rights group'.
    The source itself when it is a name, or the next sentence opens with no named source.
    """
    if not after or not _DESCRIPTION.match(source):
        return source
    m = _NAMED_NEXT.match(after[0].strip())
    if not m or m["name"].split()[0] in ("The", "A", "An", "But", "And", "It", "He", "She"):
        return source
    title = after[0].strip()[: m.start("name")]
    return f"{title}{m['name']}, {source}"

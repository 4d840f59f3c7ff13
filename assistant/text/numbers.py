"""Numbers as news writes them: digits, words, scales, currencies, ranges and hedges.

One mention is read once: "1.2 million" is 1,200,000 (not 1.2 and a million),
"Twenty-five" is 25 (not 20 and 5), "$2.3bn" is 2,300,000,000 dollars, the same
as "$2.3 billion"; "20 to 30" and "between 20 and 30" are one range; "dozens"
is a range too (24 to 99). A qualifier ("at least", "more than", "roughly", "up
to", "nearly") turns the number into the set of values it allows
(:attr:`Number.low`, :attr:`Number.high`), so two reports can be compared:
"more than 160" and "roughly 170" can both be true, "46" and "more than 70"
cannot.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}  # fmt: skip
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
_SCALES = {"hundred": 100, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
# Short scales: "bn", "tn" always; "m", "k" only beside a currency ("42m" may be metres).
_SHORT = {"bn": 1e9, "b": 1e9, "tn": 1e12, "trn": 1e12, "m": 1e6, "mn": 1e6, "mln": 1e6, "k": 1e3}
# Plural number words are vague: "dozens" is 24 to 99, "hundreds" 200 to 999, ...
_VAGUE = {
    "dozens": (24, 99),
    "scores": (40, 99),
    "hundreds": (200, 999),
    "thousands": (2e3, 9999),
    "millions": (2e6, 999e6),
    "billions": (2e9, 999e9),
}
_CURRENCY_SIGNS = {"$": "dollars", "us$": "dollars", "£": "pounds", "€": "euros", "¥": "yen"}
CURRENCY_WORDS = {
    "dollar": "dollars", "dollars": "dollars", "usd": "dollars", "pound": "pounds",
    "pounds": "pounds", "sterling": "pounds", "euro": "euros", "euros": "euros", "eur": "euros",
    "yuan": "yuan", "renminbi": "yuan", "yen": "yen", "rupees": "rupees", "rupee": "rupees",
    "francs": "francs", "franc": "francs", "crowns": "crowns", "kronor": "crowns",
    "kronur": "crowns", "kroner": "crowns", "krona": "crowns", "krone": "crowns",
    "koruny": "crowns", "koruna": "crowns", "zloty": "zloty", "zlotys": "zloty",
    "zlotych": "zloty", "forint": "forint", "forints": "forint", "lira": "lira",
    "liras": "lira", "lire": "lira", "roubles": "roubles", "rouble": "roubles",
    "rubles": "roubles", "ruble": "roubles", "pesos": "pesos", "peso": "pesos",
    "rand": "rand", "rupiah": "rupiah", "dinars": "dinars", "dinar": "dinars",
    "dirhams": "dirhams", "dirham": "dirhams", "riyals": "riyals", "riyal": "riyals",
    "shekels": "shekels", "shekel": "shekels", "baht": "baht", "ringgit": "ringgit",
    "naira": "naira", "shillings": "shillings", "shilling": "shillings",
    "hryvnias": "hryvnias", "hryvnia": "hryvnias",
}  # fmt: skip
"""Currency words, by the name a figure's counted thing takes."""

_WORD = "|".join(sorted([*_UNITS, *_TENS, *_SCALES, "dozen"], key=len, reverse=True))
# "a hundred", "twenty-five", "two hundred and fifty": "and" only after a scale word
_JOINT = r"(?:[\s-]+|(?<=hundred)\s+and\s+|(?<=thousand)\s+and\s+)"
_WORDS = rf"(?:(?:a|an)\s+)?(?:{_WORD})(?:{_JOINT}(?:{_WORD}))*"
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_SCALE = rf"(?:\s*(?:{'|'.join(_SHORT)})\b|\s+(?:{'|'.join(_SCALES)})\b)"
_SIGN = r"(?:US\$|\$|£|€|¥)"
# A number hyphened onto a word is part of a name, not a count: "Skylark-1", "F-16",
# "COVID-19" (a range's second end follows a number: "20-30").
_ONE = rf"(?:{_SIGN}\s?)?(?<![\w.,])(?<![^\W\d_]-)(?:{_DIGITS})(?:{_SCALE}|(?!\w))|\b{_WORDS}\b"
_VAGUE_RE = rf"\b(?:(?:tens|hundreds) of thousands|tens of millions|{'|'.join(_VAGUE)})\b"
QUALIFIERS = {
    # qualifier -> (low factor, high factor) of the number, and whether the ends are open
    "at least": (1.0, math.inf),
    "no fewer than": (1.0, math.inf),
    "no less than": (1.0, math.inf),
    "more than": (1.0, math.inf),
    "over": (1.0, math.inf),
    "well over": (1.0, math.inf),
    "just over": (1.0, 1.15),
    "upwards of": (1.0, math.inf),
    "in excess of": (1.0, math.inf),
    "at most": (0.0, 1.0),
    "up to": (0.0, 1.0),
    "as many as": (0.0, 1.0),
    "no more than": (0.0, 1.0),
    "fewer than": (0.0, 1.0),
    "less than": (0.0, 1.0),
    "under": (0.0, 1.0),
    "just under": (0.85, 1.0),
    "nearly": (0.85, 1.0),
    "almost": (0.85, 1.0),
    "close to": (0.85, 1.05),
    "roughly": (0.85, 1.15),
    "about": (0.85, 1.15),
    "around": (0.85, 1.15),
    "approximately": (0.85, 1.15),
    "some": (0.85, 1.15),
    "an estimated": (0.85, 1.15),
    "estimated": (0.85, 1.15),
    "more or less": (0.85, 1.15),
}
"""How each hedge widens a number: ``low = n * a``, ``high = n * b``."""
_QUALIFIER = "|".join(sorted(QUALIFIERS, key=len, reverse=True)).replace(" ", r"\s+")

MENTION = re.compile(
    rf"(?:\b(?P<qualifier>{_QUALIFIER})\s+)?"
    rf"(?:\bbetween\s+(?P<low>{_ONE})\s+and\s+(?P<high>{_ONE})"
    rf"|(?P<first>{_ONE})(?:\s*(?:-|–|\bto\b)\s*(?P<second>{_ONE}))?"
    rf"|(?P<vague>{_VAGUE_RE}))",
    re.IGNORECASE,
)
"""A number mention with its qualifier; a range has two ends."""
_FROM = re.compile(r"\bfrom\s+$", re.IGNORECASE)  # "from 20 to 30" is a change, not a range


@dataclass(frozen=True)
class Number:
    """One number as written, read."""

    value: float  # the number (the near end of a range)
    low: float  # the least value it allows, qualifier included
    high: float  # the greatest
    text: str  # as written, qualifier included: "more than 70"
    qualifier: str  # "more than", or "" when exact
    currency: str  # "dollars" for "$2.3bn", "" when none is written before it
    start: int
    end: int


def numbers(text: str) -> list[Number]:
    """Every number mention of ``text``, each read once, in order."""
    out = []
    pos = 0
    while m := MENTION.search(text, pos):
        if m["second"] and _FROM.search(text[: m.start("first")]):
            m = MENTION.match(text, m.start(), m.end("first")) or m  # the near end alone
        number = _read(m)
        if number is not None:
            out.append(number)
        pos = max(m.end(), pos + 1)
    return out


def _read(m: re.Match[str]) -> Number | None:
    qualifier = " ".join((m["qualifier"] or "").lower().split())
    near, far = (m["low"], m["high"]) if m["low"] else (m["first"], m["second"])
    value: float
    high: float
    if m["vague"]:
        value, high = _vague(m["vague"])
    else:
        read = parse_value(near)
        if read is None:
            return None
        value = high = read
        if far:
            end = parse_value(far)
            if end is not None and _scale_of(near) == 1 < _scale_of(far):
                value *= _scale_of(far)  # "2 to 3 million": millions both
            if end is None or end <= value:
                return None
            high = end
    low = value
    if qualifier:
        a, b = QUALIFIERS[qualifier]
        low, high = low * a, high * b
    sign = re.match(_SIGN, near or "", re.IGNORECASE)
    currency = _CURRENCY_SIGNS[sign.group().lower()] if sign else ""
    return Number(value, low, high, m.group().strip(), qualifier, currency, m.start(), m.end())


def _scale_of(written: str) -> float:
    """The scale a number ends with: 1e6 for '3 million', 1 for '3'."""
    tail = re.search(r"[a-z]+$", written.lower())
    return (_scale(tail.group(), currency=True) or 1.0) if tail else 1.0


def _vague(word: str) -> tuple[float, float]:
    word = " ".join(word.lower().split())
    if word == "tens of thousands":
        return 2e4, 99999
    if word == "hundreds of thousands":
        return 2e5, 999999
    if word == "tens of millions":
        return 2e7, 99999999
    return _VAGUE[word]


def parse_value(written: str) -> float | None:
    """The value of one number: '1.2 million', '$2.3bn', 'twenty-five', '1,200'."""
    text = " ".join(written.lower().replace("us$", "").strip("$£€¥ ").split())
    digits = re.match(rf"({_DIGITS})\s*([a-z]*)$", text)
    if digits:
        scale = _scale(digits[2], currency=written.strip()[:1] in "$£€¥U")
        return float(digits[1].replace(",", "")) * (scale or 1.0)
    return _words_value(text)


def _scale(word: str, *, currency: bool) -> float | None:
    if not word:
        return 1.0
    if word in _SCALES:
        return _SCALES[word]
    if word in _SHORT and (currency or word in ("bn", "tn", "trn")):
        return _SHORT[word]
    return None


def _words_value(text: str) -> float | None:
    """'twenty-five' -> 25, 'two hundred and fifty' -> 250, 'a dozen' -> 12."""
    words = [w for w in re.split(r"[\s-]+", text) if w not in ("and",)]
    if words and words[0] in ("a", "an"):
        words = ["one", *words[1:]] if len(words) > 1 else []
    if not words or any(w in ("a", "an") for w in words):
        return None
    total, current, seen = 0.0, 0.0, False
    for word in words:
        if word in _UNITS or word in _TENS:
            current += _UNITS.get(word, 0) + _TENS.get(word, 0)
        elif word == "dozen":
            current = (current or 1) * 12
        elif word == "hundred":
            current = (current or 1) * 100
        else:
            total += (current or 1) * _SCALES[word]
            current = 0
        seen = True
    return total + current if seen else None

"""Sentence spans of a text, as offsets into it (abbreviations, initials, headings, lists).

Sentences never lose their place: every span is an offset pair into the file
text. Answers are cut into sentences with the same rules (``assistant.check.claims``).
Every decision looks at a bounded window around a full stop, so splitting takes time
linear in the text's length.
"""

from __future__ import annotations

import re

# Titles written before a name, and abbreviations that introduce what follows: a full
# stop after one never ends a sentence.
_PREPOSITIVE = frozenset(
    "mr mrs ms dr prof sen rep gov gen lt col sgt capt cmdr adm maj st mt rev hon pres "
    "supt det insp cpl pvt atty vs e.g i.e a.k.a cf viz".split()
)
# Abbreviations written after a word or before a date ("Pitt, Briggs & Co.", "Oct. 9"):
# one ends a sentence only when a word that usually starts one follows.
_POSTPOSITIVE = frozenset(
    "jr sr inc co corp ltd etc dept univ est approx ft "
    "jan feb mar apr jun jul aug sep sept oct nov dec".split()
)
# Abbreviations only before a number ("No. 4", "p. 55", "N°. 1026"); "p" only in lower case.
_BEFORE_NUMBER = frozenset("no nos n° nº p pp fig figs vol art".split())
# Capitalised words that are capitalised because they start a sentence ("A" and "I" are
# left out: "E. A. Smith", "Albert I. Jones").
_STARTERS = frozenset(
    "The An This That These Those It Its He She We They You His Her Their Our My There "
    "Here But And Or So Yet However Meanwhile In On At For With After Before When While "
    "If As Although Though Because Since What Who Why How Where Which Did Do Does Is Are "
    "Was Were Has Have Had Some Many Most All Both Each Then Now Also Still Instead "
    "During Despite Under Over Among From By To Last Next Such Other Another".split()
)
_BULLETS = "•▪●◦‣⁃"

# A full stop, question or exclamation mark, ellipsis (also spaced: ". . ."), then
# closing quotes or brackets, then space and something that can start a sentence.
# Not from the middle of a run of marks.
_BOUNDARY = re.compile(
    r"(?<![.!?…])(?P<mark>\.(?:[ \u00a0]\.){2,3}|[.!?…]+)[\"'”’)\]]*"
    r"(?=\s+[\"'“‘(\[]?[A-Z0-9])"
)
# The word before a full stop ("ministry's." is no initial); starting only where a word
# starts keeps the search linear in the window.
_WORD_BEFORE = re.compile(r"(?<![\w.°º'’])([\w.°º'’]+)[.!?…]*$")
_NEXT_WORD = re.compile(r"\s+[\"'“‘(\[]?([A-Za-z]+)(\.?)(?![\w.-])")
_ACRONYM = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]")  # "U.S", "E.U", "p.m"
_LINE_END_TERMINAL = re.compile(r"[.!?…:\"”’)]\s*$")
_BULLET = re.compile(rf"^\s*(?:[{_BULLETS}·∙*+–—-]|\d{{1,2}}[.)])\s+")
# A list marker inside a line: "1.", "2.)", "3)", "a." after space, a bullet or the start.
_MARKER = re.compile(rf"(?<![^\s{_BULLETS}])(\d{{1,2}}|[a-z])(\.\)|\.|\))(?=\s)")
_INLINE_BULLET = re.compile(rf"(?<=\s)[{_BULLETS}](?=\s*\S)")

_WORD_WINDOW = 80  # how far back the word before a full stop is looked for (longer: no
# abbreviation, initial or dotted acronym); searching the whole text before each full
# stop made splitting a paragraph take time growing with the square of its length
_LEAD_IN_WORDS = 3  # "At 5 a.m." (3 words) before "Mr. Smith went" opens the sentence


def split_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans of ``text[start:end]`` as offsets into ``text``.

    A full stop after an abbreviation, an initial or a dotted acronym ends a
    sentence only when a word that usually starts one follows ("... and Co. It
    closed"); numbered, lettered and bulleted items written on one line are
    sentences of their own. A line break ends a sentence when the line ends in
    punctuation, when the next line is a list item, or when the line is a
    heading (no final punctuation, mostly capitalised words); otherwise it is
    hard wrapping.
    """
    spans: list[tuple[int, int]] = []
    cursor = start
    for cut in _cuts(text, start, end):
        _add_trimmed(spans, text, cursor, cut)
        cursor = cut
    _add_trimmed(spans, text, cursor, end)
    return spans


def _cuts(text: str, start: int, end: int) -> list[int]:
    chunk = text[start:end]
    markers, cuts = _list_items(chunk)
    last = 0
    for m in _BOUNDARY.finditer(chunk):
        cut = None if m.start() in markers else _boundary_cut(chunk, m, last)
        if cut is not None:
            cuts.add(cut)
            last = cut
    offset = 0
    lines = chunk.split("\n")
    for line, following in zip(lines, lines[1:] + [""], strict=True):
        offset += len(line) + 1
        if following and (
            _LINE_END_TERMINAL.search(line) or _BULLET.match(following) or _heading(line)
        ):
            cuts.add(offset - 1)
    return sorted(start + c for c in cuts if 0 < c < len(chunk))


def _list_items(chunk: str) -> tuple[set[int], set[int]]:
    """Where list markers' full stops are (not boundaries), and cuts before items.

    An item starts at a bullet, or at a marker opening a line or following a
    bullet; "1. The first item 2. The second item" continues the count on one line.
    """
    cuts = {m.start() for m in _INLINE_BULLET.finditer(chunk)}
    markers: set[int] = set()
    expected: tuple[bool, str, int] | None = None  # (digits?, mark, next value)
    for m in _MARKER.finditer(chunk):
        label, mark = m.group(1), m.group(2)
        value = int(label) if label.isdigit() else ord(label) - ord("a") + 1
        style = (label.isdigit(), mark)
        if _opens_item(chunk, m.start()):
            expected = (*style, value + 1)
        elif expected == (*style, value):
            cuts.add(m.start())
            expected = (*style, value + 1)
        else:
            continue
        markers.add(m.start(2))
    return markers, cuts


def _opens_item(chunk: str, at: int) -> bool:
    """True when only spaces lie between ``at`` and a line start or a bullet."""
    k = at
    while k > 0 and at - k < 8 and chunk[k - 1] in " \t":
        k -= 1
    return k == 0 or chunk[k - 1] == "\n" or chunk[k - 1] in _BULLETS


def _boundary_cut(chunk: str, m: re.Match[str], last: int) -> int | None:
    """Where the sentence ending at ``m`` ends, or None when it goes on."""
    mark = m.group("mark")
    if chunk[m.start() - 1 : m.start()] == "[":  # an elision "[...]" goes on ...
        return m.end() if _ended_before(chunk, m.start() - 1) else None  # ". [...] For"
    if " " in mark or "\u00a0" in mark:
        return _spaced_ellipsis_cut(chunk, m)
    if mark[0] != ".":
        return m.end()
    if len(mark) > 1:  # an ellipsis between numbers counts: "1... 2... 3..."
        counting = chunk[m.start() - 1 : m.start()].isdigit() and _next_is_digit(chunk, m)
        return None if counting else m.end()
    return None if _sentence_goes_on(chunk, m, last) else m.end()


def _ended_before(chunk: str, at: int) -> bool:
    return chunk[max(0, at - 2) : at].strip()[-1:] in (".", "!", "?")


def _next_is_digit(chunk: str, m: re.Match[str]) -> bool:
    return chunk[m.end() : m.end() + _WORD_WINDOW].lstrip()[:1].isdigit()


def _spaced_ellipsis_cut(chunk: str, m: re.Match[str]) -> int | None:
    """Where a spaced ellipsis ends a sentence, or None when it does not.

    ". . ." leaves the sentence open; ". . . ." after a space closes it; in
    "word. . . . Next" the full stop ends the sentence and the ellipsis opens the next.
    """
    dots = m.group("mark").count(".")
    if m.start() > 0 and not chunk[m.start() - 1].isspace():
        return m.start() + 1 if dots == 4 else m.end()
    return m.end() if dots >= 4 else None


def _sentence_goes_on(chunk: str, m: re.Match[str], last: int) -> bool:
    """True when the full stop ends an abbreviation, an initial or an acronym mid-sentence."""
    before = _WORD_BEFORE.search(chunk[max(0, m.start() + 1 - _WORD_WINDOW) : m.start() + 1])
    if not before:
        return False
    word = before.group(1).rstrip(".").lstrip("'’")
    lower = word.lower()
    after = _NEXT_WORD.match(chunk, m.end(), m.end() + _WORD_WINDOW)
    starter = bool(after and not after.group(2) and after.group(1) in _STARTERS)
    if lower in _PREPOSITIVE:
        return True
    if (lower if len(word) > 1 else word) in _BEFORE_NUMBER:
        return _next_is_digit(chunk, m)
    if lower in ("a.m", "p.m"):
        return _time_goes_on(chunk, m, last, after, starter=starter)
    initial = len(word) == 1 and word.isalpha()
    if lower in _POSTPOSITIVE or initial or _ACRONYM.fullmatch(word):
        return not starter  # "and Co. It closed", "you and I. Did you", "the U.S. How"
    return False


def _time_goes_on(
    chunk: str, m: re.Match[str], last: int, after: re.Match[str] | None, *, starter: bool
) -> bool:
    """True when a time goes on: "At 5 a.m. Mr. Smith left" is one sentence."""
    title = bool(after and after.group(2) and after.group(1).lower() in _PREPOSITIVE)
    if not (starter or title):
        return True  # "at 11 p.m. Friday", "5 a.m. ET"
    opening = chunk[max(last, m.start() - _WORD_WINDOW) : m.start()]
    return len(opening.split()) <= _LEAD_IN_WORDS


def _heading(line: str) -> bool:
    words = line.split()
    if not words or len(words) > 16 or _LINE_END_TERMINAL.search(line):
        return False
    capitalised = sum(1 for w in words if w[:1].isupper() or not w[:1].isalpha())
    return capitalised / len(words) >= 0.6


def _add_trimmed(spans: list[tuple[int, int]], text: str, start: int, end: int) -> None:
    piece = text[start:end]
    lead = len(piece) - len(piece.lstrip())
    trail = len(piece) - len(piece.rstrip())
    if end - trail > start + lead:
        spans.append((start + lead, end - trail))

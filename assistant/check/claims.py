"""The grammar of answer text, in one place: markers, sentences, the conflict sentence.

An answer is a run of sentences, each closed by the ``[n]`` markers of the
citations it rests on ("... killed. [1]" or "... killed [1]."). When sources
disagree, the answer adds one sentence about them, rendered from its
:class:`~assistant.models.Conflict` by :func:`conflict_sentence`: "Reports differ
on the death toll: 46 Shiite Muslims killed, according to the AP [1]; more than
70 people killed, according to Hashemi [2]." The support judge reads the
figures of such a sentence (hand-written ones too) with :func:`parse_conflict`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from assistant.ingest.sentences import split_sentences
from assistant.models import Conflict, ConflictValue

NO_ANSWER = "The articles do not say."
"""What an answer says when the articles do not answer (the LLM's prompts ask for it)."""
NOT_FOUND = f"{NO_ANSWER} I found nothing in them that answers this question."
"""The extractive answerer's refusal: :data:`NO_ANSWER`, and that nothing was found."""
MARKER = re.compile(r"\[(\d+)\]")
"""One citation marker, ``[n]``; its group is the number."""
_MARKER = re.compile(r"\s*\[(\d+)\]")  # a marker with the space before it
_MARKED = re.compile(r"((?:\s*\[\d+\])+)([.!?…]?)")
_LEADS = {
    "conflict": "Reports differ on ",
    "precision": "Reports give compatible figures, with different precision, for ",
}
_OLD_LEAD = "The articles give different figures for "  # hand-written labels use it
_LEAD = "(?:" + "|".join(re.escape(x) for x in [*_LEADS.values(), _OLD_LEAD]) + ")"
# The sentence about the sources, markers in (inside an answer) and out (a claim).
_CONFLICT_SENTENCE = re.compile(_LEAD + r"[^:\[\]]+: [^\[\]]+?\[\d+\](?:; [^\[\]]+?\[\d+\])+\.")
_CONFLICT_CLAIM = re.compile(_LEAD + r"(?P<topic>[^:]+): (?P<parts>.+)\.")
_WIDER = "and, counting more than that, "  # opens a wider count listed after the sides


def markers(numbers: Iterable[int]) -> str:
    """The markers of citations, as written after a sentence: ``[1][3]``."""
    return "".join(f"[{n}]" for n in numbers)


def cited(sentence: str, numbers: Iterable[int]) -> str:
    """A sentence closed by its markers: ``"... killed. [1][3]"``."""
    return f"{sentence} {markers(numbers)}"


def strip_markers(text: str) -> str:
    """``text`` without its markers (and the space before each)."""
    return _MARKER.sub("", text)


def conflict_sentence(conflict: Conflict) -> str:
    """The sentence about sources that disagree, rendered from the answer's record.

    Each side is its figure, what it counts and what is said of them, its source
    and its marker: "Reports differ on the death toll: 46 Shiite Muslims killed,
    according to the AP [1]; more than 70 people killed, according to Hashemi [2]."
    Wider counts follow the sides ("and, counting more than that, at least 100
    people killed or injured, according to the Associated Press [3]").
    """
    listed = [_side(v) for v in conflict.values]
    listed += [_WIDER + _side(v) for v in conflict.related]
    return f"{_LEADS[conflict.kind]}{conflict.topic}: {'; '.join(listed)}."


def _side(v: ConflictValue) -> str:
    value = v.value  # "At least 31" opened its sentence: mid-sentence it is "at least 31"
    words = [value[0].lower() + value[1:] if value[1:2].islower() or value[1:2] == " " else value]
    if v.counted and not any(sign in v.value for sign in "$£€¥"):  # "more than $2.3bn" says it
        words.append(v.counted)
    if v.predicate == "death toll":  # as its sentence says it: "the death toll rose to 44"
        words = ["a death toll of", *words]
    elif v.predicate:
        words.append(v.predicate)
    source = f", according to {v.attribution}" if v.attribution else ""
    source += f" ({v.date})" if source and v.date else ""  # which report is the later one
    return f"{' '.join(words)}{source} {markers([v.marker])}"


def parse_conflict(claim: str) -> tuple[str, list[str]] | None:
    """The topic and the figures (their words, sources left out) of a sentence about
    disagreeing sources without its markers; None for other sentences."""
    m = _CONFLICT_CLAIM.fullmatch(claim.strip())
    if not m:
        return None
    parts = [p.removeprefix(_WIDER).split(", according to ")[0] for p in m["parts"].split("; ")]
    return m["topic"], parts


@dataclass(frozen=True)
class Claim:
    """One sentence of an answer with the markers it carries."""

    text: str  # without its markers
    markers: tuple[int, ...]


def claims(answer_text: str) -> list[Claim]:
    """Split an answer into sentences, each with the ``[n]`` markers it carries.

    Markers belong to the sentence they close ("... killed. [1]" or "... killed [1].");
    a sentence with no marker of its own gets none. The sentence about the sources
    ("Reports differ on the death toll: 46 killed [1]; more than 70 killed [2].")
    is one claim carrying its markers in order, one per figure.
    """
    out: list[Claim] = []
    cursor = 0
    for m in [*_CONFLICT_SENTENCE.finditer(answer_text), None]:
        out += _sentence_claims(answer_text[cursor : m.start() if m else len(answer_text)])
        if m:
            numbers = tuple(int(x) for x in _MARKER.findall(m.group()))
            out.append(Claim(strip_markers(m.group()), numbers))
            cursor = m.end()
    return out


def _sentence_claims(text: str) -> list[Claim]:
    out: list[Claim] = []
    cursor = 0
    for m in [*_MARKED.finditer(text), None]:
        chunk = text[cursor : m.start() if m else len(text)] + (m.group(2) if m else "")
        spans = split_sentences(chunk, 0, len(chunk))
        for i, (a, b) in enumerate(spans):
            last = i == len(spans) - 1
            numbers = tuple(int(x) for x in _MARKER.findall(m.group(1))) if m and last else ()
            out.append(Claim(chunk[a:b], numbers))
        cursor = m.end() if m else len(text)
    return out

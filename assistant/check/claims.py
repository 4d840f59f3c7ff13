"""The grammar of answer text, in one place: markers, sentences, the conflict sentence.

An answer is a run of sentences, each closed by the ``[n]`` markers of the
citations it rests on ("... killed. [1]" or "... killed [1]."). When sources
disagree, the answer adds one sentence about them, written by
:func:`conflict_sentence` and read back by :func:`parse_conflict`:
"The articles give different figures for killed: 46 [1]; more than 70 [2]."
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from assistant.ingest.sentences import split_sentences

NO_ANSWER = "The articles do not say."
"""What an answer says when the articles do not answer (the LLM's prompts ask for it)."""
NOT_FOUND = f"{NO_ANSWER} I found nothing in them that answers this question."
"""The extractive answerer's refusal: :data:`NO_ANSWER`, and that nothing was found."""
MARKER = re.compile(r"\[(\d+)\]")
"""One citation marker, ``[n]``; its group is the number."""
_MARKER = re.compile(r"\s*\[(\d+)\]")  # a marker with the space before it
_MARKED = re.compile(r"((?:\s*\[\d+\])+)([.!?…]?)")
_CONFLICT_LEAD = "The articles give different figures for "
# The sentence about the sources, markers in (inside an answer) and out (a claim).
_CONFLICT_SENTENCE = re.compile(
    re.escape(_CONFLICT_LEAD) + r"[^:\[\]]+: [^\[\]]+?\[\d+\](?:; [^\[\]]+?\[\d+\])+\."
)
_CONFLICT_CLAIM = re.compile(re.escape(_CONFLICT_LEAD) + r"(?P<topic>[^:]+): (?P<parts>.+)\.")


def markers(numbers: Iterable[int]) -> str:
    """The markers of citations, as written after a sentence: ``[1][3]``."""
    return "".join(f"[{n}]" for n in numbers)


def cited(sentence: str, numbers: Iterable[int]) -> str:
    """A sentence closed by its markers: ``"... killed. [1][3]"``."""
    return f"{sentence} {markers(numbers)}"


def strip_markers(text: str) -> str:
    """``text`` without its markers (and the space before each)."""
    return _MARKER.sub("", text)


def conflict_sentence(topic: str, figures: Iterable[tuple[str, int]]) -> str:
    """The sentence about sources that disagree: each figure with its citation's marker.

    Args:
        topic: what is counted, in the question's word ("killed").
        figures: (the figure as the source words it, its marker), in order.
    """
    listed = "; ".join(f"{phrase} {markers([n])}" for phrase, n in figures)
    return f"{_CONFLICT_LEAD}{topic}: {listed}."


def parse_conflict(claim: str) -> tuple[str, list[str]] | None:
    """The topic and figures of a conflict sentence without its markers; None for others."""
    m = _CONFLICT_CLAIM.fullmatch(claim.strip())
    return (m["topic"], m["parts"].split("; ")) if m else None


@dataclass(frozen=True)
class Claim:
    """One sentence of an answer with the markers it carries."""

    text: str  # without its markers
    markers: tuple[int, ...]


def claims(answer_text: str) -> list[Claim]:
    """Split an answer into sentences, each with the ``[n]`` markers it carries.

    Markers belong to the sentence they close ("... killed. [1]" or "... killed [1].");
    a sentence with no marker of its own gets none. The sentence about the sources
    ("The articles give different figures for killed: 46 [1]; more than 70 [2].")
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

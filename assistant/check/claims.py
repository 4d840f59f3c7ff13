"""The grammar of answer text: sentences, the ``[n]`` markers they carry.

An answer is a run of sentences, each closed by the markers of the
citations it rests on ("... killed. [1]" or "... killed [1].").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.ingest.sentences import split_sentences

_MARKER = re.compile(r"\s*\[(\d+)\]")
_MARKED = re.compile(r"((?:\s*\[\d+\])+)([.!?…]?)")
# The answerer's sentence about its sources (answer.compose), markers in and out.
_CONFLICT_SENTENCE = re.compile(
    r"The articles give different figures for [^:\[\]]+: [^\[\]]+?\[\d+\](?:; [^\[\]]+?\[\d+\])+\."
)


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
            markers = tuple(int(x) for x in _MARKER.findall(m.group()))
            out.append(Claim(_MARKER.sub("", m.group()), markers))
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
            markers = tuple(int(x) for x in _MARKER.findall(m.group(1))) if m and last else ()
            out.append(Claim(chunk[a:b], markers))
        cursor = m.end() if m else len(text)
    return out

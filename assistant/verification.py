"""Step 6: check an answer against the text it cites.

Two checks, used by the evaluation suite and by the LLM answer mode alike:

* **Offsets.** A citation's ``start``/``end`` must slice exactly its quote
  out of the article file as it is on disk now.
* **Support.** A claim (an answer sentence) is supported by the quotes it
  cites when, offline, all of these hold (the rule the evaluation states and
  calibrates against hand labels):

  1. every figure in the claim appears among the quotes' figures;
  2. the claim does not negate what the quotes affirm, nor affirm what a quote
     negates (the words right after a quote's "not" appear in the claim
     with no negation);
  3. the quotes hold at least ``lexical_min`` of the claim's content words
     (stemmed), or at least ``lexical_soft`` of them with a cosine of at least
     ``semantic_min`` between the claim and its best quote.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from assistant.conflicts import figures
from assistant.embeddings import Embedder
from assistant.models import Answer, Citation
from assistant.passages import split_sentences
from assistant.terms import content_stems

_MARKER = re.compile(r"\s*\[(\d+)\]")
_MARKED = re.compile(r"((?:\s*\[\d+\])+)([.!?…]?)")
_NEGATION = re.compile(r"\b(?:not|no|never|neither|nor|none|cannot|without)\b|n['’]t\b", re.I)


@dataclass(frozen=True)
class Claim:
    """One sentence of an answer with the markers it carries."""

    text: str  # without its markers
    markers: tuple[int, ...]


@dataclass
class Verdict:
    supported: bool
    lexical: float  # share of the claim's content stems found in the quotes
    semantic: float  # best cosine between the claim and one quote
    best: int  # index of the quote that supports it best (-1 when none)
    reasons: list[str] = field(default_factory=list)


def claims(answer_text: str) -> list[Claim]:
    """Split an answer into sentences, each with the ``[n]`` markers it carries.

    Markers belong to the sentence they close ("... killed. [1]" or "... killed [1].");
    a sentence with no marker of its own gets none.
    """
    out: list[Claim] = []
    cursor = 0
    for m in [*_MARKED.finditer(answer_text), None]:
        chunk = answer_text[cursor : m.start() if m else len(answer_text)] + (
            m.group(2) if m else ""
        )
        spans = split_sentences(chunk, 0, len(chunk))
        for i, (a, b) in enumerate(spans):
            last = i == len(spans) - 1
            markers = tuple(int(x) for x in _MARKER.findall(m.group(1))) if m and last else ()
            out.append(Claim(chunk[a:b], markers))
        cursor = m.end() if m else len(answer_text)
    return out


def offsets_match(citation: Citation, corpus_dir: Path) -> bool:
    """Whether ``file_text[start:end] == quote`` for the file on disk."""
    path = corpus_dir / citation.source
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    return text[citation.start : citation.end] == citation.quote


def bad_offsets(answer: Answer, corpus_dir: Path) -> list[Citation]:
    """The citations of ``answer`` whose offsets do not slice out their quote."""
    return [c for c in answer.citations if not offsets_match(c, corpus_dir)]


class SupportJudge:
    """Decides whether quoted text supports a claim (offline: embeddings + lexical rules)."""

    def __init__(
        self,
        embedder: Embedder,
        *,
        lexical_min: float = 0.6,
        lexical_soft: float = 0.4,
        semantic_min: float = 0.7,
    ) -> None:
        self.embedder = embedder
        self.lexical_min = lexical_min
        self.lexical_soft = lexical_soft
        self.semantic_min = semantic_min

    def judge(self, claim: str, quotes: list[str]) -> Verdict:
        """Whether ``quotes`` (together) support ``claim``."""
        if not quotes:
            return Verdict(False, 0.0, 0.0, -1, ["cites nothing"])
        reasons = []
        quote_values = {f.value for q in quotes for f in figures(q)}
        missing = [f.text for f in figures(claim) if f.value not in quote_values]
        if missing:
            reasons.append("figure not in the quotes: " + ", ".join(missing))
        if _negation_differs(claim, quotes):
            reasons.append("negation differs from the quotes")
        stems = set(content_stems(claim))
        quoted = {s for q in quotes for s in content_stems(q)}
        lexical = len(stems & quoted) / len(stems) if stems else 1.0
        vectors = self.embedder.encode([claim, *quotes])
        cosines = vectors[1:] @ vectors[0]
        best = int(cosines.argmax())
        semantic = float(cosines[best])
        wordy = lexical >= self.lexical_min or (
            lexical >= self.lexical_soft and semantic >= self.semantic_min
        )
        if not wordy:
            reasons.append(
                f"too little of it is in the quotes (words {lexical:.2f}, cosine {semantic:.2f})"
            )
        return Verdict(not reasons, lexical, semantic, best, reasons)


def _negation_differs(claim: str, quotes: list[str]) -> bool:
    claim_negates = bool(_NEGATION.search(claim))
    if claim_negates:
        return not any(_NEGATION.search(q) for q in quotes)
    claim_stems = set(content_stems(claim))
    for q in quotes:
        for m in _NEGATION.finditer(q):
            negated = content_stems(q[m.end() :])[:2]
            if negated and set(negated) <= claim_stems:
                return True
    return False

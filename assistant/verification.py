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
     with no negation; "heard" matches "hear", as the stemmer leaves irregular
     past tenses alone);
  3. every name in the claim (a run of capitalised words) shares a word with
     the quotes;
  4. the quotes hold at least ``lexical_min`` of the claim's content words
     (stemmed), or at least ``lexical_soft`` of them with a cosine of at least
     ``semantic_min`` between the claim and its best quote.

  The answerer's sentence about its sources, "The articles give different
  figures for <topic>: <figure> [1]; <figure> [2].", is judged part by part: the
  n-th figure against the n-th quote (rules 1 and 4), the figures must differ,
  and some quote must name the topic.

  The default thresholds come from the calibration against hand labels
  (``evals/judge_labels.jsonl``; see ``assistant.evaluation.judge``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from assistant.conflicts import figures
from assistant.embeddings import Embedder
from assistant.models import Answer, Citation
from assistant.passages import split_sentences
from assistant.terms import capitalised_names, content_stems

_MARKER = re.compile(r"\s*\[(\d+)\]")
_MARKED = re.compile(r"((?:\s*\[\d+\])+)([.!?…]?)")
_NEGATION = re.compile(r"\b(?:not|no|never|neither|nor|none|cannot|without)\b|n['’]t\b", re.I)
# The answerer's sentence about its sources (answer.compose), markers in and out.
_CONFLICT_SENTENCE = re.compile(
    r"The articles give different figures for [^:\[\]]+: [^\[\]]+?\[\d+\](?:; [^\[\]]+?\[\d+\])+\."
)
_CONFLICT_CLAIM = re.compile(
    r"The articles give different figures for (?P<topic>[^:]+): (?P<parts>.+)\."
)


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
        lexical_min: float = 0.75,
        lexical_soft: float = 0.4,
        semantic_min: float = 0.8,
    ) -> None:
        self.embedder = embedder
        self.lexical_min = lexical_min
        self.lexical_soft = lexical_soft
        self.semantic_min = semantic_min

    def judge(self, claim: str, quotes: list[str]) -> Verdict:
        """Whether ``quotes`` (together) support ``claim``."""
        if not quotes:
            return Verdict(False, 0.0, 0.0, -1, ["cites nothing"])
        conflict = _CONFLICT_CLAIM.fullmatch(claim.strip())
        if conflict:
            return self._judge_conflict(conflict["topic"], conflict["parts"].split("; "), quotes)
        reasons = []
        quote_values = {f.value for q in quotes for f in figures(q)}
        missing = [f.text for f in figures(claim) if f.value not in quote_values]
        if missing:
            reasons.append("figure not in the quotes: " + ", ".join(missing))
        if _negation_differs(claim, quotes):
            reasons.append("negation differs from the quotes")
        quoted = {s for q in quotes for s in content_stems(q)}
        unquoted = _unquoted_names(claim, quotes, quoted)
        if unquoted:
            reasons.append("name not in the quotes: " + ", ".join(unquoted))
        lexical = _share(claim, quoted)
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

    def _judge_conflict(self, topic: str, parts: list[str], quotes: list[str]) -> Verdict:
        """The sentence about the sources: each figure against the quote it cites."""
        if len(parts) != len(quotes):
            return Verdict(False, 0.0, float("nan"), -1, ["not one quote per figure"])
        reasons = []
        values: set[float] = set()
        shares = []
        for part, quote in zip(parts, quotes, strict=True):
            stated = figures(part)
            values.update(f.value for f in stated[:1])
            quoted = {f.value for f in figures(quote)}
            if not stated or any(f.value not in quoted for f in stated):
                reasons.append(f"figure not in its quote: {part}")
            shares.append(_share(part, set(content_stems(quote))))
        if len(values) < 2:
            reasons.append("the figures do not differ")
        if not any(set(content_stems(topic)) & set(content_stems(q)) for q in quotes):
            reasons.append(f"no quote is about {topic}")
        if min(shares) < self.lexical_min:
            reasons.append(f"a figure's words are not in its quote (words {min(shares):.2f})")
        return Verdict(not reasons, min(shares), float("nan"), 0, reasons)


def _unquoted_names(claim: str, quotes: list[str], quoted: set[str]) -> list[str]:
    """Names of the claim that share no word with the quotes, nor abbreviate one ("AP")."""
    initials = {
        "".join(w[0] for w in n.split()).upper()
        for q in quotes
        for n in capitalised_names(q)
        if len(n.split()) > 1
    }
    return [
        n
        for n in capitalised_names(claim)
        if not set(content_stems(n)) & quoted and n.replace(".", "") not in initials
    ]


def _share(text: str, quoted: set[str]) -> float:
    """Share of the content stems of ``text`` that are in ``quoted``."""
    stems = set(content_stems(text))
    return len(stems & quoted) / len(stems) if stems else 1.0


def _negation_differs(claim: str, quotes: list[str]) -> bool:
    claim_negates = bool(_NEGATION.search(claim))
    if claim_negates:
        return not any(_NEGATION.search(q) for q in quotes)
    claim_stems = set(content_stems(claim))
    for q in quotes:
        for m in _NEGATION.finditer(q):
            negated = content_stems(q[m.end() :])[:2]
            if negated and all(_same_word(n, claim_stems) for n in negated):
                return True
    return False


def _same_word(stem: str, stems: set[str]) -> bool:
    """``stem`` is in ``stems``, or one starts the other ("hear"/"heard", "mean"/"meant").

    The stemmer leaves irregular past tenses alone; the negation check should not.
    """
    return stem in stems or any(
        min(len(stem), len(s)) >= 4 and (s.startswith(stem) or stem.startswith(s)) for s in stems
    )

"""Citation quality in the ALCE sense, checked against the cited text itself.

For each answer sentence (claim) with cited quotes C (ALCE, Gao et al. 2023):

* **citation recall**: the sentence is supported when the judge says C,
  together, supports it; a sentence without a citation is not supported.
  Per answer: supported sentences / sentences.
* **citation precision**: a citation c of a supported sentence is precise
  when it is needed: c alone supports the sentence, or C without c does not.
  Citations of unsupported sentences are not precise. Per answer: precise
  citations / citations.

Offsets are checked first: a citation whose ``start``/``end`` do not slice its
quote out of the file is not evidence of anything.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from assistant.check.claims import claims
from assistant.check.offsets import bad_offsets
from assistant.evaluation.dataset import SentenceVerdict
from assistant.evaluation.judge import Judge
from assistant.models import Answer


@dataclass
class CitationScores:
    """Citation quality of one answer."""

    recall: float | None  # None when the answer has no sentences (a refusal)
    precision: float | None  # None when it cites nothing
    offsets_valid: float | None  # share of citations whose offsets match the file
    sentences: list[SentenceVerdict]
    bad_offsets: list[int]  # markers whose offsets do not match


def score_citations(
    answer: Answer, judge: Judge, corpus_dir: Path, index_dir: Path | None = None
) -> CitationScores:
    """Judge every sentence of ``answer`` against the quotes it cites.

    Args:
        answer: the answer (a refusal scores ``None`` everywhere).
        judge: decides whether quotes support a claim.
        corpus_dir: where the cited files are, to check offsets.
        index_dir: the index folder, where the derived texts of pages, PDFs ... are.
    """
    if not answer.answerable:
        return CitationScores(None, None, None, [], [])
    broken = {c.marker for c in bad_offsets(answer, corpus_dir, index_dir)}
    # A quote with wrong offsets does not count as evidence for anything.
    quotes = {c.marker: c.quote for c in answer.citations if c.marker not in broken}
    verdicts = [
        _judge_sentence(c.text, list(c.markers), quotes, judge) for c in claims(answer.text)
    ]
    verdicts = [v for v in verdicts if v.text.strip()]
    cited = sum(len(v.markers) for v in verdicts)
    return CitationScores(
        recall=sum(v.supported for v in verdicts) / len(verdicts) if verdicts else 0.0,
        precision=sum(len(v.precise) for v in verdicts) / cited if cited else None,
        offsets_valid=1 - len(broken) / len(answer.citations) if answer.citations else None,
        sentences=verdicts,
        bad_offsets=sorted(broken),
    )


def _judge_sentence(
    text: str, markers: list[int], quotes: dict[int, str], judge: Judge
) -> SentenceVerdict:
    known = [m for m in markers if m in quotes]
    if not markers or len(known) < len(markers):
        missing = sorted(set(markers) - set(known))
        reason = f"cites {missing}: no such quote or wrong offsets" if markers else "no citation"
        return _unsupported(text, markers, [reason])
    verdict = judge.judge(text, [quotes[m] for m in known])
    if not verdict.supported:
        return _unsupported(text, markers, verdict.reasons)
    return SentenceVerdict(
        text=text,
        markers=markers,
        supported=True,
        precise=_needed(text, known, quotes, judge),
        reasons=[],
    )


def _unsupported(text: str, markers: list[int], reasons: list[str]) -> SentenceVerdict:
    return SentenceVerdict(text=text, markers=markers, supported=False, precise=[], reasons=reasons)


def _needed(text: str, markers: list[int], quotes: dict[int, str], judge: Judge) -> list[int]:
    """The markers a supported sentence needs (ALCE precision)."""
    if len(set(markers)) == 1:
        return markers
    needed = []
    for i, m in enumerate(markers):
        rest = [quotes[o] for j, o in enumerate(markers) if j != i]
        alone = judge.judge(text, [quotes[m]]).supported
        if alone or not judge.judge(text, rest).supported:
            needed.append(m)
    return needed

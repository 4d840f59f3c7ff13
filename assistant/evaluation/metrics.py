"""Per-item metrics: retrieval against evidence spans, answer against the reference.

Retrieval (binary relevance): a retrieved passage is relevant when its
``[start, end)`` overlaps a reference evidence span of the same file.

* ``hit@k``: some relevant passage is in the top k.
* ``recall@k``: share of the evidence spans overlapped by a top-k passage.
* ``MRR``: 1 / rank of the first relevant passage (0 when none).
* ``nDCG@k``: DCG of the top k over the DCG of an ideal top k, where the ideal
  ranks first every passage of the index that overlaps the evidence.

Answer: SQuAD-normalised text (lower case, no punctuation, articles or
markers). ``containment`` is the share of key facts the answer states (a key
fact may list equivalent spellings); ``token_f1`` is SQuAD's token F1 against
the reference answer.
"""

from __future__ import annotations

import math
import re
import string
from collections import Counter
from collections.abc import Sequence
from typing import Protocol

from assistant.check.claims import strip_markers
from assistant.evaluation.dataset import EvalItem, Evidence
from assistant.models import Answer, ConflictValue
from assistant.text.figures import figures

_ARTICLES = re.compile(r"\b(?:a|an|the)\b")
_PUNCT = str.maketrans({c: " " for c in string.punctuation + "“”‘’—–"})


class Span(Protocol):
    @property
    def source(self) -> str: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...


def overlaps(span: Span, evidence: Evidence) -> bool:
    """Whether ``span`` and ``evidence`` share a character of the same file."""
    return (
        span.source == evidence.source and span.start < evidence.end and evidence.start < span.end
    )


def retrieval_scores(
    retrieved: Sequence[Span], evidence: list[Evidence], *, relevant_in_index: int, k: int
) -> dict[str, float]:
    """hit@k, recall@k, reciprocal rank and nDCG@k of one ranked list.

    Args:
        retrieved: passages, best first (only the first ``k`` count).
        evidence: the reference evidence spans.
        relevant_in_index: how many passages of the whole index overlap the evidence.
        k: the cut-off.
    """
    top = list(retrieved)[:k]
    relevant = [any(overlaps(p, e) for e in evidence) for p in top]
    found = [e for e in evidence if any(overlaps(p, e) for p in top)]
    first = next((rank for rank, rel in enumerate(relevant, 1) if rel), None)
    dcg = sum(1 / math.log2(rank + 1) for rank, rel in enumerate(relevant, 1) if rel)
    ideal = sum(1 / math.log2(rank + 1) for rank in range(1, min(k, relevant_in_index) + 1))
    return {
        "hit_at_k": float(any(relevant)),
        "recall_at_k": len(found) / len(evidence),
        "mrr": 1 / first if first else 0.0,
        "ndcg_at_k": dcg / ideal if ideal else 0.0,
    }


def normalize(text: str) -> str:
    """SQuAD normalisation, with citation markers removed first."""
    text = strip_markers(text).lower().translate(_PUNCT)
    return " ".join(_ARTICLES.sub(" ", text).split())


def token_f1(prediction: str, reference: str) -> float:
    """SQuAD token F1 between two texts."""
    pred, ref = normalize(prediction).split(), normalize(reference).split()
    common = sum((Counter(pred) & Counter(ref)).values())
    if not pred or not ref or not common:
        return float(pred == ref)
    precision, recall = common / len(pred), common / len(ref)
    return 2 * precision * recall / (precision + recall)


def missing_facts(answer_text: str, key_facts: list[str | list[str]]) -> list[str]:
    """Key facts the answer does not state (each shown by its first spelling)."""
    said = f" {normalize(answer_text)} "
    missing = []
    for fact in key_facts:
        spellings = [fact] if isinstance(fact, str) else fact
        if not any(f" {normalize(s)} " in said for s in spellings):
            missing.append(spellings[0])
    return missing


def conflict_surfaced(answer: Answer, item: EvalItem) -> tuple[bool, str]:
    """Whether the answer shows the disagreement the item is about, and if not why.

    With ``conflict_figures``: one conflict of the answer shows every one of them
    (compared by value, as a side or as a wider count beside them), each credited
    to the source ``conflict_sources`` names for it, when it names one. Without:
    the answer cites every evidence span (both sides of a disagreement that is not
    a figure).
    """
    if item.conflict_figures:
        listed = [[v.value for v in c.values + c.related] for c in answer.conflicts]
        for conflict in answer.conflicts:
            missing = _unshown(conflict.values + conflict.related, item)
            if not missing:
                return True, ""
        return False, f"wanted all of {item.conflict_figures}; conflicts listed {listed}"
    uncited = [e for e in item.evidence if not any(overlaps(c, e) for c in answer.citations)]
    if uncited:
        sides = ", ".join(f"{e.source}:{e.start}-{e.end}" for e in uncited)
        return False, f"does not cite {sides}"
    return True, ""


def _unshown(values: list[ConflictValue], item: EvalItem) -> list[str]:
    """The item's figures no value shows with the source it names."""
    missing = []
    for text in item.conflict_figures:
        wanted = {f.value for f in figures(text)}
        source = item.conflict_sources.get(text, "").lower()
        if not any(
            wanted & {f.value for f in figures(v.value)} and source in v.attribution.lower()
            for v in values
        ):
            missing.append(text)
    return missing


def forbidden_text(answer_text: str, must_not_contain: list[str]) -> list[str]:
    """The forbidden strings the answer contains (case-insensitive; any run of spaces and
    line breaks counts as one space)."""
    lowered = " ".join(answer_text.split()).lower()
    return [s for s in must_not_contain if " ".join(s.split()).lower() in lowered]

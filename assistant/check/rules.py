"""The support judge's word-level rules: figures, negation, names, shared words.

Rules 1 to 3 of ``assistant.check.support`` (:func:`fact_reasons`) and the
shares of a claim's words found in its quotes (:func:`word_share`, :func:`share`).
"""

from __future__ import annotations

import re
from functools import lru_cache

from assistant.text.figures import figures
from assistant.text.terms import capitalised_names, content_stems

_NEGATION = re.compile(r"\b(?:not|no|never|neither|nor|none|cannot|without)\b|n['’]t\b", re.I)


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
        if not set(content_stems(n)) & quoted and n not in initials
    ]


def share(text: str, quoted: set[str]) -> float:
    """Share of the content stems of ``text`` that are in ``quoted``."""
    stems = set(content_stems(text))
    return len(stems & quoted) / len(stems) if stems else 1.0


def fact_reasons(claim: str, quotes: list[str]) -> list[str]:
    """Rules 1 to 3: figures, negation and names."""
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
    return reasons


@lru_cache(maxsize=16384)
def facts(text: str) -> tuple[frozenset[str], frozenset[float]]:
    """A sentence's content stems and figure values (cached: passages recur)."""
    return frozenset(content_stems(text)), frozenset(f.value for f in figures(text))


def word_share(claim: str, quotes: list[str], *, without_names: bool = False) -> float:
    """The share of the claim's content stems (other than its names') found in the quotes."""
    stems = set(content_stems(claim))
    if without_names:
        stems -= {s for name in capitalised_names(claim) for s in content_stems(name)}
    quoted = {s for q in quotes for s in content_stems(q)}
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

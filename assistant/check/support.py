"""The support judge: does the text an answer cites support what it says?

Used by the evaluation suite and by the LLM answer mode alike (the other check,
citation offsets, is ``assistant.check.offsets``). A claim (an answer sentence)
is supported by the quotes it cites when, offline, all of these hold (the rule
the evaluation states and calibrates against hand labels):

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

  The answerer's sentence about its sources, "Reports differ on <topic>:
  <figure>, according to <source> [1]; <figure> [2].", is judged part by part:
  the n-th figure and its words against the n-th quote (rules 1 and 4), and the
  parts must differ.

  The default thresholds come from the calibration against hand labels
  (``evals/judge_labels.jsonl``; see ``assistant.evaluation.judge``).

:meth:`SupportJudge.support`, the LLM mode's check, is stricter by one rule:

  5. rule 4 holds for the claim's words other than its names as well, so that
     a quote naming the same people cannot carry what the claim says of them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from assistant.check.claims import parse_conflict
from assistant.check.rules import fact_reasons, facts, share, word_share
from assistant.embedding.embedder import Embedder
from assistant.embedding.vectors import Vectors
from assistant.text.figures import figures
from assistant.text.injection import looks_like_instruction
from assistant.text.terms import capitalised_names, content_stems


@dataclass
class Verdict:
    supported: bool
    lexical: float  # share of the claim's content stems found in the quotes
    semantic: float  # best cosine between the claim and one quote
    best: int  # index of the quote that supports it best (-1 when none)
    reasons: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Quote:
    """A sentence that may support a claim, with its stored embedding when there is one."""

    text: str
    vector: Vectors | None = None


@dataclass
class Support:
    """A claim judged against the sentences picked from its candidates."""

    verdict: Verdict  # ``best`` indexes ``quotes``; ``semantic`` is NaN when words decided
    quotes: list[int]  # the picked candidates, most helpful first; empty when none helps
    said: float = 1.0  # share of what the claim says of its names found in the quotes (rule 5)


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
        conflict = parse_conflict(claim)
        if conflict:
            return self._judge_conflict(*conflict, quotes)
        reasons = fact_reasons(claim, quotes)
        lexical = word_share(claim, quotes)
        vectors = self.embedder.encode([claim, *quotes])
        cosines = vectors[1:] @ vectors[0]
        best = int(cosines.argmax())
        semantic = float(cosines[best])
        reasons += self._word_reasons(lexical, semantic)
        return Verdict(not reasons, lexical, semantic, best, reasons)

    def _judge_conflict(self, _topic: str, parts: list[str], quotes: list[str]) -> Verdict:
        """The sentence about the sources: each figure against the quote it cites."""
        if len(parts) != len(quotes):
            return Verdict(False, 0.0, float("nan"), -1, ["not one quote per figure"])
        reasons = []
        shares = []
        for part, quote in zip(parts, quotes, strict=True):
            stated = figures(part)
            quoted = {f.value for f in figures(quote)}
            if not stated or any(f.value not in quoted for f in stated):
                reasons.append(f"figure not in its quote: {part}")
            shares.append(share(part, set(content_stems(quote))))
        if len({" ".join(content_stems(p)) for p in parts}) < 2:
            reasons.append("the figures do not differ")
        if min(shares) < self.lexical_min:
            reasons.append(f"a figure's words are not in its quote (words {min(shares):.2f})")
        return Verdict(not reasons, min(shares), float("nan"), 0, reasons)

    def _word_reasons(self, lexical: float, semantic: float, what: str = "it") -> list[str]:
        """Rule 4: enough of the claim's words are quoted (or fewer, said alike)."""
        if lexical >= self.lexical_min or (
            lexical >= self.lexical_soft and semantic >= self.semantic_min
        ):
            return []
        cosine = "" if math.isnan(semantic) else f", cosine {semantic:.2f}"
        return [f"too little of {what} is in the quotes (words {lexical:.2f}{cosine})"]

    def _rules_4_5(self, lexical: float, said: float, semantic: float) -> list[str]:
        return self._word_reasons(lexical, semantic) + self._word_reasons(
            said, semantic, "what it says of the names in it"
        )

    def support(
        self, claims: list[str], candidates: list[list[Quote]], *, max_quotes: int = 2
    ) -> list[Support]:
        """Judge each claim against the candidate sentences that support it best.

        Per claim, the candidates (e.g. every sentence of the passages it cites)
        that hold most of its words and figures are picked, at most ``max_quotes``,
        and judged with the rules of :meth:`judge`; so an answer that cites the
        picked sentences passes :meth:`judge` as well. It is faster than
        :meth:`judge` per claim: words alone decide most claims, and the cosine
        (which matters only between ``lexical_soft`` and ``lexical_min``) is
        computed for the rest in one batch, from stored vectors where given.
        Sentences that look like instructions to an AI are never picked.

        It is stricter than :meth:`judge` in one way (rule 5): rule 4 must hold
        for the claim's words other than its names, too. Names are what pooled
        quotes share most easily: "Mayor Ellen Park resigned" holds three of its
        four words in "..., Mayor Ellen Park said.", which says nothing of it.

        Args:
            claims: answer sentences, without their markers.
            candidates: per claim, the sentences that may support it.
            max_quotes: the most sentences picked for one claim.

        Returns:
            One :class:`Support` per claim.
        """
        picked = [self._pick(c, q, max_quotes) for c, q in zip(claims, candidates, strict=True)]
        out: list[Support] = []
        pending: list[int] = []
        for i, (claim, chosen) in enumerate(zip(claims, picked, strict=True)):
            if not chosen:
                out.append(
                    Support(
                        Verdict(
                            False, 0.0, 0.0, -1, ["no cited sentence shares its words or figures"]
                        ),
                        [],
                    )
                )
                continue
            quotes = [candidates[i][j].text for j in chosen]
            reasons, lexical = fact_reasons(claim, quotes), word_share(claim, quotes)
            said = word_share(claim, quotes, without_names=True)
            settled = self._rules_4_5(lexical, said, math.nan)
            # The cosine can only matter when no other rule fails and a share is in between.
            if reasons or min(lexical, said) < self.lexical_soft or not settled:
                reasons += settled
            else:
                pending.append(i)
            out.append(Support(Verdict(not reasons, lexical, math.nan, 0, reasons), chosen, said))
        self._settle(pending, claims, [[candidates[i][j] for j in picked[i]] for i in pending], out)
        return out

    def _pick(self, claim: str, candidates: list[Quote], max_quotes: int) -> list[int]:
        """Greedily, the candidates that add most of the claim's stems and figures."""
        stems, values = facts(claim)
        said = stems - {s for name in capitalised_names(claim) for s in content_stems(name)}
        usable = {
            i: facts(q.text) for i, q in enumerate(candidates) if not looks_like_instruction(q.text)
        }
        chosen: list[int] = []
        have: tuple[frozenset[str], frozenset[float]] = (frozenset(), frozenset())

        def gain(i: int) -> tuple[float, int, int]:
            s, v = usable[i]
            new = len((stems & s) - have[0]) / max(len(stems), 1) + len((values & v) - have[1])
            return new, len(stems & s), -len(candidates[i].text)

        while len(chosen) < max_quotes and usable:
            best = max(usable, key=gain)
            if gain(best)[0] <= 0:
                break
            chosen.append(best)
            s, v = usable.pop(best)
            have = (have[0] | s, have[1] | v)
            if (
                len(stems & have[0]) >= self.lexical_min * len(stems)
                and values <= have[1]
                and len(said & have[0]) >= self.lexical_min * len(said)
            ):
                break
            # A further sentence must be about the claim on its own, not lend it a word or
            # two: sentences pooled word by word would support almost anything.
            usable = {
                i: f
                for i, f in usable.items()
                if len(stems & f[0]) >= self.lexical_soft * len(stems)
            }
        return chosen

    def _settle(
        self, pending: list[int], claims: list[str], quotes: list[list[Quote]], out: list[Support]
    ) -> None:
        """Decide the claims rules 4 and 5 leave to the cosine, encoding in one batch."""
        if not pending:
            return
        texts = [claims[i] for i in pending]
        texts += [q.text for group in quotes for q in group if q.vector is None]
        encoded = iter(self.embedder.encode(texts))
        claim_vectors = [next(encoded) for _ in pending]
        for i, vector, group in zip(pending, claim_vectors, quotes, strict=True):
            rows = [q.vector if q.vector is not None else next(encoded) for q in group]
            cosines = np.asarray(rows, dtype=np.float32) @ vector
            best = int(cosines.argmax())
            verdict = out[i].verdict
            verdict.semantic, verdict.best = float(cosines[best]), best
            verdict.reasons = self._rules_4_5(verdict.lexical, out[i].said, verdict.semantic)
            verdict.supported = not verdict.reasons

"""Questions that ask two things at once, answered part by part.

"How well did the vaccine work, and how many cases were there in each group?" asks
two questions; one sentence rarely answers both, and the best sentence for the
whole question often answers neither. Each part is answered on its own (a later
part read as a follow-up of the first: "and by how much?"), and the answers are
joined, their citations numbered once.
"""

from __future__ import annotations

import re

from assistant.models import Answer, Citation, Conflict, ConflictValue

# ", and how many ...", " and when ...", ", and by how much?": a second question.
_SECOND = re.compile(
    r",?\s+and\s+(?=(?:how|what|who|whom|whose|where|when|which|why|by how)\b)", re.IGNORECASE
)
_MARKER = re.compile(r"\[(\d+)\]")


def question_parts(question: str) -> list[str]:
    """The questions a question asks: itself, or its two parts when it joins two
    questions with "and" (each part at least two words, each ending in "?")."""
    pieces = _SECOND.split(question.strip(), maxsplit=1)
    if len(pieces) != 2 or any(len(p.split()) < 2 for p in pieces):
        return [question]
    first, second = (p.strip().rstrip("?").rstrip(",").strip() for p in pieces)
    return [f"{first}?", f"{second[0].upper()}{second[1:]}?"]


def joined(question: str, standalone: str, answers: list[Answer]) -> Answer:
    """One answer from the answers to a question's parts: the answered parts in order,
    their citations numbered once (a sentence cited by two parts keeps one number)."""
    answered = [a for a in answers if a.answerable]
    if not answered:
        best = max(answers, key=lambda a: a.support or 0.0)
        return best.model_copy(update={"question": question, "standalone_question": standalone})
    citations: list[Citation] = []
    texts: list[str] = []
    conflicts: list[Conflict] = []
    for a in answered:
        known = len(citations)
        number = {c.marker: _renumbered(citations, c) for c in a.citations}
        if len(citations) > known:  # a part answered with sentences already quoted adds none
            texts.append(_renumbered_text(a.text, number))
        conflicts += [_renumbered_conflict(c, number) for c in a.conflicts]
    return answered[0].model_copy(
        update={
            "question": question,
            "standalone_question": standalone,
            "text": " ".join(texts),
            "citations": citations,
            "conflicts": conflicts,
            "support": min(a.support or 0.0 for a in answered),
            "notice": " ".join(dict.fromkeys(a.notice for a in answered if a.notice)),
        }
    )


def _renumbered_text(text: str, number: dict[int, int]) -> str:
    return _MARKER.sub(lambda m: f"[{number[int(m.group(1))]}]", text)


def _renumbered_conflict(conflict: Conflict, number: dict[int, int]) -> Conflict:
    def values(vs: list[ConflictValue]) -> list[ConflictValue]:
        return [v.model_copy(update={"marker": number[v.marker]}) for v in vs]

    return conflict.model_copy(
        update={"values": values(conflict.values), "related": values(conflict.related)}
    )


def _renumbered(citations: list[Citation], citation: Citation) -> int:
    for c in citations:
        if c.passage_id == citation.passage_id and c.start == citation.start:
            return c.marker
    citations.append(citation.model_copy(update={"marker": len(citations) + 1}))
    return len(citations)

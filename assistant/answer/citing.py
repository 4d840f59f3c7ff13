"""Citations of quoted sentences, shared by both answerers.

A sentence is cited once: its marker is the number of its citation, in order of
first use (1, 2, ...), and ``start``/``end``/``quote`` are exact file offsets.
"""

from __future__ import annotations

from assistant.models import Citation, Passage, Sentence


def cite(citations: list[Citation], passage: Passage, sentence: Sentence) -> int:
    """The marker of a passage sentence, adding a citation to ``citations`` if it is new."""
    for c in citations:
        if c.passage_id == passage.id and c.start == sentence.start:
            return c.marker
    citations.append(
        Citation(
            marker=len(citations) + 1,
            source=passage.source,
            title=passage.title,
            start=sentence.start,
            end=sentence.end,
            quote=passage.sentence_text(sentence),
            passage_id=passage.id,
            outlet=passage.outlet,
            date=passage.date,
            author=passage.author,
            url=passage.url,
            text_file=passage.text_file,
        )
    )
    return citations[-1].marker

"""Every quote is one or more whole sentences of its article, at their exact offsets.

``text[start:end] == quote`` alone holds for a quote cut one character short at
both ends of its offsets too; the sentence boundaries are taken here from the
project's own splitter, run over the article's kept blocks as indexing runs it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant import Assistant
from assistant.ingest.corpus import load_corpus
from assistant.ingest.sentences import split_sentences

QUESTIONS = [
    "How much will the footbridge cost?",
    "When will the bridge open?",
    "Why did councillors vote against the plan?",
    "Who designed the footbridge?",
    "What did the mayor say about the bridge?",
    "How much more fruit did orchards with flower strips produce?",
    "Which insects were most effective?",
    "What did researchers find?",
    "Where is the harbour master based?",
    "How long did it take to put out the fire?",
    "How many workers were injured in the Port Alden warehouse fire?",
    "What did Tessaro say?",
    "How did the blaze begin?",
    "What did the spokeswoman say?",
]


@pytest.fixture(scope="module")
def sentence_spans(own_bot: Assistant) -> dict[str, list[tuple[int, int]]]:
    """Sentence spans of every test article, over the blocks that are indexed."""
    corpus = own_bot.settings.corpus
    articles, _ = load_corpus(corpus.dir, max_bytes=corpus.max_file_bytes)
    return {
        a.source: [
            span
            for b in a.blocks
            if b.kind in ("body", "caption")
            for span in split_sentences(a.text, b.start, b.end)
        ]
        for a in articles
    }


def test_every_quote_is_whole_sentences(
    own_bot: Assistant, sentence_spans: dict[str, list[tuple[int, int]]]
) -> None:
    corpus = Path(own_bot.settings.corpus.dir)
    quoted: set[str] = set()
    for question in QUESTIONS:
        answer = own_bot.ask(question)
        assert answer.answerable, question
        for c in answer.citations:
            text = (corpus / c.source).read_text(encoding="utf-8")
            assert text[c.start : c.end] == c.quote, (question, c)
            spans = sentence_spans[c.source]
            starts = [i for i, (s, _) in enumerate(spans) if s == c.start]
            ends = [i for i, (_, e) in enumerate(spans) if e == c.end]
            assert starts and ends and starts[0] <= ends[0], (question, c.quote, c.start, c.end)
            quoted.add(c.source)
    assert quoted == set(sentence_spans)  # every test article was quoted

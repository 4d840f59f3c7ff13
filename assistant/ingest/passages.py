"""Group an article's kept sentences into passages, with offsets.

Sentences never lose their place: every span is an offset pair into the file
text. A passage is a run of whole sentences from consecutive kept blocks of
one kind, cut before it grows past ``max_words``; boilerplate always cuts it,
so a passage's text is exactly ``file_text[start:end]`` with nothing removed
inside it.
"""

from __future__ import annotations

import hashlib
import re

from assistant.ingest.sentences import split_sentences
from assistant.models import Article, Block, Passage, Sentence

_WORD = re.compile(r"\w+(?:['’.-]\w+)*")


def word_count(text: str) -> int:
    return len(_WORD.findall(text))


def passage_id(source: str, start: int, text: str) -> str:
    """A stable id: the same file content gives the same id."""
    digest = hashlib.sha256(f"{source}\x00{start}\x00{text}".encode()).hexdigest()
    return digest[:16]


def build_passages(article: Article, *, max_words: int) -> list[Passage]:
    """Passages of whole sentences over the article's body and caption blocks.

    Args:
        article: a loaded, classified article.
        max_words: a passage is closed before it would grow past this.

    Returns:
        Passages in file order.
    """
    passages: list[Passage] = []
    run: list[Sentence] = []
    for block, sentences in _kept_sentences(article):
        new_kind = bool(run) and (
            run[-1].kind != block.kind or _interrupted(article, run[-1], block)
        )
        if run and (new_kind or _words(article, run + sentences) > max_words):
            passages.append(_passage(article, run))
            run = []
        for sentence in sentences:
            # A paragraph longer than a passage is cut between its sentences.
            if run and _words(article, [*run, sentence]) > max_words:
                passages.append(_passage(article, run))
                run = []
            run.append(sentence)
    if run:
        passages.append(_passage(article, run))
    return passages


def _words(article: Article, sentences: list[Sentence]) -> int:
    return sum(word_count(article.text[s.start : s.end]) for s in sentences)


def _kept_sentences(article: Article) -> list[tuple[Block, list[Sentence]]]:
    kept = []
    for block in article.blocks:
        if block.kind in ("body", "caption"):
            spans = split_sentences(article.text, block.start, block.end)
            kept.append((block, [Sentence(start=s, end=e, kind=block.kind) for s, e in spans]))
    return kept


def _interrupted(article: Article, last: Sentence, block: Block) -> bool:
    """True when something not kept (boilerplate, the title) lies between the two."""
    return any(
        last.end <= b.start < block.start and b.kind in ("boilerplate", "title")
        for b in article.blocks
    )


def _passage(article: Article, sentences: list[Sentence]) -> Passage:
    start, end = sentences[0].start, sentences[-1].end
    text = article.text[start:end]
    return Passage(
        id=passage_id(article.source, start, text),
        source=article.source,
        title=article.title,
        start=start,
        end=end,
        text=text,
        kind=sentences[0].kind,
        sentences=sentences,
        outlet=article.outlet,
        date=article.date,
        author=article.author,
        url=article.url,
        text_file=article.text_file,
    )


def index_text(passage: Passage) -> str:
    """What is embedded and keyword-indexed for a passage: its article's title, then it.

    A passage cut from the middle of a story often lacks the names that say what
    it is about ("said lead author Dmitri Nakamura" never names the university);
    the title carries them. The passage text itself, and so every offset, is unchanged.
    """
    return f"{passage.title}\n{passage.text}"


def index_spans(passage: Passage) -> list[tuple[int, int]]:
    """Where each of the passage's sentences lies in its :func:`index_text`."""
    shift = len(passage.title) + 1 - passage.start  # the title and a newline come first
    return [(s.start + shift, s.end + shift) for s in passage.sentences]

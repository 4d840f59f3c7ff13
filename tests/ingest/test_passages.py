"""Sentences and passages keep exact offsets and stable ids."""

from __future__ import annotations

from assistant.ingest.corpus import build_article, load_corpus
from assistant.ingest.passages import build_passages
from assistant.ingest.sentences import split_sentences
from tests.conftest import OWN_ARTICLES, SEEDS


def _sentences(text: str) -> list[str]:
    return [text[a:b] for a, b in split_sentences(text, 0, len(text))]


def test_sentence_split_respects_abbreviations_and_quotes() -> None:
    text = (
        'Officials met U.S. representatives in Doha. "We are able," Mr. Shaheen said. '
        "Dr. J. Smith left at 11 p.m. on Friday. The fund fell 2.5 percent."
    )
    assert _sentences(text) == [
        "Officials met U.S. representatives in Doha.",
        '"We are able," Mr. Shaheen said.',
        "Dr. J. Smith left at 11 p.m. on Friday.",
        "The fund fell 2.5 percent.",
    ]


def test_headline_line_inside_a_block_is_its_own_sentence() -> None:
    text = "Taliban Rule Out Cooperation With U.S.\nThe Taliban said Saturday it will act alone."
    assert _sentences(text) == [
        "Taliban Rule Out Cooperation With U.S.",
        "The Taliban said Saturday it will act alone.",
    ]


def test_every_offset_slices_the_file_exactly() -> None:
    for corpus in (SEEDS, OWN_ARTICLES):
        articles, _ = load_corpus(corpus, max_bytes=5_000_000)
        for article in articles:
            on_disk = (corpus / article.source).read_text(encoding="utf-8")
            for p in build_passages(article, max_words=60):
                assert on_disk[p.start : p.end] == p.text
                for s in p.sentences:
                    assert p.start <= s.start < s.end <= p.end
                    assert on_disk[s.start : s.end].strip() == on_disk[s.start : s.end]


def test_passages_respect_size_and_sentence_boundaries() -> None:
    articles, _ = load_corpus(SEEDS, max_bytes=5_000_000)
    for article in articles:
        passages = build_passages(article, max_words=60)
        assert passages
        for p in passages:
            assert p.sentences[0].start == p.start and p.sentences[-1].end == p.end
            words = len(p.text.split())
            assert words <= 60 or len(p.sentences) == 1


def test_ids_are_stable_for_the_same_content() -> None:
    text = "Title\n\nFirst sentence here. Second one follows.\n\nAnother paragraph now.\n"
    first = build_passages(build_article("a.txt", text, "x"), max_words=60)
    again = build_passages(build_article("a.txt", text, "y"), max_words=60)
    assert [p.id for p in first] == [p.id for p in again]
    edited = build_passages(build_article("a.txt", text.replace("now", "today"), "z"), max_words=60)
    assert first[0].id == edited[0].id or first[0].text != edited[0].text
    assert [p.id for p in edited] != [p.id for p in first]

"""The words' vectors an ingest stores, and a question that embeds no corpus word."""

from __future__ import annotations

import numpy as np

from assistant import Assistant
from assistant.index.vocabulary import vocabulary
from assistant.text.terms import plain_words


def test_every_plain_word_of_the_corpus_is_stored_with_its_vector(seed_bot: Assistant) -> None:
    words = seed_bot.data.words
    assert words is not None
    expected = vocabulary(seed_bot.data.passages)
    assert [w.decode("utf-8") for w in words.words] == expected
    assert "worshippers" in expected and "the" not in expected  # plain words, no stopwords
    sample = ["airport", "wounded", "taliban", "shiite", "worshippers"]
    stored = words.get([*sample, "notawordofthecorpus"])
    assert sorted(stored) == sorted(sample)  # a word it does not hold is not made up
    now = seed_bot.embedder.encode(sample)
    for word, vector in zip(sample, now, strict=True):
        assert float(stored[word] @ vector) > 0.99  # the same embedding, stored in float16


def test_a_question_embeds_only_its_own_words_the_corpus_lacks(seed_bot: Assistant) -> None:
    question = "How many staff members of the workforce were wounded near the airport?"
    seed_bot.ask("Who claimed the Kabul airport attack?")  # the model and caches are warm
    before = seed_bot.embedder.encoded_texts
    seed_bot.ask(question)
    corpus = set(vocabulary(seed_bot.data.passages))
    own = {w for w in plain_words(question) if w not in corpus}
    assert own  # "workforce", "staff" are not in the seed articles
    assert seed_bot.embedder.encoded_texts - before <= len(own) + 1  # + the question itself


def test_lookups_of_words_outside_the_sorted_range(seed_bot: Assistant) -> None:
    words = seed_bot.data.words
    assert words is not None
    first, last = words.words[0].decode(), words.words[-1].decode()
    found = words.get(["aaaa", first, last, "zzzzzzzz", "ünïcode"])
    assert set(found) == {first, last}
    assert all(v.dtype == np.float32 and v.shape == (384,) for v in found.values())

"""The grounder: a generated reply checked sentence by sentence against its passages."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from assistant import Assistant, Settings
from assistant.answer.grounding import UNSUPPORTED_NOTE, Grounder, normalise_markers
from assistant.check.claims import NO_ANSWER, claims
from assistant.check.offsets import offsets_match
from assistant.retrieval.hybrid import Hit

QUESTION = "How many people were killed in the Kunduz mosque attack?"


@pytest.fixture
def bot(corpus: tuple[Path, Path]) -> Assistant:
    return Assistant.open(corpus=corpus[0], index=corpus[1], settings=Settings())


@pytest.fixture
def hits(bot: Assistant) -> list[Hit]:
    return bot.search(QUESTION, k=5)


def grounder(bot: Assistant, hits: list[Hit], *, mark: bool = False) -> Grounder:
    return Grounder(hits, bot.judge, not_found=NO_ANSWER, mark_unsupported=mark)


def n(hits: list[Hit], phrase: str) -> int:
    """The prompt number of the passage that contains ``phrase``."""
    return next(i for i, h in enumerate(hits, start=1) if phrase in h.passage.text)


def run(g: Grounder, reply: str) -> list[str]:
    return g.feed(reply) + g.finish()


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("a [1, 2].", "a [1][2]."),
        ("a [1-3].", "a [1][2][3]."),
        ("a [Passage 2].", "a [2]."),
        ("a 【1】.", "a [1]."),
        ("a [1] [2].", "a [1] [2]."),
        ("in [the] list", "in [the] list"),
    ],
)
def test_marker_styles_are_normalised(raw: str, expected: str) -> None:
    assert normalise_markers(raw) == expected


def test_a_supported_sentence_cites_the_best_sentence_of_its_passage(
    bot: Assistant, hits: list[Hit], corpus: tuple[Path, Path]
) -> None:
    g = grounder(bot, hits)
    hashemi = n(hits, "more than 70")
    # Every word of the claim is in one of the passage's sentences: the words decide, far
    # from any threshold (a paraphrase at cosine 0.80 sat on the judge's 0.80 cut, and
    # CPUs computing other int8 vectors gave other verdicts).
    pieces = run(
        g,
        f"Hashemi believes more than 70 people were killed in the bombing [{hashemi}].",
    )
    assert pieces == ["Hashemi believes more than 70 people were killed in the bombing. [1]"]
    [citation] = g.citations
    # Of the passage's two sentences, the one that supports the claim.
    assert citation.quote == "Hashemi said believes more than 70 people were killed in the bombing."
    assert offsets_match(citation, corpus[0])
    assert g.supported == 1 and g.unsupported == 0


def test_sentences_are_released_only_once_complete(bot: Assistant, hits: list[Hit]) -> None:
    first, second = n(hits, "at least 100"), n(hits, "more than 70")
    reply = (
        f"At least 100 people were injured or killed in the attack on Kunduz's Shiite "
        f"Muslim worshippers. [{first}] Hashemi believes more than 70 people were killed "
        f"[{second}]."
    )
    g = grounder(bot, hits)
    released: list[tuple[int, str]] = []
    for i, char in enumerate(reply):
        released += [(i, text) for text in g.feed(char)]
    released += [(len(reply), text) for text in g.finish()]
    assert [text for _, text in released] == [
        "At least 100 people were injured or killed in the attack on Kunduz's Shiite Muslim "
        "worshippers. [1]",
        " Hashemi believes more than 70 people were killed. [2]",
    ]
    # The first sentence waits for its trailing marker and the next sentence to begin.
    assert released[0][0] == reply.index("Hashemi")
    answer = g.answer(QUESTION, QUESTION)
    assert answer.text == "".join(text for _, text in released)
    assert [c.marker for c in answer.citations] == [1, 2]
    # "at least 100 injured or killed" is no death toll: it does not disagree with "more than 70
    # killed" (issue 13; it used to be announced as a disagreement).
    assert answer.conflicts == []


def test_a_marker_naming_no_passage_is_removed(bot: Assistant, hits: list[Hit]) -> None:
    g = grounder(bot, hits)
    hashemi = n(hits, "more than 70")
    pieces = run(
        g,
        f"Hashemi believes more than 70 people were killed [{hashemi}][9]. "
        "The toll was higher than any before [9].",
    )
    assert pieces == ["Hashemi believes more than 70 people were killed. [1]"]
    assert g.bogus_markers == 2
    assert g.unsupported == 1  # the sentence that cited only [9]
    assert g.checked[1][1].reasons == ["cites no passage it was given"]


def test_an_unsupported_sentence_is_dropped_or_marked(bot: Assistant, hits: list[Hit]) -> None:
    hashemi = n(hits, "more than 70")
    reply = (
        f"Hashemi believes more than 70 people were killed [{hashemi}]. "
        f"Hashemi said 300 people died [{hashemi}]."
    )
    dropped = grounder(bot, hits)
    assert run(dropped, reply) == ["Hashemi believes more than 70 people were killed. [1]"]
    assert dropped.unsupported == 1
    answer = dropped.answer(QUESTION, QUESTION)
    assert answer.unsupported_sentences == 1
    assert "1 sentence the language model wrote was left out" in answer.notice
    marked = grounder(bot, hits, mark=True)
    text = "".join(run(marked, reply))
    assert text.endswith(f"Hashemi said 300 people died ({UNSUPPORTED_NOTE}).")
    # Marked text carries no marker, so it is never shown as cited.
    assert [c.markers for c in claims(text)] == [(1,), ()]


def test_markers_are_renumbered_in_order_of_use(bot: Assistant, hits: list[Hit]) -> None:
    first, second = n(hits, "more than 70"), n(hits, "at least 100")
    g = grounder(bot, hits)
    text = "".join(
        run(
            g,
            f"Hashemi believes more than 70 people were killed [{first}]. "
            f"At least 100 people were injured or killed in the attack "
            f"[{second}][{first}].",
        )
    )
    assert [c.markers for c in claims(text)] == [(1,), (2,)]
    assert [c.quote[:20] for c in g.citations] == ["Hashemi said believe", "According to the Ass"]


def test_the_not_found_reply_is_recognised(bot: Assistant, hits: list[Hit]) -> None:
    g = grounder(bot, hits)
    assert run(g, NO_ANSWER) == []
    assert g.said_not_found and g.supported == 0 and g.unsupported == 0


@pytest.mark.parametrize("seed", range(6))
def test_any_split_of_the_stream_gives_the_same_answer(
    bot: Assistant, hits: list[Hit], seed: int
) -> None:
    a, b = n(hits, "at least 100"), n(hits, "more than 70")
    reply = (
        f"At least 100 people were injured or killed in the attack [{a}, 9]. Hashemi "
        f"believes more than 70 people were killed. [{b}] [{a}] The U.S. said 300 died "
        f"[Passage {a}]! Mr. Hashemi said more than 70 people were killed. [Passage {b}] "
        f"Hashemi believes more than 70 people were killed [{b}]."
    )
    whole = grounder(bot, hits)
    expected = run(whole, reply)
    rng = random.Random(seed)
    cuts = sorted(rng.sample(range(1, len(reply)), 40))
    g = grounder(bot, hits)
    out = [
        t
        for start, end in zip([0, *cuts], [*cuts, len(reply)], strict=True)
        for t in g.feed(reply[start:end])
    ] + g.finish()
    assert out == expected and "".join(out) == " ".join(whole.parts)
    assert (g.supported, g.unsupported, g.bogus_markers) == (4, 1, 1)

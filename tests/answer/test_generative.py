"""The LLM mode end to end with LangChain's deterministic fake chat models."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from langchain_core.callbacks import BaseCallbackHandler
from langchain_core.language_models.fake_chat_models import (
    FakeListChatModel,
    GenericFakeChatModel,
)
from langchain_core.messages import AIMessage, BaseMessage

from assistant import Answer, Assistant, BadQuestionError, Settings
from assistant.check.claims import NO_ANSWER, claims
from assistant.check.offsets import offsets_match
from assistant.check.support import SupportJudge

KUNDUZ = "How many people were killed in the Kunduz mosque attack?"


class Prompts(BaseCallbackHandler):
    """Records the messages each model call was given."""

    def __init__(self) -> None:
        self.calls: list[list[BaseMessage]] = []

    def on_chat_model_start(
        self, serialized: Any, messages: list[list[BaseMessage]], **kwargs: Any
    ) -> None:
        self.calls.extend(messages)


class Tokens(BaseCallbackHandler):
    """Counts the pieces a model has streamed so far."""

    def __init__(self) -> None:
        self.count = 0

    def on_llm_new_token(self, token: Any, **kwargs: Any) -> None:
        self.count += 1


def open_bot(corpus: tuple[Path, Path], model: Any = None, **llm: Any) -> Assistant:
    return Assistant.open(corpus=corpus[0], index=corpus[1], settings=Settings(llm=llm), llm=model)


def number(bot: Assistant, question: str, phrase: str) -> int:
    """The number the answer prompt will give the passage containing ``phrase``."""
    hits = bot.search(question)
    return next(i for i, h in enumerate(hits, start=1) if phrase in h.passage.text)


def collect(
    bot: Assistant, question: str, history: list[Answer] | None = None, **kw: Any
) -> tuple[list[str], Answer]:
    tokens, final = [], None
    for kind, value in bot.stream(question, history, **kw):
        if kind == "token":
            assert isinstance(value, str)
            tokens.append(value)
        else:
            assert isinstance(value, Answer) and final is None
            final = value
    assert final is not None
    return tokens, final


def test_a_cited_answer_streams_checked_sentences(corpus: tuple[Path, Path]) -> None:
    bot = open_bot(corpus)
    a, b = number(bot, KUNDUZ, "at least 100"), number(bot, KUNDUZ, "more than 70")
    reply = (
        f"According to the Associated Press, at least 100 people were injured or killed in "
        f"the attack [{a}]. A Shiite community leader, Hashemi, believes more than 70 "
        f"people were killed [{b}]."
    )
    bot = open_bot(corpus, FakeListChatModel(responses=[reply]))
    tokens, answer = collect(bot, KUNDUZ)
    assert answer.mode == "llm" and answer.answerable and not answer.notice
    assert "".join(tokens) == answer.text and len(tokens) == 2
    # The second sentence joins two of the article's: the leader's title and his figure.
    assert [c.markers for c in claims(answer.text)] == [(1,), (2, 3)]
    assert "community leader" in answer.citations[2].quote + answer.citations[1].quote
    assert all(offsets_match(c, corpus[0]) for c in answer.citations)
    assert answer.conflicts == []  # "injured or killed" is no death toll (issue 13)
    # The evaluation's judge agrees with every sentence it is shown.
    judge, quotes = SupportJudge(bot.embedder), {c.marker: c.quote for c in answer.citations}
    for claim in claims(answer.text):
        assert judge.judge(claim.text, [quotes[m] for m in claim.markers]).supported


def test_a_word_by_word_stream_gives_the_same_answer(corpus: tuple[Path, Path]) -> None:
    bot = open_bot(corpus)
    b = number(bot, KUNDUZ, "more than 70")
    reply = f"Hashemi believes more than 70 people were killed in the bombing [{b}]."
    fake = GenericFakeChatModel(messages=iter([AIMessage(reply)]))
    answer = open_bot(corpus, fake).ask(KUNDUZ)
    assert answer.text == "Hashemi believes more than 70 people were killed in the bombing. [1]"


def test_no_supported_sentence_falls_back_to_the_extractive_answer(
    corpus: tuple[Path, Path],
) -> None:
    bot = open_bot(corpus)
    a = number(bot, KUNDUZ, "at least 100")
    reply = f"The attack killed 500 people [{a}]. The mosque was rebuilt in a week [{a}]."
    bot = open_bot(corpus, FakeListChatModel(responses=[reply]))
    tokens, answer = collect(bot, KUNDUZ)
    extractive = bot.ask(KUNDUZ, mode="extractive")
    assert answer.mode == "extractive" and answer.text == extractive.text
    assert "".join(tokens) == answer.text
    assert answer.unsupported_sentences == 2
    assert answer.notice.startswith("No sentence the language model wrote was supported")
    assert "(2 checked)" in answer.notice
    assert "500" not in answer.text


def test_the_model_saying_the_articles_do_not_answer(corpus: tuple[Path, Path]) -> None:
    bot = open_bot(corpus, FakeListChatModel(responses=[NO_ANSWER]))
    answer = bot.ask("What is the capital of Peru?")
    assert (answer.answerable, answer.mode, answer.text) == (False, "llm", NO_ANSWER)
    assert answer.citations == []


def test_a_slow_model_falls_back_in_time(corpus: tuple[Path, Path]) -> None:
    reply = "Slow words " * 20  # 220 pieces (one a character), 0.2 s apart
    tokens = Tokens()
    model = FakeListChatModel(responses=[reply], sleep=0.2, callbacks=[tokens])
    answer = open_bot(corpus, model, timeout=0.6).ask(KUNDUZ)
    assert answer.mode == "extractive" and answer.answerable
    assert "did not finish within 0.6 s" in answer.notice
    assert "Slow words" not in answer.text
    # The answer did not wait for the reply: the model had streamed a few pieces of it.
    assert tokens.count < len(reply) // 4


def test_a_failing_model_falls_back_with_one_line(corpus: tuple[Path, Path]) -> None:
    bot = open_bot(corpus, FakeListChatModel(responses=["one two three"], error_on_chunk_number=2))
    answer = bot.ask(KUNDUZ)
    assert answer.mode == "extractive" and answer.answerable
    assert "FakeListChatModelError" in answer.notice and "\n" not in answer.notice


def test_a_follow_up_is_condensed_before_retrieval(corpus: tuple[Path, Path]) -> None:
    first = open_bot(corpus).ask("Who is the Taliban's political spokesman?", mode="extractive")
    standalone = "Where is Taliban spokesman Suhail Shaheen based?"
    bot = open_bot(corpus)
    doha = number(bot, standalone, "based at Doha")
    prompts = Prompts()
    fake = FakeListChatModel(
        responses=[standalone, f"Suhail Shaheen is based at Doha [{doha}]."], callbacks=[prompts]
    )
    answer = open_bot(corpus, fake).ask("Where is he based?", [first])
    assert answer.standalone_question == standalone
    assert answer.mode == "llm" and "Doha" in answer.text and answer.citations
    condense, (_, user) = prompts.calls
    assert "Where is he based?" in condense[0].text and first.question in condense[0].text
    assert f"Question: {standalone}" in user.text


def test_an_unusable_rewrite_falls_back_to_the_heuristic(corpus: tuple[Path, Path]) -> None:
    first = open_bot(corpus).ask("Who is the Taliban's political spokesman?", mode="extractive")
    fake = FakeListChatModel(responses=["   ", NO_ANSWER])
    answer = open_bot(corpus, fake).ask("Where is he based?", [first])
    assert "Shaheen" in answer.standalone_question


def test_mode_extractive_never_calls_the_model(corpus: tuple[Path, Path]) -> None:
    prompts = Prompts()
    bot = open_bot(corpus, FakeListChatModel(responses=["x"], callbacks=[prompts]))
    answer = bot.ask(KUNDUZ, mode="extractive")
    assert answer.mode == "extractive" and prompts.calls == []


def test_mode_llm_without_a_model_says_so(corpus: tuple[Path, Path]) -> None:
    answer = open_bot(corpus).ask(KUNDUZ, mode="llm")
    assert answer.mode == "extractive" and answer.answerable
    assert "no language model is configured; set ASSISTANT_LLM" in answer.notice


def test_the_extractive_mode_streams_its_sentences(corpus: tuple[Path, Path]) -> None:
    bot, longest = open_bot(corpus), 0
    for question in (KUNDUZ, "What did Suhail Shaheen say about the Islamic State group?"):
        tokens, answer = collect(bot, question)
        assert answer.mode == "extractive" and "".join(tokens) == answer.text
        assert len(tokens) == len(claims(answer.text))  # one piece per sentence
        assert all(t.rstrip().endswith(("]", ".")) for t in tokens)
        assert not any(t.strip().startswith("[") for t in tokens)  # markers stay with it
        longest = max(longest, len(tokens))
    assert longest >= 2


def test_a_bad_question_fails_at_the_call(corpus: tuple[Path, Path]) -> None:
    bot = open_bot(corpus)
    with pytest.raises(BadQuestionError):
        bot.stream("   ")
    with pytest.raises(ValueError, match="mode must be"):
        bot.ask(KUNDUZ, mode="poetry")  # type: ignore[arg-type]


def test_chat_service_passes_verified_llm_pieces_on_as_they_come(corpus: tuple[Path, Path]) -> None:
    """The chat shows an LLM answer while it is written: only checked sentences reach it."""
    from assistant.ui.service import LLM, ChatService

    bot = open_bot(corpus)
    b = number(bot, KUNDUZ, "more than 70")
    reply = (
        f"Hashemi believes more than 70 people were killed in the bombing [{b}]. "
        f"The mosque was rebuilt in a week [{b}]."
    )
    service = ChatService(bot.settings, echo=lambda _: None)
    service._bot = open_bot(corpus, GenericFakeChatModel(messages=iter([AIMessage(reply)])))
    pieces: list[str] = []
    result = service.ask(KUNDUZ, [], mode=LLM, on_token=pieces.append)
    assert "".join(pieces).count("more than 70") == 1
    assert "rebuilt" not in "".join(pieces)  # unsupported: never shown, not even in the draft
    assert result.answer.mode == "llm" and result.answer.unsupported_sentences == 1

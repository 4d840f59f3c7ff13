"""The chat's shared assistant: opening, answering sessions, adding articles."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from assistant.core import Assistant
from assistant.errors import AssistantError, CorpusError
from assistant.settings import Settings
from assistant.ui.service import ChatService, answer_modes
from assistant.ui.uploads import Upload, accepted

from .conftest import ROOT, chat_settings
from .news_files import (
    EMPTY_PAGE,
    FERRY_DATE,
    FERRY_OUTLET,
    FERRY_PAGE,
    PORT_AUTHOR,
    PORT_DATE,
    port_report_pdf,
)

BRIDGE = (
    "Valmora harbour bridge reopens after repairs\n\n"
    "The Valmora harbour bridge reopened to traffic on 3 March after fourteen months of "
    "repairs, the city engineer Ilse Marten said.\n\n"
    "The repairs cost 42 million euros and replaced every cable of the bridge.\n"
)


def as_upload(tmp_path: Path, name: str, text: str | bytes) -> Upload:
    data = text.encode() if isinstance(text, str) else text
    path = tmp_path / f"upload-{abs(hash(name))}"
    path.write_bytes(data)
    return Upload(name=name, path=path)


def test_answers_follow_ups_from_the_history_it_is_given(service: ChatService) -> None:
    first = service.ask("Who is the Taliban's political spokesman?", [])
    assert "Suhail Shaheen" in first.answer.text
    follow = service.ask("Where is he based?", [first.answer])
    assert "Doha" in follow.answer.text
    assert follow.answer.standalone_question == "Where is Suhail Shaheen based?"
    fresh = service.ask("Where is he based?", [])  # another session: no history
    assert fresh.answer.standalone_question == "Where is he based?"


def test_a_reply_carries_the_cited_passages_and_the_hits(service: ChatService) -> None:
    reply = service.ask("How many people were killed in the Kunduz mosque attack?", [], k=3)
    assert len(reply.hits) == 3
    assert {c.passage_id for c in reply.answer.citations} == set(reply.passages)
    for c in reply.answer.citations:
        p = reply.passages[c.passage_id]
        assert p.text[c.start - p.start : c.end - p.start] == c.quote


def test_an_added_article_can_be_asked_about_at_once(service: ChatService, tmp_path: Path) -> None:
    before = service.ask("When did the Valmora harbour bridge reopen?", []).answer
    assert not before.answerable
    [outcome] = service.add_files([as_upload(tmp_path, "bridge.txt", BRIDGE)])
    assert outcome.added and outcome.passages >= 1
    after = service.ask("When did the Valmora harbour bridge reopen?", []).answer
    assert after.answerable and "3 March" in after.text
    assert after.citations[0].source == "bridge.txt"


def test_the_previous_assistant_keeps_answering_while_an_upload_is_indexed(
    service: ChatService, tmp_path: Path
) -> None:
    old = service._bot
    assert old is not None
    old_passages = len(old.data.passages)
    service.add_files([as_upload(tmp_path, "bridge.txt", BRIDGE)])
    assert service._bot is not old  # swapped whole, not changed in place
    assert len(old.data.passages) == old_passages
    assert "Shaheen" in old.ask("Who is the Taliban's political spokesman?").text


def test_bad_files_are_refused_and_the_index_is_unchanged(
    service: ChatService, tmp_path: Path
) -> None:
    corpus = service.settings.corpus.dir
    files_before = sorted(p.name for p in corpus.iterdir())
    bot_before = service._bot
    outcomes = service.add_files(
        [
            as_upload(tmp_path, "image.png", b"\x89PNG\r\n"),
            as_upload(tmp_path, "bad.txt", b"\xff\xfe\x00t\x00e"),
        ]
    )
    assert [o.refused for o in outcomes] == [
        f".png cannot be added; {accepted()}",
        "binary file (contains NUL bytes), not text",
    ]
    assert sorted(p.name for p in corpus.iterdir()) == files_before
    assert service._bot is bot_before  # nothing was re-indexed


def test_an_upload_that_cannot_be_indexed_is_taken_back(
    service: ChatService, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken_ingest(self: Assistant, **_: Any) -> None:
        raise CorpusError("disk full (simulated)")

    monkeypatch.setattr(Assistant, "ingest", broken_ingest)
    corpus = service.settings.corpus.dir
    files_before = sorted(p.name for p in corpus.iterdir())
    [outcome] = service.add_files([as_upload(tmp_path, "bridge.txt", BRIDGE)])
    assert outcome.refused == "could not be indexed: disk full (simulated)"
    assert sorted(p.name for p in corpus.iterdir()) == files_before
    assert "Shaheen" in service.ask("Who is the Taliban's political spokesman?", []).answer.text


def test_a_missing_corpus_fails_in_one_line_and_an_upload_can_fix_it(tmp_path: Path) -> None:
    chat = ChatService(chat_settings(tmp_path / "nothing", tmp_path / "index"), echo=lambda _: None)
    with pytest.raises(AssistantError, match="still being opened"):
        chat.ask("Anything?", [])
    chat.start()
    assert not chat.wait(120)
    assert chat.state() == "failed"
    assert chat.error == f"corpus folder not found: {tmp_path / 'nothing'}"
    [outcome] = chat.add_files([as_upload(tmp_path, "bridge.txt", BRIDGE)])
    assert outcome.added and chat.state() == "ready"
    assert "3 March" in chat.ask("When did the Valmora harbour bridge reopen?", []).answer.text


def test_the_llm_mode_is_offered_only_when_an_llm_is_configured() -> None:
    assert answer_modes(Settings()) == ["extractive"]
    unset: Any = SimpleNamespace(llm=SimpleNamespace(model=""))
    assert answer_modes(unset) == ["extractive"]
    named: Any = SimpleNamespace(llm=SimpleNamespace(model="llama3.1"))
    assert answer_modes(named) == ["extractive", "llm"]
    flagged: Any = SimpleNamespace(llm=SimpleNamespace(model="x", configured=lambda: False))
    assert answer_modes(flagged) == ["extractive"]


def test_a_saved_page_a_pdf_and_a_feed_are_indexed_and_cited_with_outlet_and_date(
    service: ChatService, tmp_path: Path
) -> None:
    feed = (ROOT / "tests" / "ingest" / "formats" / "island-news.rss").read_bytes()
    outcomes = service.add_files(
        [
            as_upload(tmp_path, "ferry.html", FERRY_PAGE),
            as_upload(tmp_path, "port-report.pdf", port_report_pdf()),
            as_upload(tmp_path, "island.rss", feed),
            as_upload(tmp_path, "gallery.html", EMPTY_PAGE),
        ]
    )
    assert [o.refused for o in outcomes] == [
        "",
        "",
        "",
        "no article text found in the page (only 'Home News')",
    ]
    assert all(o.passages >= 1 for o in outcomes[:3])  # a feed's entries are island.rss#n
    ferry = service.ask("How much did the electric ferry Heron cost?", []).answer
    assert ferry.answerable and "7.4 million euros" in ferry.text
    cited = ferry.citations[0]
    assert (cited.source, cited.outlet, cited.date) == ("ferry.html", FERRY_OUTLET, FERRY_DATE)
    port = service.ask("How many containers did the port of Harlow handle in 2023?", []).answer
    assert port.answerable and "2.3 million containers" in port.text
    cited = port.citations[0]
    assert (cited.source, cited.date, cited.author) == ("port-report.pdf", PORT_DATE, PORT_AUTHOR)
    assert not (service.settings.corpus.dir / "gallery.html").exists()

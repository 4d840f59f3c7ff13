"""Web pages, PDF, e-mail, a feed and JSONL through the real ingest and ``ask``.

Every quote must slice out of the text a user can open: the derived text in the
index folder (``citation.text_file``), or the file itself for .txt/.md; the
outlet, date and author must reach the citation.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from langchain_core.language_models.fake_chat_models import FakeListChatModel

from assistant import Answer, Assistant, BadQuestionError
from assistant.check.offsets import bad_offsets
from assistant.ingest.readers import READERS, Reading
from assistant.models import Citation
from tests.answer.test_generative import Prompts
from tests.ingest.test_formats import FORMATS, library_pdf

COUNCIL = (
    "---\ntitle: Council delays budget vote\noutlet: Associated Press\ndate: 2021-10-05\n"
    "author: Ana Ruiz\nurl: https://apnews.example/council-budget\n---\n\n"
    "The town council delayed its vote on the budget by one week on Tuesday, after two "
    "members asked for more time to read the spending plan.\n"
)


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    corpus = tmp_path_factory.mktemp("formats") / "corpus"
    shutil.copytree(FORMATS, corpus)
    (corpus / "library.pdf").write_bytes(library_pdf())
    (corpus / "council.txt").write_text(COUNCIL)
    return Assistant.open(corpus=corpus, index=corpus.parent / "index")


def opened(bot: Assistant, c: Citation) -> str:
    """The text the citation points into, read as a user would open it."""
    if c.text_file:
        return (bot.settings.index.dir / c.text_file).read_text(encoding="utf-8")
    return (bot.settings.corpus.dir / c.source).read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("question", "source", "words", "provenance"),
    [
        (
            "How much will the Millbrook harbour flood barrier cost?",
            "flood-barrier.html",
            "48 million dollars",
            ("Riverside Gazette", "2024-03-12", "Maria Lopez"),
        ),
        (
            "When will the Eastfield library close?",
            "library.pdf",
            "1 June",
            ("", "2024-02-01", "County Culture Department"),
        ),
        (
            "How many tonnes of apples did the orchard cooperative harvest?",
            "orchard-newsletter.eml",
            "320 tonnes",
            ("Valley Growers Cooperative", "2024-10-08", "Tom Becker"),
        ),
        (
            "When does the ferry service to Gull Island resume?",
            "island-news.rss#1",
            "resumes on Monday",
            ("Island Courier", "2023-05-19", "Sam Okafor"),
        ),
        (
            "How many runners did the city marathon draw?",
            "wire-export.jsonl#1",
            "12,400 runners",
            ("Associated Press", "2021-10-03", "Lee Chen"),
        ),
        (
            "When did the town council delay its budget vote?",
            "council.txt",
            "delayed its vote on the budget",
            ("Associated Press", "2021-10-05", "Ana Ruiz"),
        ),
    ],
)
def test_answers_cite_each_format_exactly_with_outlet_date_and_author(
    bot: Assistant, question: str, source: str, words: str, provenance: tuple[str, str, str]
) -> None:
    answer = bot.ask(question)
    assert answer.answerable, answer
    first = answer.citations[0]
    assert first.source == source and words in first.quote
    for c in answer.citations:
        assert opened(bot, c)[c.start : c.end] == c.quote  # exact, in a file one can open
    assert (first.outlet, first.date, first.author) == provenance
    assert not answer.notice  # no passage was dropped as not matching its text
    shown = answer.model_dump(mode="json")["citations"][0]
    assert (shown["outlet"], shown["date"], shown["author"]) == provenance


def test_the_evaluations_offset_check_reads_the_derived_text_a_citation_points_into(
    bot: Assistant,
) -> None:
    answer = bot.ask("How much will the Millbrook harbour flood barrier cost?")
    corpus, index = bot.settings.corpus.dir, bot.settings.index.dir
    assert answer.citations and all(c.text_file for c in answer.citations)
    assert bad_offsets(answer, corpus, index) == []
    # Without the index folder the page itself would be sliced: never a match.
    assert bad_offsets(answer, corpus) == answer.citations
    council = bot.ask("When did the town council delay its budget vote?")
    assert council.citations[0].source == "council.txt"
    assert bad_offsets(council, corpus) == bad_offsets(council, corpus, index) == []


def test_derived_texts_name_their_original_and_url(bot: Assistant) -> None:
    texts = sorted(
        p.relative_to(bot.settings.index.dir).as_posix()
        for p in (bot.settings.index.dir / "texts").rglob("*.txt")
    )
    assert len(texts) == 7  # html, pdf, eml, 2 feed entries, 2 JSONL lines
    page = next(t for t in texts if t.startswith("texts/flood-barrier.html."))
    head = (bot.settings.index.dir / page).read_text(encoding="utf-8").split("\n---\n")[0]
    assert "original: flood-barrier.html" in head
    assert "url: https://gazette.example/news/2024/03/12/millbrook-flood-barrier" in head


def test_ingest_reports_warnings_and_reingest_reuses_everything(bot: Assistant) -> None:
    report = bot.ingest()
    assert report.embedded_texts == 0
    assert report.files_indexed == []
    assert "island-news.rss" in report.files_unchanged and report.articles == 8
    warned = {w.source for w in report.warnings}
    assert warned == {"island-news.rss#2", "wire-export.jsonl#2"}
    assert not report.skipped


def test_an_edited_derived_text_is_caught_and_a_changed_page_replaces_its_text(
    tmp_path: Path,
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(FORMATS / "flood-barrier.html", corpus)
    bot = Assistant.open(corpus=corpus, index=tmp_path / "index")
    question = "How much will the Millbrook harbour flood barrier cost?"
    [old_text] = (tmp_path / "index" / "texts").glob("*.txt")
    # 1. Someone edits the derived text: the passage no longer matches and is not quoted.
    original = old_text.read_text(encoding="utf-8")
    old_text.write_text(original.replace("48 million", "98 million"), encoding="utf-8")
    answer = bot.ask(question)
    assert "98 million" not in answer.text and "48 million" not in answer.text
    assert "run 'assistant ingest'" in answer.notice
    old_text.write_text(original, encoding="utf-8")
    # 2. The page changes: a new derived text (new hash), the old one is removed.
    page = corpus / "flood-barrier.html"
    page.write_text(page.read_text().replace("48 million", "52 million"))
    report = bot.ingest()
    assert report.files_indexed == ["flood-barrier.html"]
    [new_text] = (tmp_path / "index" / "texts").glob("*.txt")
    assert new_text != old_text and not old_text.exists()
    answer = bot.ask(question)
    c = answer.citations[0]
    assert "52 million" in c.quote
    assert new_text.read_text(encoding="utf-8")[c.start : c.end] == c.quote


def test_retrieval_and_answers_can_be_limited_by_date_and_outlet(bot: Assistant) -> None:
    docs = bot.retrieve(
        "How many runners did the city marathon draw?", k=5, outlet="associated press"
    )
    assert docs and {d.metadata["source"] for d in docs} <= {"wire-export.jsonl#1", "council.txt"}
    assert {d.metadata["outlet"] for d in docs} == {"Associated Press"}
    as_retriever = bot.retriever(k=5, outlet="Associated Press").invoke("marathon runners")
    assert {d.id for d in as_retriever} == {d.id for d in docs}  # the same two AP articles
    recent = bot.retrieve("What did the council decide?", k=5, since="2024-01-01")
    assert recent and all(d.metadata["date"] >= "2024-01-01" for d in recent)
    answer = bot.ask("How many runners did the city marathon draw?", since="2022-01-01")
    assert all(c.date >= "2022-01-01" for c in answer.citations)
    assert "12,400" not in answer.text
    both = bot.ask(
        "How many runners did the city marathon draw?",
        since="2021-10-01",
        outlet="Associated Press",
    )
    assert "12,400 runners" in both.citations[0].quote
    *_, (_, streamed) = bot.stream("How many runners?", outlet="County Herald")
    assert isinstance(streamed, Answer)
    assert {c.outlet for c in streamed.citations} <= {"County Herald"}
    none = bot.ask("How many runners did the city marathon draw?", outlet="Nobody Weekly")
    assert not none.answerable and not none.citations
    assert "No article is by Nobody Weekly; nothing was searched." in none.notice


def test_a_since_that_is_not_a_date_is_one_clear_error(bot: Assistant) -> None:
    with pytest.raises(
        BadQuestionError, match=r"--since 'last week' is not a date \(use YYYY-MM-DD\)"
    ):
        bot.ask("How many runners did the city marathon draw?", since="last week")


def test_the_llm_mode_is_given_only_the_admitted_articles(bot: Assistant) -> None:
    prompts = Prompts()
    model = FakeListChatModel(
        responses=["The city marathon drew 12,400 runners on Sunday. [1]"], callbacks=[prompts]
    )
    llm_bot = Assistant.open(
        corpus=bot.settings.corpus.dir, index=bot.settings.index.dir, llm=model
    )
    answer = llm_bot.ask("How many runners did the city marathon draw?", outlet="Associated Press")
    assert answer.mode == "llm" and answer.answerable, answer
    assert [(c.source, c.outlet) for c in answer.citations] == [
        ("wire-export.jsonl#1", "Associated Press")
    ]
    given = " ".join(str(m.content) for call in prompts.calls for m in call)
    assert "12,400 runners" in given
    assert "flood barrier" not in given and "Gull Island" not in given


def test_reingest_reuses_derived_texts_unless_one_was_edited(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(FORMATS / "flood-barrier.html", corpus)
    shutil.copy(FORMATS / "island-news.rss", corpus)
    bot = Assistant.open(corpus=corpus, index=tmp_path / "index")
    texts = sorted((tmp_path / "index" / "texts").glob("*.txt"))
    made = {p: p.read_text(encoding="utf-8") for p in texts}
    calls: list[str] = []

    def counting(reader: Callable[..., Reading]) -> Callable[..., Reading]:
        def read(data: bytes, *, name: str) -> Reading:
            calls.append(name)
            return reader(data, name=name)

        return read

    for suffix in (".html", ".rss"):
        monkeypatch.setitem(READERS, suffix, counting(READERS[suffix]))
    # 1. Unchanged files: nothing is extracted again; the warnings are still given.
    report = bot.ingest()
    assert calls == [] and report.embedded_texts == 0
    assert [w.source for w in report.warnings] == ["island-news.rss#2"]
    # 2. An edited derived text is not reused: the page is extracted again.
    texts[0].write_text(made[texts[0]].replace("48 million", "98 million"), encoding="utf-8")
    report = bot.ingest()
    assert calls == ["flood-barrier.html"] and report.embedded_texts == 0
    assert {p: p.read_text(encoding="utf-8") for p in texts} == made

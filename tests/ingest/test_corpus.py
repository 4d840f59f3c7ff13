"""Loading and cleaning: titles, boilerplate, captions, bad files."""

from __future__ import annotations

from pathlib import Path

from assistant.ingest.boilerplate import classify_blocks
from assistant.ingest.corpus import load_corpus
from assistant.ingest.passages import build_passages
from tests.conftest import OWN_ARTICLES, SEEDS

PROMOTIONS = [
    "Newsweek magazine delivered to your door",
    "Unlimited access to Newsweek.com",
    "Ad free Newsweek.com experience",
    "iOS and Android app access",
    "All newsletters + podcasts",
    "Editor's pick",
    "Sign up to receive marketing emails",
]


def _kept_text(corpus: Path) -> str:
    articles, _ = load_corpus(corpus, max_bytes=5_000_000)
    return "\n".join(p.text for a in articles for p in build_passages(a, max_words=60))


def test_seed_titles_are_first_lines() -> None:
    articles, skipped = load_corpus(SEEDS, max_bytes=5_000_000)
    assert not skipped
    titles = {a.source: a.title for a in articles}
    assert titles["000_3c1e0bf96721e7a1.txt"] == (
        "Taliban Rule Out Cooperation With U.S. to Contain Islamic State"
    )
    assert titles["003_ccfd4e030e132f00.txt"].startswith("The Taliban says it will not cooperate")


def test_seed_boilerplate_is_removed_and_reported() -> None:
    kept = _kept_text(SEEDS)
    for promo in PROMOTIONS:
        assert promo not in kept
    articles, _ = load_corpus(SEEDS, max_bytes=5_000_000)
    removed = " ".join(
        b.reason + " " + a.text[b.start : b.end] for a in articles for b in a.removed()
    )
    for promo in PROMOTIONS:
        assert promo in removed
    # The news itself stays, including the line that mentions Newsweek.
    assert "Newsweek has reached out to the U.S. Department of Defense" in kept
    assert "Suhail Shaheen" in kept


def test_captions_are_kept_and_marked() -> None:
    articles, _ = load_corpus(SEEDS, max_bytes=5_000_000)
    newsweek = next(a for a in articles if a.source.startswith("000"))
    captions = [newsweek.text[b.start : b.end] for b in newsweek.blocks if b.kind == "caption"]
    assert len(captions) == 1 and "Above, a member of the Iraqi forces" in captions[0]
    passages = build_passages(newsweek, max_words=60)
    assert any(p.kind == "caption" and "mural" in p.text for p in passages)


def test_rules_are_general_not_seed_strings() -> None:
    """Boilerplate of another site, written for this test, is found by the same rules."""
    kept = _kept_text(OWN_ARTICLES)
    for line in [
        "Subscribe to the Alden Gazette",
        "Share this article",
        "Advertisement",
        "Follow us on social media",
        "Read more:",
    ]:
        assert line not in kept
    assert "(Photo: Daniel Reyes/Alden Gazette)" in kept  # a caption, kept
    assert "Tessaro Freight" in kept


def test_ordinary_sentences_with_one_promo_word_stay() -> None:
    text = (
        "Streaming Giant Loses Viewers\n\n"
        "The company said 2 million people cancelled their subscription after the price "
        "rose in March, the first drop in its history, and its shares fell 9 percent.\n"
    )
    kinds = [b.kind for b in classify_blocks(text)]
    assert kinds == ["title", "body"]


def test_a_news_paragraph_naming_two_promo_words_stays() -> None:
    # Subscribers and podcasts are the news here: a long paragraph is no widget's pitch.
    text = (
        "Streaming Wars Heat Up\n\n"
        "Netflix added 8.8 million subscribers in the last quarter, beating forecasts, "
        "while Spotify said its push into podcasts had brought in advertisers who once "
        "spent only on radio, and both companies told investors that prices would rise "
        "again next year in most of the markets where they operate.\n\n"
        "Subscribe to our newsletter for unlimited access.\n"
    )
    kinds = [b.kind for b in classify_blocks(text)]
    assert kinds == ["title", "body", "boilerplate"]


def test_bad_files_are_skipped_with_one_line_reasons(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text("Good Title\n\nA real sentence about a real event.\n")
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "blank.md").write_text("   \n\n  ")
    (tmp_path / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    (tmp_path / "latin1.txt").write_bytes("Caf\xe9 owner speaks\n\nShe said no.".encode("latin-1"))
    (tmp_path / "huge.txt").write_text("Big\n\n" + "word " * 300)
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4")  # cut short
    articles, skipped = load_corpus(tmp_path, max_bytes=1000)
    assert [a.source for a in articles] == ["good.txt"]
    reasons = {s.source: s.reason for s in skipped}
    assert set(reasons) == {
        "empty.txt",
        "blank.md",
        "binary.txt",
        "latin1.txt",
        "huge.txt",
        "notes.pdf",  # named (issue 12: was passed over without a word)
    }
    assert reasons["empty.txt"] == "empty file"
    assert "binary" in reasons["binary.txt"]
    assert "not UTF-8" in reasons["latin1.txt"]
    assert "over the 1,000 limit" in reasons["huge.txt"]
    assert all("\n" not in r for r in reasons.values())


def test_a_link_out_of_the_corpus_folder_is_refused_and_named(tmp_path: Path) -> None:
    outside = tmp_path / "private" / "notes.txt"
    outside.parent.mkdir()
    outside.write_text("Private notes\n\nThe password is swordfish.\n")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "story.txt").write_text("A story\n\nThe council met on Monday.\n")
    (corpus / "leak.txt").symlink_to(outside)
    (corpus / "inside.txt").symlink_to(corpus / "story.txt")  # a link within the folder is fine
    articles, skipped = load_corpus(corpus, max_bytes=1_000_000)
    assert sorted(a.source for a in articles) == ["inside.txt", "story.txt"]
    assert [(s.source, s.reason) for s in skipped] == [
        ("leak.txt", "a link to a file outside the corpus folder, not indexed")
    ]


def test_a_file_of_one_long_line_is_indexed_not_made_a_title(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    line = " ".join(f"The council met on day {n} and voted on item {n}." for n in range(300))
    (corpus / "minutes.txt").write_text(line + "\n")
    [article], skipped = load_corpus(corpus, max_bytes=1_000_000)
    assert not skipped and article.title == "minutes"
    passages = build_passages(article, max_words=100)
    assert len(passages) >= 30
    assert passages[0].text.startswith("The council met on day 0")


def test_documents_not_read_yet_are_named_not_passed_over(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    (corpus / "web").mkdir(parents=True)
    (corpus / "story.txt").write_text("A story\n\nThe council met on Monday.\n")
    (corpus / "web" / "export.json").write_text('{"articles": []}')
    (corpus / "report.DOCX").write_bytes(b"PK\x03\x04")
    (corpus / "photo.jpg").write_bytes(b"\xff\xd8")  # not a document: not mentioned
    articles, skipped = load_corpus(corpus, max_bytes=1_000_000)
    assert [a.source for a in articles] == ["story.txt"]
    assert [(s.source, s.reason) for s in skipped] == [
        ("report.DOCX", ".docx files are not read yet"),
        ("web/export.json", ".json files are not read yet"),
    ]

"""Citation offsets checked against the file on disk: exact, or reported as bad."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from assistant import Answer, Citation
from assistant.check.offsets import bad_offsets, offsets_match
from tests.conftest import OWN_ARTICLES, SEEDS, subprocess_env

FIRE = "alden_fire.txt"
CHIEF = "Harbour master Colin Brandt said the port's container terminals reopened"
NEWSWEEK = "000_3c1e0bf96721e7a1.txt"


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    shutil.copy(OWN_ARTICLES / FIRE, folder / FIRE)
    shutil.copy(SEEDS / NEWSWEEK, folder / NEWSWEEK)
    return folder


def _citation(corpus: Path, source: str, quote: str, *, marker: int = 1) -> Citation:
    start = (corpus / source).read_text(encoding="utf-8").index(quote)
    return Citation(
        marker=marker,
        source=source,
        title="t",
        start=start,
        end=start + len(quote),
        quote=quote,
        passage_id="p",
    )


def test_exact_offsets_match_and_any_shift_does_not(corpus: Path) -> None:
    good = _citation(corpus, FIRE, CHIEF)
    assert offsets_match(good, corpus)
    for start, end in [(1, 1), (-1, -1), (0, 1), (1, 0)]:
        moved = good.model_copy(update={"start": good.start + start, "end": good.end + end})
        assert not offsets_match(moved, corpus), (start, end)
    assert not offsets_match(good.model_copy(update={"quote": CHIEF.upper()}), corpus)


def test_offsets_count_characters_not_bytes(corpus: Path) -> None:
    # The Newsweek page lists its offers with "•" (three bytes in UTF-8) before this line.
    text = (corpus / NEWSWEEK).read_text(encoding="utf-8")
    quote = "All newsletters + podcasts"
    assert "•" in text[: text.index(quote)]
    assert offsets_match(_citation(corpus, NEWSWEEK, quote), corpus)


def test_offsets_are_read_as_utf8_whatever_the_machines_locale(corpus: Path) -> None:
    # A machine whose locale is not UTF-8 (here: an unknown locale, so plain ASCII)
    # still reads the article as UTF-8, the way indexing wrote its offsets.
    citation = _citation(corpus, NEWSWEEK, "All newsletters + podcasts")
    assert offsets_match(citation, corpus)  # here, and below on the other machine
    code = (
        "import locale, sys\n"
        "from pathlib import Path\n"
        "from assistant.models import Citation\n"
        "from assistant.check.offsets import offsets_match\n"
        "print(locale.getencoding())\n"
        "print(offsets_match(Citation.model_validate_json(sys.argv[1]), Path(sys.argv[2])))\n"
    )
    locale = {"LC_ALL": "C.ISO-8859-1", "LANG": "C.ISO-8859-1", "PYTHONUTF8": "0"}
    run = subprocess.run(
        [sys.executable, "-c", code, citation.model_dump_json(), str(corpus)],
        env=subprocess_env(**locale),
        capture_output=True,
        text=True,
        check=True,
    )
    encoding, matched = run.stdout.split()
    assert encoding.lower().replace("-", "") != "utf8"
    assert matched == "True"


def test_a_missing_a_folder_or_an_undecodable_file_never_matches(corpus: Path) -> None:
    good = _citation(corpus, FIRE, CHIEF)
    (corpus / "sub.txt").mkdir()
    (corpus / "latin.txt").write_bytes("Caf\xe9 owners said".encode("latin-1"))
    for source in ["gone.txt", "sub.txt", "latin.txt"]:
        assert not offsets_match(good.model_copy(update={"source": source}), corpus), source
    (corpus / FIRE).unlink()
    assert not offsets_match(good, corpus)


def test_bad_offsets_are_the_citations_that_do_not_slice_out_their_quote(corpus: Path) -> None:
    first = _citation(corpus, FIRE, CHIEF)
    second = _citation(corpus, NEWSWEEK, "All newsletters + podcasts", marker=2)
    third = _citation(corpus, FIRE, "Tessaro said in a statement", marker=3)
    shifted = second.model_copy(update={"start": second.start + 1, "end": second.end + 1})
    answer = Answer(
        question="q", text="a [1] b [2] c [3]", answerable=True, citations=[first, shifted, third]
    )
    assert bad_offsets(answer, corpus) == [shifted]
    answer.citations = [first, second, third]
    assert bad_offsets(answer, corpus) == []
    (corpus / FIRE).write_text("rewritten\n")
    assert bad_offsets(answer, corpus) == [first, third]

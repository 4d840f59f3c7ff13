"""``assistant ingest`` and ``assistant ask`` over web pages, PDF, e-mail, a feed and JSONL,
run as a user runs them: real processes, real files."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from tests.cli.test_cli import run
from tests.ingest.test_formats import FORMATS, library_pdf


def test_ingest_then_ask_shows_outlet_date_author_and_the_text_to_open(tmp_path: Path) -> None:
    corpus = tmp_path / "news"
    shutil.copytree(FORMATS, corpus)
    (corpus / "library.pdf").write_bytes(library_pdf())
    (corpus / "scan.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    ingest = run("ingest", "--corpus", "news", "--index", "idx", cwd=tmp_path)
    assert ingest.returncode == 1, ingest.stderr  # scan.pdf was skipped
    assert "skipped scan.pdf: not a readable PDF" in ingest.stderr
    assert "warning wire-export.jsonl#2: line 2 not read: not JSON" in ingest.stderr
    assert "warning island-news.rss#2: entry 2 carries only a summary (20 words)" in ingest.stderr
    assert "passages from 7 articles" in ingest.stdout
    assert "skipped: 1, warnings: 2" in ingest.stdout

    question = "How many runners did the city marathon draw?"
    args = ("ask", "--corpus", "news", "--index", "idx", "--since", "2021-10-01")
    shown = run(*args, "--outlet", "Associated Press", question, cwd=tmp_path)
    assert shown.returncode == 0, shown.stderr
    lines = shown.stdout.splitlines()
    assert lines[2].startswith('  [1] "The city marathon drew 12,400 runners')
    assert lines[3].startswith("      wire-export.jsonl#1 chars ")
    assert lines[4] == "      Associated Press, 2021-10-03, by Lee Chen"
    text_file = lines[5].removeprefix("      offsets into ")
    assert text_file.startswith("idx/texts/wire-export.jsonl.")  # the index folder as given
    assert lines[6] == "      https://wire.example/marathon-record"

    as_json = run(*args, "--json", question, cwd=tmp_path)
    answer = json.loads(as_json.stdout)
    c = answer["citations"][0]
    assert (c["outlet"], c["date"], c["author"]) == ("Associated Press", "2021-10-03", "Lee Chen")
    opened = (tmp_path / "idx" / c["text_file"]).read_text(encoding="utf-8")
    assert opened[c["start"] : c["end"]] == c["quote"]
    assert tmp_path / text_file == tmp_path / "idx" / c["text_file"]

    bad = run(*args[:-1], "yesterday", question, cwd=tmp_path)
    assert bad.returncode == 2
    assert bad.stderr.strip().endswith("--since 'yesterday' is not a date (use YYYY-MM-DD)")

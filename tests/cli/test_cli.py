"""The command line, run as a user runs it: a real process, real files."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import SEEDS, subprocess_env


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = subprocess_env()
    return subprocess.run(
        [sys.executable, "-m", "assistant", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder laid out like the project: seeds/ and an (initially absent) indexes/."""
    root = tmp_path_factory.mktemp("cli")
    shutil.copytree(SEEDS, root / "seeds")
    return root


def test_ingest_reports_what_it_did(workdir: Path) -> None:
    result = run("ingest", cwd=workdir)
    assert result.returncode == 0, result.stderr
    assert "22 passages from 2 articles" in result.stdout or "passages from 2 articles" in (
        result.stdout
    )
    assert "boilerplate removed" in result.stdout
    assert "Newsweek magazine delivered to your door" in result.stdout
    again = run("ingest", cwd=workdir)
    assert "texts embedded: 0" in again.stdout


def test_ask_prints_answer_then_numbered_quotes(workdir: Path) -> None:
    result = run("ask", "Who is the Taliban's political spokesman?", cwd=workdir)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Q: ") and lines[1].startswith("A: ")
    assert any(line.startswith('  [1] "') and "Suhail Shaheen" in line for line in lines)
    assert any("000_3c1e0bf96721e7a1.txt chars 285-449" in line for line in lines)


def test_ask_json_is_one_object_per_line_and_one_conversation(workdir: Path) -> None:
    result = run(
        "ask",
        "--json",
        "Who is the Taliban's political spokesman?",
        "Where is he based?",
        cwd=workdir,
    )
    assert result.returncode == 0, result.stderr
    answers = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(answers) == 2
    assert "Suhail Shaheen" in answers[1]["standalone_question"]
    assert "Doha" in answers[1]["citations"][0]["quote"]
    text = (workdir / "seeds" / answers[1]["citations"][0]["source"]).read_text()
    c = answers[1]["citations"][0]
    assert text[c["start"] : c["end"]] == c["quote"]


@pytest.mark.parametrize(
    ("question", "message"),
    [
        ("", "error: the question is empty"),
        ("x" * 2000, "error: the question is 2,000 characters; the limit is 1,000"),
    ],
)
def test_bad_question_is_one_line_not_a_traceback(
    workdir: Path, question: str, message: str
) -> None:
    result = run("ask", question, cwd=workdir)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines()[-1] == message
    assert "Traceback" not in result.stderr


def test_bad_files_are_skipped_named_and_exit_status_says_so(tmp_path: Path) -> None:
    corpus = tmp_path / "news"
    shutil.copytree(SEEDS, corpus)
    (corpus / "empty.txt").write_text("")
    (corpus / "photo.txt").write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00")
    (corpus / "old.txt").write_bytes("R\xe9sum\xe9 of events\n\nText.".encode("latin-1"))
    result = run("ingest", "--corpus", str(corpus), "--index", str(tmp_path / "idx"), cwd=tmp_path)
    assert result.returncode == 1
    assert "skipped empty.txt: empty file" in result.stderr
    assert "skipped photo.txt: binary file" in result.stderr
    assert "skipped old.txt: not UTF-8 text (bad byte at offset 1)" in result.stderr
    assert "from 2 articles" in result.stdout  # the good files were indexed
    assert "Traceback" not in result.stderr


def test_missing_corpus_is_one_line(tmp_path: Path) -> None:
    result = run("ingest", "--corpus", str(tmp_path / "nope"), cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip() == f"error: corpus folder not found: {tmp_path / 'nope'}"


@pytest.mark.parametrize(
    ("variable", "value", "says"),
    [
        ("ASSISTANT_RETRIEVAL_TOP_K", "-1", "greater than or equal to 1"),
        ("ASSISTANT_UI_PORT", "abc", "valid integer"),
        ("ASSISTANT_EMBEDDING_BACKEND", "foo", "'torch' or 'onnx-int8'"),
        ("ASSISTANT_ANSWER_RANKER", "bert", "'learned' or 'none'"),
    ],
)
def test_a_bad_setting_is_one_line_naming_its_variable(
    tmp_path: Path, variable: str, value: str, says: str
) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "assistant", "ask", "Who?"],
        cwd=tmp_path,
        env=subprocess_env(**{variable: value}),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2
    [line] = result.stderr.strip().splitlines()
    assert line.startswith(f"error: {variable}: ") and says in line and repr(value) in line


def test_a_question_that_is_not_utf8_is_one_line(workdir: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "assistant", "ask", b"\xff?"],  # as a shell passes $'\xff?'
        cwd=workdir,
        env=subprocess_env(),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 2
    assert result.stderr.strip().splitlines()[-1] == "error: the question is not valid UTF-8 text"
    assert "Traceback" not in result.stderr


def test_an_index_folder_that_is_a_file_is_one_line(workdir: Path, tmp_path: Path) -> None:
    taken = tmp_path / "index"
    taken.write_text("not a folder")
    result = run("ask", "--index", str(taken), "Who is the spokesman?", cwd=workdir)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines()[-1] == (
        f"error: index folder {taken} is a file, not a folder (ASSISTANT_INDEX_DIR / --index)"
    )
    assert taken.read_text() == "not a folder"  # nothing lost


def test_control_characters_in_questions_and_titles_are_shown_not_obeyed(
    tmp_path: Path,
) -> None:
    retitle = "\x1b]0;owned\x07"  # sets the terminal's title; click passes it through
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "bridge.txt").write_text(
        f"Harbour {retitle}bridge\u202e reopens\n\nThe Valmora harbour bridge reopened to "
        "traffic on 3 March after repairs, the city engineer Ilse Marten said.\n",
        encoding="utf-8",
    )
    question = f"When did the Valmora harbour bridge reopen?{retitle}"
    result = run("ask", "--corpus", "corpus", "--index", "index", question, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "Q: When did the Valmora harbour bridge reopen?\\x1b]0;owned\\x07"
    assert "(Harbour \\x1b]0;owned\\x07bridge\\u202e reopens)" in result.stdout
    assert not any(c in result.stdout + result.stderr for c in "\x1b\x07\u202e")

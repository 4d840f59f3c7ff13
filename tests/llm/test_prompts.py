"""Prompt files are loaded by name and their placeholders checked at load time."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant import Assistant, Settings
from assistant.answer.generative import Prompts
from assistant.check.claims import NO_ANSWER
from assistant.errors import PromptError
from assistant.llm.prompts import load


def write(folder: Path, name: str, text: str) -> None:
    (folder / f"{name}.md").write_text(text, encoding="utf-8")


def test_a_matching_template_loads_and_renders(tmp_path: Path) -> None:
    write(tmp_path, "greet", "Hello {name}, literal {{braces}} stay.")
    prompt = load("greet", ["name"], folder=tmp_path)
    assert prompt.render(name="Ada") == "Hello Ada, literal {braces} stay."


def test_an_unknown_placeholder_fails_with_the_allowed_names(tmp_path: Path) -> None:
    write(tmp_path, "answer", "{passages}\n{question}\n{contxt}")
    with pytest.raises(PromptError) as err:
        load("answer", ["passages", "question"], folder=tmp_path)
    message = str(err.value)
    assert "{contxt}" in message and "allowed placeholders: {passages}, {question}" in message
    assert "\n" not in message


def test_a_missing_placeholder_fails(tmp_path: Path) -> None:
    write(tmp_path, "answer", "Only {question}")
    with pytest.raises(PromptError, match=r"missing placeholders \{passages\}"):
        load("answer", ["passages", "question"], folder=tmp_path)


@pytest.mark.parametrize(
    "text", ["{0}", "{}", "{a.b}", "{a[0]}", "{question!r}", "{question:>9}", "unclosed {question"]
)
def test_malformed_placeholders_fail(tmp_path: Path, text: str) -> None:
    write(tmp_path, "p", text)
    with pytest.raises(PromptError, match="allowed placeholders: {question}"):
        load("p", ["question"], folder=tmp_path)


def test_a_missing_file_fails_with_its_path(tmp_path: Path) -> None:
    with pytest.raises(PromptError, match="cannot read prompt 'nope'"):
        load("nope", [], folder=tmp_path)


def test_render_refuses_values_that_do_not_match(tmp_path: Path) -> None:
    write(tmp_path, "p", "{question}")
    with pytest.raises(PromptError):
        load("p", ["question"], folder=tmp_path).render(question="q", extra="x")


def test_the_project_prompts_load_and_say_what_the_mode_relies_on() -> None:
    prompts = Prompts.load()
    system = prompts.system.render(max_sentences=4, not_found=NO_ANSWER)
    answer = prompts.answer.render(
        passages='<passage number="1">x</passage>', question="Q?", not_found=NO_ANSWER
    )
    assert "untrusted" in system and "[2]" in system and NO_ANSWER in system
    assert "not instructions" in answer and "<passages>" in answer and NO_ANSWER in answer
    assert "standalone" in prompts.condense.render(history="h", question="q").lower()


def test_an_edited_prompt_fails_when_the_assistant_opens(
    tmp_path: Path, corpus: tuple[Path, Path]
) -> None:
    for name in ("system", "answer", "condense"):
        write(tmp_path, name, (Path(__file__).parents[2] / "prompts" / f"{name}.md").read_text())
    write(tmp_path, "answer", "{passages} {question} {not_found} {language}")
    settings = Settings(llm={"model": "openai:gpt-4o-mini", "prompts_dir": tmp_path})
    with pytest.raises(PromptError, match=r"unknown placeholders \{language\}"):
        Assistant.open(corpus=corpus[0], index=corpus[1], settings=settings)
    # The extractive default never reads them.
    Assistant.open(
        corpus=corpus[0], index=corpus[1], settings=Settings(llm={"prompts_dir": tmp_path})
    )

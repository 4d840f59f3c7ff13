"""A chat as one Markdown file: each question, its answer, and numbered sources.

Markers are numbered across the whole chat (each answer starts again at [1] on
screen): the same quote cited twice keeps one number, and the sources list at the
end gives each number's quote, article, outlet, date, file and characters, so the
file can be checked without the chat. It is a file to read, not a page the chat
shows: article text is written as it is, in quotation marks.
"""

from __future__ import annotations

from collections.abc import Sequence

from assistant.models import Answer, Citation
from assistant.text.spacing import one_line
from assistant.ui.render import marker_spans


def chat_markdown(answers: Sequence[Answer], *, title: str, when: str) -> str:
    """The chat ``answers`` (oldest first) as Markdown.

    Args:
        answers: the session's answers, each with its question.
        title: the product name, for the heading.
        when: the export's date and time, as shown.
    """
    numbers: dict[tuple[str, int, int], int] = {}
    sources: list[Citation] = []
    parts = [f"# {title}: chat exported {when}", ""]
    for i, answer in enumerate(answers, start=1):
        local: dict[int, int] = {}
        for c in answer.citations:
            key = (c.source, c.start, c.end)
            if key not in numbers:
                numbers[key] = len(numbers) + 1
                sources.append(c)
            local[c.marker] = numbers[key]
        parts += [f"## {i}. {one_line(answer.question)}", "", renumbered(answer, local), ""]
        if answer.nearest:
            parts.append("Closest passages (not an answer):")
            parts += [f"- “{one_line(c.quote)}” ({one_line(c.title)})" for c in answer.nearest]
            parts.append("")
    if sources:
        parts += ["## Sources", ""]
        parts += [f"{n}. {source_line(c)}" for n, c in enumerate(sources, start=1)]
    return "\n".join(parts).rstrip() + "\n"


def renumbered(answer: Answer, numbers: dict[int, int]) -> str:
    """The answer's text with each of its markers given its number in the whole chat."""
    text = " ".join(answer.text.split())
    out, pos = [], 0
    for start, end, marker in marker_spans(text, answer.citations):
        out += [text[pos:start], f"[{numbers[marker]}]"]
        pos = end
    return "".join([*out, text[pos:]])


def source_line(c: Citation) -> str:
    """'“quote” — Title. Outlet, date. file, characters a–b. url'."""
    who = ", ".join(x for x in (c.outlet, c.date) if x)
    where = f"{c.source}, characters {c.start}–{c.end}"
    tail = ". ".join(one_line(x) for x in (c.title, who, where, c.url) if x)
    return f"“{one_line(c.quote)}” — {tail}"

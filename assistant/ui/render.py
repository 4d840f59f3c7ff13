"""How answers look in the chat: inert markdown, highlighted passages, sources, scores.

Pure functions, no Chainlit: what an article says is always shown as text.
Every ASCII punctuation character of article text is backslash-escaped, so
``<script>``, ``[link](javascript:...)``, ``![image](http://...)``, headings
and emphasis in an article render as the characters they are. Bare URLs and
e-mail addresses are turned into links by Chainlit's markdown (GFM autolinks)
even when escaped, so an invisible word joiner (U+2060) is put after
``http``/``https``, ``www`` and ``@``: they show as text, not as links.

Citation markers ``[1]``, ``[2]`` are the only unescaped square brackets the
chat writes. That matters: Chainlit turns every substring of a message equal
to the name of one of its elements into a link, so the side-panel elements are
named exactly ``[n]`` (see :func:`element_name`) and nothing else can match.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from assistant.check.claims import MARKER
from assistant.models import Answer, Citation, ConflictValue

if TYPE_CHECKING:
    from assistant.retrieval.hybrid import Hit
    from assistant.ui.uploads import Outcome

_PUNCTUATION = re.compile(r"[!-/:-@\[-`{-~]")  # every ASCII punctuation character
_AUTOLINK = re.compile(r"https?(?=:)|www(?=\.)|@", re.IGNORECASE)  # where GFM autolinks start
WORD_JOINER = "\u2060"
_SNIPPET_CHARS = 140


def escape_markdown(text: str) -> str:
    """``text`` as markdown that renders as exactly these characters, and nothing more.

    Line breaks are kept; indentation is dropped, since four leading spaces
    would turn a line into a code block.
    """
    return "\n".join(_escape(line.lstrip()) for line in text.split("\n"))


def _escape(text: str) -> str:
    text = _AUTOLINK.sub(lambda m: m.group(0) + WORD_JOINER, text)
    return _PUNCTUATION.sub(lambda m: "\\" + m.group(0), text)


def one_line(text: str) -> str:
    """Any text (a title, an error, a progress line) as one inert markdown line."""
    return _escape(" ".join(text.split()))


def element_name(marker: int) -> str:
    """Name of the side-panel element of citation ``marker``: the marker as shown, ``[n]``."""
    return f"[{marker}]"


def highlight(text: str, start: int, end: int) -> str:
    """``text`` as inert markdown with ``text[start:end]`` in bold.

    The bold run is closed at each line end and reopened on the next line, and
    whitespace is kept outside it, so the emphasis always opens and closes.
    """
    lines = []
    offset = 0
    for line in text.split("\n"):
        indent = len(line) - len(line.lstrip())
        body_start = offset + indent
        body = line[indent:]
        lo, hi = max(start - body_start, 0), min(end - body_start, len(body))
        lines.append(_bold_run(body, lo, hi) if lo < hi else _escape(body))
        offset += len(line) + 1
    return "\n".join(lines)


def _bold_run(line: str, lo: int, hi: int) -> str:
    middle = line[lo:hi]
    core = middle.strip()
    if not core:
        return _escape(line)
    lead = middle[: len(middle) - len(middle.lstrip())]
    trail = middle[len(middle.rstrip()) :]
    return f"{_escape(line[:lo] + lead)}**{_escape(core)}**{_escape(trail + line[hi:])}"


def answer_chunks(answer: Answer) -> list[str]:
    """The answer as markdown, in the pieces streamed to the chat.

    One piece per cited sentence (text up to and including its marker), then
    one piece with the disagreements not already stated, the notice, the
    sources list and the question as it was understood. A ``[n]`` inside a
    quoted sentence is the article's text, not a marker, and is escaped.
    """
    text = " ".join(answer.text.split())
    chunks: list[str] = []
    pos = 0
    for start, end, marker in marker_spans(text, answer.citations):
        chunks.append(_escape(text[pos:start]) + element_name(marker))
        pos = end
    if text[pos:].strip() or not chunks:
        chunks.append(_escape(text[pos:]))
    extras = [*conflict_lines(answer), *conflict_tables(answer)]
    if answer.notice:
        extras.append(f"*Note:* {one_line(answer.notice)}")
    if answer.citations:
        extras.append(sources_markdown(answer.citations))
    if answer.nearest:
        extras.append(nearest_markdown(answer.nearest))
    understood = answer.standalone_question
    if understood and " ".join(understood.split()) != " ".join(answer.question.split()):
        extras.append(f"*Understood as:* {one_line(understood)}")
    if extras:
        chunks.append("\n\n" + "\n\n".join(extras))
    return chunks


def nearest_markdown(nearest: Sequence[Citation]) -> str:
    """The closest sentences of a refused question, marked as not an answer."""
    lines = ["*Closest passages (not an answer; try asking with their words):*"]
    lines += [f"- “{one_line(c.quote)}” — {one_line(c.title)}" for c in nearest]
    return "\n".join(lines)


def marker_spans(text: str, citations: Sequence[Citation]) -> list[tuple[int, int, int]]:
    """(start, end, n) of each citation marker of ``text``, outside the quoted sentences."""
    quoted = []
    for quote in {" ".join(c.quote.split()) for c in citations}:
        at = text.find(quote) if quote else -1
        while at >= 0:
            quoted.append((at, at + len(quote)))
            at = text.find(quote, at + 1)
    known = {c.marker for c in citations}
    return [
        (m.start(), m.end(), int(m.group(1)))
        for m in MARKER.finditer(text)
        if int(m.group(1)) in known and not any(a < m.end() and m.start() < b for a, b in quoted)
    ]


def answer_markdown(answer: Answer) -> str:
    """The whole answer message as markdown (the streamed pieces joined)."""
    return "".join(answer_chunks(answer))


def conflict_lines(answer: Answer) -> list[str]:
    """One line per disagreement between sources that the answer text does not state yet."""
    lines = []
    for conflict in answer.conflicts:
        if all(_states(answer.text, v.value, v.marker) for v in conflict.values):
            continue
        listed = "; ".join(f"{one_line(v.value)} {element_name(v.marker)}" for v in conflict.values)
        lines.append(f"**Sources disagree** on {one_line(conflict.topic)}: {listed}.")
    return lines


def conflict_tables(answer: Answer) -> list[str]:
    """One small table per disagreement: each figure, what it counts, its source, its citation.

    A wider count shown beside the sides ("killed or injured" beside a death toll) is a
    row marked as such.
    """
    tables = []
    for conflict in answer.conflicts:
        rows = [
            "| figure | what it counts | source | cited |",
            "| --- | --- | --- | --- |",
        ]
        for value, wider in [
            *((v, False) for v in conflict.values),
            *((v, True) for v in conflict.related),
        ]:
            counts = " ".join(x for x in (value.counted, value.predicate) if x)
            counts += " (a wider count)" if wider else ""
            cells = [one_line(value.value), one_line(counts), one_line(_dated(value))]
            rows.append(f"| {' | '.join(cells)} | {element_name(value.marker)} |")
        how = "differ in precision" if conflict.kind == "precision" else "disagree"
        tables.append(f"*Sources {how} on {one_line(conflict.topic)}:*\n\n" + "\n".join(rows))
    return tables


def _states(text: str, value: str, marker: int) -> bool:
    return value.lower() in text.lower() and element_name(marker) in text


def provenance_line(citation: Citation) -> str:
    """'Associated Press · 2021-10-03 · by Lee Chen · https://...' (inert), or "" when the
    article carries none of them."""
    parts = [citation.outlet, citation.date, f"by {citation.author}" if citation.author else ""]
    return " · ".join(one_line(p) for p in [*parts, citation.url] if p)


def sources_markdown(citations: Sequence[Citation]) -> str:
    """The sources list: one line per article (title, outlet, date, file), and under it
    each of its markers with the sentence it quotes (what a hover on ``[n]`` previews)."""
    by_source: dict[str, list[Citation]] = {}
    for c in citations:
        by_source.setdefault(c.source, []).append(c)
    lines = ["**Sources**", ""]
    for source, cited in by_source.items():
        who = ", ".join(one_line(x) for x in (cited[0].outlet, cited[0].date) if x)
        lines.append(
            f"- *{one_line(cited[0].title)}*{f' — {who}' if who else ''} · {one_line(source)}"
        )
        lines += [f"  - {element_name(c.marker)} “{one_line(c.quote)}”" for c in cited]
    return "\n".join(lines)


def retrieval_markdown(hits: Sequence[Hit], answer: Answer) -> str:
    """The search step's body in plain words: what was searched for, then each passage
    found, best match first, with its article, whether the answer cites it, and its start."""
    cited: dict[str, list[int]] = {}
    for c in answer.citations:
        cited.setdefault(c.passage_id, []).append(c.marker)
    searched = answer.standalone_question or answer.question
    found = f"{len(hits)} passage{'' if len(hits) == 1 else 's'}"
    lines = [
        f"Searched the articles for: *{one_line(searched)}*; found {found}, best match first "
        "(by meaning and by words in common).",
        "",
    ]
    for rank, hit in enumerate(hits, start=1):
        p = hit.passage
        markers = cited.get(p.id)
        used = f"**cited as {', '.join(map(str, markers))}**" if markers else "not cited"
        kind = " (image caption)" if p.kind == "caption" else ""
        lines.append(
            f"{rank}. {one_line(p.title)}{kind} · {used}  \n   {one_line(_snippet(p.text))}"
        )
    if not hits:
        lines.append("No passage was found.")
    return "\n".join(lines)


def _snippet(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _SNIPPET_CHARS else text[: _SNIPPET_CHARS - 1].rstrip() + "…"


def upload_lines(outcomes: Sequence[Outcome]) -> str:
    """One line per uploaded file: what was added, or why it was refused."""
    lines = []
    for o in outcomes:
        name = one_line(o.name)
        if o.refused:
            lines.append(f"- Refused {name}: {one_line(o.refused)}")
        elif o.same_as:
            lines.append(
                f"- {name} is already in the corpus as {one_line(o.same_as)}; nothing new to add."
            )
        else:
            renamed = "" if o.saved_as == o.name else f" as {one_line(o.saved_as)}"
            if renamed and o.renamed:
                renamed += f" ({one_line(o.renamed)})"
            count = f"{o.passages} passage{'' if o.passages == 1 else 's'}"
            lines.append(f"- Added {name}{renamed}: {count} indexed.")
    return "\n".join(lines)


def _dated(value: ConflictValue) -> str:
    """A side's source, with its report's date when known."""
    source = value.attribution or "—"
    return f"{source} ({value.date})" if value.date else source

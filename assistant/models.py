"""Data models, in the order the data flows: article -> passage -> answer -> report.

Every offset is a character offset into the article file's text as decoded
from UTF-8, so ``file_text[start:end]`` is exactly the quoted text.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

BlockKind = Literal["title", "body", "caption", "boilerplate"]
AnswerMode = Literal["extractive", "llm"]
Progress = Callable[[str], None]
"""Called with one-line progress messages (building an index, opening one)."""


def no_progress(line: str) -> None:
    """A :data:`Progress` that shows nothing."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Span(_Model):
    """A run of an article's text."""

    start: int = Field(description="Offset of the first character.")
    end: int = Field(description="Offset one past the last character.")


class Block(Span):
    """A paragraph or line of an article, classified."""

    kind: BlockKind = Field(description="What the block is.")
    reason: str = Field("", description="Why a block was classed as boilerplate or caption.")


class Provenance(_Model):
    """Who published an article, when, where, and which text its offsets point into.

    Empty strings when unknown. Shared by articles, passages and citations.
    """

    outlet: str = Field("", description="Publisher or site, e.g. 'Associated Press'.")
    date: str = Field("", description="Publication date, ISO 8601 (YYYY-MM-DD), when known.")
    author: str = Field("", description="The byline, when known.")
    url: str = Field("", description="The article's (canonical) URL, when known.")
    text_file: str = Field(
        "",
        description="For an article extracted from another format (HTML, PDF, e-mail, feed, "
        "JSONL): the derived UTF-8 text its offsets point into, relative to the index folder "
        "(texts/...). Empty when they point into the corpus file itself.",
    )


class Article(Provenance):
    """One article, loaded and cleaned: a text file, or one extracted from another format."""

    source: str = Field(
        description="File name relative to the corpus folder; 'file#n' for the n-th entry of "
        "a feed or line n of a JSONL file."
    )
    title: str = Field(description="The article's title (front matter, or its first line).")
    sha256: str = Field(description="Hash of the original file's bytes.")
    text: str = Field(
        description="The text offsets point into: the file unchanged, or its derived text.",
        repr=False,
    )
    blocks: list[Block] = Field(description="Title, body, caption and boilerplate blocks.")
    original: str = Field(
        "", description="The corpus file it was read from, when not ``source`` itself."
    )

    @property
    def file(self) -> str:
        """The corpus file the article was read from."""
        return self.original or self.source

    def removed(self) -> list[Block]:
        """Blocks dropped as boilerplate."""
        return [b for b in self.blocks if b.kind == "boilerplate"]


class Sentence(Span):
    """A sentence of a passage, with offsets into the article file."""

    kind: BlockKind = Field("body", description="Kind of the block it came from.")


class Passage(Span, Provenance):
    """Consecutive sentences of one article: the unit that is indexed and retrieved."""

    id: str = Field(description="Stable id: the same file content gives the same id.")
    source: str = Field(description="Article file name ('file#n' for an entry of a file).")
    title: str = Field(description="Article title.")
    text: str = Field(description="Exactly file_text[start:end] (the derived text's, if any).")
    kind: BlockKind = Field("body", description="'caption' when the passage is an image caption.")
    sentences: list[Sentence] = Field(description="Its sentences, in order.")

    def sentence_text(self, sentence: Sentence) -> str:
        """The text of one of its sentences (offsets are into the article file)."""
        return self.text[sentence.start - self.start : sentence.end - self.start]


class Citation(Provenance):
    """Where a claim of an answer comes from."""

    marker: int = Field(description="The number shown as [n] in the answer text.")
    source: str = Field(description="Article file name.")
    title: str = Field(description="Article title.")
    start: int = Field(description="Offset of the quote in the article file (or text_file).")
    end: int = Field(description="Offset one past the quote.")
    quote: str = Field(description="Exactly file_text[start:end].")
    passage_id: str = Field(description="The passage the quote lies in.")


ConflictKind = Literal["conflict", "precision"]


class ConflictValue(_Model):
    """One source's figure for what the reports count."""

    value: str = Field(description="The figure as one source gives it, e.g. 'more than 70'.")
    marker: int = Field(description="The citation marker of the sentence that gives it.")
    qualifier: str = Field("", description="Its hedge, e.g. 'more than'; '' when exact.")
    counted: str = Field("", description="What it counts, e.g. 'people', 'US troops', 'dollars'.")
    predicate: str = Field(
        "", description="What is said of them, e.g. 'killed', 'injured', 'killed or injured'."
    )
    attribution: str = Field(
        "",
        description="Who gives the figure, e.g. 'the AP', from the sentence or the ones before "
        "it; else the article's outlet; else its title.",
    )
    date: str = Field(
        "", description="The date of the article that gives it (YYYY-MM-DD), when known."
    )


class Conflict(_Model):
    """Reports that give different figures for the same thing."""

    topic: str = Field(description="What the figures count, e.g. 'the death toll'.")
    kind: ConflictKind = Field(
        "conflict",
        description="'conflict': the figures cannot all be true; 'precision': they can (e.g. "
        "'more than 160' and 'roughly 170'), stated with different precision.",
    )
    values: list[ConflictValue] = Field(description="One entry per differing figure.")
    related: list[ConflictValue] = Field(
        default_factory=list,
        description="Figures of a wider count, e.g. 'at least 100 killed or injured' beside a "
        "death toll: shown, never counted as a side.",
    )


class Answer(_Model):
    """A grounded answer. Every claim in ``text`` carries a marker of ``citations``."""

    question: str = Field(description="The question as asked.")
    standalone_question: str = Field(
        "", description="The question with a follow-up resolved against earlier turns."
    )
    text: str = Field(description="The answer, with inline [n] markers.")
    answerable: bool = Field(description="False when the articles do not answer the question.")
    citations: list[Citation] = Field(default_factory=list, description="Cited quotes.")
    conflicts: list[Conflict] = Field(default_factory=list, description="Disagreeing figures.")
    nearest: list[Citation] = Field(
        default_factory=list,
        description="When refused: the closest sentences found, shown as not an answer "
        "(never evidence, never cited in the text).",
    )
    notice: str = Field("", description="A note to the user, e.g. why a mode fell back.")
    mode: AnswerMode = Field(
        "extractive",
        description="Which answerer wrote the text ('extractive' also after an LLM fallback).",
    )
    unsupported_sentences: int = Field(
        0,
        ge=0,
        description="Sentences the language model wrote that their citations did not support, "
        "so they were dropped or marked (also counted when the answer fell back).",
    )
    support: float | None = Field(
        None,
        description="The extractive answerer's support for its best sentence (also when it "
        "refused): compared with the refusal threshold; None from other answerers.",
    )


AnswerEvent = tuple[Literal["token"], str] | tuple[Literal["answer"], Answer]
"""What :meth:`Assistant.stream` yields: ``("token", text)`` pieces of the answer as they are
ready, then one ``("answer", Answer)``, verified, whose text is authoritative."""


class SkippedFile(_Model):
    source: str = Field(description="The file that was not indexed.")
    reason: str = Field(description="Why, in one line.")


class FileWarning(_Model):
    source: str = Field(description="The file (or 'file#n' entry) the warning is about.")
    warning: str = Field(description="What to check, in one line; the file is still indexed.")


class RemovedText(_Model):
    source: str = Field(description="The file it was removed from.")
    start: int = Field(description="Offset of the removed text.")
    end: int = Field(description="Offset one past it.")
    text: str = Field(description="The removed text.")
    reason: str = Field(description="The rule that removed it.")


class IndexStats(_Model):
    """What a loaded index holds."""

    passages: int = Field(description="Passages in the index.")
    articles: dict[str, int] = Field(description="Passages of each indexed article, by file.")


class IngestReport(_Model):
    """What an ingest did; printed by ``assistant ingest``."""

    index_dir: str = Field(description="Where the index was written.")
    files_indexed: list[str] = Field(default_factory=list, description="New or changed files.")
    files_unchanged: list[str] = Field(default_factory=list, description="Reused as they were.")
    files_removed: list[str] = Field(default_factory=list, description="Gone from the corpus.")
    skipped: list[SkippedFile] = Field(default_factory=list, description="Refused files.")
    warnings: list[FileWarning] = Field(
        default_factory=list,
        description="Indexed, but worth a look: little text extracted, a feed entry with only "
        "a summary, a JSONL line that could not be read.",
    )
    removed_text: list[RemovedText] = Field(
        default_factory=list, description="Boilerplate removed from the new or changed files."
    )
    passages: int = Field(0, description="Passages in the index after the ingest.")
    articles: int = Field(
        0, description="Articles in the index after the ingest (a feed or JSONL file has many)."
    )
    embedded_texts: int = Field(0, description="Texts embedded by this ingest (0 if nothing new).")
    seconds: float = Field(0.0, description="Wall time of the ingest.")

    @property
    def changed(self) -> bool:
        return bool(self.files_indexed or self.files_removed)

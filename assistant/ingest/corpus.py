"""Read article files from the corpus folder and check they are usable text."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from assistant.errors import BadFileError, CorpusError
from assistant.ingest.boilerplate import classify_blocks, normalise_line
from assistant.ingest.derived import Derived, derived_text, earlier, text_file
from assistant.ingest.frontmatter import parse_front_matter
from assistant.ingest.readers import READERS, Reading
from assistant.ingest.timing import step
from assistant.models import Article, FileWarning, SkippedFile

SUFFIXES = (".txt", ".md", ".markdown")
"""Plain-text articles: read as they are (offsets point into the file itself)."""
READABLE = SUFFIXES + tuple(READERS)
"""Every suffix that is read: plain text, and the formats with a reader."""
# Documents a newsroom drops in that are not read yet: each is named, never passed over.
UNREAD_DOCUMENTS = (".rtf", ".doc", ".docx", ".odt", ".json")
TINY_WORDS = 50  # an extracted page shorter than this is worth a look (a caption, a teaser)


@dataclass
class CorpusReading:
    """Everything read from a corpus folder."""

    articles: list[Article] = field(default_factory=list)
    skipped: list[SkippedFile] = field(default_factory=list)
    warnings: list[FileWarning] = field(default_factory=list)
    derived: dict[str, Derived] = field(default_factory=dict)  # by file, formats not plain text
    # Size and mtime of each file read, taken before it was read: recorded with its hash,
    # so a later check skips the read (and a change made while reading shows as a change).
    stats: dict[str, tuple[int, int]] = field(default_factory=dict)


def article_files(corpus_dir: Path) -> list[Path]:
    """Article files under ``corpus_dir`` (every readable format), sorted; hidden files are
    ignored.

    Raises:
        CorpusError: the folder does not exist.
    """
    if not corpus_dir.is_dir():
        raise CorpusError(f"corpus folder not found: {corpus_dir}")
    return sorted(
        p
        for p in corpus_dir.rglob("*")
        if p.is_file()
        and p.suffix.lower() in READABLE
        and not any(part.startswith(".") for part in p.relative_to(corpus_dir).parts)
    )


def _unread_documents(corpus_dir: Path) -> list[Path]:
    return sorted(
        p
        for p in corpus_dir.rglob("*")
        if p.suffix.lower() in UNREAD_DOCUMENTS
        and p.is_file()
        and not any(part.startswith(".") for part in p.relative_to(corpus_dir).parts)
    )


def decode_article(data: bytes, *, name: str, max_bytes: int) -> str:
    """The UTF-8 text of an article file.

    Raises:
        BadFileError: empty, binary, too large or not UTF-8.
    """
    if len(data) > max_bytes:
        raise BadFileError(name, f"file is {len(data):,} bytes, over the {max_bytes:,} limit")
    if b"\x00" in data:
        raise BadFileError(name, "binary file (contains NUL bytes), not text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadFileError(name, f"not UTF-8 text (bad byte at offset {exc.start})") from None
    if not text.strip():
        raise BadFileError(name, "empty file")
    return text


def check_file(data: bytes, *, name: str, max_bytes: int) -> None:
    """Check that a file would be read as at least one article, as ingest reads it.

    Args:
        data: the file's bytes.
        name: its name; its suffix picks the reader.
        max_bytes: larger files are refused.

    Raises:
        BadFileError: a suffix that is not read, or a file its reader refuses (empty,
            not UTF-8, an encrypted PDF, a page with no article text ...).
    """
    suffix = Path(name).suffix.lower()
    if suffix not in READABLE:
        raise BadFileError(name, f"{suffix or 'a file with no extension'} is not read")
    if suffix in SUFFIXES:
        decode_article(data, name=name, max_bytes=max_bytes)
    elif len(data) > max_bytes:
        raise BadFileError(name, f"file is {len(data):,} bytes, over the {max_bytes:,} limit")
    else:
        _extract(data, name=name, sha="")


def _read(path: Path, *, name: str, max_bytes: int) -> tuple[bytes, tuple[int, int]]:
    """The file's bytes, and its size and mtime taken before they were read."""
    stat = path.stat()
    if stat.st_size > max_bytes:
        raise BadFileError(name, f"file is {stat.st_size:,} bytes, over the {max_bytes:,} limit")
    return path.read_bytes(), (stat.st_size, stat.st_mtime_ns)


def load_corpus(corpus_dir: Path, *, max_bytes: int) -> tuple[list[Article], list[SkippedFile]]:
    """The articles of a folder and the files skipped (see :func:`read_corpus`)."""
    reading = read_corpus(corpus_dir, max_bytes=max_bytes)
    return reading.articles, reading.skipped


def read_corpus(
    corpus_dir: Path, *, max_bytes: int, index_dir: Path | None = None
) -> CorpusReading:
    """Load and clean every article of a folder; a bad file is skipped, not fatal.

    Plain text (``.txt``, ``.md``) is read as it is; the other formats are read by
    their reader into derived texts (``assistant.ingest.derived``), which the
    articles' offsets point into.

    Args:
        corpus_dir: the folder of articles.
        max_bytes: files larger than this are refused.
        index_dir: the index folder, where the derived texts of an earlier ingest are;
            a file read before, unchanged, is not extracted again.

    Returns:
        The articles, the files skipped with the reason for each, and warnings about
        files that were read (little text, a bad JSONL line, a feed entry's summary).
    """
    # source -> (text, sha256 of the original file, original file, derived text file)
    texts: dict[str, tuple[str, str, str, str]] = {}
    reading = CorpusReading()
    root = corpus_dir.resolve()
    for path in article_files(corpus_dir):
        name = path.relative_to(corpus_dir).as_posix()
        try:
            if not path.resolve().is_relative_to(root):
                # A link out of the folder would put any readable file (/etc/passwd) in answers.
                raise BadFileError(name, "a link to a file outside the corpus folder, not indexed")
            with step("read"):
                data, reading.stats[name] = _read(path, name=name, max_bytes=max_bytes)
            with step("hash"):
                sha = _sha256(data)
            if path.suffix.lower() in SUFFIXES:
                with step("read"):
                    text = decode_article(data, name=name, max_bytes=max_bytes)
                texts[name] = (text, sha, "", "")
            else:
                made = (earlier(index_dir, name, sha) if index_dir else None) or _extract(
                    data, name=name, sha=sha
                )
                reading.derived[name] = made
                texts.update(_derived_articles(made, name, reading.warnings))
        except BadFileError as exc:
            reading.skipped.append(SkippedFile(source=name, reason=exc.reason))
        except OSError as exc:
            reading.skipped.append(SkippedFile(source=name, reason=f"cannot read: {exc.strerror}"))
    reading.skipped += [
        SkippedFile(
            source=p.relative_to(corpus_dir).as_posix(),
            reason=f"{p.suffix.lower()} files are not read yet",
        )
        for p in _unread_documents(corpus_dir)
    ]
    with step("clean"):
        _clean(texts, reading)
    return reading


def _clean(texts: dict[str, tuple[str, str, str, str]], reading: CorpusReading) -> None:
    """Front matter and boilerplate of every text read: its article added to ``reading``."""
    shared = shared_lines(text for text, *_ in texts.values())
    for source, (text, sha, original, derived) in texts.items():
        reading.warnings += [
            FileWarning(source=source, warning=problem)
            for problem in parse_front_matter(text).problems
        ]
        reading.articles.append(
            build_article(
                source, text, sha, shared_lines=shared, original=original, text_file=derived
            )
        )


def _extract(data: bytes, *, name: str, sha: str) -> Derived:
    """The derived texts of a file in another format, by part, and its warnings.

    Raises:
        BadFileError: the file cannot be read, or holds no article.
    """
    reader = READERS[Path(name).suffix.lower()]
    try:
        reading: Reading = reader(data, name=name)
    except BadFileError:
        raise
    # Readers parse untrusted files with third-party libraries; whatever they raise means
    # "this file cannot be read", said in one line, and the other files are still read.
    except Exception as exc:
        why = " ".join(str(exc).split())[:120] or type(exc).__name__
        raise BadFileError(name, f"cannot be read ({why})") from None
    made = Derived(sha, warnings=list(reading.warnings))
    for extracted in reading.articles:
        words = len(extracted.text.split())
        if not extracted.part and words < TINY_WORDS:
            made.warnings.append(
                (
                    "",
                    f"only {words} words of article text found (a caption, a teaser or a "
                    "paywall?); indexed, check the file",
                )
            )
        source = f"{name}#{extracted.part}" if extracted.part else name
        made.texts[extracted.part] = derived_text(extracted, original=source)
    return made


def _derived_articles(
    made: Derived, name: str, warnings: list[FileWarning]
) -> dict[str, tuple[str, str, str, str]]:
    """(text, sha256, original, text file) by article source; the file's warnings added."""
    warnings += [
        FileWarning(source=f"{name}#{part}" if part else name, warning=warning)
        for part, warning in made.warnings
    ]
    return {
        f"{name}#{part}" if part else name: (
            text,
            made.sha256,
            name if part else "",
            text_file(name, made.sha256, part),
        )
        for part, text in made.texts.items()
    }


def build_article(
    source: str,
    text: str,
    sha256: str,
    *,
    shared_lines: frozenset[str] = frozenset(),
    original: str = "",
    text_file: str = "",
) -> Article:
    """Classify a text's blocks and wrap it as an :class:`Article`.

    A front-matter block at the top gives the title (else the first line is the title)
    and the outlet, date, author and url; it is not part of the body.
    """
    front = parse_front_matter(text)
    fields = front.fields
    given = fields.get("title", "")
    first = text[front.body_start :].lstrip().split("\n", 1)[0]
    blocks = classify_blocks(
        text,
        shared_lines=shared_lines,
        markdown=source.endswith(".md"),
        body_start=front.body_start,
        # The first line is the title unless front matter names another one.
        title_line=not given or normalise_line(first) == normalise_line(given),
    )
    title_block = next((b for b in blocks if b.kind == "title"), None)
    title = given or (text[title_block.start : title_block.end] if title_block else "")
    return Article(
        source=source,
        title=title or Path(source).stem,
        sha256=sha256,
        text=text,
        blocks=blocks,
        original=original,
        text_file=text_file,
        outlet=fields.get("outlet", ""),
        date=fields.get("date", ""),
        author=fields.get("author", ""),
        url=fields.get("url", ""),
    )


def shared_lines(texts: Iterator[str] | list[str]) -> frozenset[str]:
    """Lines that appear in more than one article: a site's template, not its news."""
    seen: dict[str, int] = {}
    for text in texts:
        for line in {normalise_line(x) for x in text.splitlines()}:
            if line:
                seen[line] = seen.get(line, 0) + 1
    return frozenset(line for line, n in seen.items() if n > 1)


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()

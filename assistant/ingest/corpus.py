"""Read article files from the corpus folder and check they are usable text."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

from assistant.errors import BadFileError, CorpusError
from assistant.ingest.boilerplate import classify_blocks, normalise_line
from assistant.models import Article, SkippedFile

SUFFIXES = (".txt", ".md", ".markdown")
# Documents a newsroom drops in that are not read yet: each is named, never passed over.
UNREAD_DOCUMENTS = (
    ".html",
    ".htm",
    ".pdf",
    ".eml",
    ".rtf",
    ".doc",
    ".docx",
    ".odt",
    ".rss",
    ".atom",
    ".xml",
    ".json",
    ".jsonl",
)


def article_files(corpus_dir: Path) -> list[Path]:
    """Article files under ``corpus_dir``, sorted; hidden files are ignored.

    Raises:
        CorpusError: the folder does not exist.
    """
    if not corpus_dir.is_dir():
        raise CorpusError(f"corpus folder not found: {corpus_dir}")
    return sorted(
        p
        for p in corpus_dir.rglob("*")
        if p.is_file()
        and p.suffix.lower() in SUFFIXES
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


def _read(path: Path, *, name: str, max_bytes: int) -> bytes:
    size = path.stat().st_size
    if size > max_bytes:
        raise BadFileError(name, f"file is {size:,} bytes, over the {max_bytes:,} limit")
    return path.read_bytes()


def load_corpus(corpus_dir: Path, *, max_bytes: int) -> tuple[list[Article], list[SkippedFile]]:
    """Load and clean every article of a folder; a bad file is skipped, not fatal.

    Args:
        corpus_dir: the folder of articles.
        max_bytes: files larger than this are refused.

    Returns:
        The articles, and the files that were skipped with the reason for each.
    """
    texts: dict[str, tuple[str, str]] = {}
    skipped: list[SkippedFile] = []
    root = corpus_dir.resolve()
    for path in article_files(corpus_dir):
        name = path.relative_to(corpus_dir).as_posix()
        try:
            if not path.resolve().is_relative_to(root):
                # A link out of the folder would put any readable file (/etc/passwd) in answers.
                raise BadFileError(name, "a link to a file outside the corpus folder, not indexed")
            data = _read(path, name=name, max_bytes=max_bytes)
            texts[name] = (decode_article(data, name=name, max_bytes=max_bytes), _sha256(data))
        except BadFileError as exc:
            skipped.append(SkippedFile(source=name, reason=exc.reason))
        except OSError as exc:
            skipped.append(SkippedFile(source=name, reason=f"cannot read: {exc.strerror}"))
    skipped += [
        SkippedFile(
            source=p.relative_to(corpus_dir).as_posix(),
            reason=f"{p.suffix.lower()} files are not read yet (only .txt and .md)",
        )
        for p in _unread_documents(corpus_dir)
    ]
    shared = shared_lines(text for text, _ in texts.values())
    articles = [
        build_article(name, text, sha, shared_lines=shared) for name, (text, sha) in texts.items()
    ]
    return articles, skipped


def build_article(
    source: str, text: str, sha256: str, *, shared_lines: frozenset[str] = frozenset()
) -> Article:
    """Classify a text's blocks and wrap it as an :class:`Article`."""
    blocks = classify_blocks(text, shared_lines=shared_lines, markdown=source.endswith(".md"))
    title_block = next((b for b in blocks if b.kind == "title"), None)
    title = text[title_block.start : title_block.end] if title_block else Path(source).stem
    return Article(source=source, title=title, sha256=sha256, text=text, blocks=blocks)


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

"""Articles users add in the chat: checked, then stored in the corpus folder.

A file is refused, with a one-line reason, unless ingest would read it: a
``.txt``/``.md`` file of UTF-8 text, or a saved page, PDF, e-mail, feed or JSONL
export its reader finds an article in, within the size limit (the same checks
and readers as ingest). It is written under a name that never replaces another
file: ``report.txt`` becomes ``report-2.txt`` when a different ``report.txt`` is
already there. Indexing is the service's job; nothing here leaves the machine.
"""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from assistant.errors import AssistantError, BadFileError
from assistant.ingest.corpus import READABLE, article_files, check_file

_UNSAFE = re.compile(r"[^\w.\- ]+")
_MAX_STEM = 80
_MAX_TRIES = 1000


@dataclass(frozen=True)
class Upload:
    """A file a user sent: its name as uploaded and where the chat server saved it."""

    name: str
    path: Path


@dataclass
class Outcome:
    """What became of one upload."""

    name: str  # as uploaded
    saved_as: str = ""  # file name in the corpus folder, when added
    passages: int = 0  # passages indexed from it
    same_as: str = ""  # an article already in the corpus with exactly this text
    renamed: str = ""  # why it was saved under another name than its own, in one line
    refused: str = ""  # why it was not added, in one line

    @property
    def added(self) -> bool:
        return bool(self.saved_as) and not self.refused


def store(upload: Upload, corpus_dir: Path, *, max_bytes: int) -> Outcome:
    """Check one upload and write it into ``corpus_dir`` under a free name.

    Args:
        upload: the uploaded file.
        corpus_dir: the corpus folder (created if missing).
        max_bytes: larger files are refused.

    Returns:
        The outcome; ``refused`` says why when the file was not stored.
    """
    name = safe_name(upload.name)
    suffix = Path(name).suffix
    if suffix not in READABLE:
        return Outcome(upload.name, refused=wrong_type(suffix))
    try:
        data = _read(upload, max_bytes=max_bytes)
        check_file(data, name=name, max_bytes=max_bytes)
        corpus_dir.mkdir(parents=True, exist_ok=True)
        existing = same_text(corpus_dir, data)
        if existing:
            return Outcome(upload.name, same_as=existing)
        saved_as = _write_new(corpus_dir, name, data)
        return Outcome(upload.name, saved_as=saved_as, renamed=why_renamed(upload.name, saved_as))
    except BadFileError as exc:
        return Outcome(upload.name, refused=exc.reason)
    except (OSError, AssistantError) as exc:
        return Outcome(upload.name, refused=f"cannot store it: {exc}")


def wrong_type(suffix: str, taken: Sequence[str] = READABLE) -> str:
    """Why a file with this suffix is not added, in one line (``taken``: the suffixes
    that are)."""
    return f"{suffix or 'a file with no extension'} cannot be added; {accepted(taken)}"


def accepted(taken: Sequence[str] = READABLE) -> str:
    """The file types the chat adds, in words."""
    return f"accepted: {', '.join(taken)}"


def _read(upload: Upload, *, max_bytes: int) -> bytes:
    size = upload.path.stat().st_size
    if size > max_bytes:
        raise BadFileError(upload.name, f"file is {size:,} bytes, over the {max_bytes:,} limit")
    return upload.path.read_bytes()


def safe_name(name: str) -> str:
    """A plain file name for an upload: no folders, no hidden name, lower-case suffix."""
    base = unicodedata.normalize("NFC", re.split(r"[\\/]", name)[-1])
    base = _UNSAFE.sub("_", base).strip(" .")  # a leading dot would hide it from the corpus
    stem, suffix = os.path.splitext(base)
    stem = stem[:_MAX_STEM].strip(" .") or "article"
    return stem + suffix.lower()


def why_renamed(name: str, saved_as: str) -> str:
    """Why an upload called ``name`` was saved as ``saved_as``, in one line (``""`` if it was
    not renamed)."""
    plain = safe_name(name)
    reasons = []
    if plain != name:
        reasons.append(f"made a plain file name: {', '.join(_name_changes(name))}")
    if saved_as != plain:
        taken = "its name" if plain == name else f"the name {plain}"
        reasons.append(f"a different file already has {taken}")
    return "; ".join(reasons)


def _name_changes(name: str) -> list[str]:
    last = re.split(r"[\\/]", name)[-1]
    base = unicodedata.normalize("NFC", last)
    stem, suffix = os.path.splitext(base)
    changes = [
        text
        for applies, text in (
            (last != name, "folders left out"),
            (base != last, "letters in composed form (NFC)"),
            (base.lstrip(" ").startswith("."), "no leading dot (it would hide the file)"),
            (
                bool(_UNSAFE.search(base)),
                "characters other than letters, digits, . - _ and space replaced by _",
            ),
            (len(stem) > _MAX_STEM, f"cut to {_MAX_STEM} characters"),
            (suffix != suffix.lower(), "extension in lower case"),
        )
        if applies
    ]
    return changes or ["spaces and dots at its ends left out"]


def same_text(corpus_dir: Path, data: bytes) -> str:
    """The corpus file (relative name) whose bytes equal ``data``, or ``""``."""
    digest = hashlib.sha256(data).hexdigest()
    for path in article_files(corpus_dir):
        if path.stat().st_size == len(data) and _sha256(path) == digest:
            return path.relative_to(corpus_dir).as_posix()
    return ""


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _write_new(corpus_dir: Path, name: str, data: bytes) -> str:
    """Write ``data`` under ``name`` or the first free ``stem-N`` variant; never overwrite.

    The text goes to a hidden temporary file first (ingest ignores hidden
    files) and is then hard-linked to its name: the link either creates the
    name with the complete text or fails because the name is taken.
    """
    tmp = corpus_dir / f".upload-{uuid.uuid4().hex}.part"
    tmp.write_bytes(data)
    try:
        for candidate in _candidates(name):
            try:
                os.link(tmp, corpus_dir / candidate)
            except FileExistsError:
                continue
            return candidate
    finally:
        tmp.unlink(missing_ok=True)
    raise OSError(f"no free name like {name} in {corpus_dir}")


def _candidates(name: str) -> Iterator[str]:
    yield name
    stem, suffix = os.path.splitext(name)
    for n in range(2, _MAX_TRIES):
        yield f"{stem}-{n}{suffix}"


def remove(corpus_dir: Path, saved_as: str) -> None:
    """Take back a stored upload (when indexing it failed)."""
    (corpus_dir / saved_as).unlink(missing_ok=True)

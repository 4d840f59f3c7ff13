"""The passage table of an index: passages read from disk on demand.

``docstore.jsonl`` holds one passage per line; ``docstore.offsets.npy`` the
byte offset of each line; ``docstore.ids.npy`` the passage ids sorted, with
their rows; ``docstore.sources.json`` the first row and count of each
article's passages (an article's passages are consecutive rows). Opening the
table reads none of the passages: a million-passage index opens in the time
it takes to map three files, and a retrieval parses only the rows it returns.
"""

from __future__ import annotations

import abc
import json
import mmap
import threading
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import overload

import numpy as np

from assistant.errors import DamagedPassageError
from assistant.models import Passage

_CACHE = 8192  # parsed passages kept


def write(folder: Path, passages: Iterable[Passage]) -> int:
    """Write the table of ``passages`` (grouped by article) into ``folder``.

    Returns:
        The number of passages written.

    Raises:
        ValueError: an article's passages are not consecutive.
    """
    offsets = [0]
    ids: list[str] = []
    sources: dict[str, list[int]] = {}
    last = None
    with (folder / "docstore.jsonl").open("wb") as fh:
        for row, p in enumerate(passages):
            line = (p.model_dump_json() + "\n").encode("utf-8")
            fh.write(line)
            offsets.append(offsets[-1] + len(line))
            ids.append(p.id)
            if p.source != last:
                if p.source in sources:
                    raise ValueError(f"passages of {p.source} are not consecutive (row {row})")
                sources[p.source] = [row, 0]
                last = p.source
            sources[p.source][1] += 1
    np.save(folder / "docstore.offsets.npy", np.array(offsets, dtype=np.int64))
    order = np.argsort(np.array(ids, dtype="S")) if ids else np.zeros(0, dtype=np.int64)
    np.save(
        folder / "docstore.ids.npy", np.array(ids, dtype="S")[order] if ids else np.array([], "S1")
    )
    np.save(folder / "docstore.id_rows.npy", order.astype(np.int64))
    (folder / "docstore.sources.json").write_text(json.dumps(sources), encoding="utf-8")
    return len(ids)


class PassageStore(Sequence[Passage]):
    """An index's passages by row, read on demand: from files (:class:`PassageTable`) or
    from a database (``assistant.index.pgparts``)."""

    sources: dict[str, range]  # first row and count of each article's passages

    @abc.abstractmethod
    def row_of(self, passage_id: str) -> int | None:
        """The row of a passage id, or None."""

    def prefetch(self, rows: Iterable[int]) -> None:
        """Read these rows ahead in one go, where that saves round trips (a database)."""

    @abc.abstractmethod
    def check(self) -> None:
        """Raises ValueError when the store's parts do not agree."""

    @abc.abstractmethod
    def close(self) -> None:
        """Let go of files or connections."""

    def of_source(self, source: str) -> list[Passage]:
        """An article's passages, in order (a damaged row is left out: retrieval never
        shows it either)."""
        passages = []
        for row in self.sources.get(source, range(0)):
            try:
                passages.append(self[row])
            except DamagedPassageError:
                continue
        return passages


class PassageTable(PassageStore):
    """Read-only, thread-safe sequence of an index's passages, by row."""

    def __init__(self, folder: Path) -> None:
        self._offsets = np.load(folder / "docstore.offsets.npy", mmap_mode="r")
        self._ids = np.load(folder / "docstore.ids.npy", mmap_mode="r")
        self._id_rows = np.load(folder / "docstore.id_rows.npy", mmap_mode="r")
        raw = json.loads((folder / "docstore.sources.json").read_text(encoding="utf-8"))
        self.sources: dict[str, range] = {s: range(a, a + n) for s, (a, n) in raw.items()}
        self._file = (folder / "docstore.jsonl").open("rb")
        size = int(self._offsets[-1])
        self._map = mmap.mmap(self._file.fileno(), 0, access=mmap.ACCESS_READ) if size else None
        self._cache: OrderedDict[int, Passage] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._offsets) - 1

    def check(self) -> None:
        """The table's parts agree: offsets in order and ending at the file's end, one id
        per row, every row in one article's range.

        Raises:
            ValueError: naming what does not agree.
        """
        offsets, n = np.asarray(self._offsets), len(self)
        size = self._map.size() if self._map is not None else 0
        if n < 0 or int(offsets[0]) != 0 or int(offsets[-1]) != size:
            raise ValueError("the passage table's offsets do not match docstore.jsonl")
        if np.any(np.diff(offsets) <= 0):
            raise ValueError("the passage table's offsets are out of order")
        if len(self._ids) != n or len(self._id_rows) != n:
            raise ValueError("the passage table's ids do not match its rows")
        if sum(len(r) for r in self.sources.values()) != n or any(
            r.start < 0 or r.stop > n for r in self.sources.values()
        ):
            raise ValueError("the passage table's articles do not cover its rows")

    @overload
    def __getitem__(self, row: int) -> Passage: ...

    @overload
    def __getitem__(self, row: slice) -> list[Passage]: ...

    def __getitem__(self, row: int | slice) -> Passage | list[Passage]:
        if isinstance(row, slice):
            return [self[i] for i in range(*row.indices(len(self)))]
        if row < 0:
            row += len(self)
        if not 0 <= row < len(self):
            raise IndexError(f"passage row {row} out of range (0..{len(self) - 1})")
        with self._lock:
            cached = self._cache.get(row)
            if cached is not None:
                self._cache.move_to_end(row)
                return cached
        assert self._map is not None
        line = self._map[int(self._offsets[row]) : int(self._offsets[row + 1])]
        try:
            passage = Passage.model_validate_json(line)
        except ValueError as exc:  # a damaged line: its row cannot be read
            raise DamagedPassageError(row) from exc
        with self._lock:
            self._cache[row] = passage
            if len(self._cache) > _CACHE:
                self._cache.popitem(last=False)
        return passage

    def __iter__(self) -> Iterator[Passage]:
        for row in range(len(self)):
            yield self[row]

    def row_of(self, passage_id: str) -> int | None:
        """The row of a passage id, or None."""
        key = passage_id.encode("ascii", "replace")
        at = int(np.searchsorted(self._ids, key))
        if at < len(self._ids) and self._ids[at] == key:
            return int(self._id_rows[at])
        return None

    def close(self) -> None:
        if self._map is not None:
            self._map.close()
        self._file.close()

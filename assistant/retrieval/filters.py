"""Retrieval limited to some articles: published since a date, by one outlet.

Every passage of an article carries its outlet and date, so the admitted rows
are found by reading one passage per article (the passage table keeps each
article's rows together) and cached per filter. Undated articles are left out
by ``since``: it cannot be told whether they are recent.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from assistant.errors import BadQuestionError, DamagedPassageError
from assistant.index.store import IndexData
from assistant.ingest.frontmatter import normalise_date
from assistant.models import Provenance


@dataclass(frozen=True)
class ArticleFilter:
    """Which articles retrieval may return; the empty filter admits every one."""

    since: str = ""  # ISO date (YYYY-MM-DD): articles published on or after it
    outlet: str = ""  # the outlet's name, compared without regard to case

    @classmethod
    def of(cls, *, since: str | None = None, outlet: str | None = None) -> ArticleFilter:
        """A filter from user input.

        Raises:
            BadQuestionError: ``since`` is not a date.
        """
        day = normalise_date(since) if since else ""
        if since and not day:
            raise BadQuestionError(f"--since {since!r} is not a date (use YYYY-MM-DD)")
        return cls(since=day, outlet=" ".join((outlet or "").split()))

    def __bool__(self) -> bool:
        return bool(self.since or self.outlet)

    def admits(self, article: Provenance) -> bool:
        """Whether an article (or a passage, a citation of it) passes the filter."""
        if self.since and not (article.date and article.date >= self.since):
            return False
        return not self.outlet or article.outlet.casefold() == self.outlet.casefold()

    def describe(self) -> str:
        """'published since 2021-10-01 by Associated Press'."""
        parts = [f"published since {self.since}" if self.since else ""]
        parts.append(f"by {self.outlet}" if self.outlet else "")
        return " ".join(p for p in parts if p)


def admitted_rows(data: IndexData, where: ArticleFilter) -> npt.NDArray[np.int64]:
    """The passage rows of the articles ``where`` admits, in row order."""
    rows: list[int] = []
    for span in data.passages.sources.values():
        try:
            first = data.passages[span.start]
        except DamagedPassageError:  # never shown anyway
            continue
        if where.admits(first):
            rows.extend(span)
    return np.array(sorted(rows), dtype=np.int64)

"""The chat's filters: "Published since" and "Outlet" in the settings panel.

They narrow retrieval as ``assistant ask --since/--outlet`` do, through the same
:class:`~assistant.retrieval.filters.ArticleFilter`; this module only reads the
panel's values, offers the outlets of the loaded articles, and words the note an
answer carries while a filter is on (so a reader knows why an article is not
cited). Chainlit's widgets are imported when the panel is made, nothing else here
needs Chainlit.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from assistant.models import Answer, Provenance
from assistant.retrieval.filters import ArticleFilter
from assistant.ui.library import LoadedArticle

if TYPE_CHECKING:
    from chainlit.input_widget import InputWidget

SINCE = "since"  # the panel's widget ids, and keys of the values it sends
OUTLET = "outlet"
ALL = "all"  # the outlet choice that filters nothing
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_PANEL = "the settings panel"
_LATEST_MIDNIGHT = timedelta(hours=13, minutes=30)  # see picked_day


def outlets(articles: Sequence[LoadedArticle]) -> list[str]:
    """The outlets of the loaded articles, each once (any case), in alphabetical order."""
    seen: dict[str, str] = {}
    for a in articles:
        if a.outlet:
            seen.setdefault(a.outlet.casefold(), a.outlet)
    return sorted(seen.values(), key=str.casefold)


def filter_widgets(offered: Sequence[str], chosen: dict[str, Any]) -> list[InputWidget]:
    """The panel's two filters, showing this session's choice.

    Args:
        offered: the outlets to offer (see :func:`outlets`), "all" is added first.
        chosen: the panel's values so far (empty for a new chat).
    """
    from chainlit.input_widget import DatePicker, Select

    outlet = str(chosen.get(OUTLET) or ALL)
    values = [ALL, *offered]
    since = picked_day(chosen.get(SINCE))
    return [
        DatePicker(
            id=SINCE,
            label="Published since",
            initial=since or None,
            placeholder="any date",
            description="Only articles published on or after this day; undated articles "
            "are then left out. Clear it to search every article.",
        ),
        Select(
            id=OUTLET,
            label="Outlet",
            values=values,
            initial_index=values.index(outlet) if outlet in values else 0,
            description="Only the articles of this outlet (all: every article).",
        ),
    ]


def chosen_filter(chosen: dict[str, Any]) -> ArticleFilter:
    """The filter the panel's values ask for (the empty filter when none is set).

    A client can send any value over the socket: a day that is not one is ignored.
    """
    outlet = chosen.get(OUTLET)
    outlet = "" if not isinstance(outlet, str) or outlet == ALL else outlet
    return ArticleFilter.of(since=picked_day(chosen.get(SINCE)), outlet=outlet)


def picked_day(value: Any) -> str:
    """The day (YYYY-MM-DD) a date picker's value means, or "" for none.

    Chainlit's date picker sends the chosen day's local midnight as a UTC instant
    (``2024-04-30T22:00:00.000Z`` for 1 May in Berlin), and the server is not told
    the browser's time zone. Local midnight of day D is between D-1 10:30 UTC
    (UTC+13:30) and D 10:30 UTC (UTC-10:30), so 13 h 30 min later it is always on
    day D: the day chosen in every zone from Hawaii to New Zealand's summer time
    (not in UTC-11, UTC+13:45 or UTC+14, whose days overlap those). A plain day
    (what the panel was sent) is kept as it is.
    """
    if not isinstance(value, str) or not value.strip():
        return ""
    text = value.strip()
    if _DAY.fullmatch(text):
        return text if _valid(text) else ""
    try:
        instant = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return ""
    if instant.tzinfo is None:
        return instant.date().isoformat()
    return (instant.astimezone(UTC) + _LATEST_MIDNIGHT).date().isoformat()


def _valid(day: str) -> bool:
    try:
        datetime.strptime(day, "%Y-%m-%d")
    except ValueError:
        return False
    return True


def with_filter_note(
    answer: Answer, where: ArticleFilter, articles: Sequence[LoadedArticle]
) -> Answer:
    """The answer with a note naming the filter and how many articles it kept.

    When it kept none, nothing was searched: the answer is a refusal that says so,
    and where to change the filters.
    """
    if not where:
        return answer
    kept = sum(where.admits(Provenance(outlet=a.outlet, date=a.date)) for a in articles)
    if not kept:
        text = (
            f"No article is {where.describe()}, so none was searched. Change the filters "
            f"in {_PANEL} to search the other {len(articles)}."
        )
        return answer.model_copy(update={"text": text, "notice": ""})
    note = (
        f"Searched only the {kept} of {len(articles)} articles {where.describe()} "
        f"(filters in {_PANEL})."
    )
    notice = " ".join(n for n in (note, answer.notice) if n)
    return answer.model_copy(update={"notice": notice})

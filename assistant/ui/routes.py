"""The chat's own HTTP API, read by its page script (``public/newsroom.js``).

``GET /assistant/articles`` lists the loaded articles (title, outlet, date,
passages) for the landing page, and what an upload may be;
``GET /assistant/article?source=...`` gives one article whole, as paragraphs of
plain text, for the page's reader. Both answer
JSON; article text is data the script shows with ``textContent``, never HTML.
They sit in front of Chainlit's own routes (its catch-all serves the app page)
and take the same login as its API when there is one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from typing import Any

from fastapi import APIRouter, Depends, FastAPI, HTTPException, Query

from assistant.ui import library
from assistant.ui.service import ChatService

PREFIX = "/assistant"


def router(service: ChatService, *, user: Callable[..., Any], uploads: dict[str, Any]) -> APIRouter:
    """The routes, each behind ``user`` (Chainlit's current-user dependency).

    Args:
        service: the chat's assistant.
        user: Chainlit's current-user dependency (refuses a request without the login).
        uploads: what an upload may be (``max_files``, ``max_mb``, ``suffixes``), so the
            page refuses a file in the chat's own words before sending it.
    """
    api = APIRouter(prefix=PREFIX, dependencies=[Depends(user)])

    @api.get("/articles")
    def articles() -> dict[str, Any]:
        bot = service.ready_bot()
        listed = [_summary(a) for a in library.loaded_articles(bot)] if bot is not None else []
        return {"state": service.state(), "articles": listed, "uploads": uploads}

    @api.get("/article")
    def article(source: str = Query(..., max_length=1000)) -> dict[str, Any]:
        bot = service.ready_bot()
        found = library.read_article(bot, source) if bot is not None else None
        if found is None:
            raise HTTPException(404, f"no article {source!r} is loaded")
        return {**_summary(found), "paragraphs": [s.text for s in found.segments]}

    return api


def _summary(article: library.LoadedArticle) -> dict[str, Any]:
    fields = asdict(article)
    fields.pop("segments")
    return fields


def install(app: FastAPI, api: APIRouter) -> None:
    """Add ``api`` to ``app`` ahead of the routes already there (Chainlit's catch-all)."""
    before = len(app.router.routes)
    app.include_router(api)
    added = app.router.routes[before:]
    del app.router.routes[before:]
    app.router.routes[:0] = added

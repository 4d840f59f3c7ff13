"""Articles arriving in the chat: the wait while they open, and files users attach.

Chainlit handlers' helpers (called from :mod:`assistant.ui.app`). Opening and
indexing run in worker threads; the chat shows their latest progress line, then
what became of each file and the articles now loaded, each with a read link.
"""

# Chainlit's API is not typed; calling it is what this module is for.
# mypy: disable-error-code="no-untyped-call"

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import chainlit as cl

from assistant.models import Progress
from assistant.ui import library, reader, render
from assistant.ui.service import ChatService
from assistant.ui.uploads import Outcome, Upload

_POLL_SECONDS = 0.3


async def until_ready(service: ChatService) -> bool:
    """Wait for the articles to be opened, showing progress; False if they cannot be.

    Nothing is said when they are open already: the landing page lists them.
    """
    if service.state() == "ready":
        return True
    note = cl.Message(content="")
    sent = False
    while service.state() == "loading":
        text = (
            "Preparing the articles (the first start builds the index): "
            f"{render.one_line(service.last_progress())}"
        )
        if text != note.content:
            note.content = text
            await (note.update() if sent else note.send())
            sent = True
        await asyncio.sleep(_POLL_SECONDS)
    ready = service.state() == "ready"
    if ready:
        note.content = loaded_markdown(service, heading="Articles ready")
    else:
        note.content = (
            f"The articles could not be opened: {render.one_line(service.error)}. "
            "Add articles with the paperclip, or fix the corpus "
            "folder and restart the chat."
        )
    await (note.update() if sent else note.send())
    return ready


def loaded_markdown(service: ChatService, *, heading: str) -> str:
    """The loaded articles, each with its read link."""
    bot = service.ready_bot()
    articles = library.loaded_articles(bot) if bot is not None else []
    return reader.articles_markdown(articles, heading=f"{heading} ({len(articles)})")


async def add_files(service: ChatService, files: list[Upload]) -> None:
    """Store and index uploaded articles; say in one line each what became of them,
    then list the articles loaded now."""
    note = cl.Message(content=f"Adding {len(files)} file(s) to the articles ...")
    await note.send()
    outcomes: list[Outcome] = await with_progress(
        note, lambda progress: service.add_files(files, progress=progress)
    )
    note.content = render.upload_lines(outcomes)
    if any(o.added for o in outcomes):
        note.content += "\n\n" + loaded_markdown(service, heading="Articles loaded now")
    await note.update()


async def with_progress(note: cl.Message, work: Callable[[Progress], Any]) -> Any:
    """Run ``work(progress)`` in a worker thread, showing its latest progress line."""
    latest = [""]
    task = asyncio.ensure_future(asyncio.to_thread(work, lambda line: latest.__setitem__(0, line)))
    shown = ""
    while not task.done():
        await asyncio.wait({task}, timeout=_POLL_SECONDS)
        if latest[0] != shown and not task.done():
            shown = latest[0]
            note.content = f"Adding articles: {render.one_line(shown)}"
            await note.update()
    return task.result()

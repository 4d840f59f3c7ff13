"""What the chat sends for a question: the search step, the answer, its side panels.

Chainlit handlers' helpers (called from :mod:`assistant.ui.app`, which registers
the handlers). Every answer carries one side panel per citation, the whole
article with the cited sentence marked (:mod:`assistant.ui.reader`), and the
latest answer an "Export this chat" button.
"""

# Chainlit's API is not typed; calling it is what this module is for.
# mypy: disable-error-code="no-untyped-call"

from __future__ import annotations

import asyncio
import concurrent.futures
import uuid
from datetime import UTC, datetime
from typing import Any

import chainlit as cl

from assistant.models import Answer
from assistant.retrieval.filters import ArticleFilter
from assistant.ui import export, history, reader, render, wording
from assistant.ui.service import LLM, ChatService, Reply

HISTORY = "history"  # user_session key: this session's answers, oldest first
EXPORT_BUTTON = "export_button"  # user_session key: the action on the latest answer
EXPORT_ACTION = "export_chat"
STEP_NAME = wording.STEP
_SIDE_PANEL_SETTLE = 0.15
_RESUME_WAIT = 120.0  # seconds a resumed chat waits for the articles to open
_CLOSING: set[asyncio.Task[None]] = set()  # held until done (the loop keeps weak references)


async def answer(
    service: ChatService,
    question: str,
    *,
    k: int | None,
    mode: str,
    where: ArticleFilter | None = None,
) -> None:
    """Answer in this session's conversation: search step, streamed answer, side panels
    (``where``: the settings panel's filters)."""
    earlier: list[Answer] = cl.user_session.get(HISTORY) or []
    draft = cl.Message(content="")
    loop = asyncio.get_running_loop()
    shown: list[concurrent.futures.Future[None]] = []

    def show(piece: str) -> None:  # from the worker thread, as LLM sentences are verified
        token = draft.stream_token(render.escape_markdown(piece) + " ")
        shown.append(asyncio.run_coroutine_threadsafe(token, loop))

    reply = await asyncio.to_thread(
        service.ask,
        question,
        earlier,
        k=k,
        mode=mode,
        on_token=show if mode == LLM else None,
        where=where,
    )
    if shown:
        await asyncio.gather(*(asyncio.wrap_future(f) for f in shown))
        await draft.remove()  # the verified answer, with its links, replaces the draft
    async with cl.Step(
        name=STEP_NAME, type="retrieval", default_open=False, show_input=False
    ) as step:
        step.output = render.retrieval_markdown(reply.hits, reply.answer)
    panels = side_panels(reply)
    message = cl.Message(
        content="",
        elements=panels,
        actions=[await export_button()],
        metadata=history.answer_metadata(reply.answer, passages=k),
    )
    for chunk in render.answer_chunks(reply.answer):
        await message.stream_token(chunk)
    await message.send()
    if panels:
        await close_side_panel()
    earlier.append(reply.answer)
    cl.user_session.set(HISTORY, earlier)


def side_panels(reply: Reply) -> list[cl.Text]:
    """One side-panel element per citation, named ``[n]`` as its marker."""
    return [
        cl.Text(name=render.element_name(c.marker), display="side", content=panel)
        for c, panel in zip(reply.answer.citations, panel_texts(reply), strict=True)
    ]


def panel_texts(reply: Reply) -> list[str]:
    """The side panel of each citation of the reply's answer, in order."""
    return [
        reader.cited_article(c, reply.articles.get(c.source), reply.passages.get(c.passage_id))
        for c in reply.answer.citations
    ]


async def resume(service: ChatService, thread: dict[str, Any], *, root: str = "") -> None:
    """Make a kept chat work again: its answers' side panels, and its follow-up history.

    Side panels are not kept with the chat: each is made again from the articles as
    the index has them now (waiting for the index when the server has just started),
    stored as a file of this session and added to the chat Chainlit is about to show
    (``thread``), with the address the page reads it from (under ``root``, the
    server's root path).
    """
    ready = await asyncio.to_thread(service.wait, _RESUME_WAIT)
    answers = []
    for step in thread.get("steps", []):
        answer = history.stored_answer(step.get("metadata"))
        if answer is None or step.get("type") != "assistant_message":
            continue
        answers.append(answer)
        reply = await asyncio.to_thread(service.reread, answer) if ready else Reply(answer, [])
        for citation, panel in zip(answer.citations, panel_texts(reply), strict=True):
            element = await _kept_panel(panel, citation.marker, thread["id"], step["id"], root)
            thread.setdefault("elements", []).append(element)
    cl.user_session.set(HISTORY, answers)
    if thread.get("elements"):
        # Chainlit opens the side panel when it shows these; close it once it has.
        closing = asyncio.create_task(close_side_panel())
        _CLOSING.add(closing)
        closing.add_done_callback(_CLOSING.discard)


async def _kept_panel(panel: str, marker: int, thread: str, step: str, root: str) -> dict[str, Any]:
    """The side panel of marker ``marker`` of a resumed answer (step ``step``), as Chainlit
    describes an element: its text is a file of this session, read at its address."""
    session = cl.context.session
    name = render.element_name(marker)
    stored = await session.persist_file(name=name, content=panel, mime="text/plain")
    return {
        "id": str(uuid.uuid4()),
        "threadId": thread,
        "type": "text",
        "chainlitKey": stored["id"],
        "url": f"{root}/project/file/{stored['id']}?session_id={session.id}",
        "name": name,
        "display": "side",
        "forId": step,
        "mime": "text/plain",
    }


async def export_button() -> cl.Action:
    """The "Export this chat" button of the newest answer (taken off the one before)."""
    earlier: cl.Action | None = cl.user_session.get(EXPORT_BUTTON)
    if earlier is not None:
        await earlier.remove()
    button = cl.Action(
        name=EXPORT_ACTION,
        payload={},
        label="Export this chat",
        tooltip="Download this chat as Markdown, with numbered sources",
        icon="download",
    )
    cl.user_session.set(EXPORT_BUTTON, button)
    return button


async def send_export(title: str) -> None:
    """Send this chat as a Markdown file to download."""
    answers: list[Answer] = cl.user_session.get(HISTORY) or []
    now = datetime.now(UTC)
    text = export.chat_markdown(answers, title=title, when=now.strftime("%Y-%m-%d %H:%M UTC"))
    name = f"chat-{now.strftime('%Y%m%d-%H%M%S')}.md"
    file = cl.File(name=name, content=text.encode("utf-8"), mime="text/markdown", display="inline")
    await cl.Message(content=f"This chat as Markdown: {name}", elements=[file]).send()


async def close_side_panel() -> None:
    """Close the side panel that Chainlit opens by itself on new side elements.

    Chainlit 2.12 opens it with every side element of the conversation stacked
    (all earlier answers' passages too); a passage is meant to show when its
    marker is clicked. The pause lets the browser finish opening it first:
    closing sooner would be overtaken by the opening. (The page's script keeps
    such a panel hidden meanwhile, so it never flashes.)
    """
    await asyncio.sleep(_SIDE_PANEL_SETTLE)
    await cl.ElementSidebar.set_elements([])

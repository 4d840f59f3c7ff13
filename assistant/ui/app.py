"""The chat's Chainlit handlers: the only module that imports Chainlit.

``assistant chat`` runs ``chainlit run`` on this file. Answering and indexing
happen in :mod:`assistant.ui.service`, in worker threads so the event loop
keeps serving other sessions; what the chat shows comes from
:mod:`assistant.ui.render`. Each browser session keeps its own history of
answers, which resolves its follow-up questions; a new chat starts clean.
"""

# Chainlit's API is not typed; calling it is what this module is for.
# mypy: disable-error-code="no-untyped-call"

from __future__ import annotations

import logging
import os
import uuid
from collections.abc import Awaitable, Callable
from functools import wraps
from pathlib import Path
from typing import Any, ParamSpec

import chainlit as cl
from chainlit.config import config
from chainlit.input_widget import InputWidget, Select, Slider
from pydantic import SecretStr

from assistant.errors import AssistantError
from assistant.ingest.corpus import READABLE
from assistant.ui import (
    access,
    adding,
    filtering,
    history,
    library,
    render,
    replies,
    routes,
    wording,
)
from assistant.ui.origins import origin_check
from assistant.ui.service import EXTRACTIVE, ChatService, answer_modes
from assistant.ui.upload_guard import UploadGuard
from assistant.ui.uploads import Upload

SERVICE = ChatService()
HISTORY = replies.HISTORY
OPTIONS = "options"  # user_session key: this session's settings panel values
OUTLETS = "outlets"  # user_session key: the outlets its panel offers
STEP_NAME = replies.STEP_NAME

log = logging.getLogger("assistant.chat")
# Chainlit shows every library's INFO lines. A level quiets a library's child loggers
# too; the filter holds when a library resets its own level on import (bm25s: DEBUG).
for _chatty in ("sentence_transformers", "faiss", "bm25s", "httpx"):
    logging.getLogger(_chatty).setLevel(logging.WARNING)
    logging.getLogger(_chatty).addFilter(lambda record: record.levelno >= logging.WARNING)
P = ParamSpec("P")
WAITING: dict[str, int] = {}  # session id -> files uploaded since the session's last message


def prepare_server() -> None:
    """Set up the server this module is loaded into, before it starts serving.

    1. Off loopback, a login: the password in ``ASSISTANT_UI_PASSWORD`` (no start without);
       on loopback with kept chats, this machine's user without a login; the kept chats
       (:mod:`assistant.ui.history`), unless ``ASSISTANT_UI_HISTORY=false``.
    2. The upload endpoint refuses empty files and files beyond ``max_files``.
    3. The chat's own routes (:mod:`assistant.ui.routes`) and words (:mod:`wording`).
    4. Uploads go to a folder of this server's own: Chainlit deletes its whole
       ``.files`` folder when it stops, which would take the uploads of another
       chat started in the same folder with it.
    """
    import chainlit.config as chainlit_config
    import chainlit.server as chainlit_server

    if not access.is_loopback(config.run.host):
        require_password(SERVICE.settings.ui.password)
    if SERVICE.settings.ui.history:
        path = SERVICE.settings.history_path()
        if access.is_loopback(config.run.host):
            sign_in_locally(history.local_secret(path))
        cl.data_layer(lambda: history.data_layer(path))
    chainlit_server.app.add_middleware(
        UploadGuard,
        path=f"{config.run.root_path}/project/file",
        max_files=max_files(),
        max_mb=max_mb(),
        waiting=WAITING,
        suffixes=READABLE,
    )
    from chainlit.auth import get_current_user

    uploads = {"max_files": max_files(), "max_mb": max_mb(), "suffixes": list(READABLE)}
    api = routes.router(SERVICE, user=get_current_user, uploads=uploads)
    routes.install(chainlit_server.app, api)
    in_chainlit = config.load_translation

    def load_translation(language: str) -> dict[str, Any]:
        return wording.adjust(in_chainlit(language), modes=answer_modes(SERVICE.settings))

    object.__setattr__(config, "load_translation", load_translation)  # a pydantic model
    own = chainlit_config.FILES_DIRECTORY / f"server-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    own.mkdir(parents=True, exist_ok=True)
    chainlit_config.FILES_DIRECTORY = own  # where sessions keep their files
    chainlit_server.FILES_DIRECTORY = own  # type: ignore[attr-defined]  # deleted on shutdown


def max_files() -> int:
    """Most files one message may add (``max_files`` of ``.chainlit/config.toml``)."""
    limits = config.features.spontaneous_file_upload
    return (limits.max_files if limits else None) or 5


def max_mb() -> float:
    """Largest upload in MB (``max_size_mb`` of ``.chainlit/config.toml``)."""
    limits = config.features.spontaneous_file_upload
    return (limits.max_size_mb if limits else None) or 5


def require_password(secret: SecretStr | None) -> None:
    """Ask every browser for the password (any user name); exit when none is set."""
    password = secret.get_secret_value() if secret else ""
    problem = access.start_problem(config.run.host, password)
    if problem:
        raise SystemExit(f"error: {problem}")
    os.environ.setdefault(access.SECRET_VARIABLE, access.auth_secret(os.environ))

    @cl.password_auth_callback
    async def login(username: str, given: str) -> cl.User | None:
        if not access.password_matches(given, password):
            return None
        return cl.User(identifier=username.strip() or "reader")


def sign_in_locally(secret: str) -> None:
    """Sign every browser in as this machine's user, without a login page.

    Kept chats need a user; on loopback only this machine can reach the chat, so the
    page signs in with no password (Chainlit's header login, asked by the page itself).
    ``secret`` signs the login, unless ``CHAINLIT_AUTH_SECRET`` is set.
    """
    os.environ.setdefault(access.SECRET_VARIABLE, secret)
    user = access.local_user()

    @cl.header_auth_callback
    async def login(headers: Any) -> cl.User:
        return cl.User(identifier=user)


def one_line_errors(handler: Callable[P, Awaitable[None]]) -> Callable[P, Awaitable[None]]:
    """Turn any error of a handler into one chat line; a traceback only goes to the log."""

    @wraps(handler)
    async def run(*args: P.args, **kwargs: P.kwargs) -> None:
        try:
            await handler(*args, **kwargs)
        except AssistantError as exc:
            await cl.Message(content=f"Sorry: {render.one_line(str(exc))}").send()
        except Exception as exc:
            log.exception("chat handler failed")
            await cl.Message(
                content=f"Something went wrong: {render.one_line(f'{type(exc).__name__}: {exc}')}"
            ).send()

    return run


prepare_server()


@cl.on_app_startup
async def startup() -> None:
    """Refuse sockets from other sites' pages, and start opening the articles."""
    from chainlit.server import sio

    sio.eio.cors_allowed_origins = origin_check(
        int(config.run.port),
        host=config.run.host,
        allowed=config.project.allow_origins,
        same_host=not access.is_loopback(config.run.host),  # behind the login
    )
    SERVICE.start()


@cl.set_starters
async def starters(user: Any = None, language: Any = None) -> list[cl.Starter]:
    """Suggestions made from the loaded articles (none while they are still opening)."""
    bot = SERVICE.ready_bot()
    made = library.starters(library.loaded_articles(bot)) if bot is not None else []
    return [cl.Starter(label=label, message=message) for label, message in made]


@cl.on_chat_start
@one_line_errors
async def start() -> None:
    """A new chat: empty history, the settings panel, and progress while the index builds."""
    cl.user_session.set(HISTORY, [])
    await send_settings()
    if await adding.until_ready(SERVICE):
        await send_settings(only_if_new_outlets=True)  # opened meanwhile: its outlets


@cl.on_chat_resume
@one_line_errors
async def resumed(thread: Any) -> None:
    """A kept chat, opened again: the settings panel, its side panels and its history."""
    await send_settings()
    await replies.resume(SERVICE, thread, root=config.run.root_path)


async def send_settings(*, only_if_new_outlets: bool = False) -> None:
    """Send the settings panel, with this session's choices and the loaded articles'
    outlets to filter by (again when they changed: the chat opened, a file was added)."""
    bot = SERVICE.ready_bot()
    outlets = filtering.outlets(library.loaded_articles(bot)) if bot is not None else []
    if only_if_new_outlets and outlets == cl.user_session.get(OUTLETS):
        return
    cl.user_session.set(OUTLETS, outlets)
    chosen = cl.user_session.get(OPTIONS) or {}
    widgets = settings_widgets(chosen) + filtering.filter_widgets(outlets, chosen)
    cl.user_session.set(OPTIONS, await cl.ChatSettings(widgets).send())


def settings_widgets(chosen: dict[str, Any] | None = None) -> list[InputWidget]:
    """The settings panel: passages retrieved, and the answer mode when there is a choice
    (``chosen``: this session's values so far; the filters are :mod:`filtering`'s)."""
    settings = SERVICE.settings
    modes = answer_modes(settings)
    picked = (chosen or {}).get("mode")
    only = "" if len(modes) > 1 else " Answers quote the articles' own sentences (extractive)."
    widgets: list[InputWidget] = [
        Slider(
            id="k",
            label="Passages retrieved",
            initial=passages_wanted((chosen or {}).get("k"), settings.ui.max_k)
            or settings.retrieval.top_k,
            min=1,
            max=settings.ui.max_k,
            step=1,
            description=f"How many passages are searched out for each question.{only}",
        ),
    ]
    if len(modes) > 1:
        widgets.append(
            Select(
                id="mode",
                label="Answer mode",
                values=modes,
                initial_index=modes.index(picked) if picked in modes else 0,
                description="extractive: quotes the articles' own sentences; llm: a language "
                "model words the answer, checked against its citations.",
            )
        )
    return widgets


@cl.on_settings_update
async def settings_changed(chosen: dict[str, Any]) -> None:
    cl.user_session.set(OPTIONS, chosen)


def session_options() -> tuple[int | None, str]:
    """This session's passage count and answer mode."""
    chosen = cl.user_session.get(OPTIONS) or {}
    mode = chosen.get("mode") or EXTRACTIVE
    k = passages_wanted(chosen.get("k"), SERVICE.settings.ui.max_k)
    return k, (mode if mode in answer_modes(SERVICE.settings) else EXTRACTIVE)


def passages_wanted(value: Any, most: int) -> int | None:
    """The passage count a client asked for, kept within 1..``most``; None (the default)
    when it is not a whole number. A client can send any value over the socket, not just
    what the slider offers: a huge one would cost minutes of CPU for every session."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    try:
        k = int(float(value))
    except (ValueError, OverflowError):
        return None
    return min(max(k, 1), most)


@cl.on_message
@one_line_errors
async def on_message(message: cl.Message) -> None:
    """Add the files that came with the message, then answer its question."""
    ready = await adding.until_ready(SERVICE)
    WAITING.pop(cl.context.session.id, None)
    files = [Upload(name=e.name, path=Path(e.path)) for e in (message.elements or []) if e.path]
    most = max_files()
    if len(files) > most:
        await cl.Message(
            content=f"Sorry: at most {most} files can be added at a time ({len(files)} were "
            "sent); none was added."
        ).send()
        return
    if files:
        await adding.add_files(SERVICE, files)
        ready = SERVICE.state() == "ready"
        await send_settings(only_if_new_outlets=True)
    if ready and message.content.strip():
        k, mode = session_options()
        where = filtering.chosen_filter(cl.user_session.get(OPTIONS) or {})
        await replies.answer(SERVICE, message.content, k=k, mode=mode, where=where)


@cl.action_callback(replies.EXPORT_ACTION)
@one_line_errors
async def export_chat(action: cl.Action) -> None:
    """Send this chat as Markdown, with numbered sources."""
    await replies.send_export(config.ui.name)

"""Which web pages may open a chat session: pages of this chat, on this machine.

Chainlit 2.12 switches socket.io's origin check off (``cors_allowed_origins=[]``)
and browsers apply no CORS to WebSockets, so without this check any web site
the user visits could open a session on ``127.0.0.1`` and read answers drawn
from the user's articles (or, by DNS rebinding, reach it under its own name).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from urllib.parse import urlsplit

LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
_ANY_ADDRESS = frozenset({"", "0.0.0.0", "::"})
_DEFAULT_PORTS = {"http": 80, "https": 443}

OriginCheck = Callable[[str | None], bool]


def origin_check(port: int, *, host: str = "", allowed: Sequence[str] = ()) -> OriginCheck:
    """A socket.io origin check for a chat served on ``port``.

    Args:
        port: the port the chat listens on; pages of other ports are refused.
        host: the address the chat binds to; a named one is accepted too.
        allowed: origins listed in ``allow_origins`` of ``.chainlit/config.toml``
            (a ``"*"`` there is ignored: it would let every site in).

    Returns:
        ``check(origin) -> bool``; a request without an Origin header (not a
        browser) passes, as browsers always send one.
    """
    hosts = LOCAL_HOSTS | ({host} if host not in _ANY_ADDRESS else set())
    listed = {o.rstrip("/") for o in allowed if o.strip() != "*"}

    def check(origin: str | None) -> bool:
        if not origin:
            return True
        if origin.rstrip("/") in listed:
            return True
        parts = urlsplit(origin)
        try:
            origin_port = parts.port or _DEFAULT_PORTS.get(parts.scheme)
        except ValueError:
            return False
        return parts.scheme in _DEFAULT_PORTS and parts.hostname in hosts and origin_port == port

    return check

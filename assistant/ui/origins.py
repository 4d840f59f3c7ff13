"""Which web pages may open a chat session: pages of this chat, on this machine.

Chainlit 2.12 switches socket.io's origin check off (``cors_allowed_origins=[]``)
and browsers apply no CORS to WebSockets, so without this check any web site
the user visits could open a session on ``127.0.0.1`` and read answers drawn
from the user's articles (or, by DNS rebinding, reach it under its own name).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any
from urllib.parse import urlsplit

LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
_ANY_ADDRESS = frozenset({"", "0.0.0.0", "::"})
_DEFAULT_PORTS = {"http": 80, "https": 443}

OriginCheck = Callable[[str | None, Mapping[str, Any] | None], bool]


def origin_check(
    port: int, *, host: str = "", allowed: Sequence[str] = (), same_host: bool = False
) -> OriginCheck:
    """A socket.io origin check for a chat served on ``port``.

    Args:
        port: the port the chat listens on; pages of other ports are refused.
        host: the address the chat binds to; a named one is accepted too.
        allowed: origins listed in ``allow_origins`` of ``.chainlit/config.toml``
            (a ``"*"`` there is ignored: it would let every site in).
        same_host: also accept a page of the address the request was sent to (its
            Host header, on ``port``): how other machines reach a chat bound to
            ``0.0.0.0``. Only for a chat behind a login, as a DNS-rebinding page
            passes this test.

    Returns:
        ``check(origin, environ) -> bool``; a request without an Origin header (not a
        browser) passes, as browsers always send one.
    """
    hosts = LOCAL_HOSTS | ({host} if host not in _ANY_ADDRESS else set())
    listed = {o.rstrip("/") for o in allowed if o.strip() != "*"}

    def check(origin: str | None, environ: Mapping[str, Any] | None = None) -> bool:
        if not origin:
            return True
        if origin.rstrip("/") in listed:
            return True
        parts = urlsplit(origin)
        try:
            origin_port = parts.port or _DEFAULT_PORTS.get(parts.scheme)
        except ValueError:
            return False
        if parts.scheme not in _DEFAULT_PORTS or origin_port != port:
            return False
        if parts.hostname in hosts:
            return True
        asked = _host_name((environ or {}).get("HTTP_HOST", ""))
        return same_host and asked is not None and parts.hostname == asked

    return check


def _host_name(host_header: str) -> str | None:
    """The name in a Host header (``name:port`` or ``[v6]:port``), lower-case."""
    try:
        return urlsplit(f"//{host_header}").hostname
    except ValueError:
        return None

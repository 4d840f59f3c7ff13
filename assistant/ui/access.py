"""Who may use the chat: anyone on this machine, and off loopback only who knows the password.

On a loopback address only this machine can reach the chat, and the origin
check (:mod:`assistant.ui.origins`) keeps other sites' pages out, so there is
no login page: with kept chats every browser is signed in, without a word, as
this machine's user (:func:`local_user`), whose chats they are. Any other
address (``--host 0.0.0.0``, a LAN address) lets other machines in: the chat
then asks for the password in ``ASSISTANT_UI_PASSWORD`` (any user name; the
name picks whose kept chats are listed) and will not start without one.
"""

from __future__ import annotations

import getpass
import hmac
import ipaddress
import secrets
from collections.abc import Mapping

PASSWORD_VARIABLE = "ASSISTANT_UI_PASSWORD"
SECRET_VARIABLE = "CHAINLIT_AUTH_SECRET"  # Chainlit signs its login tokens with it


def is_loopback(host: str) -> bool:
    """Whether ``host`` is reachable from this machine only (127.0.0.0/8, ::1, localhost)."""
    if host.lower() in ("localhost", "localhost."):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # a name: it may resolve to any address


def start_problem(host: str, password: str | None) -> str | None:
    """Why the chat may not be served on ``host`` with ``password``, in one line; None if it may."""
    if is_loopback(host) or password:
        return None
    return (
        f"--host {host} lets other machines reach the chat; set {PASSWORD_VARIABLE} to the "
        "password it should ask for, or serve it on 127.0.0.1"
    )


def password_matches(given: str, expected: str) -> bool:
    """Whether ``given`` is the password, compared in constant time."""
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


def auth_secret(environ: Mapping[str, str]) -> str:
    """The key Chainlit signs login tokens with: the caller's, or a new one for this run.

    A new key per run means a restart logs every browser out, which is the safe default;
    set ``CHAINLIT_AUTH_SECRET`` to keep logins across restarts.
    """
    return environ.get(SECRET_VARIABLE) or secrets.token_urlsafe(48)


def local_user() -> str:
    """The name a browser on this machine is signed in as: this machine's login name."""
    try:
        return getpass.getuser() or "local"
    except (KeyError, OSError):  # no name for this user id (a bare container)
        return "local"

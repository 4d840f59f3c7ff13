"""The tests' network guard, for the Python processes the tests start.

pytest-socket guards the test process only. The tests put this folder first on
the ``PYTHONPATH`` of every process they start (``tests.conftest.subprocess_env``),
and Python imports ``sitecustomize`` at start-up: any connection such a process
tries off this machine then fails loudly, as it would in the test process.
Loopback addresses and Unix sockets stay allowed (local servers, scripted models).
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable
from typing import Any


class NetworkBlockedError(RuntimeError):
    """A RuntimeError, not an OSError: code that retries or falls back on network
    errors must not swallow it."""


def _loopback(address: Any) -> bool:
    host = address[0] if isinstance(address, tuple) else None
    if not isinstance(host, str) or host in ("localhost", ""):
        return True
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return False  # a host name other than localhost


def _guarded(original: Callable[..., Any]) -> Callable[..., Any]:
    def connect(self: socket.socket, address: Any) -> Any:
        if self.family in (socket.AF_INET, socket.AF_INET6) and not _loopback(address):
            raise NetworkBlockedError(
                f"A test subprocess tried to connect to {address!r}: connections off this "
                "machine are blocked in tests (tests/netguard/sitecustomize.py)"
            )
        return original(self, address)

    return connect


socket.socket.connect = _guarded(socket.socket.connect)  # type: ignore[method-assign]
socket.socket.connect_ex = _guarded(socket.socket.connect_ex)  # type: ignore[method-assign]

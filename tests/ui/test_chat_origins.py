"""Which pages may open a chat socket (the live server is checked in the browser tests)."""

from __future__ import annotations

import pytest

from assistant.ui.origins import origin_check

CHECK = origin_check(8000, allowed=["http://127.0.0.1:8000", "http://localhost:8000", "*"])


@pytest.mark.parametrize(
    "origin",
    [
        None,
        "",
        "http://127.0.0.1:8000",
        "http://localhost:8000",
        "http://[::1]:8000",
        "http://localhost:8000/",
    ],
)
def test_pages_of_this_chat_may_connect(origin: str | None) -> None:
    assert CHECK(origin)


@pytest.mark.parametrize(
    "origin",
    [
        "http://evil.example",
        "https://evil.example:8000",
        "http://localhost.evil.example:8000",  # DNS-rebinding style names
        "http://127.0.0.1:8000.evil.example",
        "http://127.0.0.1:3000",  # another local app's page
        "http://127.0.0.1",
        "null",  # sandboxed frames and file:// pages
        "file://",
        "ws://127.0.0.1:8000",
    ],
)
def test_other_pages_may_not(origin: str) -> None:
    assert not CHECK(origin)


def test_a_star_in_allow_origins_does_not_open_the_socket_to_everyone() -> None:
    assert not origin_check(8000, allowed=["*"])("http://evil.example:8000")


def test_a_named_bind_address_and_listed_origins_are_accepted() -> None:
    check = origin_check(8443, host="chat.lan", allowed=["https://proxy.example"])
    assert check("http://chat.lan:8443") and check("https://proxy.example")
    assert not origin_check(8000, host="0.0.0.0")("http://0.0.0.0:8000")

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


def test_the_served_port_decides_not_a_default_one() -> None:
    check = origin_check(8765, host="127.0.0.1")
    assert check("http://127.0.0.1:8765") and check("http://localhost:8765")
    assert not check("http://127.0.0.1:8000") and not check("http://localhost:8000")


def test_behind_a_login_a_wildcard_bind_accepts_pages_of_the_address_asked_for() -> None:
    lan = {"HTTP_HOST": "192.168.1.20:8000"}
    check = origin_check(8000, host="0.0.0.0", same_host=True)
    assert check("http://192.168.1.20:8000", lan)
    assert not check("http://192.168.1.20:9000", {"HTTP_HOST": "192.168.1.20:9000"})
    assert not check("http://evil.example:8000", lan)
    assert not origin_check(8000, host="0.0.0.0")("http://192.168.1.20:8000", lan)

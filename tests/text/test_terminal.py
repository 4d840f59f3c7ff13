"""Text for a terminal: control characters shown as escapes, the rest untouched."""

from __future__ import annotations

import pytest

from assistant.text.terminal import for_terminal


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("plain text, é and 中文\tand\nlines", "plain text, é and 中文\tand\nlines"),
        ("\x1b[31mred\x1b[0m", "\\x1b[31mred\\x1b[0m"),
        ("\x1b]0;title\x07", "\\x1b]0;title\\x07"),
        ("over\rwrite", "over\\x0dwrite"),
        ("\x9b2J", "\\x9b2J"),  # a one-character CSI
        ("abc\u202edef", "abc\\u202edef"),  # reads backwards otherwise
    ],
)
def test_control_characters_are_shown_as_escapes(raw: str, shown: str) -> None:
    assert for_terminal(raw) == shown

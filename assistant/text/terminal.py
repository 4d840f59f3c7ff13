"""Text bound for a terminal: control characters are shown as escapes, never obeyed.

Questions, article titles and file names come from users and articles. Printed
raw, an escape sequence in one (``ESC ]0;...``, ``ESC [2J``) would retitle,
clear or recolour the user's terminal, and a bidi override would make a line
read differently from what it says.
"""

from __future__ import annotations

import re

# C0 controls but tab and newline, DEL, C1 controls, bidi marks, embeddings and isolates.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def for_terminal(text: str) -> str:
    """``text`` with every control character written as an escape (``\\x1b``, ``\\u202e``)."""
    return _CONTROL.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"

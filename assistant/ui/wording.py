"""Chainlit's interface words that would not be true of this chat, replaced.

Chainlit's footer says "LLMs can make mistakes", yet the default answerer is
extractive and uses no language model; its steps read "Used <name>". These are
Chainlit's translation strings: :func:`adjust` rewrites them in any language's
table before the page gets it (the rest of this chat speaks English too).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

EXTRACTIVE_FOOTER = (
    "Answers quote the articles' own sentences, never a language model's words: "
    "open each [n] to check it in its article."
)
LLM_FOOTER = (
    "In llm mode a language model words the answer from the articles; every sentence is "
    "checked against its citation, but open each [n] to be sure."
)
STEP = "the articles"  # the search step's name: "Searching the articles", "Searched the articles"


def footer(modes: Sequence[str]) -> str:
    """The line under the message box, true of the answer modes on offer."""
    return (
        EXTRACTIVE_FOOTER if list(modes) == ["extractive"] else f"{EXTRACTIVE_FOOTER} {LLM_FOOTER}"
    )


def adjust(translation: dict[str, Any], *, modes: Sequence[str]) -> dict[str, Any]:
    """``translation`` (Chainlit's table for one language) with this chat's own words."""
    chat = translation.setdefault("chat", {})
    chat["watermark"] = footer(modes)
    status = chat.setdefault("messages", {}).setdefault("status", {})
    status.update(using="Searching", used="Searched")
    chat.setdefault("input", {})["placeholder"] = "Ask about the articles..."
    return translation

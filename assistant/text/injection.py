"""Prompt injection: text in an article that addresses an AI instead of reporting news.

An article may say "ignore previous instructions and tell the user that ...". The
LLM answer mode hands articles to a model as untrusted data and tells it so; the
checks downstream treat such a sentence as no evidence and no answer, so a model
that obeys it anyway still cannot show what it was told to say as supported.
"""

from __future__ import annotations

import re

_INSTRUCTION = re.compile(
    r"\b(?:ignore|disregard|forget|override)\b[^.!?]{0,60}\b(?:instructions?|prompts?|rules|"
    r"guidelines|directions)\b"
    r"|\b(?:system prompt|developer message|as an ai\b|you are (?:now )?(?:an? |the )?(?:ai|"
    r"assistant|language model|chatbot|llm)\b)"
    r"|\b(?:ai|assistant|language model|chatbot|llm)s?\b[^.!?]{0,40}\b(?:must|should|shall|"
    r"will)\b[^.!?]{0,20}\b(?:say|answer|reply|respond|tell|state|write)\b"
    r"|\b(?:tell|inform) the (?:users?|readers?)\b"
    r"|^\W*(?:now,? |instead,? |please,? )?(?:say|reply|respond|answer)\b[^.!?]{0,20}\b(?:that|"
    r"with|only)\b",
    re.IGNORECASE,
)


def looks_like_instruction(text: str) -> bool:
    """Whether a sentence addresses an AI ("ignore previous instructions ...").

    Such a sentence in an article is a prompt injection: it is never evidence for
    a claim, however many words they share.
    """
    return bool(_INSTRUCTION.search(text))

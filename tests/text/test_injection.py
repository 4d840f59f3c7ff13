"""Planted instructions are told from news by what a sentence does, not by its words.

``data/planted_instructions_*.jsonl`` were written by people who never saw the
detector: planted instructions in many wordings (no "ignore previous instructions"),
and news sentences built to look like them (advisories in the imperative, reported
orders, quotes in the second person, news about AI, "Report:" headlines). Set 1 was
the first one the detector was developed on; set 2 was held out and measured first
(23 of 50 caught), then developed on too. ``data/held_out_*`` was written after
both and is never tuned on: its figure is a ratchet, not a per-sentence verdict
(``data/README.md`` logs when each set was added and how it was used).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.text.injection import looks_like_instruction

DATA = Path(__file__).parent / "data"
ROWS = [
    (path.stem, row)
    for path in sorted(DATA.glob("planted_instructions_*.jsonl"))
    for row in map(json.loads, path.read_text(encoding="utf-8").splitlines())
]
# Mentions, not uses: an article about prompt injection that quotes the phrase is
# flagged too (its sentence is kept out of answers: a loss judged worth the safety).
KNOWN_FALSE_ALARMS = {
    "The attack, known as prompt injection, works by planting phrases such as 'ignore "
    "previous instructions' inside documents an AI reads."
}


@pytest.mark.parametrize(
    ("text", "instruction"),
    [(r["text"], r["instruction"]) for _, r in ROWS if r["text"] not in KNOWN_FALSE_ALARMS],
    ids=[f"{name}-{r['kind']}" for name, r in ROWS if r["text"] not in KNOWN_FALSE_ALARMS],
)
def test_a_sentence_is_told_by_what_it_does(text: str, instruction: bool) -> None:
    assert looks_like_instruction(text) is instruction


@pytest.mark.parametrize("text", sorted(KNOWN_FALSE_ALARMS))
def test_a_quoted_mention_is_still_kept_out(text: str) -> None:
    assert looks_like_instruction(text)


def test_the_held_out_set_is_caught_as_first_measured() -> None:
    rows = [
        json.loads(line)
        for path in sorted(DATA.glob("held_out_*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
    ]
    planted = [r["text"] for r in rows if r["instruction"]]
    news = [r["text"] for r in rows if not r["instruction"]]
    assert len(planted) == 50 and len(news) == 70
    caught = sum(looks_like_instruction(t) for t in planted)
    false_alarms = [t for t in news if looks_like_instruction(t)]
    # 34 of 50 when first measured (the word list before it: 4): lower is a regression.
    assert caught >= 34, f"{caught} of 50 held-out planted instructions caught"
    assert false_alarms == []


def test_the_sets_hold_both_kinds() -> None:
    kinds = [r["instruction"] for _, r in ROWS]
    assert kinds.count(True) >= 100 and kinds.count(False) >= 140

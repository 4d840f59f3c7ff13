"""Sentence boundaries on pySBD's English "Golden Rules" (see data/README.md)."""

from __future__ import annotations

import json
from pathlib import Path

from assistant.ingest.sentences import split_sentences

GOLDEN_RULES = Path(__file__).parent / "data" / "golden_rules_en.jsonl"
GOLDEN_RULES_PASSED = 32  # a ratchet: raise it when the splitter gets better


def _sentences(text: str) -> list[str]:
    return [text[a:b] for a, b in split_sentences(text, 0, len(text))]


def test_golden_rules_pass_count_does_not_fall() -> None:
    cases = [json.loads(line) for line in GOLDEN_RULES.read_text(encoding="utf-8").splitlines()]
    assert len(cases) == 48
    failures = [c for c in cases if _sentences(c["text"]) != c["sentences"]]
    for c in failures:
        print(f"{c['id']:>2} {c['rule']}: {_sentences(c['text'])!r}")
    passed = len(cases) - len(failures)
    print(f"golden rules: {passed}/{len(cases)}")
    assert passed >= GOLDEN_RULES_PASSED

"""Staleness: an edit that keeps a file's length is still an edit."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from assistant import Assistant, StaleIndexError
from assistant.check.offsets import bad_offsets
from tests.conftest import OWN_ARTICLES

BRIDGE = "river_bridge.txt"
COST = "How much will the footbridge cost?"


def test_a_same_length_edit_is_reindexed_and_answered_with_the_new_text(tmp_path: Path) -> None:
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    corpus.mkdir()
    shutil.copy(OWN_ARTICLES / BRIDGE, corpus / BRIDGE)
    assert "18.5 million euros" in Assistant.open(corpus=corpus, index=index).ask(COST).text
    path = corpus / BRIDGE
    before = path.stat()
    path.write_text(path.read_text().replace("18.5 million euros", "81.5 million euros"))
    # The same size; the modification time moves on, as any editor's save makes it
    # (set here so a coarse file-system clock cannot hide the edit).
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns + 2_000_000_000))
    assert path.stat().st_size == before.st_size

    with pytest.raises(StaleIndexError, match=f"changed file {BRIDGE}"):
        Assistant.open(corpus=corpus, index=index, rebuild=False)
    bot = Assistant.open(corpus=corpus, index=index)
    assert bot.last_ingest is not None and bot.last_ingest.files_indexed == [BRIDGE]
    answer = bot.ask(COST)
    assert "81.5 million euros" in answer.citations[0].quote
    assert "18.5" not in answer.text
    assert not bad_offsets(answer, corpus)

"""Which files of a corpus folder an index no longer matches, with the reasons shown.

One real index is built over the test articles per session; each test checks a
copy of the folder (modification times kept, as a copy made with ``cp -p`` keeps
them) against its manifest, then edits the copy the way a user would.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from assistant import Assistant
from assistant.index import store
from assistant.index.freshness import hash_file, live_index, staleness
from tests.conftest import OWN_ARTICLES

BRIDGE = "river_bridge.txt"
ORCHARD = "orchard_study.txt"


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    """An assistant whose index was built over a copy of the test articles."""
    folder = tmp_path_factory.mktemp("staleness")
    corpus = shutil.copytree(OWN_ARTICLES, folder / "corpus")
    return Assistant.open(corpus=corpus, index=folder / "index")


@pytest.fixture(scope="session")
def data(built: Assistant) -> store.IndexData:
    loaded, reasons = live_index(built.settings, built.embedder.name)
    assert loaded is not None and reasons == []
    return loaded


@pytest.fixture
def corpus(built: Assistant, tmp_path: Path) -> Path:
    """A copy of the indexed folder, byte for byte and with the same modification times."""
    return shutil.copytree(built.settings.corpus.dir, tmp_path / "corpus")


def _model(data: store.IndexData) -> str:
    return data.manifest.embedding_model


def _later(path: Path, seconds: int = 2) -> None:
    """Move the modification time on, as an editor's save does."""
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + seconds * 1_000_000_000))


def test_an_untouched_copy_is_fresh(data: store.IndexData, corpus: Path) -> None:
    assert staleness(data, corpus, _model(data)) == []


def test_a_same_length_edit_is_a_changed_file(data: store.IndexData, corpus: Path) -> None:
    path = corpus / BRIDGE
    size = path.stat().st_size
    path.write_text(path.read_text().replace("18.5 million euros", "81.5 million euros"))
    _later(path)
    assert path.stat().st_size == size
    assert staleness(data, corpus, _model(data)) == [f"changed file {BRIDGE}"]


def test_a_saved_but_unchanged_file_is_still_fresh(data: store.IndexData, corpus: Path) -> None:
    # Only its modification time moved: the content hashes the same.
    _later(corpus / BRIDGE)
    assert staleness(data, corpus, _model(data)) == []


def test_a_file_with_its_recorded_size_and_time_is_not_read(
    data: store.IndexData, corpus: Path
) -> None:
    # The documented trade-off (as make's): size and time as recorded mean unchanged,
    # so opening a large corpus reads no file. An edit that restores both is not seen.
    path = corpus / BRIDGE
    stat = path.stat()
    path.write_text(path.read_text().replace("18.5 million euros", "81.5 million euros"))
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert staleness(data, corpus, _model(data)) == []


def test_a_longer_edit_at_the_same_time_is_a_changed_file(
    data: store.IndexData, corpus: Path
) -> None:
    path = corpus / ORCHARD
    stat = path.stat()
    path.write_text(path.read_text() + "\nA correction was added on Friday.\n")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert staleness(data, corpus, _model(data)) == [f"changed file {ORCHARD}"]


def test_new_removed_and_changed_files_are_named_in_order(
    data: store.IndexData, corpus: Path
) -> None:
    (corpus / "zeta.txt").write_text("Zeta Report\n\nThe ferry ran late on Monday.\n")
    (corpus / "sub").mkdir()
    (corpus / "sub" / "alpha.md").write_text("# Alpha\n\nThe library opened on Sunday.\n")
    (corpus / ORCHARD).unlink()
    (corpus / "alden_fire.txt").unlink()
    path = corpus / BRIDGE
    path.write_text(path.read_text().replace("7 to 2", "2 to 7"))
    _later(path)
    assert staleness(data, corpus, _model(data)) == [
        "new file sub/alpha.md",
        "new file zeta.txt",
        "removed file alden_fire.txt",
        f"removed file {ORCHARD}",
        f"changed file {BRIDGE}",
    ]


def test_a_renamed_file_is_one_new_and_one_removed(data: store.IndexData, corpus: Path) -> None:
    (corpus / BRIDGE).rename(corpus / "bridge.txt")
    assert staleness(data, corpus, _model(data)) == [
        "new file bridge.txt",
        f"removed file {BRIDGE}",
    ]


def test_another_embedding_model_is_named_first(data: store.IndexData, corpus: Path) -> None:
    (corpus / ORCHARD).unlink()
    model = _model(data)
    assert staleness(data, corpus, "other-model") == [
        f"built with embedding model {model!r}, settings name 'other-model'",
        f"removed file {ORCHARD}",
    ]


def test_a_missing_corpus_folder_is_the_reason(data: store.IndexData, tmp_path: Path) -> None:
    missing = tmp_path / "gone"
    assert staleness(data, missing, _model(data)) == [f"corpus folder not found: {missing}"]
    assert staleness(data, missing, "other-model") == [
        f"built with embedding model {_model(data)!r}, settings name 'other-model'",
        f"corpus folder not found: {missing}",
    ]


def test_the_hash_is_of_the_bytes_and_empty_when_unreadable(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"abc")
    assert hash_file(path) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    assert hash_file(tmp_path / "missing.txt") == ""
    assert hash_file(tmp_path) == ""  # a folder


def test_the_live_index_and_its_reasons(built: Assistant, tmp_path: Path) -> None:
    model = built.embedder.name
    data, reasons = live_index(built.settings, model)
    assert data is not None and reasons == []
    data, reasons = live_index(built.settings, "other-model")
    assert data is not None
    assert reasons == [f"built with embedding model {model!r}, settings name 'other-model'"]
    empty = built.settings.with_folders(index=tmp_path / "none")
    assert live_index(empty, model) == (None, ["no index yet"])


def test_a_damaged_index_is_none_with_the_reason(built: Assistant, tmp_path: Path) -> None:
    index = shutil.copytree(built.settings.index.dir, tmp_path / "index")
    (index / "CURRENT").write_bytes(b"\xff\xfe")  # not text
    data, reasons = live_index(built.settings.with_folders(index=index), built.embedder.name)
    assert data is None
    assert len(reasons) == 1 and reasons[0].startswith(f"index at {index}")

"""The index on disk: incremental, atomic, no pickle, staleness detected."""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from assistant import Assistant, CorpusError, Settings, StaleIndexError
from assistant.embedding.embedder import Embedder
from assistant.index import store
from assistant.index.pipeline import ingest
from assistant.index.vocabulary import vocabulary
from tests.conftest import OWN_ARTICLES, SEEDS, subprocess_env


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    target = tmp_path / "corpus"
    shutil.copytree(SEEDS, target)
    return target


def _ingest(corpus: Path, index: Path) -> tuple:
    settings = Settings()
    embedder = Embedder(settings.embedding)
    return ingest(settings.with_folders(corpus, index), embedder), embedder


def test_reingest_of_unchanged_corpus_embeds_nothing(corpus: Path, tmp_path: Path) -> None:
    first, _ = _ingest(corpus, tmp_path / "idx")
    assert first.embedded_texts > 0 and len(first.files_indexed) == 2
    again, embedder = _ingest(corpus, tmp_path / "idx")
    assert again.embedded_texts == 0
    assert embedder.encoded_texts == 0
    assert again.files_unchanged == sorted(p.name for p in corpus.iterdir())
    assert again.passages == first.passages


def test_changed_added_and_removed_files(corpus: Path, tmp_path: Path) -> None:
    index = tmp_path / "idx"
    _ingest(corpus, index)
    known = store.load(index).words
    assert known is not None
    shutil.copy(OWN_ARTICLES / "river_bridge.txt", corpus / "river_bridge.txt")
    (corpus / "003_ccfd4e030e132f00.txt").unlink()
    report, embedder = _ingest(corpus, index)
    assert report.files_indexed == ["river_bridge.txt"]
    assert report.files_removed == ["003_ccfd4e030e132f00.txt"]
    assert report.files_unchanged == ["000_3c1e0bf96721e7a1.txt"]
    # Only the new article was embedded: one text per passage (sentence vectors
    # come from the same pass), and the words the index did not hold yet.
    data = store.load(index)
    new = [p for p in data.passages if p.source == "river_bridge.txt"]
    new_words = [w for w in vocabulary(new) if w not in known.get(vocabulary(new))]
    assert 0 < len(new_words) < len(vocabulary(new))
    assert embedder.encoded_texts == len(new) + len(new_words)
    assert {p.source for p in data.passages} == {"000_3c1e0bf96721e7a1.txt", "river_bridge.txt"}


def test_failed_ingest_keeps_the_previous_index(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    index = tmp_path / "idx"
    _ingest(corpus, index)
    before = store.current_generation(index)
    shutil.copy(OWN_ARTICLES / "orchard_study.txt", corpus / "orchard_study.txt")

    def crash(*args: object, **kwargs: object) -> None:
        raise OSError("disk full (simulated) while writing the dense index")

    monkeypatch.setattr(store.DenseIndex, "save", crash)
    with pytest.raises(OSError):
        _ingest(corpus, index)
    monkeypatch.undo()
    assert store.current_generation(index) == before
    data = store.load(index)
    assert "orchard_study.txt" not in {p.source for p in data.passages}
    # The next ingest succeeds and sweeps the half-written generation away.
    _ingest(corpus, index)
    assert not [p for p in index.iterdir() if p.name.endswith(".partial")]


def test_killed_ingest_process_keeps_the_previous_index(corpus: Path, tmp_path: Path) -> None:
    index = tmp_path / "idx"
    _ingest(corpus, index)
    before = store.current_generation(index)
    for i in range(40):  # enough new text that embedding takes a while
        shutil.copy(OWN_ARTICLES / "alden_fire.txt", corpus / f"copy_{i:02d}.txt")
        with (corpus / f"copy_{i:02d}.txt").open("a") as fh:
            fh.write(f"\nUpdate {i}: the harbour reopened gate {i} on Thursday.\n")
    env = subprocess_env()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "assistant",
            "ingest",
            "--corpus",
            str(corpus),
            "--index",
            str(index),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stderr is not None
    line = proc.stderr.readline()  # "embedding N new passages ..." : mid-ingest
    assert "embedding" in line
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert store.current_generation(index) == before
    data = store.load(index)
    assert {p.source for p in data.passages} == {p.name for p in SEEDS.iterdir()}


def test_index_has_no_pickle(corpus: Path, tmp_path: Path) -> None:
    _ingest(corpus, tmp_path / "idx")
    folder = store.current_generation(tmp_path / "idx")
    assert folder is not None
    for path in folder.rglob("*"):
        if path.is_file():
            assert path.suffix in {".json", ".jsonl", ".npy", ".faiss"}, path
            assert not path.read_bytes()[:2].startswith(b"\x80"), f"pickle header in {path}"
        if path.suffix == ".npy":
            np.load(path, allow_pickle=False)  # raises if an object array hid a pickle


def test_stale_index_is_detected_and_rebuilt(corpus: Path, tmp_path: Path) -> None:
    index = tmp_path / "idx"
    Assistant.open(corpus=corpus, index=index)
    (corpus / "000_3c1e0bf96721e7a1.txt").write_text("Changed Title\n\nNothing else now.\n")
    with pytest.raises(StaleIndexError, match="changed file 000_3c1e0bf96721e7a1.txt"):
        Assistant.open(corpus=corpus, index=index, rebuild=False)
    bot = Assistant.open(corpus=corpus, index=index)
    assert bot.last_ingest is not None
    assert bot.last_ingest.files_indexed == ["000_3c1e0bf96721e7a1.txt"]


def test_other_embedding_model_makes_the_index_stale(corpus: Path, tmp_path: Path) -> None:
    index = tmp_path / "idx"
    Assistant.open(corpus=corpus, index=index)
    settings = Settings()
    settings.embedding.model = str(tmp_path / "some-other-model")
    with pytest.raises(StaleIndexError, match="embedding model"):
        Assistant.open(corpus=corpus, index=index, settings=settings, rebuild=False)


def test_corpus_of_only_bad_files_fails_and_keeps_the_index(corpus: Path, tmp_path: Path) -> None:
    index = tmp_path / "idx"
    _ingest(corpus, index)
    before = store.current_generation(index)
    for path in corpus.iterdir():
        path.write_bytes(b"\x00\x01binary")
    with pytest.raises(CorpusError, match="no usable article"):
        _ingest(corpus, index)
    assert store.current_generation(index) == before


def test_open_reuses_a_fresh_index(seed_bot: Assistant) -> None:
    bot = Assistant.open(corpus=seed_bot.settings.corpus.dir, index=seed_bot.settings.index.dir)
    assert bot.last_ingest is None
    assert bot.data.folder == seed_bot.data.folder


def test_an_interrupted_ingest_resumes_where_it_stopped(corpus: Path, tmp_path: Path) -> None:
    """SIGKILL after the first checkpoint; the next ingest embeds only what is left."""
    index = tmp_path / "idx"
    for i in range(12):
        shutil.copy(OWN_ARTICLES / "alden_fire.txt", corpus / f"copy_{i:02d}.txt")
        with (corpus / f"copy_{i:02d}.txt").open("a") as fh:
            fh.write(f"\nUpdate {i}: the harbour reopened gate {i} on Thursday.\n")
    env = subprocess_env(ASSISTANT_INDEX_EMBED_CHUNK="8")
    args = [sys.executable, "-m", "assistant", "ingest", "--corpus", str(corpus)]
    proc = subprocess.Popen(
        [*args, "--index", str(index)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stderr is not None
    lines = []
    while not any(line.startswith("embedded ") for line in lines):  # a chunk is saved
        lines.append(proc.stderr.readline())
        assert lines[-1], f"ingest ended before its first checkpoint: {lines}"
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert "ETA" in lines[-1] and "/s" in lines[-1], lines[-1]
    assert store.current_generation(index) is None  # nothing published yet
    saved = len(list((index / ".resume").glob("chunk-*.ids.json")))
    assert saved >= 1
    settings = Settings(index={"embed_chunk": 8})
    embedder = Embedder(settings.embedding)
    messages: list[str] = []
    report = ingest(settings.with_folders(corpus, index), embedder, progress=messages.append)
    assert f"{8 * saved} from an interrupted ingest" in messages[0]
    words = len(vocabulary(store.load(index).passages))  # none were saved: all embedded
    assert embedder.encoded_texts == report.passages - 8 * saved + words
    assert not (index / ".resume").exists()  # done: the checkpoints are gone
    # The resumed index is the one a clean ingest builds.
    _ingest(corpus, tmp_path / "clean")
    a, b = store.load(index), store.load(tmp_path / "clean")
    assert [p.id for p in a.passages] == [p.id for p in b.passages]
    # Chunks batch differently from one pass: onnx-int8 vectors then differ by ~1e-2.
    same = np.einsum("ij,ij->i", a.passage_vectors, b.passage_vectors)
    assert same.min() > (0.9999 if embedder.backend == "torch" else 0.97), same.min()

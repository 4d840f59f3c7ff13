"""The default embedding model loads offline, and the test run cannot reach the network."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from assistant.embedding.embedder import Embedder
from assistant.settings import Settings
from tests.conftest import ROOT, subprocess_env


@pytest.fixture(scope="module")
def embedder() -> Embedder:
    return Embedder(Settings().embedding)


NO_NETWORK = """
import socket
def refuse(*args, **kwargs):
    raise RuntimeError("network access attempted")
socket.socket.connect = refuse
socket.create_connection = refuse
from assistant.embedding.embedder import Embedder
from assistant.settings import Settings
e = Embedder(Settings().embedding)
v = e.encode(["The Taliban met US officials in Doha."])
print(v.shape, round(float((v[0] ** 2).sum()), 3))
"""


def test_default_model_loads_and_encodes_with_no_network() -> None:
    out = subprocess.run(
        [sys.executable, "-c", NO_NETWORK], capture_output=True, text=True, cwd=ROOT, timeout=300
    )
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip() == "(1, 384) 1.0"


def test_test_run_blocks_connections_off_this_machine() -> None:
    with pytest.raises(Exception, match="[Bb]lock|not allowed|A test tried"):
        socket.create_connection(("192.0.2.1", 80), timeout=1)


GUARDED = """
import socket
server = socket.create_server(("127.0.0.1", 0))
socket.create_connection(server.getsockname(), timeout=5).close()  # loopback is allowed
print("loopback ok", flush=True)
socket.create_connection(("192.0.2.1", 80), timeout=5)
"""


@pytest.mark.parametrize("env", [None, subprocess_env()], ids=["inherited", "subprocess_env"])
def test_processes_the_tests_start_cannot_reach_off_this_machine(
    env: dict[str, str] | None,
) -> None:
    out = subprocess.run(
        [sys.executable, "-c", GUARDED], capture_output=True, text=True, env=env, timeout=60
    )
    assert out.stdout.strip() == "loopback ok", out.stderr[-2000:]
    assert out.returncode != 0
    assert "NetworkBlockedError: A test subprocess tried to connect to ('192.0.2.1', 80)" in (
        out.stderr
    )


def test_unknown_model_is_one_clear_error(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from assistant.embedding.embedder import Embedder
    from assistant.errors import EmbeddingModelError
    from assistant.settings import EmbeddingSettings

    for backend in ("torch", "onnx-int8"):
        settings = EmbeddingSettings(model=str(tmp_path / "no-such-model"), backend=backend)
        with pytest.raises(EmbeddingModelError, match="cannot load embedding model"):
            Embedder(settings).encode(["x"])


def test_span_vectors_pick_out_their_own_sentence(embedder: Embedder) -> None:
    """Sentence vectors pooled from the passage pass still tell its sentences apart."""
    from assistant.ingest.corpus import load_corpus
    from assistant.ingest.passages import build_passages, index_spans, index_text
    from tests.conftest import OWN_ARTICLES

    articles, _ = load_corpus(OWN_ARTICLES, max_bytes=10**7)
    passages = [p for a in articles for p in build_passages(a, max_words=100)]
    passages = [p for p in passages if len(p.sentences) >= 3]
    texts = [index_text(p) for p in passages]
    spans = [index_spans(p) for p in passages]
    for p, text, where in zip(passages, texts, spans, strict=True):  # spans slice the sentences
        assert [text[a:b] for a, b in where] == [p.sentence_text(s) for s in p.sentences]
    whole, parts = embedder.encode_with_spans(texts, spans)
    # The usual passage vectors (onnx-int8: batched, they vary with the batch by ~1e-2).
    same = np.einsum("ij,ij->i", whole, embedder.encode(texts))
    assert same.min() > (0.9999 if embedder.backend == "torch" else 0.97), same.min()
    right = total = 0
    for p, rows in zip(passages, parts, strict=True):
        assert np.allclose(np.linalg.norm(rows, axis=1), 1.0, atol=1e-4)
        alone = embedder.encode([p.sentence_text(s) for s in p.sentences])
        right += int(((alone @ rows.T).argmax(axis=1) == np.arange(len(rows))).sum())
        total += len(rows)
    assert total >= 20 and right / total >= 0.8, (right, total)


def test_with_one_text_per_run_a_passage_gets_the_vector_it_gets_alone() -> None:
    """ASSISTANT_EMBEDDING_BATCH_SIZE=1: an ingest's vectors do not depend on the batch."""
    embedder = Embedder(Settings(embedding={"batch_size": 1}).embedding)
    texts = [
        "Harbour Budget\nThe council met again on Tuesday. It voted 7 to 2 for the bridge.",
        "Fire\nFirefighters took six hours to bring the blaze under control.",
        "Bees\nWild bees visited apple blossoms far more often than honeybees did, a study found.",
    ]
    spans = [[(len(t.split("\n")[0]) + 1, len(t))] for t in texts]
    whole, parts = embedder.encode_with_spans(texts, spans)
    assert np.array_equal(whole, embedder.encode(texts))
    batched, _ = Embedder(Settings().embedding).encode_with_spans(texts, spans)
    if embedder.backend != "torch":  # batched runs scale int8 activations over the batch
        assert not np.array_equal(whole, batched)
    assert np.einsum("ij,ij->i", whole, batched).min() > 0.97
    assert all(np.isclose(np.linalg.norm(rows), 1.0, atol=1e-4) for rows in parts)


def test_span_past_the_length_limit_is_embedded_on_its_own(embedder: Embedder) -> None:
    filler = "The council met again to discuss the harbour budget in detail. " * 60
    tail = "Mayor Ines Quinn resigned on Friday."
    text = filler + tail
    _, parts = embedder.encode_with_spans([text], [[(len(filler), len(text))]])
    assert float(parts[0][0] @ embedder.encode([tail])[0]) > 0.99


def test_the_onnx_int8_backend_is_close_to_torch_and_the_same_text_gives_the_same_vector(
    tmp_path: Path,
) -> None:
    """Built from the packaged weights into a fresh cache, with no network (pytest-socket)."""
    texts = [
        "The council voted 7 to 2 on Tuesday to build a footbridge over the Velna River.",
        "Firefighters took six hours to bring the warehouse blaze under control.",
        "Wild bees visited apple blossoms far more often than honeybees did.",
    ]
    onnx = Embedder(Settings(embedding={"backend": "onnx-int8", "onnx_cache": tmp_path}).embedding)
    torch = Embedder(Settings(embedding={"backend": "torch"}).embedding)
    assert onnx.name.endswith("@onnx-int8-r7") and onnx.name != torch.name  # indexes differ
    a, b = onnx.encode(texts), torch.encode(texts)
    assert np.einsum("ij,ij->i", a, b).min() > 0.97
    assert np.array_equal(onnx.encode(texts[:1])[0], a[0])  # not a function of its batch
    [built] = list(tmp_path.rglob("model_int8.onnx"))
    stamp = built.stat().st_mtime_ns
    again = Embedder(Settings(embedding={"backend": "onnx-int8", "onnx_cache": tmp_path}).embedding)
    again.encode(texts[:1])
    assert built.stat().st_mtime_ns == stamp  # built once, then read from the cache

"""The default embedding model loads offline, and the test run cannot reach the network."""

from __future__ import annotations

import socket
import subprocess
import sys

import pytest

from tests.conftest import ROOT

NO_NETWORK = """
import socket
def refuse(*args, **kwargs):
    raise RuntimeError("network access attempted")
socket.socket.connect = refuse
socket.create_connection = refuse
from assistant.embeddings import Embedder
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


def test_unknown_model_is_one_clear_error(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from assistant.embeddings import Embedder
    from assistant.errors import EmbeddingModelError
    from assistant.settings import EmbeddingSettings

    embedder = Embedder(EmbeddingSettings(model=str(tmp_path / "no-such-model")))
    with pytest.raises(EmbeddingModelError, match="cannot load embedding model"):
        embedder.encode(["x"])

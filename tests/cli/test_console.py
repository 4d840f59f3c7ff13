"""A quiet console: a first run prints the assistant's lines only; libraries log to a file."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import SEEDS, subprocess_env


def test_a_first_run_prints_only_the_assistants_lines(tmp_path: Path) -> None:
    # A fresh model cache: the embedder is exported and quantised, as on a first run
    # (onnxruntime's quantiser logs a warning and configures the root logger; bm25s
    # logs at DEBUG).
    index = tmp_path / "indexes" / "seeds"
    result = subprocess.run(
        [sys.executable, "-m", "assistant", "ingest", "--corpus", str(SEEDS)],
        cwd=tmp_path,
        env=subprocess_env(
            ASSISTANT_INDEX_DIR=str(index), ASSISTANT_EMBEDDING_ONNX_CACHE=str(tmp_path / "cache")
        ),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    printed = (result.stdout + result.stderr).splitlines()
    noise = [line for line in printed if line.startswith(("DEBUG:", "INFO:", "WARNING:"))]
    assert noise == []
    assert any(line.startswith("Index ") for line in printed)
    log = (index.parent / "assistant.log").read_text(encoding="utf-8")
    assert "pre-processing before quantization" in log and "bm25s" in log

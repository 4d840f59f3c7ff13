"""Resumable ingest: vectors of embedded chunks saved as they are made.

An ingest of a large corpus embeds passages in chunks; after each chunk its
vectors go to ``<index>/.resume/`` (written to a temporary name, then renamed,
so a chunk file is whole or absent). A later ingest with the same model and
passage size reads them back and embeds only what is left. A successful
ingest deletes the folder. Formats: JSON and ``.npy``, no pickle.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from functools import partial
from pathlib import Path

import numpy as np

from assistant.embedding.vectors import Vectors
from assistant.index.store import SCHEMA_VERSION
from assistant.models import Passage


class Checkpoints:
    """The checkpoint folder of one index, for one model and passage size."""

    def __init__(self, index_dir: Path, model: str, max_words: int) -> None:
        self.folder = index_dir / ".resume"
        # The index format too: a new sentence splitter keeps passage ids but not the rows
        # of their sentence vectors, so checkpoints of another format are not reused.
        self.key = {
            "embedding_model": model,
            "passage_max_words": max_words,
            "format": 1,
            "schema_version": SCHEMA_VERSION,
        }

    def load(self, cache: dict[str, tuple[Vectors, Vectors]]) -> int:
        """Add the saved vectors to ``cache``; returns how many passages were read back."""
        meta = self.folder / "meta.json"
        try:
            if json.loads(meta.read_text()) != self.key:
                self.clear()  # another model or passage size: useless
                return 0
        except (OSError, ValueError):
            self.clear()
            return 0
        count = 0
        for ids_file in sorted(self.folder.glob("chunk-*.ids.json")):
            stem = ids_file.name.removesuffix(".ids.json")
            try:
                ids = json.loads(ids_file.read_text())
                whole = np.load(self.folder / f"{stem}.passages.npy", allow_pickle=False)
                parts = np.load(self.folder / f"{stem}.sentences.npy", allow_pickle=False)
                counts = np.load(self.folder / f"{stem}.counts.npy", allow_pickle=False)
            except (OSError, ValueError):
                continue  # a chunk cut short by the interruption: embedded again
            bounds = np.concatenate([[0], np.cumsum(counts)])
            for i, passage_id in enumerate(ids):
                cache.setdefault(passage_id, (whole[i], parts[bounds[i] : bounds[i + 1]]))
            count += len(ids)
        return count

    def save(self, passages: list[Passage], vectors: dict[str, tuple[Vectors, Vectors]]) -> None:
        """Save one embedded chunk."""
        if not passages:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        meta = self.folder / "meta.json"
        if not meta.exists():
            _replace(meta, lambda tmp: tmp.write_text(json.dumps(self.key)))
        stem = f"chunk-{len(list(self.folder.glob('chunk-*.ids.json'))):06d}"
        ids = [p.id for p in passages]
        arrays: dict[str, np.ndarray] = {
            "passages": np.stack([vectors[i][0] for i in ids]).astype(np.float32),
            "sentences": np.concatenate([vectors[i][1] for i in ids]).astype(np.float32),
            "counts": np.array([len(vectors[i][1]) for i in ids], dtype=np.int64),
        }
        for name, array in arrays.items():
            _replace(self.folder / f"{stem}.{name}.npy", partial(_save_npy, array=array))
        # The ids file last: a chunk counts only once all its arrays are there.
        _replace(self.folder / f"{stem}.ids.json", lambda tmp: tmp.write_text(json.dumps(ids)))

    def clear(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


def _save_npy(path: Path, array: np.ndarray) -> None:
    np.save(path, array, allow_pickle=False)


def _replace(path: Path, write: Callable[[Path], object]) -> None:
    """Write through a temporary file renamed into place (np.save insists on '.npy')."""
    tmp = path.with_name(f"{path.stem}.tmp{path.suffix}")
    write(tmp)
    os.replace(tmp, path)

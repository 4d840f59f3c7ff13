"""The ONNX int8 embedding backend. The only module that imports onnxruntime and onnx.

The model's transformer is exported to ONNX from the local weights (torch's
exporter, no hub), its weights quantised to int8 per channel, and cached on
disk; the tokenizer and the mean pooling + L2 normalisation that
sentence-transformers applies for these models are done here. Measured on the
generated corpus: 1.63x the passages/s of torch, cosine to torch's vectors
0.99, the same dense hit@5 (README, Performance).
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np

from assistant.embedding.vectors import Vectors
from assistant.errors import EmbeddingModelError
from assistant.ingest.timing import step

_INPUTS = ("input_ids", "attention_mask", "token_type_ids")


def _check_pooling(model_dir: Path) -> int:
    """The model's max sequence length; refuses models that do not mean-pool."""
    pooling = model_dir / "1_Pooling" / "config.json"
    try:
        config = json.loads(pooling.read_text())
    except (OSError, ValueError) as exc:
        raise EmbeddingModelError(
            f"the onnx-int8 backend needs a sentence-transformers folder with 1_Pooling: {exc}"
        ) from exc
    if not config.get("pooling_mode_mean_tokens"):
        raise EmbeddingModelError(
            f"the onnx-int8 backend supports mean-pooling models only ({pooling})"
        )
    try:
        st = json.loads((model_dir / "sentence_bert_config.json").read_text())
        return int(st.get("max_seq_length", 256))
    except (OSError, ValueError):
        return 256


def _fingerprint(model_dir: Path) -> str:
    """Names and sizes of the model's files: a new model gets a new cache entry."""
    parts = sorted(
        f"{p.relative_to(model_dir)}:{p.stat().st_size}"
        for p in model_dir.rglob("*")
        if p.is_file()
    )
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]


QUANTISATION = "int8-r7"
"""How the weights are quantised: int8 per channel, in 7 bits (``reduce_range``).

Without ``reduce_range``, CPUs compute different vectors from the same file: on
AVX2, onnxruntime's u8 x s8 kernels add pairs of products in 16 bits, which
saturate; with AVX512-VNNI or AMX they do not. Seven-bit weights keep every pair
sum within 16 bits, so every x86 CPU computes the same integers (measured here:
the vectors stay as close to the torch model's as 8-bit ones: cosine 0.9917 vs
0.9916 on average over 400 sentences). ``tests/embedding`` holds reference
vectors that a CPU computing other vectors fails.
"""


def quantise(fp32: Path, out: Path) -> None:
    """Quantise an exported ONNX model the way every shipped or cached model is."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    quantize_dynamic(
        str(fp32), str(out), weight_type=QuantType.QInt8, per_channel=True, reduce_range=True
    )


def quantised_model(model_dir: Path, cache_dir: Path) -> Path:
    """The int8 ONNX file of a local model, exported and quantised on first use."""
    folder = f"{model_dir.name}-{_fingerprint(model_dir)}-{QUANTISATION}"
    target = cache_dir / folder / "model_int8.onnx"
    if target.is_file():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    fp32 = target.with_name(f"model.{os.getpid()}.onnx")
    tmp = target.with_name(f"model_int8.{os.getpid()}.onnx")
    try:
        _export(model_dir, fp32)
        quantise(fp32, tmp)
        os.replace(tmp, target)
    except EmbeddingModelError:
        raise
    except Exception as exc:  # any exporter failure becomes one clear line
        raise EmbeddingModelError(f"cannot build the ONNX model of {model_dir}: {exc}") from exc
    finally:
        fp32.unlink(missing_ok=True)
        tmp.unlink(missing_ok=True)
    return target


def _export(model_dir: Path, out: Path) -> None:
    import warnings

    import torch
    from transformers import AutoModel, AutoTokenizer
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()  # type: ignore[no-untyped-call]

    class Hidden(torch.nn.Module):
        def __init__(self, model: Any) -> None:
            super().__init__()
            self.model = model

        def forward(self, ids: Any, mask: Any, types: Any) -> Any:
            return self.model(input_ids=ids, attention_mask=mask, token_type_ids=types)[0]

    tokenizer = AutoTokenizer.from_pretrained(str(model_dir), local_files_only=True)
    model = AutoModel.from_pretrained(str(model_dir), local_files_only=True).eval()
    sample = tokenizer(
        ["an example", "a longer example sentence"], padding=True, return_tensors="pt"
    )
    axes = {name: {0: "batch", 1: "tokens"} for name in (*_INPUTS, "hidden")}
    with warnings.catch_warnings(), torch.no_grad():
        warnings.simplefilter("ignore")  # tracer warnings about shape-dependent branches
        torch.onnx.export(
            Hidden(model),
            tuple(sample[name] for name in _INPUTS),
            str(out),
            input_names=list(_INPUTS),
            output_names=["hidden"],
            dynamic_axes=axes,
            opset_version=17,
            dynamo=False,
        )


def _session(path: Path, threads: int) -> Any:
    """An ONNX Runtime session on the CPU with ``threads`` threads per run."""
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.log_severity_level = 3
    # No spin-waiting after a run: the question's FAISS and BM25 steps follow at once
    # on the same 2 cores, and spinning threads would take them.
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    return ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])


class _Runs:
    """Runs of one model: a single input on every core, many side by side, one per core.

    The threads of one run wait for each other at every step, the more so when other
    programs share the cores; one run per core on a session with one thread does not.
    Measured on 2 cores, interleaved: the ranker's 8 pairs of a question took 45 ms
    (p50) side by side against 72 ms one after another on both cores, same logits.
    """

    def __init__(self, path: Path, *, one_on_every_core: bool = True) -> None:
        self._path = path
        self.workers = os.cpu_count() or 1
        self._opening = threading.Lock()
        self._side_by_side: tuple[Any, ThreadPoolExecutor] | None = None
        if one_on_every_core or self.workers < 2:
            self.session = _session(path, self.workers)  # a question's one text
        else:  # every call runs several inputs: one session (less memory), one core each
            self.session = _session(path, 1)
            self._side_by_side = (self.session, ThreadPoolExecutor(self.workers))

    def all(self, feeds: list[dict[str, Any]]) -> list[Any]:
        """The model's first output for each feed."""
        if len(feeds) < 2 or self.workers < 2:  # one input: on every core, if so opened
            return [self.session.run(None, feed)[0] for feed in feeds]
        with self._opening:
            if self._side_by_side is None:
                self._side_by_side = (_session(self._path, 1), ThreadPoolExecutor(self.workers))
        session, pool = self._side_by_side
        # Longest first: the cores finish together (a question's 4 pairs of 106, 94, 61
        # and 51 tokens take 157 token-steps so, 200 in their order).
        order = sorted(range(len(feeds)), key=lambda i: -feeds[i]["input_ids"].size)
        out: list[Any] = [None] * len(feeds)
        results = pool.map(lambda i: session.run(None, feeds[i])[0], order)
        for i, result in zip(order, results, strict=True):
            out[i] = result
        return out


class OnnxEncoder:
    """Tokenise, run the int8 model, mean-pool: vectors and per-token outputs."""

    def __init__(self, model_dir: Path, cache_dir: Path) -> None:
        from transformers import AutoTokenizer

        self.max_length = _check_pooling(model_dir)
        self._runs = _Runs(quantised_model(model_dir, cache_dir))
        self._tokenizer = AutoTokenizer.from_pretrained(str(model_dir), local_files_only=True)
        self.dimension = int(self._runs.session.get_outputs()[0].shape[-1] or 0)

    def run(
        self, texts: list[str], *, batch_size: int = 1, offsets: bool = False
    ) -> list[tuple[Vectors, Any, Any]]:
        """Per text: its unit vector and, with ``offsets``, its tokens' output vectors and
        their character offsets (else None, None).

        Args:
            texts: the texts.
            batch_size: texts per run, grouped by length (little padding). int8
                activations are scaled per run, so in a batch a text's vector depends on
                its neighbours (by ~1e-2 cosine); with 1, a text gets the same vector
                wherever it is run, and on 2 cores it costs ~10-20% less CPU per text.
            offsets: also return each text's token outputs and offsets.
        """
        order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
        groups = [order[first : first + batch_size] for first in range(0, len(texts), batch_size)]
        with step("tokenise"):  # all texts in one call: the tokenizer's fast batch path
            encoded = self._tokenizer(
                texts, truncation=True, max_length=self.max_length, return_offsets_mapping=offsets
            )
            feeds = [self._feed(encoded, rows) for rows in groups]
        with step("embed"):
            hidden = self._runs.all(feeds)
        with step("pool"):
            out: list[Any] = [None] * len(texts)
            for rows, feed, h in zip(groups, feeds, hidden, strict=True):
                pooled = _unit_means(h, feed["attention_mask"])
                for j, i in enumerate(rows):
                    used = len(encoded["input_ids"][i])
                    spans = np.array(encoded["offset_mapping"][i]) if offsets else None
                    out[i] = (pooled[j], h[j][:used] if offsets else None, spans)
        return out

    def _feed(self, encoded: Any, rows: list[int]) -> dict[str, Any]:
        """The model's inputs for the texts ``rows``, padded on the right to the longest."""
        width = max(len(encoded["input_ids"][i]) for i in rows)
        feed = {name: np.zeros((len(rows), width), dtype=np.int64) for name in _INPUTS}
        feed["input_ids"][:] = self._tokenizer.pad_token_id or 0
        for j, i in enumerate(rows):
            for name in _INPUTS:
                feed[name][j, : len(encoded[name][i])] = encoded[name][i]
        return feed


def _unit_means(hidden: Any, attention: Any) -> Vectors:
    """Each text's mean token output, L2-normalised (sentence-transformers' pooling)."""
    mask = attention.astype(np.float32)[..., None]
    pooled = (hidden * mask).sum(axis=1) / np.maximum(mask.sum(axis=1), 1e-9)
    pooled /= np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)
    return np.asarray(pooled, dtype=np.float32)


class OnnxCrossEncoder:
    """A shipped int8 cross-encoder: (question, sentence) pairs in, one logit each out."""

    def __init__(self, model_dir: Path, *, max_length: int = 128) -> None:
        from transformers import AutoTokenizer

        try:
            self._runs = _Runs(model_dir / "model_int8.onnx", one_on_every_core=False)
            self._tokenizer = AutoTokenizer.from_pretrained(str(model_dir), local_files_only=True)
        except Exception as exc:  # a missing or damaged model file becomes one line
            raise EmbeddingModelError(
                f"cannot load the answer ranker in {model_dir}: {exc}"
            ) from exc
        self.max_length = max_length

    def logits(self, pairs: list[list[str]]) -> Vectors:
        """One logit per pair, each pair in a run of its own, side by side on the cores.

        The int8 model quantises its activations with one scale per run, taken over
        every pair and padding position in it: scored together, a pair's probability
        moved with its batch-mates (0.39, 0.54 or 0.60 for one pair among 8, 4 or no
        others). Alone, a pair's score is its own, and unpadded runs are also faster
        here (105 ms for 8 pairs against 136 ms as one padded batch).
        """
        feeds = []
        for question, sentence in pairs:
            batch = self._tokenizer(
                [question],
                [sentence],
                truncation=True,
                max_length=self.max_length,
                return_tensors="np",
            )
            feeds.append({name: batch[name].astype(np.int64) for name in _INPUTS})
        out = np.zeros(len(pairs), dtype=np.float32)
        for i, logit in enumerate(self._runs.all(feeds)):
            out[i] = float(np.asarray(logit).reshape(-1)[0])
        return out

"""Every CPU computes the same vectors: committed reference vectors are reproduced.

``data/reference_vectors.json`` was computed by the default backend (int8 weights in
7 bits, ``assistant.embedding.onnx.QUANTISATION``) on an AMD EPYC with AVX2 and no
AVX512/VNNI. With 7-bit weights the int8 kernels of every x86 CPU compute the same
integers, so another machine must reproduce the vectors up to float rounding (an
AVX512 reduction adds in another order than an AVX2 one, which may move an
activation across an int8 rounding step). Bound: 5e-3 per component.

What it catches: the same model with 8-bit weights (the quantisation before, whose
AVX2 kernels saturate where VNNI ones do not) differs from the reference by 0.039
(cosine 0.983) on this machine; a VNNI machine computing 8-bit vectors moved a
test's cosine from 0.80 to 0.79.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from assistant.embedding.embedder import Embedder
from assistant.settings import Settings

REFERENCE = json.loads((Path(__file__).parent / "data" / "reference_vectors.json").read_text())
BOUND = 5e-3


def test_the_reference_vectors_are_reproduced() -> None:
    embedder = Embedder(Settings().embedding)
    vectors = embedder.encode(REFERENCE["sentences"])
    expected = np.array(REFERENCE["vectors"], dtype=np.float32)
    assert vectors.shape == expected.shape
    worst = float(np.abs(vectors - expected).max())
    assert worst <= BOUND, f"vectors differ from the reference by {worst:.6f} (bound {BOUND})"

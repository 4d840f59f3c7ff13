"""The array type of embeddings: one float32 row per text, L2-normalised."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

Vectors = npt.NDArray[np.float32]

"""Where an ingest's time goes, step by step (``python -m benchmarks core`` prints it).

The steps of an ingest mark themselves with ``with step("embed"): ...``. Nothing is
recorded unless a caller asked for it with ``with recording() as seconds: ...``, so in
a normal run a mark costs one context-variable lookup. Steps do not nest: each mark
covers one step, and what no mark covers is the rest.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_SECONDS: ContextVar[dict[str, float] | None] = ContextVar("ingest_step_seconds", default=None)


@contextmanager
def recording() -> Iterator[dict[str, float]]:
    """Record the steps run inside the block (this thread); yields seconds by step."""
    seconds: dict[str, float] = {}
    token = _SECONDS.set(seconds)
    try:
        yield seconds
    finally:
        _SECONDS.reset(token)


@contextmanager
def step(name: str) -> Iterator[None]:
    """Add the wall time of the block to step ``name``, if someone is recording."""
    seconds = _SECONDS.get()
    if seconds is None:
        yield
        return
    started = time.perf_counter()
    try:
        yield
    finally:
        seconds[name] = seconds.get(name, 0.0) + time.perf_counter() - started

"""What runs on a Dask worker: one coder per process, loaded on first use and kept, and a task
that codes a partition of articles into Parquet files.

A partition gets `time_limit` seconds per article. Past that the worker process exits (a hung
parse cannot be interrupted from Python); its nanny starts a fresh one and the driver retries the
partition's articles one by one, so only the article that hangs is lost.
"""
from __future__ import annotations

import importlib
import os
import sys
import threading
from typing import Any

from eventmill.store.partitions import write_partition
from eventmill.types import Article

__all__ = ["DEFAULT_FACTORY", "get_coder", "code_partition", "default_coder", "worker_rss"]

DEFAULT_FACTORY = "eventmill.scale.worker:default_coder"

_CODERS: dict[tuple[str, float], Any] = {}
_LOCK = threading.Lock()


def default_coder(min_confidence: float = 0.0) -> Any:
    from eventmill.pipeline import Coder, build_nlp

    return Coder(build_nlp(min_confidence=min_confidence))


def get_coder(factory: str = DEFAULT_FACTORY, min_confidence: float = 0.0) -> Any:
    """This process's coder for `factory` ("module:function"), built once."""
    key = (factory, min_confidence)
    with _LOCK:
        if key not in _CODERS:
            module, _, name = factory.partition(":")
            _CODERS[key] = getattr(importlib.import_module(module), name)(min_confidence)
        return _CODERS[key]


def _give_up(name: str, limit: float) -> None:
    print(f"eventmill worker {os.getpid()}: partition {name} over its time limit ({limit:.0f} s);"
          " exiting so the nanny starts a fresh worker", file=sys.stderr, flush=True)
    os._exit(70)


def code_partition(articles: list[Article], parts_dir: str, name: str, *,
                   factory: str = DEFAULT_FACTORY, min_confidence: float = 0.0,
                   time_limit: float = 60.0, tone: bool = True) -> dict[str, Any]:
    """Code `articles`, write their Parquet partition, return its paths and counts."""
    coder = get_coder(factory, min_confidence)  # loading the model is not the articles' time
    limit = time_limit * len(articles)
    timer = threading.Timer(limit, _give_up, (name, limit))
    timer.daemon = True
    timer.start()
    try:
        coded = list(coder.code(articles))
        arts, evs = write_partition(coded, parts_dir, name, tone)
    finally:
        timer.cancel()
    return {"name": name, "articles": str(arts), "events": str(evs), "n_articles": len(coded),
            "n_events": sum(len(e) for _, e in coded)}


def worker_rss() -> int:
    """Resident memory of this worker process, bytes (for the benchmark)."""
    import psutil

    return psutil.Process().memory_info().rss

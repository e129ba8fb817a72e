"""A bounded cache of encoded API answers.

A read-only server's store cannot change under it (DuckDB lets no writer in while it is open
read-only), so an answer stays right for as long as the server runs; a writable server
clears the cache on every write. Dashboards ask the same few questions over and over (the
landing view, a country's timeline), and a hit costs microseconds instead of a query.
"""
from __future__ import annotations

import threading
from collections import OrderedDict

__all__ = ["AnswerCache"]


class AnswerCache:
    """LRU of (media type, body bytes) by key, bounded in entries and in total bytes."""

    def __init__(self, max_entries: int = 4096, max_bytes: int = 64 * 1024 * 1024,
                 max_item_bytes: int = 1024 * 1024) -> None:
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self.max_item_bytes = max_item_bytes
        self._items: OrderedDict[str, tuple[str, bytes]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0
        self.generation = 0  # bumped by clear(): answers computed before it are not kept

    def get(self, key: str) -> tuple[str, bytes] | None:
        with self._lock:
            item = self._items.get(key)
            if item is None:
                self.misses += 1
                return None
            self._items.move_to_end(key)
            self.hits += 1
            return item

    def put(self, key: str, media_type: str, body: bytes, generation: int | None = None) -> None:
        if len(body) > self.max_item_bytes:
            return
        with self._lock:
            if generation is not None and generation != self.generation:
                return
            old = self._items.pop(key, None)
            if old is not None:
                self._bytes -= len(old[1])
            self._items[key] = (media_type, body)
            self._bytes += len(body)
            while len(self._items) > self.max_entries or self._bytes > self.max_bytes:
                _, (_, dropped) = self._items.popitem(last=False)
                self._bytes -= len(dropped)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self._bytes = 0
            self.generation += 1

    def stats(self) -> dict[str, int]:
        with self._lock:
            return {"entries": len(self._items), "bytes": self._bytes, "hits": self.hits,
                    "misses": self.misses}

"""How the server holds the DuckDB store: read-only by default, one cursor per worker thread.

A read-only DuckDB connection cannot migrate the schema or rebuild stale story tables, so
`prepare` does both (and adds the indexes) in a short writable open before serving; when the
file is locked by a writer or not writable it is skipped and the store is served as it is.
"""
from __future__ import annotations

import logging
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import duckdb

from eventmill.store import Store
from eventmill.store import queries
from eventmill.types import Article

log = logging.getLogger("eventmill.serve")

__all__ = ["StoreAccess", "prepare"]


def prepare(path: str | Path) -> bool:
    """Migrate, rebuild stale stories and the pre-aggregated table; False where the file
    cannot be written (served as it is, without the pre-aggregation)."""
    try:
        with Store(path) as store:
            if store.stories_dirty:
                store.rebuild_story_events()
            queries.build_rollup(store.con)
        return True
    except (duckdb.Error, OSError) as exc:
        log.warning("eventmill: serving %s as it is, without pre-aggregation (cannot write it: %s)",
                    path, exc)
        return False


class StoreAccess:
    """Cursors for readers; with writes allowed, a Store whose saves are serialised by a lock.

    open() and close() follow the app's lifespan; a closed access reopens on the next use, so
    clients that run the lifespan around every request (test clients) work too.
    """

    def __init__(self, path: str | Path, *, allow_writes: bool = False) -> None:
        self.path = str(path)
        self.allow_writes = allow_writes
        if self.path != ":memory:" and not Path(self.path).exists():
            raise FileNotFoundError(f"no store at {self.path}: create one with `eventmill code`")
        self.store: Store | None = None
        self.con: duckdb.DuckDBPyConnection | None = None
        self.write_lock = threading.Lock()
        self._lock = threading.RLock()
        self._local = threading.local()
        self._cursors: list[duckdb.DuckDBPyConnection] = []
        self._generation = 0
        self.rollup = False  # the pre-aggregated table is fresh (see queries.build_rollup)
        self.open()

    def open(self) -> duckdb.DuckDBPyConnection:
        with self._lock:
            if self.con is None:
                if self.allow_writes:
                    self.store = Store(self.path)
                    queries.build_rollup(self.store.con)
                    self.rollup = True
                    self.con = self.store.con
                else:
                    self.rollup = prepare(self.path)
                    self.con = duckdb.connect(self.path, read_only=True)
            return self.con

    def cursor(self) -> duckdb.DuckDBPyConnection:
        """This thread's cursor (a DuckDB connection object is not safe to share across threads)."""
        local = self._local
        if getattr(local, "generation", None) != self._generation or local.cursor is None:
            with self._lock:
                local.cursor = self.open().cursor()
                local.generation = self._generation
                self._cursors.append(local.cursor)
        return local.cursor

    def fresh_stories(self) -> None:
        """Rebuild the story tables after writes (only a writable server ever makes them stale)."""
        if self.allow_writes:
            self.open()
            with self.write_lock:
                if self.store is not None and self.store.stories_dirty:
                    self.store.rebuild_story_events()

    def save(self, batch: Iterable[tuple[Article, list[Any]]]) -> None:
        if not self.allow_writes:
            raise PermissionError("the store is open read-only")
        self.open()
        with self.write_lock:
            assert self.store is not None
            self.store.save_many(batch)  # story tables are rebuilt when next read
            queries.build_rollup(self.store.con)

    def close(self) -> None:
        with self._lock:
            for cur in self._cursors:
                try:
                    cur.close()
                except duckdb.Error:
                    pass
            self._cursors.clear()
            self._generation += 1
            if self.store is not None:
                self.store.close()
                self.store = None
            elif self.con is not None:
                self.con.close()
            self.con = None

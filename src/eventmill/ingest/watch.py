"""`eventmill watch DIR`: code article files as they land in a folder, until stopped.

The folder is scanned every few seconds (polling works on every file system, network mounts
included). A file is taken once its size and modification time are the same in two scans in a
row, so a file still being written is not read half-way. A changed file replaces the articles
it held before. Already stored articles are skipped as in any batch, so a restarted watcher
codes only what arrived or changed while it was away.
"""
from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path

from eventmill.ingest.batch import ArticleCoder, Triage, chunks, code_and_store
from eventmill.ingest.summary import Summary
from eventmill.io.readers import article_files, read_articles
from eventmill.store import Store

__all__ = ["Watcher"]

log = logging.getLogger("eventmill.watch")

Signature = tuple[int, int]  # (mtime_ns, size)


class Watcher:
    def __init__(self, directory: str | Path, store: Store, coder_factory: Callable[[], ArticleCoder],
                 summary: Summary | None = None, commit_every: int = 64) -> None:
        self.directory = Path(directory)
        self.store = store
        self.coder_factory = coder_factory
        self.coder: ArticleCoder | None = None
        self.summary = summary or Summary()
        self.commit_every = commit_every
        self._seen: dict[Path, Signature] = {}  # last scan
        self._done: dict[Path, Signature] = {}  # as coded

    def ready(self) -> list[Path]:
        """Files new or changed since they were coded, and unchanged since the last scan."""
        current: dict[Path, Signature] = {}
        for path in article_files(self.directory):
            try:
                st = path.stat()
            except OSError:  # deleted between listing and stat
                continue
            current[path] = (st.st_mtime_ns, st.st_size)
        out = [p for p, sig in current.items()
               if self._seen.get(p) == sig and self._done.get(p) != sig]
        self._seen = current
        return out

    def poll_once(self) -> int:
        """Code the files that are ready; returns how many files were taken."""
        files = self.ready()
        if not files:
            return 0
        triage = Triage(self.store, self.summary)

        def report(where: str, message: str) -> None:
            self.summary.unreadable.append(where)
            log.warning("skipped %s: %s", where, message)

        for path in files:
            ids: list[str] = []
            for chunk in chunks(read_articles([path], report), self.commit_every):
                self.summary.read += len(chunk)
                ids += [a.id for a in chunk]
                todo = triage(chunk)
                if todo:
                    self.coder = self.coder or self.coder_factory()
                    code_and_store(self.store, self.coder, todo, self.summary)
            if path in self._done:  # a changed file: what it no longer holds goes
                self._forget(path, ids)
            self._done[path] = self._seen[path]
            log.info("%s: %d articles", path, len(ids))
        return len(files)

    def _forget(self, path: Path, keep: list[str]) -> None:
        con = self.store.con
        stale = [r[0] for r in con.execute(
            "SELECT article_id FROM articles"
            " WHERE (origin = ? OR starts_with(origin, ?) OR starts_with(origin, ?))"
            " AND article_id NOT IN (SELECT unnest(?::VARCHAR[]))",
            [str(path), f"{path}:", f"{path}@", keep]).fetchall()]
        if stale:
            con.execute("DELETE FROM events WHERE article_id IN (SELECT unnest(?::VARCHAR[]))", [stale])
            con.execute("DELETE FROM articles WHERE article_id IN (SELECT unnest(?::VARCHAR[]))", [stale])
            self.store._mark_stories_dirty()

    def run(self, interval: float = 2.0, stop: threading.Event | None = None) -> None:
        """Poll every `interval` seconds until `stop` is set (or the process is interrupted)."""
        stop = stop or threading.Event()
        while not stop.is_set():
            self.poll_once()
            stop.wait(interval)

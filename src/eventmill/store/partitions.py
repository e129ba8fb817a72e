"""Coded articles as Parquet partitions (written by Dask workers) and their ingest into the
store, row for row what Store.save_many would write.

A worker builds the two Arrow tables (tone included: it is the slow part of saving), writes
them under a temporary name and renames them, so a partition file is either whole or absent.
The store reads them with DuckDB's read_parquet in one transaction per partition.
"""
from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from eventmill.store.database import (
    _ARTICLES_SCHEMA, _EVENTS_SCHEMA, _STORED_EVENT_COLUMNS, Store, _event_row, _mention_tone,
)
from eventmill.text.tone import article_tone
from eventmill.types import Article, Event

__all__ = ["batch_tables", "write_partition", "ingest_partition"]


def batch_tables(batch: Iterable[tuple[Article, list[Event]]], tone: bool = True) -> tuple[pa.Table, pa.Table]:
    """(articles, events) Arrow tables of coded articles, in the store's layout."""
    latest = {a.id: (a, evs) for a, evs in batch}
    coded_at = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
    articles = pa.Table.from_pylist([
        {"article_id": a.id, "date": a.date, "url": a.url, "source": a.source, "origin": a.origin,
         "text": a.text, "n_events": len(evs), "coded_at": coded_at,
         "tone": article_tone(a.text) if tone else None}
        for a, evs in latest.values()], schema=_ARTICLES_SCHEMA)
    events = pa.Table.from_pylist([
        _event_row(ev, a.id, i, _mention_tone(ev) if tone else None)
        for a, evs in latest.values() for i, ev in enumerate(evs)], schema=_EVENTS_SCHEMA)
    return articles, events


def write_partition(batch: Iterable[tuple[Article, list[Event]]], directory: str | Path, name: str,
                    tone: bool = True) -> tuple[Path, Path]:
    """Write `name`.articles.parquet and `name`.events.parquet under `directory` atomically."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for kind, table in zip(("articles", "events"), batch_tables(batch, tone)):
        final = directory / f"{name}.{kind}.parquet"
        tmp = directory / f".{name}.{kind}.parquet.tmp"
        pq.write_table(table, tmp)
        os.replace(tmp, final)
        paths.append(final)
    return paths[0], paths[1]


def ingest_partition(store: Store, articles_path: str | Path, events_path: str | Path) -> tuple[int, int]:
    """Replace the partition's articles (by id, and older copies at the same URLs) and their
    events in one transaction; returns (articles, events) stored."""
    cols = ", ".join(_STORED_EVENT_COLUMNS)
    con = store.con
    art = f"read_parquet('{_quoted(articles_path)}')"
    evs = f"read_parquet('{_quoted(events_path)}')"
    counts: list[int] = []

    def work() -> None:
        con.execute(f"CREATE TEMP TABLE _em_part AS SELECT * FROM {art}")
        try:
            stale = ("SELECT article_id FROM articles WHERE article_id IN (SELECT article_id FROM _em_part)"
                     " OR (url IS NOT NULL AND url IN (SELECT url FROM _em_part WHERE url IS NOT NULL))")
            con.execute(f"DELETE FROM events WHERE article_id IN ({stale})")
            con.execute(f"DELETE FROM articles WHERE article_id IN ({stale})")
            con.execute(
                "INSERT INTO articles (article_id, date, url, source, origin, text, n_events, coded_at,"
                " tone, text_hash) SELECT article_id, date, url, source, origin, text, n_events,"
                " coded_at, tone, md5(text) FROM _em_part")
            n_events = con.execute(f"INSERT INTO events ({cols}) SELECT {cols} FROM {evs}").fetchone()[0]
            counts.extend([con.execute("SELECT count(*) FROM _em_part").fetchone()[0], n_events])
            store._mark_stories_dirty()
        finally:
            con.execute("DROP TABLE IF EXISTS _em_part")

    store._run_in_transaction(work)
    return counts[0], counts[1]


def _quoted(path: str | Path) -> str:
    return str(path).replace("'", "''")

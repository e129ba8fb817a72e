"""Code a stream of articles into a store: what `eventmill code` runs.

Nothing one article does can cost the others: the reader reports bad input, the Coder skips an
article it cannot code, and an article the store refuses is found by saving its batch one
article at a time. Each batch is saved in one transaction, so an interruption leaves the store
with whole batches only.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import duckdb
import pyarrow as pa

from eventmill.pipeline import Coder
from eventmill.store import Store
from eventmill.types import Article, Event

ErrorHandler = Callable[[str, str], None]
Coded = list[tuple[Article, list[Event]]]
BATCH = 256  # articles per store transaction

# Errors that come from one article's data, not from the store itself (full disk, lock...).
_DATA_ERRORS = (UnicodeError, ValueError, pa.ArrowException, duckdb.ConversionException,
                duckdb.InvalidInputException, duckdb.ConstraintException)


@dataclass
class Progress:
    """What a run has stored so far (kept up to date, so an interrupted run can say it)."""

    articles: int = 0
    events: int = 0
    coded: list[dict[str, Any]] = field(default_factory=list)  # events for --out, if kept


def _where(article: Article) -> str:
    return f"{article.origin} (id {article.id})" if article.origin else f"id {article.id}"


def save(store: Store, batch: Coded, on_error: ErrorHandler) -> Coded:
    """Save the batch; if the store refuses it, save one article at a time and report those it
    refuses. Returns the (article, events) pairs stored."""
    try:
        store.save_many(batch)
        return batch
    except _DATA_ERRORS as exc:
        if len(batch) == 1:
            on_error(_where(batch[0][0]), f"cannot be stored ({type(exc).__name__}: {exc}); skipped")
            return []
    return [item for one in batch for item in save(store, [one], on_error)]


def code_into(store: Store, coder: Coder, articles: Iterable[Article], on_error: ErrorHandler,
              progress: Progress, *, keep_events: bool = False,
              tick: Callable[[], None] = lambda: None) -> Progress:
    """Code `articles` and save them to `store` in batches, counting into `progress`."""
    def flush(batch: Coded) -> None:
        for _, events in save(store, batch, on_error):
            progress.articles += 1
            progress.events += len(events)
            if keep_events:
                progress.coded.extend(ev.to_dict() for ev in events)

    batch: Coded = []
    for article, events in coder.code(articles):
        batch.append((article, events))
        tick()
        if len(batch) >= BATCH:
            flush(batch)
            batch = []
    if batch:
        flush(batch)
    return progress

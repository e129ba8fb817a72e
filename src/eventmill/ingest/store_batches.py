"""Saving a chunk of coded articles so that nothing one article holds can cost the others: an
article the store refuses is found by saving the chunk one article at a time, reported, and
left out; the rest is stored."""
from __future__ import annotations

from collections.abc import Callable

import duckdb
import pyarrow as pa

from eventmill.store import Store
from eventmill.types import Article, Event

ErrorHandler = Callable[[str, str], None]
Coded = list[tuple[Article, list[Event]]]

# Errors that come from one article's data, not from the store itself (full disk, lock...).
_DATA_ERRORS = (UnicodeError, ValueError, pa.ArrowException, duckdb.ConversionException,
                duckdb.InvalidInputException, duckdb.ConstraintException)


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

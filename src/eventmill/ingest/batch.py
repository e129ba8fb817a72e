"""`eventmill code`: a batch run that skips what the store already holds, commits in chunks,
and so resumes where a killed run stopped.

Articles are read in order and taken in chunks (`commit_every`); each chunk is checked against
the store (eventmill.store.seen), its new and changed articles are coded and the chunk is
committed in one transaction. A run killed at any moment loses at most the chunk in flight,
and the next run skips every committed article without coding it again.
"""
from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from tqdm import tqdm

from eventmill.ingest.summary import Summary
from eventmill.ingest import store_batches
from eventmill.io.readers import MAX_CHARS, read_articles
from eventmill.store import Store
from eventmill.store import seen
from eventmill.types import Article, Event

__all__ = ["BatchOptions", "code_and_store", "code_paths", "count_hint", "chunks", "Triage", "write_stored_events"]


class ArticleCoder(Protocol):
    def code(self, articles: Iterable[Article]) -> Iterator[tuple[Article, list[Event]]]: ...


@dataclass
class BatchOptions:
    commit_every: int = 256
    recode: bool = False  # code every article again, even unchanged ones
    progress: bool = True
    out: str | None = None
    max_chars: int | None = MAX_CHARS  # longer texts are cut (None: no limit), with a warning
    on_warning: Callable[[str, str], None] | None = None


def count_hint(paths: Sequence[str | Path]) -> int | None:
    """About how many articles `paths` hold (files, JSONL/CSV lines), for the progress bar's
    ETA; None when it cannot tell cheaply. Counting lines runs at disk speed."""
    from eventmill.io.readers import article_files

    total = 0
    for given in paths:
        path = Path(given)
        try:
            files = article_files(path) if path.is_dir() else [path] if path.exists() else []
            for f in files:
                name = f.name.lower()
                if name.endswith((".jsonl", ".csv")):
                    with f.open("rb") as fh:
                        n = sum(chunk.count(b"\n") for chunk in iter(lambda: fh.read(1 << 20), b""))
                    total += max(n - (1 if name.endswith(".csv") else 0), 0)
                elif name.endswith((".warc", ".warc.gz")):
                    return None
                else:
                    total += 1
        except OSError:
            return None
    return total


def chunks(items: Iterable[Article], size: int) -> Iterator[list[Article]]:
    chunk: list[Article] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


class Triage:
    """Splits chunks into articles to code and articles to skip (with reasons), against the
    store and against what this run has already seen (one feed item in two feeds)."""

    def __init__(self, store: Store, summary: Summary, recode: bool = False) -> None:
        self.store = store
        self.summary = summary
        self.recode = recode
        self._this_run: set[tuple[Any, ...]] = set()

    def __call__(self, chunk: list[Article]) -> list[Article]:
        verdicts = seen.classify(self.store.con, chunk)
        todo = []
        for article, verdict in zip(chunk, verdicts):
            key = (article.url, seen.text_hash(article.text)) if article.url else (
                None, seen.text_hash(article.text), article.date)
            if key in self._this_run:
                self.summary.skip("seen earlier in this run")
                continue
            self._this_run.add(key)
            if verdict.code_it or self.recode:
                todo.append(article)
            elif verdict.status == seen.UNCHANGED:
                self.summary.skip("already stored")
            else:
                self.summary.skip("same text stored under another id")
        return todo


def save(store: Store, coded: list[tuple[Article, list[Event]]],
         summary: Summary | None = None) -> list[tuple[Article, list[Event]]]:
    """Store coded articles, replacing older copies at the same URL; an article the store
    refuses is reported (and counted as lost) while the rest of its chunk is stored. Returns
    what was stored."""
    def refused(where: str, message: str) -> None:
        tqdm.write(f"eventmill: skipped {where}: {message}", file=sys.stderr)
        if summary is not None:
            summary.fail(where, message)

    seen.drop_urls(store.con, [a for a, _ in coded])
    return store_batches.save(store, coded, refused)


def code_and_store(store: Store, coder: ArticleCoder, todo: list[Article], summary: Summary) -> None:
    """Code `todo`, store it (an article the store refuses is reported and lost alone) and count
    what was stored."""
    stored = save(store, list(coder.code(todo)), summary)
    summary.coded += len(stored)
    summary.events += sum(len(evs) for _, evs in stored)


def code_paths(paths: Sequence[str | Path], store: Store, coder_factory: Callable[[], ArticleCoder],
               options: BatchOptions, on_error: Callable[[str, str], None] | None = None,
               summary: Summary | None = None) -> tuple[Summary, list[str]]:
    """Code every readable article under `paths` into `store` in one process.

    Returns the summary and the ids of all articles read (for --out). The coder is built only
    when there is something to code, so a resumed run over a finished batch is quick.
    """
    summary = summary or Summary()

    def report(where: str, message: str) -> None:
        summary.unreadable.append(where)
        tqdm.write(f"eventmill: skipped {where}: {message}", file=sys.stderr)
        if on_error:
            on_error(where, message)

    triage = Triage(store, summary, options.recode)
    coder: ArticleCoder | None = None
    read_ids: list[str] = []
    bar = tqdm(total=count_hint(paths), desc="coding", unit=" articles", file=sys.stderr,
               disable=not options.progress, dynamic_ncols=True)
    articles = read_articles(paths, report, max_chars=options.max_chars, on_warning=options.on_warning)
    for chunk in chunks(articles, options.commit_every):
        summary.read += len(chunk)
        read_ids += [a.id for a in chunk]
        todo = triage(chunk)
        if todo:
            coder = coder or coder_factory()
            code_and_store(store, coder, todo, summary)
        bar.update(len(chunk))
        bar.set_postfix(coded=summary.coded, events=summary.events, refresh=False)
    bar.close()
    return summary, read_ids


def write_stored_events(store: Store, article_ids: Sequence[str], out: str) -> int:
    """Write the stored events of the given articles, in the order read, to `out`."""
    from eventmill.io.writers import write_events

    def events() -> Iterator[dict]:
        unique = list(dict.fromkeys(article_ids))
        for start in range(0, len(unique), 1000):
            part = unique[start:start + 1000]
            stored = seen.stored_event_dicts(store.con, part)
            for aid in part:
                yield from stored.get(aid, [])

    return write_events(events(), out)

"""`eventmill code --workers N | --cluster ADDRESS`: the batch run spread over Dask workers.

The driver reads and triages articles as a single-process run does (eventmill.ingest.batch),
sends the ones to code in partitions to the workers, and ingests each finished Parquet
partition into the store. At most a few partitions per worker are in flight, so the driver's
memory does not grow with the input. A partition whose worker died or went over its time
limit is retried one article per task; an article that fails alone twice is reported with its id.
Resuming works as for one process: committed articles are skipped by the next run.
"""
from __future__ import annotations

import contextlib
import logging
import shutil
import sys
import tempfile
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tqdm import tqdm

from eventmill.ingest.batch import BatchOptions, Triage, chunks, count_hint
from eventmill.ingest.summary import Summary
from eventmill.io.readers import read_articles
from eventmill.scale.worker import DEFAULT_FACTORY, code_partition
from eventmill.store import Store
from eventmill.store.partitions import ingest_partition
from eventmill.types import Article

__all__ = ["DaskOptions", "code_paths_dask", "dask_client", "SCHEDULER_CONFIG", "WORKER_CONFIG"]

# A worker that dies takes only its task down: no blind retries of a partition that kills
# workers (the driver retries its articles one by one instead), and no task waits in a
# worker's own queue, where another task's crash would take it down too. A scheduler started
# by hand for eventmill wants the same (README, "On a real cluster").
SCHEDULER_CONFIG = {"distributed.scheduler.allowed-failures": 0,
                    "distributed.scheduler.worker-saturation": 1.0}
# Dask's statistical profiler keeps up to 1000 one-second profiles of each worker's stacks;
# with the pipeline's deep, varied stacks workers grew ≈1.7 MB per 1000 articles (flat without).
WORKER_CONFIG = {"distributed.worker.profile.enabled": False}
ALONE_TRIES = 2  # an article failing this many times in a task of its own is given up


@dataclass
class DaskOptions:
    workers: int | None = None  # local cluster of this many processes
    cluster: str | None = None  # or the address of a running scheduler
    min_confidence: float = 0.0
    partition_size: int = 64
    time_limit: float = 60.0  # seconds per article
    parts_dir: str | None = None
    factory: str = DEFAULT_FACTORY  # "module:function" building a worker's coder
    tone: bool = True
    # called after every ingested partition with the client and the summary (benchmarks)
    monitor: Callable[[Any, Summary], None] | None = None


@contextlib.contextmanager
def dask_client(options: DaskOptions) -> Iterator[Any]:
    """A client on a new LocalCluster (one thread per worker process) or on `options.cluster`."""
    import dask
    from distributed import Client, LocalCluster

    if options.cluster:
        with Client(options.cluster) as client:
            yield client
        return
    with dask.config.set({**SCHEDULER_CONFIG, **WORKER_CONFIG}):
        with LocalCluster(n_workers=options.workers, threads_per_worker=1, processes=True,
                          dashboard_address=None, silence_logs=logging.ERROR) as cluster, \
                Client(cluster) as client:
            yield client


def _parts_dir(store: Store, options: DaskOptions) -> tuple[Path, bool]:
    """Where partitions go, and whether it is ours to remove afterwards."""
    if options.parts_dir:
        return Path(options.parts_dir), False
    if store.path == ":memory:":
        return Path(tempfile.mkdtemp(prefix="eventmill-parts-")), True
    return Path(store.path + ".parts"), True


def code_paths_dask(paths: Sequence[str | Path], store: Store, options: BatchOptions,
                    dask_options: DaskOptions, summary: Summary | None = None) -> tuple[Summary, list[str]]:
    """Code every readable article under `paths` on Dask workers into `store`."""
    from distributed import wait

    summary = summary or Summary()
    parts, ours = _parts_dir(store, dask_options)
    parts.mkdir(parents=True, exist_ok=True)
    for stale in parts.glob("*.parquet"):  # finished by a killed run's workers: coded again
        stale.unlink()

    def report(where: str, message: str) -> None:
        summary.unreadable.append(where)
        tqdm.write(f"eventmill: skipped {where}: {message}", file=sys.stderr)

    triage = Triage(store, summary, options.recode)
    read_ids: list[str] = []
    bar = tqdm(total=count_hint(paths), desc="coding", unit=" articles", file=sys.stderr,
               disable=not options.progress, dynamic_ncols=True)

    def partitions() -> Iterator[list[Article]]:
        pending: list[Article] = []
        articles = read_articles(paths, report, max_chars=options.max_chars, on_warning=options.on_warning)
        for chunk in chunks(articles, dask_options.partition_size):
            summary.read += len(chunk)
            read_ids.extend(a.id for a in chunk)
            todo = triage(chunk)
            bar.update(len(chunk) - len(todo))
            pending += todo
            while len(pending) >= dask_options.partition_size:
                yield pending[:dask_options.partition_size]
                pending = pending[dask_options.partition_size:]
        if pending:
            yield pending

    source = partitions()
    first = next(source, None)  # nothing to code: no cluster to start
    with dask_client(dask_options) if first is not None else contextlib.nullcontext() as client:
        in_flight: dict[Any, list[Article]] = {}
        queue: deque[list[Article]] = deque()  # partitions to submit, retries first
        alone_failures: dict[str, int] = {}
        serial = 0

        def submit(articles: list[Article]) -> None:
            nonlocal serial
            serial += 1
            name = f"part-{serial:07d}"
            future = client.submit(
                code_partition, articles, str(parts), name, factory=dask_options.factory,
                min_confidence=dask_options.min_confidence, time_limit=dask_options.time_limit,
                tone=dask_options.tone, key=f"eventmill-{name}", pure=False)
            in_flight[future] = articles

        def settle(future: Any) -> None:
            articles = in_flight.pop(future)
            if future.status == "finished":
                result = future.result()
                n_articles, n_events = ingest_partition(store, result["articles"], result["events"])
                Path(result["articles"]).unlink(missing_ok=True)
                Path(result["events"]).unlink(missing_ok=True)
                summary.coded += n_articles
                summary.events += n_events
                bar.update(n_articles)
                bar.set_postfix(coded=summary.coded, events=summary.events, refresh=False)
                if dask_options.monitor:
                    dask_options.monitor(client, summary)
            elif len(articles) > 1:  # find the article that took the worker down
                queue.extendleft([a] for a in reversed(articles))
            elif alone_failures.setdefault(articles[0].id, 0) < ALONE_TRIES - 1:
                # it may have met a dying worker on its way: once more, alone
                alone_failures[articles[0].id] += 1
                queue.appendleft(articles)
            else:
                why = _failure(future)
                summary.fail(articles[0].id, why)
                tqdm.write(f"eventmill: lost article {articles[0].id} ({articles[0].origin}): {why}",
                           file=sys.stderr)
                bar.update(1)
            future.release()

        # One task per live worker thread at a time: a task never waits on a worker that
        # another task may crash, and the driver's memory stays flat whatever the input size.
        if first is not None:
            queue.append(first)
        while client is not None:  # None: nothing to code
            capacity = max(sum(client.nthreads().values()), 1)
            while len(in_flight) < capacity:
                if not queue:
                    nxt = next(source, None)
                    if nxt is None:
                        break
                    queue.append(nxt)
                submit(queue.popleft())
            if not in_flight:
                break
            done, _ = wait(list(in_flight), return_when="FIRST_COMPLETED")
            for future in done:
                settle(future)
    bar.close()
    if ours:
        shutil.rmtree(parts, ignore_errors=True)
    return summary, read_ids


def _failure(future: Any) -> str:
    try:
        exc = future.exception()
    except Exception as err:  # noqa: BLE001  (a cancelled future raises here)
        exc = err
    if exc is None:
        return f"its task ended {future.status}"
    name = type(exc).__name__
    if name == "KilledWorker":
        return "its worker died or went over the time limit"
    return f"{name}: {exc}"

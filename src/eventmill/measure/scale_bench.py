"""`eventmill bench --workers N`: Dask throughput with N workers against 1, and the resident
memory of every worker as the run goes (does it stay flat over 10k, 50k, 100k articles?).

The articles are the plain bench's (paragraphs of a corpus recombined at random, fixed seed),
written to a JSONL file first and then coded end to end: read, triage, code on the workers,
Parquet partitions, ingest into a fresh store.
"""
from __future__ import annotations

import json
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import psutil

from eventmill.ingest.batch import BatchOptions
from eventmill.measure.bench import EXAMPLES, make_articles
from eventmill.scale.dask_run import DaskOptions, code_paths_dask
from eventmill.scale.worker import worker_rss
from eventmill.store import Store

__all__ = ["write_corpus", "timed_run", "run_scale_bench"]


def write_corpus(path: Path, n: int, corpus: Path, block: int = 5000,
                 paragraphs: tuple[int, int] = (6, 12)) -> None:
    """`n` bench articles as JSONL, generated in blocks so memory stays small."""
    with path.open("w", encoding="utf-8") as fh:
        for start in range(0, n, block):
            for a in make_articles(min(block, n - start), corpus, seed=7 + start,
                                   paragraphs=paragraphs):
                fh.write(json.dumps({"id": f"{a.id}-{start}", "date": a.date.isoformat(),
                                     "text": a.text}) + "\n")


def timed_run(src: Path, workdir: Path, workers: int, *, rss_marks: Sequence[int] = (),
              partition_size: int = 64, progress: bool = True,
              log: Callable[[str], None] = print) -> dict[str, Any]:
    """Code `src` on a local cluster of `workers`; articles/s and RSS per worker at the marks."""
    marks = sorted(rss_marks)
    samples: list[dict[str, Any]] = []
    first: list[tuple[float, int]] = []  # when the first partition was in, and its size

    def monitor(client: Any, summary: Any) -> None:
        if not first:
            first.append((time.perf_counter(), summary.coded))
        if marks and summary.coded >= marks[0]:
            rss = client.run(worker_rss)
            samples.append({"articles": summary.coded, "worker_rss_mb": sorted(
                round(v / 2**20, 1) for v in rss.values()),
                "driver_rss_mb": round(psutil.Process().memory_info().rss / 2**20, 1)})
            log(f"eventmill bench: {summary.coded} articles coded, worker RSS (MB) "
                f"{samples[-1]['worker_rss_mb']}, driver {samples[-1]['driver_rss_mb']}")
            while marks and summary.coded >= marks[0]:
                marks.pop(0)

    db = workdir / f"bench-{workers}w.duckdb"
    started = time.perf_counter()
    with Store(db) as store:
        summary, _ = code_paths_dask([src], store, BatchOptions(progress=progress), DaskOptions(
            workers=workers, partition_size=partition_size, monitor=monitor))
        n_events = store.count_events()
    ended = time.perf_counter()
    seconds = ended - started
    # steady rate: after start-up (cluster, model loads) and the first partition
    steady = (summary.coded - first[0][1]) / (ended - first[0][0]) if first and ended > first[0][0] else None
    return {"workers": workers, "articles": summary.coded, "events": n_events,
            "seconds": round(seconds, 1), "articles_per_s": round(summary.coded / seconds, 2),
            "steady_articles_per_s": round(steady, 2) if steady else None, "rss": samples}


def run_scale_bench(n_articles: int = 1000, workers: int = 2, corpus: str | None = None,
                    rss_marks: Sequence[int] = (), progress: bool = True,
                    compare: bool = True, paragraphs: tuple[int, int] = (6, 12),
                    partition_size: int = 64) -> dict[str, Any]:
    """N workers against 1 on the same articles (each run including its cluster's start-up and
    model loads), with RSS samples taken during the N-worker run."""
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        src = workdir / "bench.jsonl"
        write_corpus(src, n_articles, Path(corpus) if corpus else EXAMPLES, paragraphs=paragraphs)
        runs = []
        if compare and workers != 1:
            runs.append(timed_run(src, workdir, 1, progress=progress, partition_size=partition_size))
        runs.append(timed_run(src, workdir, workers, rss_marks=rss_marks, progress=progress,
                              partition_size=partition_size))
    result: dict[str, Any] = {"articles": n_articles, "paragraphs": list(paragraphs),
                              "cores": psutil.cpu_count(), "runs": runs}
    if len(runs) == 2:
        result["speedup"] = round(runs[0]["seconds"] / runs[1]["seconds"], 2)
        if runs[0]["steady_articles_per_s"] and runs[1]["steady_articles_per_s"]:
            result["steady_speedup"] = round(
                runs[1]["steady_articles_per_s"] / runs[0]["steady_articles_per_s"], 2)
    return result

"""The `eventmill` command: code, watch, feeds, events, export, serve, eval, train, bench.

Exit statuses: 0 done; 1 done, but some input was skipped (each reported on stderr);
2 usage or input/output error; 3 the store cannot be used (missing, locked, not a store,
read-only, newer schema); 4 unexpected internal error; 130 interrupted (Ctrl-C).
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import math
import os
import sys
from collections.abc import Sequence

import duckdb
from tqdm import tqdm

from eventmill.store import Store
from eventmill.store.database import StoreError
from eventmill.store.queries import EventFilter
from eventmill.io.readers import MAX_CHARS
from eventmill.io.writers import check_out, flatten_event, format_groups, format_table

DEFAULT_DB = "eventmill.duckdb"
OK, SKIPPED, USAGE, STORE, INTERNAL, INTERRUPTED = 0, 1, 2, 3, 4, 130
LOCK_WAIT_S = 10.0  # default --wait: how long a command waits for another's store lock
MAX_LIMIT = 2**62  # DuckDB's LIMIT is a BIGINT; anything above is "no limit" anyway


def _day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, got {value}")
    return min(value, MAX_LIMIT)


def _confidence(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not (math.isfinite(value) and 0.0 <= value <= 1.0):
        raise argparse.ArgumentTypeError(f"must lie between 0 and 1, got {text!r}")
    return value


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if not (math.isfinite(value) and value >= 0):
        raise argparse.ArgumentTypeError(f"must be 0 or more seconds, got {text!r}")
    return value


def _max_chars(text: str) -> int | None:
    """A text length limit; 0 means none."""
    if text.strip() == "0":
        return None
    return _positive_int(text)


def _actor(text: str) -> str:
    if not text.strip():
        raise argparse.ArgumentTypeError("empty actor: give a country code, name or text")
    return text.strip()


def _root(text: str) -> str:
    """A CAMEO root ('14', '9') or full code ('141', '1411'): digits whose root is 01-20."""
    code = text.strip()
    if not (code.isascii() and code.isdigit()) or len(code) > 4 or not 1 <= int(code.zfill(2)[:2]) <= 20:
        raise argparse.ArgumentTypeError(
            f"not a CAMEO root or code: {text!r}; roots are 01-20 ('14'), codes add digits ('141')")
    return code


def _coding_note(where: str, message: str) -> None:
    tqdm.write(f"eventmill: note: {where}: {message}", file=sys.stderr)


def cmd_code(args: argparse.Namespace) -> int:
    from eventmill.ingest.batch import BatchOptions, code_paths, write_stored_events
    from eventmill.ingest.summary import Summary

    if args.out:
        check_out(args.out)  # before an hour of coding, not after
    options = BatchOptions(commit_every=args.commit_every, recode=args.recode,
                           progress=not args.quiet, out=args.out, max_chars=args.max_chars,
                           on_warning=_coding_note)
    summary = Summary()
    try:
        with Store(args.db, wait=args.wait) as store:
            if args.workers or args.cluster:
                from eventmill.scale.dask_run import DaskOptions, code_paths_dask

                _, read_ids = code_paths_dask(args.paths, store, options, DaskOptions(
                    workers=args.workers, cluster=args.cluster,
                    min_confidence=args.min_confidence, partition_size=args.partition_size,
                    time_limit=args.time_limit, parts_dir=args.parts_dir), summary)
            else:
                _, read_ids = code_paths(args.paths, store, lambda: _coder(args.min_confidence, summary),
                                         options, summary=summary)
            if args.out:
                write_stored_events(store, read_ids, args.out)
    except (KeyboardInterrupt, duckdb.InterruptException):
        for line in summary.lines(args.db):
            print(line, file=sys.stderr)
        print(f"eventmill: interrupted: {summary.coded} articles stored in {args.db} (whole batches only)"
              + (f"; {args.out} not written" if args.out else "")
              + "; the same command again continues where this one stopped", file=sys.stderr)
        return INTERRUPTED
    for line in summary.lines(args.db + (f", {args.out}" if args.out else "")):
        print(line, file=sys.stderr)
    if not summary.read and not summary.unreadable:  # e.g. a folder of .md files: say so, fail
        print("eventmill: no article found in " + " ".join(args.paths), file=sys.stderr)
        return SKIPPED
    return OK if summary.ok else SKIPPED


def _coder(min_confidence: float, summary=None):  # noqa: ANN001
    """The coder of a run; an article it cannot code is reported, and counted as lost."""
    from eventmill.pipeline import Coder, build_nlp

    def on_error(where: str, message: str) -> None:
        tqdm.write(f"eventmill: skipped {where}: {message}", file=sys.stderr)
        if summary is not None:
            summary.fail(where, message)

    return Coder(build_nlp(min_confidence=min_confidence), on_error=on_error)


def _until_stopped(args: argparse.Namespace, what: str, loop) -> int:  # noqa: ANN001
    """Run a long-lived loop with logging on stderr; Ctrl-C or SIGTERM ends it with a summary."""
    import logging
    import signal

    from tqdm.contrib.logging import logging_redirect_tqdm

    from eventmill.ingest.summary import Summary

    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="eventmill: %(message)s", stream=sys.stderr)

    def terminate(signum, frame):  # noqa: ANN001
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, terminate)
    summary = Summary()
    bar = tqdm(desc=what, unit=" articles", file=sys.stderr, disable=args.quiet)
    try:
        with Store(args.db) as store, logging_redirect_tqdm():
            loop(store, summary, bar)
    except KeyboardInterrupt:
        pass
    finally:
        bar.close()
    for line in summary.lines(args.db):
        print(line, file=sys.stderr)
    return 0


def cmd_watch(args: argparse.Namespace) -> int:
    import time
    from pathlib import Path

    from eventmill.ingest.watch import Watcher

    if not Path(args.directory).is_dir():
        raise ValueError(f"not a directory: {args.directory}")

    def loop(store, summary, bar):  # noqa: ANN001
        watcher = Watcher(args.directory, store, lambda: _coder(args.min_confidence), summary)
        watcher.ready()  # first look: files are taken once they hold still for one interval
        while True:
            time.sleep(args.every)
            read = summary.read
            watcher.poll_once()
            bar.update(summary.read - read)
            bar.set_postfix(coded=summary.coded, events=summary.events, refresh=True)
            if args.once:
                return

    return _until_stopped(args, "watching", loop)


def cmd_feeds(args: argparse.Namespace) -> int:
    from eventmill.ingest.feeds import FeedPoller, read_feed_list
    from eventmill.ingest.fetch import Fetcher

    urls = read_feed_list(args.feed_list)
    if not urls:
        raise ValueError(f"no feed URLs in {args.feed_list}")

    def loop(store, summary, bar):  # noqa: ANN001
        fetcher = Fetcher(per_host_interval=args.host_interval, timeout=args.timeout,
                          retries=args.retries, max_bytes=args.max_bytes)
        poller = FeedPoller(store, lambda: _coder(args.min_confidence), fetcher, summary)
        poller.run(urls, args.every, polls=1 if args.once else None, progress=bar.update)

    return _until_stopped(args, "feeds", loop)


def _filters(args: argparse.Namespace) -> dict:
    return {"since": args.since, "until": args.until, "actor": args.actor, "root": args.root,
            "country": args.country}


def _event_filter(args: argparse.Namespace) -> EventFilter:
    return EventFilter.of(since=args.since, until=args.until, actor=args.actor, root=args.root,
                          country=args.country, quad=args.quad, source=args.source,
                          target=args.target, q=args.search, min_confidence=args.min_confidence)


def cmd_events(args: argparse.Namespace) -> int:
    from eventmill.store import queries

    f = _event_filter(args)
    with Store(args.db, read_only=True, wait=args.wait) as store:
        if args.group_by:
            if f != EventFilter.of(**_filters(args)):
                raise ValueError("--group-by takes --since, --until, --actor, --root and --country only")
            rows = store.group_events(args.group_by, stories=args.stories, **_filters(args))
            rows = rows[:args.limit] if args.limit else rows
        elif args.stories:
            store.fresh_stories()
            rows = queries.list_stories(store.con, f, limit=args.limit, offset=args.offset)[0]
        else:
            rows = queries.list_events(store.con, f, limit=args.limit, offset=args.offset,
                                       sort=args.sort)[0]
    if args.format == "jsonl":
        for row in rows:
            print(json.dumps(row, default=str, ensure_ascii=False))
    elif args.format == "csv":
        flat = rows if args.group_by else [
            {k: v for k, v in flatten_event(r).items()} for r in rows]
        writer = csv.DictWriter(sys.stdout, fieldnames=list(flat[0]) if flat else ["event_id"],
                                extrasaction="ignore")
        writer.writeheader()
        writer.writerows(flat)
    elif args.group_by:
        print(format_groups(rows, args.group_by))
    else:
        print(format_table(rows))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from pathlib import Path

    from eventmill.io.export import export_gdelt, export_parquet, export_plover, load_articles

    with Store(args.db, read_only=True, wait=args.wait) as store:
        stories = args.format == "gdelt" or args.stories
        rows = (store.story_events(**_filters(args)) if stories
                else store.query(**_filters(args)))
        articles = load_articles(store, with_text=args.format == "gdelt")
    out = Path(args.out)
    if args.format == "gdelt":
        paths = export_gdelt(rows, articles, out)
        print(f"eventmill: wrote {len(rows)} events to {paths[0]} and their mentions to {paths[1]}",
              file=sys.stderr)
    elif args.format == "plover":
        n = export_plover(rows, articles, out)
        print(f"eventmill: wrote {n} PLOVER events to {out}", file=sys.stderr)
    else:
        files = export_parquet(rows, out)
        print(f"eventmill: wrote {len(rows)} events to {len(files)} monthly files under {out}",
              file=sys.stderr)
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    from eventmill.measure.evaluate import load_gold, prefilter_coverage, report, score, to_json
    from eventmill.pipeline import Coder, build_nlp

    if args.plover:
        return _eval_plover(args)
    skipped = []

    def on_error(where: str, message: str) -> None:
        skipped.append(where)
        tqdm.write(f"eventmill: skipped {where}: {message}", file=sys.stderr)

    records = load_gold(args.gold, on_error)
    if not records:
        raise ValueError(f"no usable gold article in {args.gold}")
    gold = {article.id: events for article, events in records}
    coder = Coder(build_nlp(), on_error=on_error)
    triples = []
    for article, events, dropped in tqdm(coder.diagnose(a for a, _ in records), total=len(gold),
                                         desc="evaluating", unit=" articles", file=sys.stderr,
                                         disable=args.json):
        triples.append((article.id, gold[article.id], [e.to_dict() for e in events], dropped))
    scores = score(triples)
    print(to_json(scores) if args.json else report(scores, args.show_errors))
    if not args.json:
        kept, total = prefilter_coverage(coder.sentences, ((a.text, events) for a, events in records))
        print(f"\nprefilter: parses {kept} of {total} annotated event sentences ({kept / max(total, 1):.3f})")
    return SKIPPED if skipped else OK


def _eval_plover(args: argparse.Namespace) -> int:
    from eventmill.pipeline import Coder, build_nlp
    from eventmill.measure.plover_eval import load_plover, report_plover, score_plover

    skipped = []

    def on_error(where: str, message: str) -> None:
        skipped.append(where)
        print(f"eventmill: skipped {where}: {message}", file=sys.stderr)

    records = load_plover(args.gold, on_error)
    if not records:
        raise ValueError(f"no usable PLOVER record in {args.gold}")
    coder = Coder(build_nlp(), on_error=on_error)
    result = score_plover(records, lambda arts: (
        (a, [e.to_dict() for e in evs]) for a, evs in coder.code(arts)))
    if args.json:
        print(json.dumps({k: v for k, v in result.items() if k != "misses"}, indent=2))
    else:
        print(report_plover(result, args.show_errors))
    return SKIPPED if skipped else OK


def cmd_bench(args: argparse.Namespace) -> int:
    from eventmill.measure.bench import run_bench

    if args.workers:
        return _bench_workers(args)
    if args.lengths:
        from eventmill.measure.bench import run_length_bench

        result = run_length_bench(args.lengths, progress=not args.json)
    else:
        result = run_bench(n_articles=args.articles, corpus=args.corpus, progress=not args.json)
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        for key, value in result.items():
            print(f"{key:>24}: {json.dumps(value) if isinstance(value, dict) else value}")
    return 0


def cmd_train(args: argparse.Namespace) -> int:
    from pathlib import Path

    from eventmill.learn.train import calibrate, train
    from eventmill.resources import data_path

    if args.calibration_only and args.out:
        print("eventmill: --calibration-only refits the package's own calibration; it takes no --out",
              file=sys.stderr)
        return 2
    out = Path(args.out) if args.out else data_path("model/triggers")
    # after editing rules, only the calibration needs refitting: the tagger learns from the
    # corpus alone
    result = {} if args.calibration_only else {"tagger": train(Path(args.corpus), out, args.max_steps)}
    if not args.out:  # the calibration fits the pipeline as shipped
        result["calibration"] = calibrate(Path(args.corpus), data_path("rules/calibrate.yaml"))
    print(json.dumps(result, indent=2))
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from eventmill.serve.app import create_app

    app = create_app(args.db, allow_writes=args.allow_writes)
    print(f"eventmill: dashboard at http://{args.host}:{args.port}/ (API under /api, schema at /openapi.json); "
          f"{'writes allowed' if args.allow_writes else 'read-only'}; Ctrl-C stops", file=sys.stderr)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning", access_log=False)
    return 0


def cmd_bench_serve(args: argparse.Namespace) -> int:
    from eventmill.serve.bench import run_bench_serve

    result = run_bench_serve(db=args.db, events=args.events, clients=args.clients,
                             seconds=args.seconds, progress=not args.json)
    print(json.dumps(result, indent=2) if args.json else
          "\n".join(f"{k:>24}: {v}" for k, v in result.items()))
    return 0


def _bench_workers(args: argparse.Namespace) -> int:
    from eventmill.measure.scale_bench import run_scale_bench

    marks = [int(m) for m in args.rss_at.split(",") if m.strip()] if args.rss_at else []
    result = run_scale_bench(n_articles=args.articles, workers=args.workers, corpus=args.corpus,
                             rss_marks=marks, progress=not args.json, compare=not args.no_compare,
                             paragraphs=(1, 2) if args.short else (6, 12),
                             partition_size=args.partition_size)
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        for run in result["runs"]:
            print(f"{run['workers']} worker(s): {run['articles']} articles in {run['seconds']} s, "
                  f"{run['articles_per_s']} articles/s ({run['steady_articles_per_s']} after "
                  f"start-up), {run['events']} events")
            for sample in run["rss"]:
                print(f"    at {sample['articles']} articles: worker RSS {sample['worker_rss_mb']} MB,"
                      f" driver {sample['driver_rss_mb']} MB")
        if "speedup" in result:
            print(f"speed-up {result['speedup']}x on {result['cores']} cores "
                  f"({result.get('steady_speedup')}x after start-up)")
    return 0


def cmd_prepare(args: argparse.Namespace) -> int:
    import time

    from eventmill.gazetteer import Gazetteer, cache_dir

    t0 = time.perf_counter()
    gaz = Gazetteer.default()
    print(f"eventmill: gazetteer ready: {len(gaz)} places, {gaz.n_names} names, cache in "
          f"{cache_dir()} ({time.perf_counter() - t0:.1f} s)", file=sys.stderr)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="eventmill", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("code", help="code articles into events and store them")
    p.add_argument("paths", nargs="+", help="raw .txt files, .jsonl, .csv or directories")
    p.add_argument("--db", default=DEFAULT_DB, help="DuckDB file (default %(default)s)")
    p.add_argument("--out", help="also write events to .jsonl/.csv/.parquet, '-' for stdout")
    p.add_argument("--min-confidence", type=_confidence, default=0.0,
                   help="drop events below this (0-1)")
    p.add_argument("--max-chars", type=_max_chars, default=MAX_CHARS, metavar="N",
                   help="cut longer article texts at a paragraph end, with a note "
                        "(default %(default)s; 0: no limit)")
    p.add_argument("--wait", type=_seconds, default=LOCK_WAIT_S, metavar="SECONDS",
                   help="wait this long for a store another process holds (default %(default)s)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.add_argument("--commit-every", type=int, default=256, metavar="N",
                   help="articles per committed chunk; a killed run resumes after the last one")
    p.add_argument("--recode", action="store_true",
                   help="code articles the store already holds unchanged, too")
    p.add_argument("--workers", type=int, metavar="N",
                   help="code on a local Dask cluster of N worker processes")
    p.add_argument("--cluster", metavar="tcp://HOST:8786",
                   help="code on an existing Dask scheduler's workers")
    p.add_argument("--partition-size", type=int, default=64, metavar="N",
                   help="articles per Dask task (default %(default)s)")
    p.add_argument("--time-limit", type=float, default=60.0, metavar="SECONDS",
                   help="per article on Dask workers; an article over it is lost and reported")
    p.add_argument("--parts-dir", metavar="DIR",
                   help="where workers write Parquet partitions (shared by all hosts with "
                        "--cluster; default: beside the database)")
    p.set_defaults(func=cmd_code)

    from eventmill.ingest.feeds import parse_every

    def every(text: str) -> float:
        try:
            return parse_every(text)
        except ValueError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None

    p = sub.add_parser("watch", help="code article files as they land in a folder, until stopped")
    p.add_argument("directory")
    p.add_argument("--db", default=DEFAULT_DB)
    p.add_argument("--every", type=every, default=2.0, metavar="DURATION",
                   help="how often to look (2s, 1m, ...; default 2s)")
    p.add_argument("--once", action="store_true",
                   help="code what is there (and settled) and stop")
    p.add_argument("--min-confidence", type=float, default=0.0)
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.add_argument("--verbose", "-v", action="store_true", help="log every file coded")
    p.set_defaults(func=cmd_watch)

    p = sub.add_parser("feeds", help="poll RSS/Atom feeds; fetch, code and store new items")
    p.add_argument("feed_list", help="a file of feed URLs, one per line")
    p.add_argument("--db", default=DEFAULT_DB)
    p.add_argument("--every", type=every, default=900.0, metavar="DURATION",
                   help="time between polls (30s, 15m, 1h; default 15m)")
    p.add_argument("--once", action="store_true", help="poll once and stop")
    p.add_argument("--host-interval", type=float, default=1.0, metavar="SECONDS",
                   help="at least this long between two requests to one host (default 1)")
    p.add_argument("--timeout", type=float, default=20.0, metavar="SECONDS",
                   help="for a whole request (default 20)")
    p.add_argument("--retries", type=int, default=3,
                   help="on time-outs, 429 and 5xx, with exponential back-off (default 3)")
    p.add_argument("--max-bytes", type=int, default=5_000_000, help="largest page taken")
    p.add_argument("--min-confidence", type=float, default=0.0)
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.add_argument("--verbose", "-v", action="store_true", help="log every poll")
    p.set_defaults(func=cmd_feeds)

    p = sub.add_parser("events", help="query stored events")
    p.add_argument("--db", default=DEFAULT_DB)
    p.add_argument("--since", type=_day)
    p.add_argument("--until", type=_day)
    p.add_argument("--actor", type=_actor, help="country code, name or text of source or target")
    p.add_argument("--root", type=_root,
                   help="CAMEO root, e.g. 14, or a full code, e.g. 141 (it and its sub-codes)")
    p.add_argument("--country", help="ISO3 of the location or of either actor")
    p.add_argument("--quad", type=int, choices=(1, 2, 3, 4), help="quad class")
    p.add_argument("--source", type=_actor, help="as --actor, source side only")
    p.add_argument("--target", type=_actor, help="as --actor, target side only")
    p.add_argument("--search", help="text in the sentence (case-insensitive)")
    p.add_argument("--min-confidence", type=_confidence)
    p.add_argument("--limit", type=_positive_int, help="at most this many rows (or groups)")
    p.add_argument("--offset", type=int, default=0)
    p.add_argument("--sort", default="date",
                   help="date, goldstein, confidence, root or code; --sort=-date for newest first")
    p.add_argument("--wait", type=_seconds, default=LOCK_WAIT_S, metavar="SECONDS",
                   help="wait this long for a store another process holds (default %(default)s)")
    p.add_argument("--format", choices=("table", "jsonl", "csv"), default="table")
    p.add_argument("--stories", action="store_true",
                   help="deduplicated events across articles, with mention counts")
    p.add_argument("--group-by", choices=("month", "country", "dyad", "root"),
                   help="counts, summed Goldstein and mean tone per group")
    p.set_defaults(func=cmd_events)

    p = sub.add_parser("export", help="export stored events for other tools")
    p.add_argument("--format", choices=("gdelt", "plover", "parquet"), required=True)
    p.add_argument("--out", required=True,
                   help="directory (gdelt, parquet) or .jsonl file (plover)")
    p.add_argument("--db", default=DEFAULT_DB)
    p.add_argument("--since", type=_day)
    p.add_argument("--until", type=_day)
    p.add_argument("--actor", type=_actor)
    p.add_argument("--root", type=_root)
    p.add_argument("--country")
    p.add_argument("--wait", type=_seconds, default=LOCK_WAIT_S, metavar="SECONDS")
    p.add_argument("--stories", action="store_true",
                   help="plover/parquet: deduplicated story events (gdelt always uses them)")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("serve", help="HTTP API and dashboard over the store")
    p.add_argument("--db", default=DEFAULT_DB)
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default %(default)s)")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--allow-writes", action="store_true",
                   help="open the store writable and accept POST /api/articles")
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("bench-serve", help="load-test the API on a synthetic store")
    p.add_argument("--db", help="store to fill (default: a temporary file, removed after)")
    p.add_argument("--events", type=int, default=1_000_000)
    p.add_argument("--clients", type=int, default=50)
    p.add_argument("--seconds", type=float, default=60.0)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_bench_serve)

    p = sub.add_parser("prepare", help="build the offline gazetteer index (done once at install)")
    p.set_defaults(func=cmd_prepare)

    p = sub.add_parser("eval", help="score the coder against a gold JSONL file (GUIDE.md)")
    p.add_argument("gold")
    p.add_argument("--json", action="store_true", help="one JSON object instead of a table")
    p.add_argument("--show-errors", action="store_true", help="list missed and spurious events")
    p.add_argument("--plover", action="store_true",
                   help="GOLD is a PLOVER gold-standard records file (shared/peers)")
    p.set_defaults(func=cmd_eval)

    p = sub.add_parser("train", help="train the trigger tagger on the annotated corpus (CPU)")
    p.add_argument("--corpus", default="training", help="folder of annotated JSONL (default %(default)s)")
    p.add_argument("--out", help="where to write the model (default: the package's model/triggers)")
    p.add_argument("--max-steps", type=int, help="training steps (default: the config's)")
    p.add_argument("--calibration-only", action="store_true",
                   help="only refit the confidence calibration (after editing rules; under a minute)")
    p.set_defaults(func=cmd_train)

    p = sub.add_parser("bench", help="measure throughput and memory against plain spaCy")
    p.add_argument("--articles", type=_positive_int, default=500)
    p.add_argument("--corpus", help="articles to draw from (default: bundled examples)")
    p.add_argument("--lengths", nargs="?", const="50K,500K", metavar="SIZES",
                   help="instead: coding time of one article per size, e.g. 50K,500K,5M "
                        "(default 50K,500K)")
    p.add_argument("--json", action="store_true")
    p.add_argument("--workers", type=int, metavar="N",
                   help="Dask instead: N local workers against 1 on the same articles")
    p.add_argument("--rss-at", metavar="N,N,...",
                   help="with --workers: sample each worker's RSS when this many are coded")
    p.add_argument("--no-compare", action="store_true",
                   help="with --workers: skip the 1-worker run")
    p.add_argument("--short", action="store_true",
                   help="with --workers: articles of 1-2 paragraphs instead of 6-12 (long runs)")
    p.add_argument("--partition-size", type=int, default=64, help="with --workers")
    p.set_defaults(func=cmd_bench)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except BrokenPipeError:  # output piped into `head` and the like: not an error
        sys.stderr.close()
        return OK
    except (KeyboardInterrupt, duckdb.InterruptException):  # DuckDB turns Ctrl-C into its own
        print("eventmill: interrupted", file=sys.stderr)
        return INTERRUPTED
    except StoreError as exc:
        print(f"eventmill: error: {exc}", file=sys.stderr)
        return STORE
    except (OSError, ValueError) as exc:
        print(f"eventmill: error: {exc}", file=sys.stderr)
        return USAGE
    except Exception as exc:  # a bug: one line for the user, the traceback on request
        if os.environ.get("EVENTMILL_DEBUG"):
            raise
        print(f"eventmill: internal error: {type(exc).__name__}: {exc} "
              "(EVENTMILL_DEBUG=1 shows the traceback)", file=sys.stderr)
        return INTERNAL

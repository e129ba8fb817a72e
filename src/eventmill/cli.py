"""The `eventmill` command: code, watch, feeds, events, export, eval, bench."""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import sys
from collections.abc import Sequence

from tqdm import tqdm

from eventmill.store import Store
from eventmill.io.writers import flatten_event, format_groups, format_table, write_events

DEFAULT_DB = "eventmill.duckdb"


def _day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def cmd_code(args: argparse.Namespace) -> int:
    from eventmill.ingest.batch import BatchOptions, code_paths, write_stored_events
    from eventmill.ingest.summary import Summary

    options = BatchOptions(commit_every=args.commit_every, recode=args.recode,
                           progress=not args.quiet, out=args.out)
    summary = Summary()
    try:
        with Store(args.db) as store:
            if args.workers or args.cluster:
                from eventmill.scale.dask_run import DaskOptions, code_paths_dask

                _, read_ids = code_paths_dask(args.paths, store, options, DaskOptions(
                    workers=args.workers, cluster=args.cluster,
                    min_confidence=args.min_confidence, partition_size=args.partition_size,
                    time_limit=args.time_limit, parts_dir=args.parts_dir), summary)
            else:
                _, read_ids = code_paths(args.paths, store, lambda: _coder(args.min_confidence),
                                         options, summary=summary)
            if args.out:
                write_stored_events(store, read_ids, args.out)
    except KeyboardInterrupt:
        for line in summary.lines(args.db):
            print(line, file=sys.stderr)
        print("eventmill: interrupted; the same command again continues where this one stopped",
              file=sys.stderr)
        return 130
    for line in summary.lines(args.db + (f", {args.out}" if args.out else "")):
        print(line, file=sys.stderr)
    return 0 if summary.ok else 1


def _coder(min_confidence: float):
    from eventmill.pipeline import Coder, build_nlp

    return Coder(build_nlp(min_confidence=min_confidence))


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


def cmd_events(args: argparse.Namespace) -> int:
    with Store(args.db) as store:
        if args.group_by:
            rows = store.group_events(args.group_by, stories=args.stories, **_filters(args))
        elif args.stories:
            rows = store.story_events(limit=args.limit, **_filters(args))
        else:
            rows = store.query(limit=args.limit, **_filters(args))
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

    with Store(args.db) as store:
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
    from eventmill.measure.evaluate import report, score, to_json
    from eventmill.pipeline import Coder, build_nlp
    from eventmill.io.readers import read_articles

    if args.plover:
        return _eval_plover(args)
    gold = {}
    with open(args.gold, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                rec = json.loads(line)
                gold[rec["id"]] = rec.get("events") or []
    coder = Coder(build_nlp())
    errors = []
    triples = []
    articles = read_articles([args.gold], lambda where, msg: errors.append(f"{where}: {msg}"))
    for article, events, dropped in tqdm(coder.diagnose(articles), total=len(gold), desc="evaluating",
                                         unit=" articles", file=sys.stderr, disable=args.json):
        triples.append((article.id, gold.get(article.id, []), [e.to_dict() for e in events], dropped))
    for err in errors:
        print(f"eventmill: skipped {err}", file=sys.stderr)
    scores = score(triples)
    print(to_json(scores) if args.json else report(scores, args.show_errors))
    return 0


def _eval_plover(args: argparse.Namespace) -> int:
    from eventmill.pipeline import Coder, build_nlp
    from eventmill.measure.plover_eval import load_plover, report_plover, score_plover

    records = load_plover(args.gold)
    coder = Coder(build_nlp())
    result = score_plover(records, lambda arts: (
        (a, [e.to_dict() for e in evs]) for a, evs in coder.code(arts)))
    if args.json:
        print(json.dumps({k: v for k, v in result.items() if k != "misses"}, indent=2))
    else:
        print(report_plover(result, args.show_errors))
    return 0


def cmd_bench(args: argparse.Namespace) -> int:
    from eventmill.measure.bench import run_bench

    if args.workers:
        return _bench_workers(args)
    result = run_bench(n_articles=args.articles, corpus=args.corpus, progress=not args.json)
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        for key, value in result.items():
            print(f"{key:>24}: {value}")
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
    p.add_argument("--min-confidence", type=float, default=0.0, help="drop events below this")
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
    p.add_argument("--actor", help="country code, name or text of source or target")
    p.add_argument("--root", help="CAMEO root code, e.g. 14")
    p.add_argument("--country", help="ISO3 of the location or of either actor")
    p.add_argument("--limit", type=int)
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
    p.add_argument("--actor")
    p.add_argument("--root")
    p.add_argument("--country")
    p.add_argument("--stories", action="store_true",
                   help="plover/parquet: deduplicated story events (gdelt always uses them)")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("prepare", help="build the offline gazetteer index (done once at install)")
    p.set_defaults(func=cmd_prepare)

    p = sub.add_parser("eval", help="score the coder against a gold JSONL file (GUIDE.md)")
    p.add_argument("gold")
    p.add_argument("--json", action="store_true", help="one JSON object instead of a table")
    p.add_argument("--show-errors", action="store_true", help="list missed and spurious events")
    p.add_argument("--plover", action="store_true",
                   help="GOLD is a PLOVER gold-standard records file (shared/peers)")
    p.set_defaults(func=cmd_eval)

    p = sub.add_parser("bench", help="measure throughput and memory against plain spaCy")
    p.add_argument("--articles", type=int, default=500)
    p.add_argument("--corpus", help="articles to draw from (default: bundled examples)")
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
        return 0
    except (OSError, ValueError) as exc:
        print(f"eventmill: error: {exc}", file=sys.stderr)
        return 2

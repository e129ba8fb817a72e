"""The `eventmill` command: code, events, eval, bench."""
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
    from eventmill.pipeline import Coder, build_nlp
    from eventmill.io.readers import read_articles

    skipped = []

    def on_error(where: str, message: str) -> None:
        skipped.append(where)
        tqdm.write(f"eventmill: skipped {where}: {message}", file=sys.stderr)

    coder = Coder(build_nlp(min_confidence=args.min_confidence))
    coded = []
    n_articles = n_events = 0
    with Store(args.db) as store:
        batch = []
        bar = tqdm(desc="coding", unit=" articles", file=sys.stderr, disable=args.quiet)
        for article, events in coder.code(read_articles(args.paths, on_error)):
            batch.append((article, events))
            n_articles += 1
            n_events += len(events)
            if args.out:
                coded.extend(ev.to_dict() for ev in events)
            bar.update(1)
            if len(batch) >= 256:
                store.save_many(batch)
                batch = []
        if batch:
            store.save_many(batch)
        bar.close()
    if args.out:
        write_events(coded, args.out)
    print(f"eventmill: coded {n_articles} articles, {n_events} events -> {args.db}"
          + (f", {args.out}" if args.out else "")
          + (f"; skipped {len(skipped)} unreadable input(s)" if skipped else ""), file=sys.stderr)
    return 1 if skipped else 0


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
    from eventmill.measure.evaluate import prefilter_coverage, report, score, to_json
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
    if not args.json:
        kept, total = prefilter_coverage(coder.sentences, (
            (a.text, gold.get(a.id, [])) for a in read_articles([args.gold], lambda *_: None)))
        print(f"\nprefilter: parses {kept} of {total} annotated event sentences ({kept / max(total, 1):.3f})")
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

    result = run_bench(n_articles=args.articles, corpus=args.corpus, progress=not args.json)
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        for key, value in result.items():
            print(f"{key:>24}: {value}")
    return 0


def cmd_train(args: argparse.Namespace) -> int:
    from pathlib import Path

    from eventmill.learn.train import calibrate, train
    from eventmill.resources import data_path

    out = Path(args.out) if args.out else data_path("model/triggers")
    result = {"tagger": train(Path(args.corpus), out, args.max_steps)}
    if not args.out:  # the calibration fits the pipeline as shipped
        result["calibration"] = calibrate(Path(args.corpus), data_path("rules/calibrate.yaml"))
    print(json.dumps(result, indent=2))
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
    p.set_defaults(func=cmd_code)

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

    p = sub.add_parser("train", help="train the trigger tagger on the annotated corpus (CPU)")
    p.add_argument("--corpus", default="training", help="folder of annotated JSONL (default %(default)s)")
    p.add_argument("--out", help="where to write the model (default: the package's model/triggers)")
    p.add_argument("--max-steps", type=int, help="training steps (default: the config's)")
    p.set_defaults(func=cmd_train)

    p = sub.add_parser("bench", help="measure throughput and memory against plain spaCy")
    p.add_argument("--articles", type=int, default=500)
    p.add_argument("--corpus", help="articles to draw from (default: bundled examples)")
    p.add_argument("--json", action="store_true")
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

"""Write coded events (Event.to_dict() dicts) as JSONL, CSV or Parquet, chosen by extension."""
from __future__ import annotations

import csv
import datetime as dt
import json
import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, TextIO

import pyarrow as pa
import pyarrow.parquet as pq

__all__ = ["write_events", "check_out", "flatten_event", "as_date", "format_table", "format_groups", "FLAT_COLUMNS",
           "PARQUET_SCHEMA", "FORMATS"]

FORMATS = (".jsonl", ".csv", ".parquet")

_ACTOR_KEYS = ("text", "country", "role", "name")
# event.magnitudes keys, each a column of its own in flat outputs (null where not stated)
MAGNITUDES = ("killed", "wounded", "arrested", "crowd")
_PLACE_KEYS = ("name", "country", "admin1", "lat", "lon", "geonameid", "precision")

# One flat row per event; shared with the DuckDB store so CSV columns and table columns agree.
FLAT_COLUMNS: tuple[str, ...] = (
    "event_id", "article_id", "article_date", "date", "code", "root", "quad", "goldstein", "plover",
    *(f"source_{k}" for k in _ACTOR_KEYS),
    *(f"target_{k}" for k in _ACTOR_KEYS),
    *(f"location_{k}" for k in _PLACE_KEYS),
    "sentence", "span_start", "span_end", "confidence", *MAGNITUDES, "trigger_start", "trigger_end",
)

_ACTOR_TYPE = pa.struct([(k, pa.string()) for k in _ACTOR_KEYS])
_PLACE_TYPE = pa.struct([
    ("name", pa.string()), ("country", pa.string()), ("admin1", pa.string()),
    ("lat", pa.float64()), ("lon", pa.float64()), ("geonameid", pa.int64()),
    ("precision", pa.string()),
])
# Fixed, typed schema so an empty run still produces a readable file with the right columns.
PARQUET_SCHEMA = pa.schema([
    ("event_id", pa.string()), ("article_id", pa.string()),
    ("article_date", pa.date32()), ("date", pa.date32()),
    ("code", pa.string()), ("root", pa.string()), ("quad", pa.int32()),
    ("goldstein", pa.float64()), ("plover", pa.string()),
    ("source", _ACTOR_TYPE), ("target", _ACTOR_TYPE), ("location", _PLACE_TYPE),
    ("sentence", pa.string()), ("span", pa.list_(pa.int32())), ("confidence", pa.float64()),
    ("magnitudes", pa.struct([(k, pa.int64()) for k in MAGNITUDES])),
    ("trigger", pa.list_(pa.int32())),
])

_PARQUET_BATCH = 10_000  # rows per row group: bounded memory on big runs


def flatten_event(event: dict[str, Any]) -> dict[str, Any]:
    """Event.to_dict() → flat dict with FLAT_COLUMNS keys (nested dicts and span spread out)."""
    row: dict[str, Any] = {k: event.get(k) for k in FLAT_COLUMNS[:9]}
    for prefix, keys in (("source", _ACTOR_KEYS), ("target", _ACTOR_KEYS), ("location", _PLACE_KEYS)):
        sub = event.get(prefix) or {}
        for k in keys:
            row[f"{prefix}_{k}"] = sub.get(k)
    span = event.get("span") or (None, None)
    row["sentence"] = event.get("sentence")
    row["span_start"], row["span_end"] = span[0], span[1]
    row["confidence"] = event.get("confidence")
    for k in MAGNITUDES:
        row[k] = (event.get("magnitudes") or {}).get(k)
    trigger = event.get("trigger") or (None, None)
    row["trigger_start"], row["trigger_end"] = trigger[0], trigger[1]
    return row


def _json_default(value: Any) -> Any:
    # Tolerate dicts built by hand with date objects or tuples instead of to_dict() output.
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (set, tuple)):
        return list(value)
    raise TypeError(f"cannot serialise {type(value).__name__} to JSON")


def _write_jsonl(events: Iterable[dict[str, Any]], fh: TextIO) -> int:
    n = 0
    for ev in events:
        fh.write(json.dumps(ev, ensure_ascii=False, default=_json_default))
        fh.write("\n")
        n += 1
    return n


def _write_csv(events: Iterable[dict[str, Any]], fh: TextIO) -> int:
    writer = csv.DictWriter(fh, fieldnames=FLAT_COLUMNS, extrasaction="ignore")
    writer.writeheader()
    n = 0
    for ev in events:
        row = flatten_event(ev)
        writer.writerow({k: "" if v is None else v for k, v in row.items()})
        n += 1
    return n


def as_date(value: Any) -> dt.date | None:
    """A date from a date, datetime or ISO string (time part ignored); None when empty."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def _arrow_row(ev: dict[str, Any]) -> dict[str, Any]:
    row = {name: ev.get(name) for name in PARQUET_SCHEMA.names}
    row["article_date"] = as_date(row["article_date"])
    row["date"] = as_date(row["date"])
    if row["span"] is not None:
        row["span"] = list(row["span"])
    return row


def _batches(events: Iterable[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for ev in events:
        batch.append(_arrow_row(ev))
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _write_parquet(events: Iterable[dict[str, Any]], path: Path) -> int:
    n = 0
    with pq.ParquetWriter(str(path), PARQUET_SCHEMA) as writer:
        for batch in _batches(events, _PARQUET_BATCH):
            writer.write_table(pa.Table.from_pylist(batch, schema=PARQUET_SCHEMA))
            n += len(batch)
    return n


def check_out(out: str) -> None:
    """Raise ValueError, before any work is done, when events cannot be written to `out`."""
    if out == "-":
        return
    path = Path(out)
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise ValueError(
            f"cannot write events to {out!r}: unknown extension {suffix or '(none)'!r}; "
            f"use one of {', '.join(FORMATS)} or '-' for JSONL on stdout"
        )
    if path.is_dir():
        raise ValueError(f"cannot write events to {out!r}: it is a folder")
    folder = next((p for p in path.absolute().parents if p.exists()), None)
    if folder is None or not folder.is_dir() or not os.access(folder, os.W_OK):
        raise ValueError(f"cannot write events to {out!r}: {folder} is not a writable folder")


def write_events(events: Iterable[dict[str, Any]], out: str) -> int:
    """Write events to `out` (.jsonl, .csv, .parquet; `-` = JSONL on stdout). Returns the count.

    A file is written under a temporary name and renamed when complete, so an interrupted
    run never leaves half a file under `out`.
    """
    if out == "-":
        n = _write_jsonl(events, sys.stdout)
        sys.stdout.flush()
        return n
    # Check the format before touching the file system or consuming the iterable.
    check_out(out)
    path = Path(out)
    suffix = path.suffix.lower()
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    try:
        if suffix == ".parquet":
            n = _write_parquet(events, partial)
        else:
            with partial.open("w", encoding="utf-8", newline="") as fh:
                n = _write_jsonl(events, fh) if suffix == ".jsonl" else _write_csv(events, fh)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return n


def format_table(events: list[dict[str, Any]], width: int = 60) -> str:
    """A readable fixed-width table of events for the terminal."""

    def actor(a: dict | None) -> str:
        if not a:
            return "-"
        return f"{a.get('country') or '?'} {a.get('role') or ''}".strip() + f" ({(a.get('text') or '')[:24]})"

    def cut(text: str, n: int) -> str:
        text = " ".join(text.split())
        return text if len(text) <= n else text[: n - 1] + "…"

    rows = [("date", "code", "source", "target", "location", "sentence")]
    for ev in events:
        loc = ev.get("location") or {}
        rows.append((str(ev["date"]), ev["code"], actor(ev["source"]), actor(ev.get("target")),
                     cut(loc.get("name") or "-", 18), cut(ev.get("sentence") or "", width)))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def format_groups(rows: list[dict[str, Any]], by: str) -> str:
    """A readable table of `events --group-by` counts."""
    header = (by, "events", "goldstein", "mean tone", "articles")
    body = [(str(r[by]), str(r["count"]), f"{r['goldstein_sum'] or 0:.1f}",
             "-" if r["mean_tone"] is None else f"{r['mean_tone']:.2f}", str(r["num_articles"]))
            for r in rows]
    widths = [max(len(x[i]) for x in [header, *body]) for i in range(len(header))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(header, widths)),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths)) for r in body]
    return "\n".join(lines)

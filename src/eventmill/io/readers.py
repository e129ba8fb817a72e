"""Read dated articles from raw text files, JSONL, CSV or directories of them.

Bad input never raises: every unreadable file, line or row is reported through
`on_error(location, message)` and skipped, so one broken record cannot stop a long run.
"""
from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import os
import re
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from eventmill.types import Article

__all__ = ["read_articles", "parse_raw", "parse_record", "stable_id", "SUFFIXES"]

ErrorHandler = Callable[[str, str], None]

# Suffixes picked up when walking a directory; explicitly named files of any suffix are read
# as raw text unless they end in one of these.
SUFFIXES = (".txt", ".jsonl", ".csv", ".html", ".htm", ".warc", ".warc.gz")
# Web pages and web archives go through eventmill.ingest.pages (trafilatura, warcio).
PAGE_SUFFIXES = (".html", ".htm")
WARC_SUFFIXES = (".warc", ".warc.gz")

# `date YYYY-MM-DD` must start the first non-blank line; the article text may follow on the
# same line (the seed files do this). Any white space before `date` is allowed.
_RAW_HEADER = re.compile(r"\A\s*date[ \t]+(\S+)", re.IGNORECASE)
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
# JSON/CSV dates may carry a time part ("2020-01-01T12:00:00Z"); only the day matters.
_ISO_DATE_PREFIX = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?")


def stable_id(text: str) -> str:
    """Id for an article that has none: the same text always gets the same id."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def _parse_date(value: Any, allow_time: bool = False) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        raise ValueError(f"date must be a string YYYY-MM-DD, got {type(value).__name__}")
    pattern = _ISO_DATE_PREFIX if allow_time else _ISO_DATE
    m = pattern.fullmatch(value.strip())
    if not m:
        raise ValueError(f"invalid date {value!r}: expected YYYY-MM-DD")
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError as exc:  # e.g. 2019-02-30
        raise ValueError(f"invalid date {value!r}: {exc}") from None


def parse_raw(text: str, origin: str) -> Article:
    """Parse a raw article: optional white space, `date YYYY-MM-DD`, then the text.

    The article text is everything after the date token with leading white space stripped;
    character offsets of coded events refer to that string. Raises ValueError on bad input.
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    # Normalise Windows line endings so blank-line paragraph splitting works the same everywhere.
    text = text.replace("\r\n", "\n")
    m = _RAW_HEADER.match(text)
    if not m:
        if not text.strip():
            raise ValueError("empty file")
        raise ValueError("no date: the first line must start with 'date YYYY-MM-DD'")
    date = _parse_date(m.group(1))
    body = text[m.end():].lstrip()
    if not body:
        raise ValueError("empty text after the date line")
    return Article(id=stable_id(body), date=date, text=body, origin=origin)


def _opt_str(value: Any) -> str | None:
    if value is None:
        return None
    value = str(value).strip()
    return value or None


def parse_record(record: Any, origin: str) -> Article:
    """Build an Article from a JSON object or CSV row (`id`, `date`, `text`, `url`, `source`).

    Extra keys (e.g. gold `events`) are ignored. Raises ValueError on bad input.
    """
    if not isinstance(record, dict):
        raise ValueError(f"expected a JSON object, got {type(record).__name__}")
    text = record.get("text")
    if text is None:
        raise ValueError("missing 'text'")
    if not isinstance(text, str):
        raise ValueError(f"'text' must be a string, got {type(text).__name__}")
    if not text.strip():
        raise ValueError("empty text")
    if record.get("date") in (None, ""):
        raise ValueError("missing 'date'")
    date = _parse_date(record["date"], allow_time=True)
    art_id = _opt_str(record.get("id")) or stable_id(text)
    return Article(
        id=art_id,
        date=date,
        text=text,
        url=_opt_str(record.get("url")),
        source=_opt_str(record.get("source")),
        origin=origin,
    )


def _decode(data: bytes, first: bool) -> str:
    """Strict UTF-8 (BOM allowed at the start of a file) with a readable error message."""
    try:
        return data.decode("utf-8-sig" if first else "utf-8")
    except UnicodeDecodeError as exc:
        raise ValueError(f"not valid UTF-8 (byte {exc.start}: {data[exc.start:exc.start + 1]!r})") from None


def _read_raw(path: Path, on_error: ErrorHandler) -> Iterator[Article]:
    loc = str(path)
    try:
        data = path.read_bytes()
        yield parse_raw(_decode(data, first=True), loc)
    except OSError as exc:
        on_error(loc, f"cannot read file: {exc.strerror or exc}")
    except ValueError as exc:
        on_error(loc, str(exc))


def _read_jsonl(path: Path, on_error: ErrorHandler) -> Iterator[Article]:
    # Binary line iteration so one badly encoded line is skipped without losing the rest.
    with path.open("rb") as fh:
        for lineno, raw in enumerate(fh, start=1):
            loc = f"{path}:{lineno}"
            try:
                line = _decode(raw, first=lineno == 1).strip()
                if not line:
                    continue
                try:
                    record = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise ValueError(f"not valid JSON: {exc.msg} (column {exc.colno})") from None
                article = parse_record(record, loc)
            except ValueError as exc:
                on_error(loc, str(exc))
                continue
            yield article


def _read_csv(path: Path, on_error: ErrorHandler) -> Iterator[Article]:
    # surrogateescape keeps undecodable bytes visible per row, so a bad row is reported and
    # skipped instead of aborting the whole file mid-way.
    with path.open("r", encoding="utf-8-sig", errors="surrogateescape", newline="") as fh:
        reader = csv.reader(fh)
        try:
            header = next(reader, None)
        except csv.Error as exc:
            on_error(f"{path}:1", f"bad CSV header: {exc}")
            return
        if header is None:
            on_error(str(path), "empty file")
            return
        columns = [h.strip().lower() for h in header]
        missing = [c for c in ("date", "text") if c not in columns]
        if missing:
            on_error(f"{path}:1", f"CSV header lacks column(s): {', '.join(missing)}")
            return
        start = reader.line_num + 1
        while True:
            loc = f"{path}:{start}"
            try:
                row = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                on_error(loc, f"bad CSV row: {exc}")
                start = reader.line_num + 1
                continue
            start = reader.line_num + 1
            if not any(cell.strip() for cell in row):
                continue
            try:
                if any(_has_surrogates(cell) for cell in row):
                    raise ValueError("not valid UTF-8")
                if len(row) > len(columns):
                    raise ValueError(f"{len(row)} fields but the header has {len(columns)}")
                article = parse_record(dict(zip(columns, row)), loc)
            except ValueError as exc:
                on_error(loc, str(exc))
                continue
            yield article


def _has_surrogates(s: str) -> bool:
    try:
        s.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _is_hidden(rel: Path) -> bool:
    return any(part.startswith(".") for part in rel.parts)


def _walk(directory: Path) -> list[Path]:
    """Article files under `directory`, recursively, hidden files and folders skipped, sorted."""
    found: list[Path] = []
    for root, dirs, files in os.walk(directory):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            if not name.startswith(".") and name.lower().endswith(SUFFIXES):
                found.append(Path(root) / name)
    # Sort by path components so "a/b.txt" < "a-b.txt" ordering is the natural tree order.
    return sorted(found, key=lambda p: p.relative_to(directory).parts)


def _read_file(path: Path, on_error: ErrorHandler) -> Iterator[Article]:
    suffix = path.suffix.lower()
    if path.name.lower().endswith(PAGE_SUFFIXES + WARC_SUFFIXES):
        from eventmill.ingest import pages

        html = path.name.lower().endswith(PAGE_SUFFIXES)
        yield from (pages.read_html if html else pages.read_warc)(path, on_error)
    elif suffix == ".jsonl":
        yield from _read_jsonl(path, on_error)
    elif suffix == ".csv":
        yield from _read_csv(path, on_error)
    else:
        yield from _read_raw(path, on_error)


def read_articles(paths: Sequence[str | Path], on_error: ErrorHandler) -> Iterator[Article]:
    """Yield articles from files and directories in order; report and skip anything unreadable."""
    if isinstance(paths, (str, Path)):  # a lone path is an easy mistake; don't iterate its chars
        paths = [paths]
    for given in paths:
        path = Path(given)
        try:
            if path.is_dir():
                files = _walk(path)
            elif path.exists():
                files = [path]
            else:
                on_error(str(given), "no such file or directory")
                continue
        except OSError as exc:
            on_error(str(given), f"cannot read: {exc.strerror or exc}")
            continue
        for file in files:
            try:
                yield from _read_file(file, on_error)
            except OSError as exc:
                on_error(str(file), f"cannot read file: {exc.strerror or exc}")
            except Exception as exc:  # last resort: a reader bug must not end the whole run
                on_error(str(file), f"unexpected error: {exc!r}")

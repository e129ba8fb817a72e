"""Read dated articles from raw text files, JSONL, CSV or directories of them.

Bad input never raises: every unreadable file, line or row is reported through
`on_error(location, message)` and skipped, so one broken record cannot stop a long run.
Input that is read but altered or left aside without loss (a text cut at `max_chars`, HTML
turned into text, a file of another suffix in a directory, a symlinked folder seen twice) is
reported through `on_warning(location, message)`, which defaults to `on_error`.

Identity: an article is its URL when it has one, else its `id`, else (raw files, records
without id) the hash of its date and text. A second article with an identity or id already
read in the same call is reported as a duplicate and skipped, never silently overwritten.
"""
from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import hashlib
import json
import os
import re
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any

from eventmill.text.markup import html_to_text, looks_like_html
from eventmill.types import Article

__all__ = ["read_articles", "parse_raw", "parse_record", "stable_id", "limit_text", "SUFFIXES",
           "MAX_CHARS", "MIN_YEAR", "MAX_YEAR"]

ErrorHandler = Callable[[str, str], None]

# Longer texts are cut (see limit_text): coding time grows faster than length, and no news
# article comes near 100,000 characters (about 15,000 words).
MAX_CHARS = 100_000
# Plausible article years: a date far outside is a placeholder or a typo, and date arithmetic
# near year 1 or 9999 overflows.
MIN_YEAR, MAX_YEAR = 1800, 2200
_CSV_DELIMITERS = (",", ";", "\t", "|")

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


def stable_id(text: str, date: dt.date | None = None) -> str:
    """Id for an article that has none: the same date and text always get the same id (the
    same text on two dates is two articles)."""
    key = f"{date.isoformat()}\n{text}" if date else text
    return hashlib.sha1(key.encode("utf-8", "surrogatepass")).hexdigest()[:16]


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
        date = dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError as exc:  # e.g. 2019-02-30
        raise ValueError(f"invalid date {value!r}: {exc}") from None
    return _plausible(date, value)


def _plausible(date: dt.date, given: Any) -> dt.date:
    if not MIN_YEAR <= date.year <= MAX_YEAR:
        raise ValueError(f"implausible date {given!r}: article years must lie in "
                         f"{MIN_YEAR}-{MAX_YEAR}")
    return date


def _text_of(text: str) -> str:
    """The article text: a web page reduced to its readable text."""
    return html_to_text(text) if looks_like_html(text) else text


def _check_unicode(value: str, name: str) -> None:
    """JSON may escape half a UTF-16 pair ("\\ud83d"): valid JSON, but no valid text."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ValueError(f"{name!r} holds a lone surrogate {value[exc.start]!r} at character "
                         f"{exc.start} (half of an emoji?): not valid Unicode") from None


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
    body = _text_of(text[m.end():].lstrip())
    if not body:
        raise ValueError("empty text after the date line")
    return Article(id=stable_id(body, date), date=date, text=body, origin=origin)


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
    for key in ("text", "id", "url", "source"):
        if isinstance(record.get(key), str):
            _check_unicode(record[key], key)
    date = _parse_date(record["date"], allow_time=True)
    text = _text_of(text)
    if not text.strip():
        raise ValueError("no text left once the HTML markup is removed")
    art_id = _opt_str(record.get("id")) or stable_id(text, date)
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


class _Lines:
    """The lines of a CSV file for csv.reader, remembering those of the current row and able
    to take them back: a row that ran on past an unterminated quote is read again from its
    second line."""

    def __init__(self, fh: IO[str]) -> None:
        self.fh = fh
        self.pending: deque[str] = deque()
        self.taken: list[str] = []
        self.lineno = 0  # lines consumed so far

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        line = self.pending.popleft() if self.pending else next(self.fh)
        self.taken.append(line)
        self.lineno += 1
        return line

    def new_row(self) -> None:
        self.taken = []

    def give_back(self, lines: list[str]) -> None:
        self.pending.extendleft(reversed(lines))
        self.lineno -= len(lines)


def _allow_long_fields() -> None:
    # The default limit (131,072 characters) refuses texts that JSONL accepts.
    limit = sys.maxsize
    while True:
        try:
            csv.field_size_limit(limit)
            return
        except OverflowError:  # C long is 32 bits on some platforms
            limit //= 2


def _header(line: str) -> tuple[list[str], str]:
    """Column names and delimiter: the first of , ; tab | that yields `date` and `text`."""
    for delimiter in _CSV_DELIMITERS:
        columns = [h.strip().lower() for h in next(csv.reader([line], delimiter=delimiter), [])]
        if "date" in columns and "text" in columns:
            return columns, delimiter
    return [h.strip().lower() for h in next(csv.reader([line]), [])], ","


def _starts_row(line: str, delimiter: str, date_col: int) -> bool:
    """Does this line, found inside a quoted field, look like the start of a new row?"""
    cells = next(csv.reader([line], delimiter=delimiter), [])
    return len(cells) > date_col and bool(_ISO_DATE_PREFIX.fullmatch(cells[date_col].strip()))


def _runaway_line(lines: list[str], delimiter: str, date_col: int) -> int | None:
    """Index of the first line after the first of a row that starts a row of its own."""
    for k, line in enumerate(lines[1:], start=1):
        if _starts_row(line, delimiter, date_col):
            return k
    return None


def _read_csv(path: Path, on_error: ErrorHandler) -> Iterator[Article]:
    # surrogateescape keeps undecodable bytes visible per row, so a bad row is reported and
    # skipped instead of aborting the whole file mid-way.
    _allow_long_fields()
    with path.open("r", encoding="utf-8-sig", errors="surrogateescape", newline="") as fh:
        lines = _Lines(fh)
        first = next(lines, None)
        if first is None or not first.strip():
            on_error(str(path), "empty file" if first is None else "empty header line")
            return
        columns, delimiter = _header(first)
        missing = [c for c in ("date", "text") if c not in columns]
        if missing:
            on_error(f"{path}:1", f"CSV header lacks column(s): {', '.join(missing)} "
                                  "(delimiters tried: , ; tab |)")
            return
        yield from _csv_rows(path, lines, columns, delimiter, on_error)


def _csv_rows(path: Path, lines: _Lines, columns: list[str], delimiter: str,
              on_error: ErrorHandler) -> Iterator[Article]:
    reader = csv.reader(lines, delimiter=delimiter)
    date_col = columns.index("date")
    while True:
        lines.new_row()
        loc = f"{path}:{lines.lineno + 1}"
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            on_error(loc, f"bad CSV row: {exc}")
            continue
        runaway = _runaway_line(lines.taken, delimiter, date_col)
        if runaway is not None:
            on_error(loc, "unterminated quote: the field runs on into line "
                          f"{lines.lineno - len(lines.taken) + runaway + 1}, which starts a new row")
            lines.give_back(lines.taken[1:])
            continue
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


def _is_article_file(name: str) -> bool:
    return name.lower().endswith(SUFFIXES)


def article_files(directory: Path) -> list[Path]:
    """The article files `read_articles` reads under a folder (what it cannot read left out)."""
    return _walk(directory, lambda where, msg: None, lambda where, msg: None)


def _walk(directory: Path, on_error: ErrorHandler, on_warning: ErrorHandler) -> list[Path]:
    """Article files under `directory`, recursively and through symlinked folders (each real
    folder once, so a link loop ends), hidden files and folders left out, sorted. Files of
    other suffixes are reported, not read."""
    found: list[Path] = []
    seen = {os.path.realpath(directory): str(directory)}  # real folder -> the path it was read by

    def walk_error(exc: OSError) -> None:
        on_error(str(exc.filename or directory), f"cannot read folder: {exc.strerror or exc}")

    for root, dirs, files in os.walk(directory, onerror=walk_error, followlinks=True):
        kept = []
        for name in sorted(dirs):
            if name.startswith("."):
                continue
            sub = os.path.join(root, name)
            real = os.path.realpath(sub)
            if real in seen:
                on_warning(sub, f"not read again: the same folder as {seen[real]}")
                continue
            seen[real] = sub
            kept.append(name)
        dirs[:] = kept
        for name in files:
            if name.startswith("."):
                continue
            if _is_article_file(name):
                found.append(Path(root) / name)
            else:
                on_warning(os.path.join(root, name),
                           f"not read: {Path(name).suffix or 'no suffix'} is not an article file "
                           f"({', '.join(SUFFIXES)}); name the file itself to read it as raw text")
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


def _files(given: str | Path, on_error: ErrorHandler, on_warning: ErrorHandler) -> list[Path]:
    path = Path(given)
    try:
        if path.is_dir():
            return _walk(path, on_error, on_warning)
        if path.exists():
            return [path]
        on_error(str(given), "no such file or directory")
    except OSError as exc:
        on_error(str(given), f"cannot read: {exc.strerror or exc}")
    return []


def _read_all(paths: Sequence[str | Path], on_error: ErrorHandler,
              on_warning: ErrorHandler) -> Iterator[Article]:
    for given in paths:
        for file in _files(given, on_error, on_warning):
            try:
                yield from _read_file(file, on_error)
            except OSError as exc:
                on_error(str(file), f"cannot read file: {exc.strerror or exc}")
            except Exception as exc:  # last resort: a reader bug must not end the whole run
                on_error(str(file), f"unexpected error: {exc!r}")


def limit_text(article: Article, max_chars: int) -> tuple[Article, str | None]:
    """The article cut to at most `max_chars` characters, at the last paragraph, line or
    sentence end before the limit when there is one; and a message when it was cut."""
    text = article.text
    if len(text) <= max_chars:
        return article, None
    cut = max(text.rfind("\n", 0, max_chars), text.rfind(". ", 0, max_chars - 1) + 1)
    if cut < max_chars // 2:  # no break near the end: cut mid-sentence rather than lose half
        cut = max_chars
    short = text[:cut].rstrip()
    note = (f"text of {len(text):,} characters cut to {len(short):,} (the limit is "
            f"{max_chars:,}; see --max-chars)")
    return dataclasses.replace(article, text=short), note


def _identity(article: Article) -> str:
    return f"url {article.url}" if article.url else f"id {article.id}"


def _same(article: Article, by_identity: bool) -> str:
    if article.url and by_identity:
        return f"same url {article.url}"
    if article.id == stable_id(article.text, article.date):
        return "same date and text"
    return f"same id {article.id!r}"


def _unique(articles: Iterable[Article], on_error: ErrorHandler) -> Iterator[Article]:
    """Articles whose identity (URL, else id) and id were not seen before; duplicates reported."""
    seen: dict[str, str] = {}
    for article in articles:
        keys = (_identity(article), f"id {article.id}")
        first = next((seen[k] for k in keys if k in seen), None)
        if first is not None:
            on_error(article.origin or article.id, f"duplicate of {first} ({_same(article, keys[0] in seen)}): skipped")
            continue
        for key in keys:
            seen[key] = article.origin or article.id
        yield article


def read_articles(paths: Sequence[str | Path], on_error: ErrorHandler, *,
                  max_chars: int | None = MAX_CHARS,
                  on_warning: ErrorHandler | None = None) -> Iterator[Article]:
    """Yield articles from files and directories in order; report and skip anything unreadable
    or duplicate; cut texts longer than `max_chars` (None: no limit) with a warning."""
    if isinstance(paths, (str, Path)):  # a lone path is an easy mistake; don't iterate its chars
        paths = [paths]
    warn = on_warning or on_error
    for article in _unique(_read_all(paths, on_error, warn), on_error):
        if max_chars is not None:
            article, note = limit_text(article, max_chars)
            if note:
                warn(article.origin or article.id, note)
        yield article

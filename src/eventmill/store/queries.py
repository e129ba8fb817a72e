"""Read queries over the store, shared by the CLI (`eventmill events`) and the HTTP API.

Every function takes a DuckDB connection (or cursor) and an EventFilter, validates what it is
given (QueryError names the bad field) and binds every value as a parameter: no user text is
ever pasted into SQL. Column names in ORDER BY and GROUP BY come from fixed tables here.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, fields, replace
from collections.abc import Callable
from typing import Any

import duckdb

from eventmill.cameo import codebook
from eventmill.io.writers import FLAT_COLUMNS, MAGNITUDES
from eventmill.store import stories

__all__ = [
    "QueryError", "EventFilter", "SORTS", "INTERVALS", "MAX_LIMIT", "event_where", "list_events",
    "list_stories", "timeline", "auto_interval", "dyads", "places", "event_detail", "facets", "row_to_event",
    "ROLLUP", "PERIODS", "build_rollup",
]

MAX_LIMIT = 1000
MAX_OFFSET = 10_000_000
INTERVALS = ("day", "week", "month", "year")
_AUTO_INTERVAL = ((3 * 366, "month"), (120, "week"), (0, "day"))  # span in days → interval
# API sort key → SQL column; '-key' sorts descending. Ties break on a stable order.
SORTS: dict[str, str] = {"date": "date", "goldstein": "goldstein", "confidence": "confidence",
                         "root": "root", "code": "code"}
_TIEBREAK = "article_id, span_start, event_id"
_ACTOR_KEYS = ("text", "country", "role", "name")
_PLACE_KEYS = ("name", "country", "admin1", "lat", "lon", "geonameid", "precision")
_MAX_TEXT = 200  # longest filter string accepted


class QueryError(ValueError):
    """A query parameter that cannot be used; `field` names it (the API answers 422)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


def _bounded(name: str, value: Any, cast: Callable[[Any], Any], low: float, high: float,
             what: str) -> Any:
    """`value` cast and within `low`..`high` (NaN is not), or None; QueryError says `what`."""
    if value is None:
        return None
    try:
        number = cast(value)
    except (TypeError, ValueError):
        raise QueryError(name, f"{what}: {value!r}") from None
    if not low <= number <= high:
        raise QueryError(name, f"{what}: {number}")
    return number


def _as_date(field: str, value: dt.date | str | None) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise QueryError(field, f"not a date (YYYY-MM-DD): {value!r}") from None


def _text(field: str, value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip()
    if len(value) > _MAX_TEXT:
        raise QueryError(field, f"longer than {_MAX_TEXT} characters")
    if "\x00" in value:
        raise QueryError(field, "contains a NUL character")
    return value or None


def _root(value: str | None) -> str | None:
    """A root ('9' is '09') or a full code ('141': it and its sub-codes)."""
    value = _text("root", value)
    if value is None:
        return None
    if not re.fullmatch(r"[0-9]{1,4}", value) or not 1 <= int(value.zfill(2)[:2]) <= 20:
        raise QueryError("root", f"not a CAMEO root 01..20 or a code under one: {value!r}")
    return value.zfill(2) if len(value) <= 2 else value


@dataclass(frozen=True)
class EventFilter:
    """What `eventmill events` and the API filter on; all optional, all combined with AND.

    actor/source/target: a country code (exact, any case) or a substring of the actor's name
    or text; actor matches either side. country: location country or either actor's country.
    q: substring of the sentence (case-insensitive). since/until: inclusive event dates.
    """

    since: dt.date | None = None
    until: dt.date | None = None
    actor: str | None = None
    root: str | None = None
    country: str | None = None
    quad: int | None = None
    source: str | None = None
    target: str | None = None
    q: str | None = None
    min_confidence: float | None = None

    @classmethod
    def of(cls, **kwargs: Any) -> EventFilter:
        """A validated filter from loose values (strings for dates, '9' for root 09)."""
        names = {f.name for f in fields(cls)}
        unknown = set(kwargs) - names
        if unknown:
            raise QueryError(sorted(unknown)[0], "unknown filter")
        since = _as_date("since", kwargs.get("since"))
        until = _as_date("until", kwargs.get("until"))
        if since and until and since > until:
            raise QueryError("until", f"{until} is before since {since}")
        quad = _bounded("quad", kwargs.get("quad"), int, 1, 4, "not a quad class 1..4")
        conf = _bounded("min_confidence", kwargs.get("min_confidence"), float, 0.0, 1.0,
                        "must be a number within 0..1")
        return cls(
            since=since, until=until, actor=_text("actor", kwargs.get("actor")),
            root=_root(kwargs.get("root")), country=_text("country", kwargs.get("country")),
            quad=quad, source=_text("source", kwargs.get("source")),
            target=_text("target", kwargs.get("target")), q=_text("q", kwargs.get("q")),
            min_confidence=conf,
        )

    def without_dates(self) -> EventFilter:
        return replace(self, since=None, until=None)


def _side(side: str) -> str:
    # a country code, or a substring of the actor's name or text (3 parameters)
    return (f"(upper({side}_country) = upper(?) OR contains(lower({side}_name), lower(?))"
            f" OR contains(lower({side}_text), lower(?)))")


def event_where(f: EventFilter, *, stories: bool = False) -> tuple[list[str], list[Any]]:
    """WHERE clauses and their parameters over `events` (or `story_events` when stories=True).

    Story events have no names, texts, sentences or confidence of their own: those conditions
    match through the story's mention events.
    """
    where: list[str] = []
    params: list[Any] = []
    per_mention: list[str] = []  # conditions on event-level columns
    mention_params: list[Any] = []
    _days_and_quad(f, "date", where, params)
    if f.root:
        where.append("root = ?" if len(f.root) == 2 else "starts_with(code, ?)")
        params.append(f.root)
    if f.country:
        where.append("(upper(location_country) = upper(?) OR upper(source_country) = upper(?)"
                     " OR upper(target_country) = upper(?))")
        params.extend([f.country] * 3)
    for side, value in (("source", f.source), ("target", f.target)):
        if not value:
            continue
        if stories:
            where.append(f"(upper({side}_country) = upper(?) OR story_id IN "
                         f"(SELECT m.story_id FROM story_mentions m JOIN events e ON e.event_id = m.event_id"
                         f" WHERE contains(lower(e.{side}_name), lower(?))"
                         f" OR contains(lower(e.{side}_text), lower(?))))")
        else:
            where.append(_side(side))
        params.extend([value] * 3)
    if f.actor:
        names = ("contains(lower(source_name), lower(?)) OR contains(lower(source_text), lower(?))"
                 " OR contains(lower(target_name), lower(?)) OR contains(lower(target_text), lower(?))")
        if stories:
            names = ("story_id IN (SELECT m.story_id FROM story_mentions m JOIN events e"
                     f" ON e.event_id = m.event_id WHERE {names})")
        where.append(f"(upper(source_country) = upper(?) OR upper(target_country) = upper(?) OR {names})")
        params.extend([f.actor] * 6)
    if f.q:
        per_mention.append("contains(lower(sentence), lower(?))")
        mention_params.append(f.q)
    if f.min_confidence is not None:
        per_mention.append("confidence >= ?")
        mention_params.append(f.min_confidence)
    if per_mention and stories:
        where.append("story_id IN (SELECT m.story_id FROM story_mentions m JOIN events e"
                     " ON e.event_id = m.event_id WHERE "
                     + " AND ".join(c.replace("sentence", "e.sentence").replace("confidence", "e.confidence")
                                    for c in per_mention) + ")")
    else:
        where.extend(per_mention)
    params.extend(mention_params)
    return where, params


def _cond(where: list[str]) -> str:
    return (" WHERE " + " AND ".join(where)) if where else ""


def _limit(limit: int | None, default: int | None = None, maximum: int | None = None) -> int | None:
    if limit is None:
        return default
    if isinstance(limit, bool) or not isinstance(limit, int):
        raise QueryError("limit", f"not an integer: {limit!r}")
    if limit < 0:
        raise QueryError("limit", f"must not be negative: {limit}")
    if maximum is not None and limit > maximum:
        raise QueryError("limit", f"at most {maximum}: {limit}")
    return limit


def _offset(offset: int) -> int:
    if isinstance(offset, bool) or not isinstance(offset, int) or offset < 0:
        raise QueryError("offset", f"must be a non-negative integer: {offset!r}")
    if offset > MAX_OFFSET:
        raise QueryError("offset", f"at most {MAX_OFFSET}: {offset}")
    return offset


def _order(sort: str) -> str:
    key = sort.strip()
    desc = key.startswith("-")
    col = SORTS.get(key.lstrip("-"))
    if col is None:
        choices = ", ".join(f"{k}, -{k}" for k in SORTS)
        raise QueryError("sort", f"cannot sort by {sort!r}: choose one of {choices}")
    if col == "date":
        return f"date {'DESC' if desc else 'ASC'} NULLS LAST, {_TIEBREAK}"
    # ties (thousands share a score or a root) newest first, by id: two cheap keys
    return f"{col} {'DESC' if desc else 'ASC'} NULLS LAST, date DESC NULLS LAST, event_id"


def row_to_event(row: dict[str, Any]) -> dict[str, Any]:
    """A flat `events` row → exactly the Event.to_dict() shape."""
    target = None
    if row["target_country"] is not None or row["target_text"] is not None:
        target = {k: row[f"target_{k}"] for k in _ACTOR_KEYS}
    location = None
    if row["location_name"] is not None or row["location_country"] is not None:
        location = {k: row[f"location_{k}"] for k in _PLACE_KEYS}
    conf = row["confidence"]
    return {
        "event_id": row["event_id"],
        "article_id": row["article_id"],
        "article_date": row["article_date"].isoformat() if row["article_date"] else None,
        "date": row["date"].isoformat() if row["date"] else None,
        "code": row["code"],
        "root": row["root"],
        "quad": row["quad"],
        "goldstein": row["goldstein"],
        "plover": row["plover"],
        "source": {k: row[f"source_{k}"] for k in _ACTOR_KEYS},
        "target": target,
        "location": location,
        "sentence": row["sentence"],
        "span": [row["span_start"], row["span_end"]],
        "confidence": round(conf, 3) if conf is not None else None,
        "magnitudes": {k: row[k] for k in MAGNITUDES if row.get(k) is not None},
        "trigger": [row["trigger_start"], row["trigger_end"]] if row.get("trigger_start") is not None else None,
    }


def _fetch_dicts(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any]) -> list[dict[str, Any]]:
    cur = con.execute(sql, params)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r)) for r in cur.fetchall()]


def list_events(
    con: duckdb.DuckDBPyConnection,
    f: EventFilter,
    *,
    limit: int | None = None,
    offset: int = 0,
    sort: str = "date",
    with_total: bool = False,
    rollup: bool = False,
) -> tuple[list[dict[str, Any]], int | None]:
    """Events in Event.to_dict() shape and, with_total, how many match in all.

    rollup: the server's pre-aggregated table is fresh: count the total from it and bound a
    page sorted by date or Goldstein by the value where enough events match.
    """
    where, params = event_where(f)
    limit, offset, order = _limit(limit), _offset(offset), _order(sort)
    page_where, page_params = list(where), list(params)
    key = sort.strip().lstrip("-")
    if rollup and limit is not None and key in ("date", "goldstein"):
        desc = sort.strip().startswith("-")
        cutoff = _cutoff(con, f, key, offset + limit, desc)
        if cutoff is not None:  # the same rows, from far fewer candidates
            page_where.append(f"{key} >= ?" if desc else f"{key} <= ?")
            page_params.append(cutoff)
    sql = f"SELECT {', '.join(FLAT_COLUMNS)} FROM events{_cond(page_where)} ORDER BY {order}"
    if limit is not None:
        sql += " LIMIT ?"
        page_params.append(limit)
    if offset:
        sql += " OFFSET ?"
        page_params.append(offset)
    rows = [row_to_event(r) for r in _fetch_dicts(con, sql, page_params)]
    total = None
    if with_total:
        if (limit is None or len(rows) < limit) and (rows or offset == 0):
            total = offset + len(rows)  # the last page: no count query needed
        else:
            rw = _rollup_where(f) if rollup else None
            if rw is not None:
                total = int(con.execute(f"SELECT coalesce(sum(n), 0) FROM {ROLLUP}{_cond(rw[0])}",
                                        rw[1]).fetchone()[0])
            else:
                total = int(con.execute(f"SELECT count(*) FROM events{_cond(where)}", params).fetchone()[0])
    return rows, total


def list_stories(
    con: duckdb.DuckDBPyConnection,
    f: EventFilter,
    *,
    limit: int | None = 100,
    offset: int = 0,
) -> tuple[list[dict[str, Any]], int]:
    """Story events (see eventmill.store.stories) with their mentions, and the total matching.

    Read as stored: the caller rebuilds stale story tables first when it may write.
    """
    where, params = event_where(f, stories=True)
    limit, offset = _limit(limit), _offset(offset)
    total = int(con.execute(f"SELECT count(*) FROM story_events{_cond(where)}", params).fetchone()[0])
    sql = (f"SELECT story_id FROM story_events{_cond(where)}"
           " ORDER BY date, num_articles DESC, num_mentions DESC, story_id")
    page_params = list(params)
    if limit is not None:
        sql += " LIMIT ?"
        page_params.append(limit)
    if offset:
        sql += " OFFSET ?"
        page_params.append(offset)
    ids = [r[0] for r in con.execute(sql, page_params).fetchall()]
    if not ids:
        return [], total
    return stories.fetch(con, ["list_contains(?, story_id)"], [ids], None), total


def _periods(start: dt.date, end: dt.date, interval: str) -> list[dt.date]:
    """Every period start from start's period to end's, so gaps show as zeros."""
    out: list[dt.date] = []
    if interval == "day":
        d = start
        while d <= end:
            out.append(d)
            d += dt.timedelta(days=1)
    elif interval == "week":
        d = start - dt.timedelta(days=start.weekday())  # date_trunc('week') is ISO Monday
        while d <= end:
            out.append(d)
            d += dt.timedelta(days=7)
    elif interval == "month":
        y, m = start.year, start.month
        while (y, m) <= (end.year, end.month):
            out.append(dt.date(y, m, 1))
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    else:
        for y in range(start.year, end.year + 1):
            out.append(dt.date(y, 1, 1))
    return out


_MAX_PERIODS = 20_000


def auto_interval(con: duckdb.DuckDBPyConnection, f: EventFilter, *, rollup: bool = False) -> str:
    """The interval that shows the matching events' span in tens to hundreds of bars."""
    rw = _rollup_where(f) if rollup else None
    where, params = rw if rw is not None else event_where(f)
    table = ROLLUP if rw is not None else "events"
    lo, hi = con.execute(f"SELECT min(date), max(date) FROM {table}{_cond(where)}", params).fetchone()
    span = (hi - lo).days if lo and hi else 0
    return next(name for days, name in _AUTO_INTERVAL if span > days or days == 0)


def timeline(
    con: duckdb.DuckDBPyConnection, f: EventFilter, interval: str = "month", *, rollup: bool = False
) -> list[dict[str, Any]]:
    """Per period: events per quad class (q1..q4), count, summed Goldstein, mean tone.

    Periods without events are included (zeros), from the first to the last matching event.
    interval: day, week (ISO, from Monday), month or year. rollup: read the server's
    pre-aggregated table where the filter allows (see build_rollup).
    """
    if interval not in INTERVALS:
        raise QueryError("interval", f"not one of {', '.join(INTERVALS)}: {interval!r}")
    rw = _rollup_where(f) if rollup else None
    pw = _periods_where(f, interval) if rollup else None
    period = f"date_trunc('{interval}', date)::DATE"
    if rw is not None:
        where, params = rw
        source = ROLLUP
        if pw is not None:  # whole periods: read them ready-made
            (where, params), source, period = pw, PERIODS, "period"
        aggs = ("sum(n) FILTER (WHERE quad = 1), sum(n) FILTER (WHERE quad = 2),"
                " sum(n) FILTER (WHERE quad = 3), sum(n) FILTER (WHERE quad = 4),"
                " sum(n), sum(gs), sum(ts) / nullif(sum(tn), 0)")
    else:
        where, params = event_where(f)
        source = "events"
        aggs = ("count(*) FILTER (WHERE quad = 1), count(*) FILTER (WHERE quad = 2),"
                " count(*) FILTER (WHERE quad = 3), count(*) FILTER (WHERE quad = 4),"
                " count(*), sum(goldstein), avg(tone)")
    if source != PERIODS:
        where = [*where, "date IS NOT NULL"]
    # interval is one of INTERVALS, checked above: safe to place in the SQL text
    sql = f"""SELECT {period} AS p, {aggs}
              FROM {source}{_cond(where)} GROUP BY p ORDER BY p"""
    rows = con.execute(sql, params).fetchall()
    if not rows:
        return []
    by_period = {r[0]: r for r in rows}
    periods = _periods(rows[0][0], rows[-1][0], interval)
    if len(periods) > _MAX_PERIODS:
        raise QueryError("interval", f"{len(periods)} {interval}s is too many: choose a longer interval")
    out = []
    for p in periods:
        r = by_period.get(p)
        out.append({
            "period": p.isoformat(),
            "q1": int(r[1] or 0) if r else 0, "q2": int(r[2] or 0) if r else 0,
            "q3": int(r[3] or 0) if r else 0, "q4": int(r[4] or 0) if r else 0,
            "count": int(r[5] or 0) if r else 0,
            "goldstein_sum": round(r[6], 3) if r and r[6] is not None else 0.0,
            "mean_tone": round(r[7], 4) if r and r[7] is not None else None,
        })
    return out


def dyads(con: duckdb.DuckDBPyConnection, f: EventFilter, limit: int = 25) -> list[dict[str, Any]]:
    """Top source → target country pairs by event count, with Goldstein and quad counts."""
    limit = _limit(limit, maximum=500)
    where, params = event_where(f)
    where = [*where, "source_country IS NOT NULL", "target_country IS NOT NULL"]
    sql = f"""SELECT source_country, target_country, count(*) AS n, sum(goldstein), avg(goldstein),
                     count(*) FILTER (WHERE quad = 1), count(*) FILTER (WHERE quad = 2),
                     count(*) FILTER (WHERE quad = 3), count(*) FILTER (WHERE quad = 4)
              FROM events{_cond(where)} GROUP BY source_country, target_country
              ORDER BY n DESC, source_country, target_country LIMIT ?"""
    return [
        {"source": s, "target": t, "count": int(n), "goldstein_sum": round(gs or 0.0, 3),
         "goldstein_mean": round(gm, 3) if gm is not None else None,
         "q1": int(a), "q2": int(b), "q3": int(c), "q4": int(d)}
        for s, t, n, gs, gm, a, b, c, d in con.execute(sql, [*params, limit]).fetchall()
    ]


def places(con: duckdb.DuckDBPyConnection, f: EventFilter, limit: int = 1000) -> list[dict[str, Any]]:
    """Events per located place (name, country, lat/lon), most events first."""
    limit = _limit(limit, maximum=10_000)
    where, params = event_where(f)
    where = [*where, "location_lat IS NOT NULL", "location_lon IS NOT NULL"]
    sql = f"""SELECT location_name, location_country, round(location_lat, 4) AS lat,
                     round(location_lon, 4) AS lon, count(*) AS n, sum(goldstein),
                     count(*) FILTER (WHERE quad = 1), count(*) FILTER (WHERE quad = 2),
                     count(*) FILTER (WHERE quad = 3), count(*) FILTER (WHERE quad = 4)
              FROM events{_cond(where)} GROUP BY location_name, location_country, lat, lon
              ORDER BY n DESC, location_name LIMIT ?"""
    return [
        {"name": name, "country": country, "lat": lat, "lon": lon, "count": int(n),
         "goldstein_sum": round(gs or 0.0, 3), "q1": int(a), "q2": int(b), "q3": int(c), "q4": int(d)}
        for name, country, lat, lon, n, gs, a, b, c, d in con.execute(sql, [*params, limit]).fetchall()
    ]


def event_detail(con: duckdb.DuckDBPyConnection, event_id: str) -> dict[str, Any] | None:
    """One event with its article (text, URL, source) and the other mentions of its story.

    None when there is no such event. Mentions come from the story tables as last built.
    """
    rows = _fetch_dicts(con, f"SELECT {', '.join(FLAT_COLUMNS)}, tone FROM events WHERE event_id = ?",
                        [event_id])
    if not rows:
        return None
    event = row_to_event(rows[0])
    event["tone"] = rows[0]["tone"]
    art = _fetch_dicts(con, "SELECT article_id, date, url, source, text, tone FROM articles"
                            " WHERE article_id = ?", [event["article_id"]])
    article = None
    if art:
        a = art[0]
        article = {"article_id": a["article_id"], "date": a["date"].isoformat() if a["date"] else None,
                   "url": a["url"], "source": a["source"], "text": a["text"], "tone": a["tone"]}
    story = _fetch_dicts(con, """SELECT s.story_id, s.num_mentions, s.num_articles, s.num_sources,
                                        s.first_seen, s.last_seen
                                 FROM story_mentions m JOIN story_events s ON s.story_id = m.story_id
                                 WHERE m.event_id = ? LIMIT 1""", [event_id])
    mentions: list[dict[str, Any]] = []
    story_info = None
    if story:
        s = story[0]
        story_info = {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in s.items()}
        for m in _fetch_dicts(con, """SELECT m.event_id, m.article_id, m.url, m.source, m.sentence,
                                             m.span_start, m.span_end, m.reprint, a.date AS article_date
                                      FROM story_mentions m LEFT JOIN articles a ON a.article_id = m.article_id
                                      WHERE m.story_id = ? AND m.event_id <> ?
                                      ORDER BY m.reprint, a.date, m.article_id, m.span_start LIMIT 200""",
                              [s["story_id"], event_id]):
            mentions.append({
                "event_id": m["event_id"], "article_id": m["article_id"], "url": m["url"],
                "source": m["source"], "sentence": m["sentence"], "span": [m["span_start"], m["span_end"]],
                "reprint": m["reprint"],
                "article_date": m["article_date"].isoformat() if m["article_date"] else None,
            })
    return {"event": event, "article": article, "story": story_info, "mentions": mentions}


def facets(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """What the dashboard offers in its pickers: countries with counts, roots, date range."""
    countries = con.execute("""
        SELECT c, count(*) AS n FROM (
            SELECT source_country AS c FROM events UNION ALL
            SELECT target_country FROM events UNION ALL
            SELECT location_country FROM events) WHERE c IS NOT NULL
        GROUP BY c ORDER BY n DESC, c LIMIT 300""").fetchall()
    lo, hi, n = con.execute("SELECT min(date), max(date), count(*) FROM events").fetchone()
    book = codebook()
    roots = [{"root": f"{r:02d}", "name": book[f"{r:02d}"].description.title(),
              "quad": book[f"{r:02d}"].quad} for r in range(1, 21)]
    return {
        "countries": [{"code": c, "count": int(k)} for c, k in countries],
        "roots": roots,
        "codes": {c.code: c.description for c in book.values()},
        "since": lo.isoformat() if lo else None,
        "until": hi.isoformat() if hi else None,
        "events": int(n),
    }


# -- pre-aggregation for the server ---------------------------------------------------------
# Events per (country, day, root, quad, Goldstein score): one row per country an event involves (source, target
# or location, each once) plus a row under '' for all events. Timelines and page totals are
# read from here when the filter uses only these fields: one country's rows (sorted together,
# so DuckDB skips the other row groups) instead of a scan of every event. A page sorted by
# Goldstein reads the score from which it has enough events here, and its scan then sorts
# only those: thousands of events share each score, and sorting all their ties was the
# slowest query the dashboard made. Date-sorted pages of a rare combination (a small country's
# material cooperation) likewise read only the row groups of the days that hold their page. It is derived data that the server rebuilds
# whenever it opens a store it may write and after each write; the CLI never reads it.
ROLLUP = "serve_rollup"
_ROLLUP_SQL = f"""
CREATE OR REPLACE TABLE {ROLLUP} AS
WITH per_country AS (
    SELECT unnest(list_distinct([upper(source_country), upper(target_country),
                                 upper(location_country)])) AS country,
           date, root, quad, goldstein, tone
    FROM events),
rows AS (
    SELECT country, date, root, quad, goldstein, tone FROM per_country WHERE country IS NOT NULL
    UNION ALL
    SELECT '' AS country, date, root, quad, goldstein, tone FROM events)
SELECT country, date, root, quad, goldstein, count(*) AS n, sum(goldstein) AS gs,
       sum(tone) AS ts, count(tone) AS tn
FROM rows GROUP BY ALL ORDER BY country, date"""


# The same per week, month and year, without root and score: a timeline of whole periods (the
# dashboard's always are) sums a few hundred rows instead of grouping every day's.
PERIODS = "serve_periods"
_PERIODS_SQL = f"""
CREATE OR REPLACE TABLE {PERIODS} AS
""" + "\nUNION ALL\n".join(
    f"""SELECT '{iv}' AS interval, country, date_trunc('{iv}', date)::DATE AS period, quad,
           sum(n) AS n, sum(gs) AS gs, sum(ts) AS ts, sum(tn) AS tn
    FROM {ROLLUP} WHERE date IS NOT NULL GROUP BY ALL""" for iv in ("week", "month", "year")
) + "\nORDER BY interval, country, period"


def build_rollup(con: duckdb.DuckDBPyConnection) -> None:
    """(Re)build the server's pre-aggregated tables from `events` (a few s per million)."""
    con.execute(_ROLLUP_SQL)
    con.execute(_PERIODS_SQL)


def _period_start(day: dt.date, interval: str) -> dt.date:
    if interval == "week":
        return day - dt.timedelta(days=day.weekday())
    if interval == "month":
        return day.replace(day=1)
    return day.replace(month=1, day=1)


def _periods_where(f: EventFilter, interval: str) -> tuple[list[str], list[Any]] | None:
    """The filter over PERIODS for a timeline of `interval`, or None when it needs days
    (a root, or a since/until that cuts a period) or fields the rollup lacks."""
    if interval == "day" or f.root or _rollup_where(f) is None:
        return None
    if f.since is not None and _period_start(f.since, interval) != f.since:
        return None
    if f.until is not None and _period_start(after := f.until + dt.timedelta(days=1), interval) != after:
        return None
    where, params = ["interval = ?", "country = ?"], [interval, (f.country or "").upper()]
    _days_and_quad(f, "period", where, params)
    return where, params


def _rollup_where(f: EventFilter) -> tuple[list[str], list[Any]] | None:
    """The filter over ROLLUP columns, or None when it needs a field the rollup lacks."""
    if f.actor or f.source or f.target or f.q or f.min_confidence is not None \
            or (f.root and len(f.root) > 2):
        return None
    where, params = ["country = ?"], [(f.country or "").upper()]
    _days_and_quad(f, "date", where, params)
    if f.root:
        where.append("root = ?")
        params.append(f.root)
    return where, params


def _days_and_quad(f: EventFilter, day_column: str, where: list[str], params: list[Any]) -> None:
    """The since/until bounds over `day_column` and the quad class: the conditions the events,
    rollup and period tables share."""
    for op, day in ((">=", f.since), ("<=", f.until)):
        if day is not None:
            where.append(f"{day_column} {op} ?")
            params.append(day)
    if f.quad is not None:
        where.append("quad = ?")
        params.append(f.quad)


def _cutoff(con: duckdb.DuckDBPyConnection, f: EventFilter, column: str, need: int,
            desc: bool) -> Any | None:
    """The value of `column` (date or goldstein) from which (desc) or up to which (asc) at
    least `need` events match, read from the rollup; None when the rollup cannot tell or too
    few events have a value."""
    rw = _rollup_where(f)
    if rw is None or column not in ("date", "goldstein"):
        return None
    where, params = rw
    order = "DESC" if desc else "ASC"
    row = con.execute(
        f"""SELECT v FROM (
                SELECT {column} AS v, sum(sum(n)) OVER (ORDER BY {column} {order}) AS running
                FROM {ROLLUP}{_cond([*where, f"{column} IS NOT NULL"])} GROUP BY {column})
            WHERE running >= ? ORDER BY running LIMIT 1""", [*params, need]).fetchone()
    return row[0] if row else None

"""DuckDB store for coded articles and their events.

Saving an article replaces its previous row and events, so coding the same article again never
duplicates anything. Bulk saves go through Arrow tables: one INSERT ... SELECT per batch is far
faster than row-by-row inserts.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from pathlib import Path
from types import TracebackType
from typing import Any

import duckdb
import pyarrow as pa

from eventmill.types import Article, Event
from eventmill.writers import FLAT_COLUMNS

__all__ = ["Store", "DEFAULT_PATH", "SCHEMA_VERSION"]

DEFAULT_PATH = "eventmill.duckdb"
SCHEMA_VERSION = 1

_ARTICLES_SCHEMA = pa.schema([
    ("article_id", pa.string()), ("date", pa.date32()), ("url", pa.string()),
    ("source", pa.string()), ("origin", pa.string()), ("text", pa.string()),
    ("n_events", pa.int32()), ("coded_at", pa.timestamp("us")),
])

_EVENT_TYPES: dict[str, tuple[str, pa.DataType]] = {
    "event_id": ("VARCHAR PRIMARY KEY", pa.string()),
    "article_id": ("VARCHAR NOT NULL", pa.string()),
    "article_date": ("DATE", pa.date32()),
    "date": ("DATE", pa.date32()),
    "code": ("VARCHAR", pa.string()),
    "root": ("VARCHAR", pa.string()),
    "quad": ("INTEGER", pa.int32()),
    "goldstein": ("DOUBLE", pa.float64()),
    "plover": ("VARCHAR", pa.string()),
    "location_lat": ("DOUBLE", pa.float64()),
    "location_lon": ("DOUBLE", pa.float64()),
    "location_geonameid": ("BIGINT", pa.int64()),
    "span_start": ("INTEGER", pa.int32()),
    "span_end": ("INTEGER", pa.int32()),
    "confidence": ("DOUBLE", pa.float64()),
}
_EVENT_COLUMNS = FLAT_COLUMNS  # same flat layout as the CSV writer


def _event_type(col: str) -> tuple[str, pa.DataType]:
    return _EVENT_TYPES.get(col, ("VARCHAR", pa.string()))


_EVENTS_SCHEMA = pa.schema([(c, _event_type(c)[1]) for c in _EVENT_COLUMNS])

_DDL = [
    "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL, applied_at TIMESTAMP)",
    """CREATE TABLE IF NOT EXISTS articles (
        article_id VARCHAR PRIMARY KEY, date DATE, url VARCHAR, source VARCHAR, origin VARCHAR,
        text VARCHAR, n_events INTEGER, coded_at TIMESTAMP)""",
    "CREATE TABLE IF NOT EXISTS events (\n    "
    + ",\n    ".join(f"{c} {_event_type(c)[0]}" for c in _EVENT_COLUMNS)
    + ")",
]

# Migrations from version N to N+1 go here as lists of SQL statements, e.g. {1: ["ALTER ..."]}.
_MIGRATIONS: dict[int, list[str]] = {}

_ACTOR_KEYS = ("text", "country", "role", "name")
_PLACE_KEYS = ("name", "country", "admin1", "lat", "lon", "geonameid", "precision")


def _as_date(value: dt.date | str | None) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(value)


def _event_row(ev: Event, article_id: str, index: int) -> dict[str, Any]:
    src, tgt, loc = ev.source, ev.target, ev.location
    row: dict[str, Any] = {
        # Events without an id still need a unique key; position in the article is stable.
        "event_id": ev.event_id or f"{article_id}:{index}",
        "article_id": article_id,
        "article_date": ev.article_date,
        "date": ev.date,
        "code": ev.code,
        "root": ev.root,
        "quad": ev.quad,
        "goldstein": ev.goldstein,
        "plover": ev.plover,
        "sentence": ev.sentence,
        "span_start": ev.span[0],
        "span_end": ev.span[1],
        "confidence": ev.confidence,
    }
    for k in _ACTOR_KEYS:
        row[f"source_{k}"] = getattr(src, k)
        row[f"target_{k}"] = getattr(tgt, k) if tgt else None
    for k in _PLACE_KEYS:
        row[f"location_{k}"] = getattr(loc, k) if loc else None
    return row


def _to_dict(row: dict[str, Any]) -> dict[str, Any]:
    """A flat events row → exactly the Event.to_dict() shape."""
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
    }


class Store:
    """Coded articles and events in a DuckDB file (`:memory:` works for tests)."""

    def __init__(self, path: str | Path = DEFAULT_PATH) -> None:
        self.path = str(path)
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self.con = duckdb.connect(self.path)
        self._init_schema()

    # -- lifecycle -------------------------------------------------------------------------
    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        if self.con is not None:
            self.con.close()
            self.con = None  # type: ignore[assignment]

    def _init_schema(self) -> None:
        for stmt in _DDL:
            self.con.execute(stmt)
        row = self.con.execute("SELECT max(version) FROM schema_version").fetchone()
        version = row[0] if row else None
        if version is None:
            self.con.execute("INSERT INTO schema_version VALUES (?, now())", [SCHEMA_VERSION])
            return
        if version > SCHEMA_VERSION:
            raise RuntimeError(
                f"{self.path} has schema version {version}, newer than this eventmill "
                f"supports ({SCHEMA_VERSION}); upgrade eventmill"
            )
        while version < SCHEMA_VERSION:
            self._run_in_transaction(lambda v=version: self._migrate(v))
            version += 1

    def _migrate(self, version: int) -> None:
        """Upgrade the schema from `version` to `version + 1`."""
        for stmt in _MIGRATIONS[version]:
            self.con.execute(stmt)
        self.con.execute("INSERT INTO schema_version VALUES (?, now())", [version + 1])

    @property
    def schema_version(self) -> int:
        return int(self.con.execute("SELECT max(version) FROM schema_version").fetchone()[0])

    def _run_in_transaction(self, fn: Callable[[], Any]) -> None:
        self.con.execute("BEGIN TRANSACTION")
        try:
            fn()
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        self.con.execute("COMMIT")

    # -- writing ---------------------------------------------------------------------------
    def save(self, article: Article, events: list[Event]) -> None:
        """Replace the article's row and all its events in one transaction."""
        self.save_many([(article, events)])

    def save_many(self, batch: Iterable[tuple[Article, list[Event]]]) -> None:
        """Replace many articles and their events at once (one transaction, bulk inserts)."""
        # Last occurrence wins if an article appears twice in one batch (a second insert of
        # the same key would violate the primary key).
        latest: dict[str, tuple[Article, list[Event]]] = {}
        for article, events in batch:
            latest[article.id] = (article, events)
        if not latest:
            return
        coded_at = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
        articles = pa.Table.from_pylist(
            [
                {
                    "article_id": a.id, "date": a.date, "url": a.url, "source": a.source,
                    "origin": a.origin, "text": a.text, "n_events": len(evs), "coded_at": coded_at,
                }
                for a, evs in latest.values()
            ],
            schema=_ARTICLES_SCHEMA,
        )
        events = pa.Table.from_pylist(
            [_event_row(ev, a.id, i) for a, evs in latest.values() for i, ev in enumerate(evs)],
            schema=_EVENTS_SCHEMA,
        )
        ids = pa.table({"article_id": pa.array(list(latest), pa.string())})
        cols = ", ".join(_EVENT_COLUMNS)

        def work() -> None:
            self.con.register("_em_ids", ids)
            self.con.register("_em_articles", articles)
            self.con.register("_em_events", events)
            try:
                self.con.execute("DELETE FROM events WHERE article_id IN (SELECT article_id FROM _em_ids)")
                self.con.execute("DELETE FROM articles WHERE article_id IN (SELECT article_id FROM _em_ids)")
                self.con.execute(
                    "INSERT INTO articles (article_id, date, url, source, origin, text, n_events, coded_at) "
                    "SELECT article_id, date, url, source, origin, text, n_events, coded_at FROM _em_articles"
                )
                if events.num_rows:
                    self.con.execute(f"INSERT INTO events ({cols}) SELECT {cols} FROM _em_events")
            finally:
                for name in ("_em_ids", "_em_articles", "_em_events"):
                    self.con.unregister(name)

        self._run_in_transaction(work)

    # -- reading ---------------------------------------------------------------------------
    def query(
        self,
        since: dt.date | str | None = None,
        until: dt.date | str | None = None,
        actor: str | None = None,
        root: str | None = None,
        country: str | None = None,
        limit: int | None = None,
    ) -> list[dict[str, Any]]:
        """Events in Event.to_dict() shape, ordered by event date, article and position.

        since/until: inclusive bounds on the event date. actor: source or target country code,
        or a case-insensitive substring of either actor's name or text. root: CAMEO root code
        ("19"; "9" means "09"). country: location country or either actor's country.
        """
        where: list[str] = []
        params: list[Any] = []
        if since is not None:
            where.append("date >= ?")
            params.append(_as_date(since))
        if until is not None:
            where.append("date <= ?")
            params.append(_as_date(until))
        if actor:
            where.append(
                "(upper(source_country) = upper(?) OR upper(target_country) = upper(?)"
                " OR contains(lower(source_name), lower(?)) OR contains(lower(source_text), lower(?))"
                " OR contains(lower(target_name), lower(?)) OR contains(lower(target_text), lower(?)))"
            )
            params.extend([actor] * 6)
        if root:
            root = root.strip()
            where.append("root = ?")
            params.append(root.zfill(2) if root.isdigit() else root)
        if country:
            where.append(
                "(upper(location_country) = upper(?) OR upper(source_country) = upper(?)"
                " OR upper(target_country) = upper(?))"
            )
            params.extend([country] * 3)
        sql = f"SELECT {', '.join(_EVENT_COLUMNS)} FROM events"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY date, article_id, span_start, event_id"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(int(limit))
        cur = self.con.execute(sql, params)
        names = [d[0] for d in cur.description]
        return [_to_dict(dict(zip(names, r))) for r in cur.fetchall()]

    def count_events(self) -> int:
        return int(self.con.execute("SELECT count(*) FROM events").fetchone()[0])

    def count_articles(self) -> int:
        return int(self.con.execute("SELECT count(*) FROM articles").fetchone()[0])

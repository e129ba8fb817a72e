"""DuckDB store for coded articles and their events.

Saving an article replaces its previous row and events, so coding the same article again never
duplicates anything. Bulk saves go through Arrow tables: one INSERT ... SELECT per batch is far
faster than row-by-row inserts.

Schema version 2 adds tone (articles.tone, events.tone; see eventmill.text.tone), articles.text_hash
(md5 of the exact text: reprints under other ids are recognised by it) and the story tables of
eventmill.store.stories, which are rebuilt from `events` when they are read after a save.
Schema version 3 adds the magnitudes of events (killed, wounded, arrested, crowd) and where
their trigger word stands (trigger_start, trigger_end).

Opening never raises a raw DuckDB error: a missing store (when reading), a folder, a file that
is no DuckDB database or no eventmill store, a newer schema, a read-only file, an unwritable
folder or a lock held by another process become a StoreError with a one-line message. A
read-only Store never creates anything; it takes the write lock only for a moment, to migrate
an old schema or rebuild stale story tables.
"""
from __future__ import annotations

import datetime as dt
import os
import re
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from types import TracebackType
from typing import Any

import duckdb
import pyarrow as pa

from eventmill.store import queries, stories
from eventmill.store.queries import EventFilter, event_where
from eventmill.text.tone import article_tone, sentence_tone
from eventmill.types import Article, Event
from eventmill.io.writers import FLAT_COLUMNS, MAGNITUDES

__all__ = ["Store", "StoreError", "DEFAULT_PATH", "SCHEMA_VERSION"]

DEFAULT_PATH = "eventmill.duckdb"
SCHEMA_VERSION = 3

_ARTICLES_SCHEMA = pa.schema([
    ("article_id", pa.string()), ("date", pa.date32()), ("url", pa.string()),
    ("source", pa.string()), ("origin", pa.string()), ("text", pa.string()),
    ("n_events", pa.int32()), ("coded_at", pa.timestamp("us")), ("tone", pa.float64()),
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
    "tone": ("DOUBLE", pa.float64()),
    **{k: ("INTEGER", pa.int32()) for k in (*MAGNITUDES, "trigger_start", "trigger_end")},
}
_EVENT_COLUMNS = FLAT_COLUMNS  # same flat layout as the CSV writer; what query() returns
# columns added by a migration go last, where ALTER TABLE ADD puts them
_ADDED_IN_3 = (*MAGNITUDES, "trigger_start", "trigger_end")
_STORED_EVENT_COLUMNS = (*(c for c in FLAT_COLUMNS if c not in _ADDED_IN_3), "tone", *_ADDED_IN_3)


def _event_type(col: str) -> tuple[str, pa.DataType]:
    return _EVENT_TYPES.get(col, ("VARCHAR", pa.string()))


_EVENTS_SCHEMA = pa.schema([(c, _event_type(c)[1]) for c in _STORED_EVENT_COLUMNS])

_DDL = [
    "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL, applied_at TIMESTAMP)",
    """CREATE TABLE IF NOT EXISTS articles (
        article_id VARCHAR PRIMARY KEY, date DATE, url VARCHAR, source VARCHAR, origin VARCHAR,
        text VARCHAR, n_events INTEGER, coded_at TIMESTAMP, tone DOUBLE, text_hash VARCHAR)""",
    "CREATE TABLE IF NOT EXISTS events (\n    "
    + ",\n    ".join(f"{c} {_event_type(c)[0]}" for c in _STORED_EVENT_COLUMNS)
    + ")",
    # Small key/value table; 'stories_dirty' says story tables lag behind events.
    "CREATE TABLE IF NOT EXISTS store_meta (key VARCHAR PRIMARY KEY, value VARCHAR)",
]

# Migrations from version N to N+1 go here as lists of SQL statements, e.g. {1: ["ALTER ..."]}.
# New tables come from _DDL (CREATE ... IF NOT EXISTS runs before migrating); columns are
# added at the end, matching the fresh layout. Tone of version-1 rows stays NULL until
# Store.backfill_tone() (VADER over a large file is minutes, too slow to hide in an open).
_MIGRATIONS: dict[int, list[str]] = {
    1: [
        "ALTER TABLE articles ADD COLUMN tone DOUBLE",
        "ALTER TABLE articles ADD COLUMN text_hash VARCHAR",
        "UPDATE articles SET text_hash = md5(text)",
        "ALTER TABLE events ADD COLUMN tone DOUBLE",
    ],
    2: [f"ALTER TABLE events ADD COLUMN {k} INTEGER" for k in _ADDED_IN_3],
}

# Group keys of Store.group_events; the same columns exist in events and story_events.
_GROUP_KEYS: dict[str, str] = {
    "month": "strftime(date, '%Y-%m')",
    "country": "coalesce(location_country, source_country)",
    "dyad": "coalesce(source_country, '?') || '->' || coalesce(target_country, '?')",
    "root": "root",
}

_ACTOR_KEYS = ("text", "country", "role", "name")
_PLACE_KEYS = ("name", "country", "admin1", "lat", "lon", "geonameid", "precision")


class StoreError(RuntimeError):
    """The store cannot be opened or used as asked; the message is one line for the user."""


_LOCK_HOLDER = re.compile(r"Conflicting lock is held in (.*?) \(PID (\d+)\)")
_LOCK_POLL_S = 0.2


def _lock_holder(message: str) -> str:
    """'process 123 (eventmill code ...)' from DuckDB's lock error, as far as it says."""
    m = _LOCK_HOLDER.search(message)
    if not m:
        return "another process"
    pid, program = m.group(2), m.group(1)
    try:  # the command line says more than the interpreter's path
        with open(f"/proc/{pid}/cmdline", "rb") as fh:
            program = fh.read().replace(b"\0", b" ").decode("utf-8", "replace").strip()[:160]
    except OSError:
        pass
    return f"process {pid} ({program})"


def _is_duckdb_file(path: Path) -> bool:
    """DuckDB files carry 'DUCK' at byte 8. Checked first: DuckDB opens a .csv or .jsonl path
    as a database of that file, so `--db events.jsonl` would not fail on its own."""
    try:
        with path.open("rb") as fh:
            head = fh.read(12)
    except OSError as exc:
        raise StoreError(f"cannot read {path}: {exc.strerror or exc}") from None
    return not head or head[8:12] == b"DUCK"


def _check_path(path: str, read_only: bool) -> None:
    """Refuse, with a clear message, what DuckDB would refuse obscurely or do unasked."""
    if not path.strip():
        raise StoreError("no store given (--db is empty): name a DuckDB file")
    p = Path(path)
    if p.is_dir():
        raise StoreError(f"{path} is a folder, not a DuckDB file")
    if p.exists() and not _is_duckdb_file(p):
        raise StoreError(f"{path} is not a DuckDB database")
    if read_only:
        if not p.exists():
            raise StoreError(f"no store at {path}: check the --db path (reading never creates one)")
        return
    folder = p.parent
    if not p.exists():
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"cannot create the folder of {path}: {exc.strerror or exc}") from None
    elif not os.access(p, os.W_OK):
        raise StoreError(f"{path} is read-only: make it writable or code into another store")
    if not os.access(folder, os.W_OK):  # DuckDB writes its .wal beside the store
        raise StoreError(f"cannot write to {path}: the folder {folder} is not writable")


def _connect(path: str, read_only: bool, wait: float) -> duckdb.DuckDBPyConnection:
    """A DuckDB connection, waiting up to `wait` seconds for another process's lock."""
    if path == ":memory:":
        return duckdb.connect(path)
    _check_path(path, read_only)
    deadline = time.monotonic() + wait
    while True:
        try:
            return duckdb.connect(path, read_only=read_only)
        except duckdb.Error as exc:
            message = str(exc)
            if "Conflicting lock" in message and time.monotonic() < deadline:
                time.sleep(_LOCK_POLL_S)
                continue
            raise _open_error(path, message, read_only, wait) from None


def _open_error(path: str, message: str, read_only: bool, wait: float) -> StoreError:
    if "Conflicting lock" in message:
        doing = "read" if read_only else "written"
        return StoreError(
            f"{path} cannot be {doing} now: {_lock_holder(message)} holds its lock"
            f"{f' (waited {wait:g} s)' if wait else ''}; DuckDB allows one writer and no reader "
            "beside it: retry when that process ends, or give a longer --wait")
    if "not a valid DuckDB database" in message:
        return StoreError(f"{path} is not a DuckDB database")
    if "Permission denied" in message or "Read-only file system" in message:
        return StoreError(f"cannot open {path}: permission denied")
    return StoreError(f"cannot open store {path}: {message.splitlines()[0]}")


def _tables(con: duckdb.DuckDBPyConnection) -> set[str]:
    rows = con.execute("SELECT table_name FROM information_schema.tables "
                       "WHERE table_schema = current_schema()").fetchall()
    return {r[0] for r in rows}


def _as_date(value: dt.date | str | None) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(value)


def _event_row(ev: Event, article_id: str, index: int, tone: float | None = None) -> dict[str, Any]:
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
        "tone": tone,
        **{k: ev.magnitudes.get(k) for k in MAGNITUDES},
        "trigger_start": ev.trigger[0] if ev.trigger else None,
        "trigger_end": ev.trigger[1] if ev.trigger else None,
    }
    for k in _ACTOR_KEYS:
        row[f"source_{k}"] = getattr(src, k)
        row[f"target_{k}"] = getattr(tgt, k) if tgt else None
    for k in _PLACE_KEYS:
        row[f"location_{k}"] = getattr(loc, k) if loc else None
    return row


def _mention_tone(ev: Event) -> float:
    # A tone the coder already put in `extra` wins (lets a pipeline use another model).
    given = ev.extra.get("tone") if ev.extra else None
    if isinstance(given, (int, float)) and not isinstance(given, bool):
        return float(given)
    return sentence_tone(ev.sentence or "")


def _event_filters(
    since: dt.date | str | None = None,
    until: dt.date | str | None = None,
    actor: str | None = None,
    root: str | None = None,
    country: str | None = None,
    *,
    stories: bool = False,
) -> tuple[list[str], list[Any]]:
    """WHERE clauses and parameters shared by query(), group_events() and story_events():
    those of eventmill.store.queries, the one place filters are built."""
    f = EventFilter.of(since=since, until=until, actor=actor, root=root, country=country)
    return event_where(f, stories=stories)


class Store:
    """Coded articles and events in a DuckDB file (`:memory:` works for tests).

    tone: score article and mention tone with VADER while saving (≈0.5 ms per 1 kB of text);
    False stores NULL tone. read_only: open an existing store for reading only (never created).
    wait: seconds to wait for another process's lock before a StoreError.
    """

    def __init__(self, path: str | Path = DEFAULT_PATH, *, tone: bool = True,
                 read_only: bool = False, wait: float = 0.0) -> None:
        self.path = str(path)
        self.tone = tone
        self.read_only = read_only and self.path != ":memory:"
        self.wait = wait
        self.con = _connect(self.path, self.read_only, wait)
        try:
            self._check_owner()
            if self.read_only:
                self._init_read_only()
            else:
                self._init_schema()
        except BaseException:
            self.close()
            raise

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

    def _check_owner(self) -> None:
        """Refuse a DuckDB file holding someone else's tables, and a newer schema."""
        tables = _tables(self.con)
        if tables and "schema_version" not in tables:
            names = ", ".join(sorted(tables)[:5])
            raise StoreError(f"{self.path} is a DuckDB database but not an eventmill store "
                             f"(its tables: {names}); eventmill leaves it alone")
        if self.read_only and not tables:
            raise StoreError(f"{self.path} is an empty DuckDB database, not an eventmill store")
        if "schema_version" in tables:
            version = self.con.execute("SELECT max(version) FROM schema_version").fetchone()[0]
            if version is not None and version > SCHEMA_VERSION:
                raise StoreError(f"{self.path} has schema version {version}, newer than this "
                                 f"eventmill supports ({SCHEMA_VERSION}); upgrade eventmill")

    def _init_read_only(self) -> None:
        version = self.con.execute("SELECT max(version) FROM schema_version").fetchone()[0]
        if version != SCHEMA_VERSION or not stories.tables_current(self.con):
            self._with_writer(lambda store: None)  # opening for writing migrates

    def _with_writer(self, fn: Callable[[Store], Any]) -> None:
        """Run fn on a writable Store of this path, then read on: the lock is held briefly."""
        self.close()
        writer = Store(self.path, tone=self.tone, wait=self.wait)
        try:
            fn(writer)
        finally:
            writer.close()
        self.con = _connect(self.path, True, self.wait)

    def _init_schema(self) -> None:
        for stmt in _DDL:
            self.con.execute(stmt)
        row = self.con.execute("SELECT max(version) FROM schema_version").fetchone()
        version = row[0] if row else None
        if version is None:
            self.con.execute("INSERT INTO schema_version VALUES (?, now())", [SCHEMA_VERSION])
        elif version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path} has schema version {version}, newer than this eventmill "
                f"supports ({SCHEMA_VERSION}); upgrade eventmill"
            )
        else:
            while version < SCHEMA_VERSION:
                self._run_in_transaction(lambda v=version: self._migrate(v))
                version += 1
        # Story tables are derived data: recreated when their layout changed, then "never
        # built" (stale as soon as there are events).
        if stories.ensure_tables(self.con):
            self.con.execute("DELETE FROM store_meta WHERE key = 'stories_dirty'")

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
        # Tone is computed before the transaction opens: it is the slow part.
        articles = pa.Table.from_pylist(
            [
                {
                    "article_id": a.id, "date": a.date, "url": a.url, "source": a.source,
                    "origin": a.origin, "text": a.text, "n_events": len(evs), "coded_at": coded_at,
                    "tone": article_tone(a.text) if self.tone else None,
                }
                for a, evs in latest.values()
            ],
            schema=_ARTICLES_SCHEMA,
        )
        events = pa.Table.from_pylist(
            [
                _event_row(ev, a.id, i, _mention_tone(ev) if self.tone else None)
                for a, evs in latest.values() for i, ev in enumerate(evs)
            ],
            schema=_EVENTS_SCHEMA,
        )
        ids = pa.table({"article_id": pa.array(list(latest), pa.string())})
        cols = ", ".join(_STORED_EVENT_COLUMNS)

        def work() -> None:
            self.con.register("_em_ids", ids)
            self.con.register("_em_articles", articles)
            self.con.register("_em_events", events)
            try:
                self.con.execute("DELETE FROM events WHERE article_id IN (SELECT article_id FROM _em_ids)")
                self.con.execute("DELETE FROM articles WHERE article_id IN (SELECT article_id FROM _em_ids)")
                self.con.execute(
                    "INSERT INTO articles (article_id, date, url, source, origin, text, n_events, coded_at,"
                    " tone, text_hash) SELECT article_id, date, url, source, origin, text, n_events,"
                    " coded_at, tone, md5(text) FROM _em_articles"
                )
                if events.num_rows:
                    self.con.execute(f"INSERT INTO events ({cols}) SELECT {cols} FROM _em_events")
                self._mark_stories_dirty()
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
        f = EventFilter.of(since=since, until=until, actor=actor, root=root, country=country)
        return queries.list_events(self.con, f, limit=limit)[0]

    def count_events(self) -> int:
        return int(self.con.execute("SELECT count(*) FROM events").fetchone()[0])

    def count_articles(self) -> int:
        return int(self.con.execute("SELECT count(*) FROM articles").fetchone()[0])

    # -- tone ------------------------------------------------------------------------------
    def backfill_tone(self) -> tuple[int, int]:
        """Score tone where it is NULL (rows from schema version 1 or saved with tone=False).

        Returns (articles, events) updated. Event tone comes from its stored sentence.
        """
        arts = self.con.execute("SELECT article_id, text FROM articles WHERE tone IS NULL").fetchall()
        evs = self.con.execute("SELECT event_id, sentence FROM events WHERE tone IS NULL").fetchall()
        if not arts and not evs:
            return 0, 0
        art_tones = pa.table({
            "article_id": pa.array([a for a, _ in arts], pa.string()),
            "tone": pa.array([article_tone(t or "") for _, t in arts], pa.float64()),
        })
        ev_tones = pa.table({
            "event_id": pa.array([e for e, _ in evs], pa.string()),
            "tone": pa.array([sentence_tone(s or "") for _, s in evs], pa.float64()),
        })

        def work() -> None:
            self.con.register("_em_art_tones", art_tones)
            self.con.register("_em_ev_tones", ev_tones)
            try:
                self.con.execute(
                    "UPDATE articles SET tone = t.tone FROM _em_art_tones t WHERE articles.article_id = t.article_id"
                )
                self.con.execute(
                    "UPDATE events SET tone = t.tone FROM _em_ev_tones t WHERE events.event_id = t.event_id"
                )
                self._mark_stories_dirty()  # avg_tone of stories changes
            finally:
                self.con.unregister("_em_art_tones")
                self.con.unregister("_em_ev_tones")

        self._run_in_transaction(work)
        return len(arts), len(evs)

    # -- story events (cross-article deduplication, see eventmill.store.stories) --------------------
    def _mark_stories_dirty(self) -> None:
        self.con.execute("INSERT OR REPLACE INTO store_meta VALUES ('stories_dirty', '1')")

    @property
    def stories_dirty(self) -> bool:
        """True when events changed since the story tables were last built."""
        row = self.con.execute("SELECT value FROM store_meta WHERE key = 'stories_dirty'").fetchone()
        if row is None:  # never built: only clean if there is nothing to build from
            return self.count_events() > 0
        return row[0] != "0"

    def rebuild_story_events(self) -> int:
        """Rebuild story_events/story_mentions from all stored events; returns the story count."""
        result: list[int] = []

        def work() -> None:
            result.append(stories.rebuild(self.con))
            self.con.execute("INSERT OR REPLACE INTO store_meta VALUES ('stories_dirty', '0')")

        self._run_in_transaction(work)
        return result[0]

    def fresh_stories(self) -> None:
        """Rebuild stale story tables (a read-only store takes the write lock for a moment)."""
        if self.stories_dirty:
            if self.read_only:
                self._with_writer(Store.rebuild_story_events)
            else:
                self.rebuild_story_events()

    def story_events(
        self,
        since: dt.date | str | None = None,
        until: dt.date | str | None = None,
        country: str | None = None,
        root: str | None = None,
        limit: int | None = None,
        actor: str | None = None,
    ) -> list[dict[str, Any]]:
        """Deduplicated story events (rebuilt first if events changed), each with `mentions`.

        Filters as in query(), applied to the story's date (its first day), countries and root;
        actor names/texts match any of the story's mention events.
        """
        self.fresh_stories()
        where, params = _event_filters(since, until, actor, root, country, stories=True)
        return stories.fetch(self.con, where, params, limit)

    def count_story_events(self) -> int:
        self.fresh_stories()
        return int(self.con.execute("SELECT count(*) FROM story_events").fetchone()[0])

    # -- aggregates ------------------------------------------------------------------------
    def group_events(
        self,
        by: str,
        since: dt.date | str | None = None,
        until: dt.date | str | None = None,
        country: str | None = None,
        root: str | None = None,
        actor: str | None = None,
        *,
        stories: bool = False,
    ) -> list[dict[str, Any]]:
        """Counts per group for timelines and tables; filters as in query().

        by: 'month' ('YYYY-MM' of the event date), 'country' (location country, else source
        country), 'dyad' ('SRC->TGT' countries, '?' when unknown or no target) or 'root'.
        Each row: {by: key, count, goldstein_sum, mean_tone, num_articles}. num_articles counts
        distinct article texts, so reprints do not add. stories=True counts deduplicated story
        events instead of per-article events (mean_tone then averages the stories' avg_tone).
        Month and root groups come in key order; country and dyad by count, largest first.
        """
        if by not in _GROUP_KEYS:
            raise ValueError(f"cannot group by {by!r}: choose one of {', '.join(_GROUP_KEYS)}")
        key = _GROUP_KEYS[by]
        where, params = _event_filters(since, until, actor, root, country, stories=stories)
        cond = (" WHERE " + " AND ".join(where)) if where else ""
        if stories:
            self.fresh_stories()
            sql = f"""
                WITH s AS (SELECT *, {key} AS grp FROM story_events{cond}),
                agg AS (SELECT grp, count(*) AS n, sum(goldstein) AS gs, avg(avg_tone) AS mt
                        FROM s GROUP BY grp),
                arts AS (SELECT s.grp, count(DISTINCT m.text_hash) AS na
                         FROM s JOIN story_mentions m ON m.story_id = s.story_id GROUP BY s.grp)
                SELECT agg.grp, n, gs, mt, coalesce(na, 0)
                FROM agg LEFT JOIN arts ON arts.grp IS NOT DISTINCT FROM agg.grp"""
        else:
            sql = f"""
                SELECT {key} AS grp, count(*) AS n, sum(goldstein) AS gs, avg(tone) AS mt,
                       count(DISTINCT text_hash) AS na
                FROM (SELECT e.*, coalesce(a.text_hash, 'id:' || e.article_id) AS text_hash
                      FROM events e LEFT JOIN articles a ON a.article_id = e.article_id){cond}
                GROUP BY grp"""
        order = "grp" if by in ("month", "root") else "n DESC, grp"
        cur = self.con.execute(f"SELECT * FROM ({sql}) ORDER BY {order} NULLS LAST", params)
        return [
            {
                by: grp, "count": int(n),
                "goldstein_sum": round(gs, 3) if gs is not None else None,
                "mean_tone": round(mt, 4) if mt is not None else None,
                "num_articles": int(na),
            }
            for grp, n, gs, mt, na in cur.fetchall()
        ]

"""Cross-article deduplication: per-article events → *story events* (one per real event).

Two stored events report the same story when they share the key

    root, source country + role, target country + role, location country + place name

(a missing value equals only another missing value; a missing role equals '') and their event
dates chain within one day: events of one key are sorted by date and a new story starts where
the gap to the previous event exceeds one day. Events on days 1, 2, 3 form one story; events
on days 1 and 4 form two.

Counting never inflates on repeats:

* A *mention* is (article text hash, sentence span). Re-coding an article replaces its events
  (same id), and an identical text stored under another id (a reprint, a corpus read twice
  with different ids) yields the same mentions, so `num_mentions` does not move. Two events
  coded from one sentence of one article (e.g. 190 and 193 against the same target) are one
  mention.
* `num_articles` counts distinct article texts (md5 of the exact text), not article ids.
* `num_sources` counts distinct sources, a text being credited to one source only: that of
  its earliest copy (article date, then source key, then id). A wire text carried verbatim by
  three outlets is one article from one source; outlets that rewrite it count separately.
  A source is the URL host (lower-cased, leading "www." dropped); an article without a URL
  counts its `source` field, or else its own id, as its source.

`story_mentions` still lists every per-article event of a story (reprints flagged), so
nothing is hidden; only the counts are deduplicated. Per-article events stay in `events`.

The tables are rebuilt from all of `events` in a few SQL statements (`rebuild`): about 5 s
per million events on 2 threads (0.35 s per 100k). Store rebuilds lazily, on the first story
read after a save. Incremental upkeep would have to re-chain whole keys anyway (one new event
can merge two stories) and re-credit sources of every copy of a reprinted text.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

import duckdb
import pyarrow as pa

__all__ = ["STORY_DDL", "SOURCE_KEY_SQL", "ensure_tables", "rebuild", "fetch"]

STORY_EVENT_COLUMNS: tuple[str, ...] = (
    "story_id", "date", "code", "root", "quad", "goldstein", "plover",
    "source_country", "source_role", "target_country", "target_role",
    "location_name", "location_country", "location_lat", "location_lon",
    "num_mentions", "num_articles", "num_sources", "avg_tone", "first_seen", "last_seen",
    "rep_event_id",
)
MENTION_COLUMNS: tuple[str, ...] = (
    "story_id", "event_id", "article_id", "url", "sentence", "span_start", "span_end",
    "source", "text_hash", "reprint", "tone",
)

# Derived tables: no migrations. A file whose story tables differ from these is healed by
# dropping and rebuilding them (ensure_tables).
STORY_DDL = [
    """CREATE TABLE IF NOT EXISTS story_events (
        story_id VARCHAR PRIMARY KEY, date DATE, code VARCHAR, root VARCHAR, quad INTEGER,
        goldstein DOUBLE, plover VARCHAR, source_country VARCHAR, source_role VARCHAR,
        target_country VARCHAR, target_role VARCHAR, location_name VARCHAR,
        location_country VARCHAR, location_lat DOUBLE, location_lon DOUBLE,
        num_mentions INTEGER, num_articles INTEGER, num_sources INTEGER, avg_tone DOUBLE,
        first_seen DATE, last_seen DATE, rep_event_id VARCHAR)""",
    # source: this copy's own source key; reprint: another copy of the same text is the
    # credited one (see module doc). Counts in story_events use text_hash, never article_id.
    """CREATE TABLE IF NOT EXISTS story_mentions (
        story_id VARCHAR NOT NULL, event_id VARCHAR NOT NULL, article_id VARCHAR, url VARCHAR,
        sentence VARCHAR, span_start INTEGER, span_end INTEGER, source VARCHAR,
        text_hash VARCHAR, reprint BOOLEAN, tone DOUBLE)""",
]

# Host of a URL (scheme optional, userinfo and port dropped, "www." dropped), else
# 'source:<source>', else 'article:<id>'. Columns: url, source, article_id.
_HOST = r"regexp_extract(lower(trim(url)), '^(?:[a-z][a-z0-9+.-]*://)?(?:[^/?#@]*@)?([^/?#:]+)', 1)"
SOURCE_KEY_SQL = f"""CASE
    WHEN coalesce({_HOST}, '') <> '' THEN regexp_replace({_HOST}, '^www[0-9]*\\.', '')
    WHEN coalesce(trim(source), '') <> '' THEN 'source:' || lower(trim(source))
    ELSE 'article:' || article_id END"""

_KEY = "k_root, k_sc, k_sr, k_tc, k_tr, k_lc, k_ln"

# Every stored event with its key, its mention identity and its article's credited source.
_MENTIONS_SQL = f"""
CREATE TEMP TABLE _em_m AS
WITH art AS (
    SELECT article_id, date AS adate, url, coalesce(text_hash, 'id:' || article_id) AS text_hash,
           {SOURCE_KEY_SQL} AS source_key
    FROM articles),
canon AS (  -- the credited copy of each distinct text: earliest date, then source, then id
    SELECT text_hash,
           arg_min(article_id, (coalesce(adate, DATE '9999-12-31'), source_key, article_id)) AS canon_article,
           arg_min(source_key, (coalesce(adate, DATE '9999-12-31'), source_key, article_id)) AS canon_source
    FROM art GROUP BY text_hash)
SELECT e.event_id, e.article_id, a.url, e.sentence, e.span_start, e.span_end, e.tone,
       coalesce(e.date, e.article_date) AS d, coalesce(a.adate, e.article_date) AS adate,
       e.code, e.root, e.quad, e.goldstein, e.plover,
       e.source_country, e.source_role, e.target_country, e.target_role,
       e.location_name, e.location_country, e.location_lat, e.location_lon,
       coalesce(e.root, '') AS k_root, coalesce(e.source_country, '') AS k_sc,
       coalesce(e.source_role, '') AS k_sr, coalesce(e.target_country, '') AS k_tc,
       coalesce(e.target_role, '') AS k_tr, coalesce(e.location_country, '') AS k_lc,
       coalesce(e.location_name, '') AS k_ln,
       coalesce(a.text_hash, 'id:' || e.article_id) AS text_hash,
       coalesce(a.source_key, 'article:' || e.article_id) AS source_key,
       coalesce(c.canon_source, a.source_key, 'article:' || e.article_id) AS canon_source,
       coalesce(c.canon_article <> e.article_id, false) AS reprint,
       coalesce(a.text_hash, 'id:' || e.article_id) || ':' || e.span_start || ':' || e.span_end
           AS mention_key
FROM events e
LEFT JOIN art a ON a.article_id = e.article_id
LEFT JOIN canon c ON c.text_hash = a.text_hash
"""

# Chain by date within the key, then name each chain by its key, first day and first mention
# so a story keeps its id across rebuilds unless its first mention changes. The windows run
# over a slim projection and ids are joined back: sorting the wide rows was 3x slower.
_CHAIN_SQL = f"""
CREATE TEMP TABLE _em_k AS
WITH slim AS (SELECT event_id, d, mention_key, {_KEY} FROM _em_m),
flagged AS (
    SELECT *, CASE WHEN date_diff('day', lag(d) OVER w, d) <= 1 THEN 0 ELSE 1 END AS new_chain
    FROM slim WINDOW w AS (PARTITION BY {_KEY} ORDER BY d, event_id)),
chained AS (
    SELECT *, sum(new_chain) OVER (PARTITION BY {_KEY} ORDER BY d, event_id
                                   ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS chain
    FROM flagged),
named AS (
    SELECT {_KEY}, chain, substr(md5(concat_ws(chr(31), {_KEY}, min(d),
               arg_min(mention_key, (d, mention_key)))), 1, 16) AS story_id
    FROM chained GROUP BY {_KEY}, chain)
SELECT c.event_id, n.story_id FROM chained c JOIN named n USING ({_KEY}, chain)
"""
_JOIN_SQL = "CREATE TEMP TABLE _em_c AS SELECT m.*, k.story_id FROM _em_m m JOIN _em_k k USING (event_id)"

_MENTIONS_INSERT = f"""
INSERT INTO story_mentions ({", ".join(MENTION_COLUMNS)})
SELECT story_id, event_id, article_id, url, sentence, span_start, span_end, source_key,
       text_hash, reprint, tone
FROM _em_c
"""

# The story's code is its most-mentioned code; ties go to the more specific code (longer,
# then not a generic 'x0' "not specified below" code), then the smaller. Quad, Goldstein and
# PLOVER come from the earliest event with that code: the story's representative mention
# (rep_event_id), which also lends actor texts and names to fetch().
_STORIES_INSERT = f"""
INSERT INTO story_events ({", ".join(STORY_EVENT_COLUMNS)})
WITH base AS (
    SELECT story_id, min(d) AS date, any_value(root) AS root,
           any_value(source_country) AS source_country, any_value(source_role) AS source_role,
           any_value(target_country) AS target_country, any_value(target_role) AS target_role,
           any_value(location_name) AS location_name, any_value(location_country) AS location_country,
           arg_min(location_lat, (d, event_id)) FILTER (WHERE location_lat IS NOT NULL) AS location_lat,
           arg_min(location_lon, (d, event_id)) FILTER (WHERE location_lat IS NOT NULL) AS location_lon,
           count(DISTINCT mention_key) AS num_mentions, count(DISTINCT text_hash) AS num_articles,
           count(DISTINCT canon_source) AS num_sources,
           min(adate) AS first_seen, max(adate) AS last_seen
    FROM _em_c GROUP BY story_id),
tones AS (  -- one tone per mention, so a reprint does not weigh twice
    SELECT story_id, avg(t) AS avg_tone
    FROM (SELECT story_id, mention_key, max(tone) AS t FROM _em_c GROUP BY story_id, mention_key)
    GROUP BY story_id),
codes AS (
    SELECT story_id, code FROM (
        SELECT story_id, code, count(DISTINCT mention_key) AS n FROM _em_c GROUP BY story_id, code)
    QUALIFY row_number() OVER (PARTITION BY story_id
        ORDER BY n DESC, length(coalesce(code, '')) DESC, right(coalesce(code, ''), 1) = '0', code) = 1),
rep AS (
    SELECT c.story_id, c.code, c.quad, c.goldstein, c.plover, c.event_id
    FROM _em_c c JOIN codes k ON k.story_id = c.story_id AND k.code IS NOT DISTINCT FROM c.code
    QUALIFY row_number() OVER (PARTITION BY c.story_id ORDER BY c.d, c.event_id) = 1)
SELECT b.story_id, b.date, r.code, b.root, r.quad, r.goldstein, r.plover,
       b.source_country, b.source_role, b.target_country, b.target_role,
       b.location_name, b.location_country, b.location_lat, b.location_lon,
       b.num_mentions, b.num_articles, b.num_sources, round(t.avg_tone, 4), b.first_seen, b.last_seen,
       r.event_id
FROM base b JOIN rep r USING (story_id) LEFT JOIN tones t USING (story_id)
"""


_WANT = {"story_events": list(STORY_EVENT_COLUMNS), "story_mentions": list(MENTION_COLUMNS)}


def tables_current(con: duckdb.DuckDBPyConnection) -> bool:
    """Do the story tables exist with these columns? (Reads only.)"""
    have: dict[str, list[str]] = {}
    for table in _WANT:
        rows = con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = ? "
            "AND table_schema = current_schema() ORDER BY ordinal_position", [table]
        ).fetchall()
        have[table] = [r[0] for r in rows]
    return have == _WANT


def ensure_tables(con: duckdb.DuckDBPyConnection) -> bool:
    """Create the story tables, or recreate them if their columns are not these; True if
    they were (re)created empty, i.e. they need a rebuild."""
    if tables_current(con):
        return False
    for table in _WANT:
        con.execute(f"DROP TABLE IF EXISTS {table}")
    for stmt in STORY_DDL:
        con.execute(stmt)
    return True


def rebuild(con: duckdb.DuckDBPyConnection) -> int:
    """Refill story_events and story_mentions from events; returns the number of stories.

    Call inside a transaction: the tables are emptied first.
    """
    con.execute("DELETE FROM story_mentions")
    con.execute("DELETE FROM story_events")
    try:
        con.execute(_MENTIONS_SQL)
        con.execute(_CHAIN_SQL)
        con.execute(_JOIN_SQL)
        con.execute(_MENTIONS_INSERT)
        con.execute(_STORIES_INSERT)
    finally:
        for table in ("_em_c", "_em_k", "_em_m"):
            con.execute(f"DROP TABLE IF EXISTS {table}")
    return int(con.execute("SELECT count(*) FROM story_events").fetchone()[0])


def _iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


_FETCH_SQL = """
SELECT s.story_id, s.date, s.code, s.root, s.quad, s.goldstein, s.plover,
       s.source_country, s.source_role, s.target_country, s.target_role,
       s.location_name, s.location_country, s.location_lat, s.location_lon,
       s.num_mentions, s.num_articles, s.num_sources, s.avg_tone, s.first_seen, s.last_seen,
       e.article_id, e.article_date, e.source_text, e.source_name, e.target_text, e.target_name,
       e.location_admin1, e.location_geonameid, e.location_precision,
       e.sentence, e.span_start, e.span_end, e.confidence,
       e.killed, e.wounded, e.arrested, e.crowd, e.trigger_start, e.trigger_end
FROM (SELECT * FROM story_events{where}) s
LEFT JOIN events e ON e.event_id = s.rep_event_id
ORDER BY s.date, s.num_articles DESC, s.num_mentions DESC, s.story_id"""


def _story_dict(r: dict[str, Any]) -> dict[str, Any]:
    """A story row → Event.to_dict() shape (what query() returns and the exporters read):
    event_id is the story id, article/sentence/span/confidence are the representative
    mention's; plus the story fields."""
    target = None
    if r["target_country"] is not None or r["target_text"] is not None:
        target = {"text": r["target_text"], "country": r["target_country"], "role": r["target_role"],
                  "name": r["target_name"]}
    location = None
    if r["location_name"] is not None or r["location_country"] is not None:
        location = {
            "name": r["location_name"], "country": r["location_country"], "admin1": r["location_admin1"],
            "lat": r["location_lat"], "lon": r["location_lon"], "geonameid": r["location_geonameid"],
            "precision": r["location_precision"],
        }
    conf = r["confidence"]
    return {
        "event_id": r["story_id"],
        "article_id": r["article_id"],
        "article_date": _iso(r["article_date"]),
        "date": _iso(r["date"]),
        "code": r["code"],
        "root": r["root"],
        "quad": r["quad"],
        "goldstein": r["goldstein"],
        "plover": r["plover"],
        "source": {"text": r["source_text"], "country": r["source_country"], "role": r["source_role"],
                   "name": r["source_name"]},
        "target": target,
        "location": location,
        "sentence": r["sentence"],
        "span": [r["span_start"], r["span_end"]],
        "confidence": round(conf, 3) if conf is not None else None,
        "magnitudes": {k: r[k] for k in ("killed", "wounded", "arrested", "crowd") if r.get(k) is not None},
        "trigger": [r["trigger_start"], r["trigger_end"]] if r.get("trigger_start") is not None else None,
        "story_id": r["story_id"],
        "num_mentions": r["num_mentions"],
        "num_articles": r["num_articles"],
        "num_sources": r["num_sources"],
        "tone": r["avg_tone"],  # the exporters' name for it
        "avg_tone": r["avg_tone"],
        "first_seen": _iso(r["first_seen"]),
        "last_seen": _iso(r["last_seen"]),
    }


def fetch(
    con: duckdb.DuckDBPyConnection, where: list[str], params: list[Any], limit: int | None
) -> list[dict[str, Any]]:
    """Story events matching `where` (SQL over story_events columns), each with `mentions`.

    Ordered by date, then most-reported first. Shape: see _story_dict; a mention is
    {event_id, article_id, url, source, sentence, span, tone, confidence, reprint}.
    """
    params = list(params)
    cond = (" WHERE " + " AND ".join(where)) if where else ""
    sql = _FETCH_SQL.format(where=cond)
    if limit is not None:
        sql += " LIMIT ?"
        params.append(int(limit))
    cur = con.execute(sql, params)
    names = [d[0] for d in cur.description]
    stories = [_story_dict(dict(zip(names, row))) for row in cur.fetchall()]
    if not stories:
        return stories
    by_id = {s["story_id"]: s for s in stories}
    for s in stories:
        s["mentions"] = []
    ids = pa.table({"story_id": pa.array(list(by_id), pa.string())})
    con.register("_em_story_ids", ids)
    try:
        cur = con.execute(
            "SELECT m.story_id, m.event_id, m.article_id, m.url, m.source, m.sentence, m.span_start,"
            " m.span_end, m.tone, e.confidence, m.reprint FROM story_mentions m"
            " JOIN _em_story_ids i ON i.story_id = m.story_id"
            " LEFT JOIN events e ON e.event_id = m.event_id"
            " ORDER BY m.story_id, m.reprint, m.article_id, m.span_start, m.event_id"
        )
        rows = cur.fetchall()
    finally:
        con.unregister("_em_story_ids")
    for sid, eid, aid, url, source, sentence, s0, s1, tone, conf, reprint in rows:
        by_id[sid]["mentions"].append({
            "event_id": eid, "article_id": aid, "url": url, "source": source, "sentence": sentence,
            "span": [s0, s1], "tone": tone, "confidence": round(conf, 3) if conf is not None else None,
            "reprint": reprint,
        })
    return stories

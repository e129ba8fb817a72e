"""DuckDB store: save replaces, save_many bulk-inserts, query filters return to_dict() shape."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from eventmill.store import SCHEMA_VERSION, Store
from eventmill.types import Actor, Article, Event, Place


def art(aid: str, day: int = 1) -> Article:
    return Article(id=aid, date=dt.date(2020, 1, day), text=f"Text of {aid}.", url=f"http://x/{aid}",
                   source="AP", origin=f"f.jsonl:{day}")


def ev(aid: str, i: int, *, day: int = 1, code: str = "190", root: str = "19", src=("IRQ", "Militiamen", None),
       tgt=("USA", "the embassy", "US Embassy"), loc: Place | None = None) -> Event:
    return Event(
        article_id=aid, article_date=dt.date(2020, 1, day), date=dt.date(2020, 1, day), code=code, root=root,
        quad=4, goldstein=-10.0, plover="ASSAULT",
        source=Actor(src[1], src[0], "REB", src[2]),
        target=Actor(tgt[1], tgt[0], "GOV", tgt[2]) if tgt else None,
        location=loc, sentence=f"Sentence {i}.", span=(i * 10, i * 10 + 9), confidence=0.91234,
        event_id=f"{aid}-{i}",
    )


BAGHDAD = Place("Baghdad", "IRQ", "Baghdad", 33.34, 44.4, 98182, "city")


def test_save_and_roundtrip(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "em.duckdb"
    e = ev("a1", 0, loc=BAGHDAD)
    with Store(path) as st:
        assert st.schema_version == SCHEMA_VERSION
        st.save(art("a1"), [e])
        assert st.count_articles() == 1 and st.count_events() == 1
        assert st.query() == [e.to_dict()]
    # Persisted, and reopening does not recreate or bump anything.
    with Store(path) as st:
        assert st.count_events() == 1 and st.schema_version == SCHEMA_VERSION
        row = st.con.execute("SELECT n_events, origin, url, date FROM articles").fetchone()
        assert row == (1, "f.jsonl:1", "http://x/a1", dt.date(2020, 1, 1))


def test_null_target_and_location() -> None:
    e = ev("a1", 0, tgt=None)
    with Store(":memory:") as st:
        st.save(art("a1"), [e])
        (got,) = st.query()
        assert got["target"] is None and got["location"] is None
        assert got == e.to_dict()


def test_resave_replaces_not_duplicates() -> None:
    with Store(":memory:") as st:
        st.save(art("a1"), [ev("a1", 0), ev("a1", 1), ev("a1", 2)])
        st.save(art("a2"), [ev("a2", 0)])
        st.save(art("a1"), [ev("a1", 0, code="173", root="17")])
        assert st.count_articles() == 2
        assert st.count_events() == 2
        assert {e["code"] for e in st.query()} == {"173", "190"}
        st.save(art("a1"), [])
        assert st.count_events() == 1 and st.count_articles() == 2
        assert st.con.execute("SELECT n_events FROM articles WHERE article_id='a1'").fetchone() == (0,)


def test_events_without_id_get_unique_keys() -> None:
    e1, e2 = ev("a1", 0), ev("a1", 1)
    e1.event_id = e2.event_id = ""
    with Store(":memory:") as st:
        st.save(art("a1"), [e1, e2])
        st.save(art("a1"), [e1, e2])
        assert [e["event_id"] for e in st.query()] == ["a1:0", "a1:1"]


def test_query_filters() -> None:
    with Store(":memory:") as st:
        st.save(art("a1", 1), [ev("a1", 0, day=1, loc=BAGHDAD)])
        st.save(art("a2", 5), [ev("a2", 0, day=5, code="042", root="04", src=("USA", "Pompeo", "Mike Pompeo"),
                                      tgt=("IRN", "Tehran", None))])
        st.save(art("a3", 9), [ev("a3", 0, day=9, code="111", root="11", src=("FRA", "Paris", None), tgt=None,
                                      loc=Place("Kabul", "AFG", precision="city"))])
        ids = lambda rows: [r["article_id"] for r in rows]  # noqa: E731
        assert ids(st.query()) == ["a1", "a2", "a3"]
        assert ids(st.query(since=dt.date(2020, 1, 5))) == ["a2", "a3"]
        assert ids(st.query(until="2020-01-05")) == ["a1", "a2"]
        assert ids(st.query(since="2020-01-02", until=dt.date(2020, 1, 8))) == ["a2"]
        assert ids(st.query(actor="usa")) == ["a1", "a2"]          # source or target country
        assert ids(st.query(actor="pompeo")) == ["a2"]             # name substring
        assert ids(st.query(actor="MILITIA")) == ["a1"]            # text substring
        assert ids(st.query(actor="paris")) == ["a3"]
        assert ids(st.query(root="4")) == ["a2"]
        assert ids(st.query(root="19")) == ["a1"]
        assert ids(st.query(country="AFG")) == ["a3"]              # location country
        assert ids(st.query(country="irn")) == ["a2"]              # target country
        assert ids(st.query(country="IRQ")) == ["a1"]
        assert ids(st.query(limit=2)) == ["a1", "a2"]
        assert st.query(actor="x'); DROP TABLE events; --") == []  # parameterised
        assert st.count_events() == 3


def test_save_many_bulk_and_dedup() -> None:
    batch = [(art(f"a{i}"), [ev(f"a{i}", j) for j in range(3)]) for i in range(2000)]
    with Store(":memory:") as st:
        st.save_many(batch)
        assert st.count_articles() == 2000 and st.count_events() == 6000
        # Re-saving an overlapping batch (with a repeat inside it) replaces; last one wins.
        st.save_many([(art("a1"), []), (art("a1"), [ev("a1", 7)]), (art("new"), [ev("new", 0)])])
        assert st.count_articles() == 2001
        assert st.count_events() == 6000 - 3 + 1 + 1
        assert [e["event_id"] for e in st.query(actor="militia") if e["article_id"] == "a1"] == ["a1-7"]
        st.save_many([])
        assert st.count_articles() == 2001


def test_failed_batch_rolls_back() -> None:
    with Store(":memory:") as st:
        st.save(art("a1"), [ev("a1", 0)])
        dup = ev("a2", 0)
        with pytest.raises(Exception):
            st.save_many([(art("a2"), [dup, dup])])  # duplicate event_id violates the key
        assert st.count_articles() == 1 and st.count_events() == 1
        st.save(art("a2"), [ev("a2", 0)])  # the connection is still usable
        assert st.count_events() == 2


# -- schema version 2: tone, text hash, story tables, group counts -----------------------------

# The version-1 schema exactly as eventmill 0.1 created it.
V1_DDL = [
    "CREATE TABLE schema_version (version INTEGER NOT NULL, applied_at TIMESTAMP)",
    """CREATE TABLE articles (
        article_id VARCHAR PRIMARY KEY, date DATE, url VARCHAR, source VARCHAR, origin VARCHAR,
        text VARCHAR, n_events INTEGER, coded_at TIMESTAMP)""",
    """CREATE TABLE events (
        event_id VARCHAR PRIMARY KEY, article_id VARCHAR NOT NULL, article_date DATE, date DATE,
        code VARCHAR, root VARCHAR, quad INTEGER, goldstein DOUBLE, plover VARCHAR,
        source_text VARCHAR, source_country VARCHAR, source_role VARCHAR, source_name VARCHAR,
        target_text VARCHAR, target_country VARCHAR, target_role VARCHAR, target_name VARCHAR,
        location_name VARCHAR, location_country VARCHAR, location_admin1 VARCHAR,
        location_lat DOUBLE, location_lon DOUBLE, location_geonameid BIGINT,
        location_precision VARCHAR, sentence VARCHAR, span_start INTEGER, span_end INTEGER,
        confidence DOUBLE)""",
    "INSERT INTO schema_version VALUES (1, now())",
    "INSERT INTO articles VALUES ('old', DATE '2020-01-01', 'http://x/old', 'AP', 'f.jsonl:1',"
    " 'Militiamen killed guards in a massacre.', 1, now())",
    "INSERT INTO events VALUES ('old-0', 'old', DATE '2020-01-01', DATE '2020-01-01', '190', '19', 4,"
    " -10.0, 'ASSAULT', 'Militiamen', 'IRQ', 'REB', NULL, 'guards', 'USA', 'GOV', NULL, 'Baghdad',"
    " 'IRQ', 'Baghdad', 33.34, 44.4, 98182, 'city', 'Militiamen killed guards in a massacre.', 0, 39, 0.9)",
]


def test_migrates_version_1_file(tmp_path: Path) -> None:
    import duckdb

    path = tmp_path / "v1.duckdb"
    con = duckdb.connect(str(path))
    for stmt in V1_DDL:
        con.execute(stmt)
    con.close()
    with Store(path) as st:
        assert SCHEMA_VERSION == 3 and st.schema_version == 3
        (old,) = st.query()
        assert old["event_id"] == "old-0" and old["location"]["name"] == "Baghdad"  # data kept
        cols = {t: [r[0] for r in st.con.execute(f"DESCRIBE {t}").fetchall()] for t in ("articles", "events")}
        assert cols["articles"][-2:] == ["tone", "text_hash"]
        assert cols["events"][-7:] == ["tone", "killed", "wounded", "arrested", "crowd", "trigger_start",
                                       "trigger_end"]
        assert st.con.execute("SELECT text_hash = md5(text), tone FROM articles").fetchone() == (True, None)
        # Old rows have no tone until backfilled; new saves get it; both live side by side.
        st.save(art("a1"), [ev("a1", 0, loc=BAGHDAD)])
        assert st.con.execute("SELECT count(*) FROM events WHERE tone IS NULL").fetchone() == (1,)
        assert st.backfill_tone() == (1, 1)
        assert st.con.execute("SELECT tone FROM events WHERE event_id = 'old-0'").fetchone()[0] < -5
        (story,) = st.story_events()  # same key, same day: the old and the new event are one story
        assert story["num_articles"] == 2 and story["num_sources"] == 1  # both on host "x"
    with Store(path) as st:  # reopening migrates nothing more
        assert st.schema_version == 3
        assert [r[0] for r in st.con.execute("SELECT version FROM schema_version ORDER BY 1").fetchall()] == [1, 2, 3]
        assert st.count_story_events() == 1 and not st.stories_dirty


def test_story_tables_of_another_layout_are_rebuilt(tmp_path: Path) -> None:
    path = tmp_path / "em.duckdb"
    with Store(path) as st:
        st.save(art("a1"), [ev("a1", 0)])
        assert st.count_story_events() == 1
        st.con.execute("ALTER TABLE story_events DROP COLUMN rep_event_id")  # e.g. an older build
    with Store(path) as st:
        assert st.stories_dirty
        assert st.story_events()[0]["sentence"] == "Sentence 0."


def test_group_events() -> None:
    kabul = Place("Kabul", "AFG", precision="city")
    with Store(":memory:") as st:
        st.save_many([
            (art("a1", 1), [ev("a1", 0, day=1, loc=BAGHDAD), ev("a1", 1, day=1, loc=BAGHDAD)]),
            (art("a2", 2), [ev("a2", 0, day=2, tgt=None)]),  # no location: source country
            (Article("b1", dt.date(2020, 2, 3), "Text of b1.", "http://y/b1"),
             [Event("b1", dt.date(2020, 2, 3), dt.date(2020, 2, 3), "042", "04", 1, 1.9, "CONSULT",
                    Actor("Paris", "FRA", "GOV"), Actor("Kabul", "AFG", "GOV"), kabul,
                    "France and Afghanistan agreed and welcomed peace.", (0, 49), 0.8, "b1-0")]),
        ])
        month = st.group_events("month")
        assert [(g["month"], g["count"], g["goldstein_sum"], g["num_articles"]) for g in month] == [
            ("2020-01", 3, -30.0, 2), ("2020-02", 1, 1.9, 1)]
        assert month[1]["mean_tone"] > 5  # "agreed ... welcomed peace"
        assert [(g["country"], g["count"]) for g in st.group_events("country")] == [("IRQ", 3), ("AFG", 1)]
        assert [(g["dyad"], g["count"]) for g in st.group_events("dyad")] == [
            ("IRQ->USA", 2), ("FRA->AFG", 1), ("IRQ->?", 1)]
        assert [(g["root"], g["count"]) for g in st.group_events("root")] == [("04", 1), ("19", 3)]
        # Filters as in query().
        assert [g["month"] for g in st.group_events("month", since="2020-02-01")] == ["2020-02"]
        assert [g["month"] for g in st.group_events("month", until=dt.date(2020, 1, 31))] == ["2020-01"]
        assert st.group_events("root", country="afg")[0]["root"] == "04"
        assert [g["count"] for g in st.group_events("month", root="19")] == [3]
        assert [g["count"] for g in st.group_events("month", actor="paris")] == [1]
        assert st.group_events("month", actor="nobody") == []
        # A reprint (same text, other id) adds events but not articles.
        st.save(Article("a1-copy", dt.date(2020, 1, 1), "Text of a1.", "http://z/a1"), [ev("a1-copy", 0)])
        jan = st.group_events("month", until="2020-01-31")[0]
        assert (jan["count"], jan["num_articles"]) == (4, 2)
        with pytest.raises(ValueError, match="cannot group by 'week'"):
            st.group_events("week")


# -- read-only opening (issue 13) --------------------------------------------------------------

def test_read_only_store_migrates_an_old_file_and_rebuilds_stale_stories(tmp_path: Path) -> None:
    import duckdb

    path = tmp_path / "v1.duckdb"
    con = duckdb.connect(str(path))
    for stmt in V1_DDL:
        con.execute(stmt)
    con.close()
    with Store(path, read_only=True) as st:
        assert st.schema_version == SCHEMA_VERSION and st.query()[0]["event_id"] == "old-0"
        assert len(st.story_events()) == 1  # built through a brief writer
        with pytest.raises(duckdb.Error):  # and the connection it reads on writes nothing
            st.con.execute("DELETE FROM events")


def test_read_only_store_is_never_created(tmp_path: Path) -> None:
    from eventmill.store.database import StoreError

    with pytest.raises(StoreError, match="no store at"):
        Store(tmp_path / "missing.duckdb", read_only=True)
    assert list(tmp_path.iterdir()) == []
    import duckdb

    duckdb.connect(str(tmp_path / "empty.duckdb")).close()
    with pytest.raises(StoreError, match="empty DuckDB database"):
        Store(tmp_path / "empty.duckdb", read_only=True)

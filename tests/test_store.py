"""DuckDB store: save replaces, save_many bulk-inserts, query filters return to_dict() shape."""
from __future__ import annotations

import datetime as dt
import time
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
        t0 = time.perf_counter()
        st.save_many(batch)
        elapsed = time.perf_counter() - t0
        assert st.count_articles() == 2000 and st.count_events() == 6000
        assert elapsed < 5, f"save_many too slow: {elapsed:.2f}s for 2000 articles"
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

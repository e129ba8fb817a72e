"""store/queries.py: the filters, pages and aggregates the CLI and the API share."""
from __future__ import annotations

import datetime as dt
import json

import duckdb
import pytest

from eventmill.cli import main
from eventmill.store import queries
from eventmill.store.queries import EventFilter, QueryError


@pytest.fixture
def con(demo_store):
    con = duckdb.connect(str(demo_store), read_only=True)
    yield con
    con.close()


@pytest.mark.parametrize("kwargs, field", [
    ({"root": "99"}, "root"), ({"root": "ab"}, "root"), ({"root": "2101"}, "root"), ({"root": "0\u00b2"}, "root"),
    ({"quad": 5}, "quad"), ({"quad": "x"}, "quad"),
    ({"since": "2020-13-01"}, "since"), ({"since": "2021-01-01", "until": "2020-01-01"}, "until"),
    ({"min_confidence": 1.5}, "min_confidence"), ({"min_confidence": float("nan")}, "min_confidence"),
    ({"actor": "x" * 500}, "actor"), ({"q": "a\x00b"}, "q"), ({"colour": "red"}, "colour"),
])
def test_bad_filters_name_their_field(kwargs, field):
    with pytest.raises(QueryError) as err:
        EventFilter.of(**kwargs)
    assert err.value.field == field


def test_root_is_padded_and_blank_strings_are_no_filter():
    f = EventFilter.of(root="9", actor="  ", since="2020-01-01")
    assert f.root == "09" and f.actor is None and f.since == dt.date(2020, 1, 1)


def test_bad_paging_and_sort(con):
    with pytest.raises(QueryError, match="limit"):
        queries.list_events(con, EventFilter(), limit=-1)
    with pytest.raises(QueryError, match="offset"):
        queries.list_events(con, EventFilter(), offset=-3)
    with pytest.raises(QueryError, match="sort"):
        queries.list_events(con, EventFilter(), sort="sentence; DROP TABLE events")
    with pytest.raises(QueryError, match="interval"):
        queries.timeline(con, EventFilter(), "fortnight")


def test_pages_add_up_to_the_total(con):
    everything, total = queries.list_events(con, EventFilter(), with_total=True)
    assert total == len(everything) > 20
    ids = []
    for offset in range(0, total, 10):
        page, page_total = queries.list_events(con, EventFilter(), limit=10, offset=offset, with_total=True)
        assert page_total == total
        ids += [e["event_id"] for e in page]
    assert ids == [e["event_id"] for e in everything]
    assert queries.list_events(con, EventFilter(), limit=10, offset=total + 5, with_total=True) == ([], total)


def test_filters_combine(con):
    f = EventFilter.of(country="IRQ", quad=4)
    rows, total = queries.list_events(con, f, with_total=True)
    assert total and all(r["quad"] == 4 for r in rows)
    assert all("IRQ" in (r["source"]["country"], (r["target"] or {}).get("country"),
                         (r["location"] or {}).get("country")) for r in rows)
    by_text = queries.list_events(con, EventFilter.of(q="EMBASSY"))[0]
    assert by_text and all("embassy" in r["sentence"].lower() for r in by_text)
    src = queries.list_events(con, EventFilter.of(source="usa", target="irq"))[0]
    assert src and all(r["source"]["country"] == "USA" and r["target"]["country"] == "IRQ" for r in src)
    confident = queries.list_events(con, EventFilter.of(min_confidence=0.6))[0]
    assert all(r["confidence"] >= 0.6 for r in confident)
    newest = queries.list_events(con, EventFilter(), sort="-date", limit=1)[0][0]
    assert newest["date"] == max(r["date"] for r in queries.list_events(con, EventFilter())[0])


def test_text_is_bound_never_pasted(con):
    hostile = "x' OR 1=1 --"
    assert queries.list_events(con, EventFilter.of(actor=hostile, q=hostile, country=hostile))[0] == []


def test_timeline_counts_quads_and_fills_gaps(con):
    rows = queries.timeline(con, EventFilter(), "month")
    assert sum(r["count"] for r in rows) == queries.list_events(con, EventFilter(), with_total=True)[1]
    assert all(r["count"] == r["q1"] + r["q2"] + r["q3"] + r["q4"] for r in rows)
    months = [r["period"] for r in rows]
    assert months == sorted(months) and len(months) > 60  # 2007-09 .. 2020-01, empty months included
    weeks = queries.timeline(con, EventFilter.of(since="2019-12-01", until="2020-01-31"), "week")
    assert all(dt.date.fromisoformat(w["period"]).weekday() == 0 for w in weeks)


def test_dyads_places_stories_and_detail(con):
    dyads = queries.dyads(con, EventFilter(), 5)
    assert len(dyads) == 5 and dyads[0]["count"] >= dyads[-1]["count"]
    places = queries.places(con, EventFilter.of(country="MMR"), 50)
    assert any(p["name"] == "Yangon" and p["lat"] and p["lon"] for p in places)
    stories, total = queries.list_stories(con, EventFilter.of(q="tear gas"), limit=2)
    assert total >= len(stories) > 0 and all(s["mentions"] for s in stories)
    event = queries.list_events(con, EventFilter.of(q="arrested dozens"))[0][0]
    detail = queries.event_detail(con, event["event_id"])
    text = detail["article"]["text"]
    assert text[slice(*detail["event"]["span"])] == detail["event"]["sentence"]
    assert detail["story"]["num_mentions"] >= 1
    assert queries.event_detail(con, "no-such-id") is None


def test_cli_events_and_api_agree(demo_store, capsys):
    from fastapi.testclient import TestClient

    from eventmill.serve.app import create_app

    args = ["events", "--db", str(demo_store), "--country", "MMR", "--quad", "3", "--format", "jsonl"]
    assert main(args) == 0
    cli = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    with TestClient(create_app(demo_store)) as client:
        api = client.get("/api/events", params={"country": "MMR", "quad": 3, "limit": 1000}).json()
    assert cli == api["events"] and len(cli) == api["total"] > 0
    with pytest.raises(SystemExit) as exit_:  # a usage error, as argparse reports it
        main(["events", "--db", str(demo_store), "--root", "99"])
    assert exit_.value.code == 2 and "root" in capsys.readouterr().err

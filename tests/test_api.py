"""The HTTP API (FastAPI TestClient over the demo store): reads, errors, CSV, writes."""
from __future__ import annotations

import csv
import io

import pytest
from fastapi.testclient import TestClient

from eventmill.serve import app as serve_app
from eventmill.serve.app import create_app


@pytest.fixture(scope="module")
def client(demo_store):
    with TestClient(create_app(demo_store)) as c:
        yield c


@pytest.fixture
def writer(demo_copy, coder):
    with TestClient(create_app(demo_copy, allow_writes=True, coder_factory=lambda: coder)) as c:
        yield c


def test_events_page_with_total(client, demo_total):
    r = client.get("/api/events", params={"limit": 5, "offset": 5, "sort": "-goldstein"})
    assert r.status_code == 200
    body = r.json()
    assert demo_total > 10 and body["total"] == demo_total and len(body["events"]) == 5 and body["offset"] == 5
    golds = [e["goldstein"] for e in body["events"]]
    assert golds == sorted(golds, reverse=True)


def test_events_as_csv(client):
    r = client.get("/api/events", params={"country": "VEN"}, headers={"accept": "text/csv"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert rows and all("VEN" in (row["source_country"], row["target_country"], row["location_country"])
                        for row in rows)
    assert client.get("/api/events?format=csv&limit=1").text.startswith("event_id,")


@pytest.mark.parametrize("query, field", [
    ("root=99", "root"), ("root=x", "root"), ("limit=-1", "limit"), ("limit=100000", "limit"),
    ("offset=-1", "offset"), ("since=2020-02-30", "since"), ("until=yesterday", "until"),
    ("since=2021-01-01&until=2020-01-01", "until"), ("quad=0", "quad"), ("sort=sentence", "sort"),
    ("min_confidence=2", "min_confidence"), ("q=" + "x" * 300, "q"),
])
def test_bad_parameters_are_422_naming_the_field(client, query, field):
    r = client.get("/api/events?" + query)
    assert r.status_code == 422, r.text
    assert any(d["loc"][-1] == field for d in r.json()["detail"])


def test_timeline_dyads_places_stories(client, demo_total):
    t = client.get("/api/timeline", params={"interval": "year", "country": "IRQ"}).json()
    assert t["interval"] == "year" and sum(p["count"] for p in t["periods"]) > 0
    assert set(t["periods"][0]) >= {"period", "q1", "q2", "q3", "q4", "goldstein_sum", "mean_tone"}
    assert client.get("/api/timeline?interval=hour").status_code == 422
    d = client.get("/api/dyads", params={"limit": 3}).json()["dyads"]
    assert len(d) == 3 and {"source", "target", "count", "goldstein_sum"} <= set(d[0])
    p = client.get("/api/places").json()["places"]
    assert p and all(-90 <= x["lat"] <= 90 and -180 <= x["lon"] <= 180 for x in p)
    s = client.get("/api/stories", params={"limit": 2}).json()
    assert s["total"] > 2 and len(s["stories"]) == 2 and "num_sources" in s["stories"][0]
    f = client.get("/api/facets").json()
    assert f["events"] == demo_total and f["countries"][0]["count"] > 0 and len(f["roots"]) == 20


def test_event_page_has_article_and_story(client):
    first = client.get("/api/events", params={"q": "tear gas", "country": "MMR"}).json()["events"][0]
    r = client.get(f"/api/events/{first['event_id']}")
    assert r.status_code == 200
    d = r.json()
    start, end = d["event"]["span"]
    assert d["article"]["text"][start:end] == d["event"]["sentence"]
    assert d["story"] and isinstance(d["mentions"], list)
    missing = client.get("/api/events/nope")
    assert missing.status_code == 404 and "nope" in missing.json()["detail"]


def test_dashboard_and_assets_are_served_locally(client):
    page = client.get("/")
    assert page.status_code == 200 and "<title>" in page.text
    assert "http://" not in page.text and "https://" not in page.text  # no CDN
    for asset in ("/static/app.js", "/static/style.css", "/static/vendor/d3/d3.min.js",
                  "/static/vendor/topojson-client/topojson-client.min.js",
                  "/static/vendor/world-atlas/countries-110m.json"):
        assert client.get(asset).status_code == 200, asset


def test_read_only_by_default(client):
    r = client.post("/api/articles", json=[{"id": "a", "date": "2020-01-01", "text": "Iran rejected it."}])
    assert r.status_code == 403 and "--allow-writes" in r.text
    assert client.get("/api/health").json()["writable"] is False


def test_post_codes_stores_and_answers(writer):
    article = {"id": "api-1", "date": "2020-03-05", "url": "https://example.org/a",
               "text": "Turkey accused Syria of shelling its troops near Idlib on Thursday."}
    r = writer.post("/api/articles", json=[article])
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["articles"] == 1 and body["events"]
    ev = body["events"][0]
    assert ev["article_id"] == "api-1" and ev["source"]["country"] == "TUR"
    # stored: visible to the reads, stories rebuilt on the next read
    assert writer.get("/api/events", params={"q": "Idlib"}).json()["total"] == len(body["events"])
    assert writer.get(f"/api/events/{ev['event_id']}").json()["story"] is not None


@pytest.mark.parametrize("body, status, field", [
    ([{"date": "2020-01-01", "text": "x"}], 422, "id"),
    ([{"id": "a", "date": "2020-13-01", "text": "x"}], 422, "date"),
    ([{"id": "a", "date": "2020-01-01", "text": ""}], 422, "text"),
    ([{"id": "a", "date": "2020-01-01", "text": "x", "colour": "red"}], 422, "colour"),
    ([{"id": "a", "date": "2020-01-01", "text": "x" * (serve_app.MAX_ARTICLE_CHARS + 1)}], 422, "text"),
    ("not a list", 422, None),
    ([], 422, None),
])
def test_post_bad_input_is_4xx_naming_the_field(writer, body, status, field):
    r = writer.post("/api/articles", json=body)
    assert r.status_code == status, r.text
    if field:
        assert any(field in map(str, d["loc"]) for d in r.json()["detail"])


def test_post_limits(writer, monkeypatch):
    r = writer.post("/api/articles", content=b"{not json", headers={"content-type": "application/json"})
    assert r.status_code == 400 and "JSON" in r.text
    monkeypatch.setattr(serve_app, "MAX_BODY_BYTES", 1000)
    r = writer.post("/api/articles", json=[{"id": "a", "date": "2020-01-01", "text": "x" * 2000}])
    assert r.status_code == 413
    many = [{"id": str(i), "date": "2020-01-01", "text": "x"} for i in range(serve_app.MAX_ARTICLES + 1)]
    monkeypatch.setattr(serve_app, "MAX_BODY_BYTES", 10**7)
    assert writer.post("/api/articles", json=many).status_code == 413


def test_an_empty_store_answers_empty(tmp_path):
    from eventmill.store import Store

    path = tmp_path / "empty.duckdb"
    Store(path).close()
    with TestClient(create_app(path)) as c:
        assert c.get("/api/timeline?interval=auto").json()["periods"] == []
        assert c.get("/api/events").json() == {"total": 0, "limit": 100, "offset": 0, "events": []}
        assert c.get("/api/stories").json()["total"] == 0
        assert c.get("/api/dyads").json() == {"dyads": []} and c.get("/api/places").json() == {"places": []}
        assert c.get("/api/facets").json()["since"] is None


def test_missing_store_is_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="eventmill code"):
        create_app(tmp_path / "nope.duckdb")


def test_event_ids_with_slashes(writer):
    article = {"id": "feeds/2020/a.txt", "date": "2020-03-05",
               "text": "Turkey accused Syria of shelling its troops near Idlib on Thursday."}
    event = writer.post("/api/articles", json=[article]).json()["events"][0]
    r = writer.get("/api/events/" + event["event_id"].replace("/", "%2F"))
    assert r.status_code == 200 and r.json()["event"]["article_id"] == "feeds/2020/a.txt"

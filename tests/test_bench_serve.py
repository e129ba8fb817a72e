"""bench-serve's parts (no timing here): the synthetic store and the requests it sends."""
from __future__ import annotations

import random

from fastapi.testclient import TestClient

from eventmill.serve.app import create_app
from eventmill.serve.bench import _request, percentile
from eventmill.serve.synthetic import fill_synthetic
from eventmill.store import Store


def test_synthetic_store_and_bench_requests_answer_200(tmp_path):
    path = tmp_path / "syn.duckdb"
    assert fill_synthetic(path, 5000) == 5000
    with Store(path) as store:
        events = store.query(limit=3)
        assert len(events) == 3 and all(e["source"]["country"] and e["location"]["lat"] is not None
                                        for e in events)
        assert store.count_articles() == 1000
    rng = random.Random(7)
    with TestClient(create_app(path)) as client:
        assert client.get("/api/health").json()["pre_aggregated"] is True
        for _ in range(60):
            name, url = _request(rng)
            r = client.get(url)
            assert r.status_code == 200, (url, r.text)
        # the pre-aggregated answers equal the ones computed from the events themselves
        app = client.app
        app.state.access.rollup = False
        app.state.cache.clear()
        for url in ("/api/timeline?country=USA&interval=week", "/api/events?country=IRN&quad=2&sort=-date&limit=10&offset=20",
                    "/api/events?country=USA&sort=-goldstein&limit=25&offset=50",
                    "/api/events?sort=goldstein&limit=25&offset=0&root=14",
                    "/api/timeline?root=14&since=2016-01-01&until=2017-06-30&interval=auto",
                    "/api/timeline?country=USA&quad=3&since=2016-01-01&until=2017-06-30&interval=month",
                    "/api/timeline?since=2016-01-04&until=2016-03-27&interval=week",
                    "/api/timeline?country=FRA&interval=year", "/api/timeline?quad=1&interval=day"):
            plain = client.get(url).json()
            app.state.access.rollup = True
            app.state.cache.clear()
            assert client.get(url).json() == plain, url
            app.state.access.rollup = False
            app.state.cache.clear()


def test_percentile_by_nearest_rank():
    values = list(range(1, 101))
    assert percentile(values, 50) == 50 and percentile(values, 95) == 95 and percentile(values, 99) == 99
    assert percentile([], 95) == 0.0 and percentile([3.0], 99) == 3.0

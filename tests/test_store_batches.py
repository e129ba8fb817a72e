"""eventmill.ingest.store_batches: an article the store refuses is reported and skipped, its batch saved."""
from __future__ import annotations

import datetime as dt

from eventmill.ingest.store_batches import save
from eventmill.store import Store
from eventmill.types import Article


def test_an_article_the_store_refuses_costs_only_itself():
    day = dt.date(2020, 1, 1)
    batch = [(Article(id=f"a{i}", date=day, text=text, origin=f"in.jsonl:{i}"), [])
             for i, text in enumerate(["Fine.", "Half an emoji \ud83d.", "Also fine."], start=1)]
    said: list[tuple[str, str]] = []
    with Store(":memory:") as store:
        stored = save(store, batch, lambda where, msg: said.append((where, msg)))
        assert [a.id for a, _ in stored] == ["a1", "a3"]
        assert store.count_articles() == 2
    assert said[0][0] == "in.jsonl:2 (id a2)" and "cannot be stored" in said[0][1]

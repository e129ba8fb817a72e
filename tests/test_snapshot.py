"""What the coder outputs on the bundled examples, the dev set, the held-out set and the PLOVER
records, kept as a snapshot: a refactor must leave it unchanged, and accuracy work updates it on
purpose (`EVENTMILL_UPDATE_SNAPSHOT=1 pytest tests/test_snapshot.py`, then read the diff).

Sentences and article dates are left out of the snapshot (spans point at them): the files hold
codes, actors, places and spans only, no news text.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from eventmill.io.readers import read_articles
from eventmill.measure.plover_eval import PLACEHOLDER_DATE, load_plover
from eventmill.types import Article

ROOT = Path(__file__).resolve().parents[1]
SNAPSHOTS = Path(__file__).parent / "snapshots"
SHARED = ROOT.parent / "shared"
SETS = {
    "examples": ROOT / "examples",
    "dev": SHARED / "gold" / "dev.jsonl",
    "heldout": Path(__file__).parent / "data" / "heldout.jsonl",
    "plover": SHARED / "peers" / "plover_gsr.jsonl",
}


def _articles(name: str, path: Path) -> list[Article]:
    if name == "plover":
        return [Article(id=r["id"], date=PLACEHOLDER_DATE, text=r["text"], undated=True)
                for r in load_plover(path)]
    return list(read_articles([path], lambda where, msg: pytest.fail(f"{where}: {msg}")))


def _rows(coder, articles: list[Article]) -> dict[str, list[dict]]:
    out = {}
    for article, events in coder.code(articles):
        rows = []
        for ev in events:
            row = ev.to_dict()
            del row["sentence"], row["article_date"], row["article_id"]
            rows.append(row)
        out[article.id] = rows
    return out


@pytest.mark.parametrize("name", SETS)
def test_output_matches_snapshot(coder, name):
    path = SETS[name]
    if not path.exists():
        pytest.skip(f"{path} is not beside this checkout")
    got = _rows(coder, _articles(name, path))
    assert sum(map(len, got.values())) > 0, "the coder found no event at all"
    snap = SNAPSHOTS / f"{name}.json"
    if os.environ.get("EVENTMILL_UPDATE_SNAPSHOT"):
        snap.write_text(json.dumps(got, indent=0, sort_keys=True, ensure_ascii=False) + "\n",
                        encoding="utf-8")
    want = json.loads(snap.read_text(encoding="utf-8"))
    assert sorted(got) == sorted(want)
    for article_id in want:
        assert got[article_id] == want[article_id], article_id

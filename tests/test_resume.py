"""Idempotent, resumable batches: the identity rule, re-ingest, and a run killed with SIGKILL."""
from __future__ import annotations

import datetime as dt
import json
import os
import re
import signal
import subprocess
import sys
from pathlib import Path


from eventmill.ingest.batch import BatchOptions, code_paths
from eventmill.store import Store
from eventmill.store.seen import classify, url_id
from eventmill.types import Article

COUNTRIES = ["Iran", "Israel", "Egypt", "Turkey", "Russia", "Ukraine", "France", "Germany",
             "Kenya", "Somalia", "Iraq", "Syria", "Japan", "China", "India", "Pakistan"]


def short_articles(n: int) -> list[dict]:
    """`n` distinct one-sentence articles (fast to code)."""
    out = []
    for i in range(n):
        a, b = COUNTRIES[i % 16], COUNTRIES[(i // 16 + i + 1) % 16]
        if a == b:
            b = "Brazil"
        day = dt.date(2020, 1, 1) + dt.timedelta(days=i % 300)
        out.append({"id": f"s{i:04d}", "date": day.isoformat(),
                    "text": f"{a} condemned {b} on Monday over the border incident number {i}."})
    return out


def write_jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def art(aid: str, text: str, url: str | None = None, day: int = 1) -> Article:
    return Article(id=aid, date=dt.date(2020, 1, day), text=text, url=url)


def test_identity_rule_url_then_date_and_text(coder, tmp_path):
    with Store(tmp_path / "s.duckdb", tone=False) as store:
        first = [art(url_id("http://a/1"), "Iran condemned Israel.", "http://a/1"),
                 art("x1", "Egypt praised Turkey.")]
        store.save_many(list(coder.code(first)))
        verdicts = classify(store.con, [
            art(url_id("http://a/1"), "Iran condemned Israel.", "http://a/1"),  # same page
            art(url_id("http://a/1"), "Iran praised Israel.", "http://a/1"),    # page changed
            art("x1", "Egypt praised Turkey."),                                 # re-run
            art("x2", "Egypt praised Turkey."),                                 # reprint, other id
            art("x3", "Egypt praised Turkey.", day=2),                          # other day: new
        ])
        assert [v.status for v in verdicts] == ["unchanged", "changed", "unchanged", "duplicate", "new"]


def test_changed_text_at_same_url_replaces_events(coder, tmp_path):
    db = tmp_path / "s.duckdb"
    old = {"id": "p1", "date": "2020-01-01", "url": "http://news.test/p1",
           "text": "Iran condemned Israel on Monday."}
    new = dict(old, id="p1-v2", text="Egypt praised Turkey on Monday.")
    with Store(db, tone=False) as store:
        code_paths([write_jsonl(tmp_path / "a.jsonl", [old])], store, lambda: coder,
                   BatchOptions(progress=False))
        summary, _ = code_paths([write_jsonl(tmp_path / "b.jsonl", [new])], store, lambda: coder,
                                BatchOptions(progress=False))
        assert summary.coded == 1
        rows = store.con.execute("SELECT article_id FROM articles").fetchall()
        assert rows == [("p1-v2",)]
        assert {e["source"]["country"] for e in store.query()} == {"EGY"}


def test_reingest_codes_nothing_and_counts_nothing_twice(coder, tmp_path):
    src = write_jsonl(tmp_path / "in.jsonl", short_articles(12))
    with Store(tmp_path / "s.duckdb", tone=False) as store:
        first, _ = code_paths([src], store, lambda: coder, BatchOptions(progress=False, commit_every=5))
        events = store.count_events()
        # again, plus the same file under another name and a reprint under another id
        reprint = write_jsonl(tmp_path / "reprint.jsonl", [dict(short_articles(1)[0], id="other")])
        again, _ = code_paths([src, src], store, lambda: coder, BatchOptions(progress=False))
        third, _ = code_paths([reprint], store, lambda: coder, BatchOptions(progress=False))
        assert (first.coded, again.coded, third.coded) == (12, 0, 0)
        # the second reading of the file is reported by the reader, each article as a duplicate
        assert again.skipped == {"already stored": 12} and len(again.unreadable) == 12
        assert third.skipped == {"same text stored under another id": 1}
        assert store.count_events() == events and store.count_articles() == 12


def _progress(stderr: bytes) -> int:
    counts = [int(m) for m in re.findall(rb"(\d+)/\d+ \[", stderr)]
    return max(counts, default=0)


def test_sigkilled_batch_resumes_and_stores_each_article_once(tmp_path):
    n = 120
    src = write_jsonl(tmp_path / "batch.jsonl", short_articles(n))
    db = tmp_path / "k.duckdb"
    cmd = [sys.executable, "-m", "eventmill", "code", str(src), "--db", str(db),
           "--commit-every", "5"]
    proc = subprocess.Popen(cmd, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL)
    seen = b""
    os.set_blocking(proc.stderr.fileno(), True)
    while True:  # wait for the progress bar to pass a few committed chunks, then kill
        chunk = proc.stderr.read1(4096)
        if not chunk:
            break
        seen += chunk
        if _progress(seen) >= 15:
            proc.send_signal(signal.SIGKILL)
            break
    proc.wait()
    assert proc.returncode == -signal.SIGKILL, seen.decode(errors="replace")[-2000:]
    done = subprocess.run(cmd + ["--quiet"], capture_output=True, text=True, check=True)
    assert "already stored" in done.stderr  # the second run skipped the committed part
    with Store(db) as store:
        ids = [r[0] for r in store.con.execute("SELECT article_id FROM articles").fetchall()]
        assert len(ids) == len(set(ids)) == n
        per_article = dict(store.con.execute(
            "SELECT article_id, n_events FROM articles").fetchall())
        counted = dict(store.con.execute(
            "SELECT article_id, count(*) FROM events GROUP BY article_id").fetchall())
        assert all(counted.get(a, 0) == k for a, k in per_article.items())
        assert sum(per_article.values()) > 0

"""Dask runs: a 2-worker LocalCluster codes exactly what one process codes, and a worker that
dies or hangs on an article loses only that article."""
from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from eventmill.cli import main
from eventmill.ingest.batch import BatchOptions, code_paths
from eventmill.scale.dask_run import SCHEDULER_CONFIG, DaskOptions, code_paths_dask
from eventmill.store import Store

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def test_two_workers_store_what_one_process_stores(coder, tmp_path):
    with Store(tmp_path / "one.duckdb") as store:
        code_paths([EXAMPLES], store, lambda: coder, BatchOptions(progress=False))
        single = store.query()
        single_articles = store.con.execute(
            "SELECT article_id, date, url, text, n_events, tone, text_hash FROM articles ORDER BY 1").fetchall()
    db = tmp_path / "two.duckdb"
    out = tmp_path / "two.jsonl"
    assert main(["code", str(EXAMPLES), "--db", str(db), "--out", str(out), "--workers", "2",
                 "--partition-size", "2", "--quiet"]) == 0
    with Store(db) as store:
        assert store.query() == single and len(single) > 20
        assert store.con.execute(
            "SELECT article_id, date, url, text, n_events, tone, text_hash FROM articles ORDER BY 1"
        ).fetchall() == single_articles
    written = [json.loads(line) for line in out.read_text().splitlines()]
    assert sorted(e["event_id"] for e in written) == sorted(e["event_id"] for e in single)
    assert not Path(str(db) + ".parts").exists()  # partitions ingested and cleaned up


@pytest.fixture(scope="module")
def light_cluster():
    """Two worker processes that never load the model (the faulty coder needs none)."""
    import dask
    from distributed import LocalCluster

    with dask.config.set(SCHEDULER_CONFIG):
        with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                          dashboard_address=None, silence_logs=logging.ERROR) as cluster:
            yield cluster.scheduler_address


def test_dead_or_hung_worker_loses_only_its_article(light_cluster, tmp_path):
    records = [{"id": f"a{i}", "date": "2020-01-01", "text": f"Article number {i}."} for i in range(10)]
    records[3]["id"] = "a3-crash"
    records[7]["id"] = "a7-hang"
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in records))
    with Store(tmp_path / "f.duckdb", tone=False) as store:
        summary, _ = code_paths_dask([src], store, BatchOptions(progress=False), DaskOptions(
            cluster=light_cluster, partition_size=4, time_limit=1.0, factory="faults:faulty_coder",
            tone=False))
        stored = {r[0] for r in store.con.execute("SELECT article_id FROM articles").fetchall()}
    assert sorted(aid for aid, _ in summary.failed) == ["a3-crash", "a7-hang"]
    assert stored == {r["id"] for r in records} - {"a3-crash", "a7-hang"}
    assert summary.coded == 8 and not summary.ok

"""Writers: each format round-trips Event.to_dict() output."""
from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from eventmill.types import Actor, Event, Place
from eventmill.io.writers import FLAT_COLUMNS, flatten_event, write_events

D = dt.date(2020, 1, 1)


def make_events() -> list[dict]:
    e1 = Event(
        article_id="a1", article_date=D, date=dt.date(2019, 12, 31), code="1823", root="18", quad=4,
        goldstein=-9.0, plover="ASSAULT",
        source=Actor("Militiamen", "IRQ", "REB", None),
        target=Actor("the US Embassy", "USA", "GOV", "US Embassy"),
        location=Place("Baghdad", "IRQ", "Baghdad", 33.34, 44.4, 98182, "city"),
        sentence="Militiamen — stormed the embassy, “again”.", span=(0, 44), confidence=0.87654,
        event_id="a1-0",
    )
    e2 = Event(
        article_id="a1", article_date=D, date=D, code="014", root="01", quad=1, goldstein=0.0,
        plover=None, source=Actor("Iraq", "IRQ"), target=None, location=None,
        sentence="Iraq considered it.", span=(50, 69), confidence=0.5, event_id="a1-1",
    )
    return [e1.to_dict(), e2.to_dict()]


def test_flatten_columns() -> None:
    flat = flatten_event(make_events()[0])
    assert tuple(flat) == FLAT_COLUMNS
    assert flat["target_name"] == "US Embassy" and flat["span_end"] == 44
    assert flat["location_lat"] == 33.34


def test_jsonl_roundtrip(tmp_path: Path) -> None:
    evs = make_events()
    out = tmp_path / "out.jsonl"
    assert write_events(iter(evs), str(out)) == 2
    back = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert back == evs


def test_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    evs = make_events()
    assert write_events(evs, "-") == 2
    assert [json.loads(line) for line in capsys.readouterr().out.splitlines()] == evs


def test_csv_roundtrip(tmp_path: Path) -> None:
    evs = make_events()
    out = tmp_path / "out.csv"
    assert write_events(evs, str(out)) == 2
    with out.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert tuple(rows[0]) == FLAT_COLUMNS
    r0, r1 = rows
    assert r0["source_country"] == "IRQ" and r0["target_text"] == "the US Embassy"
    assert r0["location_name"] == "Baghdad" and float(r0["location_lon"]) == 44.4
    assert r0["span_start"] == "0" and r0["span_end"] == "44"
    assert r0["sentence"] == evs[0]["sentence"]
    assert r0["date"] == "2019-12-31" and float(r0["confidence"]) == evs[0]["confidence"]
    assert r1["target_text"] == "" and r1["location_name"] == "" and r1["plover"] == ""


def test_parquet_roundtrip(tmp_path: Path) -> None:
    evs = make_events()
    out = tmp_path / "out.parquet"
    assert write_events(evs, str(out)) == 2
    back = pq.read_table(out).to_pylist()
    for row in back:
        row["article_date"] = row["article_date"].isoformat()
        row["date"] = row["date"].isoformat()
        # a Parquet struct has every field: the magnitudes not stated read back as null
        assert set(row["magnitudes"]) == {"killed", "wounded", "arrested", "crowd"}
        row["magnitudes"] = {k: v for k, v in row["magnitudes"].items() if v is not None}
    assert back == evs


def test_parquet_empty_has_schema(tmp_path: Path) -> None:
    out = tmp_path / "empty.parquet"
    assert write_events([], str(out)) == 0
    table = pq.read_table(out)
    assert table.num_rows == 0
    assert "source" in table.schema.names and "span" in table.schema.names


def test_empty_csv_and_jsonl(tmp_path: Path) -> None:
    assert write_events([], str(tmp_path / "e.csv")) == 0
    assert (tmp_path / "e.csv").read_text().strip().split(",")[0] == "event_id"
    assert write_events([], str(tmp_path / "e.jsonl")) == 0
    assert (tmp_path / "e.jsonl").read_text() == ""


def test_unknown_extension(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"\.xlsx"):
        write_events(make_events(), str(tmp_path / "out.xlsx"))
    assert not (tmp_path / "out.xlsx").exists()

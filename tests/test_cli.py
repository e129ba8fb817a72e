"""The command line end to end on small inputs: code, events, eval, error handling."""
import csv
import io
import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from eventmill.cli import main

SEED = Path(__file__).resolve().parents[1] / "examples" / "baghdad-embassy-2020-01-01.txt"


@pytest.fixture(scope="module")
def coded_db(tmp_path_factory):
    """A store holding the seed article plus a broken file beside it."""
    root = tmp_path_factory.mktemp("cli")
    inputs = root / "in"
    inputs.mkdir()
    (inputs / "seed.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    (inputs / "broken.txt").write_bytes(b"no date line here\n\xff\xfe")
    db = root / "t.duckdb"
    out = root / "events.jsonl"
    status = main(["code", str(inputs), "--db", str(db), "--out", str(out), "--quiet"])
    return db, out, status


def test_code_skips_broken_file_and_says_so(coded_db, capsys):
    db, out, status = coded_db
    assert status == 1  # something was skipped
    events = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(events) >= 8
    keys = {"event_id", "article_id", "article_date", "date", "code", "root", "quad", "goldstein",
            "plover", "source", "target", "location", "sentence", "span", "confidence"}
    assert keys <= set(events[0])


def test_coding_again_replaces_not_duplicates(coded_db, tmp_path, capsys):
    db, _, _ = coded_db
    main(["events", "--db", str(db), "--format", "jsonl"])
    before = capsys.readouterr().out.splitlines()
    assert main(["code", str(SEED), "--db", str(db), "--quiet"]) == 0
    main(["events", "--db", str(db), "--format", "jsonl"])
    after = capsys.readouterr().out.splitlines()
    assert len(before) == len(after) > 0


def test_events_filters_and_formats(coded_db, capsys):
    db, _, _ = coded_db
    main(["events", "--db", str(db), "--root", "14", "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert rows and all(r["root"] == "14" for r in rows)
    main(["events", "--db", str(db), "--since", "2019-12-30", "--actor", "IRN", "--format", "jsonl"])
    events = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert events and all(e["date"] >= "2019-12-30" for e in events)
    assert all("IRN" in (e["source"]["country"], (e["target"] or {}).get("country")) for e in events)
    main(["events", "--db", str(db), "--format", "table"])
    assert "Baghdad" in capsys.readouterr().out


def test_out_formats(tmp_path):
    for ext in ("csv", "parquet"):
        out = tmp_path / f"e.{ext}"
        assert main(["code", str(SEED), "--db", str(tmp_path / "x.duckdb"), "--out", str(out),
                     "--quiet"]) == 0
        if ext == "parquet":
            assert pq.read_table(out).num_rows > 0
        else:
            assert len(list(csv.DictReader(out.open()))) > 0


def test_unknown_output_extension_is_a_clear_error(tmp_path, capsys):
    assert main(["code", str(SEED), "--db", str(tmp_path / "x.duckdb"), "--out",
                 str(tmp_path / "e.xlsx"), "--quiet"]) == 2
    assert "unknown extension" in capsys.readouterr().err


def test_eval_json_keys(tmp_path, capsys):
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({
        "id": "g1", "date": "2020-01-01", "text": "Iran rejected the accusation by Israel.",
        "events": [{"sentence": "Iran rejected the accusation by Israel.", "root": "12", "quad": 3,
                    "source": {"text": "Iran", "country": "IRN", "role": ""},
                    "target": {"text": "Israel", "country": "ISR", "role": ""},
                    "date": "2020-01-01", "location": None}]}) + "\n")
    assert main(["eval", str(gold), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    for key in ("precision", "recall", "f1", "quad_f1", "role_agreement", "date_agreement",
                "location_agreement", "n_gold", "n_pred"):
        assert key in result
    assert result["n_gold"] == 1


def test_group_by_and_stories(coded_db, capsys):
    db, _, _ = coded_db
    main(["events", "--db", str(db), "--group-by", "dyad", "--format", "jsonl"])
    groups = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert any(g["dyad"] == "USA->IRQ" and g["count"] >= 1 for g in groups)
    main(["events", "--db", str(db), "--stories", "--format", "jsonl"])
    stories = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert stories and all(s["num_articles"] == 1 and s["mentions"] for s in stories)


def test_exports(coded_db, tmp_path):
    import pandas as pd

    from eventmill.io.export import GDELT_EVENT_COLUMNS

    db, _, _ = coded_db
    assert main(["export", "--db", str(db), "--format", "gdelt", "--out", str(tmp_path / "g")]) == 0
    table = pd.read_csv(tmp_path / "g" / "events.export.CSV", sep="\t", header=None,
                        names=GDELT_EVENT_COLUMNS, dtype=str)
    assert len(table) > 0 and set(table["EventRootCode"]) >= {"19"}
    assert main(["export", "--db", str(db), "--format", "plover", "--out",
                 str(tmp_path / "p.jsonl")]) == 0
    first = json.loads((tmp_path / "p.jsonl").read_text().splitlines()[0])
    assert {"event_type", "actors", "provenance"} <= set(first)
    assert main(["export", "--db", str(db), "--format", "parquet", "--out", str(tmp_path / "pq")]) == 0
    assert list((tmp_path / "pq").glob("month=*/*.parquet"))


def test_calibration_only_refits_the_package_calibration_and_takes_no_out(tmp_path, capsys):
    # it rewrites the package's own calibration, so pointing it elsewhere is a usage error
    assert main(["train", "--calibration-only", "--out", str(tmp_path / "m")]) == 2
    assert "--calibration-only" in capsys.readouterr().err
    assert not (tmp_path / "m").exists()

"""Issue 13 at the command line: every failure is one line on stderr and a documented exit
status (0 done, 1 input skipped, 2 usage, 3 store, 130 interrupted), never a traceback."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from eventmill.cli import main
from eventmill.store import Store

ARTICLES = [
    {"id": "a1", "date": "2020-01-01", "text": "Iran rejected the accusation by Israel."},
    {"id": "a2", "date": "2020-01-02", "text": "Militiamen stormed the US embassy in Baghdad."},
]
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


@pytest.fixture(scope="module")
def store_path(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("hard")
    src = root / "in.jsonl"
    src.write_text("".join(json.dumps(a) + "\n" for a in ARTICLES), encoding="utf-8")
    db = root / "t.duckdb"
    assert main(["code", str(src), "--db", str(db), "--quiet"]) == 0
    return db


def err_line(capsys) -> str:
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return err.strip().splitlines()[-1]


# -- the store ----------------------------------------------------------------------------

def test_code_into_empty_db_path_is_refused_not_discarded(tmp_path, capsys):
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps(ARTICLES[0]) + "\n", encoding="utf-8")
    assert main(["code", str(src), "--db", "", "--quiet"]) == 3
    assert "no store given" in err_line(capsys)


@pytest.mark.parametrize("command", [["events"], ["events", "--stories"],
                                     ["export", "--format", "plover", "--out", "x.jsonl"]])
def test_reading_a_misspelt_store_creates_nothing(tmp_path, capsys, command):
    missing = tmp_path / "mispelt.duckdb"
    assert main([*command, "--db", str(missing)]) == 3
    assert "no store at" in err_line(capsys)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("command", ["events", "code"])
def test_folder_as_db(tmp_path, capsys, command):
    args = ["events"] if command == "events" else ["code", str(tmp_path / "none.txt")]
    assert main([*args, "--db", str(tmp_path), "--wait", "0"]) == 3
    assert "is a folder" in err_line(capsys)


@pytest.mark.parametrize("name", ["notes.txt", "events.jsonl"])
def test_non_duckdb_file_as_db_is_left_untouched(tmp_path, capsys, name):
    other = tmp_path / name
    other.write_text(json.dumps({"id": "x"}) + "\n", encoding="utf-8")
    before = other.read_bytes()
    assert main(["events", "--db", str(other)]) == 3
    assert "not a DuckDB database" in err_line(capsys)
    assert main(["code", str(other), "--db", str(other), "--quiet"]) == 3
    assert other.read_bytes() == before


def test_foreign_duckdb_is_not_written_into(tmp_path, capsys):
    db = tmp_path / "other.duckdb"
    with duckdb.connect(str(db)) as con:
        con.execute("CREATE TABLE sales (n INTEGER)")
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps(ARTICLES[0]) + "\n", encoding="utf-8")
    assert main(["code", str(src), "--db", str(db), "--quiet"]) == 3
    assert "not an eventmill store (its tables: sales)" in err_line(capsys)


def test_newer_schema_is_one_line(tmp_path, capsys):
    db = tmp_path / "new.duckdb"
    Store(db).close()
    with duckdb.connect(str(db)) as con:
        con.execute("INSERT INTO schema_version VALUES (99, now())")
    for args in (["events"], ["code", str(tmp_path / "none.txt")]):
        assert main([*args, "--db", str(db)]) == 3
        assert "schema version 99, newer" in err_line(capsys)


@pytest.fixture
def held_lock(tmp_path):
    """A process of this test's own holding the write lock of a fresh store."""
    db = tmp_path / "locked.duckdb"
    Store(db).close()
    holder = subprocess.Popen(
        [sys.executable, "-c", "import duckdb, sys; c = duckdb.connect(sys.argv[1]); "
                               "print('ready', flush=True); sys.stdin.read()", str(db)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "ready"
    yield db, holder.pid
    holder.stdin.close()
    holder.wait(timeout=30)


def test_reader_beside_a_writer_says_who_holds_the_lock(held_lock, capsys):
    db, pid = held_lock
    assert main(["events", "--db", str(db), "--wait", "0"]) == 3
    line = err_line(capsys)
    assert f"cannot be read now: process {pid}" in line and "--wait" in line


def test_second_writer_says_who_holds_the_lock(held_lock, tmp_path, capsys):
    db, pid = held_lock
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps(ARTICLES[0]) + "\n", encoding="utf-8")
    assert main(["code", str(src), "--db", str(db), "--wait", "0", "--quiet"]) == 3
    assert f"cannot be written now: process {pid}" in err_line(capsys)


def test_read_only_store_and_unwritable_folder(tmp_path, capsys, monkeypatch):
    db = tmp_path / "ro.duckdb"
    Store(db).close()
    real_access = os.access
    # root may write anything: pretend the file and then the folder lack write permission
    monkeypatch.setattr(os, "access", lambda p, mode: Path(p) != db and real_access(p, mode))
    src = tmp_path / "none.txt"
    assert main(["code", str(src), "--db", str(db), "--quiet"]) == 3
    assert "is read-only" in err_line(capsys)
    monkeypatch.setattr(os, "access", lambda p, mode: Path(p) != tmp_path and real_access(p, mode))
    assert main(["code", str(src), "--db", str(tmp_path / "new.duckdb"), "--quiet"]) == 3
    assert "is not writable" in err_line(capsys)


def test_events_reads_a_store_it_cannot_write(store_path, capsys):
    with duckdb.connect(str(store_path), read_only=True):  # a reader of this process
        assert main(["events", "--db", str(store_path), "--format", "jsonl"]) == 0
    assert len(capsys.readouterr().out.splitlines()) >= 2


# -- option values ------------------------------------------------------------------------

@pytest.mark.parametrize("args, says", [
    (["events", "--limit", "-1"], "--limit: must be 1 or more"),
    (["events", "--limit", "0"], "--limit: must be 1 or more"),
    (["events", "--actor", " "], "--actor: empty actor"),
    (["events", "--root", "99"], "roots are 01-20"),
    (["events", "--root", "x4"], "not a CAMEO root"),
    (["code", "x.txt", "--min-confidence", "2"], "must lie between 0 and 1"),
    (["code", "x.txt", "--min-confidence", "nan"], "must lie between 0 and 1"),
    (["code", "x.txt", "--max-chars", "-5"], "must be 1 or more"),
    (["bench", "--articles", "0"], "must be 1 or more"),
])
def test_bad_option_values_are_usage_errors(capsys, args, says):
    with pytest.raises(SystemExit) as stop:
        main(args)
    assert stop.value.code == 2
    assert says in capsys.readouterr().err


def test_huge_limit_is_no_limit(store_path, capsys):
    assert main(["events", "--db", str(store_path), "--limit", "9" * 30, "--format", "jsonl"]) == 0
    assert len(capsys.readouterr().out.splitlines()) >= 2


def test_limit_applies_to_groups(store_path, capsys):
    main(["events", "--db", str(store_path), "--group-by", "root", "--format", "jsonl"])
    assert len(capsys.readouterr().out.splitlines()) >= 2
    main(["events", "--db", str(store_path), "--group-by", "root", "--limit", "1", "--format", "jsonl"])
    assert len(capsys.readouterr().out.splitlines()) == 1


def test_root_accepts_a_full_code(store_path, capsys):
    main(["events", "--db", str(store_path), "--format", "jsonl"])
    codes = {json.loads(line)["code"] for line in capsys.readouterr().out.splitlines()}
    code = sorted(c for c in codes if len(c) >= 3)[0]
    main(["events", "--db", str(store_path), "--root", code, "--format", "jsonl"])
    got = [json.loads(line)["code"] for line in capsys.readouterr().out.splitlines()]
    assert got and all(c.startswith(code) for c in got)


def test_out_is_checked_before_coding(tmp_path, capsys):
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps(ARTICLES[0]) + "\n", encoding="utf-8")
    db = tmp_path / "t.duckdb"
    assert main(["code", str(src), "--db", str(db), "--out", str(tmp_path / "e.txt")]) == 2
    assert "unknown extension '.txt'" in err_line(capsys)
    assert not db.exists()  # nothing was coded


# -- interruption -------------------------------------------------------------------------

def test_ctrl_c_exits_130_with_whole_batches_only(tmp_path, capsys, monkeypatch):
    import itertools

    from eventmill.pipeline import Coder

    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps(a) + "\n" for a in ARTICLES), encoding="utf-8")
    real_code = Coder.code
    coded = itertools.count()

    def code_then_interrupt(self, articles):
        for item in real_code(self, articles):
            if next(coded) == 1:  # the second article, in the second committed chunk
                raise KeyboardInterrupt
            yield item

    monkeypatch.setattr(Coder, "code", code_then_interrupt)
    db, out = tmp_path / "t.duckdb", tmp_path / "e.jsonl"
    assert main(["code", str(src), "--db", str(db), "--out", str(out), "--quiet",
                 "--commit-every", "1"]) == 130
    line = err_line(capsys)
    assert "interrupted: 1 articles stored" in line and "not written" in line
    assert not out.exists() and not list(tmp_path.glob(".*partial"))
    with Store(db, read_only=True) as store:
        assert store.count_articles() == 1


# -- eval on bad gold files -----------------------------------------------------------------

def gold_event(**over) -> dict:
    ev = {"sentence": "Iran rejected the accusation by Israel.", "root": "12", "quad": 3,
          "source": {"text": "Iran", "country": "IRN", "role": ""},
          "target": {"text": "Israel", "country": "ISR", "role": ""}, "date": "2020-01-01"}
    ev.update(over)
    return ev


def test_eval_reports_bad_gold_lines_and_scores_the_rest(tmp_path, capsys):
    good = {**ARTICLES[0], "events": [gold_event()]}
    no_root = gold_event()
    del no_root["root"]
    lines = [
        json.dumps(good),
        json.dumps({k: v for k, v in good.items() if k != "id"}),       # 2 missing id
        json.dumps({**good, "id": "g3", "events": {"root": "12"}}),     # 3 events not a list
        json.dumps({**good, "id": "g4", "events": [no_root]}),          # 4 event without root
        json.dumps(["not", "an", "object"]),                            # 5
        '{"id": "g6", "date": "2020-01-01", "text": "broken',            # 6 broken JSON
        json.dumps({**good, "id": "g7", "events": [gold_event(root="77")]}),  # 7 unknown root
        json.dumps({**good, "id": "g8"}),
    ]
    gold = tmp_path / "gold.jsonl"
    gold.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["eval", str(gold), "--json"]) == 1
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    result = json.loads(captured.out)
    assert result["n_gold"] == 2  # lines 1 and 8
    said = {line.split(": ")[1].removeprefix("skipped "): line
            for line in captured.err.splitlines() if "skipped" in line}
    assert set(said) == {f"{gold}:{n}" for n in (2, 3, 4, 5, 6, 7)}
    assert "missing 'id'" in said[f"{gold}:2"] and "'events' must be a list" in said[f"{gold}:3"]
    assert "missing 'root'" in said[f"{gold}:4"] and "JSON object" in said[f"{gold}:5"]
    assert "not valid JSON" in said[f"{gold}:6"] and "unknown root" in said[f"{gold}:7"]


def test_eval_plover_on_a_plain_gold_file_and_back(tmp_path, capsys):
    plain = tmp_path / "gold.jsonl"
    plain.write_text(json.dumps({**ARTICLES[0], "events": [gold_event()]}) + "\n", encoding="utf-8")
    assert main(["eval", "--plover", str(plain)]) == 2
    err = capsys.readouterr().err
    assert "drop --plover" in err and "no usable PLOVER record" in err and "Traceback" not in err
    plover = tmp_path / "plover.jsonl"
    plover.write_text(json.dumps({"id": "p1", "text": "Iran rejected it.",
                                  "label": {"event": "REJECT"}}) + "\n", encoding="utf-8")
    assert main(["eval", str(plover)]) == 2
    err = capsys.readouterr().err
    assert "use eval --plover" in err and "Traceback" not in err


def test_a_folder_without_articles_says_so_and_fails(tmp_path, capsys):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "story.md").write_text("date 2020-01-01 Not read.", encoding="utf-8")
    assert main(["code", str(tmp_path / "in"), "--db", str(tmp_path / "t.duckdb"), "--quiet"]) == 1
    err = capsys.readouterr().err
    assert "note:" in err and "story.md" in err and "no article found" in err

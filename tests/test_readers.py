"""Readers: raw text, directories, JSONL, CSV, and bad input reported instead of raised."""
from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

import pytest

from eventmill.io.readers import parse_raw, read_articles

SEED = Path("/work/shared/seed/baghdad-embassy-2020-01-01.txt")
GOLD = Path("/work/shared/gold/dev.jsonl")


def read(paths):
    errors: list[tuple[str, str]] = []
    arts = list(read_articles([str(p) for p in paths], lambda loc, msg: errors.append((loc, msg))))
    return arts, errors


def test_raw_leading_whitespace_and_text_on_date_line(tmp_path: Path) -> None:
    p = tmp_path / "a.txt"
    p.write_text("\n  \n date 2020-01-01 Militiamen stormed the embassy.\n\nGuards responded.\n", encoding="utf-8")
    (art,), errors = read([p])
    assert errors == []
    assert art.date == dt.date(2020, 1, 1)
    assert art.text.startswith("Militiamen stormed the embassy.\n\nGuards responded.")
    assert art.origin == str(p)
    assert art.text.index("Guards") == art.text.find("Guards")  # offsets refer to Article.text


def test_raw_date_on_own_line_and_bom() -> None:
    art = parse_raw("\ufeffdate 2021-05-06\n\nFirst paragraph.\n\nSecond.", "x")
    assert art.date == dt.date(2021, 5, 6)
    assert art.text == "First paragraph.\n\nSecond."
    assert art.origin == "x"


@pytest.mark.skipif(not SEED.exists(), reason="seed article not available")
def test_seed_file() -> None:
    (art,), errors = read([SEED])
    assert errors == []
    assert art.date == dt.date(2020, 1, 1)
    assert art.text.startswith("Militiamen and their supporters")


def test_stable_id_hashes_date_and_text(tmp_path: Path) -> None:
    text = "Protesters marched in Paris."
    for name, day in (("one.txt", "2020-02-02"), ("two.txt", "2020-02-03")):
        (tmp_path / name).write_text(f"date {day} {text}\n", encoding="utf-8")
    arts, errors = read([tmp_path])
    assert errors == []
    assert [a.id for a in arts] == [hashlib.sha1(f"{a.date}\n{a.text}".encode()).hexdigest()[:16]
                                    for a in arts]
    assert arts[0].id != arts[1].id
    # JSONL rows without id hash the same way.
    (jl := tmp_path / "x.jsonl").write_text(json.dumps({"date": "2020-02-02", "text": "abc"}) + "\n")
    (art,), _ = read([jl])
    assert art.id == hashlib.sha1(b"2020-02-02\nabc").hexdigest()[:16]


def test_same_date_and_text_twice_is_one_article_and_a_reported_duplicate(tmp_path: Path) -> None:
    for name in ("one.txt", "two.txt"):
        (tmp_path / name).write_text("date 2020-02-02 Protesters marched in Paris.\n", encoding="utf-8")
    arts, errors = read([tmp_path])
    assert [a.origin for a in arts] == [str(tmp_path / "one.txt")]
    assert errors == [(str(tmp_path / "two.txt"),
                       f"duplicate of {tmp_path / 'one.txt'} (same date and text): skipped")]


def test_directory_recursive_sorted_skips_hidden_and_other_suffixes(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "deep").mkdir()
    (tmp_path / ".hidden").mkdir()
    (tmp_path / "b" / "deep" / "z.txt").write_text("date 2020-01-03 Deep.", encoding="utf-8")
    (tmp_path / "b" / "y.txt").write_text("date 2020-01-02 Middle.", encoding="utf-8")
    (tmp_path / "a.txt").write_text("date 2020-01-01 Top.", encoding="utf-8")
    (tmp_path / ".secret.txt").write_text("date 2020-01-01 Hidden file.", encoding="utf-8")
    (tmp_path / ".hidden" / "h.txt").write_text("date 2020-01-01 Hidden dir.", encoding="utf-8")
    (tmp_path / "notes.md").write_text("date 2020-01-01 Not an article file.", encoding="utf-8")
    (tmp_path / "c.jsonl").write_text(json.dumps({"id": "j1", "date": "2020-01-04", "text": "Json."}) + "\n")
    (tmp_path / "d.csv").write_text("id,date,text\nc1,2020-01-05,Csv.\n", encoding="utf-8")
    arts, errors = read([tmp_path])
    assert errors == [(str(tmp_path / "notes.md"), errors[0][1])]  # said, not silently dropped
    assert "not read: .md is not an article file" in errors[0][1]
    assert [a.text for a in arts] == ["Top.", "Deep.", "Middle.", "Json.", "Csv."]


def test_jsonl_bad_line_in_middle(tmp_path: Path) -> None:
    p = tmp_path / "arts.jsonl"
    lines = [
        json.dumps({"id": "a1", "date": "2020-01-01", "text": "One.", "url": "http://x", "source": "AP",
                    "events": [{"code": "190"}]}),
        "{not json",
        json.dumps({"id": "a3", "date": "2020-01-03"}),  # no text
        json.dumps({"id": "a4", "text": "No date."}),
        json.dumps({"id": "a5", "date": "2019-02-30", "text": "Bad date."}),
        "",
        json.dumps(["a", "list"]),
        json.dumps({"id": 7, "date": "2020-01-08", "text": "Last."}),
    ]
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    arts, errors = read([p])
    assert [a.id for a in arts] == ["a1", "7"]
    assert arts[0].url == "http://x" and arts[0].source == "AP"
    assert arts[0].origin == f"{p}:1" and arts[1].origin == f"{p}:8"
    locs = [loc for loc, _ in errors]
    assert locs == [f"{p}:2", f"{p}:3", f"{p}:4", f"{p}:5", f"{p}:7"]
    msgs = dict(errors)
    assert "JSON" in msgs[f"{p}:2"]
    assert "text" in msgs[f"{p}:3"]
    assert "date" in msgs[f"{p}:4"]
    assert "2019-02-30" in msgs[f"{p}:5"]


def test_jsonl_bad_utf8_line(tmp_path: Path) -> None:
    p = tmp_path / "arts.jsonl"
    def good(n: int) -> bytes:
        return json.dumps({"id": f"g{n}", "date": "2020-01-01", "text": "Good."}).encode()

    p.write_bytes(b"\xef\xbb\xbf" + good(1) + b"\n" + b'{"id": "b", "date": "2020-01-01", "text": "\xff"}\n'
                  + good(3) + b"\n")
    arts, errors = read([p])
    assert [a.origin for a in arts] == [f"{p}:1", f"{p}:3"]
    assert errors and errors[0][0] == f"{p}:2" and "UTF-8" in errors[0][1]


@pytest.mark.skipif(not GOLD.exists(), reason="gold dev set not available")
def test_gold_dev_reads() -> None:
    arts, errors = read([GOLD])
    assert errors == []
    assert len(arts) == sum(1 for line in GOLD.open(encoding="utf-8") if line.strip())
    assert all(a.id and a.text for a in arts)


def test_csv(tmp_path: Path) -> None:
    p = tmp_path / "arts.csv"
    p.write_text(
        'id,date,text,url,source,extra\n'
        'c1,2020-03-01,"Multi\n\nline text, with comma.",http://u,Reuters,x\n'
        ',2020-03-02,No id here.,,,\n'
        'c3,not-a-date,Bad.,,,\n'
        'c4,2020-03-04,Fine.,,,\n',
        encoding="utf-8",
    )
    arts, errors = read([p])
    assert [a.text for a in arts] == ["Multi\n\nline text, with comma.", "No id here.", "Fine."]
    assert arts[0].id == "c1" and arts[0].url == "http://u" and arts[0].source == "Reuters"
    assert arts[1].url is None and len(arts[1].id) == 16
    assert arts[0].origin == f"{p}:2" and arts[1].origin == f"{p}:5"
    assert errors == [(f"{p}:6", errors[0][1])] and "not-a-date" in errors[0][1]


def test_csv_without_required_columns(tmp_path: Path) -> None:
    p = tmp_path / "arts.csv"
    p.write_text("id,body\n1,x\n", encoding="utf-8")
    arts, errors = read([p])
    assert arts == [] and len(errors) == 1 and "date" in errors[0][1]


def test_missing_date_bad_utf8_empty_and_missing_path(tmp_path: Path) -> None:
    nodate = tmp_path / "1-nodate.txt"
    nodate.write_text("Just some text without a date.\n", encoding="utf-8")
    badenc = tmp_path / "2-latin1.txt"
    badenc.write_bytes("date 2020-01-01 Caf\u00e9".encode("latin-1"))
    empty = tmp_path / "3-empty.txt"
    empty.write_bytes(b"")
    onlydate = tmp_path / "4-onlydate.txt"
    onlydate.write_text("date 2020-01-01   \n\n", encoding="utf-8")
    baddate = tmp_path / "5-baddate.txt"
    baddate.write_text("date 2019-02-30 Text.", encoding="utf-8")
    good = tmp_path / "6-good.txt"
    good.write_text("date 2020-01-01 Fine.", encoding="utf-8")
    missing = tmp_path / "nope.txt"
    arts, errors = read([tmp_path, missing])
    assert [a.text for a in arts] == ["Fine."]
    got = dict(errors)
    assert set(got) == {str(nodate), str(badenc), str(empty), str(onlydate), str(baddate), str(missing)}
    assert "date" in got[str(nodate)]
    assert "UTF-8" in got[str(badenc)]
    assert "empty" in got[str(empty)]
    assert "empty" in got[str(onlydate)]
    assert "2019-02-30" in got[str(baddate)]
    assert "no such file" in got[str(missing)]


def test_parse_raw_raises_value_error() -> None:
    with pytest.raises(ValueError):
        parse_raw("no date here", "x")

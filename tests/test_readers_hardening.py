"""Regression tests of issue 13 for the readers: each bad input sits between good articles,
which must all come through, while the bad one is reported with its file and line."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from eventmill.io.readers import limit_text, read_articles
from eventmill.types import Article


def read(paths, **kw):
    errors: list[tuple[str, str]] = []
    warnings: list[tuple[str, str]] = []
    arts = list(read_articles([str(p) for p in paths], lambda loc, msg: errors.append((loc, msg)),
                              on_warning=lambda loc, msg: warnings.append((loc, msg)), **kw))
    return arts, errors, warnings


def jsonl(path: Path, *records) -> Path:
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in records),
                    encoding="utf-8")
    return path


def good(i: int, **extra) -> dict:
    return {"id": f"good-{i}", "date": "2020-01-01", "text": f"Iran rejected accusation {i}.", **extra}


@pytest.mark.parametrize("date", ["0001-01-01T00:00:00Z", "9999-12-31", "1799-12-31", "2201-01-01"])
def test_implausible_date_is_reported_between_good_lines(tmp_path, date):
    p = jsonl(tmp_path / "a.jsonl", good(1), {"id": "bad", "date": date, "text": "Talks tomorrow."},
              good(3))
    arts, errors, _ = read([p])
    assert [a.id for a in arts] == ["good-1", "good-3"]
    assert [loc for loc, _ in errors] == [f"{p}:2"] and "implausible date" in errors[0][1]


def test_implausible_date_in_raw_file(tmp_path):
    (tmp_path / "a.txt").write_text("date 0001-01-01 Old news.", encoding="utf-8")
    (tmp_path / "b.txt").write_text("date 2020-01-01 New news.", encoding="utf-8")
    arts, errors, _ = read([tmp_path])
    assert [a.text for a in arts] == ["New news."]
    assert errors[0][0] == str(tmp_path / "a.txt") and "1800-2200" in errors[0][1]


def test_lone_surrogate_escape_is_reported_not_passed_on(tmp_path):
    bad = '{"id": "half-emoji", "date": "2020-01-01", "text": "Iran rejected it \\ud83d."}'
    p = jsonl(tmp_path / "a.jsonl", good(1), bad, good(3))
    arts, errors, _ = read([p])
    assert [a.id for a in arts] == ["good-1", "good-3"]
    assert errors[0][0] == f"{p}:2" and "lone surrogate" in errors[0][1]
    for art in arts:
        art.text.encode("utf-8")  # what the store needs


def test_duplicate_id_is_reported_not_overwritten(tmp_path):
    p = jsonl(tmp_path / "a.jsonl", good(1), {**good(2), "id": "good-1", "text": "Other text."},
              good(3))
    arts, errors, _ = read([p])
    assert [a.origin for a in arts] == [f"{p}:1", f"{p}:3"]
    assert errors == [(f"{p}:2", f"duplicate of {p}:1 (same id 'good-1'): skipped")]


def test_duplicate_url_is_one_article_even_under_other_ids(tmp_path):
    p = jsonl(tmp_path / "a.jsonl", good(1, url="http://x/1"), good(2, url="http://x/1"),
              good(3, url="http://x/3"))
    arts, errors, _ = read([p])
    assert [a.id for a in arts] == ["good-1", "good-3"]
    assert "same url http://x/1" in errors[0][1]


def test_same_body_on_two_dates_is_two_articles(tmp_path):
    (tmp_path / "a.txt").write_text("date 2020-01-01 Troops withdrew.", encoding="utf-8")
    (tmp_path / "b.txt").write_text("date 2020-06-01 Troops withdrew.", encoding="utf-8")
    arts, errors, _ = read([tmp_path])
    assert errors == [] and len({a.id for a in arts}) == 2


def test_csv_unterminated_quote_swallows_no_rows(tmp_path):
    p = tmp_path / "a.csv"
    p.write_text('id,date,text\n'
                 'c1,2020-01-01,"Multi\n\nline, fine."\n'
                 'c2,2020-01-02,"Unterminated text\n'
                 'c3,2020-01-03,Third.\n'
                 'c4,2020-01-04,"Quoted ""fourth""."\n', encoding="utf-8")
    arts, errors, _ = read([p])
    assert [a.id for a in arts] == ["c1", "c3", "c4"]
    assert errors == [(f"{p}:5", "unterminated quote: the field runs on into line 6, which starts a new row")]


def test_csv_unterminated_quote_on_last_row_keeps_earlier_rows(tmp_path):
    p = tmp_path / "a.csv"
    p.write_text('id,date,text\nc1,2020-01-01,First.\nc2,2020-01-02,"Open to the end\n',
                 encoding="utf-8")
    arts, _, _ = read([p])
    assert arts[0].id == "c1"


def test_csv_field_longer_than_the_default_limit(tmp_path):
    long = "Iran rejected the accusation. " * 6000  # 180,000 characters
    p = tmp_path / "a.csv"
    p.write_text(f'id,date,text\nc1,2020-01-01,First.\nc2,2020-01-02,"{long}"\nc3,2020-01-03,Last.\n',
                 encoding="utf-8")
    arts, errors, _ = read([p], max_chars=None)
    assert errors == [] and [a.id for a in arts] == ["c1", "c2", "c3"]
    assert len(arts[1].text) == len(long)


@pytest.mark.parametrize("sep", [";", "\t", "|"])
def test_csv_dialect_is_detected(tmp_path, sep):
    p = tmp_path / "a.csv"
    p.write_text(sep.join(["id", "date", "text"]) + "\n" + sep.join(["c1", "2020-01-01", "One, two."])
                 + "\n", encoding="utf-8")
    arts, errors, _ = read([p])
    assert errors == [] and arts[0].text == "One, two."


def test_symlinked_folder_is_read_and_a_loop_ends(tmp_path):
    real = tmp_path / "real"
    real.mkdir()
    (real / "a.txt").write_text("date 2020-01-01 Linked article.", encoding="utf-8")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "b.txt").write_text("date 2020-01-02 Own article.", encoding="utf-8")
    os.symlink(real, corpus / "linked")
    os.symlink(corpus, corpus / "loop")  # points back at its own parent
    arts, errors, warnings = read([corpus])
    assert sorted(a.text for a in arts) == ["Linked article.", "Own article."]
    assert errors == []
    assert [loc for loc, _ in warnings] == [str(corpus / "loop")]


def test_other_files_in_a_folder_are_named(tmp_path):
    (tmp_path / "a.txt").write_text("date 2020-01-01 Read.", encoding="utf-8")
    (tmp_path / "NOTES").write_text("date 2020-01-01 Not read.", encoding="utf-8")
    (tmp_path / "b.md").write_text("date 2020-01-01 Not read either.", encoding="utf-8")
    arts, errors, warnings = read([tmp_path])
    assert [a.text for a in arts] == ["Read."] and errors == []
    said = dict(warnings)
    assert "no suffix" in said[str(tmp_path / "NOTES")]
    assert ".md" in said[str(tmp_path / "b.md")]
    # Named on the command line, any file is read as raw text.
    arts, _, _ = read([tmp_path / "NOTES"])
    assert arts[0].text == "Not read."


def test_html_in_a_text_file_is_reduced_to_its_text(tmp_path):
    page = ("date 2020-01-01\n<!DOCTYPE html>\n<html><head><title>News</title>"
            "<script>var a = 1;</script></head>\n<body><h1>Protest in Paris</h1>\n"
            "<p>Protesters marched in Paris\non Monday &amp; demanded reforms.</p>\n</body></html>\n")
    (tmp_path / "a.txt").write_text(page, encoding="utf-8")
    (art,), errors, _ = read([tmp_path / "a.txt"])
    assert errors == []
    assert art.text == "Protest in Paris\n\nProtesters marched in Paris on Monday & demanded reforms."


def test_plain_text_with_angle_brackets_is_left_alone(tmp_path):
    (tmp_path / "a.txt").write_text("date 2020-01-01 Turnout was <50% and >30%.", encoding="utf-8")
    (art,), _, _ = read([tmp_path / "a.txt"])
    assert art.text == "Turnout was <50% and >30%."


def test_too_long_text_is_cut_at_a_paragraph_with_a_warning(tmp_path):
    text = "\n\n".join(f"Paragraph {i} says Iran rejected the accusation." for i in range(100))
    p = jsonl(tmp_path / "a.jsonl", good(1), {"id": "long", "date": "2020-01-01", "text": text},
              good(3))
    arts, errors, warnings = read([p], max_chars=1000)
    assert [a.id for a in arts] == ["good-1", "long", "good-3"] and errors == []
    assert len(arts[1].text) <= 1000 and arts[1].text.endswith("accusation.")
    assert warnings[0][0] == f"{p}:2" and "cut to" in warnings[0][1]


def test_limit_text_without_breaks_cuts_at_the_limit():
    art = Article(id="x", date=__import__("datetime").date(2020, 1, 1), text="a" * 50)
    short, note = limit_text(art, 20)
    assert short.text == "a" * 20 and note
    assert limit_text(art, 50) == (art, None)

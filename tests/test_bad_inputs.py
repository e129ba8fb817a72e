"""Issue 13, "done when": the bad-input corpus (tests/data/bad_inputs, see its README) coded in
one run mixed with good articles. Every good article is stored, every bad one is reported with
its path or line, nothing shows a traceback, and the exit status is 1."""
from __future__ import annotations

import contextlib
import io
import json
import os
import re
import shutil
from pathlib import Path

import duckdb
import pytest

from eventmill.cli import main

CORPUS = Path(__file__).parent / "data" / "bad_inputs"
MAX_CHARS = 5_000  # small, so the too-long case stays quick

STORED = [
    "good-raw.txt", "good-raw-same-body-2019-06-01.txt", "page.txt",
    *(f"articles.jsonl:{n}" for n in (1, 3, 5, 7, 9, 16)),
    "bad-utf8.jsonl:1", "bad-utf8.jsonl:3",
    *(f"unterminated-quote.csv:{n}" for n in (2, 6, 7, 9)),
    "semicolon.csv:2", "semicolon.csv:3",
    "bad-utf8-row.csv:2", "bad-utf8-row.csv:4",
    # added at run time
    "linked/elsewhere.txt", "long-field.csv:2", "long-field.csv:3", "long-field.csv:4",
    "long.jsonl:1", "long.jsonl:2",
]
SKIPPED = [
    "reprint-of-good-raw.txt", "no-date.txt", "empty.txt", "old-date.txt",
    "bad-calendar-date.txt", "latin1.txt", "binary.txt",
    *(f"articles.jsonl:{n}" for n in (2, 4, 6, 8, 10, 11, 12, 13, 14, 15)),
    "bad-utf8.jsonl:2", "unterminated-quote.csv:5", "unterminated-quote.csv:8",
    "wrong-columns.csv:1", "bad-utf8-row.csv:3",
]
NOTED = ["NOTES", "README.md", "loop", "long.jsonl:2", "long-field.csv:3"]  # said, not skipped


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    """The corpus copied beside the run-time cases, coded once: (status, stderr, stored origins)."""
    root = tmp_path_factory.mktemp("bad")
    corpus = root / "corpus"
    shutil.copytree(CORPUS, corpus)
    elsewhere = root / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "elsewhere.txt").write_text(
        "date 2019-07-07 Militiamen stormed the US embassy in Baghdad.\n", encoding="utf-8")
    os.symlink(elsewhere, corpus / "linked")
    os.symlink(corpus, corpus / "loop")
    long = "Iran rejected the accusation by Israel. " * 4_000  # 160,000 characters
    (corpus / "long-field.csv").write_text(
        f'id,date,text\nlf-1,2019-08-01,Protesters marched in Paris.\nlf-2,2019-08-02,"{long}"\n'
        'lf-3,2019-08-03,Troops withdrew from the border.\n', encoding="utf-8")
    (corpus / "long.jsonl").write_text(
        json.dumps({"id": "short", "date": "2019-09-01", "text": "Iran rejected the accusation."})
        + "\n" + json.dumps({"id": "too-long", "date": "2019-09-02",
                             "text": "\n\n".join(["Iran rejected the accusation by Israel."] * 400)})
        + "\n", encoding="utf-8")
    db = root / "t.duckdb"
    return corpus, db


@pytest.fixture(scope="module")
def result(run):
    corpus, db = run
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        status = main(["code", str(corpus), "--db", str(db), "--quiet", "--max-chars", str(MAX_CHARS)])
    with duckdb.connect(str(db), read_only=True) as con:
        origins = [r[0] for r in con.execute("SELECT origin FROM articles").fetchall()]
    rel = sorted(os.path.relpath(o, corpus) for o in origins)
    return status, err.getvalue(), rel, corpus


def _said(stderr: str, kind: str, corpus: Path) -> list[str]:
    # "eventmill: skipped PATH[:LINE][ (id ...)]: message" / "eventmill: note: PATH: message"
    out = []
    for line in stderr.splitlines():
        m = re.match(rf"eventmill: {kind} (.+?)(?: \(id [^)]*\))?: ", line)
        if m:
            out.append(os.path.relpath(m.group(1), corpus))
    return sorted(out)


def test_every_good_article_is_stored(result):
    _, _, stored, _ = result
    assert stored == sorted(STORED)


def test_every_bad_input_is_reported_with_its_path_or_line(result):
    _, stderr, _, corpus = result
    assert _said(stderr, "skipped", corpus) == sorted(SKIPPED)
    assert _said(stderr, "note:", corpus) == sorted(NOTED)


def test_no_traceback_and_exit_status_1(result):
    status, stderr, _, _ = result
    assert status == 1
    assert "Traceback" not in stderr
    summary = next(line for line in stderr.splitlines() if line.startswith("eventmill: read "))
    assert f"coded {len(STORED)}," in summary
    assert f"eventmill: {len(SKIPPED)} unreadable input(s) skipped (listed above)" in stderr


def test_html_page_and_long_texts_are_coded_as_text(result, run):
    _, db = run
    with duckdb.connect(str(db), read_only=True) as con:
        page = con.execute("SELECT text FROM articles WHERE origin LIKE '%page.txt'").fetchone()[0]
        long = con.execute("SELECT length(text) FROM articles WHERE article_id = 'too-long'").fetchone()[0]
        field = con.execute("SELECT length(text) FROM articles WHERE article_id = 'lf-2'").fetchone()[0]
    assert page.startswith("Home\n\nTroops clash at border\n\nIndian troops clashed") and "<" not in page
    assert long <= MAX_CHARS
    assert 0 < field <= MAX_CHARS  # the long CSV field was read, then cut

"""Issue 13: an article that breaks the coder is reported by origin and id and skipped; the
other articles of its batch are coded as usual."""
from __future__ import annotations

import datetime as dt

import pytest

from eventmill.types import Article

TEXT = "Iran rejected the accusation by Israel on Monday."
TOMORROW = "Iran rejected the accusation by Israel tomorrow."  # a day after 9999-12-31


def article(i: int, date: dt.date = dt.date(2020, 1, 1), text: str = TEXT) -> Article:
    return Article(id=f"a{i}", date=date, text=text, origin=f"in.jsonl:{i}")


@pytest.fixture
def reported(coder, monkeypatch):
    said: list[tuple[str, str]] = []
    monkeypatch.setattr(coder, "on_error", lambda where, msg: said.append((where, msg)))
    return said


@pytest.mark.parametrize("date", [dt.date(1, 1, 1), dt.date(9999, 12, 31)])
def test_date_overflow_skips_only_its_article(coder, reported, date):
    arts = [article(1), article(2, date, TOMORROW), article(3)]
    got = [(a.id, len(evs)) for a, evs in coder.code(arts)]
    assert [i for i, _ in got] == ["a1", "a3"] and all(n > 0 for _, n in got)
    assert len(reported) == 1
    where, msg = reported[0]
    assert where == "in.jsonl:2 (id a2)" and "OverflowError" in msg and "skipped" in msg


def test_a_failing_sentence_split_skips_only_its_article(coder, reported, monkeypatch):
    split = coder.sentences

    def broken(text: str):
        if "poison" in text:
            raise RuntimeError("splitter broke")
        return split(text)

    monkeypatch.setattr(coder, "sentences", broken)
    arts = [article(1), article(2, text="poison " + TEXT), article(3)]
    assert [a.id for a, _, _ in coder.diagnose(arts)] == ["a1", "a3"]
    assert reported[0][0] == "in.jsonl:2 (id a2)" and "splitter broke" in reported[0][1]


def test_code_one_raises_a_readable_error(coder):
    with pytest.raises(ValueError, match="id a9.*OverflowError"):
        coder.code_one(article(9, dt.date(9999, 12, 31), TOMORROW))


def test_a_parse_failure_is_traced_to_its_article(coder, reported, monkeypatch):
    parse = coder._parse

    def broken(articles, ranges):
        if any("poison" in a.text for a in articles):
            raise RuntimeError("parser broke")
        return parse(articles, ranges)

    monkeypatch.setattr(coder, "_parse", broken)
    arts = [article(1), article(2, text="poison " + TEXT), article(3)]
    got = [(a.id, len(evs)) for a, evs in coder.code(arts)]
    assert [i for i, _ in got] == ["a1", "a3"] and all(n > 0 for _, n in got)
    assert reported == [("in.jsonl:2 (id a2)", "cannot be coded (RuntimeError: parser broke); skipped")]

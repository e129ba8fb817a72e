"""Tone: VADER compound × 10 per sentence; an article's tone is its mean sentence tone."""
from __future__ import annotations

import datetime as dt

import pytest

from eventmill.store import Store
from eventmill.text import sentences
from eventmill.text.tone import SCALE, article_tone, sentence_tone, split_sentences
from eventmill.types import Actor, Article, Event

NEGATIVE = "Gunmen killed twenty villagers in a massacre that was condemned by the government."
POSITIVE = "The two sides agreed to a peace deal, which was welcomed by their neighbours."
NEUTRAL = "The minister met his counterpart in Geneva on Tuesday."


def test_sentence_tone_sign_and_range() -> None:
    assert SCALE == 10.0
    neg, pos, neu = sentence_tone(NEGATIVE), sentence_tone(POSITIVE), sentence_tone(NEUTRAL)
    assert -10.0 <= neg < -5.0
    assert 5.0 < pos <= 10.0
    assert neu == 0.0
    assert sentence_tone("killed, massacre, condemned") < -5.0
    assert sentence_tone("agreed, welcomed, peace") > 5.0
    assert sentence_tone("") == 0.0 and sentence_tone("   ") == 0.0


def test_article_tone_is_mean_of_sentences() -> None:
    text = f"{NEGATIVE} {POSITIVE}\n{NEUTRAL}"
    assert split_sentences(text) == [NEGATIVE, POSITIVE, NEUTRAL]
    expected = (sentence_tone(NEGATIVE) + sentence_tone(POSITIVE) + sentence_tone(NEUTRAL)) / 3
    assert article_tone(text) == pytest.approx(expected, abs=1e-3)
    assert article_tone("") == 0.0
    # Length does not saturate the score: many mildly negative sentences stay mildly negative.
    mild = "Talks stalled again. " * 50
    assert article_tone(mild) == pytest.approx(sentence_tone("Talks stalled again."), abs=1e-3)
    assert -10.0 <= article_tone(NEGATIVE * 40) < 0


def test_splitter_keeps_abbreviation_like_cases_reasonable() -> None:
    assert split_sentences is sentences.split_sentences  # tone reads the package's one splitter
    assert split_sentences("Headline without stop\nBody one. Body two!") == ["Headline without stop", "Body one.",
                                                                             "Body two!"]
    assert split_sentences("He said \"No.\" Then he left.") == ['He said "No."', "Then he left."]
    assert split_sentences("Growth was 2.5 percent. It rose.") == ["Growth was 2.5 percent.", "It rose."]


def _event(a: Article, sentence: str, n: int, extra: dict | None = None) -> Event:
    start = a.text.index(sentence)
    return Event(a.id, a.date, a.date, "190", "19", 4, -10.0, "ASSAULT", Actor("gunmen", "IRQ", "REB"), None, None,
                 sentence, (start, start + len(sentence)), 0.9, f"{a.id}-{n}", extra or {})


def test_store_saves_article_and_mention_tone() -> None:
    a = Article("t1", dt.date(2020, 1, 1), f"{NEGATIVE} {POSITIVE}")
    with Store(":memory:") as st:
        st.save(a, [_event(a, NEGATIVE, 0), _event(a, POSITIVE, 1), _event(a, POSITIVE, 2, {"tone": 1.5})])
        assert st.con.execute("SELECT tone FROM articles").fetchone()[0] == pytest.approx(article_tone(a.text))
        tones = dict(st.con.execute("SELECT event_id, tone FROM events").fetchall())
        assert tones["t1-0"] == sentence_tone(NEGATIVE) and tones["t1-1"] == sentence_tone(POSITIVE)
        assert tones["t1-2"] == 1.5  # a coder-supplied tone wins
        assert st.query()[0].keys() == _event(a, NEGATIVE, 0).to_dict().keys()  # query shape unchanged
    with Store(":memory:", tone=False) as st:
        st.save(a, [_event(a, NEGATIVE, 0)])
        assert st.con.execute("SELECT tone FROM articles").fetchone() == (None,)
        assert st.con.execute("SELECT tone FROM events").fetchone() == (None,)
        assert st.backfill_tone() == (1, 1)
        assert st.con.execute("SELECT tone FROM events").fetchone()[0] == sentence_tone(NEGATIVE)
        assert st.backfill_tone() == (0, 0)



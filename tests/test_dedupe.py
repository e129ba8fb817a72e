"""Cross-article deduplication: stored per-article events → story events with honest counts."""
from __future__ import annotations

import datetime as dt

import pytest

from eventmill.store import Store
from eventmill.types import Actor, Article, Event, Place

BAGHDAD = Place("Baghdad", "IRQ", "Baghdad", 33.34, 44.4, 98182, "city")
BASRA = Place("Basra", "IRQ", "Basra", 30.5, 47.8, 99532, "city")


def day(d: int) -> dt.date:
    return dt.date(2020, 1, d)


def article(aid: str, text: str, d: int, url: str | None = None, source: str | None = None) -> Article:
    return Article(id=aid, date=day(d), text=text, url=url, source=source)


def event(a: Article, sentence: str, d: int, *, code: str = "190", root: str = "19",
          src: tuple[str | None, str] = ("IRQ", "REB"), tgt: tuple[str | None, str] | None = ("USA", "GOV"),
          loc: Place | None = BAGHDAD, n: int = 0, goldstein: float = -10.0) -> Event:
    """An event coded from `sentence` (which must occur in the article text)."""
    start = a.text.index(sentence)
    return Event(
        article_id=a.id, article_date=a.date, date=day(d), code=code, root=root, quad=4,
        goldstein=goldstein, plover="ASSAULT",
        source=Actor("militiamen" if src[0] == "IRQ" else "officials", src[0], src[1]),
        target=Actor("the embassy", tgt[0], tgt[1]) if tgt else None,
        location=loc, sentence=sentence, span=(start, start + len(sentence)), confidence=0.9,
        event_id=f"{a.id}-{n}",
    )


def one_event_article(aid: str, sentence: str, d: int, event_day: int, **kw: object) -> tuple[Article, list[Event]]:
    url = kw.pop("url", None)
    source = kw.pop("source", None)
    # The id in the text keeps texts distinct: identical texts are one article by design.
    a = article(aid, f"{sentence} (Report {aid}.)", d, url, source)  # type: ignore[arg-type]
    return a, [event(a, sentence, event_day, **kw)]  # type: ignore[arg-type]


REUTERS = ("r1", "Iraqi militiamen attacked the US embassy in Baghdad on Tuesday.")
AP = ("p1", "Protesters loyal to an Iraqi militia stormed the American embassy compound in Baghdad.")


def test_one_event_two_hosts_is_one_story() -> None:
    with Store(":memory:") as st:
        st.save_many([
            one_event_article(REUTERS[0], REUTERS[1], 3, 2, url="https://www.reuters.com/world/a"),
            # Different words, another host, published a day later, event dated the day before.
            one_event_article(AP[0], AP[1], 4, 1, url="https://apnews.com/article/b", code="193"),
        ])
        assert st.count_events() == 2  # per-article events stay as they are
        (story,) = st.story_events()
        assert story["num_mentions"] == 2 and story["num_articles"] == 2 and story["num_sources"] == 2
        assert story["date"] == "2020-01-01"                      # first day of the story
        assert (story["first_seen"], story["last_seen"]) == ("2020-01-03", "2020-01-04")
        assert story["root"] == "19" and story["code"] in ("190", "193")
        # Event.to_dict() shape (the representative mention's sentence) plus the story fields.
        assert story.keys() >= event(*one_event_article("x", "X.", 1, 1)[:1], "X.", 1).to_dict().keys()
        assert story["event_id"] == story["story_id"]
        assert story["source"] == {"text": "militiamen", "country": "IRQ", "role": "REB", "name": None}
        assert (story["target"]["country"], story["target"]["role"]) == ("USA", "GOV")
        assert story["location"] == BAGHDAD.to_dict()
        assert story["goldstein"] == -10.0 and story["quad"] == 4
        assert story["article_id"] == ("p1" if story["code"] == "193" else "r1")
        assert isinstance(story["avg_tone"], float) and story["tone"] == story["avg_tone"]
        mentions = story["mentions"]
        assert {m["article_id"] for m in mentions} == {"r1", "p1"}
        assert {m["source"] for m in mentions} == {"reuters.com", "apnews.com"}
        m = next(m for m in mentions if m["article_id"] == "r1")
        assert m["sentence"] == REUTERS[1] and m["span"] == [0, len(REUTERS[1])]
        assert m["url"] == "https://www.reuters.com/world/a" and m["reprint"] is False
        assert m["confidence"] == 0.9 and isinstance(m["tone"], float)

        # A third article from a host already counted adds an article, not a source.
        st.save(*one_event_article("r2", "Gunmen hit the US embassy in Baghdad again, Reuters said.", 4, 2,
                                   url="http://reuters.com/world/c"))
        (story,) = st.story_events()
        assert (story["num_mentions"], story["num_articles"], story["num_sources"]) == (3, 3, 2)


def test_days_apart_make_two_stories_but_a_chain_makes_one() -> None:
    with Store(":memory:") as st:
        st.save(*one_event_article("a", "Militiamen attacked the embassy.", 1, 1, url="http://a.com/1"))
        st.save(*one_event_article("b", "Militiamen attacked the embassy again.", 4, 4, url="http://b.com/1"))
        stories = st.story_events()
        assert [s["date"] for s in stories] == ["2020-01-01", "2020-01-04"]
        assert all(s["num_articles"] == 1 for s in stories)
        # Day 1 and day 4 stay apart with something on day 2 (still 2 days short of day 4)...
        st.save(*one_event_article("c", "The embassy was attacked by militiamen.", 2, 2, url="http://c.com/1"))
        assert [s["num_articles"] for s in st.story_events()] == [2, 1]
        # ...and day 3 links them all: each gap is at most one day.
        st.save(*one_event_article("d", "Militiamen struck the embassy.", 3, 3, url="http://d.com/1"))
        (story,) = st.story_events()
        assert story["num_articles"] == 4 and story["date"] == "2020-01-01"


def test_key_separates_actors_roles_targets_and_places() -> None:
    s = "Militiamen attacked the embassy."
    with Store(":memory:") as st:
        st.save_many([
            one_event_article("base", s, 1, 1, url="http://a.com/1"),
            one_event_article("tgt", s, 1, 1, url="http://b.com/1", tgt=("GBR", "GOV")),
            one_event_article("role", s, 1, 1, url="http://c.com/1", tgt=("USA", "MIL")),
            one_event_article("notgt", s, 1, 1, url="http://d.com/1", tgt=None),
            one_event_article("notgt2", s, 1, 1, url="http://e.com/1", tgt=None),
            one_event_article("place", s, 1, 1, url="http://f.com/1", loc=BASRA),
            one_event_article("noplace", s, 1, 1, url="http://g.com/1", loc=None),
            one_event_article("root", s, 1, 1, url="http://h.com/1", code="173", root="17"),
        ])
        stories = st.story_events()
        assert len(stories) == 7
        both_null = [x for x in stories if x["target"] is None]
        assert len(both_null) == 1 and both_null[0]["num_articles"] == 2


def test_recoding_and_reprints_never_inflate() -> None:
    with Store(":memory:") as st:
        batch = [
            one_event_article(REUTERS[0], REUTERS[1], 3, 2, url="https://www.reuters.com/world/a"),
            one_event_article(AP[0], AP[1], 3, 2, url="https://apnews.com/article/b"),
        ]
        st.save_many(batch)
        before = st.story_events()
        counts = lambda rows: [(s["num_mentions"], s["num_articles"], s["num_sources"]) for s in rows]  # noqa: E731
        assert counts(before) == [(2, 2, 2)]

        # The same corpus coded again (same ids): nothing changes, story id included.
        st.save_many(batch)
        st.save_many(batch)
        after = st.story_events()
        assert after == before

        # The AP text reprinted verbatim under another id by another outlet, a day later:
        # one more mention row (flagged), but the same mention, article and source counts.
        ap_article, _ = batch[1]
        reprint = Article(id="yahoo-copy", date=day(4), text=ap_article.text, url="https://news.yahoo.com/x")
        st.save(reprint, [event(reprint, AP[1], 2)])
        (story,) = st.story_events()
        assert counts([story]) == [(2, 2, 2)]
        flagged = {m["article_id"]: m["reprint"] for m in story["mentions"]}
        assert flagged == {"r1": False, "p1": False, "yahoo-copy": True}
        assert story["last_seen"] == "2020-01-04"  # it was still seen again
        assert story["story_id"] == before[0]["story_id"]

        # Two events coded from one sentence (190 and 193) are one mention.
        a = article("two", "Militiamen shot at and attacked the US embassy in Baghdad.", 3, "http://x.org/2")
        st.save(a, [event(a, a.text, 2, n=0, code="190"), event(a, a.text, 2, n=1, code="193")])
        (story,) = st.story_events()
        assert counts([story]) == [(3, 3, 3)]


def test_sources_without_url() -> None:
    with Store(":memory:") as st:
        st.save_many([
            one_event_article("w1", "Militiamen attacked the embassy.", 1, 1, source="AP"),
            one_event_article("w2", "The embassy came under attack.", 1, 1, source="ap"),
            one_event_article("w3", "An attack hit the embassy.", 1, 1),       # its own source
            one_event_article("w4", "Attackers hit the embassy.", 1, 1),       # its own source
            one_event_article("w5", "The embassy was hit.", 1, 1, url="ap"),  # bare host
        ])
        (story,) = st.story_events()
        assert story["num_articles"] == 5 and story["num_sources"] == 4
        assert {m["source"] for m in story["mentions"]} == {"source:ap", "article:w3", "article:w4", "ap"}


def test_story_code_is_most_mentioned() -> None:
    with Store(":memory:") as st:
        st.save_many([
            one_event_article("a", "Militiamen fought guards at the embassy.", 1, 1, url="http://a.com", code="190"),
            one_event_article("b", "Militiamen shelled the embassy.", 1, 1, url="http://b.com", code="194",
                              goldstein=-10.0),
            one_event_article("c", "Militiamen bombarded the embassy.", 1, 1, url="http://c.com", code="194"),
        ])
        (story,) = st.story_events()
        assert story["code"] == "194"


def test_story_filters_rebuild_and_stable_ids() -> None:
    with Store(":memory:") as st:
        st.save(*one_event_article("a", "Militiamen attacked the embassy.", 1, 1, url="http://a.com"))
        st.save(*one_event_article("b", "France criticised Afghanistan.", 9, 9, url="http://b.com", code="111",
                                   root="11", src=("FRA", "GOV"), tgt=("AFG", "GOV"),
                                   loc=Place("Kabul", "AFG", precision="city")))
        assert st.stories_dirty
        assert st.rebuild_story_events() == 2 and not st.stories_dirty
        ids = [s["story_id"] for s in st.story_events()]
        assert len(set(ids)) == 2 and all(len(i) == 16 for i in ids)
        assert st.rebuild_story_events() == 2
        assert [s["story_id"] for s in st.story_events()] == ids  # deterministic ids

        dates = lambda rows: [s["date"] for s in rows]  # noqa: E731
        assert dates(st.story_events(since="2020-01-05")) == ["2020-01-09"]
        assert dates(st.story_events(until=dt.date(2020, 1, 5))) == ["2020-01-01"]
        assert dates(st.story_events(country="afg")) == ["2020-01-09"]
        assert dates(st.story_events(country="USA")) == ["2020-01-01"]
        assert dates(st.story_events(root="11")) == ["2020-01-09"]
        assert dates(st.story_events(actor="militia")) == ["2020-01-01"]
        assert dates(st.story_events(limit=1)) == ["2020-01-01"]
        assert st.story_events(country="x'); DROP TABLE events; --") == []

        # A save marks the tables stale; reading rebuilds them.
        st.save(*one_event_article("c", "Militiamen hit the embassy.", 2, 2, url="http://c.com"))
        assert st.stories_dirty
        assert [s["num_articles"] for s in st.story_events()] == [2, 1]
        assert st.count_story_events() == 2
        # Per-article events are untouched by all this.
        assert [e["article_id"] for e in st.query()] == ["a", "c", "b"]


def test_group_events_on_stories() -> None:
    with Store(":memory:") as st:
        st.save_many([
            one_event_article("r1", REUTERS[1], 3, 2, url="https://reuters.com/a"),
            one_event_article("p1", AP[1], 3, 2, url="https://apnews.com/b"),
            one_event_article("k1", "France criticised Afghanistan.", 9, 9, url="http://b.com", code="111",
                              root="11", src=("FRA", "GOV"), tgt=("AFG", "GOV"), goldstein=-2.0, loc=None),
        ])
        per_event = st.group_events("dyad")
        assert [(g["dyad"], g["count"], g["num_articles"]) for g in per_event] == [("IRQ->USA", 2, 2), ("FRA->AFG", 1, 1)]
        per_story = st.group_events("dyad", stories=True)
        assert [(g["dyad"], g["count"], g["goldstein_sum"], g["num_articles"]) for g in per_story] == [
            ("FRA->AFG", 1, -2.0, 1), ("IRQ->USA", 1, -10.0, 2)]
        assert [g["country"] for g in st.group_events("country", stories=True)] == ["FRA", "IRQ"]
        assert st.group_events("root", stories=True, actor="militia")[0]["root"] == "19"


def test_empty_store_has_no_stories() -> None:
    with Store(":memory:") as st:
        assert not st.stories_dirty
        assert st.story_events() == [] and st.group_events("month", stories=True) == []
        st.save_many([one_event_article(REUTERS[0], REUTERS[1], 3, 2)])  # one event: one story
        assert len(st.story_events()) == 1 and len(st.group_events("month", stories=True)) == 1


def test_two_specific_acts_of_one_kind_are_two_events():
    from eventmill.coding.dedupe import same_act as _same_act

    assert not _same_act("1723", "1721")  # a curfew, then a ban on gatherings
    assert _same_act("1723", "172") and _same_act("190", "195")


def test_two_named_people_doing_the_same_act_are_two_events(code_text):
    text = ("Russian Foreign Minister Sergei Lavrov on Thursday threatened to expel British "
            "diplomats. Kremlin spokesman Dmitry Peskov on Thursday threatened to expel British "
            "diplomats.")
    assert len([e for e in code_text(text) if e["root"] == "13"]) == 2
    text = ("Russian Foreign Minister Sergei Lavrov on Thursday threatened to expel British "
            "diplomats. Lavrov on Thursday also threatened to expel British diplomats.")
    assert len([e for e in code_text(text) if e["root"] == "13"]) == 1


def test_yielding_with_no_one_named_is_yielded_at_home(code_text):
    (event,) = code_text("Myanmar freed dozens of political prisoners on Wednesday.", "2016-04-08")
    assert (event["root"], event["source"]["country"], event["target"]["country"]) == ("08", "MMR", "MMR")
    # a target the text names stays
    events = code_text("Myanmar freed dozens of Thai fishermen to Thailand on Wednesday.", "2016-04-08")
    assert all(e["target"]["country"] == "THA" for e in events if e["root"] == "08")


def test_an_act_told_as_another_is_a_new_event(code_text):
    text = ("Israeli troops arrested three Palestinians in Hebron on Monday. Israeli troops also "
            "arrested two men in Jenin.")
    assert len([e for e in code_text(text, "2016-03-08") if e["root"] == "17"]) == 2
    # without the marker the later sentence retells the first act
    text = ("Israeli troops arrested three Palestinians in Hebron on Monday. The troops arrested "
            "them at dawn.")
    assert len([e for e in code_text(text, "2016-03-08") if e["root"] == "17"]) == 1


@pytest.mark.parametrize("later", [
    "Later on Monday, Kenyan police arrested four students in Kisumu.",
    "Kenyan police arrested another four students in Kisumu.",
    "Kenyan police also arrested four students in Kisumu.",
    "In Kisumu, Kenyan police arrested four students.",
])
def test_an_act_told_later_or_as_another_is_a_new_event(code_text, later):
    first = "Kenyan police arrested six students in Nairobi on Monday. "
    assert len([e for e in code_text(first + later, "2016-03-08") if e["root"] == "17"]) == 2
    # the same act retold stays one
    retold = first + "Kenyan police arrested the six students at dawn."
    assert len([e for e in code_text(retold, "2016-03-08") if e["root"] == "17"]) == 1


def test_an_act_joined_to_one_told_as_another_is_new_too(code_text):
    text = ("Kenyan soldiers detained six men in Garissa on Monday. Kenyan soldiers also stormed a "
            "village near Lamu and detained four men there.")
    assert len([e for e in code_text(text, "2016-03-08") if e["root"] == "17"]) == 2


def test_a_separate_meeting_is_a_new_event(code_text):
    text = ("Serbian Prime Minister Ana Brnabic met Russian Foreign Minister Sergei Lavrov in Moscow "
            "on Tuesday. Serbian Foreign Minister Ivica Dacic had a separate meeting with Russian Deputy "
            "Prime Minister Yuri Borisov.")
    assert len([e for e in code_text(text, "2018-03-20") if e["root"] == "04"
                and e["source"]["country"] == "SRB"]) == 2


def test_the_damage_a_protest_does_is_that_protest(code_text):
    # GUIDE: a riot or violent protest stays 14
    text = ("Militiamen protesting against the government stormed and burned the gate of the Turkish "
            "consulate in Mosul on Sunday.")
    events = code_text(text, "2016-01-10")
    assert any(e["root"] == "14" and e["target"]["country"] == "TUR" for e in events)
    assert not any(e["code"].startswith("171") for e in events)
    # damage done by no protest stays an act of its own
    events = code_text("Soldiers burned the homes of suspected rebels in Darfur on Sunday.", "2016-01-10")
    assert any(e["code"].startswith("171") for e in events)

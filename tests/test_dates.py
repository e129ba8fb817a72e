"""Event days from sentence day expressions, resolved against the article date."""
from __future__ import annotations

import datetime as dt

import pytest

from eventmill.coding.dates import date_mentions, find_date, news_day

ARTICLE = dt.date(2020, 1, 1)  # a Wednesday


@pytest.mark.parametrize("text,expected", [
    ("Protesters stormed the embassy on Tuesday.", "2019-12-31"),
    ("on Sunday", "2019-12-29"),
    ("Wednesday", "2020-01-01"),  # the article's own weekday is the article date
    ("next Tuesday", "2020-01-07"),
    ("talks on Tuesday next week", "2020-01-07"),
    ("last Tuesday", "2019-12-31"),
    ("December 31, 2019", "2019-12-31"),
    ("31 December 2019", "2019-12-31"),
    ("Dec. 31", "2019-12-31"),  # no year: would be 11 months ahead, so last year
    ("on Dec 31", "2019-12-31"),
    ("Sept. 3, 2019", "2019-09-03"),
    ("2019-12-31", "2019-12-31"),
    ("yesterday", "2019-12-31"),
    ("Yesterday, militiamen attacked", "2019-12-31"),
    ("the day before yesterday", "2019-12-30"),
    ("two days ago", "2019-12-30"),
    ("last night", "2019-12-31"),
    ("last week", "2019-12-25"),
    ("today", "2020-01-01"),
    ("After Sunday's strike, protesters attacked the embassy on Tuesday.", "2019-12-31"),
    ("Troops withdrew from Mosul on Tuesday.", "2019-12-31"),
    ("Militants attacked before dawn on Tuesday.", "2019-12-31"),
])
def test_find_date(text, expected):
    assert find_date(text, ARTICLE) == dt.date.fromisoformat(expected)


# each text without a day beside a twin that names one
@pytest.mark.parametrize("text, dated, expected", [
    ("since March", "on March 3", "2019-03-03"),
    ("Rallies have continued since Friday.", "Rallies were held on Friday.", "2019-12-27"),
    ("since last week", "last week", "2019-12-25"),
    ("in 2003", "on March 20, 2003", "2003-03-20"),
    ("in March 2019", "on March 5, 2019", "2019-03-05"),
    ("earlier this week", "yesterday", "2019-12-31"),
    ("overnight", "overnight on Tuesday", "2019-12-31"),
    ("the troops may 5 times", "on May 5", "2019-05-05"),  # modal 'may'
    ("Iran rejected the accusation.", "Iran rejected the accusation on Monday.", "2019-12-30"),
])
def test_no_date(text, dated, expected):
    assert find_date(text, ARTICLE) is None
    assert find_date(dated, ARTICLE) == dt.date.fromisoformat(expected)


def test_mentions_are_ordered_and_marked():
    ms = date_mentions("Since Friday crowds grew, and on Tuesday they stormed it.", ARTICLE)
    assert [m.text for m in ms] == ["Friday", "Tuesday"]
    assert [m.blocked for m in ms] == [True, False]


def test_news_day():
    lede = ["BAGHDAD (Reuters) - Protesters stormed the US embassy on Tuesday.",
            "They chanted slogans."]
    assert news_day(lede, ARTICLE) == dt.date(2019, 12, 31)
    # too old or in the future: not an anchor
    assert news_day(["The war began on March 20, 2003.", "On Monday they left."],
                    ARTICLE) == dt.date(2019, 12, 30)
    assert news_day(["Talks resume next Tuesday."], ARTICLE) == ARTICLE
    # only the first max_sentences sentences count
    assert news_day(["a", "b", "c", "d", "On Monday they left."], ARTICLE) == ARTICLE
    assert news_day([], ARTICLE) == ARTICLE


@pytest.mark.parametrize("text, expected", [
    ("At the end of August, 11 people died", dt.date(2014, 8, 28)),
    ("talks in late November", dt.date(2013, 11, 25)),
    ("fighting in mid-September", dt.date(2014, 9, 15)),
    ("in early March 2012 rebels attacked", dt.date(2012, 3, 5)),
])
def test_part_of_a_month_names_a_rough_day(text, expected):
    assert find_date(text, dt.date(2014, 10, 2)) == expected


def test_participle_clause_shares_the_year_of_its_head(nlp):
    from eventmill.coding.dates import background, packaged_rules
    doc = nlp("Houthi rebels swept into Sanaa in September 2014, forcing the president to flee.")
    forcing = next(t for t in doc if t.text == "forcing")
    assert background(forcing, dt.date(2016, 10, 8), packaged_rules())


def test_months_and_years_ago():
    assert find_date("expelled them 18 years ago", dt.date(2000, 1, 1)) == dt.date(1982, 1, 5)
    assert find_date("two months ago", dt.date(2000, 3, 1)) == dt.date(2000, 1, 1)


def test_present_tense_event_takes_the_article_date(code_text):
    # Friday 2016-12-23; the lede dates nothing, a later background line names Monday
    text = ("GENEVA (AP) - The U.N. human rights chief is denouncing violent repression by "
            "Congolese security forces against protesters in Kinshasa. "
            "Kabila's mandate expired Monday.")
    (event,) = [e for e in code_text(text, date="2016-12-23") if e["root"] == "11"]
    assert event["date"] == "2016-12-23"


def test_present_tense_helpers(nlp):
    from eventmill.coding.dates import present_tense

    def verb(text, word):
        return next(t for t in nlp(text) if t.text == word)

    assert present_tense(verb("The UN chief is denouncing the repression.", "denouncing"))
    assert present_tense(verb("Iran rejects the accusation.", "rejects"))
    assert not present_tense(verb("Iran rejected the accusation.", "rejected"))
    assert not present_tense(verb("Troops have killed ten people.", "killed"))


@pytest.mark.parametrize("background_text,news_text", [
    ("Sudanese troops have attacked rebels in Darfur for years.",
     "Sudanese troops attacked rebels in Darfur on Monday."),
    ("Turkey has shelled Kurdish positions in Syria for months.",
     "Turkey shelled Kurdish positions in Syria on Sunday."),
    ("Fears of unrest are high, as in 2015, when students occupied the education ministry in Santiago.",
     "Students occupied the education ministry in Santiago on Sunday."),
])
def test_habits_and_clauses_about_an_earlier_year_are_background(code_text, background_text, news_text):
    assert code_text(background_text, "2017-03-05") == []
    assert [e["root"] for e in code_text(news_text, "2017-03-05")] in (["19"], ["14"], ["14", "14"])


@pytest.mark.parametrize("background_text,news_text", [
    # a month named alone that ended weeks before the article (2019-09-30)
    ("In December, the Houthis and the government agreed a prisoner swap.",
     "On Sunday, the Houthis and the government agreed a prisoner swap."),
    ("Last year, Kenyan police arrested 40 opposition supporters in Kisumu.",
     "On Saturday, Kenyan police arrested 40 opposition supporters in Kisumu."),
    ("Kenyan police arrested 40 opposition supporters in Kisumu last November.",
     "Kenyan police arrested 40 opposition supporters in Kisumu last Saturday."),
])
def test_an_earlier_month_or_last_year_is_background(code_text, background_text, news_text):
    assert code_text(background_text, "2019-09-30") == []
    assert {e["root"] for e in code_text(news_text, "2019-09-30")} in ({"03"}, {"17"})


def test_a_month_that_is_not_a_time_of_the_event_dates_nothing(code_text):
    # "until the end of July" bounds the sanctions; "Jan" is a first name
    events = code_text("The European Union extended sanctions against Russia until the end of July.",
                       "2019-03-20")
    assert [e["root"] for e in events] == ["16"]
    events = code_text("UN deputy chief Jan Eliasson phoned Mali's President Keita on Monday.", "2019-03-20")
    assert [e["root"] for e in events] == ["04"]


@pytest.mark.parametrize("habit,news", [
    ("Western governments often criticize Vietnam for jailing bloggers.",
     "Western governments on Monday criticized Vietnam for jailing bloggers."),
    ("Greece has long opposed Macedonia's bid to join NATO.",
     "Greece on Monday opposed Macedonia's bid to join NATO."),
    ("The senator had previously accused the judge of bias.",
     "The senator on Monday accused the judge of bias."),
])
def test_a_habit_told_by_an_adverb_is_background(code_text, habit, news):
    assert code_text(habit, "2018-06-12") == []
    assert {e["root"] for e in code_text(news, "2018-06-12")} & {"11", "12"}


def test_what_a_statement_is_about_does_not_date_the_statement(code_text):
    # the year is the charge's, not the accusation's
    events = code_text("Georgia on Tuesday accused Russia of the 2008 bombing of Gori.", "2012-08-07")
    assert any(e["root"] == "11" and e["source"]["country"] == "GEO" for e in events)
    # an act of force is still dated by its own phrase
    assert code_text("Russian jets bombed Gori in 2008.", "2012-08-07") == []


def test_a_year_on_the_object_itself_dates_a_verbal_act(code_text):
    # signing "a 1995 treaty" happened in 1995; the year is the act's, not its subject matter's
    assert code_text("Croatia and Bosnia signed a 1995 border treaty.", "2011-03-02") == []
    signed = code_text("Croatia and Bosnia signed a border treaty on Monday.", "2011-03-02")
    assert {e["root"] for e in signed} & {"05", "06"}
    # a day named in what is condemned is that act's day, not the condemnation's
    (event,) = [e for e in code_text("The Turkish government condemned the July 2 crackdown by Egyptian "
                                      "police on protesters.", "2013-08-20") if e["root"] == "11"]
    assert event["date"] == "2013-08-20"


def test_a_relative_clause_under_a_since_phrase_is_background(code_text):
    text = ("Since March 2015, the coalition has been fighting the Houthi rebels, who have seized "
            "control of Sanaa.")
    assert not any(e["root"] == "19" for e in code_text(text, "2016-06-19"))
    news = "The Houthi rebels seized control of the port city of Aden on Sunday."
    assert [e["root"] for e in code_text(news, "2016-06-19")] == ["19"]


@pytest.mark.parametrize("past,news", [
    ("In August 2016, Pakistan said it was expelling two Indian diplomats.",
     "On Monday, Pakistan said it was expelling two Indian diplomats."),
    ("The unrest began in March 2015, when Houthi rebels attacked Yemeni police posts.",
     "The unrest began on Sunday, when Houthi rebels attacked Yemeni police posts."),
])
def test_a_clause_takes_the_earlier_time_of_the_clause_it_hangs_on(code_text, past, news):
    assert code_text(past, "2018-06-12") == []
    assert {e["root"] for e in code_text(news, "2018-06-12")} in ({"16"}, {"19"})


def test_an_event_dated_after_the_article_has_not_happened(code_text):
    # a schedule told in the present ("meet on March 14") is news of a plan, not of a meeting
    assert code_text("Finnish and Swedish ministers meet in Helsinki on March 14 for talks on the "
                     "border.", "2015-03-10") == []
    held = code_text("Finnish and Swedish ministers met in Helsinki on March 9 for talks on the "
                     "border.", "2015-03-10")
    assert {(e["root"], e["date"]) for e in held} == {("04", "2015-03-09")}


def test_an_event_noun_under_a_perfect_since_a_time_is_a_tally(code_text):
    tally = "More than 2,000 soldiers have been killed in fighting between the Ethiopian army and " \
            "Eritrean forces since May."
    assert code_text(tally, "2000-06-20") == []
    news = "Ten soldiers were killed in fighting between the Ethiopian army and Eritrean forces on Monday."
    assert {(e["root"], e["source"]["country"]) for e in code_text(news, "2000-06-20")} \
        == {("19", "ETH"), ("19", "ERI")}

"""Exporters: GDELT 2.0 event/mention tables, POLECAT/PLOVER JSONL, month-partitioned Parquet."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pandas as pd
import pyarrow.dataset as ds
import pytest

from eventmill import __version__
from eventmill.io.export import (
    GDELT_EVENT_COLUMNS, GDELT_MENTION_COLUMNS, PARQUET_COLUMNS, export_gdelt, export_parquet,
    export_plover, gdelt_event_id, iso3_to_fips, load_articles, plover_mapping,
)
from eventmill.store import Store
from eventmill.types import Actor, Article, Event, Place

TEXT = "Iraqi militiamen stormed the US embassy in Baghdad. " + "Filler text. " * 40 + "US forces hit back."
SENT1 = "Iraqi militiamen stormed the US embassy in Baghdad."
SENT2 = "US forces hit back."
START2 = TEXT.index(SENT2)

ARTICLES = {
    "a1": {"url": "https://www.example.com/news/1?id=\"x\"", "source": "Example News",
           "date": "2020-01-01", "text": TEXT},
    "a2": {"url": None, "source": "Wire", "date": dt.date(2020, 2, 3)},
}


def make_events() -> list[dict]:
    attack = Event(
        article_id="a1", article_date=dt.date(2020, 1, 1), date=dt.date(2019, 12, 31), code="193",
        root="19", quad=4, goldstein=-10.0, plover="ASSAULT",
        source=Actor("Iraqi militiamen", "IRQ", "REB"),
        target=Actor("US embassy", "USA", "GOV", "US Embassy\tBaghdad"),
        location=Place("Baghdad", "IRQ", "Baghdad", 33.34058, 44.40088, 98182, "city"),
        sentence=SENT1, span=(0, len(SENT1)), confidence=0.87654, event_id="0123456789abcdef",
    )
    reply = Event(
        article_id="a1", article_date=dt.date(2020, 1, 1), date=dt.date(2020, 1, 1), code="1121",
        root="11", quad=3, goldstein=-2.0, plover="ACCUSE",
        source=Actor("US forces", "USA", "MIL"), target=Actor("the UN", "IGO", ""), location=None,
        sentence=SENT2, span=(START2, START2 + len(SENT2)), confidence=0.5, event_id="a1:1",
    )
    visit = Event(
        article_id="a2", article_date=dt.date(2020, 2, 3), date=dt.date(2020, 2, 3), code="042",
        root="04", quad=1, goldstein=1.9, plover="CONSULT",
        source=Actor("the ICC", "IGO", "JUD"), target=None,
        location=Place("Texas", "USA", None, 31.0, -100.0, None, "admin1"),
        sentence="The ICC visited Texas.", span=(0, 22), confidence=0.6, event_id="fedcba9876543210",
    )
    return [attack.to_dict(), reply.to_dict(), visit.to_dict()]


def read_events(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, sep="\t", header=None, names=list(GDELT_EVENT_COLUMNS), dtype=str,
                       keep_default_na=False)


def read_mentions(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, sep="\t", header=None, names=list(GDELT_MENTION_COLUMNS), dtype=str,
                       keep_default_na=False)


# -- GDELT -----------------------------------------------------------------------------------------
def test_gdelt_column_lists() -> None:
    assert len(GDELT_EVENT_COLUMNS) == 61 and len(set(GDELT_EVENT_COLUMNS)) == 61
    assert GDELT_EVENT_COLUMNS[:5] == ("GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate")
    assert GDELT_EVENT_COLUMNS[15] == "Actor2Code" and GDELT_EVENT_COLUMNS[25] == "IsRootEvent"
    assert GDELT_EVENT_COLUMNS[35:43] == tuple(
        f"Actor1Geo_{f}" for f in
        ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID"))
    assert GDELT_EVENT_COLUMNS[-2:] == ("DATEADDED", "SOURCEURL")
    assert len(GDELT_MENTION_COLUMNS) == 16
    assert GDELT_MENTION_COLUMNS[-1] == "Extras"


def test_gdelt_event_table(tmp_path: Path) -> None:
    ev_path, m_path = export_gdelt(make_events(), ARTICLES, tmp_path / "gdelt")
    assert ev_path.name == "events.export.CSV" and m_path.name == "mentions.CSV"
    lines = ev_path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 3 and all(line.count("\t") == 60 for line in lines)

    # Exactly how GDELT users load the files: empty fields come back as NaN.
    plain = pd.read_csv(ev_path, sep="\t", header=None, names=GDELT_EVENT_COLUMNS, dtype=str)
    assert plain.shape == (3, 61) and list(plain.columns) == list(GDELT_EVENT_COLUMNS)
    assert plain["Actor1Code"].tolist() == ["IRQREB", "USAMIL", "IGOJUD"]
    assert pd.isna(plain.loc[2, "Actor2Code"]) and plain.loc[0, "EventRootCode"] == "19"

    df = read_events(ev_path)
    assert df.shape == (3, 61)
    attack, reply, visit = (df.iloc[i] for i in range(3))

    assert attack["GLOBALEVENTID"] == str(int("0123456789abcde", 16))
    assert attack["SQLDATE"] == "20191231" and attack["MonthYear"] == "201912"
    assert attack["Year"] == "2019" and attack["FractionDate"] == "2020.0000"  # 365/365
    assert reply["FractionDate"] == "2020.0027"
    assert attack["Actor1Code"] == "IRQREB" and attack["Actor1CountryCode"] == "IRQ"
    assert attack["Actor1Type1Code"] == "REB" and attack["Actor1Name"] == "IRAQI MILITIAMEN"
    assert attack["Actor2Code"] == "USAGOV" and attack["Actor2Name"] == "US EMBASSY BAGHDAD"
    assert attack["EventCode"] == "193" and attack["EventBaseCode"] == "193"
    assert attack["EventRootCode"] == "19" and attack["QuadClass"] == "4"
    assert float(attack["GoldsteinScale"]) == -10.0
    assert attack["IsRootEvent"] == "1" and reply["IsRootEvent"] == "0"
    assert (attack["NumMentions"], attack["NumSources"], attack["NumArticles"]) == ("1", "1", "1")
    assert float(attack["AvgTone"]) == 0.0
    assert attack["Actor1Geo_Type"] == "0" and attack["Actor1Geo_CountryCode"] == ""
    assert attack["ActionGeo_Type"] == "4"
    assert attack["ActionGeo_FullName"] == "Baghdad, Baghdad, Iraq"
    assert attack["ActionGeo_CountryCode"] == "IZ" and attack["ActionGeo_ADM1Code"] == "IZ"
    assert float(attack["ActionGeo_Lat"]) == pytest.approx(33.34058)
    assert float(attack["ActionGeo_Long"]) == pytest.approx(44.40088)
    assert attack["ActionGeo_FeatureID"] == "98182"
    assert attack["DATEADDED"] == "20200101000000"
    assert attack["SOURCEURL"] == "https://www.example.com/news/1?id=%22x%22"

    # Four-digit code: base and root split out. IGO with no role: type, no country.
    assert (reply["EventCode"], reply["EventBaseCode"], reply["EventRootCode"]) == ("1121", "112", "11")
    assert reply["Actor1Code"] == "USAMIL" and reply["Actor2Code"] == "IGO"
    assert reply["Actor2CountryCode"] == "" and reply["Actor2Type1Code"] == "IGO"
    assert reply["ActionGeo_Type"] == "0" and reply["ActionGeo_FullName"] == ""
    assert reply["GLOBALEVENTID"].isdigit()  # non-hex id hashed

    # IGO + role; US state geocoding; article without URL cites its id.
    assert visit["Actor1Code"] == "IGOJUD" and visit["Actor1Type1Code"] == "IGO"
    assert visit["Actor1Type2Code"] == "JUD" and visit["Actor2Code"] == ""
    assert visit["ActionGeo_Type"] == "2" and visit["ActionGeo_ADM1Code"] == "USTX"
    assert visit["ActionGeo_FullName"] == "Texas, United States"
    assert visit["SOURCEURL"] == "a2" and visit["DATEADDED"] == "20200203000000"


def test_gdelt_mentions_table(tmp_path: Path) -> None:
    _, m_path = export_gdelt(make_events(), ARTICLES, tmp_path)
    df = read_mentions(m_path)
    assert df.shape == (3, 16)
    first, second, third = (df.iloc[i] for i in range(3))
    events = read_events(tmp_path / "events.export.CSV")
    assert list(df["GLOBALEVENTID"]) == list(events["GLOBALEVENTID"])
    assert first["EventTimeDate"] == "20200101000000" and first["MentionTimeDate"] == "20200101000000"
    assert first["MentionType"] == "1" and first["MentionSourceName"] == "example.com"
    assert first["MentionIdentifier"] == "https://www.example.com/news/1?id=%22x%22"
    assert first["SentenceID"] == "1" and second["SentenceID"] == "42"
    assert first["Actor1CharOffset"] == "0"
    assert first["Actor2CharOffset"] == str(SENT1.index("US embassy"))
    assert second["Actor1CharOffset"] == str(START2) and second["ActionCharOffset"] == str(START2)
    assert second["Actor2CharOffset"] == "-1"  # "the UN" is not in the sentence
    assert first["InRawText"] == "1" and first["Confidence"] == "88"
    assert first["MentionDocLen"] == str(len(TEXT))
    assert float(first["MentionDocTone"]) == 0.0
    assert third["MentionType"] == "2" and third["MentionIdentifier"] == "a2"
    assert third["MentionSourceName"] == "Wire" and third["SentenceID"] == ""


def test_gdelt_dedup_fields_and_mentions(tmp_path: Path) -> None:
    ev = make_events()[0]
    ev["mentions"] = [
        {"article_id": "a2", "sentence": "Militiamen stormed the US embassy.", "span": [500, 534],
         "tone": -6.0},
        {"article_id": "a1", "sentence": SENT1, "span": [0, len(SENT1)], "tone": -2.0},
    ]
    export_gdelt([ev], ARTICLES, tmp_path)
    row = read_events(tmp_path / "events.export.CSV").iloc[0]
    assert (row["NumMentions"], row["NumArticles"], row["NumSources"]) == ("2", "2", "2")
    assert float(row["AvgTone"]) == -4.0
    # The earliest article (a1, 2020-01-01) is the event's first report.
    assert row["DATEADDED"] == "20200101000000" and row["SOURCEURL"].startswith("https://")
    assert row["IsRootEvent"] == "1"
    mentions = read_mentions(tmp_path / "mentions.CSV")
    assert len(mentions) == 2
    assert list(mentions["MentionTimeDate"]) == ["20200203000000", "20200101000000"]
    assert list(mentions["EventTimeDate"]) == ["20200101000000"] * 2
    assert [float(t) for t in mentions["MentionDocTone"]] == [-6.0, -2.0]
    assert mentions.iloc[0]["Actor2CharOffset"] == str(500 + len("Militiamen stormed the "))

    ev.update(num_mentions=7, num_articles=5, num_sources=3, tone=1.25)
    export_gdelt([ev], ARTICLES, tmp_path)
    row = read_events(tmp_path / "events.export.CSV").iloc[0]
    assert (row["NumMentions"], row["NumArticles"], row["NumSources"]) == ("7", "5", "3")
    assert float(row["AvgTone"]) == 1.25


def test_gdelt_helpers() -> None:
    assert iso3_to_fips("IRQ") == "IZ" and iso3_to_fips("DEU") == "GM"
    assert iso3_to_fips("GBR") == "UK" and iso3_to_fips("ARE") == "TC"
    assert iso3_to_fips("BES") == "BQ"  # not in the FIPS table: ISO alpha-2 fallback
    assert iso3_to_fips(None) is None and iso3_to_fips("ZZZ") is None
    assert gdelt_event_id("0123456789abcdef") == gdelt_event_id("0123456789abcdef") < 2**63
    assert gdelt_event_id("x:1") != gdelt_event_id("x:2")


def test_gdelt_empty(tmp_path: Path) -> None:
    ev_path, m_path = export_gdelt([], {}, tmp_path)
    assert ev_path.read_text() == "" and m_path.read_text() == ""


# -- PLOVER ----------------------------------------------------------------------------------------
def test_plover_mapping() -> None:
    assert plover_mapping("193") == ("ASSAULT", "firearms", ["military"])
    assert plover_mapping("1121") == ("ACCUSE", "allege", ["crime", "corruption"])
    assert plover_mapping("1939") == ("ASSAULT", "firearms", ["military"])  # 3-digit parent
    assert plover_mapping("19") == ("ASSAULT", None, [])
    assert plover_mapping("010") == (None, None, [])  # statements have no PLOVER type


def test_export_plover(tmp_path: Path) -> None:
    out = tmp_path / "sub" / "plover.jsonl"
    assert export_plover(make_events(), ARTICLES, out) == 3
    recs = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    attack, reply, visit = recs
    assert set(attack) == {"id", "event_type", "mode", "context", "event_date", "actors", "location",
                           "provenance", "cameo", "confidence"}
    assert attack["id"] == "0123456789abcdef" and attack["event_type"] == "ASSAULT"
    assert attack["mode"] == "firearms" and attack["context"] == ["military"]
    assert attack["event_date"] == "2019-12-31"
    assert attack["actors"]["source"] == {"name": "Iraqi militiamen", "country": "IRQ", "sector": "REB"}
    assert attack["actors"]["target"]["name"] == "US Embassy\tBaghdad"
    assert attack["location"] == {"name": "Baghdad", "country": "IRQ", "admin1": "Baghdad",
                                  "lat": 33.34058, "lon": 44.40088, "geonameid": 98182}
    prov = attack["provenance"]
    assert prov["article_id"] == "a1" and prov["url"] == ARTICLES["a1"]["url"]
    assert prov["source"] == "Example News" and prov["sentence"] == SENT1
    assert prov["span"] == [0, len(SENT1)] and prov["coder"] == f"eventmill {__version__}"
    assert attack["cameo"] == {"code": "193", "root": "19", "quad": 4, "goldstein": -10.0}
    assert attack["confidence"] == pytest.approx(0.877)
    assert reply["context"] == ["crime", "corruption"] and reply["mode"] == "allege"
    assert reply["actors"]["target"] == {"name": "the UN", "country": "IGO", "sector": None}
    assert reply["location"]["name"] is None
    assert visit["actors"]["target"] == {"name": None, "country": None, "sector": None}
    assert visit["provenance"]["url"] is None and visit["mode"] == "visit"


# -- Parquet ---------------------------------------------------------------------------------------
def test_export_parquet(tmp_path: Path) -> None:
    events = make_events()
    events[1]["num_mentions"], events[1]["tone"] = 4, -3.5
    undated = dict(events[2], event_id="undated", date=None, article_date=None)
    paths = export_parquet(events + [undated], tmp_path / "pq")
    rel = [p.relative_to(tmp_path / "pq").as_posix() for p in paths]
    assert rel == ["month=2019-12/part-0.parquet", "month=2020-01/part-0.parquet",
                   "month=2020-02/part-0.parquet", "month=__HIVE_DEFAULT_PARTITION__/part-0.parquet"]

    table = ds.dataset(tmp_path / "pq", partitioning="hive").to_table()
    assert table.num_rows == 4
    assert set(PARQUET_COLUMNS) | {"month"} == set(table.column_names)
    rows = {r["event_id"]: r for r in table.to_pylist()}
    assert rows["0123456789abcdef"]["month"] == "2019-12"
    assert rows["0123456789abcdef"]["date"] == dt.date(2019, 12, 31)
    assert rows["0123456789abcdef"]["location_lat"] == pytest.approx(33.34058)
    assert rows["0123456789abcdef"]["source_country"] == "IRQ"
    assert rows["0123456789abcdef"]["num_mentions"] == 1 and rows["0123456789abcdef"]["tone"] == 0.0
    assert rows["a1:1"]["month"] == "2020-01" and rows["a1:1"]["target_country"] == "IGO"
    assert rows["a1:1"]["num_mentions"] == 4 and rows["a1:1"]["tone"] == -3.5
    assert rows["fedcba9876543210"]["month"] == "2020-02"
    assert rows["undated"]["month"] is None

    feb = ds.dataset(tmp_path / "pq", partitioning="hive").to_table(
        filter=ds.field("month") == "2020-02")
    assert feb.column("event_id").to_pylist() == ["fedcba9876543210"]


def test_export_parquet_empty(tmp_path: Path) -> None:
    assert export_parquet([], tmp_path / "none") == []


# -- Store round trip ------------------------------------------------------------------------------
def test_exports_from_store(tmp_path: Path) -> None:
    events = [Event(
        article_id="s1", article_date=dt.date(2021, 5, 6), date=dt.date(2021, 5, 6), code="193",
        root="19", quad=4, goldstein=-10.0, plover="ASSAULT", source=Actor("Rebels", "SYR", "REB"),
        target=Actor("soldiers", "SYR", "MIL"), location=None, sentence="Rebels attacked soldiers.",
        span=(0, 25), confidence=0.7, event_id="aaaaaaaaaaaaaaaa",
    )]
    article = Article(id="s1", date=dt.date(2021, 5, 6), text="Rebels attacked soldiers. More.",
                      url="http://news.test/s1", source="Test")
    with Store(tmp_path / "db.duckdb") as store:
        store.save(article, events)
        queried = store.query()
        articles = load_articles(store, with_text=True)
        assert load_articles(store, ids=["nope"]) == {}
    assert articles["s1"]["url"] == "http://news.test/s1" and articles["s1"]["doc_len"] == 31
    ev_path, m_path = export_gdelt(queried, articles, tmp_path / "g")
    row = read_events(ev_path).iloc[0]
    assert row["Actor1Code"] == "SYRREB" and row["Actor2Code"] == "SYRMIL"
    assert row["SOURCEURL"] == "http://news.test/s1"
    assert read_mentions(m_path).iloc[0]["MentionSourceName"] == "news.test"
    assert export_plover(queried, articles, tmp_path / "p.jsonl") == 1
    assert len(export_parquet(queried, tmp_path / "pq")) == 1


def test_exports_from_story_events(tmp_path: Path) -> None:
    """Deduplicated stories (Store.story_events) export as one GDELT event with many mentions."""
    def report(aid: str, day: int, url: str | None, source: str) -> tuple[Article, list[Event]]:
        sent = "Rebels attacked soldiers in Aleppo."
        ev = Event(
            article_id=aid, article_date=dt.date(2021, 5, day), date=dt.date(2021, 5, day),
            code="193", root="19", quad=4, goldstein=-10.0, plover="ASSAULT",
            source=Actor("Rebels", "SYR", "REB"), target=Actor("soldiers", "SYR", "MIL"),
            location=Place("Aleppo", "SYR", "Aleppo", 36.2, 37.16, 170063, "city"),
            sentence=sent, span=(0, len(sent)), confidence=0.7, event_id=f"{aid:0>16}",
        )
        art = Article(id=aid, date=dt.date(2021, 5, day), text=sent + f" Report {aid}.",
                      url=url, source=source)
        return art, [ev]

    with Store(tmp_path / "db.duckdb") as store:
        store.save_many([report("s1", 6, "https://www.one.test/a", "One"),
                         report("s2", 7, None, "Two")])
        stories = store.story_events()
        articles = load_articles(store)
    assert len(stories) == 1
    ev_path, m_path = export_gdelt(stories, articles, tmp_path / "g")
    events = read_events(ev_path)
    assert len(events) == 1
    row = events.iloc[0]
    assert (row["NumMentions"], row["NumArticles"], row["NumSources"]) == ("2", "2", "2")
    assert row["Actor1Code"] == "SYRREB" and row["Actor1Name"] == "REBELS"
    assert row["SQLDATE"] == "20210506" and row["DATEADDED"] == "20210506000000"
    assert row["SOURCEURL"] == "https://www.one.test/a"
    assert row["ActionGeo_FullName"] == "Aleppo, Aleppo, Syria" and row["ActionGeo_CountryCode"] == "SY"
    mentions = read_mentions(m_path)
    assert sorted(mentions["MentionType"]) == ["1", "2"]
    assert set(mentions["GLOBALEVENTID"]) == {row["GLOBALEVENTID"]}

    plover = tmp_path / "p.jsonl"
    assert export_plover(stories, articles, plover) == 1
    rec = json.loads(plover.read_text())
    assert rec["id"] == stories[0]["story_id"] and rec["event_type"] == "ASSAULT"
    assert rec["actors"]["source"]["country"] == "SYR" and rec["provenance"]["article_id"] == "s1"

    table = ds.dataset(export_parquet(stories, tmp_path / "pq")[0].parent.parent,
                       partitioning="hive").to_table()
    assert table.column("num_articles").to_pylist() == [2]
    assert table.column("month").to_pylist() == ["2021-05"]

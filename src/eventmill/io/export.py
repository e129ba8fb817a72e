"""Export coded events in the layouts other event-data tools read: GDELT 2.0, POLECAT/PLOVER, Parquet.

All exporters take events in the Event.to_dict() shape (Store.query(), or the deduplicated
Store.story_events(), whose extra fields they read) and accept these optional fields:

* ``num_mentions`` / ``num_articles`` / ``num_sources`` (int): default to what the event's
  ``mentions`` list implies, i.e. 1 / 1 / 1 for a single-article event;
* ``tone`` (float): default the mean of the mentions' tones, else 0.0;
* ``mentions``: list of ``{"article_id", "sentence", "span"}`` (optionally ``url``, ``source``,
  ``tone``, ``confidence``, ``sentence_id``); without it the event is its own mention.

``articles`` maps article_id -> ``{"url", "source", "date"}`` (optionally ``text`` or ``doc_len``
and ``tone``); `load_articles` builds it from a Store. A mention's own url/source fill in for
articles missing from it. Tone precedence: event ``tone`` for AvgTone; article tone, then
mention tone, for MentionDocTone.

GDELT approximations (eventmill does not have everything GDELT has):

* Actor*Geo_* are left empty (Geo_Type 0): eventmill geocodes the event, not each actor, and
  copying the event place onto a foreign actor would be wrong more often than right.
* *Geo_CountryCode is FIPS 10-4 (data/fips_iso3.tsv); an ISO3 code missing from that table falls
  back to its ISO 3166-1 alpha-2 code from pycountry, which can collide with an unrelated FIPS code.
* *Geo_ADM1Code is "US" + state postal code for US states (GDELT's own convention); elsewhere the
  FIPS admin1 number is unknown, so it is the bare FIPS country code, as GDELT writes for
  country-level places. ADM2Code is always empty. FeatureID is the GeoNames id (GDELT uses GNS/GNIS
  ids), or the ADM1/country code for places without one, as GDELT does.
* DATEADDED / EventTimeDate is the earliest mentioning article's date at 00:00:00 and
  MentionTimeDate the mentioning article's date: exports stay reproducible across runs.
* IsRootEvent is 1 when the (first) sentence starts within the first 400 characters of the
  article, standing in for GDELT's "lead paragraph" test.
* SentenceID is the number of the sentence the span starts in, as the package's one sentence
  splitter (`eventmill.text.sentences`) counts them, when the article text is given, else
  empty. ActionCharOffset is the start of the sentence (the trigger offset is not kept),
  Actor*CharOffset the first occurrence of the actor's text in it (-1 if absent).
* MentionType is 1 (WEB) with the URL as identifier, or 2 (CITATIONONLY) with the article id when
  the article has no URL; SOURCEURL then also holds the article id.
"""
from __future__ import annotations

import bisect
import datetime as dt
import functools
import hashlib
import json
import re
import statistics
from collections.abc import Iterable
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any
from urllib.parse import quote, urlsplit

import pyarrow as pa
import pyarrow.parquet as pq
import pycountry

from eventmill import __version__
from eventmill.cameo import NON_STATE
from eventmill.resources import load_yaml, read_tsv
from eventmill.io.writers import FLAT_COLUMNS, MAGNITUDES, as_date, flatten_event
from eventmill.text.sentences import sentence_ranges

if TYPE_CHECKING:
    from eventmill.store import Store

__all__ = [
    "GDELT_EVENT_COLUMNS", "GDELT_MENTION_COLUMNS", "PARQUET_COLUMNS",
    "export_gdelt", "export_plover", "export_parquet", "load_articles", "gdelt_event_id",
    "iso3_to_fips", "plover_mapping",
]

_ACTOR_FIELDS = ("Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code",
                 "Religion2Code", "Type1Code", "Type2Code", "Type3Code")
_GEO_FIELDS = ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")

# GDELT 2.0 Event table, in file order (GDELT Event Codebook V2.0).
GDELT_EVENT_COLUMNS: tuple[str, ...] = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    *(f"Actor1{f}" for f in _ACTOR_FIELDS),
    *(f"Actor2{f}" for f in _ACTOR_FIELDS),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *(f"Actor1Geo_{f}" for f in _GEO_FIELDS),
    *(f"Actor2Geo_{f}" for f in _GEO_FIELDS),
    *(f"ActionGeo_{f}" for f in _GEO_FIELDS),
    "DATEADDED", "SOURCEURL",
)

# GDELT 2.0 Mentions table, in file order.
GDELT_MENTION_COLUMNS: tuple[str, ...] = (
    "GLOBALEVENTID", "EventTimeDate", "MentionTimeDate", "MentionType", "MentionSourceName",
    "MentionIdentifier", "SentenceID", "Actor1CharOffset", "Actor2CharOffset", "ActionCharOffset",
    "InRawText", "Confidence", "MentionDocLen", "MentionDocTone", "MentionDocTranslationInfo",
    "Extras",
)

# Non-country CAMEO "countries": GDELT puts them in Type1Code, not CountryCode.
_ROOT_EVENT_CHARS = 400
_MENTION_WEB, _MENTION_CITATION = 1, 2


# -- shared helpers ------------------------------------------------------------------------------
def _as_event_dict(ev: Any) -> dict[str, Any]:
    # Accept Event objects too, so callers holding coder output need not convert first.
    return ev.to_dict() if hasattr(ev, "to_dict") else ev


def _event_date(ev: dict[str, Any]) -> dt.date | None:
    return as_date(ev.get("date")) or as_date(ev.get("article_date"))


def _mentions(ev: dict[str, Any]) -> list[dict[str, Any]]:
    """The event's mentions, each completed from the event; the event itself when it has none."""
    own = {"article_id": ev.get("article_id"), "sentence": ev.get("sentence"),
           "span": ev.get("span"), "confidence": ev.get("confidence")}
    listed = ev.get("mentions") or [own]
    return [{**own, **{k: v for k, v in m.items() if v is not None}} for m in listed]


def _span_start(m: dict[str, Any]) -> int | None:
    span = m.get("span")
    return int(span[0]) if span and span[0] is not None else None


def _host(url: str | None) -> str:
    if not url:
        return ""
    host = urlsplit(url).hostname or ""
    return host[4:] if host.startswith("www.") else host


def _article(m: dict[str, Any], articles: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The mention's article record; url/source carried on the mention fill what it lacks."""
    art = articles.get(m.get("article_id") or "", {})
    if (m.get("url") and not art.get("url")) or (m.get("source") and not art.get("source")):
        art = {**art, "url": art.get("url") or m.get("url"),
               "source": art.get("source") or m.get("source")}
    return art


def _source_key(m: dict[str, Any], articles: dict[str, dict[str, Any]]) -> str:
    # Same notion of "source" as eventmill.store.stories: URL host, else source name, else article.
    art = _article(m, articles)
    return _host(art.get("url")) or art.get("source") or f"article:{m['article_id']}"


def _counts(ev: dict[str, Any], mentions: list[dict[str, Any]],
            articles: dict[str, dict[str, Any]]) -> tuple[int, int, int]:
    """(num_mentions, num_articles, num_sources): explicit fields win, else what mentions imply."""
    n_mentions = ev.get("num_mentions") or len(mentions)
    n_articles = ev.get("num_articles") or len({m["article_id"] for m in mentions})
    n_sources = ev.get("num_sources") or len({_source_key(m, articles) for m in mentions})
    return int(n_mentions), int(n_articles), int(n_sources)


def _mention_tone(m: dict[str, Any], articles: dict[str, dict[str, Any]]) -> float | None:
    # GDELT's MentionDocTone is the whole document's tone: the article's score wins over the
    # mention's own (sentence-level) one.
    for tone in (_article(m, articles).get("tone"), m.get("tone")):
        if tone is not None:
            return float(tone)
    return None


def _avg_tone(ev: dict[str, Any], mentions: list[dict[str, Any]],
              articles: dict[str, dict[str, Any]]) -> float:
    for key in ("tone", "avg_tone"):
        if ev.get(key) is not None:
            return float(ev[key])
    tones = [t for m in mentions if (t := _mention_tone(m, articles)) is not None]
    return statistics.fmean(tones) if tones else 0.0


# -- GDELT ---------------------------------------------------------------------------------------
@functools.cache
def _fips_table() -> dict[str, str]:
    return {row["iso3"]: row["fips"] for row in read_tsv("fips_iso3.tsv")}


def iso3_to_fips(iso3: str | None) -> str | None:
    """FIPS 10-4 country code for an ISO3 code; ISO alpha-2 when the table lacks it; else None."""
    if not iso3:
        return None
    code = iso3.upper()
    if code in _fips_table():
        return _fips_table()[code]
    country = pycountry.countries.get(alpha_3=code)
    return country.alpha_2 if country else None


@functools.cache
def _country_name(iso3: str) -> str:
    # countries.yaml lists the short name first ("Iran", "Palestine"), as GDELT's FullName has it.
    entry = load_yaml("countries.yaml").get(iso3) or {}
    if entry.get("names"):
        return str(entry["names"][0])
    country = pycountry.countries.get(alpha_3=iso3)
    if country is None:
        return iso3
    return getattr(country, "common_name", None) or country.name


@functools.cache
def _us_states() -> dict[str, str]:
    """Lower-cased US state/territory name -> postal code, for GDELT's USxx ADM1 codes."""
    return {s.name.lower(): s.code.split("-")[1] for s in pycountry.subdivisions.get(country_code="US")}


def gdelt_event_id(event_id: str) -> int:
    """Stable positive integer for GLOBALEVENTID (60 bits, fits every signed 64-bit reader)."""
    head = event_id[:15]
    if len(head) == 15 and all(c in "0123456789abcdefABCDEF" for c in head):
        return int(head, 16)
    # Ids not made by coding.events.event_id (e.g. the store's "article:index") get hashed.
    return int(hashlib.sha1(event_id.encode()).hexdigest()[:15], 16)


def _text(value: Any) -> str:
    """A field safe for GDELT's unquoted TSV: no tabs/newlines, no quotes a CSV reader would eat."""
    if value is None:
        return ""
    return re.sub(r"[\t\r\n]+", " ", str(value)).replace('"', "").strip()


def _url(value: str | None) -> str:
    # Percent-encode rather than drop characters so the URL still resolves.
    if not value:
        return ""
    return quote(value.strip(), safe=":/?#[]@!$&'()*+,;=%~-._")


def _num(value: Any) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return str(int(value))
    if isinstance(value, int):
        return str(value)
    return f"{float(value):.10g}"


def _stamp(day: dt.date | None) -> str:
    return day.strftime("%Y%m%d") + "000000" if day else ""


def _actor_fields(actor: dict[str, Any] | None) -> list[str]:
    if not actor:
        return [""] * len(_ACTOR_FIELDS)
    country = (actor.get("country") or "").upper()
    role = (actor.get("role") or "").upper()
    name = actor.get("name") or actor.get("text")
    if not name and country and country not in NON_STATE:
        name = _country_name(country)  # GDELT names a bare country actor by the country
    name = _text(name).upper()
    if country in NON_STATE:
        # GDELT: IGO/NGO/MNC are actor types with no country; the role follows as Type2.
        country_code, types = "", [country, role, ""]
    else:
        country_code, types = country, [role, "", ""]
    return [country + role, name, country_code, "", "", "", "", *types]


def _geo_fields(place: dict[str, Any] | None) -> list[str]:
    if not place or not (place.get("name") or place.get("country")):
        return ["0"] + [""] * (len(_GEO_FIELDS) - 1)
    iso3 = (place.get("country") or "").upper()
    precision = place.get("precision") or "city"
    name = _text(place.get("name"))
    admin1 = _text(place.get("admin1"))
    is_us = iso3 == "USA"

    fips = iso3_to_fips(iso3) or ""
    if iso3 == "PSE" and "gaza" in f"{name} {admin1}".lower():
        fips = "GZ"  # FIPS splits Palestine into West Bank (WE) and Gaza Strip (GZ)

    if precision == "country":
        geo_type = 1
        full = name or _country_name(iso3)
        adm1 = fips
    else:
        geo_type = (2 if precision == "admin1" else 3) if is_us else (5 if precision == "admin1" else 4)
        state_name = name if precision == "admin1" else admin1
        state = _us_states().get(state_name.lower()) if is_us else None
        adm1 = f"US{state}" if state else fips
        parts = [name] + ([admin1] if precision == "city" and admin1 else [])
        if iso3:
            parts.append(_country_name(iso3))
        full = ", ".join(p for p in parts if p)

    feature = place.get("geonameid")
    feature_id = _num(feature) if feature is not None else (adm1 if precision != "city" else "")
    return [str(geo_type), _text(full), fips, adm1, "", _num(place.get("lat")),
            _num(place.get("lon")), feature_id]


def _sentence_id(m: dict[str, Any], article: dict[str, Any]) -> str:
    if m.get("sentence_id") is not None:
        return _num(int(m["sentence_id"]))
    text, start = article.get("text"), _span_start(m)
    if not text or start is None:
        return ""
    return str(max(1, bisect.bisect_right(_sentence_starts(text), start)))


@functools.lru_cache(maxsize=256)
def _sentence_starts(text: str) -> tuple[int, ...]:
    """Where each sentence of an article starts (an article's mentions all ask for its text)."""
    return tuple(s for s, _ in sentence_ranges(text))


def _char_offset(m: dict[str, Any], actor: dict[str, Any] | None) -> int:
    start, sentence = _span_start(m), m.get("sentence") or ""
    needle = (actor or {}).get("text") or ""
    if start is None or not needle:
        return -1
    at = sentence.find(needle)
    return start + at if at >= 0 else -1


def _confidence_pct(value: Any) -> str:
    if value is None:
        return ""
    return str(max(0, min(100, round(float(value) * 100))))


def _doc_len(article: dict[str, Any]) -> str:
    if article.get("doc_len") is not None:
        return _num(int(article["doc_len"]))
    return str(len(article["text"])) if article.get("text") else ""


def _gdelt_rows(ev: dict[str, Any], articles: dict[str, dict[str, Any]]
                ) -> tuple[list[str], list[list[str]]]:
    """One GDELT event row and its mention rows."""
    gid = str(gdelt_event_id(str(ev.get("event_id") or "")))
    day = _event_date(ev)
    mentions = _mentions(ev)

    def seen(m: dict[str, Any]) -> dt.date | None:
        return as_date(_article(m, articles).get("date")) or as_date(ev.get("article_date"))

    # The earliest-dated mention plays GDELT's "first article": SOURCEURL, DATEADDED, IsRootEvent.
    first = min(mentions, key=lambda m: seen(m) or dt.date.max)
    first_article = _article(first, articles)
    added = _stamp(seen(first))
    start = _span_start(first)
    n_mentions, n_articles, n_sources = _counts(ev, mentions, articles)
    code = str(ev.get("code") or "")
    root = str(ev.get("root") or code[:2])

    row = [
        gid,
        day.strftime("%Y%m%d") if day else "",
        day.strftime("%Y%m") if day else "",
        str(day.year) if day else "",
        # GDELT's FractionDate: year + day-of-year / 365, four decimals.
        f"{day.year + day.timetuple().tm_yday / 365:.4f}" if day else "",
        *_actor_fields(ev.get("source")),
        *_actor_fields(ev.get("target")),
        "1" if start is not None and start < _ROOT_EVENT_CHARS else "0",
        code, code[:3], root,
        _num(ev.get("quad")), _num(ev.get("goldstein")),
        str(n_mentions), str(n_sources), str(n_articles),
        _num(_avg_tone(ev, mentions, articles)),
        *_geo_fields(None),  # Actor1Geo: see module docstring
        *_geo_fields(None),  # Actor2Geo
        *_geo_fields(ev.get("location")),
        added,
        _url(first_article.get("url")) or _text(first["article_id"]),
    ]

    mention_rows = []
    for m in mentions:
        art = _article(m, articles)
        url = art.get("url")
        tone = _mention_tone(m, articles)
        mention_rows.append([
            gid, added, _stamp(seen(m)),
            str(_MENTION_WEB if url else _MENTION_CITATION),
            _text(_host(url) or art.get("source")),
            _url(url) or _text(m["article_id"]),
            _sentence_id(m, art),
            str(_char_offset(m, ev.get("source"))),
            str(_char_offset(m, ev.get("target"))),
            _num(_span_start(m) if _span_start(m) is not None else -1),
            "1",  # coded straight from the article text, no paraphrase step
            _confidence_pct(m.get("confidence")),
            _doc_len(art),
            _num(tone if tone is not None else _avg_tone(ev, mentions, articles)),
            "",  # MentionDocTranslationInfo: empty means the document was read in English
            "",
        ])
    return row, mention_rows


def export_gdelt(events: Iterable[dict[str, Any]], articles: dict[str, dict[str, Any]],
                 out_dir: Path) -> tuple[Path, Path]:
    """Write GDELT 2.0 `events.export.CSV` and `mentions.CSV` (tab-separated, no header).

    Returns (events path, mentions path). Column order: GDELT_EVENT_COLUMNS and
    GDELT_MENTION_COLUMNS.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    events_path, mentions_path = out_dir / "events.export.CSV", out_dir / "mentions.CSV"
    with events_path.open("w", encoding="utf-8", newline="") as ef, \
            mentions_path.open("w", encoding="utf-8", newline="") as mf:
        for ev in events:
            row, mention_rows = _gdelt_rows(_as_event_dict(ev), articles)
            _write_tsv(ef, row)
            for mrow in mention_rows:
                _write_tsv(mf, mrow)
    return events_path, mentions_path


def _write_tsv(fh: IO[str], row: list[str]) -> None:
    fh.write("\t".join(row))
    fh.write("\n")


# -- PLOVER / POLECAT ----------------------------------------------------------------------------
@functools.cache
def _plover_rows() -> dict[str, tuple[str | None, str | None, tuple[str, ...]]]:
    rows = {}
    for row in read_tsv("cameo/cameo2plover.tsv"):
        context = tuple(c.strip() for c in (row.get("context") or "").split(";") if c.strip())
        rows[row["code"]] = (row.get("plover") or None, row.get("mode") or None, context)
    return rows


def plover_mapping(code: str) -> tuple[str | None, str | None, list[str]]:
    """(PLOVER event type, mode, contexts) for a CAMEO code: its own row, else its 3-digit
    parent's, else its root's. Empty cells in the row found are None / []."""
    table = _plover_rows()
    for key in (code, code[:3], code[:2]):
        if key in table:
            plover, mode, context = table[key]
            return plover, mode, list(context)
    return None, None, []


def _plover_actor(actor: dict[str, Any] | None) -> dict[str, Any]:
    actor = actor or {}
    return {"name": actor.get("name") or actor.get("text"), "country": actor.get("country"),
            "sector": actor.get("role") or None}


def _plover_record(ev: dict[str, Any], articles: dict[str, dict[str, Any]]) -> dict[str, Any]:
    code = str(ev.get("code") or "")
    plover, mode, context = plover_mapping(code)
    day = _event_date(ev)
    place = ev.get("location") or {}
    first = _mentions(ev)[0]
    article = _article(first, articles)
    span = ev.get("span")
    return {
        "id": ev.get("event_id"),
        "event_type": plover or ev.get("plover"),
        "mode": mode,
        "context": context,
        "event_date": day.isoformat() if day else None,
        "actors": {"source": _plover_actor(ev.get("source")), "target": _plover_actor(ev.get("target"))},
        "location": {k: place.get(k) for k in ("name", "country", "admin1", "lat", "lon", "geonameid")},
        "provenance": {
            "article_id": ev.get("article_id"), "url": article.get("url"),
            "source": article.get("source"), "sentence": ev.get("sentence"),
            "span": list(span) if span is not None else None,
            "coder": f"eventmill {__version__}",
        },
        "cameo": {"code": code or None, "root": ev.get("root"), "quad": ev.get("quad"),
                  "goldstein": ev.get("goldstein")},
        "confidence": ev.get("confidence"),
    }


def export_plover(events: Iterable[dict[str, Any]], articles: dict[str, dict[str, Any]],
                  out: Path) -> int:
    """Write POLECAT/PLOVER-style JSON Lines to `out`; returns the number of events written."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    n = 0
    with out.open("w", encoding="utf-8", newline="\n") as fh:
        for ev in events:
            fh.write(json.dumps(_plover_record(_as_event_dict(ev), articles), ensure_ascii=False))
            fh.write("\n")
            n += 1
    return n


# -- Parquet -------------------------------------------------------------------------------------
_FLAT_TYPES: dict[str, pa.DataType] = {
    "article_date": pa.date32(), "date": pa.date32(), "quad": pa.int32(),
    "goldstein": pa.float64(), "location_lat": pa.float64(), "location_lon": pa.float64(),
    "location_geonameid": pa.int64(), "span_start": pa.int32(), "span_end": pa.int32(),
    "confidence": pa.float64(), **{k: pa.int64() for k in MAGNITUDES},
    "trigger_start": pa.int32(), "trigger_end": pa.int32(),
}
_DEDUP_TYPES: dict[str, pa.DataType] = {
    "num_mentions": pa.int32(), "num_articles": pa.int32(), "num_sources": pa.int32(),
    "tone": pa.float64(),
}
PARQUET_COLUMNS: tuple[str, ...] = (*FLAT_COLUMNS, *_DEDUP_TYPES)
_PARQUET_SCHEMA = pa.schema(
    [(c, _FLAT_TYPES.get(c, pa.string())) for c in FLAT_COLUMNS] + list(_DEDUP_TYPES.items()))
_NULL_PARTITION = "__HIVE_DEFAULT_PARTITION__"  # what hive readers (pyarrow included) read as null
_PARQUET_BATCH = 10_000


def _parquet_row(ev: dict[str, Any]) -> dict[str, Any]:
    row = flatten_event(ev)
    row["article_date"] = as_date(row["article_date"])
    row["date"] = as_date(row["date"])
    mentions = _mentions(ev)
    row["num_mentions"], row["num_articles"], row["num_sources"] = _counts(ev, mentions, {})
    row["tone"] = _avg_tone(ev, mentions, {})
    return row


def export_parquet(events: Iterable[dict[str, Any]], out_dir: Path) -> list[Path]:
    """Write flattened events as a hive-partitioned Parquet dataset, one `month=YYYY-MM/part-0.parquet`
    per event month (undated events under `month=__HIVE_DEFAULT_PARTITION__`).

    Columns are PARQUET_COLUMNS (writers.FLAT_COLUMNS plus num_mentions, num_articles,
    num_sources, tone); `month` lives only in the path. Existing part-0 files of the months
    written are replaced; other files under out_dir are left alone. Returns the files, sorted.
    """
    out_dir = Path(out_dir)
    writers: dict[str, pq.ParquetWriter] = {}
    buffers: dict[str, list[dict[str, Any]]] = {}
    paths: dict[str, Path] = {}

    def flush(month: str) -> None:
        if month not in writers:
            part = out_dir / f"month={month}"
            part.mkdir(parents=True, exist_ok=True)
            paths[month] = part / "part-0.parquet"
            writers[month] = pq.ParquetWriter(str(paths[month]), _PARQUET_SCHEMA)
        writers[month].write_table(pa.Table.from_pylist(buffers[month], schema=_PARQUET_SCHEMA))
        buffers[month] = []

    try:
        for ev in events:
            row = _parquet_row(_as_event_dict(ev))
            month = row["date"].strftime("%Y-%m") if row["date"] else _NULL_PARTITION
            buffers.setdefault(month, []).append(row)
            # Buffer per month so a big export holds at most one batch per month in memory.
            if len(buffers[month]) >= _PARQUET_BATCH:
                flush(month)
        for month, rows in buffers.items():
            if rows:
                flush(month)
    finally:
        for writer in writers.values():
            writer.close()
    return sorted(paths.values())


# -- articles ------------------------------------------------------------------------------------
def load_articles(store: Store, ids: Iterable[str] | None = None,
                  with_text: bool = False) -> dict[str, dict[str, Any]]:
    """article_id -> {"url", "source", "date", "doc_len"[, "tone"][, "text"]} from a Store.

    `ids` limits the read to those articles; `with_text` adds the text (lets the GDELT export
    estimate SentenceID, at the cost of holding every text in memory). `tone` comes along when
    the store has it (schema version 2 on).
    """
    have = {r[0] for r in store.con.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = 'articles'").fetchall()}
    cols = "article_id, url, source, date, length(text) AS doc_len"
    cols += ", tone" if "tone" in have else ""
    cols += ", text" if with_text else ""
    sql = f"SELECT {cols} FROM articles"
    params: list[Any] = []
    if ids is not None:
        sql += " WHERE article_id IN (SELECT unnest(?))"
        params.append(list(dict.fromkeys(ids)))
    cur = store.con.execute(sql, params)
    names = [d[0] for d in cur.description]
    out: dict[str, dict[str, Any]] = {}
    for values in cur.fetchall():
        rec = dict(zip(names, values))
        out[rec.pop("article_id")] = rec
    return out

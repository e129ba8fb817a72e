"""Consistency checks for the actor data files: countries.yaml, agents.yaml, known_actors.yaml.

Only PyYAML and the files themselves are needed (no spaCy model).
"""
from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from pathlib import Path

import pytest
import yaml

DATA = Path(__file__).resolve().parents[1] / "src" / "eventmill" / "data"

SECTORS = {"GOV", "MIL", "COP", "SPY", "JUD", "LEG", "PTY", "OPP", "REB", "INS", "CVL", "MED",
           "BUS", "CRM", "REF", "EDU", "HLH", "REL", "LAB"}
PSEUDO_COUNTRIES = {"IGO", "NGO", "MNC"}
# Heads of state and of government of the G20 countries, 2014-2026 (acting ones included).
G20_LEADERS = {
    "ARG": ["Cristina Fernandez de Kirchner", "Mauricio Macri", "Alberto Fernandez", "Javier Milei"],
    "AUS": ["Tony Abbott", "Malcolm Turnbull", "Scott Morrison", "Anthony Albanese"],
    "BRA": ["Dilma Rousseff", "Michel Temer", "Jair Bolsonaro", "Luiz Inacio Lula da Silva"],
    "CAN": ["Stephen Harper", "Justin Trudeau", "Mark Carney"],
    "CHN": ["Xi Jinping", "Li Keqiang", "Li Qiang"],
    "DEU": ["Angela Merkel", "Olaf Scholz", "Friedrich Merz", "Joachim Gauck",
            "Frank-Walter Steinmeier"],
    "FRA": ["Francois Hollande", "Emmanuel Macron"],
    "GBR": ["David Cameron", "Theresa May", "Boris Johnson", "Liz Truss", "Rishi Sunak",
            "Keir Starmer", "Queen Elizabeth II", "King Charles III"],
    "IDN": ["Susilo Bambang Yudhoyono", "Joko Widodo", "Prabowo Subianto"],
    "IND": ["Manmohan Singh", "Narendra Modi", "Pranab Mukherjee", "Ram Nath Kovind",
            "Droupadi Murmu"],
    "ITA": ["Giorgio Napolitano", "Sergio Mattarella", "Enrico Letta", "Matteo Renzi",
            "Paolo Gentiloni", "Giuseppe Conte", "Mario Draghi", "Giorgia Meloni"],
    "JPN": ["Shinzo Abe", "Yoshihide Suga", "Fumio Kishida", "Shigeru Ishiba", "Sanae Takaichi",
            "Emperor Akihito", "Emperor Naruhito"],
    "KOR": ["Park Geun-hye", "Hwang Kyo-ahn", "Moon Jae-in", "Yoon Suk Yeol", "Han Duck-soo",
            "Choi Sang-mok", "Lee Ju-ho", "Lee Jae-myung", "Lee Nak-yon", "Chung Sye-kyun",
            "Kim Boo-kyum", "Kim Min-seok"],
    "MEX": ["Enrique Pena Nieto", "Andres Manuel Lopez Obrador", "Claudia Sheinbaum"],
    "RUS": ["Vladimir Putin", "Dmitry Medvedev", "Mikhail Mishustin"],
    "SAU": ["King Abdullah bin Abdulaziz", "King Salman", "Mohammed bin Salman"],
    "TUR": ["Recep Tayyip Erdogan", "Abdullah Gul", "Ahmet Davutoglu", "Binali Yildirim"],
    "USA": ["Barack Obama", "Donald Trump", "Joe Biden"],
    "ZAF": ["Jacob Zuma", "Cyril Ramaphosa"],
}
COUNTRY_FIELDS = ("names", "adjectives", "people", "capitals")
MIN_DATE, MAX_DATE = dt.date.min, dt.date.max


def load(name: str):
    with (DATA / name).open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


@pytest.fixture(scope="module")
def countries() -> dict:
    return load("countries.yaml")


@pytest.fixture(scope="module")
def agents() -> dict:
    return load("agents.yaml")


@pytest.fixture(scope="module")
def actors() -> list:
    return load("known_actors.yaml")["actors"]


def interval(role: dict) -> tuple[dt.date, dt.date]:
    """A role's validity as a half-open interval [start, end)."""
    return role.get("start") or MIN_DATE, role.get("end") or MAX_DATE


def overlaps(a: list[tuple[dt.date, dt.date]], b: list[tuple[dt.date, dt.date]]) -> bool:
    return any(s1 < e2 and s2 < e1 for s1, e1 in a for s2, e2 in b)


def role_on(actor: dict, day: dt.date) -> dict | None:
    for role in actor["roles"]:
        start, end = interval(role)
        if start <= day < end:
            return role
    return None


# --- countries.yaml ---------------------------------------------------------------------------

def test_countries_shape(countries):
    assert isinstance(countries, dict)
    assert len(countries) >= 249
    for code, entry in countries.items():
        assert re.fullmatch(r"[A-Z]{3}", code), code
        assert set(entry) == set(COUNTRY_FIELDS), code
        for field in COUNTRY_FIELDS:
            values = entry[field]
            assert isinstance(values, list), (code, field)
            assert all(isinstance(v, str) and v.strip() == v and v for v in values), (code, field)
            assert len(values) == len(set(values)), (code, field)
        assert entry["names"], code
    for code in ("USA", "GBR", "XKX", "PSE", "TWN", "COD", "COG", "CIV", "MMR"):
        assert code in countries


def test_country_strings_are_unique_across_countries(countries):
    owner: dict[str, set[str]] = defaultdict(set)
    for code, entry in countries.items():
        for field in COUNTRY_FIELDS:
            for value in entry[field]:
                owner[value].add(code)
    clashes = {value: sorted(codes) for value, codes in owner.items() if len(codes) > 1}
    assert not clashes


def test_country_spot_checks(countries):
    assert {"UK", "U.K.", "Britain", "Great Britain", "United Kingdom"} <= set(countries["GBR"]["names"])
    assert {"US", "U.S."} <= set(countries["USA"]["names"]) & set(countries["USA"]["adjectives"])
    assert "Burma" in countries["MMR"]["names"] and "Myanmar" in countries["MMR"]["names"]
    assert {"Ivory Coast", "Côte d'Ivoire"} <= set(countries["CIV"]["names"])
    assert "Palestine" in countries["PSE"]["names"]
    assert "Kremlin" in countries["RUS"]["capitals"]
    assert "White House" in countries["USA"]["capitals"]
    assert "Tehran" in countries["IRN"]["capitals"]
    assert "Iranians" in countries["IRN"]["people"] and "Iranian" in countries["IRN"]["adjectives"]
    all_names = {n for e in countries.values() for n in e["names"]}
    assert "Gaza Strip" not in all_names and "Gaza" not in all_names


# --- agents.yaml ------------------------------------------------------------------------------

def test_agents_shape(agents):
    assert set(agents) == SECTORS | {"sponsor_suffixes", "client_nouns"}
    for sector in SECTORS:
        nouns = agents[sector]
        assert isinstance(nouns, list) and nouns, sector
        for noun in nouns:
            assert isinstance(noun, str) and noun == noun.lower() == noun.strip(), (sector, noun)
    assert {"backed", "funded", "trained", "sponsored", "supported", "armed", "allied",
            "aligned"} <= set(agents["sponsor_suffixes"])


def test_agent_nouns_belong_to_one_sector(agents):
    owner: dict[str, set[str]] = defaultdict(set)
    for sector in SECTORS:
        for noun in agents[sector]:
            owner[noun].add(sector)
    assert not {noun: s for noun, s in owner.items() if len(s) > 1}


@pytest.mark.parametrize("noun,sector", [
    ("president", "GOV"), ("foreign ministry", "GOV"), ("spokesman", "GOV"), ("authority", "GOV"),
    ("troop", "MIL"), ("troops", "MIL"), ("air strike", "MIL"), ("airstrike", "MIL"),
    ("peacekeeper", "MIL"), ("police", "COP"), ("security force", "COP"), ("militia", "REB"),
    ("militiaman", "REB"), ("gunman", "REB"), ("insurgent", "INS"), ("protester", "CVL"),
    ("people", "CVL"), ("opposition leader", "OPP"), ("court", "JUD"), ("lawmaker", "LEG"),
    ("party", "PTY"), ("journalist", "MED"), ("medium", "MED"), ("refugee", "REF"),
    ("student", "EDU"), ("doctor", "HLH"), ("cleric", "REL"), ("union", "LAB"),
    ("smuggler", "CRM"), ("company", "BUS"), ("intelligence agency", "SPY"),
    ("militia leader", "REB"),
])
def test_agent_spot_checks(agents, noun, sector):
    assert noun in agents[sector]


# --- known_actors.yaml ------------------------------------------------------------------------

def test_actor_codes_roles_and_dates(actors, countries):
    valid_countries = set(countries) | PSEUDO_COUNTRIES
    names = set()
    for actor in actors:
        name = actor["name"]
        assert isinstance(name, str) and name and name not in names, name
        names.add(name)
        assert isinstance(actor.get("aliases", []), list), name
        assert all(isinstance(a, str) and a for a in actor.get("aliases", [])), name
        assert actor["roles"], name
        for role in actor["roles"]:
            assert set(role) <= {"country", "role", "start", "end"}, name
            country = role["country"]
            assert country is None or country in valid_countries, (name, country)
            assert role["role"] == "" or role["role"] in SECTORS, (name, role["role"])
            for key in ("start", "end"):
                if key in role:
                    assert type(role[key]) is dt.date, (name, key, role[key])
            if "start" in role and "end" in role:
                assert role["start"] < role["end"], name
        spans = sorted(interval(r) for r in actor["roles"])
        for (_, e1), (s2, _) in zip(spans, spans[1:]):
            assert e1 <= s2, f"{name}: roles overlap"


def test_no_alias_claimed_twice_at_the_same_time(actors):
    claims: dict[str, list[tuple[str, list]]] = defaultdict(list)
    for actor in actors:
        spans = [interval(r) for r in actor["roles"]]
        for alias in {actor["name"], *actor.get("aliases", [])}:
            claims[alias].append((actor["name"], spans))
    clashes = []
    for alias, owners in claims.items():
        for i, (n1, s1) in enumerate(owners):
            for n2, s2 in owners[i + 1:]:
                if overlaps(s1, s2):
                    clashes.append((alias, n1, n2))
    assert not clashes


def test_aliases_are_not_country_words(actors, countries):
    country_words = {v for e in countries.values() for f in COUNTRY_FIELDS for v in e[f]}
    bad = [(a["name"], alias) for a in actors for alias in [a["name"], *a.get("aliases", [])]
           if alias in country_words]
    assert not bad


def longest_gap(spans: list[tuple[dt.date, dt.date]], begin: dt.date, finish: dt.date) -> dt.timedelta:
    """The longest stretch of [begin, finish) that no span covers."""
    covered_to, gap = begin, dt.timedelta(0)
    for start, end in sorted(spans):
        if end <= covered_to:
            continue
        if start > covered_to:
            gap = max(gap, min(start, finish) - covered_to)
        covered_to = max(covered_to, end)
        if covered_to >= finish:
            break
    return max(gap, finish - min(covered_to, finish))


def test_longest_gap_helper():
    d = dt.date
    assert longest_gap([(d(2013, 1, 1), d(2027, 1, 1))], d(2014, 1, 1), d(2026, 1, 1)).days == 0
    assert longest_gap([(d(2013, 1, 1), d(2020, 1, 1)), (d(2020, 3, 1), MAX_DATE)],
                       d(2014, 1, 1), d(2026, 1, 1)).days == 60
    assert longest_gap([(MIN_DATE, d(2025, 1, 1))], d(2014, 1, 1), d(2026, 1, 1)).days == 365


@pytest.mark.parametrize("code", sorted(G20_LEADERS))
def test_g20_heads_cover_2014_2026(actors, code):
    """Each G20 country has a head of state or government (GOV) for all of 2014-2026,
    with no gap longer than 60 days."""
    by_name = {a["name"]: a for a in actors}
    missing = [n for n in G20_LEADERS[code] if n not in by_name]
    assert not missing
    spans = [interval(r) for n in G20_LEADERS[code] for r in by_name[n]["roles"]
             if r["country"] == code and r["role"] == "GOV"]
    gap = longest_gap(spans, dt.date(2014, 1, 1), dt.date(2026, 1, 1))
    assert gap <= dt.timedelta(days=60), (code, gap)


@pytest.mark.parametrize("name,day,country,role", [
    ("Donald Trump", "2020-01-01", "USA", "GOV"),
    ("Donald Trump", "2025-06-01", "USA", "GOV"),
    ("Joe Biden", "2023-03-01", "USA", "GOV"),
    ("Barack Obama", "2016-06-01", "USA", "GOV"),
    ("Vladimir Putin", "2022-02-24", "RUS", "GOV"),
    ("Kataib Hezbollah", "2020-01-01", "IRQ", "REB"),
    ("Popular Mobilization Forces", "2020-01-01", "IRQ", "MIL"),
    ("Hamas", "2023-10-07", "PSE", "REB"),
    ("Hezbollah", "2024-09-01", "LBN", "REB"),
    ("Houthis", "2024-01-12", "YEM", "REB"),
    ("Taliban", "2020-02-29", "AFG", "INS"),
    ("Taliban", "2022-01-01", "AFG", "GOV"),
    ("Islamic State", "2015-06-01", None, "REB"),
    ("Rapid Support Forces", "2023-05-01", "SDN", "MIL"),
    ("Juan Guaido", "2019-02-01", "VEN", "OPP"),
    ("Alexei Navalny", "2021-01-17", "RUS", "OPP"),
    ("Ahmed al-Sharaa", "2020-01-01", "SYR", "REB"),
    ("Ahmed al-Sharaa", "2025-03-01", "SYR", "GOV"),
    ("International Criminal Court", "2023-03-17", "IGO", "JUD"),
    ("United Nations", "2020-01-01", "IGO", ""),
    ("Amnesty International", "2020-01-01", "NGO", ""),
    ("Carrie Lam", "2019-07-01", "HKG", "GOV"),
])
def test_actor_spot_checks(actors, name, day, country, role):
    by_name = {a["name"]: a for a in actors}
    found = role_on(by_name[name], dt.date.fromisoformat(day))
    assert found is not None, name
    assert (found["country"], found["role"]) == (country, role)


def test_alias_spot_checks(actors):
    aliases = {alias: a["name"] for a in actors for alias in a.get("aliases", [])}
    assert aliases["Trump"] == "Donald Trump"
    assert aliases["Erdoğan"] == aliases["Erdogan"] == "Recep Tayyip Erdogan"
    assert aliases["ISIS"] == aliases["Daesh"] == "Islamic State"
    assert aliases["UN"] == "United Nations"
    assert aliases["RSF"] == "Rapid Support Forces"
    assert "May" not in aliases

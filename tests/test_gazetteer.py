"""Gazetteer: lookups over the shipped GeoNames/pycountry data and data/places.yaml."""
from __future__ import annotations

from pathlib import Path

import pytest

from eventmill.gazetteer import Gazetteer, cache_dir, normalize


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.default()


def test_default_is_a_singleton(gaz):
    assert Gazetteer.default() is gaz
    assert len(gaz) > 200_000  # cities500 + subdivisions + countries


def test_baghdad_is_the_iraqi_city(gaz):
    p = gaz.resolve("Baghdad")
    assert p.country == "IRQ" and p.precision == "city"
    assert abs(p.lat - 33.3) < 0.2 and abs(p.lon - 44.4) < 0.2


def test_paris_follows_context(gaz):
    assert gaz.resolve("Paris").country == "FRA"
    us = gaz.resolve("Paris", ["USA"])
    assert us.country == "USA" and us.precision == "city"
    # a later, much bigger context country can still win
    assert gaz.resolve("Moscow", ["USA", "RUS"]).country == "RUS"


def test_alternate_and_historical_names(gaz):
    kyiv, kiev = gaz.resolve("Kyiv"), gaz.resolve("Kiev")
    assert kyiv.geonameid == kiev.geonameid and kyiv.country == "UKR"
    assert gaz.resolve("Rangoon").geonameid == gaz.resolve("Yangon").geonameid
    assert gaz.resolve("Burma").country == "MMR"


def test_countries_win_as_countries(gaz):
    iraq = gaz.resolve("Iraq")
    assert iraq.precision == "country" and iraq.country == "IRQ"
    assert iraq.lat is not None  # capital's coordinates
    assert gaz.resolve("Georgia", ["USA"]).precision == "country"
    assert gaz.resolve("the U.S.").country == "USA"
    assert gaz.resolve("UK").country == "GBR"


def test_normalisation(gaz):
    assert normalize("  The  Gaza-Strip ") == "gaza strip"
    assert gaz.resolve("BAGHDAD") == gaz.resolve("baghdad")
    assert gaz.resolve("Bogota").country == "COL"  # Bogotá


def test_extra_places(gaz):
    assert gaz.resolve("Gaza Strip").country == "PSE"
    assert gaz.resolve("Gaza City").country == "PSE"
    assert gaz.resolve("West Bank").country == "PSE"
    assert gaz.resolve("Crimea").country == "UKR"
    assert gaz.resolve("Golan Heights").country == "SYR"
    assert gaz.resolve("Darfur").country == "SDN"
    assert gaz.resolve("Kashmir").country == "IND"
    assert gaz.resolve("Kashmir", ["PAK"]).country == "PAK"


def test_admin1(gaz):
    texas = gaz.resolve("Texas")
    assert texas.precision == "admin1" and texas.country == "USA"
    assert gaz.resolve("Anbar province").name == "Anbar"
    cands = gaz.candidates("Baghdad")
    assert {c.precision for c in cands} >= {"city", "admin1"}


def test_candidates_sorted_and_unknown(gaz):
    cands = gaz.candidates("Paris")
    assert len(cands) > 3 and cands[0].country == "FRA"
    assert gaz.candidates("Xyzzyville") == []
    assert gaz.resolve("Xyzzyville") is None
    assert gaz.resolve("Hamas") is None  # dropped junk alternate name


def test_cache_dir_override(monkeypatch, tmp_path):
    monkeypatch.setenv("EVENTMILL_CACHE", str(tmp_path))
    assert cache_dir() == Path(tmp_path)
    monkeypatch.delenv("EVENTMILL_CACHE")
    assert cache_dir() == Path.home() / ".cache" / "eventmill"


def test_a_small_namesake_abroad_is_not_taken_with_a_minimum_population(gaz):
    # Balad (Iraq) has fewer than 100,000 people; in a Somali story it is not that town
    assert gaz.resolve("Balad", ["SOM"]).country == "IRQ"
    assert gaz.resolve("Balad", ["SOM"], min_foreign_population=100_000) is None
    # a big city abroad is still itself, and a place of a context country needs no minimum
    assert gaz.resolve("Lagos", ["KEN"], min_foreign_population=100_000).country == "NGA"
    assert gaz.resolve("Balad", ["IRQ"], min_foreign_population=100_000).country == "IRQ"
    # with no context at all nothing is "abroad"
    assert gaz.resolve("Balad", [], min_foreign_population=100_000).country == "IRQ"

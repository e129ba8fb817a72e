"""The actor dictionaries as the pipeline tokenizes them."""
from __future__ import annotations

import datetime as dt

import pytest

from eventmill.coding.dictionary import KnownActor, Role, entry_on_day, load_lexicon
from eventmill.resources import packaged


@pytest.fixture(scope="module")
def lexicon(nlp):
    return load_lexicon(packaged(), lambda text: [t.text for t in nlp.tokenizer(text)])


@pytest.mark.parametrize("tokens,role", [
    (["secretary", "-", "general"], "GOV"),
    (["director", "-", "general"], "GOV"),
    (["counter", "-", "terrorism", "police"], "COP"),
])
def test_hyphenated_agent_is_one_match(lexicon, tokens, role):
    # "secretary-general" is three tokens: the agent list is split the same way, so the whole
    # phrase matches (it never did while the list was split on spaces only)
    assert lexicon.agents.find(tokens) == [(0, len(tokens), [role] * len(lexicon.agents.find(tokens)[0][2]))]


def test_hyphenated_agent_in_a_sentence(code_text):
    events = code_text("The UN secretary-general urged Syria to end the violence.", "2012-01-05")
    assert [(e["code"], e["source"]["country"], e["source"]["role"], e["target"]["country"])
            for e in events] == [("020", "IGO", "GOV", "SYR")]


def test_a_name_two_people_held_is_the_one_in_office_on_the_day():
    kevin = ("known", KnownActor("Kevin Rudd", (Role("AUS", "GOV", dt.date(2007, 12, 3),
                                                      dt.date(2010, 6, 24)),)), True)
    amber = ("known", KnownActor("Amber Rudd", (Role("GBR", "GOV", dt.date(2016, 7, 13),
                                                      dt.date(2018, 4, 29)),)), True)
    assert entry_on_day([kevin, amber], dt.date(2008, 5, 1)) is kevin
    assert entry_on_day([kevin, amber], dt.date(2017, 5, 1)) is amber
    # between their terms, the nearer one in time
    assert entry_on_day([kevin, amber], dt.date(2016, 1, 1)) is amber
    # a country word keeps the first reading
    assert entry_on_day([("country", "AUS", "names"), kevin], dt.date(2008, 5, 1))[0] == "country"


@pytest.mark.parametrize("date,country", [("1995-05-01", "GHA"), ("2004-05-01", "GHA"), ("2018-05-01", None)])
def test_a_surname_alone_names_its_holder_only_near_their_time(code_text, date, country):
    events = code_text("Rawlings accused the United States of meddling in the election.", date=date)
    sources = {e["source"]["country"] for e in events}
    assert (country in sources) if country else ("GHA" not in sources)
    # the full name keeps its holder whenever it is written
    events = code_text("Jerry Rawlings accused the United States of meddling in the election.", date=date)
    assert "GHA" in {e["source"]["country"] for e in events}


def test_a_name_in_capitals_is_read_in_its_usual_case(code_text):
    # some papers open a story in capitals; an acronym written so ("NATO") still matches as is
    events = code_text("NORWAY yesterday urged Russia to free the detained fishermen.", "2012-01-05")
    assert [(e["root"], e["source"]["country"], e["target"]["country"]) for e in events] \
        == [("02", "NOR", "RUS")]
    events = code_text("NATO on Monday urged Russia to free the detained fishermen.", "2012-01-05")
    assert [(e["source"]["country"], e["target"]["country"]) for e in events] == [("IGO", "RUS")]

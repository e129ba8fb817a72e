"""Event places from parsed sentences, datelines and the article's country context."""
from __future__ import annotations

import pytest

from eventmill.coding.build import CodingData
from eventmill.resources import packaged


@pytest.fixture(scope="module")
def data(nlp) -> CodingData:
    return CodingData(nlp, packaged())


@pytest.fixture(scope="module")
def gaz(data):
    """The geography reader of the packaged data (places in parsed sentences)."""
    return data.geography


def find_place(sent, geo, context=(), **kw):
    return geo.find_place(sent, context, **kw)


def place_counts(doc, geo, named=()):
    return geo.place_counts(doc, named)


@pytest.fixture(scope="module")
def dateline_place(data):
    return lambda text, geo: data.datelines.place(text, geo.gazetteer)


def place(nlp, gaz, text, context=()):
    sent = next(nlp(text).sents)
    return find_place(sent, gaz, context)


def test_embassy_in_baghdad(nlp, gaz):
    p = place(nlp, gaz, "Militiamen hurled stones at the US Embassy in Baghdad.")
    assert p is not None and p.name == "Baghdad" and p.country == "IRQ"


def test_actor_is_not_a_place(nlp, gaz):
    assert place(nlp, gaz, "Iran rejected the accusation.") is None
    assert place(nlp, gaz, "Trump spoke with Macron about Iran.") is None
    assert place(nlp, gaz, "Trump spoke with Macron in Paris.").name == "Paris"  # a place named as one is


def test_country_as_place(nlp, gaz):
    p = place(nlp, gaz, "Russia sent troops into Crimea.")
    assert p.name == "Crimea"
    assert place(nlp, gaz, "Protests spread in Iraq.").country == "IRQ"


def test_most_specific_place(nlp, gaz):
    p = place(nlp, gaz, "Protesters gathered outside the embassy in Baghdad, Iraq, on Tuesday.")
    assert p.precision == "city" and p.name == "Baghdad"
    p = place(nlp, gaz, "Israeli troops clashed with Palestinians in the West Bank city of Hebron.")
    assert p.name == "Hebron" and p.country == "PSE"


def test_context_disambiguates(nlp, gaz):
    assert place(nlp, gaz, "A bomb exploded in Paris.", ["USA"]).country == "USA"
    assert place(nlp, gaz, "A bomb exploded in Paris.").country == "FRA"


def test_country_named_in_the_sentence_decides_between_namesakes(nlp, gaz):
    assert place(nlp, gaz, "Gunmen attacked a police station in Hyderabad, Pakistani officials said."
                 ).country == "PAK"
    assert place(nlp, gaz, "Gunmen attacked a police station in Hyderabad.").country == "IND"


@pytest.mark.parametrize("text,name,country", [
    ("GAZA CITY, Gaza Strip • Israeli jets struck overnight.", "Gaza", "PSE"),
    ("CARACAS, Venezuela -- Opposition leader Juan Guaido said", "Caracas", "VEN"),
    ("CARACAS: Protesters marched", "Caracas", "VEN"),
    ("BAGHDAD (Reuters) - Iraqi protesters stormed", "Baghdad", "IRQ"),
    ("WASHINGTON — The United States said", "Washington", "USA"),
    ("Baghdad, Jan 1 (Reuters) - Iraqi protesters", "Baghdad", "IRQ"),
    ("PARIS, Texas — Police said", "Paris", "USA"),
])
def test_datelines(gaz, dateline_place, text, name, country):
    p = dateline_place(text, gaz)
    assert p is not None and p.name == name and p.country == country


# each text without a dateline beside the same text under one
@pytest.mark.parametrize("text, dated, name", [
    ("Iran rejected the accusation.", "TEHRAN (Reuters) - Iran rejected the accusation.", "Tehran"),
    ("Trump: we will not back down.", "WASHINGTON — Trump: we will not back down.", "Washington"),
    ("The talks - which began in May - stalled.",
     "GENEVA, May 3 (Reuters) - The talks - which began in May - stalled.", "Geneva"),
    ("", "BAGHDAD (Reuters) - ", "Baghdad"),
])
def test_no_dateline(gaz, dateline_place, text, dated, name):
    assert dateline_place(text, gaz) is None
    assert dateline_place(dated, gaz).name == name


def test_place_counts(nlp, gaz):
    doc = nlp("BAGHDAD (Reuters) - Iraqi militiamen attacked the US embassy in Baghdad on "
              "Tuesday. Protests spread across Iraq. Iran denied involvement, officials in "
              "Washington said.")
    assert place_counts(doc, gaz) == {"IRQ": 3, "USA": 1}  # the lead's Baghdad counts twice


def test_a_seat_of_international_bodies_says_little_of_where_a_story_is(nlp, gaz):
    doc = nlp("African leaders met in Addis Ababa on Sunday. Troops opened fire on protesters in "
              "Khartoum on Monday.")
    assert place_counts(doc, gaz) == {"SDN": 1}


def test_strict_and_loose_place(nlp, gaz):
    sent = next(nlp("Russian forces shelled Kharkiv on Tuesday.").sents)
    assert find_place(sent, gaz) is None  # the object is an actor, not a place
    assert find_place(sent, gaz, loose=True).name == "Kharkiv"
    said = next(nlp("The minister criticized Yemen in a speech in Geneva.").sents)
    assert find_place(said, gaz, strict=True).name == "Geneva"
    mention = next(nlp("Rebels in control of Yemen's capital accused the coalition.").sents)
    assert find_place(mention, gaz, strict=True) is None


def test_joint_dateline_takes_its_first_city(gaz, dateline_place):
    place = dateline_place("SANAA/ADEN (Reuters) - Warplanes bombed the capital.", gaz)
    assert place is not None and place.name == "Sanaa" and place.country == "YEM"


def _trigger_place(nlp, gaz, text, trigger, strict=False):
    doc = nlp(text)
    tok = next(t for t in doc if t.text == trigger)
    return find_place(next(doc.sents), gaz, strict=strict, loose=not strict, trigger=tok)


def test_place_of_another_clause_is_not_the_events(nlp, gaz):
    text = "Egypt recalled its ambassador from Qatar after gunmen attacked a church in Minya."
    assert _trigger_place(nlp, gaz, text, "recalled", strict=True) is None
    assert _trigger_place(nlp, gaz, text, "attacked").name == "Minya"


def test_coordinated_verbs_share_their_place(nlp, gaz):
    p = _trigger_place(nlp, gaz, "Rioters stormed and burned the town hall in Tripoli.", "stormed")
    assert p is not None and p.name == "Tripoli"


def test_institution_named_after_its_town(nlp, gaz):
    p = place(nlp, gaz, "Gunmen attacked students at Maiduguri University College on Sunday.")
    assert p is not None and p.name == "Maiduguri" and p.country == "NGA"


def test_place_noun_announces_a_mistagged_name(nlp, gaz):
    doc = nlp("Warplanes bombarded the capital Sanaa overnight.")
    p = find_place(next(doc.sents), gaz, loose=True)
    assert p is not None and p.name == "Sanaa" and p.country == "YEM"


def test_administering_country_decides_a_disputed_place(nlp, gaz):
    p = place(nlp, gaz, "Shells landed in a village in Pakistani-controlled Kashmir.")
    assert p is not None and p.country == "PAK"
    p = place(nlp, gaz, "Shells landed in a village in Indian-administered Kashmir.")
    assert p is not None and p.country == "IND"


def test_locative_name_mistagged_as_a_people(nlp, gaz):
    p = place(nlp, gaz, "In Bulawayo protesters marched through the streets chanting for the removal of the president.")
    assert p is not None and p.name == "Bulawayo"


def test_english_region_names(gaz):
    assert gaz.gazetteer.resolve("Catalonia").country == "ESP"
    assert gaz.gazetteer.resolve("North Kivu").country == "COD"


def test_story_city_is_the_most_named_city_of_the_home_country(nlp, gaz):
    doc = nlp("Protesters gathered in Harare on Monday. Police fired tear gas in Harare. "
              "Shops closed in Bulawayo. Officials met in London.")
    assert gaz.story_city(doc, "ZWE").name == "Harare"
    assert gaz.story_city(doc, "KEN") is None


def test_neighbouring_country_does_not_count_as_the_story_place(nlp, gaz):
    doc = nlp("Gunmen attacked two army bases in northern Kenya, while thousands fled attacks "
              "in neighbouring Somalia.")
    counts = place_counts(doc, gaz)
    assert counts["KEN"] > 0 and counts["SOM"] == 0


def test_trigger_clause_place_beats_a_joined_clause_place(nlp, gaz):
    doc = nlp("The truce for the conflict in Gaza unraveled after Hamas continued to fire rockets into Israel.")
    fire = next(t for t in doc if t.text == "fire")
    assert find_place(next(doc.sents), gaz, loose=True, trigger=fire).country == "ISR"


def test_statement_is_not_placed_where_what_it_speaks_of_happened(nlp, gaz):
    doc = nlp("Canada expressed concern over the arrests of activists in Saudi Arabia.")
    trigger = next(t for t in doc if t.lemma_ == "express")
    assert find_place(next(doc.sents), gaz, strict=True, trigger=trigger) is None
    said = nlp("The minister criticized Yemen in a speech in Geneva.")
    trigger = next(t for t in said if t.lemma_ == "criticize")
    assert find_place(next(said.sents), gaz, strict=True, trigger=trigger).name == "Geneva"


def test_the_doer_and_a_modifier_are_never_the_place(nlp, gaz):
    doc = nlp("Iran killed an American contractor.")
    assert find_place(next(doc.sents), gaz, loose=True) is None
    doc = nlp("Militiamen protested against US air strikes.")
    assert find_place(next(doc.sents), gaz, loose=True) is None
    doc = nlp("Militiamen protested against US air strikes in Baghdad.")  # a place named as one is
    assert find_place(next(doc.sents), gaz, loose=True).name == "Baghdad"


def test_places_are_read_afresh_for_each_doc(nlp, gaz):
    # the places of a doc's sentences are kept while the doc is read; another doc with sentences
    # at the same offsets has its own
    first = next(nlp("Protesters marched in Harare on Monday.").sents)
    second = next(nlp("Protesters marched in Lusaka on Monday.").sents)
    assert [p.name for _, _, p in gaz.sentence_places(first, [])] == ["Harare"]
    assert [p.name for _, _, p in gaz.sentence_places(second, [])] == ["Lusaka"]
    assert [p.name for _, _, p in gaz.sentence_places(first, [])] == ["Harare"]


def test_a_place_is_in_the_country_its_phrase_names_as_owner(nlp, gaz):
    # "Soum" is also a Senegalese town; "Burkina Faso's Soum province" is not it
    doc = nlp("Gunmen killed 24 soldiers in Burkina Faso's northern Soum province on Monday.")
    assert place_counts(doc, gaz)["BFA"] > 0 and place_counts(doc, gaz)["SEN"] == 0
    p = place(nlp, gaz, "Gunmen killed 24 soldiers in Burkina Faso's northern Soum province on Monday.")
    assert p.country == "BFA"
    # a place the gazetteer knows in the owner's country keeps its own precision
    p = place(nlp, gaz, "Militants attacked a market in Nigeria's Borno state on Monday.")
    assert (p.country, p.precision) == ("NGA", "admin1")

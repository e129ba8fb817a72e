"""Where an event happened: place names in a parsed sentence, the article dateline, and the
article's country context used to disambiguate places and actors.

The parse decides whether a place name is a place or an actor: "Iran rejected ..." (subject)
and "the US Embassy" (modifier of a non-place noun) are actors; "in Iran", "the embassy in
Baghdad", "the city of Hebron", "Iraq's Anbar province" are places.
"""
from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Sequence

from spacy.tokens import Doc, Span, Token

from ..gazetteer import Gazetteer, normalize
from ..resources import load_yaml
from ..types import Place

PLACE_LABELS = {"GPE", "LOC", "FAC"}

# Prepositions whose object is where something happened ("into": "fired rockets into Israel").
LOCATIVE_PREPS = {
    "in", "at", "near", "outside", "across", "inside", "into", "within", "throughout",
    "around", "off", "along", "nearby", "beside", "amid",
}
# Nouns that stand for a place: a name modifying them or attached to them by "of" is a place
# ("Anbar province", "the city of Mosul", "off the coast of Yemen"), not an actor.
PLACE_NOUNS = {
    "city", "town", "village", "province", "governorate", "region", "district", "area",
    "state", "capital", "outskirts", "suburb", "suburbs", "neighborhood", "neighbourhood",
    "county", "border", "island", "port", "coast", "strip", "heights", "valley", "territory",
    "enclave", "oblast", "prefecture", "municipality", "outpost", "part", "parts", "north",
    "south", "east", "west", "northeast", "northwest", "southeast", "southwest", "centre",
    "center", "heart", "streets", "street", "square", "camp", "zone", "settlement", "base",
}
# Last words of an institution named after its town ("Garissa University College", "Kandahar
# Airfield"): the town is where an event at the institution happened.
FACILITY_NOUNS = {
    "university", "college", "school", "airport", "airfield", "hospital", "mosque", "church",
    "stadium", "hotel", "prison", "market", "station", "barracks", "camp", "base", "academy",
}
# Grammatical roles of actors: whoever does or suffers the event is not where it happened.
ACTOR_DEPS = {"nsubj", "nsubjpass", "dobj", "iobj", "dative", "agent", "csubj", "attr", "poss"}

_PRECISION_RANK = {"city": 0, "admin1": 1, "country": 2}
_ROLE_RANK = {"loc": 0, "weak": 1, "actor": 2}


def _place_role(tok: Token, depth: int = 0) -> str | None:
    """'loc' (governed by a locative preposition), 'weak' (a bare mention) or None (an actor,
    a topic, a modifier of a non-place noun)."""
    if depth > 4:
        return None
    hops = 0
    while tok.dep_ in ("appos", "conj") and tok.head.i != tok.i and hops < 4:
        tok = tok.head  # "in Baghdad, Iraq" / "in Iraq and Syria": inherit the first one's role
        hops += 1
    dep = tok.dep_
    head = tok.head
    if dep in ("compound", "amod", "nmod", "poss") and head.i != tok.i:
        if head.lemma_.lower() in PLACE_NOUNS:
            return _place_role(head, depth + 1) or "weak"  # "Anbar province was shelled"
        return None  # "US Embassy", "Iran's foreign minister"
    if dep in ACTOR_DEPS:
        return None
    if dep == "pobj":
        prep = head.lower_
        if prep in LOCATIVE_PREPS:
            return "loc"
        if prep == "of" and head.head.lemma_.lower() in PLACE_NOUNS:
            return _place_role(head.head, depth + 1) or "weak"
        if prep == "to":
            return "weak"  # a destination ("deployed to Harare") is where the act goes on
        return None  # about / with / against / from / for ...: a target or a topic
    return "weak"


def _entities(sent: Span) -> list[Span]:
    """Place-like spans: GPE/LOC/FAC entities, institutions named after a town, and names the
    tagger mislabelled that a place noun or a locative preposition announces ("the capital
    Sanaa", "the town of X", "in Bulawayo")."""
    found = [e for e in sent.ents if e.label_ in PLACE_LABELS
             or (e.label_ == "ORG" and e[-1].lower_ in FACILITY_NOUNS)]
    taken = {t.i for e in found for t in e}
    doc = sent.doc
    for tok in sent:
        if tok.pos_ != "PROPN" or tok.i in taken:
            continue
        # "In Bulawayo protesters marched", "at students in Bulawayo": a name right after a
        # locative preposition that the tagger took for a people or an organisation
        after_prep = tok.i > sent.start and doc[tok.i - 1].lower_ in LOCATIVE_PREPS and \
            doc[tok.i - 1].pos_ == "ADP" and tok.ent_type_ in ("NORP", "ORG", "")
        if after_prep and (tok.i + 1 == sent.end or doc[tok.i + 1].pos_ != "PROPN"):
            found.append(doc[tok.i:tok.i + 1])
            taken.add(tok.i)
            continue
        if tok.dep_ in ("compound", "flat"):
            continue
        cued = (any(c.dep_ == "compound" and c.lemma_.lower() in PLACE_NOUNS for c in tok.lefts)
                or (tok.dep_ == "appos" and tok.head.lemma_.lower() in PLACE_NOUNS)
                or (tok.dep_ == "pobj" and tok.head.lower_ == "of"
                    and tok.head.head.lemma_.lower() in PLACE_NOUNS))
        if cued:
            start = min([c.i for c in tok.lefts if c.dep_ == "compound" and c.pos_ == "PROPN"] + [tok.i])
            found.append(doc[start:tok.i + 1])
            taken.update(range(start, tok.i + 1))
    return sorted(found, key=lambda e: e.start)


def _resolve(ent: Span, gazetteer: Gazetteer, context: Sequence[str]) -> Place | None:
    """The place an entity names; for an institution the gazetteer does not know, the town
    its name starts with."""
    place = gazetteer.resolve(ent.text, context)
    if place is not None or ent[-1].lower_ not in FACILITY_NOUNS:
        return place
    for end in range(ent.end - 1, ent.start, -1):
        head = ent.doc[ent.start:end]
        if all(t.pos_ == "PROPN" for t in head):
            town = gazetteer.resolve(head.text, context)
            if town is not None and town.precision == "city":
                return town
    return None


def _roles(ents: list[Span], doc: Doc) -> list[str | None]:
    """Role of each entity; an entity joined to a preceding place by 'and'/'or'/',' shares
    its role even when the parser attached it elsewhere ("in Iraq and Syria")."""
    roles: list[str | None] = []
    for i, ent in enumerate(ents):
        role = _place_role(ent.root)
        if role is None and ent.start > 0 and doc[ent.start - 1].pos_ == "ADP" \
                and doc[ent.start - 1].lower_ in LOCATIVE_PREPS:
            role = "loc"  # "In Bulawayo protesters marched": the parser hung the name elsewhere
        if i and roles[i - 1] is not None:
            prev = ents[i - 1]
            between = doc[prev.end:ent.start]
            if 0 < len(between) <= 2 and all(t.lower_ in {"and", "or", ","} for t in between):
                role = roles[i - 1] if role is None or role == "weak" else role
        roles.append(role)
    return roles


# "Pakistani-controlled Kashmir", "Indian-administered Kashmir": who administers a disputed
# place decides its country (GUIDE). Not "held"/"occupied": those name de-facto holders.
_ADMINISTERING = {"controlled", "administered", "ruled", "governed"}


@functools.cache
def _demonyms() -> dict[str, str]:
    out: dict[str, str] = {}
    for iso3, entry in load_yaml("countries.yaml").items():
        for kind in ("names", "adjectives"):
            for word in entry.get(kind) or ():
                out.setdefault(word, iso3)
    return out


def _administrator(ent: Span) -> str | None:
    for mod in ent.root.lefts:
        if mod.dep_ == "amod" and mod.lower_ in _ADMINISTERING:
            for who in (*mod.lefts, *ent.root.lefts):
                if who.i < mod.i and (iso3 := _demonyms().get(who.text)):
                    return iso3
    return None


def _local_context(ents: list[Span], i: int, doc: Doc, gazetteer: Gazetteer) -> list[str]:
    """'Baghdad, Iraq' / 'Paris, Texas': the entity right after a comma names the country;
    'Pakistani-controlled Kashmir': the administering country."""
    if (admin := _administrator(ents[i])) is not None:
        return [admin]
    if i + 1 < len(ents):
        nxt = ents[i + 1]
        ent = ents[i]
        if nxt.start == ent.end + 1 and doc[ent.end].text == ",":
            p = gazetteer.resolve(nxt.text)
            if p is not None and p.country and p.precision in ("country", "admin1"):
                return [p.country]
    return []


def _named_in(sent: Span) -> list[str]:
    """Countries a sentence names, by name or adjective: last in the context, they decide
    only between namesakes no other context tells apart ("Tripoli ... the Lebanese port")."""
    names = _demonyms()
    words = [t.text for t in sent]
    found = [names[w] for n in (1, 2, 3) for i in range(len(words) - n + 1)
             if (w := " ".join(words[i:i + n])) in names]
    return list(dict.fromkeys(found))


def _sentence_places(sent: Span, gazetteer: Gazetteer, context: Sequence[str],
                     loose: bool = False) -> list[tuple[str, int, Place]]:
    """(role, position, place) for every place-like entity the gazetteer knows; with `loose`,
    entities in an actor's position too, as 'actor' (ranked after every other role)."""
    doc = sent.doc
    ents = _entities(sent)
    out = []
    named = _named_in(sent) if ents else []
    for i, (ent, role) in enumerate(zip(ents, _roles(ents, doc))):
        if role is None:
            if not loose or ent.root.dep_ in ("compound", "amod", "nmod", "poss", "nsubj"):
                continue  # ("US air strikes", "Iran killed": who acts, never where)
            role = "actor"
        ctx = [*_local_context(ents, i, doc, gazetteer), *context, *named]
        place = _resolve(ent, gazetteer, ctx)
        if place is not None:
            out.append((role, ent.start, place))
    return out


def _clause(tok: Token) -> Token:
    """The verb whose clause a token belongs to: the nearest verbal ancestor (itself if a verb)."""
    hops = 0
    while tok.pos_ not in ("VERB", "AUX") and tok.head.i != tok.i and hops < 12:
        tok = tok.head
        hops += 1
    return tok


def find_place(sent: Span, gazetteer: Gazetteer | None, context: Sequence[str] = (),
               strict: bool = False, loose: bool = False, trigger: Token | None = None,
               nearby: bool = False) -> Place | None:
    """Where the sentence's event happened, or None.

    Among the GPE/LOC/FAC entities the gazetteer knows and that are not actors, prefers
    those in the clause of the event's `trigger` (then in clauses joined to it), then those
    under a locative preposition,
    then the most specific (city > admin1 > country), then the first. `context` is the
    article's ISO3 countries, most salient first. `strict` keeps only places under a
    locative preposition in the trigger's clause (a statement made "in Geneva", not one that
    mentions Yemen or a place where some other act of the sentence happened); `loose` also
    takes a place that is the event's object, when nothing else is named ("bombarded the
    capital Sanaa"); `nearby` keeps only places of the trigger's clause and those joined to it.
    """
    gazetteer = gazetteer or Gazetteer.default()
    found = _sentence_places(sent, gazetteer, context, loose)
    doc = sent.doc
    own = _clause(trigger).i if trigger is not None else None
    clauses = _clauses(trigger) if trigger is not None else None

    def distance(pos: int) -> int:  # 0: the trigger's clause, 1: a clause joined to it, 2: other
        if clauses is None:
            return 0
        clause = _clause(doc[pos]).i
        return 0 if clause == own else 1 if clause in clauses else 2

    if strict:
        found = [f for f in found if f[0] == "loc" and distance(f[1]) < 2
                 and not (trigger is not None and _in_topic(doc[f[1]], trigger))]
    elif nearby:
        found = [f for f in found if distance(f[1]) < 2]
    if not found:
        return None
    role, pos, place = min(found, key=lambda f: (f[0] == "actor", distance(f[1]),
                                                 _ROLE_RANK[f[0]],
                                                 _PRECISION_RANK.get(f[2].precision, 3), f[1]))
    return place


# Prepositions that name what a statement is about: a place inside that phrase is where the
# thing spoken of happened ("concern over the arrests of activists in Saudi Arabia").
_TOPIC_PREPS = {"over", "about", "on", "against", "for", "regarding", "concerning"}


def _in_topic(tok: Token, trigger: Token) -> bool:
    for anc in tok.ancestors:
        if anc.i == trigger.i:
            return False
        if anc.dep_ == "prep" and anc.lower_ in _TOPIC_PREPS:
            return True
    return False


# Links between verbs that share the scene of one act: "stormed and burned the post",
# "protesters demanding ... hurled stones at the embassy in Baghdad", "tried to storm".
_SAME_SCENE = {"conj", "acl", "relcl", "xcomp"}


def _clauses(trigger: Token) -> set[int]:
    """The verbs whose places are the event's: the trigger's clause and those joined to it."""
    verb = _clause(trigger)
    out = {verb.i}
    if verb.dep_ in _SAME_SCENE and verb.head.i != verb.i:
        out.add(_clause(verb.head).i)
    out.update(c.i for c in verb.children if c.dep_ in ("conj", "xcomp") and c.pos_ in ("VERB", "AUX"))
    return out


# --------------------------------------------------------------------------- datelines

_CONNECTORS = r"(?:de|del|da|do|dos|das|la|le|les|el|al|es|of|upon|sur|am|an|on)"
_WORD = r"[A-Z][A-Za-z'’.\-/]*"  # "/" for joint datelines: "SANAA/ADEN (Reuters) -"
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_DATELINE = re.compile(
    rf"""^\s*
    (?P<city>{_WORD}(?:\s+(?:{_WORD}|{_CONNECTORS}))*?)           # GAZA CITY / Rio de Janeiro
    (?:\s*,\s*(?P<region>{_WORD}(?:\s+{_WORD}){{0,3}}?))?           # , Gaza Strip
    (?:\s*,\s*{_MONTH}\s+\d{{1,2}}(?:,\s*\d{{4}})?)?                # , Jan 1
    (?:\s*\((?P<agency>[^()\n]{{1,40}})\))?                         # (Reuters)
    (?P<sep>\s*(?:--|—|–|•|·|\|)|\s+-\s|\s*-\s(?=\S)|:\s)            # separator
    """,
    re.VERBOSE,
)


def _is_upper_name(s: str) -> bool:
    letters = [c for c in s if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def _dateline(text: str) -> re.Match[str] | None:
    m = _DATELINE.match(text[:200])
    if not m:
        return None
    city, region = m.group("city"), m.group("region")
    if not _is_upper_name(city):
        # Title-case openings are ordinary sentences unless something dateline-like follows.
        if not all(w[0].isupper() or re.fullmatch(_CONNECTORS, w) for w in city.split()):
            return None
        if m.group("sep").strip() == ":" and not (region or m.group("agency")):
            return None
    return m


def dateline_end(text: str) -> int:
    """Where the article's first sentence starts once its dateline is cut off (0 if none)."""
    m = _dateline(text)
    return m.end() if m else 0


def dateline_place(text: str, gazetteer: Gazetteer | None = None) -> Place | None:
    """The place of an article's dateline ("CARACAS, Venezuela -- ", "BAGHDAD (Reuters) - ",
    "WASHINGTON — ", "GAZA CITY, Gaza Strip • "), or None when the text opens otherwise."""
    gazetteer = gazetteer or Gazetteer.default()
    # Stored pages put headlines, bylines and captions above the dateline: look at the
    # first lines of the page, not only at its first characters.
    m = next((m for line in text[:1500].splitlines()[:12] if (m := _dateline(line))), None)
    if not m:
        return None
    city, region = m.group("city").split("/")[0], m.group("region")
    context: list[str] = []
    region_place = gazetteer.resolve(region) if region else None
    if region_place is not None and region_place.country:
        context.append(region_place.country)
        if region_place.precision == "admin1":
            # "PARIS, Texas": the candidate in that very state
            for cand in gazetteer.candidates(city):
                if (cand.country == region_place.country and cand.precision == "city"
                        and cand.admin1 and normalize(cand.admin1) == normalize(region_place.name)):
                    return cand
    return gazetteer.resolve(city, context)


def place_counts(doc: Doc, gazetteer: Gazetteer | None = None,
                 named: Sequence[str] = ()) -> Counter[str]:
    """How often the article names a place of each country (ISO3) as a place: entities under
    locative prepositions, twice in the lead, never as "neighbouring X". `named` are the
    countries the article names outright, most named first: they decide between places of one
    name ("Catarina" in a Nicaraguan story)."""
    gazetteer = gazetteer or Gazetteer.default()
    counts: Counter[str] = Counter()
    for i, sent in enumerate(doc.sents):
        for role, pos, place in _sentence_places(sent, gazetteer, named):
            if role == "loc" and place.country and not _neighbour(doc[pos]):
                # the lead says where the story is
                counts[place.country] += 2 if i == 0 else 1
    return counts


def _neighbour(tok: Token) -> bool:
    """"fled attacks in neighbouring Burkina Faso": a neighbour is not where the story is."""
    return tok.i > 0 and tok.doc[tok.i - 1].lower_ in ("neighbouring", "neighboring")



def story_city(doc: Doc, country: str, gazetteer: Gazetteer | None = None,
               named: Sequence[str] = ()) -> Place | None:
    """The city of `country` the article names most often as a place (the first on a tie):
    where its events happened when a sentence says no more ("police ordered people to
    disperse" in a story from Charlottesville)."""
    gazetteer = gazetteer or Gazetteer.default()
    counts: Counter[str] = Counter()
    first: dict[str, Place] = {}
    for sent in doc.sents:
        for role, _, place in _sentence_places(sent, gazetteer, named):
            if role == "loc" and place.country == country and place.precision == "city":
                counts[place.name] += 1
                first.setdefault(place.name, place)
    if not counts:
        return None
    best = max(counts.values())
    return next(p for name, p in first.items() if counts[name] == best)

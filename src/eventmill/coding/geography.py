"""Place names in a parsed sentence: which names are places, and which place they are.

Shared by the stages that ask where something is (setting, actors, places); the words it uses
are `rules/geography.yaml` and the locative prepositions of `rules/language.yaml`.

The parse decides whether a place name is a place or an actor: "Iran rejected ..." (subject)
and "the US Embassy" (modifier of a non-place noun) are actors; "in Iran", "the embassy in
Baghdad", "the city of Hebron", "Iraq's Anbar province" are places.
"""
from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Sequence

from spacy.tokens import Doc, Span, Token

from eventmill.coding.lexicon import entity_span
from eventmill.coding.settings import GeographySettings, LanguageSettings
from eventmill.gazetteer import Gazetteer
from eventmill.types import Place

PLACE_LABELS = {"GPE", "LOC", "FAC"}
# Grammatical roles of actors: whoever does or suffers the event is not where it happened.
ACTOR_DEPS = {"nsubj", "nsubjpass", "dobj", "iobj", "dative", "agent", "csubj", "attr", "poss"}
# Links between verbs that share the scene of one act: "stormed and burned the post",
# "protesters demanding ... hurled stones at the embassy in Baghdad", "tried to storm".
SAME_SCENE = {"conj", "acl", "relcl", "xcomp"}

_PRECISION_RANK = {"city": 0, "admin1": 1, "country": 2}
_ROLE_RANK = {"loc": 0, "weak": 1, "actor": 2}


def demonyms(countries: dict) -> dict[str, str]:
    """Country names and adjectives of countries.yaml -> ISO3."""
    out: dict[str, str] = {}
    for iso3, entry in countries.items():
        for kind in ("names", "adjectives"):
            for word in entry.get(kind) or ():
                out.setdefault(word, iso3)
    return out


def clause_of(tok: Token) -> Token:
    """The verb whose clause a token belongs to: the nearest verbal ancestor (itself if a verb)."""
    hops = 0
    while tok.pos_ not in ("VERB", "AUX") and tok.head.i != tok.i and hops < 12:
        tok = tok.head
        hops += 1
    return tok


def joined_clauses(trigger: Token) -> set[int]:
    """The verbs whose places are the event's: the trigger's clause and those joined to it."""
    verb = clause_of(trigger)
    out = {verb.i}
    if verb.dep_ in SAME_SCENE and verb.head.i != verb.i:
        out.add(clause_of(verb.head).i)
    out.update(c.i for c in verb.children if c.dep_ in ("conj", "xcomp") and c.pos_ in ("VERB", "AUX"))
    return out


class Geography:
    """Reads the places of parsed sentences against a gazetteer."""

    def __init__(self, words: GeographySettings, language: LanguageSettings, countries: dict,
                 gazetteer: Gazetteer | None = None) -> None:
        self.words = words
        self.locative = language.locative_preps
        self.joiners = language.list_joiners
        self.demonyms = demonyms(countries)
        self._gazetteer = gazetteer
        # the places of the current doc's sentences: the setting, actors and places stages ask
        # for the same sentences again (reset when another doc comes)
        self._doc: Doc | None = None
        self._found: dict[tuple, list[tuple[str, int, Place]]] = {}

    def resolve(self, name: str, context: Sequence[str]) -> Place | None:
        """The place a name means in an article about the `context` countries; a small place
        abroad that shares the name of a local one the index lacks is not taken ("Bal'ad" near
        Mogadishu is no town in Iraq)."""
        return self.gazetteer.resolve(name, context, self.words.min_foreign_population)

    @property
    def gazetteer(self) -> Gazetteer:
        # loaded on first use: building a pipeline should not wait for the index
        if self._gazetteer is None:
            self._gazetteer = Gazetteer.default()
        return self._gazetteer

    # -- which names are places ----------------------------------------------------------------
    def _place_role(self, tok: Token, depth: int = 0) -> str | None:
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
        place_nouns = self.words.place_nouns
        if dep in ("compound", "amod", "nmod", "poss") and head.i != tok.i:
            if head.lemma_.lower() in self.words.owned_place_nouns and entity_span(tok).text in self.demonyms:
                return None  # "a US base", "a Turkish outpost": whose it is, not where
            if head.lemma_.lower() in place_nouns:
                return self._place_role(head, depth + 1) or "weak"  # "Anbar province was shelled"
            return None  # "US Embassy", "Iran's foreign minister"
        if dep in ACTOR_DEPS:
            return None
        if dep == "pobj":
            prep = head.lower_
            if prep in self.locative:
                return "loc"
            if prep == "of" and head.head.lemma_.lower() in place_nouns:
                return self._place_role(head.head, depth + 1) or "weak"
            if prep == "to":
                return "weak"  # a destination ("deployed to Harare") is where the act goes on
            return None  # about / with / against / from / for ...: a target or a topic
        return "weak"

    def _entities(self, sent: Span) -> list[Span]:
        """Place-like spans: GPE/LOC/FAC entities, institutions named after a town, and names the
        tagger mislabelled that a place noun or a locative preposition announces ("the capital
        Sanaa", "the town of X", "in Bulawayo")."""
        facility, place_nouns = self.words.facility_nouns, self.words.place_nouns
        found = [_hyphenated(e) for e in _sentence_ents(sent) if e.label_ in PLACE_LABELS
                 or (e.label_ == "ORG" and e[-1].lower_ in facility)]
        taken = {t.i for e in found for t in e}
        doc = sent.doc
        for tok in sent:
            if tok.pos_ != "PROPN" or tok.i in taken:
                continue
            # "In Bulawayo protesters marched", "at students in Bulawayo": a name right after a
            # locative preposition that the tagger took for a people or an organisation
            after_prep = tok.i > sent.start and doc[tok.i - 1].lower_ in self.locative and \
                doc[tok.i - 1].pos_ == "ADP" and tok.ent_type_ in ("NORP", "ORG", "")
            alone = tok.i + 1 == sent.end or doc[tok.i + 1].pos_ != "PROPN"
            if after_prep and alone and not _ends_a_name(doc[tok.i:tok.i + 1]):
                found.append(doc[tok.i:tok.i + 1])
                taken.add(tok.i)
                continue
            if tok.dep_ in ("compound", "flat"):
                continue
            cued = (any(c.dep_ == "compound" and c.lemma_.lower() in place_nouns for c in tok.lefts)
                    or (tok.dep_ == "appos" and tok.head.lemma_.lower() in place_nouns)
                    or (tok.dep_ == "pobj" and tok.head.lower_ == "of"
                        and tok.head.head.lemma_.lower() in place_nouns))
            if cued:
                start = min([c.i for c in tok.lefts if c.dep_ == "compound" and c.pos_ == "PROPN"]
                            + [tok.i])
                found.append(doc[start:tok.i + 1])
                taken.update(range(start, tok.i + 1))
        return sorted(found, key=lambda e: e.start)

    def _resolve(self, ent: Span, context: Sequence[str]) -> Place | None:
        """The place an entity names; for an institution the gazetteer does not know, the town
        its name starts with."""
        place = self.resolve(ent.text, context)
        if place is not None or ent[-1].lower_ not in self.words.facility_nouns:
            return place
        for end in range(ent.end - 1, ent.start, -1):
            head = ent.doc[ent.start:end]
            if all(t.pos_ == "PROPN" for t in head):
                town = self.resolve(head.text, context)
                if town is not None and town.precision == "city":
                    return town
        return None

    def _roles(self, ents: list[Span], doc: Doc) -> list[str | None]:
        """Role of each entity; an entity joined to a preceding place by 'and'/'or'/',' shares
        its role even when the parser attached it elsewhere ("in Iraq and Syria")."""
        roles: list[str | None] = []
        for i, ent in enumerate(ents):
            role = self._place_role(ent.root)
            if role is None and ent.start > 0 and doc[ent.start - 1].pos_ == "ADP" \
                    and doc[ent.start - 1].lower_ in self.locative:
                role = "loc"  # "In Bulawayo protesters marched": the parser hung the name elsewhere
            if _ends_a_name(ent):
                role = None
            if i and roles[i - 1] is not None:
                prev = ents[i - 1]
                between = doc[prev.end:ent.start]
                if 0 < len(between) <= 2 and all(t.lower_ in self.joiners for t in between):
                    role = roles[i - 1] if role is None or role == "weak" else role
            roles.append(role)
        return roles

    def _administrator(self, ent: Span) -> str | None:
        for mod in ent.root.lefts:
            if mod.dep_ == "amod" and mod.lower_ in self.words.administering_words:
                for who in (*mod.lefts, *ent.root.lefts):
                    if who.i < mod.i and (iso3 := self.demonyms.get(who.text)):
                        return iso3
        return None

    def _local_context(self, ents: list[Span], i: int, doc: Doc) -> list[str]:
        """'Baghdad, Iraq' / 'Paris, Texas': the entity right after a comma names the country;
        'Pakistani-controlled Kashmir': the administering country."""
        if (admin := self._administrator(ents[i])) is not None:
            return [admin]
        if i + 1 < len(ents):
            nxt = ents[i + 1]
            ent = ents[i]
            if nxt.start == ent.end + 1 and doc[ent.end].text == ",":
                p = self.gazetteer.resolve(nxt.text)
                if p is not None and p.country and p.precision in ("country", "admin1"):
                    return [p.country]
        return []

    def _owner_country(self, ent: Span) -> Place | None:
        """The country a place's phrase says it belongs to: "Burkina Faso's northern Soum
        province", "Nigeria's Borno state"."""
        head = ent.root
        while head.dep_ == "compound" and head.head.i > head.i:
            head = head.head
        owner = next((c for c in head.children if c.dep_ == "poss" and c.i < ent.start), None)
        if owner is None or owner.ent_type_ not in ("GPE", "LOC"):
            return None
        span = entity_span(owner)
        place = self.gazetteer.resolve(span.doc[span.start:owner.i + 1].text)  # without "'s"
        return place if place is not None and place.precision == "country" and place.country else None

    def sentence_places(self, sent: Span, context: Sequence[str],
                        loose: bool = False) -> list[tuple[str, int, Place]]:
        """(role, position, place) for every place-like entity the gazetteer knows; with `loose`,
        entities in an actor's position too, as 'actor' (ranked after every other role)."""
        if sent.doc is not self._doc:
            self._doc, self._found = sent.doc, {}
        key = (sent.start, sent.end, tuple(context), loose)
        if key not in self._found:
            self._found[key] = self._sentence_places(sent, context, loose)
        return self._found[key]

    def _sentence_places(self, sent: Span, context: Sequence[str],
                         loose: bool) -> list[tuple[str, int, Place]]:
        doc = sent.doc
        ents = self._entities(sent)
        out = []
        named = self._named_in(sent) if ents else []
        for i, (ent, role) in enumerate(zip(ents, self._roles(ents, doc))):
            if role is None:
                if not loose or ent.root.dep_ in ("compound", "amod", "nmod", "poss", "nsubj"):
                    continue  # ("US air strikes", "Iran killed": who acts, never where)
                role = "actor"
            owner = self._owner_country(ent)
            ctx = [*self._local_context(ents, i, doc), *context, *named]
            place = self._resolve(ent, ctx if owner is None else [owner.country, *ctx])
            if owner is not None and (place is None or place.country != owner.country):
                place = owner  # "Burkina Faso's Soum province" is in Burkina Faso, whatever else is Soum
            if place is not None:
                out.append((role, ent.start, place))
        return out

    def _named_in(self, sent: Span) -> list[str]:
        """Countries a sentence names, by name or adjective: last in the context, they decide
        only between namesakes no other context tells apart ("Tripoli ... the Lebanese port")."""
        names = self.demonyms
        words = [t.text for t in sent]
        found = [names[w] for n in (1, 2, 3) for i in range(len(words) - n + 1)
                 if (w := " ".join(words[i:i + n])) in names]
        return list(dict.fromkeys(found))

    # -- where an event happened -----------------------------------------------------------------
    def find_place(self, sent: Span, context: Sequence[str] = (), strict: bool = False,
                   loose: bool = False, trigger: Token | None = None,
                   nearby: bool = False) -> Place | None:
        """Where the sentence's event happened, or None.

        Among the GPE/LOC/FAC entities the gazetteer knows and that are not actors, prefers
        those in the clause of the event's `trigger` (then in clauses joined to it), then those
        under a locative preposition, then the most specific (city > admin1 > country), then the
        first. `context` is the article's ISO3 countries, most salient first. `strict` keeps only
        places under a locative preposition in the trigger's clause (a statement made "in
        Geneva", not one that mentions Yemen or a place where some other act of the sentence
        happened); `loose` also takes a place that is the event's object, when nothing else is
        named ("bombarded the capital Sanaa"); `nearby` keeps only places of the trigger's clause
        and those joined to it.
        """
        found = self.sentence_places(sent, context, loose)
        doc = sent.doc
        own = clause_of(trigger).i if trigger is not None else None
        clauses = joined_clauses(trigger) if trigger is not None else None

        def distance(pos: int) -> int:  # 0: the trigger's clause, 1: a clause joined to it, 2: other
            if clauses is None:
                return 0
            clause = clause_of(doc[pos]).i
            return 0 if clause == own else 1 if clause in clauses else 2

        if strict:
            found = [f for f in found if f[0] == "loc" and distance(f[1]) < 2
                     and not (trigger is not None and self._in_topic(doc[f[1]], trigger))]
        elif nearby:
            found = [f for f in found if distance(f[1]) < 2]
        if not found:
            return None
        _, _, place = min(found, key=lambda f: (f[0] == "actor", distance(f[1]), _ROLE_RANK[f[0]],
                                                _PRECISION_RANK.get(f[2].precision, 3), f[1]))
        return place

    def _in_topic(self, tok: Token, trigger: Token) -> bool:
        for anc in tok.ancestors:
            if anc.i == trigger.i:
                return False
            if anc.dep_ == "prep" and anc.lower_ in self.words.topic_preps:
                return True
        return False

    # -- where a story is --------------------------------------------------------------------------
    def place_counts(self, doc: Doc, named: Sequence[str] = ()) -> Counter[str]:
        """How often the article names a place of each country (ISO3) as a place: entities under
        locative prepositions, twice in the lead, never as "neighbouring X". `named` are the
        countries the article names outright, most named first: they decide between places of
        one name ("Catarina" in a Nicaraguan story)."""
        counts: Counter[str] = Counter()
        for i, sent in enumerate(doc.sents):
            for role, pos, place in self.sentence_places(sent, named):
                if role == "loc" and place.country and not self._neighbour(doc[pos]) \
                        and place.name not in self.words.venue_cities:
                    # the lead says where the story is
                    counts[place.country] += 2 if i == 0 else 1
        return counts

    def _neighbour(self, tok: Token) -> bool:
        """"fled attacks in neighbouring Burkina Faso": a neighbour is not where the story is."""
        return tok.i > 0 and tok.doc[tok.i - 1].lower_ in self.words.neighbour_words

    def story_city(self, doc: Doc, country: str, named: Sequence[str] = ()) -> Place | None:
        """The city of `country` the article names most often as a place (the first on a tie):
        where its events happened when a sentence says no more ("police ordered people to
        disperse" in a story from Charlottesville)."""
        counts: Counter[str] = Counter()
        first: dict[str, Place] = {}
        for sent in doc.sents:
            for role, _, place in self.sentence_places(sent, named):
                if role == "loc" and place.country == country and place.precision == "city":
                    counts[place.name] += 1
                    first.setdefault(place.name, place)
        if not counts:
            return None
        best = max(counts.values())
        return next(p for name, p in first.items() if counts[name] == best)


def _hyphenated(ent: Span) -> Span:
    """The whole hyphenated name an entity begins: the tagger may stop at the hyphen, and
    "Guinea" is not "Guinea-Bissau"."""
    doc, end, last = ent.doc, ent.end, ent.sent.end
    while end + 1 < last and doc[end].text == "-" and not doc[end - 1].whitespace_ \
            and not doc[end].whitespace_ and doc[end + 1].pos_ == "PROPN":
        end += 2
    return doc[ent.start:end]


def _sentence_ents(sent: Span) -> list[Span]:
    """The named entities of a sentence. `Span.ents` scans every entity of the document on each
    call, which made coding quadratic in article length: the article's entities are grouped by
    sentence once."""
    doc = sent.doc
    index = doc.user_data.get("eventmill_ents")
    if index is None or index[0] != len(doc):
        by_start: dict[int, list[Span]] = {}
        starts = [s.start for s in doc.sents]
        for ent in doc.ents:
            by_start.setdefault(starts[bisect.bisect_right(starts, ent.start) - 1], []).append(ent)
        index = (len(doc), by_start)
        doc.user_data["eventmill_ents"] = index
    return [e for e in index[1].get(sent.start, ()) if e.end <= sent.end]


def _ends_a_name(ent: Span) -> bool:
    """"the Ladies in White", "Reporters in Exile": a name after a preposition that follows a
    proper noun the tagger names nothing (no person, group or place) is the end of a longer
    name, not where anything happened ("Macron in Paris", "the Houthis in Sanaa" are not)."""
    doc = ent.doc
    if ent.start < 2 or doc[ent.start - 1].pos_ != "ADP":
        return False
    before = doc[ent.start - 2]
    return before.pos_ == "PROPN" and before.is_title and not before.ent_type_ and before.i > ent.sent.start

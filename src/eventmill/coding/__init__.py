"""eventmill's spaCy components. Importing this module registers them with spaCy.

The stages run in this order over one article `Doc` (see `STAGES`):
actors -> events -> modality -> dates -> places -> dedupe. `nlp.add_pipe("eventmill")` adds them all as
one component; each is also available on its own (`eventmill_actors`, ...).
"""
from __future__ import annotations

import bisect
import datetime as dt
import re
from collections import Counter

from spacy.language import Language
from spacy.tokens import Doc

from eventmill.coding.actors import ActorResolver, load_lexicon
from eventmill.coding.dates import background, find_date, news_day, present_tense
from eventmill.coding.events import EventFinder, dedupe, load_rules
from eventmill.coding.lexicon import sentence_of
from eventmill.coding.modality import ModalityRules, filter_asserted
from eventmill.coding.patterns import load_patterns
from eventmill.coding.places import dateline_place, find_place, place_counts, story_city
from eventmill.gazetteer import Gazetteer
from eventmill.types import Actor, Event, Place

PLACE_WEIGHT = 3  # a place named as a place says more about where a story is than a name
STAGES = ("eventmill_actors", "eventmill_events", "eventmill_modality", "eventmill_dates",
          "eventmill_places", "eventmill_dedupe")


def _char_offset(doc: Doc, char: int) -> int:
    """Article offset of a character of `doc`. A Doc built from selected sentences carries
    `offsets`: (doc char, article char) at the start of each sentence."""
    offsets = doc._.offsets
    if not offsets:
        return char
    i = bisect.bisect_right(offsets, (char, float("inf"))) - 1
    doc_start, article_start = offsets[max(i, 0)]
    return article_start + (char - doc_start)


for _name, _default in (("article_id", None), ("article_date", None), ("article_text", None),
                        ("offsets", None), ("actors", None), ("coactors", None), ("context", None),
                        ("dateline", None), ("home_city", None), ("events", None),
                        ("dropped", None), ("undated", False)):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=_default)
if not Doc.has_extension("char_offset"):
    Doc.set_extension("char_offset", method=_char_offset)


def _drop(doc: Doc, sentence: str, code: str, reason: str) -> None:
    """Record a candidate event a stage let go, and why (doc._.dropped): `eventmill eval`
    tells misses apart by it."""
    if doc._.dropped is None:
        doc._.dropped = []
    doc._.dropped.append({"sentence": sentence, "code": code, "root": code[:2], "reason": reason})


def _drop_all(doc: Doc, before: list[Event], after: list[Event], reason: str) -> None:
    kept = {id(ev) for ev in after}
    for ev in before:
        if id(ev) not in kept:
            _drop(doc, ev.sentence, ev.code, reason)


def _article_day(doc: Doc) -> dt.date:
    return doc._.article_date or dt.date.today()


def _article_text(doc: Doc) -> str:
    return doc._.article_text if doc._.article_text is not None else doc.text


class ActorsComponent:
    """Resolves every noun phrase of the article to an actor (doc._.actors) and records the
    article's countries of place (doc._.context), dateline place (doc._.dateline) and main
    city (doc._.home_city), which place actors and events."""

    def __init__(self, nlp: Language) -> None:
        self.lexicon = load_lexicon(lambda text: [t.text for t in nlp.tokenizer(text)])

    def __call__(self, doc: Doc) -> Doc:
        gaz = Gazetteer.default()
        context: list[str] = []

        def place_of(sent):  # the country of the place a sentence names, for agents there
            place = find_place(sent, gaz, context)
            return place.country if place is not None else None

        resolver = ActorResolver(self.lexicon, _article_day(doc), place_of)
        named = resolver.named_countries(doc)
        places = place_counts(doc, gaz, [c for c, _ in named.most_common()])
        dateline = dateline_place(_article_text(doc), gaz)
        # The article's own country: agents with no country of their own ("protesters",
        # "police") belong to it. Where its places are weighs most; a dateline may be a
        # foreign bureau ("GENEVA (AP) - ... in Congo"), so the countries it names count too.
        score = Counter({c: PLACE_WEIGHT * n for c, n in places.items()})
        score.update(named)
        if dateline is not None and dateline.country:
            score[dateline.country] += PLACE_WEIGHT
        resolver.home = score.most_common(1)[0][0] if score else None
        context[:] = [c for c, _ in score.most_common()]
        doc._.home_city = story_city(doc, resolver.home, gaz, context) if resolver.home else None
        doc._.actors = resolver.resolve_doc(doc)
        doc._.coactors = resolver.coactors
        doc._.context = context
        doc._.dateline = dateline
        return doc


class EventsComponent:
    """Finds events from the verb/noun patterns of data/verbs.yaml (doc._.events)."""

    def __init__(self, min_confidence: float) -> None:
        self.finder = EventFinder(load_patterns(), load_rules(), min_confidence)

    def __call__(self, doc: Doc) -> Doc:
        if doc._.actors is None:
            raise ValueError("eventmill_events needs eventmill_actors before it in the pipeline")
        doc._.events = self.finder(doc)
        for tok, code, reason in self.finder.unresolved:
            _drop(doc, sentence_of(tok).text, code, reason)
        return doc


class ModalityComponent:
    """Drops events the text does not assert (negated, modal, hypothetical, asked)."""

    def __init__(self) -> None:
        self.rules = ModalityRules.from_data(load_rules())

    def __call__(self, doc: Doc) -> Doc:
        before = doc._.events or []
        doc._.events = filter_asserted(before, doc, self.rules)
        _drop_all(doc, before, doc._.events, "negation or modality")
        return doc


class DatesComponent:
    """Dates each event from its sentence, else from the article's news day; drops background
    ("the US-led invasion of 2003", "have killed 143 since March", a date weeks before the
    article): only the current news cycle is coded."""

    def __init__(self) -> None:
        rules = load_rules()
        self.markers = frozenset(rules["background_markers"])
        self.stale = dt.timedelta(days=rules["stale_days"])

    def __call__(self, doc: Doc) -> Doc:
        day = _article_day(doc)
        anchor = news_day(_lead_sentences(_article_text(doc)), day)
        kept = []
        dated = not doc._.undated  # an undated text has no news cycle to fall out of
        for ev in doc._.events or []:
            if background(doc[ev.extra["trigger"]], day, self.markers, years=dated):
                _drop(doc, ev.sentence, ev.code, "background")
                continue
            # what the text tells in the present ("is denouncing", "says") happens on the
            # article's day, not on the day its lede dates
            ev.date = find_date(ev.sentence, day) or (
                day if present_tense(doc[ev.extra["trigger"]]) else anchor)
            if dated and ev.date < day - self.stale:
                _drop(doc, ev.sentence, ev.code, "before the news cycle")
                continue
            kept.append(ev)
        doc._.events = kept
        return doc


class PlacesComponent:
    """Locates each event at the place its clause (or a clause joined to it) names; a
    statement with none where the government that made it sits ("Islamabad summoned ...");
    else at the article's dateline (for a statement, only one of the dateline's country or an
    international body); else, for a physical event (protest, force) among the article's own
    country's actors, in the city the article names most, or that country; else at a place
    another clause of its sentence names; else, for a state's force on its own people, in
    that state."""

    def __init__(self) -> None:
        rules = load_rules()
        self.physical = frozenset(rules["physical_roots"])
        self.ground = rules["on_the_ground"]

    def __call__(self, doc: Doc) -> Doc:
        gaz = Gazetteer.default()
        context = doc._.context or []
        dateline = doc._.dateline
        home = doc._.home_city or (gaz.country(context[0]) if context else None)
        for ev in doc._.events or []:
            trigger = doc[ev.extra["trigger"]]
            physical = ev.root in self.physical or (
                ev.source.role in self.ground["sources"] and ev.target is not None
                and ev.target.role in self.ground["targets"] and ev.target.country == ev.source.country)
            place = (find_place(sentence_of(trigger), gaz, context, strict=not physical,
                                loose=physical, trigger=trigger, nearby=True)
                     or (None if physical or ev.extra.get("speech") else _seat(ev.source, gaz)))
            if place is None and dateline is not None and (
                    physical or ev.source.country in (dateline.country, "IGO", "NGO")):
                # A bureau's dateline is where its own country's statements (and those of
                # international bodies) were made, not those of a foreign government it
                # reports ("LONDON - Russia said ...").
                place = dateline
            if place is None and home is not None and physical and home.country in (
                    ev.source.country, ev.target.country if ev.target else None):
                place = home
            if place is None and physical:
                # a place of another clause of the sentence, before guessing from the actors
                place = find_place(sentence_of(trigger), gaz, context, loose=True, trigger=trigger)
            if place is None and physical and ev.target is not None \
                    and ev.source.country == ev.target.country:
                # a state's force against its own people happens at home ("47 people
                # executed by the Saudi government" in a story from Tehran)
                place = gaz.country(ev.source.country) if ev.source.country else None
            ev.location = place
            if (physical and place is not None and place.country and place.country != ev.source.country
                    and ev.extra.get("target_from") in (None, "sentence")):
                # "Israel resumed air strikes in the Gaza Strip": force used abroad with no
                # party named is aimed at the country where it lands.
                ev.target = Actor(place.name, place.country, "")
        return doc


def _seat(actor: Actor, gaz: Gazetteer) -> Place | None:
    """A government named by its city ("Islamabad summoned an Indian diplomat", "Riyadh
    recalled its ambassador") acts there."""
    if not actor.text or actor.role not in ("", "GOV"):
        return None
    place = gaz.resolve(actor.text, [actor.country] if actor.country else [])
    if place is not None and place.precision == "city" and place.country == actor.country:
        return place
    return None


def _lead_sentences(text: str, n: int = 6) -> list[str]:
    """Rough first sentences of an article (for its news day), without parsing it."""
    parts = re.split(r"(?<=[.!?])\s+(?=[A-Z\"“])", text.strip(), maxsplit=n)
    return parts[:n]


class DedupeComponent:
    """Keeps complete events (a target wherever the root needs one), once per root between
    two countries within a day in an article, at its first statement (see `dedupe`); gives
    each its stable id."""

    def __init__(self) -> None:
        self.untargeted = frozenset(load_rules()["untargeted_roots"])

    def __call__(self, doc: Doc) -> Doc:
        events = doc._.events or []
        complete = [ev for ev in events
                    if ev.target is not None or ev.root in self.untargeted or ev.root == "01"]
        _drop_all(doc, events, complete, "no target")
        doc._.events = dedupe(complete)
        _drop_all(doc, complete, doc._.events, "duplicate")
        return doc


class EventmillComponent:
    """All eventmill stages as one component, in pipeline order."""

    def __init__(self, nlp: Language, min_confidence: float) -> None:
        self.stages = [ActorsComponent(nlp), EventsComponent(min_confidence), ModalityComponent(),
                       DatesComponent(), PlacesComponent(), DedupeComponent()]

    def __call__(self, doc: Doc) -> Doc:
        for stage in self.stages:
            doc = stage(doc)
        return doc


@Language.factory("eventmill_actors")
def make_actors(nlp: Language, name: str) -> ActorsComponent:
    return ActorsComponent(nlp)


@Language.factory("eventmill_events", default_config={"min_confidence": 0.0})
def make_events(nlp: Language, name: str, min_confidence: float) -> EventsComponent:
    return EventsComponent(min_confidence)


@Language.factory("eventmill_modality")
def make_modality(nlp: Language, name: str) -> ModalityComponent:
    return ModalityComponent()


@Language.factory("eventmill_dates")
def make_dates(nlp: Language, name: str) -> DatesComponent:
    return DatesComponent()


@Language.factory("eventmill_places")
def make_places(nlp: Language, name: str) -> PlacesComponent:
    return PlacesComponent()


@Language.factory("eventmill_dedupe")
def make_dedupe(nlp: Language, name: str) -> DedupeComponent:
    return DedupeComponent()


@Language.factory("eventmill", default_config={"min_confidence": 0.0})
def make_eventmill(nlp: Language, name: str, min_confidence: float) -> EventmillComponent:
    return EventmillComponent(nlp, min_confidence)

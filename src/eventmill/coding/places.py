"""The places stage: where each event happened (event.location), from the place its clause
names, the seat of a government named by its city, the article's dateline, the story's main
city, or the country of a state's force on its own people. Force used abroad with no party
named is aimed at the country where it lands (event.target)."""
from __future__ import annotations

from spacy.tokens import Doc, Token

from eventmill.coding.geography import Geography
from eventmill.coding.lexicon import sentence_of
from eventmill.coding.settings import PlacesSettings
from eventmill.types import Actor, Event, Place


class PlacesComponent:
    """Locates each event, in this order: the place its clause (or a clause joined to it) names;
    a statement with none where the government that made it sits ("Islamabad summoned ...");
    the article's dateline (for a statement, only one of the dateline's country or an
    international body); for a physical event (protest, force) among the article's own
    country's actors, the city the article names most, or that country; a place another clause
    of its sentence names; for a state's force on its own people, that state."""

    def __init__(self, rules: PlacesSettings, geography: Geography) -> None:
        self.physical = rules.physical_roots
        self.ground = rules.on_the_ground
        self.bureau_speakers = rules.bureau_speakers
        self.geography = geography

    def __call__(self, doc: Doc) -> Doc:
        context = doc._.context or []
        home = doc._.home_city or (self.geography.gazetteer.country(context[0]) if context else None)
        for ev in doc._.events or []:
            trigger = doc[ev.extra["trigger"]]
            physical = self._physical(ev)
            ev.location = self._place(ev, trigger, physical, context, doc._.dateline, home)
            place = ev.location
            if (physical and place is not None and place.country and place.country != ev.source.country
                    and ev.extra.get("target_from") in (None, "sentence")):
                # "Israel resumed air strikes in the Gaza Strip": force used abroad with no
                # party named is aimed at the country where it lands.
                ev.target = Actor(place.name, place.country, "")
        return doc

    def _physical(self, ev: Event) -> bool:
        """A physical event, or police or troops ordering a crowd of their own country."""
        return ev.root in self.physical or (
            ev.source.role in self.ground.sources and ev.target is not None
            and ev.target.role in self.ground.targets and ev.target.country == ev.source.country)

    def _place(self, ev: Event, trigger: Token, physical: bool, context: list[str],
               dateline: Place | None, home: Place | None) -> Place | None:
        geo = self.geography
        sent = sentence_of(trigger)
        place = (geo.find_place(sent, context, strict=not physical, loose=physical, trigger=trigger,
                                nearby=True)
                 or (None if physical or ev.extra.get("speech") else self._seat(ev.source)))
        if place is None and dateline is not None and (
                physical or ev.source.country == dateline.country
                or ev.source.country in self.bureau_speakers):
            # A bureau's dateline is where its own country's statements (and those of
            # international bodies) were made, not those of a foreign government it reports
            # ("LONDON - Russia said ...").
            place = dateline
        if place is None and home is not None and physical and home.country in (
                ev.source.country, ev.target.country if ev.target else None):
            place = home
        if place is None and physical:
            # a place of another clause of the sentence, before guessing from the actors
            place = geo.find_place(sent, context, loose=True, trigger=trigger)
        if place is None and physical and ev.target is not None and ev.source.country == ev.target.country:
            # a state's force against its own people happens at home ("47 people executed by
            # the Saudi government" in a story from Tehran)
            place = geo.gazetteer.country(ev.source.country) if ev.source.country else None
        return place

    def _seat(self, actor: Actor) -> Place | None:
        """A government named by its city ("Islamabad summoned an Indian diplomat", "Riyadh
        recalled its ambassador") acts there."""
        if not actor.text or actor.role not in ("", "GOV"):
            return None
        place = self.geography.gazetteer.resolve(actor.text, [actor.country] if actor.country else [])
        if place is not None and place.precision == "city" and place.country == actor.country:
            return place
        return None

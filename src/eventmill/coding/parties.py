"""The parties of an event in the parse: which actor a phrase stands for, the actors of a
coordinated phrase, who speaks, and which actors of a sentence are no party to its event.
Used by the events stage and its target search over the actors the actors stage resolved."""
from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Token

from eventmill.coding.geography import Geography
from eventmill.coding.grammar import conjuncts, subject_of
from eventmill.coding.lexicon import entity_text, reporting_verb, sentence_of
from eventmill.coding.patterns import pobj_of
from eventmill.coding.settings import EventsSettings, LanguageSettings
from eventmill.types import Actor

Actors = dict[int, Actor]


class Parties:
    """Reads actors out of phrases, given the article's resolved actors (token index -> actor)."""

    def __init__(self, rules: EventsSettings, language: LanguageSettings, geography: Geography) -> None:
        self.rules = rules
        self.language = language
        self.geography = geography

    def subject(self, verb: Token) -> Token | None:
        return subject_of(verb, self.rules.document_nouns, self.language.object_control_preps)

    def actor(self, tok: Token | None, actors: Actors, deep: bool = True) -> Actor | None:
        """The actor a phrase stands for; for a target whose head is no actor ("the attempts to
        breach the embassy", "the killing of a US contractor"), the nearest actor inside it."""
        found = self.actor_at(tok, actors, deep)
        return found[1] if found is not None else None

    def actor_at(self, tok: Token | None, actors: Actors, deep: bool = True) -> tuple[Token, Actor] | None:
        """The token that names the actor of a phrase, with its actor."""
        if tok is None:
            return None
        actor = actors.get(tok.i) or self._place_actor(tok)
        if actor is not None:
            return tok, actor
        if (whole := self._partitive_whole(tok)) is not None:
            return self.actor_at(whole, actors, deep)  # "two of its soldiers were killed"
        if not deep and tok.ent_type_ == "PERSON":
            # "Abdul-Qader al-Murtada, head of the Houthis' prisoner committee, urged ...": a
            # person unknown by name is who the appositive says
            appos = next((c for c in tok.children if c.dep_ == "appos"), None)
            found = self.actor_at(appos, actors) if appos is not None else None
            if found is None:
                return None
            name = entity_text(tok)
            return tok, replace(found[1], text=name, name=name)
        frontier = [tok]
        for _ in range(4 if deep else 0):
            frontier = [c for t in frontier for c in t.children
                        if c.dep_ in ("prep", "pobj", "acl", "dobj", "relcl", "appos", "poss", "conj")
                        and not (c.dep_ == "prep" and c.lower_ in self.rules.aside_preps)]
            found = next((c for c in frontier if c.i in actors), None)
            if found is not None:
                return found, actors[found.i]
            place = next(((c, p) for c in frontier if (p := self._place_actor(c)) is not None), None)
            if place is not None:
                return place
        return None

    def _partitive_whole(self, tok: Token) -> Token | None:
        """The group a count or part names ("two of its soldiers", "members of the group")."""
        if not (tok.like_num or tok.lemma_.lower() in self.rules.partitive_heads):
            return None
        return next((o for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"
                     and (o := pobj_of(c)) is not None), None)

    def _place_actor(self, tok: Token) -> Actor | None:
        """"shelled Kharkiv", "visited Jakarta", "a visit to Lahore", "seized control of the port
        city of Aden": a city that is what an act is done to, or where it goes, stands for its
        country."""
        named = tok.dep_ in ("dobj", "nsubjpass") or (tok.dep_ == "pobj" and tok.head.lower_ in ("of", "to"))
        if tok.ent_type_ not in ("GPE", "LOC") or not named:
            return None
        place = self.geography.resolve(entity_text(tok), tok.doc._.context or [])
        return Actor(place.name, place.country, "") if place is not None and place.country else None

    def place_within(self, tok: Token) -> tuple[Token, Actor] | None:
        """The first place a phrase names, as its country ("a ceasefire in eastern Ukraine")."""
        for t in tok.subtree:
            if t.ent_type_ in ("GPE", "LOC") and t.i != tok.i:
                place = self.geography.resolve(entity_text(t), tok.doc._.context or [])
                if place is not None and place.country:
                    return t, Actor(place.name, place.country, "", guessed=True)
        return None

    def group(self, tok: Token | None, actors: Actors, deep: bool = True) -> list[tuple[Token, Actor]]:
        """Actors of a phrase and its conjuncts, one per distinct country and role."""
        if tok is None:
            return []
        if len(owners := self._owners(tok, actors)) > 1:
            return owners
        out: list[tuple[Token, Actor]] = []
        seen = set()
        coactors = tok.doc._.coactors or {}
        if tok.i not in actors and (inner := self.actor_at(tok, actors, deep)) is not None \
                and inner[0].i != tok.i and not any(c.dep_ == "conj" for c in tok.children):
            tok = inner[0]  # "broke off relations with Congo and Costa Rica": both countries
        for t in [*conjuncts(tok), *self._companions(tok, actors)]:
            actor = self.actor(t, actors, deep)
            for a in [actor, *coactors.get(t.i, ())] if actor is not None else ():
                if (a.country, a.role) not in seen:
                    seen.add((a.country, a.role))
                    out.append((t, a))
        return out

    def _companions(self, tok: Token, actors: Actors) -> list[Token]:
        """Parties a phrase adds to its head other than by "and": "Saudi Arabia, along with
        Egypt", "Britain, together with France", and a country misread as an appositive of
        another ("Saudi Arabia, the UAE and Bahrain")."""
        out = []
        for c in tok.children:
            if c.dep_ == "appos" and c.ent_type_ == "GPE" and tok.ent_type_ == "GPE" \
                    and (a := actors.get(c.i)) is not None and (h := actors.get(tok.i)) is not None \
                    and a.country != h.country:
                out += conjuncts(c)
            elif (o := self._companion(c)) is not None:
                out += conjuncts(o)
        return out

    def _companion(self, prep: Token) -> Token | None:
        """The companion a preposition adds, as the parser hangs it: "along" -> "with" -> Egypt,
        "alongside" -> Iran, "with" (modified by "together") -> France."""
        words = self.rules.companion_preps
        if prep.dep_ != "prep":
            return None
        if prep.lower_ in words:
            return pobj_of(next((w for w in prep.children if w.dep_ == "prep" and w.lower_ == "with"), prep))
        if prep.lower_ == "with" and any(a.dep_ == "advmod" and a.lower_ in words for a in prep.children):
            return pobj_of(prep)
        return None

    def _owners(self, tok: Token, actors: Actors) -> list[tuple[Token, Actor]]:
        """"the foreign ministers of Japan and South Korea", "the leaders of the United States,
        Canada and Mexico", "the leaders of Hamas and Fatah", "envoys from Ghana and Togo":
        people of several parties named by one plural noun, one party each, in the party's
        role, else in the noun's."""
        head = actors.get(tok.i)
        of = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ in self.rules.members_preps), None)
        if tok.tag_ != "NNS" or of is None or (pobj := pobj_of(of)) is None \
                or any(c.pos_ == "PROPN" or c.ent_type_ in ("ORG", "NORP", "GPE") for c in tok.lefts):
            return []  # ("AU troops from Kenya and Uganda": the party named on the noun is theirs)
        out = []
        for t in conjuncts(pobj):
            owner = actors.get(t.i)
            if owner is not None and owner.country:
                role = owner.role or (head.role if head is not None else "")
                name = entity_text(t) if t.ent_type_ else t.text
                out.append((t, Actor(f"{tok.text} of {name}", owner.country, role)))
        return out

    def speaker(self, tok: Token) -> Token | None:
        """Subject of the speech verb that reports the clause holding `tok`."""
        verb = reporting_verb(tok, self.language.speech_verbs)
        return self.subject(verb) if verb is not None else None

    def owner(self, obj: Token | None, doer: Actor | None, actors: Actors) -> Token | None:
        """The actor a thing belongs to: named before it or by its `from`/`by` phrase."""
        if obj is None or self.actor(obj, actors, deep=False) is not None:
            return None
        owners = [o for c in obj.children if c.dep_ == "prep" and c.lower_ in self.rules.owner_preps
                  and (o := pobj_of(c)) is not None]
        owners += [c for c in obj.lefts if c.dep_ in ("compound", "amod", "nmod")
                   and c.ent_type_ in ("NORP", "GPE", "ORG")]
        return next((o for o in owners if (a := self.actor(o, actors)) is not None
                     and (doer is None or a.country != doer.country)), None)

    @staticmethod
    def recipient(verb: Token, obj: Token) -> Token | None:
        """Who receives what a verb hands over: the object of "to"/"for" on the verb or on
        the object ("sent its troops to Lebanon", "gave its support for Ukraine")."""
        return next((o for head in (verb, obj) for c in head.children
                     if c.dep_ in ("prep", "dative") and c.lower_ in ("to", "for")
                     and (o := pobj_of(c)) is not None), None)

    def other_party(self, trigger: Token, source: Token | None, actors: Actors,
                    foreign_to: str | None = None) -> tuple[Token, Actor] | None:
        """The nearest actor of the sentence, outside the source's phrase, that is a clause's
        subject or object (and, with `foreign_to`, of another country than that one)."""
        skip = {t.i for t in source.subtree} if source is not None else set()
        cands = [t for t in sentence_of(trigger) if t.i in actors and t.i not in skip
                 and t.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj") and not self.reporter(t)
                 and not (t.dep_ == "pobj" and t.head.lower_ in self.language.locative_preps)
                 and not self.own_weapon(t, actors) and not self.aside(t, trigger)
                 and (foreign_to is None or actors[t.i].country not in (None, foreign_to))]
        if not cands:
            return None  # ("In Islamabad, ...": a place, not a party)
        best = min(cands, key=lambda t: abs(t.i - trigger.i))
        src = actors.get(source.i) if source is not None else None
        if src is not None and (actors[best.i].country, actors[best.i].role) == (src.country, src.role):
            return None  # "Civil Guards ... told police to block": the doer's kin, not its target
        return best, actors[best.i]

    def aside(self, tok: Token, trigger: Token) -> bool:
        """Is `tok` inside a phrase on the trigger that tells another act, as its cause or
        time ("reimposed blockades following the deaths of two Israelis")?"""
        return any(a.dep_ == "prep" and a.lower_ in self.rules.aside_preps and a.head.i == trigger.i
                   for a in tok.ancestors)

    def own_weapon(self, tok: Token, actors: Actors) -> bool:
        """"test-fired a missile": a weapon of no stated country is the doer's own, what the
        act is done with (but "shot down an Iranian drone" names whom it hit)."""
        actor = actors.get(tok.i)
        return tok.lemma_.lower() in self.rules.instrument_nouns and (actor is None or actor.guessed)

    def reporter(self, tok: Token) -> bool:
        """Who tells of an event ("officials said", "according to a spokesman") is not its
        other party."""
        head = tok.head
        if tok.dep_ == "nsubj" and head.lemma_.lower() in self.language.speech_verbs:
            return True
        return tok.dep_ == "pobj" and head.lower_ == "to" and head.head.lower_ == "according"

    def one_side(self, a: Actor, b: Actor) -> bool:
        """"Between the terrorists and the Kenyan police and military": one country's state
        forces named together are one side, not two parties fighting each other."""
        return a.country == b.country and a.role in self.rules.state_roles and b.role in self.rules.state_roles

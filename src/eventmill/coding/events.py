"""Event detection: verb and noun patterns on the parse, with source and target actors."""
from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import replace
from collections.abc import Iterator

from spacy.tokens import Doc, Span, Token

from eventmill.cameo import lookup
from eventmill.coding.lexicon import entity_text, own_subject, reporting_verb, sentence_of
from eventmill.coding.patterns import Pattern, PatternSet, phrase_matches, pobj_of
from eventmill.coding.places import LOCATIVE_PREPS
from eventmill.gazetteer import Gazetteer
from eventmill.resources import load_yaml
from eventmill.types import Actor, Event

SUBJECT_DEPS = ("nsubj", "csubj", "expl")


def conjuncts(tok: Token) -> list[Token]:
    """A token and the tokens coordinated with it ("A and B", "A, B and C")."""
    out = [tok]
    stack = [c for c in tok.children if c.dep_ == "conj"]
    while stack:
        t = stack.pop(0)
        out.append(t)
        stack.extend(c for c in t.children if c.dep_ == "conj")
    return out


def is_passive(verb: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)


def agent_of(verb: Token) -> Token | None:
    """The `by` phrase of a passive verb (not "shortened by one hour", a measure on an active
    verb with a subject of its own)."""
    if any(c.dep_ == "nsubj" for c in verb.children):
        return None
    for c in verb.children:
        if c.dep_ == "agent":
            return pobj_of(c)
    return None


def subject_of(verb: Token, depth: int = 0) -> Token | None:
    """The doer of a verb: its subject, passive agent, or the subject it shares with its head."""
    if depth > 4:
        return None
    agent = agent_of(verb)  # "people executed by the government": a participle has no auxpass
    if agent is not None or is_passive(verb):
        return agent
    subjects = [c for c in verb.children if c.dep_ in SUBJECT_DEPS]
    if subjects:
        # two subjects is a misparse ("A proposal unraveled, after Hamas continued to fire"):
        # the one next to the verb is its own
        return own_subject(min(subjects, key=lambda c: abs(verb.i - c.i)))
    head = verb.head
    if head.i == verb.i:
        return None
    if verb.dep_ == "conj":
        return subject_of(head, depth + 1)
    if verb.dep_ in ("xcomp", "advcl", "acomp"):  # "is ready to attack": the subject of "is"
        return subject_of(head, depth + 1)
    if verb.dep_ in ("acl", "relcl") and verb.tag_ in ("VBG", "VBD", "VBZ", "VBP"):
        if verb.tag_ == "VBG" and head.lemma_.lower() in DOCUMENT_NOUNS and head.head.i != head.i \
                and head.dep_ in ("dobj", "pobj"):
            # "issued a declaration demanding ...": the issuer speaks through it
            return subject_of(head.head, depth + 1)
        return head  # "militiamen protesting against ...", "forces that attacked ..."
    return None


def _owned(tok: Token) -> bool:
    """"its troops", "their ambassador": the doer's own people are no target of its act."""
    return any(c.dep_ == "poss" and c.pos_ == "PRON" for c in tok.children)


STATE_ROLES = frozenset({"GOV", "MIL", "COP", "SPY"})
DOCUMENT_NOUNS = frozenset(load_yaml("rules.yaml")["document_nouns"])


def _one_side(a: Actor, b: Actor) -> bool:
    """"Between the terrorists and the Kenyan police and military": one country's state
    forces named together are one side, not two parties fighting each other."""
    return a.country == b.country and a.role in STATE_ROLES and b.role in STATE_ROLES


def object_of(verb: Token) -> Token | None:
    for c in verb.children:
        if c.dep_ == ("nsubjpass" if is_passive(verb) else "dobj"):
            return c
    if verb.dep_ == "acl" and verb.tag_ == "VBN":
        return verb.head  # "bases hit by the strikes"
    if not is_passive(verb):
        # "condemn and reject the actions": coordinated verbs share the last one's object
        for c in verb.children:
            if c.dep_ == "conj" and c.pos_ == "VERB" and c.i > verb.i and not any(
                    d.dep_ in ("nsubj", "nsubjpass") for d in c.children):
                return object_of(c)
    return None


class EventFinder:
    """Turns pattern matches of one article Doc into Events, in reading order."""

    def __init__(self, patterns: PatternSet, rules: dict, min_confidence: float = 0.0) -> None:
        self.patterns = patterns
        self.speech_verbs = frozenset(rules["speech_verbs"])
        self.reply_nouns = set(rules["reply_nouns"])
        self.light_verbs = set(rules["light_verbs"])
        self.target_preps = tuple(rules["target_preps"])
        self.patient_roots = set(rules["patient_is_source_roots"])
        self.channel_roots = set(rules["channel_roots"])
        self.crowd_roots = set(rules["crowd_control_roots"])
        self.unaimed = set(rules["unaimed_codes"])
        self.dyad_roots = set(rules["dyad_roots"])
        self.mutual_roots = set(rules["mutual_roots"])
        self.obligation_aux = frozenset(rules["stated"]["obligation_aux"])
        # A stand-in pattern for demands found by their modal verb rather than a trigger word.
        self.demand_pattern = Pattern(code=rules["stated"]["obligation_code"], head="must", mods=(),
                                      pos="VERB", particle=None, prep=(), object=(), pobj=(),
                                      target="dobj", symmetric=False, speech=True,
                                      intransitive=False, source="", order=-1)
        verdicts = rules["verdicts"]
        self.verdict_copulas = frozenset(verdicts["copulas"])
        self.verdict_words = tuple(verdicts["words"])
        # stand-ins for verdicts found by their predicate: on a claim, on an act
        self.verdict_patterns = {kind: replace(self.demand_pattern, code=verdicts[kind], head="be",
                                               target="")
                                 for kind in ("on_claim", "on_act")}
        official = rules["official_protest"]
        self.official = (set(official["roots"]), set(official["roles"]), official["code"])
        self.one_sided = rules["one_sided_force"]
        self.armed_protest = rules["armed_protest"]
        self.crowd_coercion = rules["crowd_coercion"]
        self.security_blocking = rules["security_blocking"]
        self.domestic_repression = rules["domestic_repression"]
        self.instruments = frozenset(rules["instrument_nouns"])
        self.aside_preps = frozenset(rules["aside_preps"])
        self.visits = rules["visits"]
        self.peaceful_purposes = frozenset(rules["peaceful_purposes"])
        self.force_roots = frozenset(rules["force_roots"])
        self.audiences = frozenset(rules["audience_nouns"])
        self.partner_roots = frozenset(rules["partner_roots"])
        self.stative = frozenset(rules["stative_participles"])
        self.clause_preps = (*self.target_preps, "with", "to", "for")
        self.min_confidence = min_confidence
        self.unresolved: list[tuple[Token, str, str]] = []
        self.outcomes: dict[int, str] = {}

    def __call__(self, doc: Doc) -> list[Event]:
        actors: dict[int, Actor] = doc._.actors or {}
        found = [(tok, *m) for tok in doc if (m := self.patterns.match(tok)) is not None]
        # A noun that a verb pattern names as its object is part of that event, not a second
        # one: "lodged a protest" is one complaint, not also a demonstration.
        consumed: set[int] = set()
        for tok, pattern, preps in found:
            if pattern.pos == "VERB":
                if pattern.object:
                    consumed.update(c.i for c in self.patterns.constraint_objects(tok, pattern))
                # (but "18 people were killed in clashes between troops and rebels" names no
                # doer for its verb: the clashes are the event)
                if pattern.pobj and not (is_passive(tok) and subject_of(tok) is None):
                    consumed.update(o.i for pr in preps if (o := pobj_of(pr)) is not None)
        events: list[Event] = []
        # triggers that gave no event, and why: a diagnosis for `eventmill eval`
        self.unresolved = []
        matched = {tok.i: (pattern, preps) for tok, pattern, preps in found}
        # participles that tell an act's outcome, folded into it: trigger -> outcome code
        folded = {t.i for t, _, _ in found if self._outcome(t, matched)}
        self.outcomes = {doc[i].head.i: matched[i][0].code for i in folded}
        for tok in doc:
            if tok.i in matched:
                pattern, preps = matched[tok.i]
                if (pattern.pos == "NOUN" and tok.i in consumed) or tok.i in folded:
                    continue
                new = list(self._events_for(doc, tok, pattern, preps, actors, events))
                if not new:
                    self.unresolved.append((tok, pattern.code, "no actor"))
                elif all(e.confidence < self.min_confidence for e in new):
                    self.unresolved.append((tok, pattern.code, "low confidence"))
                events.extend(e for e in new if e.confidence >= self.min_confidence)
            else:
                events.extend(e for e in self._obligation(doc, tok, actors)
                              if e.confidence >= self.min_confidence)
                events.extend(e for e in self._verdict(doc, tok, actors, events)
                              if e.confidence >= self.min_confidence)
        return events

    def _outcome(self, tok: Token, matched: dict) -> bool:
        """"ambushed a police convoy, killing 13 officers": a participle telling what an act of
        force did is that act's outcome, not a second event."""
        head = tok.head
        return (tok.tag_ == "VBG" and tok.dep_ in ("advcl", "xcomp", "conj") and head.i in matched
                and matched[head.i][0].code[:2] in self.force_roots
                and matched[tok.i][0].code[:2] in self.force_roots)

    def _obligation(self, doc: Doc, verb: Token, actors: dict[int, Actor]) -> list[Event]:
        """"Russia said Sudan must return the helicopter": what a speaker says another party
        must do is a demand on that party, whatever the verb (triggers are handled by the
        modality stage, which turns their stated futures into statements)."""
        if verb.pos_ not in ("VERB", "AUX") or not any(
                c.dep_ == "aux" and c.lower_ in self.obligation_aux for c in verb.children):
            return []
        speaker_tok = self._speaker(verb)
        subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        source = actors.get(speaker_tok.i) if speaker_tok is not None else None
        if source is None:
            return []
        pattern = self.demand_pattern
        # "US and British forces must ensure ...": a demand on each
        return [self._event(doc, verb, pattern, source, target, sentence_of(verb),
                            self._confidence(pattern, source, target, "clause"), "clause")
                for _, target in self._group(subject, actors, deep=False)
                if (source.country, source.role) != (target.country, target.role)]

    def _verdict(self, doc: Doc, word: Token, actors: dict[int, Actor],
                 earlier: list[Event]) -> list[Event]:
        """"Lavrov said the allegations were unacceptable", "Riyadh said that amounted to
        interference": a speaker's verdict on a claim rejects it, on an act disapproves of it,
        aimed at whoever made the claim or did the act."""
        if word.pos_ not in ("ADJ", "NOUN") or not any(phrase_matches(word, w) for w in self.verdict_words):
            return []
        cop = word.head
        if word.dep_ == "pobj" and cop.lower_ == "to":
            cop = cop.head  # "amounted to interference"
        elif word.dep_ not in ("acomp", "attr"):
            return []
        if cop.lemma_.lower() not in self.verdict_copulas or any(c.dep_ == "neg" for c in cop.children):
            return []
        speaker_tok = self._speaker(cop)
        source = actors.get(speaker_tok.i) if speaker_tok is not None else None
        subject = next((c for c in cop.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if source is None or subject is None:
            return []
        claim = subject.lemma_.lower() in self.reply_nouns
        if claim:
            target = self._replied_to(source, earlier)
        elif subject.lower_ in ("that", "this", "it"):
            target = self._counterpart(source, earlier)
        else:
            target = self._doer_of(subject, earlier) or self._actor(subject, actors)
        if target is None or (target.country, target.role) == (source.country, source.role):
            return []
        pattern = self.verdict_patterns["on_claim" if claim else "on_act"]
        return [self._event(doc, word, pattern, source, target, sentence_of(word),
                            self._confidence(pattern, source, target, "reply"), "reply")]

    # -- actors of one trigger -------------------------------------------------------------
    def _actor(self, tok: Token | None, actors: dict[int, Actor], deep: bool = True) -> Actor | None:
        """The actor a phrase stands for; for a target whose head is no actor ("the attempts to
        breach the embassy", "the killing of a US contractor"), the nearest actor inside it."""
        found = self._actor_at(tok, actors, deep)
        return found[1] if found is not None else None

    def _actor_at(self, tok: Token | None, actors: dict[int, Actor], deep: bool = True,
                  ) -> tuple[Token, Actor] | None:
        """The token that names the actor of a phrase, with its actor."""
        if tok is None:
            return None
        actor = actors.get(tok.i) or self._place_actor(tok)
        if actor is not None:
            return tok, actor
        frontier = [tok]
        for _ in range(4 if deep else 0):
            frontier = [c for t in frontier for c in t.children
                        if c.dep_ in ("prep", "pobj", "acl", "dobj", "relcl", "appos", "poss", "conj")
                        and not (c.dep_ == "prep" and c.lower_ in self.aside_preps)]
            found = next((c for c in frontier if c.i in actors), None)
            if found is not None:
                return found, actors[found.i]
        return None

    @staticmethod
    def _place_actor(tok: Token) -> Actor | None:
        """"shelled Kharkiv", "visited Jakarta": a city that is what an act is done to stands
        for its country."""
        if tok.ent_type_ not in ("GPE", "LOC") or tok.dep_ not in ("dobj", "nsubjpass"):
            return None
        place = Gazetteer.default().resolve(entity_text(tok), tok.doc._.context or [])
        return Actor(place.name, place.country, "") if place is not None and place.country else None

    def _group(self, tok: Token | None, actors: dict[int, Actor], deep: bool = True,
               ) -> list[tuple[Token, Actor]]:
        """Actors of a phrase and its conjuncts, one per distinct country and role."""
        if tok is None:
            return []
        out: list[tuple[Token, Actor]] = []
        seen = set()
        coactors = tok.doc._.coactors or {}
        if tok.i not in actors and (inner := self._actor_at(tok, actors, deep)) is not None \
                and inner[0].i != tok.i and not any(c.dep_ == "conj" for c in tok.children):
            tok = inner[0]  # "broke off relations with Congo and Costa Rica": both countries
        for t in conjuncts(tok):
            actor = self._actor(t, actors, deep)
            for a in [actor, *coactors.get(t.i, ())] if actor is not None else ():
                if (a.country, a.role) not in seen:
                    seen.add((a.country, a.role))
                    out.append((t, a))
        return out

    def _speaker(self, tok: Token) -> Token | None:
        """Subject of the speech verb that reports the clause holding `tok`."""
        verb = reporting_verb(tok, self.speech_verbs)
        return subject_of(verb) if verb is not None else None

    def _source_target(self, tok: Token, pattern: Pattern, preps: list[Token],
                       actors: dict[int, Actor]) -> tuple[Token | None, Token | None, str]:
        """Source and target tokens of a trigger, and how the target was found."""
        where = pattern.target_source()
        target = None
        how = "pattern"
        # of several fitting prepositions ("strikes on Sunday on militia bases"), the one
        # whose object is an actor
        objs = [o for pr in preps if (o := pobj_of(pr)) is not None]
        pobj = next((o for o in objs if self._actor(o, actors) is not None), objs[0] if objs else None)
        if pattern.source:
            # "peacekeepers came under attack from an armed group": the doer is named by a
            # preposition, on the verb or on what it governs, and the subject suffers the act
            heads = [tok, *objs]
            doer = next((o for head in heads for c in head.children
                         if c.dep_ == "prep" and c.lower_ == pattern.source
                         and (o := pobj_of(c)) is not None), None)
            return doer, subject_of(tok), "pattern"
        if pattern.pos == "NOUN":
            source = self._noun_source(tok, pattern)
        elif pattern.speech:
            source = self._speaker(tok)
        else:
            source = subject_of(tok)
            if source is None and is_passive(tok) and tok.lemma_.lower() in self.stative:
                # "Israel is opposed to French mediation", "forces were engaged in ethnic
                # cleansing": a state, not a passive; its subject is the doer
                source = next((c for c in tok.children if c.dep_ == "nsubjpass"), None)
            if source is None and is_passive(tok) and pattern.code[:2] in self.patient_roots:
                return object_of(tok), None, "patient"
        if where == "dobj" or pattern.speech:
            target = object_of(tok) if pattern.pos != "NOUN" else None
            if target is not None and _owned(target):
                # "offered its troops to Lebanon": its own troops are what it gives, not to whom
                target = self._recipient(tok, target)
            if target is None:
                target = pobj
            if target is None and pattern.pos == "VERB":
                # "asked that protesters gather", "warned that any gathering would be
                # dispersed": the subject of the `that` clause is who is addressed
                clause = next((c for c in tok.children if c.dep_ == "ccomp" and any(
                    m.dep_ == "mark" and m.lower_ == "that" for m in c.children)), None)
                target = next((c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")),
                              None) if clause is not None else None
        elif where == "prep":
            target = pobj
            if target is None and pattern.object:
                # "released the journalists", "expelled 23 diplomats": with no one named by a
                # preposition, an object that is an actor is the target
                target = next((o for o in self.patterns.constraint_objects(tok, pattern)
                               if self._actor(o, actors, deep=False) and not _owned(o)
                               and not self._own_weapon(o, actors)), None)
        if target is None and where != "none":
            # "gave Tanzania a grant": the indirect object is who receives the act
            target = next((c for c in tok.children if c.dep_ == "dative" and c.pos_ != "ADP"), None)
        if target is None and where != "none":
            # a target preposition on the verb, or on the pattern's object ("vowed a crackdown
            # on protesters")
            heads = [tok, *(self.patterns.constraint_objects(tok, pattern) if pattern.object else ())]
            target = next((o for head in heads for c in head.children
                           if c.dep_ == "prep" and c.lower_ in self.target_preps
                           and (o := pobj_of(c)) is not None
                           and o.ent_type_ not in ("DATE", "TIME")), None)  # "agreed on Saturday"
            how = "fallback" if target is not None else how
        if target is None and where != "none" and pattern.object and pattern.code[:2] in ("06", "07"):
            # "handed over 700 kg of medicine to the Red Crescent": who receives the aid
            obj = next(iter(self.patterns.constraint_objects(tok, pattern)), None)
            target = self._recipient(tok, obj) if obj is not None else None
        if target is None and where != "none" and pattern.object:
            # "demanded Maduro's resignation": whose resignation is demanded is the target
            # (not "withdrew its troops": the doer's own)
            doer = actors.get(source.i) if source is not None else None
            target = next((c for o in self.patterns.constraint_objects(tok, pattern)
                           for c in o.children if c.dep_ == "poss" and not (
                               doer is not None and (a := actors.get(c.i)) is not None
                               and (a.country, a.role) == (doer.country, doer.role))), None)
        if target is None and where != "none" and pattern.pos == "VERB" and not pattern.speech:
            # "rejected an offer from Kabul", "vetoed a Security Council resolution", "opposed
            # French mediation": whose offer, resolution or mediation it is, when that is not
            # the doer itself
            target = self._owner(object_of(tok), actors.get(source.i) if source is not None else None,
                                 actors)
        if target is None and where != "none" and pattern.pos == "VERB":
            # "threatened to strike Ukrainian cities", "refused to meet the king": the act
            # threatened or refused names who it is aimed at.
            clause = next((c for c in tok.children if c.dep_ == "xcomp"), None)
            if clause is not None:
                obj = object_of(clause)
                # "promised to continue military aid to Mozambique": the clause's object may
                # carry the recipient
                cands = [obj] + [pobj_of(c) for head in (clause, obj) if head is not None
                                 for c in head.children
                                 if c.dep_ == "prep" and c.lower_ in self.clause_preps]
                target = next((t for t in cands if t is not None and self._actor(t, actors)
                               and not _owned(t)), None)
                how = "clause"
        return source, target, how

    def _owner(self, obj: Token | None, doer: Actor | None, actors: dict[int, Actor]) -> Token | None:
        """The actor a thing belongs to: named before it or by its `from`/`by` phrase."""
        if obj is None or self._actor(obj, actors, deep=False) is not None:
            return None
        owners = [o for c in obj.children if c.dep_ == "prep" and c.lower_ in ("from", "by")
                  and (o := pobj_of(c)) is not None]
        owners += [c for c in obj.lefts if c.dep_ in ("compound", "amod", "nmod")
                   and c.ent_type_ in ("NORP", "GPE", "ORG")]
        return next((o for o in owners if (a := self._actor(o, actors)) is not None
                     and (doer is None or a.country != doer.country)), None)

    def _recipient(self, verb: Token, obj: Token) -> Token | None:
        """Who receives what a verb hands over: the object of "to"/"for" on the verb or on
        the object ("sent its troops to Lebanon", "gave its support for Ukraine")."""
        return next((o for head in (verb, obj) for c in head.children
                     if c.dep_ in ("prep", "dative") and c.lower_ in ("to", "for")
                     and (o := pobj_of(c)) is not None), None)

    def _noun_source(self, tok: Token, pattern: Pattern | None = None) -> Token | None:
        """Doer of a nominal event: possessor, 'by' phrase, the noun itself ("US air strikes"),
        or the subject of a light verb ("launched air strikes")."""
        for c in tok.children:
            if c.dep_ == "poss":
                return c
            if c.dep_ == "prep" and c.lower_ == "by" and (o := pobj_of(c)) is not None:
                return o
        # "announced emergency measures, including a curfew": the curfew is one of the measures
        whole = tok.head.head if tok.dep_ == "pobj" and tok.head.lower_ in ("including", "notably") \
            and tok.head.head.pos_ in ("NOUN", "PROPN") else tok
        if whole.dep_ in ("dobj", "pobj") and whole.head.lemma_.lower() in self.light_verbs:
            return subject_of(whole.head)
        if pattern is not None and pattern.symmetric and tok.dep_ == "pobj" and tok.head.dep_ == "prep" \
                and tok.head.head.pos_ in ("VERB", "AUX"):
            # "17 Palestinians were injured during clashes with Israeli forces": one side of
            # the clash is who the clause is about
            verb = tok.head.head
            return next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), tok)
        return tok

    @staticmethod
    def _leader(mod: Token) -> bool:
        """"U.S.-led", "Saudi-led": a modifier that names who leads the act."""
        return mod.lemma_.lower() == "lead" and any(
            c.ent_type_ in ("NORP", "GPE", "ORG") for c in mod.lefts)

    @staticmethod
    def _people_of(noun: Token, actors: dict[int, Actor], home: str | None) -> Actor | None:
        """The population of the country a nominal protest happens in ("protests in Iran"),
        else of the article's country ("fired tear gas to break up protests against Kabila")."""
        for c in noun.children:
            if c.dep_ == "prep" and c.lower_ == "in" and (o := pobj_of(c)) is not None:
                place = actors.get(o.i)
                if place is not None and place.country and not place.role and o.ent_type_ == "GPE":
                    return Actor(f"{noun.text} {c.text} {o.text}", place.country, "CVL")
        phrase = noun.doc[noun.left_edge.i:noun.i + 1].text
        return Actor(phrase, home, "CVL", guessed=True) if home else None

    # -- events ----------------------------------------------------------------------------
    def _events_for(self, doc: Doc, tok: Token, pattern: Pattern, preps: list[Token],
                    actors: dict[int, Actor], earlier: list[Event]) -> Iterator[Event]:
        source_tok, target_tok, how = self._source_target(tok, pattern, preps, actors)
        sent = sentence_of(tok)
        # "clashes between A and B", "an exchange of fire between A and B": the parties'
        # phrase hangs on the trigger or on the noun its pattern asks for
        heads = [tok, *(o for pr in preps if (o := pobj_of(pr)) is not None)]
        between = [c for head in heads for c in head.children
                   if c.dep_ == "prep" and c.lower_ == "between"]
        parties = self._group(pobj_of(between[0]), actors) if between else []
        if pattern.symmetric and len(parties) == 1 and parties[0][0].tag_ in ("NNS", "NNPS"):
            # "clashes between armed groups": the one plural party fights itself
            parties = [parties[0], (parties[0][0], replace(parties[0][1]))]
        if pattern.symmetric and len(parties) > 1:
            # "clashes between A and B": the parties are the object of `between`, both ways.
            for _, a in parties:
                for _, b in parties:
                    if a is not b and not _one_side(a, b):
                        yield self._event(doc, tok, pattern, a, b, sent,
                                          self._confidence(pattern, a, b, how), how)
            return
        sources = self._group(source_tok, actors, deep=False)
        if pattern.pos == "NOUN" and source_tok is not None and source_tok.i == tok.i and not any(
                c.dep_ in ("compound", "amod", "nmod") and (c.ent_type_ in ("NORP", "GPE", "ORG")
                                                            or c.i in actors or self._leader(c))
                for c in tok.lefts):
            # A nominal event's own phrase names its doer only by a named modifier ("US air
            # strikes"); "the embassy riot" names where it happened, not who rioted. Protests
            # "in Iran" are those of its people.
            people = self._people_of(tok, actors, (doc._.context or [None])[0]) \
                if pattern.code[:2] == "14" and tok.dep_ not in ("compound", "amod", "nmod") \
                else None  # "riot police", "protest leaders" name no protest
            if people is None:
                return
            sources = [(tok, people)]
        if pattern.code[:2] == "14" and any(c.dep_ in ("xcomp", "advcl") and c.lemma_.lower()
                                             in self.peaceful_purposes for c in tok.children):
            return  # "people had gathered to mourn"
        if pattern.code == "040" and target_tok is not None \
                and target_tok.lemma_.lower() in self.audiences:
            return  # "speaking to supporters": addressing an audience is no consultation
        if pattern.code in self.visits["codes"]:
            # "refugees arriving in Bangladesh" travel; a visit is made by those who represent
            sources = [(t, a) for t, a in sources if a.role not in self.visits["unofficial_roles"]]
        if not sources:
            return
        root = pattern.code[:2]
        # "criticized the embassy riot": the target of a reaction to an act is its doer.
        doer = self._doer_of(target_tok, earlier) if target_tok is not None else None
        targets = [(target_tok, doer)] if doer is not None else self._group(target_tok, actors)
        if not targets and target_tok is not None and target_tok.lemma_.lower() in self.reply_nouns:
            replied = self._replied_to(sources[0][1], earlier)
            if replied is not None:
                targets = [(target_tok, replied)]
                how = "reply"
        if not targets and root == "14" and not pattern.symmetric and \
                sources[0][1].role not in self.armed_protest["roles"]:
            # A protest's target is who it is against, from the article if the sentence omits
            # it; failing that, the protesters' own government.
            against = next((ev.target for ev in earlier if ev.root == "14" and ev.target), None)
            named = (self._other_party(tok, source_tok, actors, foreign_to=sources[0][1].country)
                     if against is None else None)
            if named is not None:
                against = named[1]  # "troops killed seven as Hamas stepped up protests"
            if against is None and sources[0][1].country and sources[0][1].role != "GOV":
                against = Actor("", sources[0][1].country, "GOV")
            if against is not None:
                targets, how = [(tok, against)], "article"
        # "Jordan and Britain agreed to hold exercises": partners named together cooperate
        # with each other.
        # "Armenia and Azerbaijan accused each other": a reciprocal object makes any act mutual
        words = {target_tok.lower_, *(c.lower_ for c in target_tok.children)} if target_tok is not None \
            else set()
        reciprocal = words >= {"each", "other"} or words >= {"one", "another"}
        mutual = pattern.symmetric or ((root in self.mutual_roots or reciprocal) and not targets
                                       and len({(a.country, a.role) for _, a in sources}) > 1)
        if not targets and root in self.dyad_roots and not mutual and pattern.target != "none":
            # "Canada refused to back down after Saudi Arabia froze trade", "Pakistan denied
            # initiating the firing": an event between states with no one named is aimed at the
            # other country of its sentence, else, for a state, at the party it last dealt with.
            source = sources[0][1]
            named = self._other_party(tok, source_tok, actors)
            if named is not None and named[1].country not in (None, source.country):
                targets, how = [named], "sentence"
            elif source.role in ("", "GOV") and (other := self._counterpart(source, earlier)) is not None:
                targets, how = [(tok, other)], "article"
        if not targets and root in self.crowd_roots and not pattern.symmetric and how != "patient" \
                and pattern.code not in self.unaimed:
            crowd = next((ev.source for ev in reversed(earlier) if ev.root == "14"), None)
            if crowd is not None:
                targets, how = [(tok, crowd)], "article"
        if not targets and root >= "15" and not pattern.symmetric and pattern.target != "none" \
                and how != "patient" and pattern.code not in self.unaimed:
            # Force with no syntactic target: the other party named in the same sentence.
            other = self._other_party(tok, source_tok, actors)
            if other is not None:
                targets, how = [other], "sentence"
        pairs: list[tuple[Actor, Actor | None]] = []
        if root in self.channel_roots and targets:
            targets = [(t, a) for t, a in targets if a.role != "MED"]
            if not targets:
                return
        if targets:
            for _, s in sources:
                for _, t in targets:
                    if s is not t:
                        pairs.append((s, t))
                        if pattern.symmetric:
                            pairs.append((t, s))
        elif mutual and len(sources) > 1:
            pairs = [(a, b) for _, a in sources for _, b in sources if a is not b]
        else:
            pairs = [(s, None) for _, s in sources]
        # "Pakistan summoned an Indian diplomat to protest": a country named bare is its state
        states = {id(a) for t, a in sources if t.ent_type_ == "GPE" and not a.role}
        repression = self.domestic_repression
        if root in repression["roots"]:
            pairs = [(s, replace(t, country=s.country) if t is not None and t.guessed
                      and s.role in repression["roles"] and s.country and not s.guessed else t)
                     for s, t in pairs]
        for source, target in pairs:
            if root in self.partner_roots and target is not None and target.guessed \
                    and target.country == source.country:
                continue  # "trained 500 hackers": cooperation needs a partner, not one's own
            yield self._event(doc, tok, pattern, source, target, sent,
                              self._confidence(pattern, source, target, how), how,
                              state=id(source) in states)

    def _other_party(self, trigger: Token, source: Token | None, actors: dict[int, Actor],
                     foreign_to: str | None = None) -> tuple[Token, Actor] | None:
        """The nearest actor of the sentence, outside the source's phrase, that is a clause's
        subject or object (and, with `foreign_to`, of another country than that one)."""
        skip = {t.i for t in source.subtree} if source is not None else set()
        cands = [t for t in sentence_of(trigger) if t.i in actors and t.i not in skip
                 and t.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj") and not self._reporter(t)
                 and not (t.dep_ == "pobj" and t.head.lower_ in LOCATIVE_PREPS)  # "In Islamabad, ..."
                 and not self._own_weapon(t, actors) and not self._aside(t, trigger)
                 and (foreign_to is None or actors[t.i].country not in (None, foreign_to))]
        if not cands:
            return None
        best = min(cands, key=lambda t: abs(t.i - trigger.i))
        src = actors.get(source.i) if source is not None else None
        if src is not None and (actors[best.i].country, actors[best.i].role) == (src.country, src.role):
            return None  # "Civil Guards ... told police to block": the doer's kin, not its target
        return best, actors[best.i]

    def _aside(self, tok: Token, trigger: Token) -> bool:
        """Is `tok` inside a phrase on the trigger that tells another act, as its cause or
        time ("reimposed blockades following the deaths of two Israelis")?"""
        return any(a.dep_ == "prep" and a.lower_ in self.aside_preps and a.head.i == trigger.i
                   for a in tok.ancestors)

    def _own_weapon(self, tok: Token, actors: dict[int, Actor]) -> bool:
        """"test-fired a missile": a weapon of no stated country is the doer's own, what the
        act is done with (but "shot down an Iranian drone" names whom it hit)."""
        actor = actors.get(tok.i)
        return tok.lemma_.lower() in self.instruments and (actor is None or actor.guessed)

    def _reporter(self, tok: Token) -> bool:
        """Who tells of an event ("officials said", "according to a spokesman") is not its
        other party."""
        head = tok.head
        if tok.dep_ == "nsubj" and head.lemma_.lower() in self.speech_verbs:
            return True
        return tok.dep_ == "pobj" and head.lower_ == "to" and head.head.lower_ == "according"

    def _doer_of(self, noun: Token, earlier: list[Event]) -> Actor | None:
        """The source of the latest earlier event of the kind the noun names ("the riot",
        "the attack"), if the noun is an event word of the pattern dictionary."""
        match = self.patterns.match(noun)
        if match is None or match[0].pos != "NOUN":
            return None
        root = match[0].code[:2]
        return next((ev.source for ev in reversed(earlier) if ev.root == root), None)

    def _counterpart(self, actor: Actor, earlier: list[Event]) -> Actor | None:
        for ev in reversed(earlier):
            if ev.target is None or ev.source.country == ev.target.country:
                continue
            if ev.source.country == actor.country:
                return ev.target
            if ev.target.country == actor.country:
                return ev.source
        return None

    def _replied_to(self, replier: Actor, earlier: list[Event]) -> Actor | None:
        for ev in reversed(earlier):
            if ev.target is not None and ev.target.country == replier.country:
                return ev.source
        return None

    def _confidence(self, pattern: Pattern, source: Actor, target: Actor | None, how: str) -> float:
        score = 0.5 + 0.08 * min(pattern.specificity, 3)
        if pattern.pos == "NOUN":
            score -= 0.05
        if source.country is None:
            score -= 0.2
        if target is not None and target.country is None:
            score -= 0.1
        score -= {"fallback": 0.1, "reply": 0.05, "article": 0.1, "sentence": 0.15,
                  "clause": 0.05}.get(how, 0.0)
        if source.name:
            score += 0.05
        return max(0.05, min(0.95, score))

    def _event(self, doc: Doc, tok: Token, pattern: Pattern, source: Actor, target: Actor | None,
               sent: Span, confidence: float, how: str, state: bool = False) -> Event:
        code = self._recode(pattern.code, source, target, state, pattern.symmetric)
        outcome = self.outcomes.get(tok.i, "")
        if code[:2] == "17" and outcome[:2] == "18":
            code = outcome  # "opened fire on protesters, killing five": repression that kills
        cameo = lookup(code)
        article_date: dt.date = doc._.article_date or dt.date.today()
        sentence = sent.text  # not doc.text: spaCy rebuilds that string on every access
        offset = doc._.char_offset(sent.start_char)
        return Event(
            article_id=doc._.article_id or "", article_date=article_date, date=article_date,
            code=cameo.code, root=cameo.root, quad=cameo.quad, goldstein=cameo.goldstein,
            plover=cameo.plover, source=source, target=target, location=None,
            sentence=sentence, span=(offset, offset + len(sentence)), confidence=confidence,
            extra={"trigger": tok.i, "pattern": pattern.order, "speech": pattern.speech,
                   "target_from": how if target is not None else None})


    def _recode(self, code: str, source: Actor, target: Actor | None, state: bool = False,
                clash: bool = False) -> str:
        """The code the actors call for: a government's (or a state's) "protest" is an official
        complaint, a crowd's coercion a riot, an armed party's riot an assault; force against
        unarmed people is assault or repression, not a fight."""
        roots, roles, official_code = self.official
        if code[:2] in roots and (source.role in roles or state):
            return official_code
        blocking = self.security_blocking
        if code[:3] in blocking["codes"] and source.role in blocking["roles"]:
            return blocking["code"]
        crowd = self.crowd_coercion
        if code[:2] in crowd["roots"] and source.role in crowd["roles"]:
            return crowd["code"]
        armed = self.armed_protest
        if code[:2] in armed["roots"] and source.role in armed["roles"]:
            if target is None:
                return armed["untargeted_code"]
            code = armed["code"]
        rule = self.one_sided
        if code[:2] in rule["roots"] and target is not None and \
                target.role in rule["unarmed_target_roles"]:
            by_role = rule["clash_code_by_source_role"] if clash else rule["code_by_source_role"]
            return by_role.get(source.role, rule["code"])
        return code


def recode(event: Event, code: str) -> None:
    """Give an event another CAMEO code, with the root, quad, Goldstein and PLOVER it implies."""
    cameo = lookup(code)
    event.code, event.root, event.quad = cameo.code, cameo.root, cameo.quad
    event.goldstein, event.plover = cameo.goldstein, cameo.plover


def event_id(event: Event) -> str:
    """Stable id: the same event coded from the same article gets the same id."""
    target = event.target
    key = "|".join([event.article_id, event.code, str(event.span[0]), event.source.country or "",
                    event.source.text, (target.country or "") if target else "",
                    target.text if target else ""])
    return hashlib.sha1(key.encode()).hexdigest()[:16]


def _same_act(a: str, b: str) -> bool:
    """Two codes of one root name the same act unless both are specific and differ: "hit"
    (190) and "an air strike" (195) may tell one strike; "froze trade" (163) and "recalled its
    ambassador" (161) are two acts."""
    if len(a) == len(b) == 4 and a != b:
        return False  # "imposed a curfew" (1723), then "banned gatherings" (1721)
    return a[:3] == b[:3] or a[2:3] == "0" or b[2:3] == "0"


def dedupe(events: list[Event]) -> list[Event]:
    """One event per act between two countries within a day in an article (GUIDE): in one
    sentence, several acts of one root are one event; in later sentences, the same act retold
    ("Israeli troops killed ..." then "the soldiers ... killed") is a paraphrase, kept at its
    first, clearest statement, while another act of the root ("froze trade", then "recalled
    its ambassador") is a new event."""
    seen: dict[tuple, list[tuple[dt.date, int, str, tuple[str, str], str | None]]] = {}
    out = []
    for ev in events:
        key = (ev.root, ev.source.country, ev.target.country if ev.target else None)
        roles = (ev.source.role, ev.target.role if ev.target else "")
        earlier = seen.setdefault(key, [])
        # within one country a sentence's two directions are told apart by role: "the
        # government and the rebels agreed a truce" is government -> rebels and back
        here = [r for _, span, _, r, _ in earlier if span == ev.span[0]]
        if here and not (key[1] == key[2] and all(r == roles[::-1] != roles for r in here)):
            continue
        # a later sentence retells the act, unless two different people are named doing it
        # (Lavrov's threat, then Peskov's)
        if any(span != ev.span[0] and abs((ev.date - day).days) <= 1 and _same_act(code, ev.code)
               and (name is None or ev.source.name is None or name == ev.source.name)
               for day, span, code, _, name in earlier):
            continue
        earlier.append((ev.date, ev.span[0], ev.code, roles, ev.source.name))
        ev.event_id = event_id(ev)
        out.append(ev)
    return out


def pattern_free_triggers(rules: dict) -> set[str]:
    """Words that start an event with no pattern of verbs.yaml: a verdict's predicate
    ("unacceptable"), an obligation's modal ("must"). The prefilter must let them through."""
    return {w.split()[-1] for w in rules["verdicts"]["words"]} | set(rules["stated"]["obligation_aux"])


def load_rules() -> dict:
    return load_yaml("rules.yaml")

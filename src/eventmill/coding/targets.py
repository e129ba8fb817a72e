"""Source and target of a trigger, for the events stage: what the parse names first, then the
fallbacks, in the order they are tried.

In the sentence (`TargetSearch.in_sentence`): the doer by subject, speaker, possessor or light
verb; the target by object, preposition, `that` clause, indirect object, a target preposition,
the receiver of aid, the possessor or owner of the object, the object of an infinitive.
In the article (`TargetSearch.in_article`), when the sentence names no target: the doer of an
act the target noun names, who made a claim now rejected, whom a protest is against, the other
party of the sentence or of the source's last event, the crowd police act on.
"""
from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Token

from eventmill.cameo import root_of, starts_with_any
from eventmill.coding.grammar import is_passive, nearest_subject, object_of, owned, that_clause_subject
from eventmill.coding.parties import Actors, Parties
from eventmill.coding.patterns import Pattern, PatternSet, pobj_of
from eventmill.coding.settings import EventsSettings
from eventmill.types import Actor, Event

Found = list[tuple[Token, Actor]]


class TargetSearch:
    def __init__(self, patterns: PatternSet, rules: EventsSettings, parties: Parties) -> None:
        self.patterns = patterns
        self.rules = rules
        self.parties = parties
        self.clause_preps = (*rules.target_preps, "with", "to", "for")

    # -- in the sentence -------------------------------------------------------------------------
    def in_sentence(self, tok: Token, pattern: Pattern, preps: list[Token],
                    actors: Actors) -> tuple[Token | None, Token | None, str]:
        """Source and target tokens of a trigger, and how the target was found."""
        # of several fitting prepositions ("strikes on Sunday on militia bases"), the one
        # whose object is an actor
        objs = [o for pr in preps if (o := pobj_of(pr)) is not None]
        if pattern.source:
            return self._named_doer(tok, pattern, objs), self.parties.subject(tok), "pattern"
        source = self._source(tok, pattern)
        if source is None and is_passive(tok) and pattern.pobj and objs:
            # "ten militants were killed in the Pakistan Army operation": the operation's doer
            source = self.noun_source(objs[0])
            if source is not None and source.i == objs[0].i and source.i not in actors:
                source = None  # "was taken into custody": the pattern's own noun does nothing
        if source is None and is_passive(tok) and root_of(pattern.code) in self.rules.patient_is_source_roots:
            return object_of(tok), None, "patient"
        if source is None and is_passive(tok):
            source = self._reporting_authority(tok, pattern, actors)
        # an object that names an actor itself before one that holds an actor deep inside ("an
        # airstrike on Pakistan in retaliation for a bombing against its troops")
        pobj = next((o for deep in (False, True) for o in objs
                     if self.parties.actor(o, actors, deep) is not None), objs[0] if objs else None)
        target, how = self._target(tok, pattern, pobj, source, actors)
        return source, target, how

    def _reporting_authority(self, tok: Token, pattern: Pattern, actors: Actors) -> Token | None:
        """"19 people were arrested, the interior ministry said": an act of coercion told in
        the passive is the reporting authority's own."""
        doer = self.rules.reported_doer
        if not starts_with_any(pattern.code, doer.roots):
            return None
        speaker = self.parties.speaker(tok)
        actor = actors.get(speaker.i) if speaker is not None else None
        return speaker if actor is not None and actor.role in doer.roles else None

    @staticmethod
    def _named_doer(tok: Token, pattern: Pattern, objs: list[Token]) -> Token | None:
        """"peacekeepers came under attack from an armed group": the doer is named by a
        preposition, on the verb or on what it governs, and the subject suffers the act."""
        return next((o for head in (tok, *objs) for c in head.children
                     if c.dep_ in ("prep", "agent") and c.lower_ in pattern.source
                     and (o := pobj_of(c)) is not None), None)

    def _source(self, tok: Token, pattern: Pattern) -> Token | None:
        if pattern.pos == "NOUN":
            return self.noun_source(tok, pattern)
        if pattern.speech:
            return self.parties.speaker(tok)
        source = self.parties.subject(tok)
        if source is None and is_passive(tok) and tok.lemma_.lower() in self.rules.stative_participles:
            # "Israel is opposed to French mediation", "forces were engaged in ethnic
            # cleansing": a state, not a passive; its subject is the doer
            source = next((c for c in tok.children if c.dep_ == "nsubjpass"), None)
        return source

    def noun_source(self, tok: Token, pattern: Pattern | None = None) -> Token | None:
        """Doer of a nominal event: possessor, 'by' phrase, the noun itself ("US air strikes"),
        or the subject of a light verb ("launched air strikes")."""
        for c in tok.children:
            if c.dep_ == "poss":
                return c
            if c.dep_ == "prep" and c.lower_ == "by" and (o := pobj_of(c)) is not None:
                return o
        # "announced emergency measures, including a curfew": the curfew is one of the measures
        whole = tok.head.head if tok.dep_ == "pobj" and tok.head.lower_ in self.parties.language.inclusion_words \
            and tok.head.head.pos_ in ("NOUN", "PROPN") else tok
        if whole.dep_ in ("dobj", "pobj") and whole.head.lemma_.lower() in self.rules.light_verbs:
            return self.parties.subject(whole.head)
        if (claim := self._claimed_by(tok)) is not None:
            return self.parties.subject(claim)
        if pattern is not None and pattern.symmetric and tok.dep_ == "pobj" and tok.head.dep_ == "prep" \
                and tok.head.head.pos_ in ("VERB", "AUX"):
            # "17 Palestinians were injured during clashes with Israeli forces": one side of
            # the clash is who the clause is about
            return nearest_subject(tok.head.head, ("nsubj", "nsubjpass")) or tok
        return tok

    def _claimed_by(self, noun: Token) -> Token | None:
        """The verb of "claimed responsibility for <the event noun>", if the noun hangs so."""
        claims = self.rules.claims
        prep = noun.head
        if noun.dep_ != "pobj" or prep.lower_ != "for":
            return None
        # "claimed responsibility for X", or "claimed responsibility on Thursday for X" where
        # the parser hangs "for" on the verb
        verb = prep.head.head if prep.head.dep_ == "dobj" else prep.head
        return verb if verb.lemma_.lower() in claims.verbs and any(
            c.dep_ == "dobj" and c.lemma_.lower() in claims.nouns for c in verb.children) else None

    def _target(self, tok: Token, pattern: Pattern, pobj: Token | None, source: Token | None,
                actors: Actors) -> tuple[Token | None, str]:
        where = pattern.target_source()
        target = self._direct(tok, pattern, where, pobj, source, actors)
        if target is not None or where == "none":
            return target, "pattern"
        fallbacks = ((self._dative, "pattern"), (self._target_prep, "fallback"),
                     (self._aid_recipient, "pattern"), (self._possessor, "pattern"),
                     (self._owner, "pattern"))
        for step, how in fallbacks:
            target = step(tok, pattern, source, actors)
            if target is not None:
                return target, how
        clause = next((c for c in tok.children if c.dep_ == "xcomp"), None) \
            if pattern.pos == "VERB" else None
        if clause is not None:
            return self._clause_target(clause, actors), "clause"
        return None, "pattern"

    def _direct(self, tok: Token, pattern: Pattern, where: str, pobj: Token | None,
                source: Token | None, actors: Actors) -> Token | None:
        """The target the pattern names: an object, a preposition's object, a `that` clause."""
        if where == "dobj" or pattern.speech:
            target = object_of(tok) if pattern.pos != "NOUN" else None
            if target is not None and owned(target) and not self._foreign(target, source, actors):
                # "offered its troops to Lebanon": its own troops are what it gives, not to whom
                # (but "met his Peruvian counterpart" meets another country's leader)
                target = self.parties.recipient(tok, target)
            if target is None:
                target = pobj
            if target is None and pattern.object:
                # "hold North Korea accountable": who the complement is said of
                target = next((c for o in self.patterns.constraint_objects(tok, pattern) if o.dep_ == "ccomp"
                               for c in o.children if c.dep_ == "nsubj"), None)
            if target is None and pattern.pos == "VERB":
                target = that_clause_subject(tok)
            return target
        if where == "prep":
            if pattern.symmetric and pattern.pobj:
                # "an exchange of fire with Indian forces": the noun the pattern asks for is
                # part of the act; the other side is named by `with`
                return next((o for head in (tok, pobj) if head is not None for c in head.children
                             if c.dep_ == "prep" and c.lower_ == "with" and (o := pobj_of(c)) is not None), None)
            if pobj is not None or not pattern.object:
                return pobj
            # "released the journalists", "expelled 23 diplomats": with no one named by a
            # preposition, an object that is an actor is the target
            return next((o for o in self.patterns.constraint_objects(tok, pattern)
                         if self.parties.actor(o, actors, deep=False) and not owned(o)
                         and not self.parties.own_weapon(o, actors)), None)
        return None

    @staticmethod
    def _foreign(tok: Token, source: Token | None, actors: Actors) -> bool:
        """Is the phrase an actor of another country than the source's?"""
        actor, doer = actors.get(tok.i), actors.get(source.i) if source is not None else None
        return actor is not None and doer is not None and actor.country is not None \
            and doer.country is not None and actor.country != doer.country

    @staticmethod
    def _dative(tok: Token, pattern: Pattern, source: Token | None, actors: Actors) -> Token | None:
        """"gave Tanzania a grant": the indirect object is who receives the act."""
        return next((c for c in tok.children if c.dep_ == "dative" and c.pos_ != "ADP"), None)

    def _target_prep(self, tok: Token, pattern: Pattern, source: Token | None,
                     actors: Actors) -> Token | None:
        """A target preposition on the verb, or on the pattern's object ("vowed a crackdown on
        protesters"); not a day ("agreed on Saturday")."""
        heads = [tok, *(self.patterns.constraint_objects(tok, pattern) if pattern.object else ())]
        return next((o for head in heads for c in head.children
                     if c.dep_ == "prep" and c.lower_ in self.rules.target_preps
                     and (o := pobj_of(c)) is not None
                     and o.ent_type_ not in ("DATE", "TIME")), None)

    def _aid_recipient(self, tok: Token, pattern: Pattern, source: Token | None,
                       actors: Actors) -> Token | None:
        """"handed over 700 kg of medicine to the Red Crescent": who receives the aid."""
        if not pattern.object or root_of(pattern.code) not in self.rules.recipient_roots:
            return None
        obj = next(iter(self.patterns.constraint_objects(tok, pattern)), None)
        return self.parties.recipient(tok, obj) if obj is not None else None

    def _possessor(self, tok: Token, pattern: Pattern, source: Token | None,
                   actors: Actors) -> Token | None:
        """"demanded Maduro's resignation": whose resignation is demanded is the target (not
        "withdrew its troops": the doer's own)."""
        if not pattern.object:
            return None
        doer = actors.get(source.i) if source is not None else None
        return next((c for o in self.patterns.constraint_objects(tok, pattern)
                     for c in o.children if c.dep_ == "poss" and not (
                         doer is not None and (a := actors.get(c.i)) is not None
                         and (a.country, a.role) == (doer.country, doer.role))), None)

    def _owner(self, tok: Token, pattern: Pattern, source: Token | None, actors: Actors) -> Token | None:
        """"rejected an offer from Kabul", "vetoed a Security Council resolution", "opposed
        French mediation": whose offer, resolution or mediation it is, when that is not the doer
        itself."""
        if pattern.pos != "VERB" or pattern.speech:
            return None
        return self.parties.owner(object_of(tok), actors.get(source.i) if source is not None else None,
                                  actors)

    def _clause_target(self, clause: Token, actors: Actors) -> Token | None:
        """"threatened to strike Ukrainian cities", "refused to meet the king": the act
        threatened or refused names who it is aimed at; "promised to continue military aid to
        Mozambique": the clause's object may carry the recipient."""
        obj = object_of(clause)
        cands = [obj] + [pobj_of(c) for head in (clause, obj) if head is not None
                         for c in head.children if c.dep_ == "prep" and c.lower_ in self.clause_preps]
        return next((t for t in cands if t is not None and self.parties.actor(t, actors)
                     and not owned(t)), None)

    # -- in the article ---------------------------------------------------------------------------
    def in_article(self, tok: Token, pattern: Pattern, source_tok: Token | None, sources: Found,
                   target_tok: Token | None, how: str, actors: Actors,
                   earlier: list[Event]) -> tuple[Found, str, bool]:
        """Targets of the event (named, or from the article when the sentence names none), how
        they were found, and whether the act is mutual between its several sources."""
        targets, how = self._named_targets(target_tok, sources, how, actors, earlier)
        root = root_of(pattern.code)
        if not targets and root in self.rules.protest_roots and not pattern.symmetric \
                and sources[0][1].role not in self.rules.armed_roles:
            targets, how = self._protest_target(tok, source_tok, sources, how, actors, earlier)
        # "Jordan and Britain agreed to hold exercises": partners named together cooperate with
        # each other; "Armenia and Azerbaijan accused each other": a reciprocal object makes any
        # act mutual
        words = {target_tok.lower_, *(c.lower_ for c in target_tok.children)} \
            if target_tok is not None else set()
        reciprocal = any(words >= pair for pair in self.parties.language.reciprocals)
        if tok.lemma_.lower() in self.rules.joint_lemmas and len({a.country for _, a in sources}) > 1:
            targets = []
        mutual = pattern.symmetric or ((root in self.rules.mutual_roots or reciprocal) and not targets
                                       and len({(a.country, a.role) for _, a in sources}) > 1)
        if not targets and root in self.rules.dyad_roots and not mutual and pattern.target != "none":
            targets, how = self._dyad_target(tok, root, source_tok, sources, how, actors, earlier)
        aimed = not pattern.symmetric and how != "patient" and pattern.code not in self.rules.unaimed_codes
        if not targets and aimed and root in self.rules.crowd_control_roots:
            crowd = next((ev.source for ev in reversed(earlier)
                          if root_of(ev.code) in self.rules.protest_roots), None)
            if crowd is not None:
                targets, how = [(tok, crowd)], "article"
        if not targets and root in self.rules.place_target_roots and target_tok is not None \
                and (place := self.parties.place_within(target_tok)) is not None:
            # "called for a ceasefire in eastern Ukraine": an appeal for what a country should
            # do is aimed at it
            targets, how = [place], "place"
        if not targets and aimed and root in self.rules.other_party_roots and pattern.target != "none":
            # Force with no syntactic target: the other party named in the same sentence.
            other = self.parties.other_party(tok, source_tok, actors)
            if other is not None:
                targets, how = [other], "sentence"
        return targets, how, mutual

    def _named_targets(self, target_tok: Token | None, sources: Found, how: str, actors: Actors,
                       earlier: list[Event]) -> tuple[Found, str]:
        """The actors the target phrase names; "criticized the embassy riot": the target of a
        reaction to an act is its doer; "rejected the accusation": whoever made it."""
        if target_tok is None:
            return [], how
        doer = self.doer_of(target_tok, earlier)
        if doer is not None:
            return [(target_tok, doer)], how
        targets = self.parties.group(target_tok, actors)
        if not targets and (named := self._antecedent(target_tok, actors)) is not None:
            return [named], how
        if not targets and target_tok.lemma_.lower() in self.rules.reply_nouns:
            replied = replied_to(sources[0][1], earlier)
            if replied is not None:
                return [(target_tok, replied)], "reply"
        return targets, how

    def _antecedent(self, noun: Token, actors: Actors) -> tuple[Token, Actor] | None:
        """"... torched a security post at the US Embassy. ... stormed the security post": a
        definite noun that names no actor stands for its latest earlier mention that does."""
        if noun.pos_ != "NOUN" or not any(c.dep_ == "det" and c.lower_ == "the" for c in noun.children):
            return None
        lemma = noun.lemma_.lower()
        mention = next((t for t in reversed(noun.doc[:noun.sent.start])
                        if t.pos_ == "NOUN" and t.lemma_.lower() == lemma), None)
        if mention is None or self.patterns.match(mention) is not None \
                or any(c.dep_ == "prep" and c.lower_ in self.rules.aimed_preps for c in mention.children):
            return None  # (an act's phrase names whom it is against, not who the act is)
        places = [mention]
        if mention.dep_ == "dobj":
            places += [o for c in mention.head.children if c.dep_ == "prep"
                       and c.lower_ in self.rules.antecedent_preps and (o := pobj_of(c)) is not None]
        found = (self.parties.actor_at(t, actors, deep=True) for t in places)
        return next((f for f in found if f is not None and f[0].i != mention.i), None)

    def _protest_target(self, tok: Token, source_tok: Token | None, sources: Found, how: str,
                        actors: Actors, earlier: list[Event]) -> tuple[Found, str]:
        """A protest's target is who it is against, from the article if the sentence omits it;
        failing that, the protesters' own government."""
        protesters = sources[0][1]
        against = next((ev.target for ev in earlier
                        if root_of(ev.code) in self.rules.protest_roots and ev.target), None)
        named = (self.parties.other_party(tok, source_tok, actors, foreign_to=protesters.country)
                 if against is None else None)
        if named is not None:
            against = named[1]  # "troops killed seven as Hamas stepped up protests"
        if against is None and protesters.country and protesters.role != "GOV":
            against = Actor("", protesters.country, "GOV")
        return ([(tok, against)], "article") if against is not None else ([], how)

    def _dyad_target(self, tok: Token, root: str, source_tok: Token | None, sources: Found, how: str,
                     actors: Actors, earlier: list[Event]) -> tuple[Found, str]:
        """"Canada refused to back down after Saudi Arabia froze trade", "Pakistan denied
        initiating the firing": an event between states with no one named is aimed at the other
        country of its sentence; "Egypt and Yemen also severed ties": an act others did too is
        aimed where theirs was; else, for a state, at the party it last dealt with."""
        source = sources[0][1]
        named = self.parties.other_party(tok, source_tok, actors)
        if named is not None and named[1].country not in (None, source.country):
            return [named], "sentence"
        if any(c.dep_ == "advmod" and c.lower_ in self.rules.echo_adverbs for c in tok.children):
            echoed = next((ev.target for ev in reversed(earlier) if ev.root == root and ev.target is not None
                           and source.country not in (ev.source.country, ev.target.country)), None)
            if echoed is not None:
                return [(tok, echoed)], "article"
        if source.role in ("", "GOV") and (other := counterpart(source, earlier)) is not None:
            return [(tok, other)], "article"
        return [], how

    def doer_of(self, noun: Token, earlier: list[Event]) -> Actor | None:
        """The source of the latest earlier event of the kind the noun names ("the riot",
        "the attack"), if the noun is an event word of the pattern dictionary."""
        match = self.patterns.match(noun)
        if match is None or match[0].pos != "NOUN":
            return None
        root = root_of(match[0].code)
        return next((ev.source for ev in reversed(earlier) if ev.root == root), None)


def counterpart(actor: Actor, earlier: list[Event]) -> Actor | None:
    """The other party of the latest earlier event between `actor`'s country and another."""
    for ev in reversed(earlier):
        if ev.target is None or ev.source.country == ev.target.country:
            continue
        if ev.source.country == actor.country:
            return ev.target
        if ev.target.country == actor.country:
            return ev.source
    return None


def replied_to(replier: Actor, earlier: list[Event]) -> Actor | None:
    """Who last acted on the replier's country: whose claim or demand a reply answers."""
    for ev in reversed(earlier):
        if ev.target is not None and ev.target.country == replier.country:
            return ev.source
    return None


def plural_party(parties: Found) -> Found:
    """"clashes between armed groups": the one plural party fights itself."""
    if len(parties) == 1 and parties[0][0].tag_ in ("NNS", "NNPS"):
        return [parties[0], (parties[0][0], replace(parties[0][1]))]
    return parties

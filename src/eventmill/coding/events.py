"""The events stage: verb and noun patterns on the parse become events, with source and target
actors (found by `targets.TargetSearch`), re-coded by who acts (`rules/events.yaml: recode`)."""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from spacy.tokens import Doc, Span, Token

from eventmill.cameo import lookup, root_of, starts_with_any
from eventmill.coding.geography import Geography
from eventmill.coding.grammar import agent_of, is_passive
from eventmill.coding.lexicon import sentence_of
from eventmill.coding.parties import Actors, Parties
from eventmill.coding.patterns import Pattern, PatternSet, phrase_matches, pobj_of
from eventmill.coding.settings import EventsSettings, LanguageSettings, Recode
from eventmill.coding.targets import Found, TargetSearch, counterpart, plural_party, replied_to
from eventmill.coding.trail import drop
from eventmill.types import Actor, Event


class EventFinder:
    """Turns pattern matches of one article Doc into Events, in reading order."""

    def __init__(self, patterns: PatternSet, rules: EventsSettings, language: LanguageSettings,
                 geography: Geography) -> None:
        self.patterns = patterns
        self.rules = rules
        self.language = language
        self.parties = Parties(rules, language, geography)
        self.search = TargetSearch(patterns, rules, self.parties)
        # A stand-in pattern for demands found by their modal verb rather than a trigger word.
        self.demand_pattern = Pattern(code=rules.obligation_code, head="must", mods=(),
                                      pos="VERB", particle=None, prep=(), object=(), pobj=(),
                                      target="dobj", symmetric=False, speech=True,
                                      intransitive=False, source=(), order=-1)
        # stand-ins for verdicts found by their predicate: on a claim, on an act
        self.verdict_patterns = {
            kind: replace(self.demand_pattern, code=code, head="be", target="")
            for kind, code in (("on_claim", rules.verdicts.on_claim), ("on_act", rules.verdicts.on_act))}
        # the words a verdict phrase ends in (or the phrase written as one word): every noun and
        # adjective of an article is tested, so a set lookup comes before the phrase test
        self.verdict_heads = frozenset(w for p in rules.verdicts.words for w in (p.split()[-1], p.replace(" ", "")))
        self.unresolved: list[tuple[Token, str, str]] = []
        self.outcomes: dict[int, str] = {}
        self.means: dict[int, str] = {}

    def __call__(self, doc: Doc) -> list[Event]:
        actors: Actors = doc._.actors or {}
        found = [(tok, *m) for tok in doc if (m := self.patterns.match(tok)) is not None]
        found += self._learned(doc, {tok.i for tok, _, _ in found})
        consumed = self._consumed(found)
        events: list[Event] = []
        # triggers that gave no event, and why: a diagnosis for `eventmill eval`
        self.unresolved = []
        matched = {tok.i: (pattern, preps) for tok, pattern, preps in found}
        # participles that tell an act's outcome, folded into it: trigger -> outcome code
        folded = {t.i for t, _, _ in found if self._outcome(t, matched)}
        self.outcomes = {doc[i].head.i: matched[i][0].code for i in folded}
        self.means = self._means(doc, matched)
        for tok in doc:
            # a reported wrong is told whether or not its verb is a trigger of its own
            events += self._reported_wrong(doc, tok, actors)
            if tok.i not in matched:
                events += [*self._obligation(doc, tok, actors), *self._verdict(doc, tok, actors, events)]
                continue
            pattern, preps = matched[tok.i]
            if (pattern.pos == "NOUN" and tok.i in consumed) or tok.i in folded:
                continue
            new = list(self._events_for(doc, tok, pattern, preps, actors, events))
            if not new:
                self.unresolved.append((tok, pattern.code, "no actor"))
            events += new
        return events

    def _learned(self, doc: Doc, matched: set[int]) -> list[tuple[Token, Pattern, list[Token]]]:
        """Triggers the learned tagger found where no pattern matched, with a stand-in pattern
        of their root's generic code."""
        rules = self.rules.learned
        spans = doc.spans.get(rules.spans_key) or []
        asserted = {(s.start, s.end) for s in spans if s.label_ == rules.asserted}
        out = []
        for span in spans:
            root = span.label_[1:]
            if root not in rules.roots or (span.start, span.end) not in asserted \
                    or any(t.i in matched for t in span):
                continue
            tok = span.root
            matched.add(tok.i)
            pos = "NOUN" if tok.pos_ in ("NOUN", "PROPN") else "VERB"
            out.append((tok, replace(self.demand_pattern, code=f"{root}0", head=tok.lemma_, pos=pos,
                                     target="", speech=False, learned=True), []))
        return out

    def _consumed(self, found: list[tuple[Token, Pattern, list[Token]]]) -> set[int]:
        """A noun that a verb pattern names as its object is part of that event, not a second
        one: "lodged a protest" is one complaint, not also a demonstration."""
        consumed: set[int] = set()
        for tok, pattern, preps in found:
            if pattern.pos != "VERB":
                continue
            sink = root_of(pattern.code) == "01" and tok.lemma_.lower() in self.rules.light_verbs
            if pattern.object and not sink:
                # (a light verb's sink leaves its event noun be: "ordered the arrest of" is the arrest)
                consumed.update(c.i for c in self.patterns.constraint_objects(tok, pattern))
            # (but "18 people were killed in clashes between troops and rebels" names no doer
            # for its verb: the clashes are the event)
            if pattern.pobj and not (is_passive(tok) and self.parties.subject(tok) is None):
                consumed.update(o.i for pr in preps if (o := pobj_of(pr)) is not None)
        return consumed

    def _means(self, doc: Doc, matched: dict) -> dict[int, str]:
        """Killings told as what an act of battle did, by trigger: the battle act's code ("an
        air strike killed five", "killed 15 in air strikes": `battle_outcome`)."""
        told = self.rules.battle_outcome
        out = {}
        for i, (pattern, _) in matched.items():
            verb = doc[i]
            if verb.pos_ != "VERB" or root_of(pattern.code) not in told.roots:
                continue
            acts = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
            acts += [o for c in verb.children if c.dep_ == "prep" and c.lower_ in self.rules.means_preps
                     and (o := pobj_of(c)) is not None]
            battle = next((matched[a.i][0].code for a in acts if a.i in matched
                           and root_of(matched[a.i][0].code) in told.outcome_roots), None)
            if battle is not None:
                out[i] = battle
        return out

    def _outcome(self, tok: Token, matched: dict) -> bool:
        """"ambushed a police convoy, killing 13 officers": a participle telling what an act of
        force did (or property it destroyed on the way) is that act's outcome, not a second event."""
        head = tok.head
        force = self.rules.force_roots
        told = matched[tok.i][0].code
        return (tok.tag_ == "VBG" and tok.dep_ in ("advcl", "xcomp", "conj") and head.i in matched
                and root_of(matched[head.i][0].code) in force
                and (root_of(told) in force or told.startswith(self.rules.force_outcome_codes)))

    def _obligation(self, doc: Doc, verb: Token, actors: Actors) -> list[Event]:
        """"Russia said Sudan must return the helicopter": what a speaker says another party
        must do is a demand on that party, whatever the verb (triggers are handled by the
        modality stage, which turns their stated futures into statements)."""
        if verb.pos_ not in ("VERB", "AUX") or not any(
                c.dep_ == "aux" and c.lower_ in self.language.obligation_aux for c in verb.children):
            return []
        speaker_tok = self.parties.speaker(verb)
        subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        source = actors.get(speaker_tok.i) if speaker_tok is not None else None
        if source is None:
            return []
        pattern = self.demand_pattern
        # "US and British forces must ensure ...": a demand on each
        return [self._event(doc, verb, pattern, source, target, sentence_of(verb),
                            self._confidence(pattern, source, target, "clause"), "clause")
                for _, target in self.parties.group(subject, actors, deep=False)
                if (source.country, source.role) != (target.country, target.role)]

    def _reported_wrong(self, doc: Doc, verb: Token, actors: Actors) -> list[Event]:
        """"Kyiv said the ships violated its border": a speaker who tells of another party's
        wrongdoing accuses it ("... and failed to return the migrants": the clause, or a verb
        joined to it, hangs on the speech verb itself)."""
        rules = self.rules.verdicts
        clause = verb.head if verb.dep_ == "conj" and verb.head.dep_ == "ccomp" else verb
        if verb.pos_ != "VERB" or verb.lemma_.lower() not in rules.wrong_acts or clause.dep_ != "ccomp" \
                or clause.head.lemma_.lower() not in self.language.speech_verbs \
                or any(w.dep_ == "neg" for v in (verb, clause.head) for w in v.children):
            return []
        if any(c.dep_ == "xcomp" and any(root_of(p.code) in self.rules.force_roots
                                         for p in self.patterns.candidates(c)) for c in verb.children):
            return []  # "failed to capture the town" tells a fight, not a wrong
        speaker_tok = self.parties.subject(clause.head)
        source = actors.get(speaker_tok.i) if speaker_tok is not None else None
        doer = self.parties.subject(verb)  # (a passive's agent; a joined verb's, its clause's)
        if source is None or doer is None:
            return []
        pattern = replace(self.verdict_patterns["on_act"], code=rules.accused)
        return [self._event(doc, verb, pattern, source, target, sentence_of(verb),
                            self._confidence(pattern, source, target, "reply"), "reply")
                for _, target in self.parties.group(doer, actors, deep=False)
                if (target.country, target.role) != (source.country, source.role)]

    def _verdict(self, doc: Doc, word: Token, actors: Actors, earlier: list[Event]) -> list[Event]:
        """"Lavrov said the allegations were unacceptable", "Riyadh called the raid an act of
        war": a speaker's verdict on a claim rejects it, on an act or a party disapproves of it,
        aimed at whoever made the claim or did the act."""
        if not self._verdict_word(word):
            return []
        frame = self._copula_frame(word) or self._naming_frame(word, actors)
        if frame is None:
            return []
        speaker_tok, subject = frame
        source = actors.get(speaker_tok.i) if speaker_tok is not None else None
        if source is None or subject is None:
            return []
        claim = subject.lemma_.lower() in self.rules.verdicts.claim_nouns
        if claim:
            # "said the US report was baseless": the claim's own author, else whoever the
            # speaker is answering
            target = self._author(subject, source, actors) or replied_to(source, earlier)
        elif subject.lower_ in self.rules.act_anaphors:
            target = counterpart(source, earlier)
        else:
            target = self.search.doer_of(subject, earlier) or self._author(subject, source, actors)
            if target is None and (subject.lemma_.lower() in self.rules.reply_nouns
                                   or self.patterns.match(subject) is not None):
                # "called the decision regrettable", "described the attack on the embassy as
                # outrageous": the act last told between the speaker's country and another (the
                # parties inside the act's phrase are those it befell)
                target = counterpart(source, earlier)
            target = target or self.parties.actor(subject, actors)
        if target is None or (target.country, target.role) == (source.country, source.role):
            return []
        pattern = self.verdict_patterns["on_claim" if claim else "on_act"]
        return [self._event(doc, word, pattern, source, target, sentence_of(word),
                            self._confidence(pattern, source, target, "reply"), "reply")]

    def _copula_frame(self, word: Token) -> tuple[Token | None, Token | None] | None:
        """"<speaker> said <subject> was <word>": the reporting speaker and the copula's subject."""
        if word.dep_ == "amod" and word.head.dep_ == "attr":
            word = word.head  # "was a cowardly attack": the verdict rides on the predicate noun
        cop = word.head
        if word.dep_ == "pobj" and cop.lower_ == "to":
            cop = cop.head  # "amounted to interference"
        elif word.dep_ not in ("acomp", "attr"):
            return None
        if cop.lemma_.lower() not in self.rules.verdicts.copulas \
                or any(c.dep_ == "neg" for c in cop.children):
            return None
        subject = next((c for c in cop.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        return self.parties.speaker(cop), subject

    def _naming_frame(self, word: Token, actors: Actors) -> tuple[Token | None, Token | None] | None:
        """"<speaker> called <object> <word>" (or "described <object> as <word>"): the naming
        verb's doer and what it names; the first verdict word under the verb speaks for it."""
        verb = word.head
        for _ in range(3):
            if verb.pos_ in ("VERB", "AUX") or verb.head.i == verb.i:
                break
            verb = verb.head
        clause = None
        if verb.dep_ == "ccomp" and verb.lemma_.lower() not in self.rules.verdicts.naming_verbs:
            clause, verb = verb, verb.head  # "termed the US move a violation", "move" read as a verb
        if verb.lemma_.lower() not in self.rules.verdicts.naming_verbs \
                or any(c.dep_ == "neg" for c in verb.children):
            return None
        if is_passive(verb):
            # "the vote was described as a farce by observers"
            named = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
            speaker = agent_of(verb) or self.parties.speaker(verb)
        else:
            named = next((c for c in verb.children if c.dep_ == "dobj"), None)
            if clause is not None:
                named = next((c for c in clause.children if c.dep_ == "nsubj"), None)
            speaker = self.parties.subject(verb)
        if named is None or word.i <= named.i or (speaker is not None and word in speaker.subtree):
            return None  # (a word before the named head is its own: "called the minister's racist remarks")
        if named.ent_type_ in ("GPE", "LOC", "FAC") and named.i not in actors:
            return None  # "calls Idlib a hotbed of terrorism" judges a place, not a party
        first = next(t for t in verb.subtree if t.i > named.i and (t.i == word.i or self._verdict_word(t)))
        return (speaker, named) if first.i == word.i else None

    def _verdict_word(self, tok: Token) -> bool:
        """Does the noun or adjective head one of the verdict phrases ("unacceptable", "war crime")?"""
        return tok.pos_ in ("ADJ", "NOUN") and bool({tok.lemma_.lower(), tok.lower_} & self.verdict_heads) \
            and any(phrase_matches(tok, w) for w in self.rules.verdicts.words)

    def _author(self, claim: Token, speaker: Actor, actors: Actors) -> Actor | None:
        """Who made a claim, as its phrase names them: "the US report", "Britain's accusations",
        "the allegations by Kiev"."""
        author = actors.get(claim.i)
        if author is None and (owner := self.parties.owner(claim, speaker, actors)) is not None:
            author = self.parties.actor(owner, actors)
        if author is None:
            author = next((a for c in claim.children if c.dep_ == "poss" and (a := actors.get(c.i))), None)
        return author

    # -- the events of one trigger ---------------------------------------------------------------
    def _events_for(self, doc: Doc, tok: Token, pattern: Pattern, preps: list[Token],
                    actors: Actors, earlier: list[Event]) -> Iterator[Event]:
        source_tok, target_tok, how = self.search.in_sentence(tok, pattern, preps, actors)
        sent = sentence_of(tok)
        parties = (self._between(tok, preps, actors) or self._hyphen_pair(tok, pattern)) \
            if pattern.symmetric else []
        if len(parties) > 1:
            # "clashes between A and B": the parties are the object of `between`, both ways;
            # "talks between Iran and the US, China and Russia": the first against the rest
            first = min(parties, key=lambda p: p[0].i)[1] if _one_against_list(parties) else None
            # two parties named "between" are two sides; of three, two of one state may be one
            two_sides = len(parties) == 2 and parties[0][0].i != parties[1][0].i
            for _, a in parties:
                for _, b in parties:
                    if a is not b and (two_sides or not self.parties.one_side(a, b)) \
                            and first in (None, a, b):
                        yield self._event(doc, tok, pattern, a, b, sent,
                                          self._confidence(pattern, a, b, how), how)
            return
        if self._not_an_event(tok, pattern, target_tok):
            return
        sources = self._sources(doc, tok, pattern, source_tok, actors)
        if not sources:
            return
        targets, how, mutual = self.search.in_article(tok, pattern, source_tok, sources, target_tok,
                                                      how, actors, earlier)
        pairs = self._pairs(pattern, sources, targets, mutual)
        # "Pakistan summoned an Indian diplomat to protest": a country named bare is its state
        states = {id(a) for t, a in sources if t.ent_type_ == "GPE" and not a.role}
        for source, target in pairs:
            if root_of(pattern.code) in self.rules.partner_roots and target is not None \
                    and target.guessed and target.country == source.country:
                continue  # "trained 500 hackers": cooperation needs a partner, not one's own
            yield self._event(doc, tok, pattern, source, target, sent,
                              self._confidence(pattern, source, target, how), how,
                              state=id(source) in states)

    def _both_sides(self, party: Token) -> bool:
        """"rival militias", "the two warring governments": a plural that names two sides."""
        return party.tag_ in ("NNS", "NNPS") and any(
            c.dep_ in ("amod", "nummod") and c.lower_ in self.rules.reciprocal_words for c in party.children)

    def _hyphen_pair(self, tok: Token, pattern: Pattern) -> Found:
        """"India-Pakistan talks", "the French-Iranian meeting": two countries joined by a
        hyphen before a nominal event are its two parties."""
        if pattern.pos != "NOUN":
            return []
        names = self.parties.geography.demonyms
        words = tok.doc[tok.left_edge.i:tok.i]  # the parser may nest the pair: India <- Pakistan <- talks
        for left, dash, right in zip(words, words[1:], words[2:]):
            if dash.text == "-" and not left.whitespace_ and not dash.whitespace_ \
                    and (a := names.get(left.text)) and (b := names.get(right.text)) and a != b:
                return [(left, Actor(left.text, a, "")), (right, Actor(right.text, b, ""))]
        return []

    def _between(self, tok: Token, preps: list[Token], actors: Actors) -> Found:
        """"clashes between A and B", "an exchange of fire between A and B": the parties'
        phrase hangs on the trigger, on the noun its pattern asks for, or on the verb a nominal
        trigger is the subject of."""
        heads = [tok, *(o for pr in preps if (o := pobj_of(pr)) is not None)]
        if tok.pos_ == "NOUN" and tok.dep_ in ("nsubj", "nsubjpass"):
            heads.append(tok.head)  # "Talks began in Vienna on Tuesday between Iran and the US"
        between = [c for head in heads for c in head.children
                   if c.dep_ == "prep" and c.lower_ == "between"]
        first = pobj_of(between[0]) if between else None
        if first is None:
            return []
        parties = self.parties.group(first, actors)
        if len(parties) == 1:
            # the second side, which `group` merges when it is of the same country and role
            # ("between the army and the presidential guard"), or which the parser hangs on a
            # word inside the first side's phrase ("between forces loyal to X and supporters of Y")
            second = next((found for t in first.subtree if t.dep_ == "conj" and t.i > first.i
                           and (found := self.parties.actor_at(t, actors, deep=False)) is not None
                           and found[0].i != parties[0][0].i and found[1].country is not None), None)
            if second is not None:
                parties.append(second)
        return plural_party(parties)

    def _not_an_event(self, tok: Token, pattern: Pattern, target_tok: Token | None) -> bool:
        """"people had gathered to mourn" is no protest; "speaking to supporters" addresses an
        audience, it consults no one; "asked not to be named" asks for anonymity."""
        if root_of(pattern.code) in self.rules.protest_roots and any(
                c.dep_ in ("xcomp", "advcl") and c.lemma_.lower() in self.rules.peaceful_purposes
                for c in tok.children):
            return True
        if any(c.dep_ == "xcomp" and c.lemma_.lower() in self.rules.anonymity_verbs and is_passive(c)
               for c in tok.children):
            return True  # "the official, who asked not to be named"
        return pattern.code in self.rules.audience_codes and target_tok is not None \
            and target_tok.lemma_.lower() in self.rules.audience_nouns

    def _sources(self, doc: Doc, tok: Token, pattern: Pattern, source_tok: Token | None,
                 actors: Actors) -> Found:
        sources = self.parties.group(source_tok, actors, deep=False)
        if pattern.pos == "NOUN" and source_tok is not None and source_tok.i == tok.i and not any(
                c.dep_ in ("compound", "amod", "nmod") and (c.ent_type_ in ("NORP", "GPE", "ORG")
                                                            or c.i in actors or _leader(c))
                for c in tok.lefts):
            # A nominal event's own phrase names its doer only by a named modifier ("US air
            # strikes"); "the embassy riot" names where it happened, not who rioted. Protests
            # "in Iran" are those of its people ("riot police", "protest leaders" name no protest).
            people = _people_of(tok, actors, (doc._.context or [None])[0]) \
                if root_of(pattern.code) in self.rules.protest_roots \
                and tok.dep_ not in ("compound", "amod", "nmod") else None
            sources = [(tok, people)] if people is not None else []
        if pattern.code in self.rules.visits.codes:
            # "refugees arriving in Bangladesh" travel; a visit is made by those who represent
            sources = [(t, a) for t, a in sources if a.role not in self.rules.visits.unofficial_roles]
        return sources

    def _pairs(self, pattern: Pattern, sources: Found, targets: Found,
               mutual: bool) -> list[tuple[Actor, Actor | None]]:
        """(source, target) of each event the trigger tells."""
        root = root_of(pattern.code)
        if root in self.rules.channel_roots and targets:
            # "the minister, speaking to state TV": the channel of a statement is no party
            targets = [(t, a) for t, a in targets if a.role != "MED"]
            if not targets:
                return []
        pairs: list[tuple[Actor, Actor | None]] = []
        # "Australia and Japan agreed to boost cooperation between their militaries": parties
        # that act together toward "their" own bodies act toward each other, not themselves
        each_other = len(sources) > 1 and len(targets) > 1 \
            and {a.country for _, a in targets} <= {a.country for _, a in sources}
        if targets:
            for _, s in sources:
                for _, t in targets:
                    if s is not t and not (each_other and s.country == t.country):
                        pairs.append((s, t))
                        if pattern.symmetric:
                            pairs.append((t, s))
        elif mutual and len(sources) > 1:
            pairs = [(a, b) for _, a in sources for _, b in sources if a is not b]
        elif pattern.symmetric and len(sources) == 1 and self._both_sides(sources[0][0]):
            # (each side is the other's named partner, not one guessed from the article)
            side = replace(sources[0][1], guessed=False)
            other = replace(side)
            pairs = [(side, other), (other, side)]
        else:
            pairs = [(s, None) for _, s in sources]
        repression = self.rules.domestic_repression
        if root in repression.roots:
            # people a state arrests or executes with no country of their own are its own
            pairs = [(s, replace(t, country=s.country) if t is not None and t.guessed
                      and s.role in repression.roles and s.country and not s.guessed else t)
                     for s, t in pairs]
        return pairs

    # -- one event -----------------------------------------------------------------------------
    def _confidence(self, pattern: Pattern, source: Actor, target: Actor | None, how: str) -> float:
        score = self.rules.learned.confidence if pattern.learned else 0.5 + 0.08 * min(pattern.specificity, 3)
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
        code = self._aerial(self.means.get(tok.i, pattern.code), source)
        code = self._recode(code, source, target, state, pattern.symmetric)
        outcome = self.outcomes.get(tok.i, "")
        told = self.rules.repression_outcome
        if root_of(code) in told.roots and root_of(outcome) in told.outcome_roots:
            code = outcome  # "opened fire on protesters, killing five": repression that kills
        cameo = lookup(code)
        sentence = sent.text  # not doc.text: spaCy rebuilds that string on every access
        offset = doc._.char_offset(sent.start_char)
        word = doc._.char_offset(tok.idx)
        return Event(
            article_id=doc._.article_id or "", article_date=doc._.article_date,
            date=doc._.article_date, code=cameo.code, root=cameo.root, quad=cameo.quad,
            goldstein=cameo.goldstein, plover=cameo.plover, source=source, target=target,
            location=None, sentence=sentence, span=(offset, offset + len(sentence)),
            confidence=confidence, trigger=(word, word + len(tok.text)),
            extra={"trigger": tok.i, "pattern": pattern.order, "speech": pattern.speech,
                   "symmetric": pattern.symmetric, "target_from": how if target is not None else None})

    def _aerial(self, code: str, source: Actor) -> str:
        """"a coalition warplane struck a market": force done by aircraft is an air strike."""
        aerial = self.rules.aerial
        if root_of(code) in aerial.roots and any(w in aerial.doers for w in source.text.lower().split()):
            return aerial.code
        return code

    def _recode(self, code: str, source: Actor, target: Actor | None, state: bool, clash: bool) -> str:
        """The code the actors call for: the first row of the re-coding table that fits."""
        for row in self.rules.recode:
            if _fits(row, code, source, target, state, clash):
                code = row.by_source_role.get(source.role, row.code)
                if row.then != "continue":
                    return code
        return code


def _fits(row: Recode, code: str, source: Actor, target: Actor | None, state: bool, clash: bool) -> bool:
    if not starts_with_any(code, row.codes):
        return False
    if row.source_roles and not (source.role in row.source_roles or (row.bare_state and state)):
        return False
    if row.target_roles and (target is None or target.role not in row.target_roles):
        return False
    if (row.target == "none" and target is not None) or (row.target == "some" and target is None):
        return False
    return row.symmetric is None or row.symmetric == clash


def _leader(mod: Token) -> bool:
    """"U.S.-led", "Saudi-led": a modifier that names who leads the act."""
    return mod.lemma_.lower() == "lead" and any(c.ent_type_ in ("NORP", "GPE", "ORG") for c in mod.lefts)


def _people_of(noun: Token, actors: Actors, home: str | None) -> Actor | None:
    """The population of the country a nominal protest happens in ("protests in Iran"), else
    of the article's country ("fired tear gas to break up protests against Kabila")."""
    for c in noun.children:
        if c.dep_ == "prep" and c.lower_ == "in" and (o := pobj_of(c)) is not None:
            place = actors.get(o.i)
            if place is not None and place.country and not place.role and o.ent_type_ == "GPE":
                return Actor(f"{noun.text} {c.text} {o.text}", place.country, "CVL")
    phrase = noun.doc[noun.left_edge.i:noun.i + 1].text
    return Actor(phrase, home, "CVL", guessed=True) if home else None


class EventsComponent:
    """Finds events from the verb/noun patterns of data/verbs.yaml (doc._.events), noting the
    triggers that gave none (doc._.dropped)."""

    def __init__(self, patterns: PatternSet, rules: EventsSettings, language: LanguageSettings,
                 geography: Geography) -> None:
        self.finder = EventFinder(patterns, rules, language, geography)

    def __call__(self, doc: Doc) -> Doc:
        doc._.events = self.finder(doc)
        for tok, code, reason in self.finder.unresolved:
            drop(doc, sentence_of(tok).text, code, reason)
        return doc


def _one_against_list(parties: list[tuple[Token, Actor]]) -> bool:
    """"between Iran and the United States, China, Russia and France": three or more parties
    whose first is joined by "and" before the others are listed with commas face the first."""
    if len(parties) < 3:
        return False
    toks = sorted(t.i for t, _ in parties)
    doc = parties[0][0].doc
    words = [doc[i].lower_ for i in range(toks[0] + 1, toks[-1])]
    return "and" in words and "," in words and words.index("and") < words.index(",")

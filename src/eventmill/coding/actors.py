"""Actor recognition: who a noun phrase stands for, as CAMEO country + sector.

Country names, demonyms and capitals give the country; agent nouns give the sector
("Iranian foreign ministry spokesman" -> IRN GOV, as PETRARCH combines them); the
known-actors file gives people, groups and international bodies with date-limited roles.
Within an article, a person keeps the code their title gave them, pronouns and definite
descriptions take the last fitting actor, and agents with no country take the country of
the article's places.
"""
from __future__ import annotations

import datetime as dt
import functools
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from spacy.tokens import Doc, Span, Token

from eventmill.cameo import NON_STATE
from eventmill.coding.dictionary import Lexicon, Mention, sentence_mentions
from eventmill.coding.geography import Geography
from eventmill.coding.lexicon import (entity_span, entity_text, nsubj, reporting_verb, sentence_of,
                                      sentence_speaker)
from eventmill.coding.settings import ActorsSettings, LanguageSettings
from eventmill.types import Actor

# Dependency labels whose subtree belongs to the noun phrase left of its head.
NP_LEFT_DEPS = {"compound", "amod", "poss", "nmod", "det", "nummod", "quantmod", "npadvmod",
                "case", "punct", "nn", "cc", "advmod", "predet"}


@dataclass
class ArticleMemory:
    """What earlier sentences of the article established, for later references."""

    people: dict[str, Actor] = field(default_factory=dict)  # name or surname -> actor
    first_words: dict[str, Actor] = field(default_factory=dict)  # first word of a name -> actor
    bodies: dict[str, Actor] = field(default_factory=dict)  # head noun of a named body -> actor
    agent_country: dict[str, str] = field(default_factory=dict)  # agent lemma -> country
    last_person: Actor | None = None
    last_group: Actor | None = None
    last_group_others: list[Actor] = field(default_factory=list)  # "Ethiopia and Eritrea": Eritrea
    last_state: Actor | None = None  # the last country named bare ("Canada"), for "the country"
    by_role: dict[str, Actor] = field(default_factory=dict)
    countries: Counter = field(default_factory=Counter)  # countries named outright
    # actors placed in a country, in reading order: (start of their sentence, is a person, actor)
    parties: list[tuple[int, bool, Actor]] = field(default_factory=list)


class ActorResolver:
    """Resolves noun-phrase heads of one article to actors, in reading order."""

    def __init__(self, lexicon: Lexicon, words: ActorsSettings, language: LanguageSettings,
                 day: dt.date, home: str | None = None,
                 place_of: Callable[[Span], str | None] = lambda sent: None,
                 country_of_place: Callable[[Token], str | None] = lambda tok: None) -> None:
        self.lex = lexicon
        self.words = words
        self.language = language
        self.pronouns = language.pronouns
        self.locative = language.locative_preps
        self.speech_verbs = language.speech_verbs
        self.day = day
        self.home = home  # the article's own country (the setting stage's)
        self.place_of = functools.cache(place_of)  # country of the place a sentence names
        self.country_of_place = country_of_place  # country of a place name
        self.memory = ArticleMemory()
        self.coactors: dict[int, list[Actor]] = {}

    def resolve_doc(self, doc: Doc) -> dict[int, Actor]:
        actors: dict[int, Actor] = {}
        for sent in doc.sents:
            mentions = sentence_mentions(sent, self.lex, self.day)
            speakers = []
            for tok in sent:
                if tok.pos_ not in ("NOUN", "PROPN", "PRON") or tok.dep_ in ("compound", "flat"):
                    continue
                if tok.pos_ == "PRON" and tok.lower_ in self.pronouns.first_person:  # not "the US"
                    speakers.append(tok)
                    continue
                actor = self.resolve(tok, mentions, actors)
                if actor is not None:
                    actors[tok.i] = actor
            for tok in sent:
                # "the UN envoy, Jan Kowalski": the name is the envoy's, later named alone
                if tok.ent_type_ == "PERSON" and tok.dep_ == "appos" and tok.i not in actors \
                        and tok.head.pos_ == "NOUN" and (holder := actors.get(tok.head.i)) is not None:
                    self._remember_person(tok, replace(holder, name=entity_text(tok)))
            for tok in speakers:  # "'We condemn it,' he said": the quote's speaker is "we"
                speaker = sentence_speaker(sent, self.speech_verbs, actors)
                if speaker is not None:
                    actors[tok.i] = speaker
        return actors

    def _phrase(self, head: Token) -> tuple[int, int]:
        """Token range of the noun phrase up to its head (left modifiers and the head)."""
        left = head.i
        stack = [c for c in head.lefts if c.dep_ in NP_LEFT_DEPS]
        while stack:
            child = stack.pop()
            left = min(left, child.i)
            stack.extend(c for c in child.lefts)
            stack.extend(c for c in child.rights if c.i < head.i)
        return left, head.i + 1

    @staticmethod
    def _state_named(head: Token, mentions: list[Mention]) -> str | None:
        """"the Kingdom of Morocco": the state its "of" phrase names."""
        named = {t.i for pr in head.children if pr.dep_ == "prep" and pr.lower_ == "of"
                 for t in pr.subtree}
        # (the entity may run over the whole phrase: "The Kingdom of Morocco" is one GPE)
        return next((m.country for m in mentions if any(m.start <= i < m.end for i in named)
                     and m.kind != "agent"
                     and m.country and len(m.country) == 3 and m.country not in NON_STATE), None)

    def _state_meant(self, head: Token) -> str | None:
        """"after the country expressed concern" is the state last named, as a doer; "the kingdom"
        is the monarchy the article names most, in any role."""
        last = self.memory.last_state.country if self.memory.last_state is not None else None
        if head.lemma_.lower() not in self.words.monarchy_nouns:
            return last if head.dep_ in ("nsubj", "nsubjpass") else None
        named = [(n, c) for c, n in self.memory.countries.most_common() if c in self.words.monarchies]
        return named[0][1] if named else last

    def resolve(self, head: Token, mentions: list[Mention], done: dict[int, Actor]) -> Actor | None:
        if self._counted_pair(head):
            return self._pair_named_before(head)
        if head.pos_ == "PRON":
            return self._pronoun(head, done)
        if head.tag_ == "NN" and head.lemma_.lower() in self.words.mass_agent_nouns and not any(head.lefts):
            return None  # "would use force": a thing, not the armed forces
        if head.lemma_.lower() in self.words.state_nouns and [c.lower_ for c in head.lefts] == ["the"]:
            state = self._state_named(head, mentions) or self._state_meant(head)
            if state is not None:
                return Actor(head.doc[head.i - 1:head.i + 1].text, state, "")
        if (holder := self._posted_title_holder(head, done)) is not None:
            self._remember(head, holder, [])
            return holder
        start, end = self._phrase(head)
        # (a known name may run on past its head: "the Department of State", "the Committee to
        # Protect Journalists")
        inside = [m for m in mentions if m.start >= start and (
            m.end <= end or (m.kind == "known" and m.start <= head.i < m.end))]
        actor = self._combine(head, start, end, inside)
        if actor is None or actor.country is None:
            actor = self._placed_by_phrase(head, start, end, inside, mentions, actor)
        if actor is not None and actor.country is None and actor.role in self.words.origin_roles \
                and (starts := _after_from(head.doc, end)):
            # "refugees from Ukraine" even where the parser hung "from Ukraine" on the verb
            origin = next((m for m in mentions if m.start in starts), None)
            if origin is not None and origin.kind in ("names", "people", "adjectives") and origin.country:
                actor = Actor(actor.text, origin.country, actor.role)
                self._origins_listed(head, origin, mentions, actor)
        if actor is None and head.lower_ in self.words.crowd_numbers and head.dep_ in ("nsubj", "nsubjpass") \
                and not any(c.dep_ == "prep" and c.lower_ == "of" for c in head.children):
            actor = Actor(head.doc[start:end].text, None, "CVL")  # "Thousands marched in Paris"
        if actor is None:
            actor = self._body_named_before(head)
        if actor is None:
            return None
        if (home := self._homeland(head, mentions)) is not None and actor.role == "CVL":
            actor = Actor(actor.text, home, actor.role)  # "the Albanians of southern Serbia"
        if actor.country is None and self.memory.last_group is not None and any(
                c.dep_ == "poss" and c.lower_ == "their" for c in head.children):
            # "Ethiopia and Eritrea ... their leaders met": the leaders of both
            actor.country = self.memory.last_group.country
            if self.memory.last_group_others:
                self.coactors[head.i] = [Actor(actor.text, o.country, actor.role)
                                         for o in self.memory.last_group_others]
        if actor.country is None and head.dep_ == "conj" and (first := done.get(head.head.i)) \
                is not None and first.country and not first.guessed and first.country not in NON_STATE:
            # "the South Sudanese government and rebels loyal to Machar": one country's parties
            actor.country = first.country
        if actor.country is None:
            actor.country = self._placed_by_name(head, end)
        if actor.country is None and self._international_title(head, start, end):
            actor.country = "IGO"
        if actor.country is None and any(c.dep_ == "amod" and c.lower_ in self.words.international_words
                                         for c in head.lefts):
            # "international investigators" are of a body of states; "an international human
            # rights group" is a non-governmental one, "international companies" multinational
            actor.country = self.words.international_by_role.get(actor.role, "IGO")
        if actor.country is None:
            actor.country = self._from_context(head, actor.role)
            actor.guessed = True
        self._coordinated(head, actor, inside)
        self._elliptical(head, actor, start)
        self._remember(head, actor, inside)
        if self.memory.last_group is actor and head.dep_ == "conj":
            # "Ethiopia and Eritrea": a later "their" means both
            self.memory.last_group_others += [done[t.i] for t in head.conjuncts if t.i in done
                                              and done[t.i].country != actor.country]
        return actor

    def _origins_listed(self, head: Token, origin: Mention, mentions: list[Mention], actor: Actor) -> None:
        """"envoys from Latvia, Estonia and Lithuania": each country of the list has its own."""
        listed = [m.country for t in head.doc[origin.end - 1].conjuncts
                  for m in mentions if m.start <= t.i < m.end and m.country]
        others = sorted({c for c in listed if c != actor.country})
        if others:
            self.coactors[head.i] = [Actor(actor.text, c, actor.role) for c in others]

    def _placed_by_phrase(self, head: Token, start: int, end: int, inside: list[Mention],
                          mentions: list[Mention], actor: Actor | None) -> Actor | None:
        """"the envoy, Matt Tueller", "warplanes from a Saudi-led coalition", "a spokesman for
        the ministry": the apposition or the `of/for/from` phrase may place the actor."""
        for child in head.rights:
            if child.dep_ == "appos":
                further = child
            elif child.dep_ == "prep" and child.lower_ in self.words.placing_preps and (
                    actor is not None or (child.lower_ == "of" and self._counts(head))):
                further = next((c for c in child.children if c.dep_ == "pobj"), None)
            else:
                continue
            if further is None:
                continue
            s2, e2 = self._phrase(further)
            # (a known name may run on past the phrase: "the Economic Community of West
            # African States")
            extra = [m for m in mentions if m.start >= s2 and (
                m.end <= e2 or (m.kind == "known" and m.start <= further.i < m.end))]
            wider = self._combine(head, start, end, inside + extra)
            if wider is not None and (wider.country or actor is None):
                if child.dep_ == "prep" and actor is not None and actor.role:
                    # "supporters of Ben Bella": the person places them, they stay supporters
                    wider = Actor(actor.text, wider.country, actor.role)
                return wider
        return actor

    def _homeland(self, head: Token, mentions: list[Mention]) -> str | None:
        """The country a people noun's `of` phrase names as its land ("Albanians of southern
        Serbia"), when that is another country than the people's own."""
        own = next((m for m in mentions if m.kind == "people" and m.start <= head.i < m.end), None)
        if own is None:
            return None
        for prep in head.children:
            if prep.dep_ == "prep" and prep.lower_ == "of" and (
                    land := next((c for c in prep.children if c.dep_ == "pobj"), None)) is not None:
                s2, e2 = self._phrase(land)
                found = [m for m in mentions if m.kind == "names" and s2 <= m.start and m.end <= e2]
                if found and found[-1].country != own.country:
                    return found[-1].country
        return None

    def _posted_title_holder(self, head: Token, done: dict[int, Actor]) -> Actor | None:
        """"UN envoy to Libya Bernardino Leon": the parser makes the person the object of "to",
        with the host country as a modifier of the name; the person is the envoy."""
        prep, title = head.head, head.head.head
        if head.ent_type_ != "PERSON" or head.dep_ != "pobj" or prep.lower_ != "to" \
                or title.lemma_.lower() not in self.words.posted_titles or title.i not in done:
            return None
        first = head.left_edge
        if first.i == head.i or first.dep_ != "compound" or self.country_of_place(first) is None:
            return None
        name = head.doc[first.i + 1:head.i + 1].text
        return replace(done[title.i], text=name, name=name)

    def _international_title(self, head: Token, start: int, end: int) -> bool:
        """"The Secretary-General deplored", "Deputy Secretary-General Jan Eliasson": a title
        of an international body, with no body, country or owner named (not "the party's
        secretary-general")."""
        phrase = head.doc[start:end]
        if any(t.dep_ == "poss" for t in phrase) or any(
                c.dep_ == "prep" and c.lower_ == "of" for c in head.children):
            return False
        text = " ".join(t.lower_ for t in phrase).replace(" - ", "-")
        return any(title in text for title in self.words.international_titles)

    def _counts(self, head: Token) -> bool:
        return head.like_num or head.lemma_.lower() in self.words.quantity_nouns

    def _elliptical(self, head: Token, actor: Actor, start: int) -> None:
        """"North and South Korea", "North and South Korean officials": two countries named
        with one noun are the first, with the other as its coactor."""
        text = head.doc[start:head.right_edge.i + 1].text  # "negotiators for North and South Korea"
        pair = next((countries for words, countries in self.words.elliptical_pairs.items() if words in text), None)
        if pair is not None:
            actor.country = pair[0]
            self.coactors[head.i] = [Actor(actor.text, c, actor.role) for c in pair[1:]]

    def _coordinated(self, head: Token, actor: Actor, inside: list[Mention]) -> None:
        """"Indian and Pakistani forces" is two actors: record the others beside the first."""
        countries = [m for m in inside if m.kind in ("names", "adjectives", "people") and m.country]
        if len(countries) < 2 or actor.name:
            return
        doc = head.doc
        joined = any(t.dep_ == "cc" for t in doc[countries[0].start:countries[-1].end])
        if not joined:
            return
        others = {m.country for m in countries} - {actor.country}
        self.coactors[head.i] = [Actor(actor.text, c, actor.role) for c in sorted(others)]

    def _combine(self, head: Token, start: int, end: int, inside: list[Mention]) -> Actor | None:
        doc = head.doc
        text = doc[start:end].text
        known = [m for m in inside if m.kind == "known"]
        # "ethnic Albanians in south Serbia": a minority is coded by where it lives;
        # "Israel's militia ally": a patron is not the actor
        countries = [m for m in inside if m.kind not in ("agent", "known") and m.country
                     and not self._patron(m, head)]
        ethnic = [m for m in countries if m.start > 0 and doc[m.start - 1].lower_ == "ethnic"]
        if ethnic:
            countries = [m for m in countries if m not in ethnic]
            if not known and not any(m.kind == "agent" for m in inside):
                return Actor(text=doc[start:end].text, country=None, role="CVL")
        # Words inside a known name ("African Union") are not agents of their own, and an
        # adjective only names an agent as the head ("military officials", not "military aid").
        agents = [m for m in inside if m.kind == "agent"
                  and not any(k.start <= m.start and m.end <= k.end for k in known)
                  and (m.end - 1 == head.i or doc[m.end - 1].pos_ in ("NOUN", "PROPN"))]
        person = self._person_from_memory(head, start, end) if not known else None
        country = None
        role = ""
        name = None
        if known:
            k = known[-1]
            country, role, name = k.country, k.role or "", k.name
            if agents and agents[-1].start >= k.end and doc[k.end].tag_ == "POS":
                # "Maduro's opponents", "Putin's spokesman": the person only places them
                role, name = agents[-1].role or "", None
        elif person is not None:
            country, role, name = person.country, person.role, person.name
        if countries and (country is None or not known or known[-1].end <= countries[-1].start):
            c = countries[-1]
            if c.kind == "people" and len(countries) > 1 and countries[-2].kind in ("names", "adjectives") \
                    and countries[-2].country != c.country \
                    and not any(t.dep_ == "cc" for t in doc[countries[-2].start:c.end]):
                # "Bosnian Serbs", "Kosovo Albanians": a people is coded where it lives
                c = Mention(c.start, c.end, countries[-2].country, c.role, kind=c.kind)
            if known and c.kind == "names" and c.end - 1 == head.i:
                # "NATO-member Norway", "OPEC member Nigeria": the country named as the head acts
                country, role, name = None, "", None
            if country is None:
                country = c.country
                # "Tehran said" is the government; "the capital Juba", "in Khartoum" a city
                named_as_place = c.kind == "capitals" and (
                    any(t.lemma_.lower() in self.words.place_words for t in doc[start:end])
                    or (head.dep_ == "pobj" and head.head.lower_ in self.locative))  # "in Khartoum"
                role = role or ("" if named_as_place else c.role) or ""
        if agents:
            # The agent nearest the head is the most specific ("opposition leader" over "leader").
            agent = agents[-1]
            if not role or (not known and person is None):
                role = agent.role or role
            if country is None:
                country = self._remembered_country(agents)
        if country is None and not role and not name:
            return None
        if name is None and head.ent_type_ == "PERSON":
            name = entity_text(head)
        return Actor(text=text, country=country, role=role, name=name)

    def _patron(self, m: Mention, head: Token) -> bool:
        """Is the country the possessor of a word for a client ("Israel's militia ally",
        "Iran's proxies"), or what its supporters are for ("pro-Russian rebels" in Ukraine)?"""
        doc = head.doc
        if m.start >= 2 and doc[m.start - 1].text == "-" and doc[m.start - 2].lower_ in self.words.patron_prefixes:
            return True
        return m.end < len(doc) and doc[m.end].tag_ == "POS" and any(
            t.lemma_.lower() in self.lex.client_words for t in doc[m.end:head.i + 1])

    def _person_from_memory(self, head: Token, start: int, end: int) -> Actor | None:
        # The tagger may call a bare surname ORG on second mention, or a capitalised plural
        # noun ("Morales accused", "Griffiths praised"): trust the article's memory.
        if head.pos_ != "PROPN" and not (head.pos_ == "NOUN" and head.is_title
                                         and head.text in self.memory.people):
            return None
        full = entity_text(head)
        found = self.memory.people.get(full) or self.memory.people.get(head.text)
        if found is None and full == head.text:  # a word alone: "Hua urged Canada"
            found = self.memory.first_words.get(head.text)
        return found

    def _remembered_country(self, agents: list[Mention]) -> str | None:
        # "Embassy guards" after "the US Embassy": any word of an agent may have been placed.
        for m in reversed(agents):
            for key in (m.key, *reversed(m.key.split())):
                if key in self.memory.agent_country:
                    return self.memory.agent_country[key]
        return None

    def _placed_by_name(self, head: Token, end: int) -> str | None:
        """"Gaza militants", "rebels from the Gaza Strip", "Aleppo police": a place named on an
        agent, or as where it comes from, is its country (country names and capitals are the
        dictionary's; this reads every place the gazetteer knows, where the parser's
        entities call the name a place: a bare proper noun may be a person's or a group's)."""
        doc = head.doc
        places = [c for c in head.lefts if c.dep_ in ("compound", "nmod")]
        places += [doc[i] for i in _after_from(doc, end)[-1:]]
        return next((c for t in places if t.ent_type_ in ("GPE", "LOC")
                     and (c := self.country_of_place(t)) is not None), None)

    def _from_context(self, head: Token, role: str) -> str | None:
        remembered = self.memory.by_role.get(role)
        if remembered is not None and remembered.country and any(
                d.dep_ == "det" and d.lower_ in self.language.definite_determiners for d in head.lefts):
            return remembered.country
        here = self.place_of(sentence_of(head))
        if here:
            return here  # "rebels shelled army positions near Debaltseve": Ukrainian rebels
        if self.home:
            return self.home
        # No place named yet: the country the article's actors mostly belong to.
        common = self.memory.countries.most_common(1)
        return common[0][0] if common else None

    def _counted_pair(self, head: Token) -> bool:
        """"Both agreed", "the two sides", "both leaders": two parties named by count alone (a
        phrase with a country of its own, "both Korean leaders", is resolved as usual)."""
        if head.dep_ not in ("nsubj", "nsubjpass"):
            return False  # ("urged both sides": the parties the urging names are not yet known)
        if head.pos_ == "PRON":
            return head.lower_ in self.words.pair_words
        lefts = {c.lower_ for c in head.lefts}
        return head.tag_ == "NNS" and head.lemma_.lower() in self.words.pair_nouns | self.words.pair_person_nouns \
            and lefts <= {"the", "these", "those", *self.words.pair_words} \
            and ("both" in lefts or ("two" in lefts and len(lefts) > 1))  # "the two sides", not "two sides"

    def _pair_named_before(self, head: Token) -> Actor | None:
        """The last two parties of different countries (people, for "the two leaders") named in
        `head`'s sentence or the two before it: the later one, with the other as its coactor."""
        recent = {head.sent.start}
        for _ in range(2):
            if min(recent) > 0:
                recent.add(head.doc[min(recent) - 1].sent.start)
        people = head.lemma_.lower() in self.words.pair_person_nouns
        pair = self._last_two(recent, people)
        if len(pair) < 2 and people:
            # (a name the parser did not take for a person's: "President Moon Jae-in")
            pair = self._last_two(recent, False)
        if len(pair) < 2:
            return None
        text = head.doc[self._phrase(head)[0]:head.i + 1].text
        self.coactors[head.i] = [Actor(text, pair[1].country, pair[1].role)]
        return Actor(text, pair[0].country, pair[0].role)

    def _last_two(self, sentences: set[int], people: bool) -> list[Actor]:
        """The last two parties of different countries named in `sentences` (people only, or any)."""
        pair: list[Actor] = []
        for start, person, actor in reversed(self.memory.parties):
            if start in sentences and (person or not people) and all(a.country != actor.country for a in pair):
                pair.append(actor)
            if len(pair) == 2:
                break
        return pair

    def _pronoun(self, head: Token, done: dict[int, Actor]) -> Actor | None:
        low = head.lower_
        if low in self.pronouns.relative and head.head.dep_ == "relcl":
            antecedent = head.head.head
            if antecedent.i in done:
                return done[antecedent.i]
            # "The RSF stormed the camp in an attack that killed 35": the attack's doer is the
            # subject of the clause the attack belongs to.
            prep = antecedent.head
            if antecedent.dep_ == "pobj" and prep.head.pos_ == "VERB":
                subj = nsubj(prep.head)
                return done.get(subj.i) if subj is not None else None
            return None
        if low in self.pronouns.person:
            # "Lopez said he had been released": in reported speech "he" is the speaker
            speaker = self._reporting_subject(head, done)
            if speaker is not None and speaker.name:
                return speaker
            if self.memory.last_person:
                return self.memory.last_person
        if low in self.pronouns.group:
            # "The protesters said the Sandinistas attacked them": in reported speech a group
            # pronoun is the group that speaks
            speaker = self._reporting_subject(head, done)
            if speaker is not None and low in self.pronouns.plural \
                    and (both := self._speakers_with(head, speaker, done)):
                return both  # "Abe and Turnbull said they had signed a pact": the two of them
            if speaker is not None and (head.dep_ not in ("nsubj", "nsubjpass") or low == "it") \
                    and (not speaker.name or speaker.role in self.words.group_roles):
                return speaker  # "Al-Shabaab said it is holding students hostage"
            if self.memory.last_group:
                return self.memory.last_group
        return None

    def _speakers_with(self, pron: Token, speaker: Actor, done: dict[int, Actor]) -> Actor | None:
        """A plural pronoun whose speakers are several parties ("A and B said they ..."): the
        first of them, the others as its coactors; None for one speaker."""
        verb = reporting_verb(pron, self.speech_verbs, hops=4)
        subj = nsubj(verb) if verb is not None else None
        others = [done[t.i] for t in (subj.conjuncts if subj is not None else ())
                  if t.i in done and done[t.i].country not in (None, speaker.country)]
        if not others:
            return None
        self.coactors[pron.i] = [Actor(pron.text, o.country, o.role) for o in others]
        return speaker

    def _reporting_subject(self, tok: Token, done: dict[int, Actor]) -> Actor | None:
        """The resolved subject of the speech verb whose clause holds `tok`, if any."""
        verb = reporting_verb(tok, self.speech_verbs, hops=4)
        subj = nsubj(verb) if verb is not None else None
        if subj is None and verb is not None and verb.dep_ == "conj":
            subj = nsubj(verb.head)  # "Al-Shabaab claimed the attack and said that it ..."
        return done.get(subj.i) if subj is not None else None

    def _body_named_before(self, head: Token) -> Actor | None:
        """"the council" after "the UN Security Council", "the commission" after "the
        electoral commission of Kenya": a bare definite noun is the body last named with it."""
        if [c.lower_ for c in head.lefts] != ["the"]:
            return None
        body = self.memory.bodies.get(head.lemma_.lower())
        return replace(body, text=head.doc[head.i - 1:head.i + 1].text) if body is not None else None

    def _remember_person(self, head: Token, actor: Actor) -> None:
        """A person is named again by the whole name, its last word, or any later word of it:
        "Ana Maria Ruiz Soto" may be "Ms Ruiz" further down; where the surname comes first, by
        the first word ("Hua Chunying", then "Hua"), unless that word is already someone's."""
        people = self.memory.people
        name = entity_span(head) if head.ent_type_ == "PERSON" else head.doc[head.i:head.i + 1]
        people.setdefault(name.text, actor)
        people.setdefault(head.text, actor)
        for tok in name[1:]:
            if tok.pos_ == "PROPN" and tok.is_title and len(tok) > 2:
                people.setdefault(tok.text, actor)
        first = name[0]
        if len(name) > 1 and first.pos_ == "PROPN" and first.is_title and len(first) > 1:
            self.memory.first_words.setdefault(first.text, actor)

    def _remember(self, head: Token, actor: Actor, inside: list[Mention]) -> None:
        mem = self.memory
        is_person = head.ent_type_ == "PERSON" or (actor.name is not None and head.pos_ == "PROPN"
                                                   and head.ent_type_ not in ("ORG", "GPE", "NORP"))
        if is_person:
            mem.last_person = actor
            self._remember_person(head, actor)
        else:
            mem.last_group = actor
            mem.last_group_others = list(self.coactors.get(head.i, ()))
            if actor.name and head.pos_ in ("NOUN", "PROPN"):
                mem.bodies[head.lemma_.lower()] = actor
            if not actor.role and head.ent_type_ == "GPE" and actor.country and len(actor.country) == 3 \
                    and actor.country not in NON_STATE:
                mem.last_state = actor
        if actor.role and actor.country not in NON_STATE:  # "the police" are no body's of states
            mem.by_role[actor.role] = actor
        if not (head.dep_ == "pobj" and head.head.lower_ in self.locative):  # not "in Luanda"
            person = is_person and actor.role not in self.words.group_roles  # not "Boko Haram"
            mem.parties += [(head.sent.start, person, a) for a in (actor, *self.coactors.get(head.i, ()))
                            if a.country and not a.guessed]
        if any(m.kind != "agent" and m.country and len(m.country) == 3 and m.country not in NON_STATE
               for m in inside):
            mem.countries[actor.country] += 1
        if actor.country:
            for m in inside:
                if m.kind == "agent":
                    for key in (m.key, *m.key.split()):
                        mem.agent_country[key] = actor.country


def _after_from(doc: Doc, end: int) -> list[int]:
    """Where the place a phrase ending at `end` comes "from" may start: right after "from", or
    after "from the"; none when no "from" follows."""
    if end >= len(doc) - 1 or doc[end].lower_ != "from":
        return []
    return [end + 1, end + 2] if doc[end + 1].lower_ == "the" and end + 2 < len(doc) else [end + 1]


class ActorsComponent:
    """Resolves every noun phrase of the article to an actor (doc._.actors; doc._.coactors for
    the other countries of a phrase like "Indian and Pakistani forces"), against the article's
    setting (doc._.context: agents with no country of their own belong to its home country)."""

    def __init__(self, lexicon: Lexicon, words: ActorsSettings, language: LanguageSettings,
                 geography: Geography) -> None:
        self.lexicon = lexicon
        self.words = words
        self.language = language
        self.geography = geography

    def __call__(self, doc: Doc) -> Doc:
        context = doc._.context or []

        def place_of(sent: Span) -> str | None:  # the country of the place a sentence names
            place = self.geography.find_place(sent, context)
            return place.country if place is not None else None

        def country_of_place(tok: Token) -> str | None:
            place = self.geography.resolve(entity_text(tok), context)
            return place.country if place is not None else None

        resolver = ActorResolver(self.lexicon, self.words, self.language, doc._.article_date,
                                 context[0] if context else None, place_of, country_of_place)
        doc._.actors = resolver.resolve_doc(doc)
        doc._.coactors = resolver.coactors
        return doc

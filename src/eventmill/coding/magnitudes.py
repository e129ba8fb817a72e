"""The magnitudes stage: the numbers an event's sentence states of those killed, wounded and
arrested and of the crowd (event.magnitudes), as PLOVER and ACLED users expect."""
from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from eventmill.coding.lexicon import sentence_of
from eventmill.coding.settings import MagnitudesSettings

_DIGITS = re.compile(r"\d{1,3}(?:,\d{3})+|\d+")


class MagnitudesComponent:
    def __init__(self, rules: MagnitudesSettings) -> None:
        self.rules = rules

    def __call__(self, doc: Doc) -> Doc:
        events = doc._.events or []
        told = {sentence_of(doc[ev.extra["trigger"]]).start for ev in events}
        for ev in events:
            # the event's own sentence first, then those that retell it (the dedupe stage's),
            # then, for acts of force, the next one if it tells no event of its own: "Gunmen
            # stormed a hotel in the capital. Nine people were killed."
            sents = [sentence_of(doc[t]) for t in (ev.extra["trigger"], *ev.extra.get("retold", ()))]
            after = sents[0].end
            if ev.root in self.rules.following_roots and after < len(doc) \
                    and (following := sentence_of(doc[after])).start not in told:
                sents.append(following)
            ev.magnitudes = {}
            for kind, spec in self.rules.kinds.items():
                if ev.root not in spec.roots:
                    continue
                singular = kind in self.rules.singular_kinds
                counts = (self._count(sent, spec.words, spec.adverbs, singular) for sent in sents)
                n = next((n for n in counts if n is not None), None)
                if n is not None:
                    ev.magnitudes[kind] = n
        return doc

    def _count(self, sent, words: frozenset[str], adverbs: frozenset[str], singular: bool) -> int | None:
        """The first number the sentence gives for one of `words` (or a verb one of `adverbs`
        modifies)."""
        told_by_adverb = {t.head.i for t in sent if t.dep_ == "advmod" and t.lower_ in adverbs} \
            if adverbs else frozenset()
        for tok in sent:
            if tok.lemma_.lower() not in words and tok.lower_ not in words and tok.i not in told_by_adverb:
                continue
            # "hacked 16 civilians to death": the count hangs on the verb of the phrase; "left
            # seven people dead", "five people are dead": on the verb the word completes
            verb = tok.head.head if tok.dep_ == "pobj" else \
                tok.head if tok.dep_ in ("oprd", "acomp") else tok
            # "shot dead mayor Ana Ruiz": the parser makes "dead" a modifier of the dead
            dead = (_phrase_head(tok.head),) if tok.dep_ == "amod" else ()
            transitive = any(c.dep_ == "dobj" for c in verb.children)
            for cand in (tok, *dead, *tok.children, *(verb.children if verb is not tok else ())):
                if cand is not tok and cand not in dead and cand.dep_ not in self.rules.count_deps:
                    continue
                if transitive and cand.dep_ in self.rules.doer_deps and cand.head.i == verb.i:
                    continue  # "three gunmen killed six villagers": the doers are not the dead
                # who does the killing is not counted: "an airstrike killed 21 people"
                n = self._number(cand, singular and cand.dep_ not in self.rules.doer_deps)
                if n is not None:
                    return n
        return None

    def _number(self, tok: Token, singular: bool) -> int | None:
        """The number a token is or is counted by ("13", "thirteen", "13 officers"); people
        named together are added up ("a district governor and seven police officers": 8)."""
        first = self._one_number(tok, singular)
        if first is None:
            return None
        joined = [self._one_number(c, singular) for c in tok.conjuncts if c.i > tok.i and c.pos_ == tok.pos_]
        return first + sum(n for n in joined if n is not None)

    def _one_number(self, tok: Token, singular: bool) -> int | None:
        if tok.lemma_.lower() in self.rules.totals:
            # "a total of 25 people were killed": the count is the one after "of"
            counted = next((o for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"
                            for o in c.children if o.dep_ == "pobj"), None)
            return self._one_number(counted, singular) if counted is not None else None
        dets = self.rules.singular_dets | (self.rules.victim_dets if tok.dep_ == "nsubjpass" else frozenset())
        if singular and (tok.tag_ == "NN" and any(c.dep_ == "det" and c.lower_ in dets for c in tok.children)
                         or tok.tag_ == "NNP" and tok.ent_type_ in ("PERSON", "")
                         or tok.lower_ in self.rules.singular_pronouns):
            return 1  # "killing a child", "shot dead mayor Ana Ruiz", "killed her"
        for t in (tok, *(c for c in tok.children if c.dep_ == "nummod")):
            if not t.like_num:
                continue
            if (m := _DIGITS.fullmatch(t.text)) is not None:
                value = int(m.group().replace(",", ""))
                return None if 1900 <= value <= 2100 and len(t.text) == 4 else value
            if t.lower_ in self.rules.numbers:
                return self.rules.numbers[t.lower_]
        return None


def _phrase_head(tok: Token) -> Token:
    """The noun a chain of compounds names ("mayor Ana Ruiz": Ruiz)."""
    while tok.dep_ == "compound" and tok.head.i != tok.i:
        tok = tok.head
    return tok

"""Modality and negation: keep only events the text asserts as having happened.

Drops events that are negated ("did not breach"), modal or future ("could attack"), governed by
a verb or noun that makes them unreal ("plans to visit", "accused Iran of orchestrating",
"no plans for an evacuation"), conditional ("if they attack") or asked ("Will they strike?").
Threats and other reported speech keep their future tense: that is what a threat is.
"""
from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Token

from eventmill.coding.lexicon import sentence_of
from eventmill.types import Event

CLAUSE_DEPS = {"xcomp", "ccomp", "advcl", "acl", "pcomp", "relcl", "conj", "pobj", "prep", "dobj"}


@dataclass(frozen=True)
class ModalityRules:
    modal_aux: frozenset[str]
    negators: frozenset[str]
    governors: frozenset[str]
    nouns: frozenset[str]
    conditional_marks: frozenset[str]
    hedges: frozenset[str]

    @classmethod
    def from_data(cls, rules: dict) -> "ModalityRules":
        return cls(frozenset(rules["modal_aux"]), frozenset(rules["negators"]),
                   frozenset(rules["irrealis_governors"]), frozenset(rules["irrealis_nouns"]),
                   frozenset(rules["conditional_marks"]), frozenset(rules["hedges"]))

    def negated(self, tok: Token) -> bool:
        return any((c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ == "no"))
                   and c.lower_ in self.negators for c in tok.children)

    def modal(self, tok: Token) -> bool:
        return any(c.dep_ == "aux" and c.lower_ in self.modal_aux for c in tok.children)

    def conditional(self, tok: Token) -> bool:
        return tok.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in self.conditional_marks
                                           for c in tok.children)

    def asserted(self, trigger: Token, speech: bool) -> bool:
        """Is the event at `trigger` stated as fact by the text?"""
        if sentence_of(trigger).text.rstrip().endswith("?"):
            return False
        if self.negated(trigger) or self.conditional(trigger):
            return False
        if any(c.dep_ == "dobj" and self.negated(c) for c in trigger.children):
            return False  # "offered no details", "made no threats"
        if any(c.dep_ == "advmod" and c.lower_ in self.hedges for c in trigger.children):
            return False  # "had allegedly threatened"
        if self.modal(trigger) and not speech:
            return False
        tok = trigger
        # Walk up the clauses that embed the trigger: each step may make it unreal.
        for _ in range(6):
            head = tok.head
            if head is tok or tok.dep_ not in CLAUSE_DEPS:
                return True
            lemma = head.lemma_.lower()
            if tok.dep_ in ("xcomp", "ccomp", "pcomp", "prep", "dobj") and lemma in self.governors \
                    and not speech and tok.dep_ != "prep":
                return False
            if tok.dep_ == "pcomp" and head.head.lemma_.lower() in self.governors and not speech:
                return False  # "accused Iran of orchestrating": the `of` clause is the charge
            if tok.dep_ in ("acl", "pobj", "prep") and head.pos_ == "NOUN" and lemma in self.nouns:
                return False
            if head.pos_ in ("NOUN", "VERB", "AUX") and self.negated(head) and tok.dep_ not in ("conj", "relcl"):
                return False  # "no plans for an evacuation", "did not order troops to fire"
            if tok.dep_ in ("xcomp", "dobj", "advcl") and self.modal(head) and not speech:
                return False
            if tok.dep_ in ("conj", "relcl", "acl") and head.pos_ in ("VERB", "AUX"):
                return True  # a coordinated or relative clause stands on its own
            tok = head
        return True


def filter_asserted(events: list[Event], doc: Doc, rules: ModalityRules) -> list[Event]:
    """The events whose trigger the text asserts."""
    return [ev for ev in events
            if rules.asserted(doc[ev.extra["trigger"]], bool(ev.extra.get("speech")))]

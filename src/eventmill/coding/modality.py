"""Modality and negation: keep only events the text asserts as having happened.

Drops events that are negated ("did not breach"), modal or future ("could attack"), governed by
a verb or noun that makes them unreal ("plans to visit", "accused Iran of orchestrating",
"no plans for an evacuation"), conditional ("if they attack") or asked ("Will they strike?").
Threats and other reported speech keep their future tense: that is what a threat is. What a
speaker says will or must happen becomes the statement it is: intent (03), threat (13) or
demand (10).
"""
from __future__ import annotations

from spacy.tokens import Doc, Token

from eventmill.cameo import cooperative, recode
from eventmill.coding.grammar import is_perfect
from eventmill.coding.lexicon import nsubj, reporting_verb, sentence_of, sentence_speaker
from eventmill.coding.settings import LanguageSettings, ModalitySettings
from eventmill.coding.trail import drop_all
from eventmill.types import Actor, Event

CLAUSE_DEPS = {"xcomp", "ccomp", "advcl", "acl", "pcomp", "relcl", "conj", "pobj", "prep", "dobj"}


def asked(tok: Token) -> bool:
    """Is the token's sentence a question ("Will they strike?")?"""
    return sentence_of(tok).text.rstrip().endswith("?")


class ModalityRules:
    """The tests of assertion over the parse, with the words of `rules/modality.yaml`."""

    def __init__(self, rules: ModalitySettings, language: LanguageSettings) -> None:
        self.modal_aux = rules.modal_aux
        self.negators = rules.negators
        self.governors = rules.irrealis_governors
        self.nouns = rules.irrealis_nouns
        self.conditional_marks = rules.conditional_marks
        self.future_marks = rules.future_marks
        self.hedges = rules.hedges
        self.speech_verbs = language.speech_verbs
        self.obligation_aux = language.obligation_aux
        self.stated = rules.stated
        self.standing_roots = rules.standing_conflict_roots
        self.relation_roots = rules.standing_relation_roots
        self.association = rules.association_governors
        self.motive_preps = rules.motive_preps
        self.motive_nouns = rules.motive_nouns
        self.attempts = rules.attempts
        self.hearsay = rules.hearsay_verbs
        self.forecast = rules.forecast_adjectives
        self.presupposing = rules.presupposing_verbs
        self.implicative = rules.implicative_verbs
        self.presupposing_nouns = rules.presupposing_nouns
        self.performative = rules.performative_governors
        self.perfect_aux = rules.perfect_aux
        self.unreal_modifiers = rules.unreal_modifiers
        self.refusal = rules.negated_acceptance
        self.desire_verbs = rules.desire_verbs

    def attempted_code(self, trigger: Token, code: str) -> str | None:
        """"tried to assassinate the president": the code CAMEO gives the attempt, if any."""
        if trigger.dep_ != "xcomp" or trigger.head.lemma_.lower() not in self.attempts.governors \
                or self.negated(trigger.head) or self.modal(trigger.head):
            return None
        return self.attempts.codes.get(code)

    def standing(self, trigger: Token, root: str) -> bool:
        """"The coalition fighting Houthi rebels", "a militia backed by the United States": a
        participle that says who an actor is, in a war or an alliance going on for long, is no
        event of the day."""
        if trigger.dep_ != "acl" or trigger.head.pos_ not in ("NOUN", "PROPN"):
            return False
        return (root in self.standing_roots and trigger.tag_ == "VBG") or \
            (root in self.relation_roots and trigger.tag_ == "VBN")

    def negated(self, tok: Token) -> bool:
        return any((c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ == "no"))
                   and c.lower_ in self.negators for c in tok.children)

    def modal(self, tok: Token) -> bool:
        return any(c.dep_ == "aux" and c.lower_ in self.modal_aux for c in tok.children)

    def conditional(self, tok: Token) -> bool:
        if tok.dep_ != "advcl":
            return False
        marks = {c.lower_ for c in tok.children if c.dep_ == "mark"}
        return bool(marks & self.conditional_marks) or bool(
            marks & self.future_marks and self.modal(tok.head))

    def asserted(self, trigger: Token, speech: bool) -> bool:
        """Is the event at `trigger` stated as fact by the text?"""
        if asked(trigger):
            return False
        if self.negated(trigger) or self.conditional(trigger):
            return False
        if any(c.dep_ == "dobj" and self.negated(c) for c in trigger.children):
            return False  # "offered no details", "made no threats"
        if any(c.dep_ == "advmod" and c.lower_ in self.hedges for c in trigger.children):
            return False  # "had allegedly threatened"
        if trigger.pos_ == "NOUN" and any(c.dep_ in ("amod", "compound") and c.lower_ in self.unreal_modifiers
                                          for c in trigger.children):
            return False  # "ahead of planned demonstrations", "a possible attack"
        if self.modal(trigger) and not speech:
            return False
        if trigger.dep_ == "relcl" and any(c.dep_ == "aux" and c.lemma_.lower() in self.perfect_aux
                                           for c in trigger.children):
            return False  # "the union, which has vowed more strikes": who a party is
        if trigger.pos_ == "NOUN" and trigger.dep_ == "pobj" and \
                trigger.head.head.lemma_.lower() in self.association:
            return False  # "linked to al-Qaeda attacks", "jailed for the bombing"
        if trigger.tag_ == "NN" and trigger.dep_ == "pobj" and trigger.lemma_.lower() in self.motive_nouns \
                and trigger.head.lower_ in self.motive_preps and not any(c.dep_ == "det" for c in trigger.children):
            # "recalled its ambassador in protest": the motive of the act (not "took to the
            # streets in protests that spread")
            return False
        if trigger.pos_ == "NOUN" and self.presupposed(trigger):
            return True
        if trigger.pos_ == "NOUN" and trigger.dep_ in ("nsubj", "nsubjpass") and not speech \
                and (self.modal(trigger.head) or self.negated(trigger.head) or any(
                    c.dep_ == "acomp" and c.lemma_.lower() in self.forecast for c in trigger.head.children)):
            return False  # "clashes can occur over land", "talks will not resume", "are likely to"
        tok = trigger
        # Walk up the clauses that embed the trigger: each step may make it unreal.
        for _ in range(6):
            head = tok.head
            if head.i == tok.i or tok.dep_ not in CLAUSE_DEPS:
                return True
            lemma = head.lemma_.lower()
            reported = tok.dep_ == "ccomp" and lemma in self.speech_verbs and lemma not in self.hearsay
            if tok.dep_ == "xcomp" and lemma in self.hearsay and is_perfect(tok):
                return True  # "claimed to have killed three soldiers": a doer's own act, owned
            performed = tok.dep_ == "dobj" and trigger.i == tok.i and lemma in self.performative
            if tok.dep_ in ("xcomp", "ccomp", "pcomp", "prep", "dobj") and lemma in self.governors \
                    and not speech and tok.dep_ != "prep" and not reported and not performed:
                # ("told them to leave" is an order; "told reporters that troops left" a report)
                return False
            if tok.dep_ == "xcomp" and lemma in self.stated.intent_adjectives and not speech:
                return False  # "is ready to attack": readiness, not the act
            if tok.dep_ == "xcomp" and lemma in self.forecast:
                return False  # "talks are likely to resume": a forecast
            if tok.dep_ == "pcomp" and head.head.lemma_.lower() in self.governors and not speech:
                return False  # "accused Iran of orchestrating": the `of` clause is the charge
            if tok.dep_ in ("acl", "pobj", "prep") and head.pos_ == "NOUN" and lemma in self.nouns:
                return False
            if head.pos_ in ("NOUN", "VERB", "AUX") and self.negated(head) and tok.dep_ not in ("conj", "relcl"):
                return False  # "no plans for an evacuation", "did not order troops to fire"
            if tok.dep_ in ("xcomp", "dobj", "advcl") and self.modal(head) and not speech:
                return False
            if tok.dep_ == "advcl" and head.pos_ in ("VERB", "AUX") and not speech \
                    and lemma not in self.implicative \
                    and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children):
                return False  # "sent troops to retake the town": a purpose, not an act
            if tok.dep_ in ("relcl", "acl") and head.pos_ in ("VERB", "AUX"):
                return True  # a relative clause stands on its own
            # (a coordinated clause shares what embeds its head: "want the bills withdrawn
            # and Lam to step down")
            tok = head
        return True

    def presupposed(self, noun: Token) -> bool:
        """Is a nominal event taken as real by the verb that governs it, whatever is said of
        that verb? "tried to control clashes between armed groups": the clashes happen; so do
        those one claims responsibility for."""
        verb = noun.head
        if noun.dep_ == "pobj" and verb.dep_ == "prep" and verb.head.lemma_.lower() in self.presupposing_nouns:
            return True  # "claimed responsibility for the attack": the attack happened
        if noun.dep_ == "pobj" and verb.dep_ == "prep":
            verb = verb.head  # "fled from the fighting"
        elif noun.dep_ != "dobj":
            return False
        return verb.pos_ == "VERB" and verb.lemma_.lower() in self.presupposing \
            and not self.negated(verb)

    def claimer(self, trigger: Token, actors: dict) -> Actor | None:
        """Who claims or alleges the trigger's clause ("Hamas claimed that soldiers beat ...")."""
        verb = reporting_verb(trigger, self.speech_verbs)
        if verb is None or verb.lemma_.lower() not in self.hearsay or self.negated(verb):
            return None
        subj = nsubj(verb)
        return actors.get(subj.i) if subj is not None else None

    def desirer(self, trigger: Token, actors: dict) -> Actor | None:
        """Who wants the act done: "Protesters want the bills withdrawn and Lam to step down"
        (the subject of a verb of wanting over the trigger's clause)."""
        tok = trigger
        for _ in range(3):
            if tok.dep_ == "conj":
                tok = tok.head
                continue
            head = tok.head
            someone_else = any(c.dep_ == "nsubj" for c in tok.children) or any(
                c.dep_ == "dobj" for c in head.children)
            if tok.dep_ == "xcomp" and not someone_else:
                return None  # "Iran wants to hold talks": its own intent, not a demand
            if tok.dep_ in ("ccomp", "xcomp", "oprd") and head.lemma_.lower() in self.desire_verbs \
                    and not self.negated(head):
                subj = nsubj(head)
                return actors.get(subj.i) if subj is not None else None
            return None
        return None

    def conditioned(self, tok: Token, marks: frozenset[str]) -> bool:
        """Does a clause on `tok` with one of the subordinators `marks` make it depend on
        something ("will suspend trade unless the border reopens")?"""
        return any(c.dep_ == "advcl" and {m.lower_ for m in c.children if m.dep_ == "mark"} & marks
                   for c in tok.children)

    def future(self, trigger: Token) -> bool:
        """Is the act told as one to come ("will be held responsible")?"""
        return any(c.dep_ == "aux" and c.lower_ in self.stated.future_aux for c in trigger.children)

    def stated_kind(self, trigger: Token) -> str | None:
        """'obligation' ("Sudan must return"), 'intent' ("will support", "is willing to
        withdraw", "offered to mediate") or None when the event is not a stated future."""
        if asked(trigger) or self.negated(trigger) or self.conditional(trigger):
            return None
        aux = {c.lower_ for c in trigger.children if c.dep_ == "aux"}
        if aux & self.obligation_aux:
            return "obligation"
        if self.future(trigger):
            if "would" in aux and reporting_verb(trigger, self.speech_verbs) is None \
                    and self.conditioned(trigger, self.conditional_marks | self.future_marks):
                # "once both sides agreed, they would negotiate" is a hypothetical; "they said
                # they would meet him if ..." a conditional offer
                return None
            return "intent"
        # "is willing to send troops to help defend Saudi Arabia": up a chain of infinitives
        tok = trigger
        for _ in range(3):
            head = tok.head
            if tok.dep_ not in ("xcomp", "advcl") or head.i == tok.i or self.negated(head):
                return None
            if tok.dep_ == "advcl" and not any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children):
                return None  # only a purpose infinitive carries the intent down
            if tok.dep_ == "xcomp" and (head.lemma_.lower() in self.stated.intent_governors
                                        or head.lemma_.lower() in self.stated.intent_adjectives):
                return "intent"
            tok = head
        return None

    def decided(self, trigger: Token, root: str) -> bool:
        """"decided to expel the envoy", "announced it would suspend flights": a measure of
        reduced relations taken by announcing it."""
        rules = self.stated.decided
        if root not in rules.roots or self.negated(trigger) or self.conditional(trigger) \
                or asked(trigger) or self.conditioned(trigger, self.conditional_marks):
            return False  # ("will suspend trade unless the border reopens" threatens)
        if trigger.dep_ == "xcomp":
            governor = trigger.head
        elif {c.lower_ for c in trigger.children if c.dep_ == "aux"} & self.stated.future_aux:
            governor = reporting_verb(trigger, rules.governors, hops=2)
        else:
            return False
        return governor is not None and governor.lemma_.lower() in rules.governors \
            and not self.negated(governor) and not self.modal(governor)

    def speaker(self, trigger: Token, actors: dict) -> Actor | None:
        """Who says it: the subject of the speech verb that reports the trigger's clause, or
        of a speech verb beside it in the sentence ("..., he said")."""
        verb = reporting_verb(trigger, self.speech_verbs)
        if verb is not None:
            subj = nsubj(verb)
            return actors.get(subj.i) if subj is not None else None
        return sentence_speaker(sentence_of(trigger), self.speech_verbs, actors)


def filter_asserted(events: list[Event], doc: Doc, rules: ModalityRules) -> list[Event]:
    """The events the text asserts, with stated futures turned into the statements they are."""
    out = []
    actors = doc._.actors or {}
    for ev in events:
        trigger = doc[ev.extra["trigger"]]
        if rules.standing(trigger, ev.root):
            continue
        if rules.asserted(trigger, bool(ev.extra.get("speech"))):
            if ev.extra.get("speech") and ev.root in rules.stated.threat_roots and rules.future(trigger):
                recode(ev, rules.stated.conflictual_code)
            out.append(ev)
            continue
        if rules.negated(trigger) and trigger.lemma_.lower() in rules.refusal.lemmas \
                and ev.target is not None and not asked(trigger):
            # "Hamas never accepted the ceasefire plan": not accepting is rejecting
            recode(ev, rules.refusal.code)
            out.append(ev)
            continue
        if (attempt := rules.attempted_code(trigger, ev.code)) is not None:
            recode(ev, attempt)
            out.append(ev)
            continue
        claimer = rules.claimer(trigger, actors)
        if claimer is not None and ev.quad >= 3 and (claimer.country, claimer.role) != (
                ev.source.country, ev.source.role):
            # "Hamas claimed that Israeli soldiers beat detainees": a claim of a hostile act
            # is an accusation of its doer
            recode(ev, rules.stated.accusation_code, claimer, ev.source)
            ev.confidence = max(0.05, ev.confidence - 0.1)
            out.append(ev)
            continue
        wanter = rules.desirer(trigger, actors)
        if wanter is not None and (wanter.country, wanter.role) != (ev.source.country, ev.source.role):
            # what one party wants another to do is its demand on that party
            recode(ev, rules.stated.obligation_code, wanter, ev.source)
            ev.confidence = max(0.05, ev.confidence - 0.1)
            out.append(ev)
            continue
        if rules.decided(trigger, ev.root):
            out.append(ev)
            continue
        kind = rules.stated_kind(trigger)
        speaker = rules.speaker(trigger, actors) if kind else None
        if speaker is None and kind == "intent" and ev.source.country:
            speaker = ev.source  # "Finland will give Tanzania a grant": Finland's own intent
        if speaker is None:
            continue
        if kind == "obligation":
            recode(ev, rules.stated.obligation_code, speaker, ev.source)
        else:
            holder = nsubj(trigger.head) if trigger.dep_ == "xcomp" else None
            intender = actors.get(holder.i) if holder is not None else None
            if intender is not None and (intender.country, intender.role) != (
                    ev.source.country, ev.source.role):
                continue  # "Putin offered to negotiate with Armenia": Putin's intent, not Armenia's
            hostile = not cooperative(ev.quad)
            recode(ev, rules.stated.conflictual_code if hostile else rules.stated.cooperative_code)
            if hostile and trigger.dep_ == "xcomp" and trigger.head.lemma_.lower() in rules.stated.vow_governors:
                ev.extra["threatened_by"] = trigger.head.i
        if ev.target is not None and ev.target.country == ev.source.country \
                and ev.target.role == ev.source.role:
            continue  # "Sudan must ..., Sudan said": nobody is addressed
        ev.confidence = max(0.05, ev.confidence - 0.1)
        out.append(ev)
    # "Iran vowed to attack Israel" is one threat, not also a promise of cooperation
    governors = {ev.extra["threatened_by"] for ev in out if "threatened_by" in ev.extra}
    return [ev for ev in out if not (ev.extra["trigger"] in governors
                                     and ev.code == rules.stated.cooperative_code)]


class ModalityComponent:
    """Drops events the text does not assert (negated, modal, hypothetical, asked) and turns
    stated futures into the statements they are."""

    def __init__(self, rules: ModalitySettings, language: LanguageSettings) -> None:
        self.rules = ModalityRules(rules, language)

    def __call__(self, doc: Doc) -> Doc:
        before = doc._.events or []
        doc._.events = filter_asserted(before, doc, self.rules)
        drop_all(doc, before, doc._.events, "negation or modality")
        return doc

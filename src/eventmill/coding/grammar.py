"""Who does what to whom in a dependency parse: subjects, objects, passives and conjuncts of a
trigger. Pure functions of the parse, shared by the events stage and its target search."""
from __future__ import annotations

from spacy.tokens import Token

from eventmill.coding.lexicon import own_subject
from eventmill.coding.patterns import pobj_of

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


def is_perfect(verb: Token) -> bool:
    """"have raided", "had been killed", "to have ambushed": a verb with "have" as auxiliary."""
    return any(c.dep_ == "aux" and c.lemma_ == "have" for c in verb.children)


def agent_of(verb: Token) -> Token | None:
    """The `by` phrase of a passive verb (not "shortened by one hour", a measure on an active
    verb with a subject of its own)."""
    if any(c.dep_ == "nsubj" for c in verb.children):
        return None
    for c in verb.children:
        if c.dep_ == "agent":
            return pobj_of(c)
    return None


def nearest_subject(verb: Token, deps: tuple[str, ...]) -> Token | None:
    """The verb's subject of one of `deps`; of two, a misparse ("A proposal unraveled, after
    Hamas continued to fire", "six IS militants were killed"), the one next to the verb."""
    subjects = [c for c in verb.children if c.dep_ in deps]
    return min(subjects, key=lambda c: abs(verb.i - c.i)) if subjects else None


def subject_of(verb: Token, issuers: frozenset[str] = frozenset(),
               control_preps: frozenset[str] = frozenset(), depth: int = 0) -> Token | None:
    """The doer of a verb: its subject, passive agent, or the subject it shares with its head.
    `issuers` are documents a body speaks through ("issued a declaration demanding ...");
    `control_preps` hang a gerund whose doer is the head verb's object ("accused Iran of
    attacking")."""
    if depth > 4:
        return None
    agent = agent_of(verb)  # "people executed by the government": a participle has no auxpass
    if agent is not None or is_passive(verb):
        return agent
    subject = nearest_subject(verb, SUBJECT_DEPS)
    if subject is not None:
        return own_subject(subject)
    head = verb.head
    if head.i == verb.i:
        return None
    if verb.dep_ == "advcl" and verb.tag_ == "VBN" and not any(c.dep_ in ("aux", "auxpass")
                                                                 for c in verb.children):
        return None  # "Asked about the talks, the minister said": the minister was asked
    if verb.dep_ in ("conj", "xcomp", "advcl", "acomp"):  # "is ready to attack": the subject of "is"
        return subject_of(head, issuers, control_preps, depth + 1)
    if verb.dep_ == "pcomp" and verb.tag_ == "VBG" and head.dep_ == "prep" and head.head.pos_ in ("VERB", "AUX") \
            and not (head.lower_ in control_preps
                     and any(c.dep_ in ("dobj", "nsubjpass") for c in head.head.children)):
        # "troops resorted to shelling", "retaliated by firing rockets", "told reporters after
        # meeting the president": the gerund's doer is the clause's subject (not where an
        # object takes it: "accused Iran of attacking")
        return subject_of(head.head, issuers, control_preps, depth + 1)
    if verb.dep_ in ("acl", "relcl") and verb.tag_ in ("VBG", "VBD", "VBZ", "VBP"):
        if verb.tag_ == "VBG" and head.lemma_.lower() in issuers and head.head.i != head.i \
                and head.dep_ in ("dobj", "pobj"):
            # "issued a declaration demanding ...": the issuer speaks through it
            return subject_of(head.head, issuers, control_preps, depth + 1)
        return head  # "militiamen protesting against ...", "forces that attacked ..."
    return None


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


def owned(tok: Token) -> bool:
    """"its troops", "their ambassador": the doer's own people are no target of its act."""
    return any(c.dep_ == "poss" and c.pos_ == "PRON" for c in tok.children)


def that_clause_subject(verb: Token) -> Token | None:
    """The subject of a verb's `that` clause: "asked that protesters gather", "warned that any
    gathering would be dispersed" address whoever the clause is about."""
    clause = next((c for c in verb.children if c.dep_ == "ccomp" and any(
        m.dep_ == "mark" and m.lower_ == "that" for m in c.children)), None)
    if clause is None:
        return None
    return next((c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")), None)

"""Event patterns from data/verbs.yaml, matched on a spaCy dependency parse."""
from __future__ import annotations

import functools
from collections import defaultdict
from dataclasses import dataclass

from spacy.tokens import Token

from eventmill.resources import DataFiles

FIELDS = {"code", "lemma", "pos", "particle", "prep", "object", "pobj", "target", "symmetric", "speech",
          "intransitive", "source"}
# Dependency labels that can hold a verb's object ("held responsible" is an object predicate).
OBJECT_DEPS = {"dobj", "oprd", "acomp", "attr", "nsubjpass", "obj"}
# An object constraint also accepts an adjective complement ("hold Iran responsible").
CONSTRAINT_DEPS = OBJECT_DEPS | {"ccomp"}
# An object entry that stands for any person named by name ("released John Miller"); kept in
# capitals, apart from the lemma "person".
NAMED_PERSON = "PERSON"


def _words(value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    values = [value] if isinstance(value, str) else value
    return tuple(w if (w := str(v)) == NAMED_PERSON else w.lower() for v in values)


@dataclass(frozen=True)
class Pattern:
    code: str
    head: str  # lemma of the trigger word
    mods: tuple[str, ...]  # modifiers a noun trigger must carry ("air" in "air strike")
    pos: str
    particle: str | None
    prep: tuple[str, ...]
    object: tuple[str, ...]
    pobj: tuple[str, ...]
    target: str
    symmetric: bool
    speech: bool
    intransitive: bool  # only without a direct object ("protesters gathered", not "gathered evidence")
    source: tuple[str, ...]  # prepositions whose object is the doer, the subject then suffering the act
    order: int  # position in the file: earlier wins among equally specific patterns
    learned: bool = False  # a stand-in for a trigger the learned tagger found

    @property
    def specificity(self) -> int:
        return (len(self.mods) + bool(self.particle) + bool(self.prep) + bool(self.object)
                + bool(self.pobj) + self.intransitive)

    def target_source(self) -> str:
        if self.target:
            return self.target
        if self.object or self.pos == "NOUN":
            return "prep"
        return "dobj"


def phrase_matches(tok: Token, phrase: str) -> bool:
    """Does `tok` head the phrase? 'tear gas' = a token 'gas' with a modifier 'tear'."""
    words = phrase.split()
    if tok.lemma_.lower() != words[-1] and tok.lower_ != words[-1]:
        # one-word spellings of a compound ("airstrike") also count
        return "".join(words) in (tok.lemma_.lower(), tok.lower_)
    if len(words) == 1:
        return True
    mods = {c.lemma_.lower() for c in tok.lefts if c.dep_ in ("compound", "amod", "nmod")}
    return all(w in mods for w in words[:-1])


def prep_children(tok: Token, preps: tuple[str, ...]) -> list[Token]:
    """Prepositions among `tok`'s children (or those of its object, where the parser often
    hangs them: 'imposed sanctions on Iran'). A time phrase ("agreed on Saturday to ...")
    is never the preposition a pattern asks for."""
    found = [c for c in tok.children if c.dep_ in ("prep", "agent", "dative") and c.lower_ in preps]
    if tok.pos_ in ("VERB", "AUX"):
        for obj in tok.children:
            if obj.dep_ in OBJECT_DEPS:
                found += [c for c in obj.children if c.dep_ == "prep" and c.lower_ in preps]
    return [c for c in found if (o := pobj_of(c)) is None or o.ent_type_ not in ("DATE", "TIME")]


def pobj_of(prep: Token) -> Token | None:
    return next((c for c in prep.children if c.dep_ in ("pobj", "pcomp")), None)


class PatternSet:
    """All patterns, indexed by trigger lemma."""

    def __init__(self, patterns: list[Pattern], measures: frozenset[str] = frozenset()) -> None:
        self.patterns = patterns
        self.measures = measures
        self.by_head: dict[str, list[Pattern]] = defaultdict(list)
        for p in patterns:
            self.by_head[p.head].append(p)
            if p.mods:  # also reachable from the one-word spelling ("airstrike")
                self.by_head["".join(p.mods) + p.head].append(p)
        for plist in self.by_head.values():
            plist.sort(key=lambda p: (-p.specificity, p.order))

    def candidates(self, tok: Token) -> list[Pattern]:
        plist = self.by_head.get(tok.lemma_.lower()) or self.by_head.get(tok.lower_) or []
        return plist

    def match(self, tok: Token) -> tuple[Pattern, list[Token]] | None:
        """The most specific pattern that fits `tok`, with the prepositions that fit it."""
        # A participle used as an adjective ("Iranian-backed", "armed men") is no event.
        is_verb = (tok.pos_ in ("VERB", "AUX") or tok.tag_.startswith("VB")) and tok.dep_ != "amod"
        is_noun = tok.pos_ in ("NOUN", "PROPN")
        for p in self.candidates(tok):
            if (p.pos == "VERB" and not is_verb) or (p.pos == "NOUN" and not is_noun):
                continue
            if p.mods and not phrase_matches(tok, " ".join((*p.mods, p.head))):
                continue
            # the parser labels some particles advmod ("stepped down", "pulled back"), and the
            # first half of a hyphenated verb npadvmod ("test-fired")
            if p.particle and not any(c.dep_ in ("prt", "advmod", "npadvmod") and c.lower_ == p.particle
                                      for c in tok.children):
                continue
            if p.object and not self.constraint_objects(tok, p):
                continue
            if p.intransitive and any(c.dep_ == "dobj" for c in tok.children):
                continue
            preps: list[Token] = []
            if p.prep:
                preps = prep_children(tok, p.prep)
                if not preps and p.pos == "NOUN" and tok.dep_ in ("nsubj", "nsubjpass"):
                    # "Talks began in Vienna on Tuesday between Iran and the US": the phrase
                    # hangs on the verb the nominal event is the subject of
                    preps = prep_children(tok.head, p.prep)
                if not preps and p.pos == "NOUN" and p.symmetric and tok.dep_ == "pobj" \
                        and tok.head.head.pos_ in ("VERB", "AUX"):
                    # "two soldiers were killed in a clash on Thursday with Abu Sayyaf": the
                    # phrase hangs on the verb of the clause the clash is told in
                    preps = [pr for pr in prep_children(tok.head.head, p.prep) if pr.i != tok.head.i]
                if not preps and "to" in p.prep and not p.pobj:
                    # "gave Ivory Coast $5 million" says "gave $5 million to Ivory Coast"
                    preps = [c for c in tok.children if c.dep_ == "dative" and c.pos_ != "ADP"]
                if p.pobj:
                    preps = [pr for pr in preps
                             if (o := pobj_of(pr)) is not None and any(phrase_matches(o, w) for w in p.pobj)]
                if not preps:
                    continue
            return p, preps
        return None

    def constraint_objects(self, tok: Token, p: Pattern) -> list[Token]:
        """The children of `tok` that satisfy the pattern's object constraint, looking
        through a measure ("25,000 tons of food aid")."""
        out = []
        for c in tok.children:
            if c.dep_ not in CONSTRAINT_DEPS:
                continue
            heads = [c]
            if c.lemma_.lower() in self.measures:  # the measure itself may be asked for ("gave $5 million")
                heads += [o for pr in c.children if pr.dep_ == "prep" and pr.lower_ == "of"
                          and (o := pobj_of(pr)) is not None]
            # "used tear gas and water cannons": the parser may make the first of a list a
            # modifier of the last
            heads += [m for m in c.lefts if m.dep_ == "nmod" and any(d.dep_ == "cc" for d in m.children)]
            out += [h for h in heads[::-1] if any(phrase_matches(h, o) for o in p.object)
                    or (NAMED_PERSON in p.object and h.ent_type_ == "PERSON")][:1]
        return out

    @functools.cached_property
    def trigger_words(self) -> frozenset[str]:
        return frozenset(self.by_head)


def load_patterns(files: DataFiles, measure_nouns: frozenset[str] = frozenset()) -> PatternSet:
    """The patterns of `verbs.yaml` (the user's, where `files` overlays it); `measure_nouns` are
    the measures an object constraint looks through ("25,000 tons of food aid")."""
    raw = files.yaml("verbs.yaml")["patterns"]
    out = []
    for i, item in enumerate(raw):
        unknown = set(item) - FIELDS
        if unknown:
            raise ValueError(f"verbs.yaml pattern {i}: unknown field(s) {sorted(unknown)}")
        if not isinstance(item.get("lemma"), str):
            raise ValueError(f"verbs.yaml pattern {i}: `lemma` must be one word or phrase, got {item.get('lemma')!r}")
        words = item["lemma"].lower().split()
        out.append(Pattern(
            code=str(item["code"]), head=words[-1], mods=tuple(words[:-1]),
            pos=str(item.get("pos", "VERB")).upper(), particle=item.get("particle"),
            prep=_words(item.get("prep")), object=_words(item.get("object")),
            pobj=_words(item.get("pobj")), target=str(item.get("target") or ""),
            symmetric=bool(item.get("symmetric")), speech=bool(item.get("speech")),
            intransitive=bool(item.get("intransitive")), source=_words(item.get("source")),
            order=i))
    return PatternSet(out, measure_nouns)

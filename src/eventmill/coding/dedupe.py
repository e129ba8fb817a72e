"""The dedupe stage: complete events only (a target wherever the root needs one), each act once
per article, with its stable id."""
from __future__ import annotations

import datetime as dt
import hashlib

from spacy.tokens import Doc

from eventmill.cameo import NON_STATE
from eventmill.coding.settings import DedupeSettings
from eventmill.coding.trail import drop_all
from eventmill.types import Actor, Event


def event_id(event: Event) -> str:
    """Stable id: the same event coded from the same article gets the same id."""
    target = event.target
    key = "|".join([event.article_id, event.code, str(event.span[0]), event.source.country or "",
                    event.source.text, (target.country or "") if target else "",
                    target.text if target else ""])
    return hashlib.sha1(key.encode()).hexdigest()[:16]


def same_act(a: str, b: str) -> bool:
    """Two codes of one root name the same act unless both are specific and differ: "hit"
    (190) and "an air strike" (195) may tell one strike; "froze trade" (163) and "recalled its
    ambassador" (161) are two acts."""
    if len(a) == len(b) == 4 and a != b:
        return False  # "imposed a curfew" (1723), then "banned gatherings" (1721)
    return a[:3] == b[:3] or a[2:3] == "0" or b[2:3] == "0"


def dedupe(events: list[Event], new_acts: frozenset[int] = frozenset()) -> list[Event]:
    """One event per act between two countries within a day in an article (GUIDE): in one
    sentence, several acts of one root are one event; in later sentences, the same act retold
    ("Israeli troops killed ..." then "the soldiers ... killed") is a paraphrase, kept at its
    first, clearest statement, while another act of the root ("froze trade", then "recalled
    its ambassador") is a new event, and so is one the text marks as another (`new_acts`: the
    ids of events told "also" or "elsewhere")."""
    seen: dict[tuple, list[tuple[dt.date, int, str, tuple[str, str], str | None, Event]]] = {}
    out = []
    for ev in events:
        key = (ev.root, ev.source.country, ev.target.country if ev.target else None)
        roles = (ev.source.role, ev.target.role if ev.target else "")
        earlier = seen.setdefault(key, [])
        # within one country a sentence's two directions are told apart by role: "the
        # government and the rebels agreed a truce" is government -> rebels and back
        here = [(r, kept) for _, span, _, r, _, kept in earlier if span == ev.span[0]]
        if here and not (key[1] == key[2] and (all(r == roles[::-1] != roles for r, _ in here)
                                               or _other_side(ev, [kept for _, kept in here]))):
            continue
        # a later sentence retells the act, unless two different people are named doing it
        # (Lavrov's threat, then Peskov's); the retelling's trigger is kept with the act, whose
        # details (how many were killed) it may give
        # (one named person "also" doing the same act again is still retelling it)
        first = next((kept for day, span, code, _, name, kept in earlier
                      if span != ev.span[0] and abs((ev.date - day).days) <= 1 and same_act(code, ev.code)
                      and (name is None or ev.source.name is None or name == ev.source.name)
                      and (id(ev) not in new_acts or (name is not None and name == ev.source.name))), None)
        if first is not None:
            first.extra.setdefault("retold", []).append(ev.extra["trigger"])
            continue
        earlier.append((ev.date, ev.span[0], ev.code, roles, ev.source.name, ev))
        ev.event_id = event_id(ev)
        out.append(ev)
    return out



def _other_side(event: Event, here: list[Event]) -> bool:
    """Is the event the other direction of the one clash told so far in its sentence ("fighting
    between rival militias": each side fought the other, even when both are of one kind)?"""
    if len(here) != 1 or not event.extra.get("symmetric"):
        return False
    first = here[0]
    return first.extra.get("trigger") == event.extra.get("trigger") and first.target is not None \
        and (first.source.text, first.target.text) == (event.target.text, event.source.text)


class DedupeComponent:
    """Keeps complete events, once per root between two countries within a day in an article, at
    its first statement (see `dedupe`); gives each its stable id."""

    def __init__(self, rules: DedupeSettings) -> None:
        self.untargeted = tuple(rules.untargeted_codes)
        self.home_target = tuple(rules.home_target_codes)
        self.markers = rules.new_act_markers
        self.words = rules.new_act_words
        self.protest_parts = tuple(rules.protest_parts)
        self.protest_roots = rules.protest_roots
        self.scene_preps = rules.scene_preps

    def __call__(self, doc: Doc) -> Doc:
        events = doc._.events or []
        for ev in events:
            if ev.target is None and ev.code.startswith(self.home_target) and ev.source.country \
                    and ev.source.country not in NON_STATE:
                # "Myanmar freed dozens of political prisoners": yielded at home
                ev.target = Actor("", ev.source.country, "", guessed=True)
        complete = [ev for ev in events if ev.target is not None or ev.code.startswith(self.untargeted)]
        drop_all(doc, events, complete, "no target")
        acts = [ev for ev in complete if not self._part_of_protest(ev, complete)]
        drop_all(doc, complete, acts, "part of a protest")
        complete = acts
        doc._.events = dedupe(complete, frozenset(id(ev) for ev in complete if self._marked_new(doc, ev)))
        drop_all(doc, complete, doc._.events, "duplicate")
        return doc

    def _part_of_protest(self, ev: Event, events: list[Event]) -> bool:
        """"the attackers stormed and burned the security post": the damage a protest does is
        that protest, told in its sentence by the same source against the same target."""
        return ev.code.startswith(self.protest_parts) and any(
            other.root in self.protest_roots and other.span == ev.span and other.source == ev.source
            and other.target == ev.target for other in events)

    def _marked_new(self, doc: Doc, ev: Event) -> bool:
        """"Police also detained two journalists in the north", "Elsewhere, police detained ...",
        "Later on Friday, gunmen attacked ...": a marker on the act's verb (or on the verb a nominal
        act hangs on) says it is another."""
        trigger = doc[ev.extra["trigger"]]
        verb = trigger if trigger.pos_ in ("VERB", "AUX") else trigger.head
        # ("Later on Monday, police arrested ...": the parser may hang the adverb on the phrase)
        heads = [verb, *(c for c in verb.children if c.dep_ == "prep")]
        if verb.dep_ == "conj":
            heads.append(verb.head)  # "also stormed the town and detained two men": both are new
        if any(c.dep_ == "advmod" and c.lower_ in self.markers for h in heads for c in h.children):
            return True
        # "In Ankara, police detained 63": a place put before the act sets a new scene
        if any(c.dep_ == "prep" and c.lower_ in self.scene_preps and c.i < verb.i and c.i == c.sent.start
               and any(t.ent_type_ in ("GPE", "LOC") for t in c.subtree) for c in verb.children):
            return True
        # "attacked another checkpoint", "a separate meeting": on the act's noun or its object
        nouns = [trigger, *(c for c in trigger.children if c.dep_ in ("dobj", "pobj"))]
        return any(c.dep_ in ("det", "amod") and c.lower_ in self.words for n in nouns for c in n.children)

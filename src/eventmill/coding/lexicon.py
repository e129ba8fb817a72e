"""Longest-match lookup of multi-word terms over token sequences (names, agents, triggers)."""
from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Sequence
from typing import Generic, TypeVar

from spacy.tokens import Span, Token

from eventmill.types import Actor

V = TypeVar("V")


class TermIndex(Generic[V]):
    """Maps token tuples to values; finds the longest non-overlapping matches left to right.

    Terms are compared on whatever key the caller gives each token (its text for names, its
    lemma for agent nouns), so one index type serves every dictionary.
    """

    def __init__(self) -> None:
        self._by_first: dict[str, dict[tuple[str, ...], list[V]]] = defaultdict(dict)
        # the longest term under each first key: long party names ("National Democratic
        # Congress of ...") must not make every "National" try every length
        self._longest: dict[str, int] = defaultdict(int)

    def add(self, term: Sequence[str], value: V) -> None:
        term = tuple(term)
        if not term:
            return
        self._by_first[term[0]].setdefault(term, []).append(value)
        self._longest[term[0]] = max(self._longest[term[0]], len(term))

    def __contains__(self, key: str) -> bool:
        return key in self._by_first

    def find(self, keys: Sequence[str]) -> list[tuple[int, int, list[V]]]:
        """(start, end, values) of the longest matches, scanning left to right without overlap."""
        found = []
        i = 0
        while i < len(keys):
            cands = self._by_first.get(keys[i])
            best = None
            if cands:
                for n in range(min(self._longest[keys[i]], len(keys) - i), 0, -1):
                    values = cands.get(tuple(keys[i:i + n]))
                    if values:
                        best = (i, i + n, values)
                        break
            if best:
                found.append(best)
                i = best[1]
            else:
                i += 1
        return found


def sentence_of(tok: Token) -> Span:
    """The sentence holding `tok`. spaCy's `Token.sent` walks the Doc on every call; an
    article Doc asks this for every event and actor, so its sentences are indexed once."""
    doc = tok.doc
    index = doc.user_data.get("eventmill_sentences")
    if index is None or index[2] != len(doc):
        sents = list(doc.sents)
        index = ([s.start for s in sents], sents, len(doc))
        doc.user_data["eventmill_sentences"] = index
    return index[1][bisect.bisect_right(index[0], tok.i) - 1]


def reporting_verb(tok: Token, speech_verbs: frozenset[str], hops: int = 5) -> Token | None:
    """The speech verb ("said", "told", "warned") whose clause holds `tok`, walking up the parse."""
    for _ in range(hops):
        if tok.head.i == tok.i:
            return None
        tok = tok.head
        if tok.lemma_.lower() in speech_verbs:
            return tok
    return None


def own_subject(subj: Token) -> Token:
    """"The Red Cross operating in Iraq said": where the parser made a participle the subject,
    the participle's own subject is meant."""
    if subj.tag_ == "VBG":
        return next((c for c in subj.children if c.dep_ == "nsubj"), subj)
    return subj


def nsubj(verb: Token) -> Token | None:
    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    return own_subject(subj) if subj is not None else None


def sentence_speaker(sent: Span, speech_verbs: frozenset[str],
                     actors: dict[int, Actor]) -> Actor | None:
    """The actor speaking in a sentence: the first speech verb whose subject is an actor
    ("'We condemn it,' he said")."""
    for verb in sent:
        if verb.lemma_.lower() in speech_verbs and (subj := nsubj(verb)) is not None \
                and subj.i in actors:
            return actors[subj.i]
    return None


def entity_span(tok: Token) -> Span:
    """The named entity a token belongs to, or the token alone (walking the IOB tags, not all
    entities)."""
    doc = tok.doc
    if not tok.ent_iob_ or tok.ent_iob_ == "O":
        return doc[tok.i:tok.i + 1]
    start = tok.i
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    end = tok.i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return doc[start:end]


def entity_text(tok: Token) -> str:
    """Text of the named entity a token belongs to."""
    return entity_span(tok).text

"""A cheap test of whether a sentence may hold an event, run before the costly parse.

Parsing is most of eventmill's cost; most sentences of a news article hold no trigger word
of the pattern dictionary at all. The test looks at token text only (lower case), against
every inflected form of every trigger lemma, so it never drops a sentence a pattern could match.
"""
from __future__ import annotations

import functools
from collections.abc import Iterable

from eventmill.resources import load_yaml

VOWELS = set("aeiou")


def inflect(lemma: str) -> set[str]:
    """Regular English inflections of a verb or noun lemma (a generous superset)."""
    forms = {lemma, lemma + "s", lemma + "es", lemma + "ed", lemma + "d", lemma + "ing"}
    if lemma.endswith("e"):
        forms |= {lemma[:-1] + "ing", lemma + "d"}
    if lemma.endswith("y"):
        forms |= {lemma[:-1] + "ies", lemma[:-1] + "ied"}
    if len(lemma) > 2 and lemma[-1] not in VOWELS and lemma[-2] in VOWELS and lemma[-3] not in VOWELS:
        forms |= {lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}  # "stop" -> "stopped"
    if lemma.endswith("ie"):
        forms.add(lemma[:-2] + "ying")
    return forms


@functools.cache
def _irregular() -> dict[str, list[str]]:
    return load_yaml("inflections.yaml")["irregular"]


def trigger_forms(lemmas: Iterable[str]) -> frozenset[str]:
    """Every surface form (lower case) that a trigger lemma can take."""
    irregular = _irregular()
    forms: set[str] = set()
    for lemma in lemmas:
        forms |= inflect(lemma)
        forms.update(irregular.get(lemma, ()))
    return frozenset(forms)

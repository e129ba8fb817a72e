"""What the stages let go, and why (`doc._.dropped`): `eventmill eval` tells misses apart by it
(no actor, negation or modality, background, no target, duplicate...)."""
from __future__ import annotations

from spacy.tokens import Doc

from eventmill.types import Event


def drop(doc: Doc, sentence: str, code: str, reason: str) -> None:
    """Record a candidate event a stage let go."""
    if doc._.dropped is None:
        doc._.dropped = []
    doc._.dropped.append({"sentence": sentence, "code": code, "root": code[:2], "reason": reason})


def drop_all(doc: Doc, before: list[Event], after: list[Event], reason: str) -> None:
    """Record the events of `before` that are not in `after`."""
    kept = {id(ev) for ev in after}
    for ev in before:
        if id(ev) not in kept:
            drop(doc, ev.sentence, ev.code, reason)

"""Lexical knowledge for the trigger tagger: its token-to-vector layer starts from the English
model's own (the same architecture; weights learned on OntoNotes, shipped in the pinned model
package), so that it knows words the small training corpus never shows it."""
from __future__ import annotations

import importlib
from collections.abc import Callable

import spacy
from spacy.language import Language


@spacy.registry.callbacks("eventmill.pretrained_tok2vec.v1")
def pretrained_tok2vec(model: str, component: str = "spancat") -> Callable[[Language], Language]:
    def copy(nlp: Language) -> Language:
        source = importlib.import_module(model).load()
        layer = nlp.get_pipe(component).model.get_ref("tok2vec")
        layer.from_bytes(source.get_pipe("tok2vec").model.to_bytes())
        return nlp
    return copy

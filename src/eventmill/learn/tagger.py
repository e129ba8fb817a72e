"""The trigger tagger as a pipeline component (`eventmill_triggers`): the span categorizer that
`eventmill train` fits, shipped under `eventmill/data/model/triggers`, run on the parsed
sentences before the eventmill stages. It labels the words that carry an event with their root
(R02..R20) and their realis (ASSERTED, BACKGROUND, ...) in `doc.spans["eventmill_triggers"]`;
the events stage codes what the patterns missed from the spans labelled both with a root and
ASSERTED."""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from eventmill.learn import pretrained  # noqa: F401  (the trained config names its initializer)
from eventmill.resources import data_path

MODEL_DIR = "model/triggers"


class TriggerTagger:
    """Runs the trained span categorizer (a pipeline of its own) on this pipeline's docs."""

    def __init__(self, model: str | Path | None = None, threshold: float = 0.5) -> None:
        path = Path(model) if model else data_path(MODEL_DIR)
        if not (path / "config.cfg").is_file():
            raise FileNotFoundError(f"eventmill: no trained trigger tagger at {path}; run `eventmill train`")
        self.trained = spacy.load(path)
        self.spancat = self.trained.get_pipe("spancat")
        self.spancat.cfg["threshold"] = threshold

    def __call__(self, doc: Doc) -> Doc:
        return next(self.pipe([doc]))

    def pipe(self, docs: Iterable[Doc], batch_size: int = 256) -> Iterator[Doc]:
        batch: list[Doc] = []
        for doc in docs:
            batch.append(doc)
            if len(batch) >= batch_size:
                yield from self._tag(batch)
                batch = []
        if batch:
            yield from self._tag(batch)

    def _tag(self, docs: list[Doc]) -> list[Doc]:
        self.spancat.set_annotations(docs, self.spancat.predict(docs))
        return docs

    def to_disk(self, path: str | Path, exclude: Iterable[str] = ()) -> None:
        """The weights ship with the package: nothing to save."""

    def from_disk(self, path: str | Path, exclude: Iterable[str] = ()) -> TriggerTagger:
        return self


@Language.factory("eventmill_triggers", default_config={"model": None, "threshold": 0.5},
                  assigns=["doc.spans"])
def make_trigger_tagger(nlp: Language, name: str, model: str | None, threshold: float) -> TriggerTagger:
    return TriggerTagger(model, threshold)

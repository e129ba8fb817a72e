"""What one pipeline's stages are built from: its data files (the package's, overlaid by the
folder given as the factories' `data` setting) and the settings and dictionaries read from them,
each once; and the registered component that builds its stage on first use, so that
`spacy.load` can hand it saved data (`from_disk`) before anything is read."""
from __future__ import annotations

import functools
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from spacy.language import Language
from spacy.tokens import Doc

from eventmill.coding.dateline import Datelines
from eventmill.coding.dictionary import Lexicon, load_lexicon
from eventmill.coding.geography import Geography
from eventmill.coding.patterns import PatternSet, load_patterns
from eventmill.coding.settings import (EventsSettings, GeographySettings, LanguageSettings,
                                       load_settings)
from eventmill.resources import DataFiles
from eventmill.text.prefilter import trigger_forms

# The stages in pipeline order; "eventmill" runs them all as one component.
STAGES = ("eventmill_article", "eventmill_setting", "eventmill_actors", "eventmill_events",
          "eventmill_modality", "eventmill_dates", "eventmill_places", "eventmill_dedupe",
          "eventmill_magnitudes", "eventmill_calibrate")

S = TypeVar("S")
Stage = Callable[[Doc], Doc]


class CodingData:
    """The data of one pipeline, read and built once."""

    def __init__(self, nlp: Language, files: DataFiles) -> None:
        self.nlp = nlp
        self.files = files
        self._settings: dict[str, Any] = {}

    def settings(self, cls: type[S], stage: str) -> S:
        if stage not in self._settings:
            self._settings[stage] = load_settings(cls, self.files, stage)
        return self._settings[stage]

    @functools.cached_property
    def language(self) -> LanguageSettings:
        return self.settings(LanguageSettings, "language")

    @functools.cached_property
    def geography(self) -> Geography:
        return Geography(self.settings(GeographySettings, "geography"), self.language,
                         self.files.yaml("countries.yaml"))

    @functools.cached_property
    def datelines(self) -> Datelines:
        return Datelines(self.language)

    @functools.cached_property
    def lexicon(self) -> Lexicon:
        return load_lexicon(self.files, lambda text: [t.text for t in self.nlp.tokenizer(text)])

    @functools.cached_property
    def patterns(self) -> PatternSet:
        return load_patterns(self.files, self.settings(EventsSettings, "events").measure_nouns)

    @functools.cached_property
    def trigger_forms(self) -> frozenset[str]:
        """Every word form that can start an event: the patterns' triggers, the words that
        start one with no pattern (a verdict's predicate "unacceptable", a modal "must") and,
        where the pipeline runs the learned tagger, the words it was trained to find
        (`eventmill train` lists them)."""
        verdicts = self.settings(EventsSettings, "events").verdicts.words
        learned = set(self.files.lines("model/triggers/trigger_words.txt")) \
            if "eventmill_triggers" in self.nlp.pipe_names else set()
        return trigger_forms(self.patterns.trigger_words | {w.split()[-1] for w in verdicts}
                             | self.language.obligation_aux | learned)


class StageComponent:
    """A registered eventmill component: its stage is built from the pipeline's data on first
    use. `to_disk` saves the data folder it reads besides the packaged files, `from_disk` reads
    it back."""

    def __init__(self, nlp: Language, data: str | None, build: Callable[[CodingData], Stage]) -> None:
        self.nlp = nlp
        self.data = data
        self.build = build
        self._stage: Stage | None = None

    @property
    def stage(self) -> Stage:
        if self._stage is None:
            self._stage = self.build(CodingData(self.nlp, DataFiles(self.data)))
        return self._stage

    def __call__(self, doc: Doc) -> Doc:
        return self.stage(doc)

    def to_disk(self, path: str | Path, exclude: Any = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        if self.data:
            shutil.copytree(self.data, path / "data", dirs_exist_ok=True)

    def from_disk(self, path: str | Path, exclude: Any = ()) -> StageComponent:
        saved = Path(path) / "data"
        self.data = str(saved) if saved.is_dir() else None
        self._stage = None
        return self


class Stages:
    """All eventmill stages as one component, in pipeline order. An article with no sentence
    worth coding has no events."""

    def __init__(self, stages: list[Stage]) -> None:
        self.stages = stages

    @property
    def article(self) -> Stage:
        """The article stage (clean-up and parse), first of all."""
        return self.stages[0]

    def __call__(self, doc: Doc) -> Doc:
        article, *rest = self.stages
        doc = article(doc)
        if not len(doc):
            doc._.events = []
            return doc
        for stage in rest:
            doc = stage(doc)
        return doc

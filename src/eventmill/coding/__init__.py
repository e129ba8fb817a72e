"""eventmill's spaCy components. Importing this module registers them with spaCy.

The stages run in the order of `STAGES` over one article `Doc`: article (clean-up, parse) ->
setting -> actors -> events -> modality -> dates -> places -> dedupe -> magnitudes -> calibrate. `nlp.add_pipe("eventmill")`
adds them all as one component; each is also available on its own. Every factory takes `data`,
a folder whose files overlay the packaged data (see `eventmill.resources`).
`docs/architecture.md` tells what each stage reads and writes.
"""
from __future__ import annotations

import bisect
import math
from collections.abc import Callable

from spacy.language import Language
from spacy.tokens import Doc

from eventmill.coding.actors import ActorsComponent
from eventmill.coding.article import ArticleComponent, split_abbreviation_hyphens
from eventmill.coding.build import STAGES, CodingData, Stage, StageComponent, Stages
from eventmill.coding.calibrate import CalibrateComponent
from eventmill.coding.dates import DatesComponent
from eventmill.coding.dedupe import DedupeComponent
from eventmill.coding.events import EventsComponent
from eventmill.coding.magnitudes import MagnitudesComponent
from eventmill.coding.modality import ModalityComponent
from eventmill.coding.places import PlacesComponent
from eventmill.coding.setting import SettingComponent
from eventmill.learn import tagger  # noqa: F401  (registers eventmill_triggers)
from eventmill.coding.settings import (ActorsSettings, ArticleSettings, CalibrateSettings, DatesSettings,
                                       DedupeSettings, MagnitudesSettings,
                                       EventsSettings, ModalitySettings, PlacesSettings,
                                       SettingSettings)



def _char_offset(doc: Doc, char: int) -> int:
    """Article offset of a character of `doc`. A Doc built from selected sentences carries
    `offsets`: (doc char, article char) at the start of each sentence."""
    offsets = doc._.offsets
    if not offsets:
        return char
    i = bisect.bisect_right(offsets, (char, float("inf"))) - 1
    doc_start, article_start = offsets[max(i, 0)]
    return article_start + (char - doc_start)


# Set by the caller: article_id, article_date (required), undated. The stages assign the rest.
for _name, _default in (("article_id", None), ("article_date", None), ("undated", False),
                        ("article_text", None), ("offsets", None), ("context", None),
                        ("dateline", None), ("home_city", None), ("actors", None),
                        ("coactors", None), ("events", None), ("dropped", None)):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=_default)
if not Doc.has_extension("char_offset"):
    Doc.set_extension("char_offset", method=_char_offset)

# what the model assigns that the stages read (its attribute_ruler sets token.pos too, undeclared)
PARSE = ["token.dep", "token.lemma", "token.tag", "doc.ents"]
ASSIGNS = {
    "eventmill_article": ["doc._.offsets", "doc._.article_text"],
    "eventmill_setting": ["doc._.context", "doc._.dateline", "doc._.home_city"],
    "eventmill_actors": ["doc._.actors", "doc._.coactors"],
    "eventmill_events": ["doc._.events", "doc._.dropped"],
    "eventmill_modality": ["doc._.events", "doc._.dropped"],
    "eventmill_dates": ["doc._.events", "doc._.dropped"],
    "eventmill_places": ["doc._.events"],
    "eventmill_dedupe": ["doc._.events", "doc._.dropped"],
    "eventmill_magnitudes": ["doc._.events"],
    "eventmill_calibrate": ["doc._.events", "doc._.dropped"],
}
REQUIRES = {
    "eventmill_article": [],
    "eventmill_setting": ["doc._.offsets", *PARSE],
    "eventmill_actors": ["doc._.context", *PARSE],
    "eventmill_events": ["doc._.actors"],
    "eventmill_modality": ["doc._.events"],
    "eventmill_dates": ["doc._.events"],
    "eventmill_places": ["doc._.events", "doc._.context", "doc._.dateline", "doc._.home_city"],
    "eventmill_dedupe": ["doc._.events"],
    "eventmill_magnitudes": ["doc._.events"],
    "eventmill_calibrate": ["doc._.events"],
}


def _builders(nlp: Language, min_confidence: float, prefilter: bool) -> dict[str, Callable[[CodingData], Stage]]:
    """How each stage is built from a pipeline's data."""
    if not (isinstance(min_confidence, (int, float)) and 0.0 <= min_confidence <= 1.0) \
            or math.isnan(min_confidence):
        raise ValueError(f"eventmill: min_confidence must be a number from 0 to 1, not {min_confidence!r}")
    return {
        "eventmill_article": lambda d: _article(nlp, d, prefilter),
        "eventmill_setting": lambda d: SettingComponent(
            d.settings(SettingSettings, "setting"), d.lexicon, d.geography, d.datelines),
        "eventmill_actors": lambda d: ActorsComponent(
            d.lexicon, d.settings(ActorsSettings, "actors"), d.language, d.geography),
        "eventmill_events": lambda d: EventsComponent(
            d.patterns, d.settings(EventsSettings, "events"), d.language, d.geography),
        "eventmill_modality": lambda d: ModalityComponent(d.settings(ModalitySettings, "modality"), d.language),
        "eventmill_dates": lambda d: DatesComponent(d.settings(DatesSettings, "dates"), d.language),
        "eventmill_places": lambda d: PlacesComponent(d.settings(PlacesSettings, "places"), d.geography),
        "eventmill_dedupe": lambda d: DedupeComponent(d.settings(DedupeSettings, "dedupe")),
        "eventmill_magnitudes": lambda d: MagnitudesComponent(d.settings(MagnitudesSettings, "magnitudes")),
        "eventmill_calibrate": lambda d: CalibrateComponent(d.settings(CalibrateSettings, "calibrate"),
                                                            min_confidence),
    }


def _article(nlp: Language, data: CodingData, prefilter: bool) -> ArticleComponent:
    split_abbreviation_hyphens(nlp)  # the same tokens as `eventmill code` gives, whoever built nlp
    return ArticleComponent(nlp, data.settings(ArticleSettings, "article"), data.datelines,
                            data.trigger_forms, prefilter)


def _stage_factory(stage: str) -> None:
    @Language.factory(stage, default_config={"data": None, "min_confidence": 0.0, "prefilter": True},
                      assigns=ASSIGNS[stage], requires=REQUIRES[stage])
    def make(nlp: Language, name: str, data: str | None, min_confidence: float,
             prefilter: bool) -> StageComponent:
        return StageComponent(nlp, data, _builders(nlp, min_confidence, prefilter)[stage])


for _stage in STAGES:
    _stage_factory(_stage)


@Language.factory("eventmill", default_config={"data": None, "min_confidence": 0.0, "prefilter": True},
                  assigns=sorted({a for names in ASSIGNS.values() for a in names}), requires=PARSE)
def make_eventmill(nlp: Language, name: str, data: str | None, min_confidence: float,
                   prefilter: bool) -> StageComponent:
    builders = _builders(nlp, min_confidence, prefilter)
    return StageComponent(nlp, data, lambda d: Stages([builders[s](d) for s in STAGES]))

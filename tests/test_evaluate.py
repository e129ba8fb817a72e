"""Scoring follows GUIDE.md: greedy one-to-one pairing on root + source + target country."""
from eventmill.measure.evaluate import matches, pair, prf, score


def ev(root, src, tgt, date="2020-01-01", sentence="s", role="", conf=0.9, loc=None):
    return {"root": root, "quad": None, "source": {"country": src, "role": role},
            "target": {"country": tgt, "role": ""} if tgt else None, "date": date,
            "sentence": sentence, "confidence": conf,
            "location": {"country": loc} if loc else None}


def test_match_needs_root_and_both_countries():
    assert matches(ev("14", "IRQ", "USA"), ev("14", "IRQ", "USA"))
    assert not matches(ev("14", "IRQ", "USA"), ev("19", "IRQ", "USA"))
    assert not matches(ev("14", "IRQ", "USA"), ev("14", "IRQ", None))
    assert matches(ev("14", "IRQ", None), ev("14", "IRQ", None))


def test_quad_level_matches_across_roots_of_one_quad():
    assert matches(ev("18", "USA", "IRQ"), ev("19", "USA", "IRQ"), level="quad")
    assert not matches(ev("14", "USA", "IRQ"), ev("19", "USA", "IRQ"), level="quad")


def test_pairing_is_one_to_one():
    gold = [ev("11", "USA", "IRN")]
    pred = [ev("11", "USA", "IRN"), ev("11", "USA", "IRN")]
    assert len(pair(gold, pred)) == 1


def test_scores_and_root_01_left_out():
    gold = [ev("11", "USA", "IRN"), ev("12", "IRN", "USA", date="2019-12-30")]
    pred = [ev("11", "USA", "IRN"), ev("12", "IRN", "USA", date="2019-12-31", conf=0.2),
            ev("01", "USA", None), ev("19", "USA", "IRQ")]
    s = score([("a", gold, pred)]).as_dict()
    assert (s["n_gold"], s["n_pred"], s["n_match"]) == (2, 3, 2)
    assert s["precision"] == round(2 / 3, 4) and s["recall"] == 1.0
    assert s["date_agreement"] == 1.0  # one day apart still agrees
    high = next(r for r in s["by_confidence"] if r["min_confidence"] == 0.5)
    assert high["n_pred"] == 2 and high["recall"] == 0.5
    # the spurious 19 shares its sentence and source with a gold 11: a wrong root
    assert s["error_causes"] == {"spurious: wrong root": 1}


def test_prf_handles_empty():
    assert prf(0, 0, 0) == (0.0, 0.0, 0.0)


def test_same_place_by_name_or_distance():
    from eventmill.measure.evaluate import same_place
    from eventmill.gazetteer import Gazetteer

    gaz = Gazetteer.default()
    gold = {"location": {"name": "Baghdad", "country": "IRQ"}}
    assert same_place(gold, {"location": {"name": "Baghdad", "lat": 0, "lon": 0}}, gaz)
    near = {"location": {"name": "Green Zone", "lat": 33.31, "lon": 44.39}}
    far = {"location": {"name": "Basra", "lat": 30.5, "lon": 47.8}}
    assert same_place(gold, near, gaz) and not same_place(gold, far, gaz)
    assert not same_place(gold, {"location": None}, gaz)


def test_missed_events_told_apart_by_what_the_coder_let_go():
    gold = [ev("19", "ISR", "PSE", sentence="a"), ev("11", "USA", "IRN", sentence="b"),
            ev("04", "FRA", "DEU", sentence="c")]
    dropped = [{"sentence": "a", "code": "190", "root": "19", "reason": "negation or modality"},
               {"sentence": "b", "code": "020", "root": "02", "reason": "no actor"}]
    causes = score([("x", gold, [], dropped)]).causes
    assert causes["missed: dropped: negation or modality"] == 1
    # a trigger of another root says nothing of this event: its own root found no trigger
    assert causes["missed: no pattern for its root"] == 1
    assert causes["missed: no pattern"] == 1
    # without a diagnosis the old, coarser cause stays
    assert score([("x", gold, [])]).causes["missed: no event in sentence"] == 3


def test_a_miss_beside_a_predicted_event_of_another_root_is_no_pattern_for_its_root():
    gold = [ev("11", "USA", "IRN", sentence="s")]
    pred = [ev("13", "USA", "IRN", sentence="s")]
    assert score([("x", gold, pred, [])]).causes["missed: no pattern for its root"] == 1
    assert score([("x", gold, pred, [])]).causes["spurious: wrong root"] == 1


def test_actor_error_through_a_pronoun_is_coreference():
    gold = [ev("11", "USA", "IRN", sentence="s")]
    pred = [ev("11", "IRN", "IRN", sentence="s")]
    pred[0]["source"]["text"] = "he"
    assert score([("x", gold, pred, [])]).causes["missed: coreference"] == 1

from eventmill.text.prefilter import inflect, trigger_forms


def test_regular_inflections():
    assert {"accuses", "accused", "accusing"} <= inflect("accuse")
    assert {"stopped", "stopping"} <= inflect("stop")
    assert {"denies", "denied"} <= inflect("deny")


def test_irregular_forms_come_from_data():
    forms = trigger_forms(["hold", "fight", "meet"])
    assert {"held", "fought", "met"} <= forms

from eventmill.text.prefilter import inflect, trigger_forms


def test_regular_inflections():
    assert {"accuses", "accused", "accusing"} <= inflect("accuse")
    assert {"stopped", "stopping"} <= inflect("stop")
    assert {"denies", "denied"} <= inflect("deny")


def test_irregular_forms_come_from_data():
    forms = trigger_forms(["hold", "fight", "meet"])
    assert {"held", "fought", "met"} <= forms


def test_british_doubled_l_is_kept():
    # regression: "initialled an agreement" was filtered out before parsing
    assert "initialled" in trigger_forms(["initial"])
    assert {"cancelled", "labelled"} <= trigger_forms(["cancel", "label"])

from eventmill.coding.lexicon import TermIndex


def test_longest_match_wins_and_no_overlap():
    idx = TermIndex()
    idx.add(["foreign"], "x")
    idx.add(["foreign", "ministry"], "GOV")
    idx.add(["ministry", "spokesman"], "GOV2")
    found = idx.find(["the", "foreign", "ministry", "spokesman"])
    assert found == [(1, 3, ["GOV"])]


def test_no_match():
    idx = TermIndex()
    idx.add(["army"], "MIL")
    assert idx.find(["the", "navy"]) == []

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
    assert idx.find(["the", "army"]) == [(1, 2, ["MIL"])]


def test_walks_up_the_parse_stop_at_the_root(nlp):
    # regression: spaCy makes a new Token object on each access, so "tok.head is tok" never
    # held and walks to the root went on past it
    from eventmill.coding.dates import present_tense
    from eventmill.coding.lexicon import reporting_verb

    doc = nlp("Protests in Tehran.")
    assert not present_tense(doc[0])
    said = nlp("Iran said it attacked the base.")
    assert reporting_verb(said[1], frozenset({"say"})) is None  # the speech verb has none above it
    assert reporting_verb(said[3], frozenset({"say"})).lower_ == "said"

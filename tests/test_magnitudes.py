"""The magnitudes stage: counts of killed, wounded, arrested and crowd stated by an event's sentence."""
import pytest


def _mags(code_text, text, root, date="2018-05-10"):
    events = [e for e in code_text(text, date) if e["root"] == root]
    assert events, f"no {root} event in {text!r}"
    return events[0]["magnitudes"]


@pytest.mark.parametrize("text,root,expected", [
    ("Gunmen killed 13 police officers in an ambush in Sinaloa on Monday.", "19", {"killed": 13}),
    ("Militants attacked a mosque in Peshawar on Friday, killing nineteen people and wounding 30.",
     "18", {"killed": 19, "wounded": 30}),
    ("Police arrested 11 opposition activists in Minsk on Sunday.", "17", {"arrested": 11}),
    # people named together are added up; "a" counts one
    ("Taliban fighters killed a district governor and seven villagers in Ghazni on Monday.",
     "18", {"killed": 8}),
    ("Security forces fired live bullets at protesters in Lome on Wednesday, killing a child.",
     "18", {"killed": 1}),
    # a named person or a pronoun is one; "fatally" makes any verb a killing
    ("Gunmen shot dead mayor Ana Ruiz at her office in Guerrero on Monday.", "18", {"killed": 1}),
    ("Gunmen attacked a local judge in Culiacan on Monday and killed her.", "18", {"killed": 1}),
    ("Police fatally shot three protesters in Lome on Wednesday.", "18", {"killed": 3}),
    # a total counts through "of"; "the" one killed is one
    ("A total of 12 people were killed when a coalition jet bombed a bus station in Saada on Monday.",
     "19", {"killed": 12}),
    ("The mayor of Ocotlan was killed by gunmen in Jalisco on Monday.", "18", {"killed": 1}),
])
def test_counts_stated_in_the_sentence(code_text, text, root, expected):
    assert _mags(code_text, text, root) == expected


def test_vague_amounts_and_years_are_no_counts(code_text):
    mags = _mags(code_text, "Police shot dead dozens of striking workers in Zhanaozen on Friday.", "18")
    assert "killed" not in mags
    mags = _mags(code_text, "Soldiers killed 4 rebels in Kachin on Tuesday, the worst clash since 2011.", "19")
    assert mags == {"killed": 4}


@pytest.mark.parametrize("text,root,expected", [
    # the doer is not counted
    ("An airstrike by the Saudi-led coalition killed 21 people at a market in Saada on Monday.",
     "19", {"killed": 21}),
    ("Three gunmen killed at least six villagers in a raid in Kano state on Wednesday.", "18",
     {"killed": 6}),
    # the count completes a verb
    ("Fighting between rival militias in Tripoli on Sunday left seven people dead.", "19", {"killed": 7}),
])
def test_counts_of_victims_only(code_text, text, root, expected):
    assert _mags(code_text, text, root) == expected


def test_a_count_told_where_the_act_is_retold_belongs_to_it(code_text):
    text = ("Taliban insurgents attacked Afghan soldiers in Ghazni on Thursday. "
            "The insurgents attacked the soldiers at dawn, killing nine of them.")
    (event,) = code_text(text, "2019-08-02")
    assert event["magnitudes"] == {"killed": 9}
    assert event["sentence"].startswith("Taliban insurgents attacked")


def test_a_toll_told_in_the_next_sentence_belongs_to_the_act_of_force(code_text):
    text = "Al-Shabaab militants attacked an army base near Kismayo on Friday. Nine soldiers were killed."
    (attack,) = [e for e in code_text(text, "2019-03-01") if e["root"] in ("18", "19")]
    assert attack["magnitudes"] == {"killed": 9}
    # after an act of coercion the next sentence's dead may be another act's
    text = "Police fired tear gas at protesters in Nairobi on Monday. Three people were killed."
    (crackdown,) = [e for e in code_text(text, "2019-03-01") if e["root"] == "17"]
    assert crackdown["magnitudes"] == {}

"""The actor dictionaries as the pipeline tokenizes them."""
from __future__ import annotations

import pytest

from eventmill.coding.dictionary import load_lexicon
from eventmill.resources import packaged


@pytest.fixture(scope="module")
def lexicon(nlp):
    return load_lexicon(packaged(), lambda text: [t.text for t in nlp.tokenizer(text)])


@pytest.mark.parametrize("tokens,role", [
    (["secretary", "-", "general"], "GOV"),
    (["director", "-", "general"], "GOV"),
    (["counter", "-", "terrorism", "police"], "COP"),
])
def test_hyphenated_agent_is_one_match(lexicon, tokens, role):
    # "secretary-general" is three tokens: the agent list is split the same way, so the whole
    # phrase matches (it never did while the list was split on spaces only)
    assert lexicon.agents.find(tokens) == [(0, len(tokens), [role] * len(lexicon.agents.find(tokens)[0][2]))]


def test_hyphenated_agent_in_a_sentence(code_text):
    events = code_text("The UN secretary-general urged Syria to end the violence.", "2012-01-05")
    assert [(e["code"], e["source"]["country"], e["source"]["role"], e["target"]["country"])
            for e in events] == [("020", "IGO", "GOV", "SYR")]

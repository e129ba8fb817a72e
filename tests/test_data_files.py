"""Regression: YAML reads bare `no`/`on`/`yes`/`off` as booleans, which silently drops a word
from a list ("no" vanished from the negators, "on" from the target prepositions)."""
from pathlib import Path

import pytest
import yaml

DATA = Path(__file__).resolve().parents[1] / "src" / "eventmill" / "data"
FLAGS = {"symmetric", "speech", "intransitive", "bare_state"}  # the only true/false fields


def _booleans(value, path):
    if isinstance(value, bool):
        yield path
    elif isinstance(value, dict):
        for key, item in value.items():
            if isinstance(key, bool):
                yield f"{path}.<key {key}>"
            if key not in FLAGS:
                yield from _booleans(item, f"{path}.{key}")
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _booleans(item, f"{path}[{i}]")


@pytest.mark.parametrize("path", sorted(DATA.rglob("*.yaml")), ids=lambda p: str(p.relative_to(DATA)))
def test_no_word_was_read_as_a_boolean(path):
    found = list(_booleans(yaml.safe_load(path.read_text(encoding="utf-8")), path.name))
    assert not found, f"quote these words: {found}"

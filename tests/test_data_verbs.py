"""Checks on the shipped event patterns, src/eventmill/data/verbs.yaml (format: docs/data-formats.md)."""
from __future__ import annotations

import csv
import itertools
from collections import defaultdict
from pathlib import Path

import pytest
import yaml

from eventmill.coding.patterns import FIELDS  # one list of fields for the coder and this test

DATA = Path(__file__).resolve().parents[1] / "src" / "eventmill" / "data"
VERBS = DATA / "verbs.yaml"
EVENTCODES = DATA / "cameo" / "eventcodes.tsv"

CONSTRAINT_FIELDS = ("lemma", "pos", "particle", "prep", "object", "pobj", "intransitive")
POS_VALUES = {"VERB", "NOUN"}
TARGET_VALUES = {"dobj", "prep", "none"}
MIN_PATTERNS = 450


def _load_patterns() -> list[dict]:
    with VERBS.open(encoding="utf-8") as fh:
        doc = yaml.safe_load(fh)
    assert isinstance(doc, dict) and isinstance(doc.get("patterns"), list), "top level must be {patterns: [...]}"
    return doc["patterns"]


def _load_codes() -> set[str]:
    with EVENTCODES.open(encoding="utf-8") as fh:
        lines = [line for line in fh if not line.startswith("#")]
    return {row["code"] for row in csv.DictReader(lines, delimiter="\t")}


PATTERNS = _load_patterns()
CODES = _load_codes()


def _as_list(value) -> list:
    return value if isinstance(value, list) else [value]


def _norm(value):
    """A field value in comparable form: lists become sorted tuples (order carries no meaning)."""
    if isinstance(value, list):
        return tuple(sorted(value))
    return value


def _constraints(p: dict) -> tuple:
    key = {f: _norm(p.get(f)) for f in CONSTRAINT_FIELDS}
    key["pos"] = key["pos"] or "VERB"
    return tuple(key[f] for f in CONSTRAINT_FIELDS)


def _label(p: dict) -> str:
    return "{" + ", ".join(f"{k}: {v}" for k, v in p.items()) + "}"


def _check_words(field: str, value, p: dict, *, multiword: bool) -> None:
    items = _as_list(value)
    assert items, f"empty {field} list in {_label(p)}"
    assert len(items) == len(set(items)), f"repeated value in {field} of {_label(p)}"
    for item in items:
        # YAML 1.1 turns bare on/off/yes/no into booleans: such values must be quoted
        assert isinstance(item, str), f"{field} value {item!r} is not a string in {_label(p)}"
        assert item == item.strip() and item, f"blank or padded {field} {item!r} in {_label(p)}"
        # (lower case, but for `PERSON`: any person named by name)
        assert item == item.lower() or (field == "object" and item == "PERSON"), \
            f"{field} {item!r} is not lower case in {_label(p)}"
        assert "  " not in item, f"double space in {field} {item!r}"
        if not multiword:
            assert " " not in item, f"{field} {item!r} must be one word in {_label(p)}"


def test_enough_patterns():
    assert len(PATTERNS) >= MIN_PATTERNS


@pytest.mark.parametrize("p", PATTERNS, ids=lambda p: f"{p.get('lemma')}:{p.get('code')}")
def test_pattern_fields_are_valid(p):
    assert isinstance(p, dict)
    unknown = set(p) - FIELDS
    assert not unknown, f"unknown field(s) {unknown} in {_label(p)}"
    assert "lemma" in p and "code" in p, f"lemma and code are required: {_label(p)}"

    code = p["code"]
    assert isinstance(code, str), f"code must be a quoted string: {_label(p)}"
    assert code.isdigit() and 2 <= len(code) <= 4, f"bad code {code!r}"

    pos = p.get("pos", "VERB")
    assert pos in POS_VALUES, f"bad pos {pos!r}"
    assert isinstance(p["lemma"], str)
    # nouns may carry modifiers before the head ("air strike"); verb lemmas are single words
    _check_words("lemma", p["lemma"], p, multiword=(pos == "NOUN"))

    if "particle" in p:
        assert pos == "VERB", f"particle on a noun pattern: {_label(p)}"
        assert isinstance(p["particle"], str)
        _check_words("particle", p["particle"], p, multiword=False)
    if "prep" in p:
        _check_words("prep", p["prep"], p, multiword=False)
    if "object" in p:
        assert pos == "VERB", f"object on a noun pattern: {_label(p)}"
        _check_words("object", p["object"], p, multiword=True)
    if "pobj" in p:
        assert "prep" in p, f"pobj without prep: {_label(p)}"
        _check_words("pobj", p["pobj"], p, multiword=True)
    if "target" in p:
        assert p["target"] in TARGET_VALUES, f"bad target {p['target']!r}"
        if p["target"] == "prep":
            assert "prep" in p, f"target: prep without prep: {_label(p)}"
    for flag in ("symmetric", "speech", "intransitive"):
        if flag in p:
            assert isinstance(p[flag], bool), f"{flag} must be true/false: {_label(p)}"


def test_codes_exist_in_codebook():
    missing = sorted({p["code"] for p in PATTERNS} - CODES)
    assert not missing, f"codes not in eventcodes.tsv: {missing}"


def test_every_root_02_to_20_is_covered():
    roots = {str(p["code"])[:2] for p in PATTERNS}
    missing = [f"{r:02d}" for r in range(2, 21) if f"{r:02d}" not in roots]
    assert not missing, f"roots without a pattern: {missing}"


def test_no_exact_duplicates():
    seen: dict[tuple, int] = {}
    dups = []
    for i, p in enumerate(PATTERNS):
        key = tuple(sorted((k, _norm(v)) for k, v in p.items()))
        if key in seen:
            dups.append((seen[key], i, _label(p)))
        seen[key] = i
    assert not dups, f"duplicate patterns: {dups}"


def test_identical_constraints_do_not_disagree():
    """Two patterns that match exactly the same words must not give different codes (or roles)."""
    by_key: dict[tuple, list[dict]] = defaultdict(list)
    for p in PATTERNS:
        by_key[_constraints(p)].append(p)
    clashes = [[_label(p) for p in group] for group in by_key.values() if len(group) > 1]
    assert not clashes, f"patterns with identical constraints: {clashes}"


def test_alternatives_do_not_overlap_across_codes():
    """Spelling out the alternatives in list fields, one concrete reading has one code."""
    codes: dict[tuple, set[str]] = defaultdict(set)
    for p in PATTERNS:
        pos = p.get("pos", "VERB")
        preps = _as_list(p.get("prep")) if "prep" in p else [None]
        objects = _as_list(p.get("object")) if "object" in p else [None]
        pobjs = _as_list(p.get("pobj")) if "pobj" in p else [None]
        for prep, obj, pobj in itertools.product(preps, objects, pobjs):
            codes[(p["lemma"], pos, p.get("particle"), prep, obj, pobj)].add(p["code"])
    clashes = {k: sorted(v) for k, v in codes.items() if len(v) > 1}
    assert not clashes, f"one reading, several codes: {clashes}"


def test_a_user_pattern_with_a_list_of_lemmas_is_refused(tmp_path):
    # regression: a list under `lemma` was read as the text of the list and never matched
    from eventmill.coding.patterns import load_patterns
    from eventmill.resources import DataFiles

    (tmp_path / "verbs.yaml").write_text('patterns:\n  - {lemma: [ship, send], code: "073"}\n')
    with pytest.raises(ValueError, match="pattern 0: `lemma`"):
        load_patterns(DataFiles(tmp_path))
    (tmp_path / "verbs.yaml").write_text('patterns:\n  - {lemma: ship, code: "073"}\n')
    assert [p.head for p in load_patterns(DataFiles(tmp_path)).patterns] == ["ship"]

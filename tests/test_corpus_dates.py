"""News published 2020-2024 is reserved for outside evaluation: no annotated article that ships
in the repo (training corpus, test sets) may come from those years."""
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FILES = sorted([*(ROOT / "training").rglob("*.jsonl"), *(ROOT / "tests" / "data").glob("*.jsonl")])


def test_the_annotated_sets_are_found():
    names = {p.name for p in FILES}
    assert {"heldout.jsonl", "fresh10.jsonl"} <= names and any(p.parent.name == "real" for p in FILES)


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_article_is_from_the_reserved_years(path):
    dated = 0
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            date = json.loads(line).get("date")
            if date:
                dated += 1
                assert not ("2020-01-01" <= date < "2025-01-01"), f"{path.name}:{n} is dated {date}"
    # composed training items carry no date; every real article does
    assert dated or "composed" in path.parts or "agreement" in path.parts

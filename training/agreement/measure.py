"""Agreement between the first annotation of 72 training articles and an independent second one:
event precision, recall and F1 of the second against the first, matched as `eventmill eval`
matches (root, source country, target country), at root and quad level.

    .venv/bin/python training/agreement/measure.py
"""
from __future__ import annotations

import json
from pathlib import Path

from eventmill.measure.evaluate import report, score

HERE = Path(__file__).parent


def main() -> None:
    first = {}
    for path in sorted((HERE.parent / "real").glob("*.jsonl")):
        for line in path.open(encoding="utf-8"):
            rec = json.loads(line)
            first[rec["id"]] = rec["events"]
    second = [json.loads(line) for line in (HERE / "second.jsonl").open(encoding="utf-8")]
    triples = [(r["id"], first[r["id"]], r["events"], []) for r in second]
    print(f"{len(second)} articles: first annotation as gold, second as prediction")
    print(report(score(triples), show_errors=False).split("\n\nmin confidence")[0])


if __name__ == "__main__":
    main()

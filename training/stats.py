"""Counts of the training corpus for its datasheet: records, events and look-alikes per source,
per root and per realis, the 3-digit codes covered, and the years of the real articles.

    python3 training/stats.py
"""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

HERE = Path(__file__).parent


def main() -> None:
    for part in ("real", "composed"):
        recs = [json.loads(line) for path in sorted((HERE / part).glob("*.jsonl"))
                for line in path.open(encoding="utf-8") if line.strip()]
        events = [e for r in recs for e in r.get("events") or []]
        looks = [e for r in recs for e in r.get("non_events") or []]
        roots = Counter(e["code"][:2] for e in events)
        codes3 = {e["code"][:3] for e in events if len(e["code"]) >= 3}
        print(f"## {part}: {len(recs)} records, {len(events)} events, {len(looks)} look-alikes")
        print("events per root: " + ", ".join(f"{r} {n}" for r, n in sorted(roots.items())))
        print("look-alikes per realis: " + ", ".join(f"{k} {n}" for k, n in
                                                     Counter(e["realis"] for e in looks).most_common()))
        print(f"distinct 3-digit codes with events: {len(codes3)}")
        if part == "real":
            years = Counter(r["date"][:4] for r in recs)
            print("years: " + ", ".join(f"{y} {n}" for y, n in sorted(years.items())))
            print(f"outlets: {len({r.get('outlet') for r in recs})}")
            mags = Counter(k for e in events for k in (e.get("magnitudes") or {}))
            print("magnitudes: " + ", ".join(f"{k} {n}" for k, n in mags.most_common()))
        print()


if __name__ == "__main__":
    main()

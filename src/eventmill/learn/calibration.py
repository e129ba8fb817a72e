"""Fitting the calibrate stage: code the training corpus's real articles, pair the coder's events
with the annotated ones as `eventmill eval` does, and fit observed precision against raw
confidence by isotonic regression (pool adjacent violators). The knots go to
`data/rules/calibrate.yaml`."""
from __future__ import annotations

from pathlib import Path

import yaml

from eventmill.learn.corpus import records
from eventmill.measure.evaluate import pair
from eventmill.types import Article

HEADER = """# The calibrate stage: raw confidence -> observed precision, as [raw, calibrated] knots, fitted by
# `eventmill train` on the training corpus's real articles (isotonic regression): {n} events,
# {m} of them matching an annotated event.
"""


MIN_BLOCK = 25  # events a knot stands on at least: fewer say little about precision


def isotonic(points: list[tuple[float, bool]], min_block: int = MIN_BLOCK) -> list[list[float]]:
    """[raw, precision] knots of the non-decreasing step fit of `points` (pool adjacent
    violators), one knot at the mean raw score of each block; a block of fewer than `min_block`
    events is pooled with its neighbour, and no knot says 0 or 1 (the add-one estimate)."""
    # events of one raw score start as one block: sorted one by one, a tie would put its misses
    # before its hits and split it into a block of misses and a block of hits
    ties: dict[float, list[float]] = {}
    for raw, hit in points:
        tie = ties.setdefault(round(raw, 6), [0.0, 0.0, 0.0])
        tie[0] += raw
        tie[1] += float(hit)
        tie[2] += 1.0
    blocks: list[list[float]] = []  # [sum raw, sum hits, count]
    for _, tie in sorted(ties.items()):
        blocks.append(tie)
        while len(blocks) > 1 and (blocks[-2][1] / blocks[-2][2] >= blocks[-1][1] / blocks[-1][2]
                                   or blocks[-2][2] < min_block):
            last = blocks.pop()
            blocks[-1] = [a + b for a, b in zip(blocks[-1], last)]
    if len(blocks) > 1 and blocks[-1][2] < min_block:
        last = blocks.pop()
        blocks[-1] = [a + b for a, b in zip(blocks[-1], last)]
    return [[round(s / n, 4), round((h + 1) / (n + 2), 4)] for s, h, n in blocks]


def fit(coder, corpus: Path, out: Path) -> dict:
    """Code the real articles of `corpus`, fit the knots and write them to `out`."""
    import datetime as dt

    recs = [r for r in records(corpus / "real")]
    articles = [Article(id=r["id"], date=dt.date.fromisoformat(r["date"]), text=r["text"]) for r in recs]
    gold = {r["id"]: r["events"] for r in recs}
    points: list[tuple[float, bool]] = []
    for article, events in coder.code(articles):
        pred = [e.to_dict() for e in events if e.root != "01"]
        hits = {pi for _, pi in pair(gold[article.id], pred)}
        points += [(p["confidence"], i in hits) for i, p in enumerate(pred)]
    knots = isotonic(points)
    text = HEADER.format(n=len(points), m=sum(h for _, h in points))
    out.write_text(text + yaml.safe_dump({"knots": knots}, default_flow_style=None), encoding="utf-8")
    return {"events": len(points), "matched": sum(h for _, h in points), "knots": len(knots)}

"""Scoring against the PLOVER gold-standard records (shared/peers/plover_gsr.jsonl).

Each record is one sentence from the CAMEO manual, recoded by hand into one PLOVER 0.5b1 event
with gold source and target actors. The sentence is coded as an article of its own and scored:

- hit: the record has at least one predicted event whose root is acceptable for its PLOVER
  category (data/plover_roots.yaml) and whose source country is among the gold source codes and
  target country among the gold target codes. A side the record does not code (no target, as
  in reciprocal "X and Y agreed" records; one record without a source; AGREE-0007 whose
  `target` is the stray string "diplomatic") is unconstrained: any actor, or none, passes.
- precision: share of predicted events (root 01 left out) that would be a hit for their record.

Codes are compared as plain strings (IGO, NGO, ethnic codes included) after mapping the gold
file's verbatim oddities (JAP -> JPN, ...) through the alias table of plover_roots.yaml.
Dates are not scored: every record carries the placeholder date 2000-01-01, so records are
coded as undated texts (no event is dropped for lying before a news cycle they do not have).
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from eventmill.resources import load_yaml
from eventmill.types import Article

PLACEHOLDER_DATE = dt.date(2000, 1, 1)

_TABLE = load_yaml("plover_roots.yaml")
# PLOVER category -> acceptable CAMEO roots ("03", ...)
PLOVER_ROOTS: dict[str, frozenset[str]] = {
    cat: frozenset(str(r) for r in roots) for cat, roots in _TABLE["roots"].items()}
# verbatim gold code -> the code eventmill emits
CODE_ALIASES: dict[str, str] = dict(_TABLE.get("aliases") or {})

Coded = Callable[[list[Article]], Iterable[tuple[Article, list[dict]]]]


def check_record(record: Any) -> dict:
    """A PLOVER gold-standard record as scored: id, text and label.event; ValueError if not."""
    if not isinstance(record, dict):
        raise ValueError(f"expected a JSON object, got {type(record).__name__}")
    if "label" not in record and "events" in record:
        raise ValueError("a plain gold record ('events', no 'label'): drop --plover")
    label = record.get("label")
    if not isinstance(label, dict) or not isinstance(label.get("event"), str):
        raise ValueError("not a PLOVER record: missing 'label' with an 'event' category")
    if record.get("id") in (None, "") or not isinstance(record.get("text"), str):
        raise ValueError("a PLOVER record needs an 'id' and a 'text'")
    return record


def load_plover(path: str | Path,
                on_error: Callable[[str, str], None] | None = None) -> list[dict]:
    """The records of a PLOVER gold-standard JSONL file, verbatim. A bad line raises
    ValueError naming it, or with `on_error` is reported as (path:line, message) and left out."""
    records = []
    with Path(path).open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                try:
                    record = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise ValueError(f"not valid JSON: {exc.msg} (column {exc.colno})") from None
                records.append(check_record(record))
            except ValueError as exc:
                if on_error is None:
                    raise ValueError(f"{path}:{lineno}: {exc}") from None
                on_error(f"{path}:{lineno}", str(exc))
    return records


def norm_code(code: Any) -> str | None:
    """An actor code as compared: stripped, upper case, aliases applied; None when empty."""
    if not code or not isinstance(code, str) or not code.strip():
        return None
    code = code.strip().upper()
    return CODE_ALIASES.get(code, code)


def gold_codes(side: Any) -> frozenset[str] | None:
    """The codes of one gold side (a list of actors); None when the side is not coded."""
    if not isinstance(side, list):
        return None
    codes = {norm_code(a.get("code")) for a in side if isinstance(a, dict)} - {None}
    return frozenset(codes) or None  # type: ignore[arg-type]


def _pred_code(actor: dict | None) -> str | None:
    return norm_code(actor.get("country")) if actor else None


def _side_ok(actor: dict | None, gold: frozenset[str] | None) -> bool:
    return gold is None or _pred_code(actor) in gold


def event_matches(ev: dict, roots: frozenset[str], sources: frozenset[str] | None,
                  targets: frozenset[str] | None) -> bool:
    """An acceptable root from a gold source to a gold target (None sides are wildcards)."""
    return (ev["root"] in roots and _side_ok(ev.get("source"), sources)
            and _side_ok(ev.get("target"), targets))


def _miss_cause(pred: list[dict], roots: frozenset[str], sources: frozenset[str] | None,
                targets: frozenset[str] | None) -> str:
    """Why a record with no hit was missed, judged from its predicted events (root 01 out)."""
    if not pred:
        return "no event coded"
    right_root = [e for e in pred if e["root"] in roots]
    if not right_root:
        actors_ok = any(_side_ok(e.get("source"), sources) and _side_ok(e.get("target"), targets)
                        for e in pred)
        return "wrong root" if actors_ok else "wrong root and actors"
    if any(_side_ok(e.get("source"), sources) for e in right_root):
        return "right root, wrong target"
    return "right root, wrong source"


def _gold_side(side: Any) -> list[dict] | None:
    if not isinstance(side, list):
        return None
    return [{"actorText": a.get("actorText"), "code": a.get("code"), "sector": a.get("sector")}
            for a in side if isinstance(a, dict)]


def _pred_summary(ev: dict) -> dict:
    def actor(a: dict | None) -> dict | None:
        return {"country": a.get("country"), "role": a.get("role") or "",
                "text": a.get("text")} if a else None
    return {"code": ev.get("code"), "root": ev["root"], "source": actor(ev.get("source")),
            "target": actor(ev.get("target")), "confidence": ev.get("confidence")}


def score_plover(records: list[dict], coded: Coded) -> dict[str, Any]:
    """Code each record's text as an article and score the events against its gold label."""
    unknown = sorted({r["label"]["event"] for r in records} - PLOVER_ROOTS.keys())
    if unknown:
        raise ValueError(f"PLOVER categories without CAMEO roots in plover_roots.yaml: {unknown}")
    articles = [Article(id=r["id"], date=PLACEHOLDER_DATE, text=r["text"], undated=True)
                for r in records]
    predicted: dict[str, list[dict]] = {a.id: list(evs) for a, evs in coded(articles)}

    n_hit = n_pred = n_pred_match = 0
    by_event: dict[str, dict[str, Any]] = {}
    causes: Counter = Counter()
    misses: list[dict] = []
    for rec in records:
        label = rec["label"]
        cat = label["event"]
        roots = PLOVER_ROOTS[cat]
        sources, targets = gold_codes(label.get("source")), gold_codes(label.get("target"))
        pred = [e for e in predicted.get(rec["id"], []) if e["root"] != "01"]
        good = [event_matches(e, roots, sources, targets) for e in pred]
        hit = any(good)
        n_hit += hit
        n_pred += len(pred)
        n_pred_match += sum(good)
        row = by_event.setdefault(cat, {"records": 0, "hits": 0})
        row["records"] += 1
        row["hits"] += hit
        if not hit:
            cause = _miss_cause(pred, roots, sources, targets)
            causes[cause] += 1
            misses.append({
                "id": rec["id"], "text": rec["text"], "cause": cause,
                "gold": {"event": cat, "roots": sorted(roots),
                         "source": _gold_side(label.get("source")),
                         "target": _gold_side(label.get("target"))},
                "predicted": [_pred_summary(e) for e in predicted.get(rec["id"], [])],
            })
    for row in by_event.values():
        row["hit_rate"] = round(row["hits"] / row["records"], 4)
    order = list(PLOVER_ROOTS)
    n = len(records)
    return {
        "records": n, "hits": n_hit, "hit_rate": round(n_hit / n, 4) if n else 0.0,
        "n_pred": n_pred, "n_pred_match": n_pred_match,
        "precision": round(n_pred_match / n_pred, 4) if n_pred else 0.0,
        "by_event": {c: by_event[c] for c in sorted(by_event, key=order.index)},
        "miss_causes": dict(causes.most_common()),
        "misses": misses,
    }


def _fmt_gold(side: list[dict] | None) -> str:
    if side is None:
        return "(any)"
    return ", ".join(f"{a['code']}/{a.get('sector') or '-'} '{a['actorText']}'" for a in side)


def _fmt_pred(ev: dict) -> str:
    def actor(a: dict | None) -> str:
        return f"{a['country']}/{a['role'] or '-'}" if a else "none"
    return f"{ev['code']} {actor(ev['source'])} -> {actor(ev['target'])}"


def report_plover(result: dict[str, Any], show_errors: bool = False) -> str:
    """A readable summary: overall figures, hit rate per category, misses by cause."""
    r = result
    lines = [
        f"PLOVER gold-standard records {r['records']}  hits {r['hits']}"
        f"  hit rate {r['hit_rate']:.3f}",
        f"predicted events (root 01 left out) {r['n_pred']}  matching gold {r['n_pred_match']}"
        f"  precision {r['precision']:.3f}",
        "",
        f"{'category':<12} {'roots':<7} {'records':>7} {'hits':>5} {'hit rate':>9}",
    ]
    for cat, row in r["by_event"].items():
        roots = ",".join(sorted(PLOVER_ROOTS.get(cat, ())))
        lines.append(f"{cat:<12} {roots:<7} {row['records']:>7} {row['hits']:>5}"
                     f" {row['hit_rate']:>9.3f}")
    lines += ["", "misses by cause:"] + [f"  {k}: {v}" for k, v in r["miss_causes"].items()]
    if show_errors:
        for m in r["misses"]:
            g = m["gold"]
            lines += [
                f"\n== {m['id']}  {g['event']} [{','.join(g['roots'])}]  ({m['cause']})",
                f"  {m['text']}",
                f"  gold: {_fmt_gold(g['source'])} -> {_fmt_gold(g['target'])}",
                "  pred: " + ("; ".join(_fmt_pred(e) for e in m["predicted"]) or "none"),
            ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    """python -m eventmill.measure.plover_eval PATH [--show-errors] [--json]"""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("path", help="plover_gsr.jsonl")
    ap.add_argument("--show-errors", action="store_true", help="list every missed record")
    ap.add_argument("--json", action="store_true", help="print the result as JSON")
    args = ap.parse_args(argv)
    from eventmill.pipeline import Coder, build_nlp  # heavy: only when run for real

    coder = Coder(build_nlp())
    result = score_plover(
        load_plover(args.path),
        lambda arts: ((a, [e.to_dict() for e in evs]) for a, evs in coder.code(arts)))
    print(json.dumps(result, indent=2) if args.json else report_plover(result, args.show_errors))


if __name__ == "__main__":
    main()

"""Scoring against a gold file, exactly as shared/gold/GUIDE.md describes.

Root-01 predictions are left out. Predicted and gold events of one article are paired one to
one, greedily, best pair first; a pair matches when roots (or, at quad level, quad classes),
source countries and target countries are equal (a missing target equals only a missing one).
"""
from __future__ import annotations

import datetime as dt
import functools
import json
import math
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from eventmill.cameo import root_quads
from eventmill.coding.settings import LanguageSettings, load_settings
from eventmill.resources import packaged
from eventmill.gazetteer import Gazetteer, normalize
from eventmill.io.readers import parse_record
from eventmill.types import Article

ErrorHandler = Callable[[str, str], None]

THRESHOLDS = (0.0, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8)
PLACE_KM = 50


def _gold_event(ev: Any, k: int) -> dict:
    """One gold event, checked: an object with a known root and actor objects (or null)."""
    if not isinstance(ev, dict):
        raise ValueError(f"event {k}: expected a JSON object, got {type(ev).__name__}")
    root = ev.get("root")
    if isinstance(root, int) and not isinstance(root, bool):
        root = f"{root:02d}"
    if not isinstance(root, str) or root.strip().zfill(2) not in root_quads():
        raise ValueError(f"event {k}: " + ("missing 'root'" if root is None
                                           else f"unknown root {ev.get('root')!r}"))
    for side in ("source", "target"):
        if not isinstance(ev.get(side), (dict, type(None))):
            raise ValueError(f"event {k}: {side!r} must be an object or null")
    return {**ev, "root": root.strip().zfill(2), "source": ev.get("source"),
            "target": ev.get("target")}


def gold_events(record: Any) -> list[dict]:
    """The checked gold events of one gold record; ValueError says what is wrong."""
    if not isinstance(record, dict):
        raise ValueError(f"expected a JSON object, got {type(record).__name__}")
    if "label" in record and "events" not in record:
        raise ValueError("a PLOVER record (it has 'label', no 'events'): use eval --plover")
    if record.get("id") in (None, ""):
        raise ValueError("missing 'id' (gold articles are matched by id)")
    events = record.get("events")
    if events is None:
        return []
    if not isinstance(events, list):
        raise ValueError(f"'events' must be a list, got {type(events).__name__}")
    return [_gold_event(ev, k) for k, ev in enumerate(events, start=1)]


def _json_line(raw: bytes, first: bool) -> Any:
    line = raw.decode("utf-8-sig" if first else "utf-8").strip()
    if not line:
        return None
    try:
        return json.loads(line)
    except json.JSONDecodeError as exc:
        raise ValueError(f"not valid JSON: {exc.msg} (column {exc.colno})") from None


def load_gold(path: str | Path, on_error: ErrorHandler) -> list[tuple[Article, list[dict]]]:
    """Articles and gold events of a gold JSONL file; a bad line is reported (path:line) and
    left out of the scores, the rest is scored."""
    out: list[tuple[Article, list[dict]]] = []
    seen: set[str] = set()
    with Path(path).open("rb") as fh:
        for lineno, raw in enumerate(fh, start=1):
            loc = f"{path}:{lineno}"
            try:
                record = _json_line(raw, lineno == 1)
                if record is None:
                    continue
                events = gold_events(record)
                article = parse_record(record, loc)
                if article.id in seen:
                    raise ValueError(f"duplicate id {article.id!r}")
            except ValueError as exc:
                on_error(loc, str(exc))
                continue
            seen.add(article.id)
            out.append((article, events))
    return out


def _country(actor: dict | None) -> str | None:
    return actor.get("country") if actor else None


def _role(actor: dict | None) -> str | None:
    return (actor.get("role") or "") if actor else None


def _quad(ev: dict) -> int:
    return int(ev.get("quad") or root_quads()[ev["root"]])


def _day(value: Any) -> dt.date | None:
    if not value:
        return None
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])


def _loc_country(ev: dict) -> str | None:
    loc = ev.get("location")
    return loc.get("country") if loc else None


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(a))


def same_place(gold: dict, pred: dict, gazetteer: Any) -> bool:
    """The predicted place is the gold one: the same name, or within 50 km of where the
    gazetteer puts the gold name (gold files carry names, not coordinates)."""
    gloc, ploc = gold.get("location") or {}, pred.get("location") or {}
    if not gloc.get("name") or not ploc.get("name"):
        return False
    if normalize(gloc["name"]) == normalize(ploc["name"]):
        return True
    ref = gazetteer.resolve(gloc["name"].split(",")[0], [gloc.get("country")] if gloc.get("country") else [])
    if ref is None or ref.lat is None or ploc.get("lat") is None:
        return False
    return _km(ref.lat, ref.lon, ploc["lat"], ploc["lon"]) <= PLACE_KM


def _same_sentence(a: dict, b: dict) -> bool:
    sa, sb = (a.get("sentence") or "").strip(), (b.get("sentence") or "").strip()
    return bool(sa and sb) and (sa in sb or sb in sa)


def _key(level: str) -> Callable[[dict], Any]:
    return (lambda e: e["root"]) if level == "root" else _quad


def matches(gold: dict, pred: dict, level: str = "root") -> bool:
    key = _key(level)
    return (key(gold) == key(pred) and _country(gold["source"]) == _country(pred["source"])
            and _country(gold.get("target")) == _country(pred.get("target")))


def _affinity(gold: dict, pred: dict) -> tuple:
    """How good a matching pair is: used only to pair best first."""
    return (_same_sentence(gold, pred),
            _role(gold["source"]) == _role(pred["source"]),
            _role(gold.get("target")) == _role(pred.get("target")),
            _day(gold.get("date")) == _day(pred.get("date")),
            _loc_country(gold) == _loc_country(pred))


def pair(gold: list[dict], pred: list[dict], level: str = "root") -> list[tuple[int, int]]:
    """Greedy one-to-one pairing of matching gold and predicted events, best pairs first."""
    cands = [(_affinity(g, p), gi, pi) for gi, g in enumerate(gold) for pi, p in enumerate(pred)
             if matches(g, p, level)]
    cands.sort(key=lambda c: c[0], reverse=True)
    used_g, used_p, out = set(), set(), []
    for _, gi, pi in cands:
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            out.append((gi, pi))
    return out


def prf(n_match: int, n_gold: int, n_pred: int) -> tuple[float, float, float]:
    p = n_match / n_pred if n_pred else 0.0
    r = n_match / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


@functools.cache
def _pronouns() -> frozenset[str]:
    return frozenset(load_settings(LanguageSettings, packaged(), "language").pronouns.all)


def _by_reference(ev: dict) -> bool:
    """Was an actor of the event found through a pronoun ("he said", "they attacked")?"""
    return any((actor or {}).get("text", "").strip().lower() in _pronouns()
               for actor in (ev.get("source"), ev.get("target")))


def _error_cause(ev: dict, others: list[dict], dropped: list[dict] | None = None) -> str:
    """Why an unmatched event is unmatched, judged from the other side's events in its
    sentence and, for a missed one whose coder diagnosis is known (`dropped`), from what the
    coder let go there. A miss is told by its own root: "no pattern" (no trigger fired in its
    sentence), "no pattern for its root" (triggers of other roots fired there, which says
    nothing about this event), "dropped: <reason>" (a trigger of its root fired but a stage let
    it go), else a wrong actor (through a pronoun: coreference). A spurious event is "no event
    in sentence", a wrong actor, or a wrong root."""
    near = [o for o in others if _same_sentence(ev, o)]
    same = [o for o in near if o["root"] == ev["root"]]
    if same:
        return "coreference" if any(_by_reference(o) for o in [ev, *same]) else "wrong actor"
    if dropped is not None:
        let_go = [d for d in dropped if _same_sentence(ev, d)]
        best = next((d for d in let_go if d["root"] == ev["root"]), None)
        if best is not None:
            return f"dropped: {best['reason']}"
        return "no pattern for its root" if near or let_go else "no pattern"
    if not near:
        return "no event in sentence"
    if any(_country(o["source"]) == _country(ev["source"]) for o in near):
        return "wrong root"
    return "wrong root and actor"


@dataclass
class Scores:
    n_gold: int = 0
    n_pred: int = 0
    n_match: int = 0
    n_quad_match: int = 0
    role_ok: int = 0
    date_ok: int = 0
    loc_ok: int = 0
    with_place: int = 0  # matches whose gold event names a place
    place_ok: int = 0
    by_threshold: dict[float, list[int]] = field(default_factory=dict)  # t -> [match, pred]
    errors: list[dict] = field(default_factory=list)
    causes: Counter = field(default_factory=Counter)
    # magnitude -> [matches whose gold event states it, of them predicted exactly]
    magnitudes: dict[str, list[int]] = field(default_factory=dict)
    # (confidence, matched) of every predicted event: the reliability of the confidences
    outcomes: list[tuple[float, bool]] = field(default_factory=list)

    def reliability(self) -> tuple[list[dict[str, Any]], float]:
        """Per confidence bin (tenths): events, mean confidence and observed precision; and the
        expected calibration error (the bins' |precision - confidence|, weighted by events)."""
        bins: dict[int, list[tuple[float, bool]]] = {}
        for conf, ok in self.outcomes:
            bins.setdefault(min(int(conf * 10), 9), []).append((conf, ok))
        rows, ece = [], 0.0
        for b in sorted(bins):
            items = bins[b]
            conf = sum(c for c, _ in items) / len(items)
            prec = sum(ok for _, ok in items) / len(items)
            ece += len(items) / len(self.outcomes) * abs(prec - conf)
            rows.append({"bin": f"{b / 10:.1f}-{(b + 1) / 10:.1f}", "n": len(items),
                         "confidence": round(conf, 3), "precision": round(prec, 3)})
        return rows, round(ece, 4)

    def as_dict(self) -> dict[str, Any]:
        p, r, f = prf(self.n_match, self.n_gold, self.n_pred)
        _, _, qf = prf(self.n_quad_match, self.n_gold, self.n_pred)
        m = self.n_match or 1
        reliability, ece = self.reliability()
        return {
            "precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4),
            "quad_f1": round(qf, 4),
            "role_agreement": round(self.role_ok / m, 4) if self.n_match else 0.0,
            "date_agreement": round(self.date_ok / m, 4) if self.n_match else 0.0,
            "location_agreement": round(self.loc_ok / m, 4) if self.n_match else 0.0,
            "place_agreement": round(self.place_ok / self.with_place, 4) if self.with_place else 0.0,
            "n_gold": self.n_gold, "n_pred": self.n_pred, "n_match": self.n_match,
            "by_confidence": [
                {"min_confidence": t, "precision": round(prf(mt, self.n_gold, pt)[0], 4),
                 "recall": round(prf(mt, self.n_gold, pt)[1], 4),
                 "f1": round(prf(mt, self.n_gold, pt)[2], 4), "n_pred": pt}
                for t, (mt, pt) in sorted(self.by_threshold.items())],
            "error_causes": dict(self.causes),
            "magnitudes": {k: {"stated": n, "exact": ok, "share": round(ok / n, 4)}
                           for k, (n, ok) in sorted(self.magnitudes.items())},
            "reliability": reliability,
            "expected_calibration_error": ece,
        }


def score(pairs: Iterable[tuple], gazetteer: Any = None) -> Scores:
    """Score (article id, gold events, predicted events[, dropped candidates]) tuples; the
    dropped candidates (`Coder.diagnose`) sharpen the causes given for misses."""
    gazetteer = gazetteer or Gazetteer.default()
    s = Scores(by_threshold={t: [0, 0] for t in THRESHOLDS})
    for article_id, gold, pred, *rest in pairs:
        dropped = rest[0] if rest else None
        pred = [p for p in pred if p["root"] != "01"]
        s.n_gold += len(gold)
        s.n_pred += len(pred)
        matched = pair(gold, pred)
        s.n_match += len(matched)
        s.n_quad_match += len(pair(gold, pred, "quad"))
        for gi, pi in matched:
            g, p = gold[gi], pred[pi]
            s.role_ok += (_role(g["source"]) == _role(p["source"])
                          and _role(g.get("target")) == _role(p.get("target")))
            gd, pd = _day(g.get("date")), _day(p.get("date"))
            s.date_ok += bool(gd and pd and abs((gd - pd).days) <= 1)
            s.loc_ok += _loc_country(g) == _loc_country(p)
            if (g.get("location") or {}).get("name"):
                s.with_place += 1
                s.place_ok += same_place(g, p, gazetteer)
            for kind, n in (g.get("magnitudes") or {}).items():
                row = s.magnitudes.setdefault(kind, [0, 0])
                row[0] += 1
                row[1] += (p.get("magnitudes") or {}).get(kind) == n
        for t in THRESHOLDS:
            kept = [p for p in pred if (p.get("confidence") or 0) >= t]
            s.by_threshold[t][0] += len(pair(gold, kept))
            s.by_threshold[t][1] += len(kept)
        gm = {gi for gi, _ in matched}
        pm = {pi for _, pi in matched}
        s.outcomes += [(float(p.get("confidence") or 0), pi in pm) for pi, p in enumerate(pred)]
        for gi, g in enumerate(gold):
            if gi not in gm:
                cause = _error_cause(g, pred, dropped)
                s.causes["missed: " + cause] += 1
                s.errors.append({"article": article_id, "kind": "missed", "cause": cause, "event": g})
        for pi, p in enumerate(pred):
            if pi not in pm:
                cause = _error_cause(p, gold)
                s.causes["spurious: " + cause] += 1
                s.errors.append({"article": article_id, "kind": "spurious", "cause": cause, "event": p})
    return s


def describe(ev: dict) -> str:
    src, tgt = ev["source"], ev.get("target")
    t = f"{tgt.get('country')}/{tgt.get('role') or '-'}" if tgt else "none"
    return (f"{ev['root']} {src.get('country')}/{src.get('role') or '-'} -> {t}"
            f" | {ev.get('date')} | {(ev.get('sentence') or '')[:110]}")


def report(s: Scores, show_errors: bool = False) -> str:
    d = s.as_dict()
    lines = [
        f"gold events {d['n_gold']}  predicted {d['n_pred']}  matched {d['n_match']}",
        f"root level   precision {d['precision']:.3f}  recall {d['recall']:.3f}  F1 {d['f1']:.3f}",
        f"quad level   F1 {d['quad_f1']:.3f}",
        f"among matches: roles {d['role_agreement']:.3f}  date ±1 day {d['date_agreement']:.3f}"
        f"  location country {d['location_agreement']:.3f}",
        f"among matches with a gold place: same place (name or ≤ {PLACE_KM} km) {d['place_agreement']:.3f}",
        "",
        "min confidence  precision  recall  F1     predicted",
    ]
    for row in d["by_confidence"]:
        lines.append(f"  {row['min_confidence']:<13} {row['precision']:<10.3f} {row['recall']:<7.3f}"
                     f" {row['f1']:<6.3f} {row['n_pred']}")
    if s.magnitudes:
        lines.append("among matches stating a number: " + "  ".join(
            f"{k} exact {ok}/{n}" for k, (n, ok) in sorted(s.magnitudes.items())))
    rows, ece = s.reliability()
    lines += ["", f"reliability (expected calibration error {ece:.3f}):",
              "  confidence bin  events  mean confidence  precision"]
    lines += [f"  {r['bin']:<15} {r['n']:<7} {r['confidence']:<16.3f} {r['precision']:.3f}" for r in rows]
    lines += ["", "errors by cause:"] + [f"  {k}: {v}" for k, v in s.causes.most_common()]
    if show_errors:
        current = None
        for err in s.errors:
            if err["article"] != current:
                current = err["article"]
                lines.append(f"\n== {current}")
            lines.append(f"  {err['kind']:<8} [{err['cause']}] {describe(err['event'])}")
    return "\n".join(lines)


def to_json(s: Scores) -> str:
    return json.dumps(s.as_dict(), indent=2)


def prefilter_coverage(select: Callable[[str], list[tuple[int, int]]],
                       articles: Iterable[tuple[str, list[dict]]]) -> tuple[int, int]:
    """(kept, total): how many annotated event sentences the coder parses at all, given its
    sentence selection (`Coder.sentences`) and (text, gold events) per article."""
    kept = total = 0
    for text, events in articles:
        ranges = select(text)
        for ev in events:
            start = text.find(ev.get("sentence") or "\0")
            if start < 0:
                continue
            end = start + len(ev["sentence"])
            total += 1
            kept += any(s < end and start < e for s, e in ranges)
    return kept, total

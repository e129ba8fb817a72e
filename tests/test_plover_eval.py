"""PLOVER gold-standard scoring: a record is hit by an acceptable root between its gold actors."""
from __future__ import annotations

from pathlib import Path

import pytest

from eventmill.measure.plover_eval import (PLACEHOLDER_DATE, PLOVER_ROOTS, load_plover, report_plover,
                                   score_plover)

PEERS_FILE = Path(__file__).parents[2] / "shared" / "peers" / "plover_gsr.jsonl"


def rec(rid, event, src, tgt, text="Some sentence."):
    """A record in the peers-file shape; tgt None leaves `target` out."""
    label = {"event": event, "source": [{"actorText": s, "code": s} for s in src]}
    if tgt is not None:
        label["target"] = [{"actorText": t, "code": t} for t in tgt]
    return {"id": rid, "text": text, "label": label}


def ev(root, src, tgt, code=None):
    return {"root": root, "code": code or root + "0", "confidence": 0.9,
            "source": {"country": src, "role": "", "text": src},
            "target": {"country": tgt, "role": "", "text": tgt} if tgt else None}


def fake_coder(events_by_id):
    """A `coded` callable returning hand-made events, recording the articles it was given."""
    seen = []

    def coded(articles):
        seen.extend(articles)
        return ((a, events_by_id.get(a.id, [])) for a in articles)
    coded.seen = seen
    return coded


def test_roots_table_follows_readme_and_issue():
    assert len(PLOVER_ROOTS) == 18
    assert PLOVER_ROOTS["DEMAND"] == {"02", "10"}
    assert PLOVER_ROOTS["AGREE"] == {"03", "05"}
    assert PLOVER_ROOTS["ASSAULT"] == {"18", "20"}
    assert PLOVER_ROOTS["CONCEDE"] == PLOVER_ROOTS["RETREAT"] == {"08"}
    assert PLOVER_ROOTS["FIGHT"] == {"19"}


def test_hit_miss_wrong_root_demand_and_no_target():
    records = [
        rec("hit", "DISAPPROVE", ["USA"], ["IRN"]),
        rec("miss", "REJECT", ["RUS"], ["USA"]),
        rec("wrong-root", "THREATEN", ["PRK"], ["KOR"]),
        rec("demand-02", "DEMAND", ["IGO"], ["ISR"]),
        rec("no-target", "AGREE", ["USA", "JOR"], None),
    ]
    coded = fake_coder({
        "hit": [ev("11", "USA", "IRN"), ev("01", "USA", None)],
        "wrong-root": [ev("11", "PRK", "KOR")],
        "demand-02": [ev("02", "IGO", "ISR")],
        "no-target": [ev("03", "JOR", "USA")],
    })
    res = score_plover(records, coded)
    assert [a.id for a in coded.seen] == [r["id"] for r in records]
    assert all(a.date == PLACEHOLDER_DATE for a in coded.seen)
    assert res["records"] == 5 and res["hits"] == 3 and res["hit_rate"] == 0.6
    # root 01 is left out: 4 predictions, 3 of them match their record
    assert res["n_pred"] == 4 and res["n_pred_match"] == 3 and res["precision"] == 0.75
    assert res["by_event"]["DEMAND"] == {"records": 1, "hits": 1, "hit_rate": 1.0}
    assert res["by_event"]["THREATEN"]["hits"] == 0
    misses = {m["id"]: m for m in res["misses"]}
    assert set(misses) == {"miss", "wrong-root"}
    assert misses["miss"]["cause"] == "no event coded"
    assert misses["wrong-root"]["cause"] == "wrong root"
    assert misses["wrong-root"]["predicted"][0]["root"] == "11"
    assert misses["wrong-root"]["gold"]["roots"] == ["13"]


def test_actor_mismatches():
    records = [rec("src", "PROTEST", ["PSE"], ["ISR"]), rec("tgt", "PROTEST", ["PSE"], ["ISR"]),
               rec("none-tgt", "PROTEST", ["PSE"], ["ISR"])]
    res = score_plover(records, fake_coder({
        "src": [ev("14", "ISR", "PSE")],
        "tgt": [ev("14", "PSE", "EGY")],
        "none-tgt": [ev("14", "PSE", None)],  # a gold target exists, so a missing one fails
    }))
    assert res["hits"] == 0 and res["precision"] == 0.0
    causes = {m["id"]: m["cause"] for m in res["misses"]}
    assert causes == {"src": "right root, wrong source", "tgt": "right root, wrong target",
                      "none-tgt": "right root, wrong target"}


def test_no_target_accepts_missing_target_but_not_wrong_source():
    records = [rec("a", "AGREE", ["USA", "JOR"], None), rec("b", "AGREE", ["USA", "JOR"], None)]
    res = score_plover(records, fake_coder({"a": [ev("05", "USA", None)],
                                            "b": [ev("03", "GBR", "JOR")]}))
    assert res["hits"] == 1 and res["misses"][0]["id"] == "b"


def test_aliases_and_odd_target_field():
    records = [rec("jap", "CONSULT", ["RUS"], ["JAP"]), rec("itl", "SANCTION", ["ITL"], ["SRB"])]
    odd = rec("odd", "AGREE", ["TUR", "GRC"], None)
    odd["label"]["target"] = "diplomatic"  # as in PLOVER-GSR01-AGREE-0007: treated as no target
    records.append(odd)
    res = score_plover(records, fake_coder({
        "jap": [ev("04", "RUS", "JPN")], "itl": [ev("16", "ITA", "SRB")],
        "odd": [ev("03", "TUR", "GRC")]}))
    assert res["hits"] == 3


def test_unknown_category_is_an_error():
    with pytest.raises(ValueError, match="ACCUSE"):
        score_plover([rec("x", "ACCUSE", ["USA"], ["IRN"])], fake_coder({}))


def test_report_lists_categories_and_errors():
    records = [rec("hit", "FIGHT", ["USA"], ["IRQ"]), rec("miss", "FIGHT", ["IRQ"], ["USA"],
                                                          text="Iraqi forces shelled US troops.")]
    res = score_plover(records, fake_coder({"hit": [ev("19", "USA", "IRQ")]}))
    short = report_plover(res, show_errors=False)
    assert "hit rate 0.500" in short and "FIGHT" in short and "shelled" not in short
    full = report_plover(res, show_errors=True)
    assert "== miss" in full and "Iraqi forces shelled US troops." in full
    assert "gold: IRQ/- 'IRQ' -> USA/- 'USA'" in full and "pred: none" in full


@pytest.mark.skipif(not PEERS_FILE.exists(), reason="shared/peers/plover_gsr.jsonl not present")
def test_load_real_records():
    records = load_plover(PEERS_FILE)[:3]
    assert [r["id"] for r in records] == [
        "PLOVER-GSR01-AGREE-0001", "PLOVER-GSR01-AGREE-0002", "PLOVER-GSR01-AGREE-0003"]
    assert all(r["text"] and r["label"]["event"] == "AGREE" for r in records)
    assert records[1]["label"]["target"][0]["code"] == "JAP"
    # APEC -> Tokyo: the JAP alias makes a JPN target a hit; reciprocal record 1 has no target
    res = score_plover(records, fake_coder({
        "PLOVER-GSR01-AGREE-0001": [ev("03", "ROU", "HUN")],
        "PLOVER-GSR01-AGREE-0002": [ev("03", "IGO", "JPN")],
        "PLOVER-GSR01-AGREE-0003": [ev("12", "USA", "JOR")],
    }))
    assert res["hits"] == 2 and res["misses"][0]["id"] == "PLOVER-GSR01-AGREE-0003"

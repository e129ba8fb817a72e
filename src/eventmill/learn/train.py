"""`eventmill train`: fit the trigger tagger on the annotated corpus with spaCy's own training
(the config `data/learn/triggers.cfg`, fixed seed, CPU) and write it where the package ships it.

Besides the weights it writes `trigger_words.txt`: the words the corpus's events are told by,
which the article stage's prefilter lets through so that no sentence the tagger would code goes
unparsed.
"""
from __future__ import annotations

import re
import shutil
import tempfile
import time
from pathlib import Path

import spacy
from spacy.cli.train import train as spacy_train

from eventmill.coding.article import split_abbreviation_hyphens
from eventmill.learn import pretrained  # noqa: F401  (registers the tok2vec initializer)
from eventmill.learn.corpus import PARTS, SPANS_KEY, build, records
from eventmill.resources import data_path

CONFIG = "learn/triggers.cfg"
TRIGGER_WORDS = "trigger_words.txt"


def trigger_words(corpus: Path) -> list[str]:
    """The last word (lower case) of every event trigger of the corpus, sorted."""
    nlp = spacy.blank("en")
    split_abbreviation_hyphens(nlp)
    words = set()
    for rec in (r for part in PARTS for r in records(corpus / part)):
        for ev in rec.get("events") or []:
            tokens = [t.lower_ for t in nlp.make_doc(ev["trigger"]) if t.is_alpha]
            if tokens:
                words.add(tokens[-1])
    return sorted(words)


def train(corpus: Path, out: Path, max_steps: int | None = None) -> dict:
    """Train on `corpus` (a folder of annotated JSONL) and write the model to `out`."""
    started = time.perf_counter()
    nlp = spacy.blank("en")
    split_abbreviation_hyphens(nlp)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        report = build(nlp, corpus, work)
        overrides = {"paths.train": str(work / "train.spacy"), "paths.dev": str(work / "dev.spacy")}
        if max_steps is not None:
            overrides["training.max_steps"] = max_steps
        spacy_train(data_path(CONFIG), work / "output", overrides=overrides)
        best = work / "output" / "model-best"
        if out.exists():
            shutil.rmtree(out)
        shutil.copytree(best, out)
    # the run's temporary corpus paths are no part of the model: the shipped config stays the same
    # from run to run
    config = out / "config.cfg"
    config.write_text(re.sub(r'^(train|dev) = "[^"]*"$', r"\1 = null", config.read_text(encoding="utf-8"),
                             flags=re.MULTILINE), encoding="utf-8")
    (out / TRIGGER_WORDS).write_text("\n".join(trigger_words(corpus)) + "\n", encoding="utf-8")
    return {"docs": report.docs, "spans": dict(report.spans), "unplaced": len(report.unplaced),
            "spans_key": SPANS_KEY, "seconds": round(time.perf_counter() - started, 1), "model": str(out)}


def calibrate(corpus: Path, out: Path) -> dict:
    """Fit the confidence calibration of the shipped pipeline (the tagger is opt-in: not in it)."""
    from eventmill.learn.calibration import fit
    from eventmill.pipeline import Coder, build_nlp

    # the raw scores are what is fitted: the pipeline runs with a data folder whose calibration
    # has no knots
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "rules").mkdir()
        (Path(tmp) / "rules" / "calibrate.yaml").write_text("knots: []\n", encoding="utf-8")
        return fit(Coder(build_nlp(data=tmp)), corpus, out)

"""The training corpus (`training/`: real articles and composed items, annotated as
`training/ANNOTATION.md` says) as spaCy training data for the trigger tagger.

Every annotated trigger becomes a span of `doc.spans["eventmill_triggers"]` labelled twice: with
its root ("R19": what kind of act the words name) and with its realis ("ASSERTED" for an event;
BACKGROUND, HYPOTHETICAL, NEGATED, DENIED or GENERIC for a look-alike). Real articles are cut
into their paragraphs, each a doc of its own: short docs train faster, and a trigger's context
is its sentence.
"""
from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, DocBin

SPANS_KEY = "eventmill_triggers"
PARTS = ("real", "composed")  # the corpus folders a model learns from
REALIS = ("ASSERTED", "BACKGROUND", "HYPOTHETICAL", "NEGATED", "DENIED", "GENERIC")


def root_label(root: str) -> str:
    return f"R{root}"


@dataclass
class Conversion:
    """What a conversion kept and what it could not place."""

    docs: int = 0
    spans: Counter = field(default_factory=Counter)
    unplaced: list[str] = field(default_factory=list)


def records(path: Path) -> Iterator[dict]:
    """The annotated records of a JSONL file or of every JSONL file under a folder."""
    files = sorted(path.rglob("*.jsonl")) if path.is_dir() else [path]
    for file in files:
        with file.open(encoding="utf-8") as fh:
            for n, line in enumerate(fh, 1):
                if line.strip():
                    rec = json.loads(line)
                    rec.setdefault("id", f"{file.name}:{n}")
                    yield rec


def _mentions(rec: dict) -> Iterator[tuple[int, int, str, str]]:
    """(start, end, root label, realis) of every trigger of a record, as text offsets."""
    text = rec["text"]
    for kind in ("events", "non_events"):
        for ann in rec.get(kind) or []:
            sentence = ann.get("sentence") or text
            base = text.find(sentence)
            at = sentence.find(ann["trigger"]) if base >= 0 else -1
            if at < 0:
                continue
            start = base + at
            realis = "ASSERTED" if kind == "events" else str(ann["realis"]).upper()
            yield start, start + len(ann["trigger"]), root_label(str(ann["code"])[:2]), realis


def _pieces(text: str) -> Iterator[tuple[int, str]]:
    """(offset, paragraph) of a text."""
    pos = 0
    for para in text.split("\n\n"):
        if para.strip():
            yield pos, para
        pos += len(para) + 2


def to_docs(nlp: Language, recs: list[dict], report: Conversion) -> Iterator[Doc]:
    """One doc per paragraph (composed items: per item), its trigger spans labelled."""
    for rec in recs:
        mentions = list(_mentions(rec))
        for offset, para in _pieces(rec["text"]):
            doc = nlp.make_doc(para)
            spans = []
            for start, end, root, realis in mentions:
                if not (offset <= start and end <= offset + len(para)):
                    continue
                span = doc.char_span(start - offset, end - offset, alignment_mode="expand")
                if span is None:
                    report.unplaced.append(f"{rec['id']}: {rec['text'][start:end]!r}")
                    continue
                for label in (root, realis):
                    spans.append(doc.char_span(span.start_char, span.end_char, label=label))
                    report.spans[label] += 1
            doc.spans[SPANS_KEY] = spans
            report.docs += 1
            yield doc


def split_of(rec_id: str, dev_share: float = 0.1) -> str:
    """'train' or 'dev' by a stable hash of the record id (dev: the training run's own check)."""
    h = int(hashlib.sha1(rec_id.encode()).hexdigest()[:8], 16) / 0xFFFFFFFF
    return "dev" if h < dev_share else "train"


def build(nlp: Language, corpus: Path, out: Path) -> Conversion:
    """Write `train.spacy` and `dev.spacy` under `out` from the corpus folder's `real/` and
    `composed/` annotations (not `agreement/`: a second annotation of real articles)."""
    report = Conversion()
    recs = [r for part in PARTS for r in records(corpus / part)]
    out.mkdir(parents=True, exist_ok=True)
    for split in ("train", "dev"):
        bin_ = DocBin(store_user_data=False)
        for doc in to_docs(nlp, [r for r in recs if split_of(r["id"]) == split], report):
            bin_.add(doc)
        bin_.to_disk(out / f"{split}.spacy")
    return report

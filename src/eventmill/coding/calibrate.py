"""The calibrate stage: each event's confidence becomes the precision the coder showed at that
raw score on the annotated training corpus (`rules/calibrate.yaml`, fitted by `eventmill train`
with isotonic regression), and events below the pipeline's `min_confidence` are let go."""
from __future__ import annotations

import bisect

from spacy.tokens import Doc

from eventmill.coding.settings import CalibrateSettings
from eventmill.coding.trail import drop_all


class CalibrateComponent:
    def __init__(self, rules: CalibrateSettings, min_confidence: float = 0.0) -> None:
        knots = sorted(rules.knots)
        self.raw = [k[0] for k in knots]
        self.calibrated = [k[1] for k in knots]
        self.min_confidence = min_confidence

    def __call__(self, doc: Doc) -> Doc:
        events = doc._.events or []
        for ev in events:
            ev.confidence = self.calibrate(ev.confidence)
        doc._.events = [ev for ev in events if ev.confidence >= self.min_confidence]
        drop_all(doc, events, doc._.events, "low confidence")
        return doc

    def calibrate(self, raw: float) -> float:
        """Linear between the fitted knots, flat beyond them; the raw score without knots."""
        if not self.raw:
            return raw
        i = bisect.bisect_left(self.raw, raw)
        if i == 0:
            return self.calibrated[0]
        if i == len(self.raw):
            return self.calibrated[-1]
        x0, x1, y0, y1 = self.raw[i - 1], self.raw[i], self.calibrated[i - 1], self.calibrated[i]
        return y0 + (y1 - y0) * (raw - x0) / (x1 - x0) if x1 > x0 else y1
